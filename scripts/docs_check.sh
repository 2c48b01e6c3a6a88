#!/usr/bin/env bash
# `make docs-check`: open every DOCX kind of the demo in LibreOffice (issue 21). Installs
# libreoffice-writer-nogui when missing (as scripts/setup.sh does), loads the demo into a
# throwaway SQLite database, then `manage.py docs_check` converts each DOCX to PDF and fails
# when a number of a table is split across lines, a page number is not a digit, a table is
# wider than the page or a word differs from pramoen's own PDF. The DOCX, PDFs and first-page PNG of each kind are left in
# var/docs-check to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A throwaway database: the development settings (no SECRET_KEY needed).
export DEBUG=1 DATABASE_URL="sqlite:///$work/docs-check.sqlite3" MEDIA_ROOT="$work/media"
PY=.venv/bin/python
$PY manage.py migrate --no-input -v0
$PY manage.py load_demo >/dev/null
# Last year's documents: the demo's signed, published year with both rounds closed.
year="$($PY manage.py shell -v0 -c 'from accounts.demo import DemoYears; print(DemoYears.of().last)' 2>/dev/null | tail -1)"
$PY manage.py docs_check --agency onep --year "$year" --output var/docs-check
