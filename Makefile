# Two commands: `make demo` runs the demo, `make test` runs every check.
.PHONY: demo test serve setup e2e bench load load-writers docs-check scale-test

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

# More than one node (issue 19 item 6): two gunicorn nodes and two task workers on one PostgreSQL
# database (pramoen_scale, dropped first), Redis (CACHE_URL) and an S3 server (moto), under a
# bounded load; checks files, document jobs and login lockout across nodes. Not in .ci/run (a few
# minutes): run it by hand. Options: make scale-test ARGS="--users 20 --seconds 15"
scale-test:
	@scripts/scale_test.sh $(ARGS)
