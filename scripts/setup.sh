#!/usr/bin/env bash
# Create .venv and install ToFailure into it (with dev tools when given "dev"); re-runs are cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${1:-}
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed${extra:+-$extra}"
hash=$(sha256sum pyproject.toml | cut -d' ' -f1)
# A dev install has everything a plain one has (and the tofailure command).
if [ -z "$extra" ] && [ -f .venv/.installed-dev ] && [ "$(cat .venv/.installed-dev)" = "$hash" ]; then
  exit 0
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  echo "Setting up .venv${extra:+ with $extra tools} (the first time takes a minute)..." >&2
  target=.
  [ "$extra" = dev ] && target='.[dev]'
  if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target" \
      >.venv/pip.log 2>&1; then
    cat .venv/pip.log >&2
    exit 1
  fi
  echo "$hash" > "$stamp"
fi
