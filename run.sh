#!/usr/bin/env bash
# Set up and start the bot. Without TELEGRAM_BOT_TOKEN it opens a local chat in this terminal.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/python -m bot "$@"
