#!/usr/bin/env bash
# Start two webhook instances on the local PostgreSQL (behind nginx if installed), send updates
# through the fake Bot API, and show that both serve and nothing is duplicated. See
# deploy/check_two_instances.py; TOFAILURE_CHECK_POSTGRES_URL picks the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev
exec .venv/bin/python deploy/check_two_instances.py "$@"
