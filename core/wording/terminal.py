"""What the local terminal chat prints around the bot's replies."""

from __future__ import annotations

from core.wording.chat import LOG_EXAMPLE

INTRO = (
    "ToFailure local chat (no TELEGRAM_BOT_TOKEN set). Type sets like bench 80x8 F; /help lists\n"
    "the commands. b1, b2 … press a button, /edit TEXT corrects your last message; charts and\n"
    "exports are saved under data/. End a line with \\ to go on with the next line"
)
PASTE_RULE = ";\nlines pasted at once are one message (press Enter to send it)"
QUIT_RULE = ".\nCtrl-D or Ctrl-C quits."


def intro(pastes: bool) -> str:
    """The banner; `pastes`: lines that arrive together are one message (an interactive
    terminal; piped input has no pastes, each line is a message)."""
    return INTRO + (PASTE_RULE if pastes else "") + QUIT_RULE


PROMPT = "you> "
MORE_PROMPT = "...> "
BOT = "bot> "

# Added to /help in the terminal (as a group of its own, in the groups' style).
HELP = (
    "🖥 In this terminal\n"
    "b1, b2 … — press the buttons under the last reply\n"
    "/edit TEXT — correct your last message\n"
    "a line ending in \\ — goes on with the next line, as one message\n"
    "lines pasted at once — one message (press Enter to send it)\n"
    "charts and exports — saved under data/ (the reply names the file)\n"
    "Ctrl-D or Ctrl-C — quit\n"
    f"Example: /edit {LOG_EXAMPLE}"
)

NOTHING_TO_EDIT = f"Nothing to edit yet: send a set first, e.g. {LOG_EXAMPLE}"
BYE = "Bye — your log is saved."


def edit_usage(last: str | None) -> str:
    """A bare /edit: how to use it (with the message it would replace)."""
    example = f"/edit {LOG_EXAMPLE}"
    if last is None:
        return f"/edit TEXT replaces your last message, e.g. {example}. Send a set first."
    flat = " / ".join(line.strip() for line in last.splitlines() if line.strip())
    shown = flat if len(flat) <= 60 else flat[:59] + "…"
    return (
        f"/edit TEXT replaces your last message (“{shown}”) with TEXT and logs that instead, "
        f"e.g. {example}"
    )


def no_button(number: int, count: int) -> str:
    """`bN` with no such button under the last reply."""
    if count == 0:
        return f"There is no button b{number} — the last reply had no buttons."
    if count == 1:
        return f"There is no button b{number} — the last reply had only b1."
    return f"There is no button b{number} — the last reply had b1–b{count}."


def file_saved(kind: str, path: str) -> str:
    """`kind`: chart, export, file."""
    return f"[{kind} saved to {path}]"


def file_not_saved(kind: str, path: str, reason: str) -> str:
    return f"[{kind} not saved: {path}: {reason}]"
