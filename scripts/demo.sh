#!/usr/bin/env bash
# `make demo`: set up, migrate, load the demo department, start the worker and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
PORT="${PORT:-8000}"
mkdir -p var
PY=.venv/bin/python
# Local demo settings (generated SECRET_KEY, DEBUG off, plain HTTP): settings.py reads
# var/demo.env, so README commands like `manage.py backup PATH` work as written afterwards.
$PY scripts/demo_env.py var/demo.env
$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
$PY manage.py load_demo
echo
echo "pramoen: http://127.0.0.1:${PORT}/  (Ctrl+C to stop)"
# The background worker (db_worker with a heartbeat for /readyz) sends e-mail; the reminder
# loop queues due reminders every 5 minutes
# (production: cron runs `manage.py send_reminders`).
$PY manage.py run_worker >var/worker.log 2>&1 &
WORKER=$!
$PY manage.py send_reminders --every 300 >var/reminders.log 2>&1 &
REMINDERS=$!
trap 'kill $WORKER $REMINDERS 2>/dev/null || true' EXIT INT TERM
.venv/bin/gunicorn pramoen.wsgi --bind "127.0.0.1:${PORT}" --workers 2 --access-logfile -
