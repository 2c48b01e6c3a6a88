"""gunicorn settings for pramoen (deploy/systemd/pramoen-web.service, the Docker image).

Everything comes from the environment: BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker
processes, default 3), WEB_TIMEOUT (seconds a request may take; a 64-page PDF is built in the
request unless the task worker builds it, default 120). The access log is one JSON object a
line with nginx's request id (X-Request-ID), like the application's LOG_FORMAT=json lines.
"""

import os
from typing import Any

bind = os.environ.get("BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
# nginx in front sets X-Forwarded-For; only trust it from the local proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# No query string (it can carry a search for a person's name) and no user: method, path, status.
access_log_format = (
    '{"time":"%(t)s","logger":"gunicorn.access","method":"%(m)s","path":"%(U)s",'
    '"status":%(s)s,"bytes":"%(B)s","duration_ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
)


def child_exit(server: Any, worker: Any) -> None:  # gunicorn's hook signature
    """Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR): forget a dead worker's gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
