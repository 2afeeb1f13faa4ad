"""The `tofailure` console script: no subcommand runs the bot; `parse` and `check` are tools."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

DESCRIPTION = """\
ToFailure: a Telegram bot that keeps a strength-training log by chat. Without a command (or
with `run`) it runs the bot: in Telegram with TELEGRAM_BOT_TOKEN, else a local chat in this
terminal. The same command line: .venv/bin/tofailure, python -m bot, ./run.sh."""

# Every setting of bot/config.py, one line each (.env.example says more).
ENVIRONMENT = """\
environment (or a .env file in the current folder; every one is optional):
  TELEGRAM_BOT_TOKEN       the token from @BotFather; empty: the local chat in this terminal
  TELEGRAM_BASE_URL        Bot API base without the token (a local Bot API server), e.g.
                           http://127.0.0.1:8081/bot; TELEGRAM_BASE_FILE_URL for its files
  DATABASE_URL             sqlite:///data/tofailure.db (default) or
                           postgresql://user:password@host:5432/tofailure
  TOFAILURE_DB_POOL_SIZE   PostgreSQL connections an instance keeps open (20)
  TOFAILURE_WEBHOOK_URL    webhook mode: the public HTTPS URL Telegram calls (empty: polling);
                           TOFAILURE_WEBHOOK_LISTEN, TOFAILURE_WEBHOOK_PORT (0.0.0.0, 8443),
                           TOFAILURE_WEBHOOK_SECRET, TOFAILURE_WEBHOOK_MAX_CONNECTIONS (40),
                           TOFAILURE_WEBHOOK_ORDER_WAIT_MS (300)
  TOFAILURE_POLLING        false: a second instance that only runs the scheduler
  TOFAILURE_TICK_SECONDS   how often the scheduler sends due summaries and reminders (60)
  TOFAILURE_RATE_LIMIT     messages per second for the token, all instances (30; 0: off)
  TOFAILURE_REDIS_URL      Redis for a send budget shared by several instances
  TOFAILURE_INBOX_KEEP_HOURS, TOFAILURE_DELIVERIES_KEEP_DAYS
                           how long answered updates and sent summaries are kept (48, 35)
  TOFAILURE_CHART_WORKERS  processes that draw charts (CPU cores - 1; 0: a thread)
  TOFAILURE_LOG_LEVEL      INFO (DEBUG, WARNING, ERROR)
  TOFAILURE_TERMINAL_USER_ID  the user id of the local chat (1)

See .env.example for every setting in full."""


def _json_line(result: dict[str, object]) -> str:
    """One result as a JSON line; text that can't be UTF-8 (a lone surrogate) is escaped."""
    line = json.dumps(result, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(result)
    return line + "\n"


def _parse_command(args: argparse.Namespace) -> int:
    from core.model import Unit
    from core.parse_json import parse_batch_line, result_to_json
    from core.parser import parse_sets

    out = sys.stdout
    if args.batch:
        # Bytes in, so a line that is not UTF-8 still gets its result line, in order.
        for raw in sys.stdin.buffer:
            line = raw.decode("utf-8", errors="replace")
            if line.strip():
                out.write(_json_line(parse_batch_line(line)))
        out.flush()
        return 0
    text = " ".join(args.text)
    result = parse_sets(text, Unit(args.unit), args.last_exercise)
    out.write(_json_line(result_to_json(result)))
    return 0


def _check_command(_args: argparse.Namespace) -> int:
    from core.rules.cases import check_case

    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            print(json.dumps({"findings": [], "error": f"not JSON: {exc.msg}"}))
            continue
        print(json.dumps(check_case(case), ensure_ascii=False))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tofailure",
        description=DESCRIPTION,
        epilog=ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    parse = sub.add_parser("parse", help="parse a chat message into sets")
    parse.add_argument("--json", action="store_true", help="print JSON (the only format)")
    parse.add_argument("--unit", choices=["kg", "lb"], default="kg")
    parse.add_argument("--last-exercise", default=None, help="exercise id in the current workout")
    parse.add_argument("--batch", action="store_true", help="read JSON lines on stdin")
    parse.add_argument("text", nargs="*", help="the message text")
    check = sub.add_parser("check", help="evaluate rule cases (JSON lines on stdin)")
    check.add_argument("--json", action="store_true", help="print JSON (the only format)")
    export = sub.add_parser("export", help="write a user's whole log as a CSV file")
    export.add_argument("--user", type=int, required=True, help="the user's Telegram id")
    export.add_argument("--out", required=True, help="the CSV file to write (- for stdout)")
    load = sub.add_parser("import", help="import a CSV file (Strong, Hevy, ToFailure) for a user")
    load.add_argument("--user", type=int, required=True, help="the user's Telegram id")
    load.add_argument("file", help="the CSV file")
    load.add_argument("--yes", action="store_true", help="import (without it: only the preview)")
    load.add_argument(
        "--custom", action="store_true", help="keep unknown names as the user's own exercises"
    )
    sub.add_parser("run", help="run the bot (the default): Telegram, or the local chat")
    return parser


def _data_command(args: argparse.Namespace) -> int:
    import asyncio

    from pydantic import ValidationError

    from bot.app import DatabaseUrlError
    from bot.config import DATABASE_URL_EXAMPLE, Settings, invalid_settings
    from bot.operators import export_user, import_user

    try:
        settings = Settings()
        if args.command == "export":
            return asyncio.run(export_user(settings, args.user, args.out))
        return asyncio.run(import_user(settings, args.user, args.file, args.yes, args.custom))
    except ValidationError as exc:
        print(invalid_settings(exc))
        return 2
    except DatabaseUrlError as exc:
        print(f"DATABASE_URL: {exc}. {DATABASE_URL_EXAMPLE}")
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "parse":
        return _parse_command(args)
    if args.command == "check":
        return _check_command(args)
    if args.command in ("export", "import"):
        return _data_command(args)
    from bot.run import main as run_bot  # the heavy imports: only to run it

    return run_bot()


if __name__ == "__main__":
    sys.exit(main())
