# Two commands: `make demo` runs the demo, `make test` runs every check.
.PHONY: demo test serve setup e2e bench load load-writers docs-check

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

setup:
	@scripts/setup.sh

# Production: settings from the environment (DEBUG off, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL).
serve:
	@.venv/bin/python manage.py migrate --no-input
	@.venv/bin/python manage.py collectstatic --no-input -v0
	@.venv/bin/gunicorn pramoen.wsgi --bind "$${BIND:-127.0.0.1:$${PORT:-8000}}" \
		--workers "$${WEB_CONCURRENCY:-3}" --access-logfile -

# Quality gates (README "Quality"): the browser walk-through, benchmarks, a bounded load test.
e2e:
	@scripts/e2e.sh

bench:
	@scripts/bench.sh

# Every DOCX kind of the demo opened in LibreOffice: no split numbers, digit page numbers.
docs-check:
	@scripts/docs_check.sh

load:
	@scripts/setup.sh
	@.venv/bin/python scripts/load.py

# Concurrent writers (pages, uploads, API, worker): SQLite 8 writers, PostgreSQL 50 users.
load-writers:
	@scripts/setup.sh
	@.venv/bin/python -m bench.bench_concurrency
