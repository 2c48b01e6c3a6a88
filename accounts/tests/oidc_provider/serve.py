"""Run the test OIDC provider: migrate, seed, serve on 127.0.0.1 (port 0 = a free one).

Prints "ready <port>" on stdout once it accepts connections; stops on SIGTERM.
Usage: python -m accounts.tests.oidc_provider.serve (env: OIDC_PROVIDER_DB, _SEED, _RSA_KEY).
"""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def seed() -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import Application

    data: dict[str, Any] = getattr(settings, "SEED", {})
    for user in data.get("users", []):
        get_user_model().objects.create_user(
            user["username"],
            email=user["email"],
            password=user["password"],
            first_name=user["first_name"],
            last_name=user["last_name"],
        )
    client = data["client"]
    Application.objects.create(
        name="pramoen",
        client_id=client["id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accounts.tests.oidc_provider.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    seed()
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = make_server(
        "127.0.0.1",
        port,
        get_wsgi_application(),
        server_class=_Server,
        handler_class=_QuietHandler,
    )
    print(f"ready {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
