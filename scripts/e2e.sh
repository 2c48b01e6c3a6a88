#!/usr/bin/env bash
# `make e2e`: the browser walk-through (e2e/) with Debian's Chromium, headless.
# Screenshots of every step go to var/e2e-shots/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PYTHONDONTWRITEBYTECODE=1
export DJANGO_SETTINGS_MODULE=pramoen.settings_test
printf '\033[1;32m==>\033[0m %s\n' "browser walk-through (screenshots: var/e2e-shots/)"
# One process: the live server and the browser share the test database.
env -u DATABASE_URL .venv/bin/pytest e2e -p no:xdist --durations=5 "$@"
