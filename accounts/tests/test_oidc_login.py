"""OIDC login against a real provider (django-oauth-toolkit) on loopback (issue 19 item 1).

The provider runs in its own process (accounts/tests/oidc_provider); pramoen (the Django test
client) is configured from the OIDC_* environment as production is, and each test walks the real
authorization-code flow: pramoen's button → the provider's authorize endpoint (signed in there
with `requests`) → pramoen's callback, which fetches the token, checks the ID token against the
provider's JWKS and reads the userinfo claims.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.directory_settings import authentication_backends, oidc_settings
from accounts.models import Person
from accounts.tests.conftest import OIDC_PASSWORD, OidcProvider
from conftest import PASSWORD, PersonFactory
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc(oidc_provider: OidcProvider, settings: Any, org: Any) -> OidcProvider:
    configured = oidc_settings(oidc_provider.env)
    for name, value in configured.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = authentication_backends({}, configured)
    return oidc_provider


def sign_in(client: Any, provider: OidcProvider, username: str) -> Any:
    """The whole flow; returns pramoen's answer to the callback."""
    start = client.get(reverse("oidc_login"))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(f"{provider.base}/o/authorize/")
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"] and query["nonce"]
    browser = requests.Session()
    signed_in = browser.post(
        f"{provider.base}/login/", data={"username": username, "password": OIDC_PASSWORD}
    )
    assert signed_in.status_code == 200, signed_in.text
    back = browser.get(authorize, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == reverse("oidc_authentication_callback")
    return client.get(f"{callback.path}?{callback.query}")


def test_login_page_shows_the_provider_button_only_when_configured(
    client: Any, oidc: OidcProvider, settings: Any
) -> None:
    html = client.get(reverse("login")).content.decode()
    assert "เข้าสู่ระบบด้วย ThaiID ทดสอบ" in html
    assert reverse("oidc_login") in html
    settings.OIDC_RP_CLIENT_ID = ""
    html = client.get(reverse("login")).content.decode()
    assert "เข้าสู่ระบบด้วย" not in html
    assert client.get(reverse("oidc_login")).status_code == 404


def test_oidc_login_creates_the_person_with_thai_names_and_maps_the_unit(
    client: Any, oidc: OidcProvider, org: Any
) -> None:
    response = sign_in(client, oidc, "kanokwan")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = get_user_model().objects.get(username="kanokwan")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not user.has_usable_password()
    person = Person.objects.get(user=user)
    assert (person.first_name_th, person.last_name_th) == ("กนกวรรณ", "ศรีสุข")
    assert person.email == "kanokwan@onep.go.th"
    assert person.department == org.department
    assert person.unit == org.eia
    assert AuditEvent.objects.filter(
        action="accounts.person.directory_created", object_id=str(person.pk)
    ).exists()
    assert "กนกวรรณ" in client.get(reverse("home")).content.decode()


def test_second_oidc_login_links_the_same_person(client: Any, oidc: OidcProvider) -> None:
    assert sign_in(client, oidc, "kanokwan").status_code == 302
    person = Person.objects.get(user__username="kanokwan")
    client.logout()
    assert sign_in(client, oidc, "kanokwan").status_code == 302
    assert Person.objects.filter(email="kanokwan@onep.go.th").get().pk == person.pk
    assert get_user_model().objects.filter(username="kanokwan").count() == 1


def test_oidc_links_a_local_account_by_email_and_maps_the_unit_by_name(
    client: Any, oidc: OidcProvider, org: Any
) -> None:
    local = PersonFactory(department=org.department, email="thana@onep.go.th").user
    local.username = "thana.r"
    local.save()
    assert sign_in(client, oidc, "thana").status_code == 302
    assert int(client.session["_auth_user_id"]) == local.pk
    local.person.refresh_from_db()
    assert local.person.unit == org.quality
    assert (local.person.first_name_th, local.person.last_name_th) == ("ธนา", "รุ่งเรือง")
    # The local password still works: linking does not take the account away.
    client.logout()
    response = client.post(reverse("login"), {"username": "thana.r", "password": PASSWORD})
    assert response.status_code == 302


def test_a_forged_callback_is_refused_with_a_thai_message(client: Any, oidc: OidcProvider) -> None:
    client.get(reverse("oidc_login"))
    response = client.get(
        reverse("oidc_authentication_callback"), {"code": "forged", "state": "wrong"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "เข้าสู่ระบบด้วย ThaiID ทดสอบ ไม่สำเร็จ" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_the_provider_refuses_ends_on_the_login_page(
    client: Any, oidc: OidcProvider
) -> None:
    start = client.get(reverse("oidc_login"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(
        reverse("oidc_authentication_callback"), {"code": "forged", "state": state}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "เข้าสู่ระบบด้วย ThaiID ทดสอบ ไม่สำเร็จ" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_oidc_settings_need_every_endpoint(oidc_provider: OidcProvider) -> None:
    from django.core.exceptions import ImproperlyConfigured

    env = dict(oidc_provider.env)
    del env["OIDC_OP_JWKS_ENDPOINT"]
    with pytest.raises(ImproperlyConfigured):
        oidc_settings(env)
    assert oidc_settings({}) == {}


def test_an_id_token_for_another_client_is_refused(
    oidc: OidcProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.exceptions import SuspiciousOperation
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    from accounts.directory import OIDCDirectoryBackend

    monkeypatch.setattr(
        OIDCAuthenticationBackend, "verify_token", lambda self, token, **kw: {"aud": "other"}
    )
    with pytest.raises(SuspiciousOperation):
        OIDCDirectoryBackend().verify_token("token", nonce="n")
    monkeypatch.setattr(
        OIDCAuthenticationBackend,
        "verify_token",
        lambda self, token, **kw: {"aud": ["x", "pramoen-test"]},
    )
    assert OIDCDirectoryBackend().verify_token("token", nonce="n")["aud"][1] == "pramoen-test"


def test_an_unverified_email_links_no_account(client: Any, oidc: OidcProvider, org: Any) -> None:
    local = PersonFactory(department=org.department, email="malee@onep.go.th").user
    assert sign_in(client, oidc, "malee").status_code == 302
    assert int(client.session["_auth_user_id"]) != local.pk
    assert get_user_model().objects.get(username="malee").person.first_name_th == "มาลี"


def test_an_admin_account_is_never_taken_over_by_email(
    client: Any, oidc: OidcProvider, org: Any
) -> None:
    admin = get_user_model().objects.create_superuser("root", "thana@onep.go.th", PASSWORD)
    response = sign_in(client, oidc, "thana")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="thana").exists()
    admin.refresh_from_db()
    assert admin.has_usable_password()
