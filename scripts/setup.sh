#!/usr/bin/env bash
# Install whatever is missing on a Debian 12 machine, then the locked Python environment.
# Safe to run again: every step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }

# Debian packages: pango for PDF rendering, Thai fonts and libthai for line breaking,
# chromium for screenshots/print-to-PDF and browser tests, poppler for PDF checks, gettext for
# translations, LibreOffice Writer (headless) to check the Word files open right (issue 21);
# libldap2-dev/libsasl2-dev to build python-ldap (django-auth-ldap; PyPI has no Linux wheel), and
# OpenLDAP's slapd + ldap-utils, which the directory-login tests start on loopback (issue 19).
DEB_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libthai0 fonts-thai-tlwg fontconfig
  poppler-utils gettext chromium libreoffice-writer-nogui libldap2-dev libsasl2-dev build-essential
  slapd ldap-utils)
missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "Missing Debian packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if ! command -v uv >/dev/null 2>&1; then
  say "Installing uv from PyPI"
  "$PYTHON" -m pip install --quiet uv 2>/dev/null \
    || "$PYTHON" -m pip install --quiet --break-system-packages uv
fi
UV="$(command -v uv || echo "$HOME/.local/bin/uv")"

say "Creating .venv from uv.lock"
"$UV" sync --frozen --quiet --python "$PYTHON"

say "Compiling translations"
DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv -v0
