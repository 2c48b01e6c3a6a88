#!/usr/bin/env bash
# `make bench`: country-scale benchmarks (bench/README.md). Prints figures as JSON lines;
# never fails on times. Throwaway SQLite databases under var/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
export PYTHONDONTWRITEBYTECODE=1 DEBUG=1
unset DATABASE_URL
say() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }
say "pages, score recompute, PDF, XLSX import (300 departments × 30 KPIs × 2 rounds)"
.venv/bin/python -m bench.bench_pages "$@" 2> >(grep -v '^AXES\|^Task id' >&2)
say "the SAR of a 30-KPI department (PDF, DOCX, executive summary, e-SAR)"
.venv/bin/python -m bench.bench_sar 2> >(grep -v '^AXES\|^Task id' >&2)
