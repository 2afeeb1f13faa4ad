"""What the local terminal chat prints around the bot's replies."""

from __future__ import annotations

from core.wording.chat import LOG_EXAMPLE

INTRO = (
    "ToFailure local chat (no TELEGRAM_BOT_TOKEN set). Type sets like bench 80x8 F.\n"
    "Commands: /start /help /undo /units /timezone /settings /deload /rules /summary /week,\n"
    "/stats /history /prs /chart /volume /failure, /exercise /export /import PATH /forget;\n"
    "/edit TEXT corrects your last message, b1/b2… presses a button; files you export are\n"
    "saved in this folder. Ctrl-D quits."
)
NOTHING_TO_EDIT = f"Nothing to edit yet: send a set first, e.g. {LOG_EXAMPLE}"
IMAGE_NOT_SHOWN = "[chart image not shown in the terminal]"
BYE = "Bye — your log is saved."


def no_button(number: int) -> str:
    return f"No button b{number} here."


def file_not_shown(filename: str) -> str:
    return f"[file {filename} not shown in the terminal]"


def file_saved(path: str) -> str:
    return f"[saved {path}]"
