#!/usr/bin/env bash
# Set up and run every check: ruff (format + lint), mypy, import-linter contracts, pytest.
# PostgreSQL tests run when TOFAILURE_TEST_POSTGRES_URL is set (.ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev
.venv/bin/ruff format --check .
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/pytest "$@"
