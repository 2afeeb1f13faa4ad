"""`python -m bot`: the `tofailure` command line (no command: run the bot; --help: usage)."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
