"""Write the demo's local settings file (default var/demo.env) unless it exists already.

`make demo` runs this; pramoen/settings.py reads the file when present, so `manage.py …`
commands work after the demo without exporting anything. The SECRET_KEY is generated here, on
this machine, and kept across runs (sessions survive a restart); it is never in the repository.
DEBUG is off so the demo shows the project's own 404/500 pages; the rest keeps the demo on
plain HTTP at 127.0.0.1 with e-mail printed to the console. Not for production.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

DEMO_SETTINGS = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0",
    "SECURE_HSTS_PRELOAD": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
}


def demo_env_text() -> str:
    lines = [
        "# Written by scripts/demo_env.py for the local demo (make demo). Not for production.",
        f"SECRET_KEY={secrets.token_urlsafe(50)}",
        *(f"{key}={value}" for key, value in DEMO_SETTINGS.items()),
    ]
    return "\n".join(lines) + "\n"


def write_demo_env(path: Path) -> bool:
    """Create the file (owner-only) and say True, or leave an existing one and say False."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(demo_env_text())
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/demo.env")
    if write_demo_env(target):
        print(f"wrote {target}")
