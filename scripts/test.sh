#!/usr/bin/env bash
# `make test`: lint, format check, types, layers, then the suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PYTHONDONTWRITEBYTECODE=1
say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }

say "ruff check";          .venv/bin/ruff check .
say "ruff format --check"; .venv/bin/ruff format --check .
say "mypy";                .venv/bin/mypy .
say "layers (import-linter)"; .venv/bin/lint-imports --no-cache
say "English catalog complete"; .venv/bin/python scripts/i18n_check.py --quiet
say "migrations are up to date"
DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run -v0
say "pytest (SQLite)"
env -u DATABASE_URL .venv/bin/pytest -n "${PYTEST_WORKERS:-auto}"

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=5).close()
except Exception as error:
    print(error, file=sys.stderr)
    sys.exit(1)
PY
then
  say "pytest (PostgreSQL: ${PG_URL%%@*}@…)"
  DATABASE_URL="$PG_URL" .venv/bin/pytest -n "${PYTEST_WORKERS:-auto}"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required when CI=true but is not reachable at $PG_URL" >&2
  exit 1
else
  echo "SKIPPED: pytest on PostgreSQL — no server at $PG_URL (set DATABASE_URL; required when CI=true)"
fi
say "Word files in LibreOffice (make docs-check)"
scripts/docs_check.sh
say "all checks passed"
