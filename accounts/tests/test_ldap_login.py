"""Directory login against a real OpenLDAP slapd on loopback (issue 19 item 1).

The slapd fixture (accounts/tests/conftest.py) serves a small Thai directory; these tests sign
in through the real login page, with pramoen's settings built from the LDAP_* environment
exactly as production builds them (accounts.directory_settings).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.directory_settings import authentication_backends, ldap_settings
from accounts.models import Person
from accounts.tests.conftest import USER_PASSWORD, Slapd
from conftest import PASSWORD, PersonFactory
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(slapd: Slapd, settings: Any, org: Any) -> Slapd:
    """pramoen configured for the test directory, as the environment would configure it."""
    configured = ldap_settings(slapd.env)
    for name, value in configured.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = authentication_backends(configured, {})
    return slapd


def login(client: Any, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_first_ldap_login_creates_the_person_with_thai_names_and_maps_the_unit(
    client: Any, directory: Slapd, org: Any
) -> None:
    response = login(client, "wanida", USER_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = get_user_model().objects.get(username="wanida")
    assert not user.has_usable_password()  # the directory holds the password
    person = Person.objects.get(user=user)
    assert (person.first_name_th, person.last_name_th) == ("วนิดา", "ใจดี")
    assert person.email == "wanida@onep.go.th"
    assert person.department == org.department
    assert person.unit == org.eia  # the directory's ou is the unit's Thai name
    assert (user.first_name, user.last_name) == ("วนิดา", "ใจดี")
    assert AuditEvent.objects.filter(
        action="accounts.person.directory_created", object_id=str(person.pk)
    ).exists()
    home = client.get(reverse("home"))
    assert "วนิดา" in home.content.decode()


def test_unit_is_mapped_by_code_too(client: Any, directory: Slapd, org: Any) -> None:
    assert login(client, "preecha", USER_PASSWORD).status_code == 302
    assert Person.objects.get(user__username="preecha").unit == org.quality


def test_second_login_links_the_same_person(client: Any, directory: Slapd) -> None:
    assert login(client, "wanida", USER_PASSWORD).status_code == 302
    person = Person.objects.get(user__username="wanida")
    client.logout()
    assert login(client, "wanida", USER_PASSWORD).status_code == 302
    assert Person.objects.filter(email="wanida@onep.go.th").count() == 1
    assert Person.objects.get(user__username="wanida").pk == person.pk
    assert get_user_model().objects.filter(username__iexact="wanida").count() == 1
    # Nothing changed in the directory: no second audit event.
    assert (
        AuditEvent.objects.filter(
            object_id=str(person.pk), action__startswith="accounts.person.directory"
        ).count()
        == 1
    )


def test_existing_local_account_is_linked_by_username(
    client: Any, directory: Slapd, staff: Any, org: Any
) -> None:
    person = staff.person
    assert login(client, "staff", "directory-pass-5678").status_code == 302
    person.refresh_from_db()
    assert person.user == staff
    assert (person.first_name_th, person.last_name_th) == ("สมศักดิ์", "รักงาน")
    assert person.unit == org.admdev
    assert get_user_model().objects.filter(username="staff").count() == 1


def test_a_person_without_account_is_linked_by_email(
    client: Any, directory: Slapd, org: Any
) -> None:
    entered = PersonFactory(
        user=None, department=org.department, email="Preecha@onep.go.th", first_name_th="ปรีชา"
    )
    assert login(client, "preecha", USER_PASSWORD).status_code == 302
    entered.refresh_from_db()
    assert entered.user is not None and entered.user.username == "preecha"
    assert Person.objects.filter(department=org.department, first_name_th="ปรีชา").count() == 1
    assert AuditEvent.objects.filter(
        action="accounts.person.directory_linked", object_id=str(entered.pk)
    ).exists()


def test_an_account_with_the_directory_email_is_used(
    client: Any, directory: Slapd, org: Any
) -> None:
    local = PersonFactory(department=org.department, email="wanida@onep.go.th").user
    local.username = "wanida.j"
    local.save()
    assert login(client, "wanida", USER_PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == local.pk
    assert not get_user_model().objects.filter(username="wanida").exists()


def test_a_local_admin_account_is_never_signed_in_through_the_directory(
    client: Any, directory: Slapd, org: Any
) -> None:
    """A directory entry with an administrator's username (or e-mail) does not become them."""
    admin = get_user_model().objects.create_superuser("preecha", "root@example.go.th", PASSWORD)
    other = get_user_model().objects.create_user("boss", "wanida@onep.go.th", PASSWORD)
    other.is_staff = True
    other.save()
    assert login(client, "preecha", USER_PASSWORD).status_code == 200
    assert login(client, "wanida", USER_PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session
    assert not Person.objects.filter(user__in=[admin, other]).exists()
    assert login(client, "preecha", PASSWORD).status_code == 302  # the local password still works


def test_unknown_unit_leaves_the_person_without_unit(client: Any, directory: Slapd) -> None:
    assert login(client, "nounit", USER_PASSWORD).status_code == 302
    person = Person.objects.get(user__username="nounit")
    assert person.unit is None
    assert person.first_name_th == "มานี"


def test_wrong_ldap_password_is_refused_and_throttled_like_a_local_one(
    client: Any, directory: Slapd, settings: Any
) -> None:
    response = login(client, "wanida", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wanida", "wrong")
    response = login(client, "wanida", USER_PASSWORD)  # right password, but locked out
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="wanida").exists()


def test_unknown_directory_user_is_refused(client: Any, directory: Slapd) -> None:
    assert login(client, "nobody", USER_PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_local_account_still_logs_in(client: Any, directory: Slapd, coordinator: Any) -> None:
    response = login(client, "coordinator", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == coordinator.pk


def test_without_ldap_server_uri_nothing_changes() -> None:
    assert ldap_settings({}) == {}
    assert authentication_backends({}, {}) == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_attribute_names_come_from_the_environment(slapd: Slapd) -> None:
    configured = ldap_settings(
        {**slapd.env, "LDAP_ATTR_FIRST_NAME": "givenName", "LDAP_USER_FILTER": "(mail=%(user)s)"}
    )
    assert configured["PRAMOEN_LDAP_ATTRS"]["first_name"] == ["givenName"]
    assert configured["PRAMOEN_LDAP_ATTRS"]["last_name"] == ["sn;lang-th", "sn"]
    assert configured["AUTH_LDAP_USER_SEARCH"].filterstr == "(mail=%(user)s)"
    assert configured["PRAMOEN_DIRECTORY_DEPARTMENT"] == "onep"


def test_directory_down_local_accounts_still_sign_in_and_directory_users_are_refused(
    client: Any, slapd: Slapd, settings: Any, coordinator: Any
) -> None:
    import socket

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    configured = ldap_settings({**slapd.env, "LDAP_SERVER_URI": f"ldap://127.0.0.1:{closed}"})
    for name, value in configured.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = authentication_backends(configured, {})
    response = login(client, "wanida", USER_PASSWORD)
    assert response.status_code == 200  # the form again, not a 500
    assert "_auth_user_id" not in client.session
    assert login(client, "coordinator", PASSWORD).status_code == 302


def test_ldap_needs_the_department_and_the_search_base(slapd: Slapd) -> None:
    from django.core.exceptions import ImproperlyConfigured

    for missing in ("LDAP_DEPARTMENT_CODE", "LDAP_USER_SEARCH_BASE"):
        env = {key: value for key, value in slapd.env.items() if key != missing}
        with pytest.raises(ImproperlyConfigured, match=missing):
            ldap_settings(env)
