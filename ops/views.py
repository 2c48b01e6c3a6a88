"""`/healthz`, `/readyz` and `/metrics` (issue 19 item 5).

`/healthz` answers while the process serves requests and touches nothing else (no database),
so a load balancer can tell a hung process from a busy database. `/readyz` runs the readiness
checks (ops.readiness) and answers 503 when any fails. Both are public by design: they say
nothing about the data. `/metrics` is for Prometheus only: 404 unless METRICS_TOKEN is set, then
`Authorization: Bearer <token>` is required.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from ops.metrics import metrics_page
from ops.readiness import readiness


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness()
    ready = all(check.ok for check in checks.values())
    body = {
        "status": "ok" if ready else "fail",
        "checks": {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()},
    }
    return JsonResponse(
        body, status=200 if ready else 503, json_dumps_params={"ensure_ascii": False}
    )


def bearer_token_matches(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    token: str = settings.PRAMOEN_METRICS_TOKEN
    if not token:
        raise Http404
    if not bearer_token_matches(request, token):
        response = HttpResponse("metrics token required\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_page(), content_type=CONTENT_TYPE_LATEST)
