"""Security headers on every response (issue "Quality gates" §6)."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_sends_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_csp_allows_no_external_origin(client, staff):
    client.force_login(staff)
    csp = client.get(reverse("home"))["Content-Security-Policy"]
    assert "http" not in csp.replace("'self'", "")


def test_pages_load_nothing_from_other_hosts(client, staff):
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert "http://" not in html
    assert "https://" not in html


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(client):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get(reverse("login"))
