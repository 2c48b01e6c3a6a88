"""Container health check: GET /healthz (or the path given) on this container's gunicorn.

Exit 0 when it answers 200. The Host header is the first of ALLOWED_HOSTS, so Django's host
check passes without listing 127.0.0.1 in production.
    python deploy/healthcheck.py [/readyz]
"""

from __future__ import annotations

import os
import sys
import urllib.request

path = sys.argv[1] if len(sys.argv) > 1 else "/healthz"
host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
if not host or host == "*":
    host = "localhost"
port = os.environ.get("BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as error:
    print(f"{path}: {error}", file=sys.stderr)
    sys.exit(1)
