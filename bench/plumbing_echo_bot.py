"""`python -m bot` with its text handler swapped for the echo: ToFailure's plumbing alone.

Everything of the real bot but the work on a set stays: the inbox intake before Telegram is
confirmed, per-chat ordering across concurrent updates, the send budget, the answered-marks,
the database they need. Only `bot.handlers.texts.on_text` answers with the text it got instead
of parsing it, reading history, storing the sets and writing the tally. So bench/log_latency.py
can split what a logged set costs over the echo bot into what the plumbing costs (this bot over
the echo bot) and what the work on the set costs (the real bot over this one).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    from bench.echo_bot import echo
    from bot.handlers import texts

    texts.on_text = echo  # the echo bot's own handler, before bot.app registers its handlers
    from bot.cli import main as bot_main

    sys.exit(bot_main())


if __name__ == "__main__":
    main()
