#!/usr/bin/env bash
# `make scale-test` (issue 19 item 6): two gunicorn nodes, two task workers, one PostgreSQL, the
# machine's Redis and an S3 server (moto), all on loopback, under a bounded load. Not in .ci/run
# (a few minutes). Options go to the driver: scripts/scale_test.sh --users 20 --seconds 15
set -euo pipefail
cd "$(dirname "$0")/.."
# The driver stops every process it started (finally, also on SIGTERM).
# On an interrupt, SIGTERM the driver (its own process group, by its id) and wait for it.
set -m
.venv/bin/python -m scripts.scale_test "$@" &
driver=$!
trap 'kill -TERM "$driver" 2>/dev/null; wait "$driver"; exit 130' INT TERM
set +e
wait "$driver"
