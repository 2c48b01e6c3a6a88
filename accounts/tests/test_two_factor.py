"""Two-factor sign-in (issue 19 item 2): who must use it, enrolment end to end with a real TOTP
code, recovery codes, the administrators' audited reset, the API, and throttling."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Person, Role
from accounts.selectors import requires_two_factor
from accounts.two_factor import two_factor_reset
from accounts.two_factor_views import SESSION_KEY
from conftest import PASSWORD, PERSONA_FY, make_persona
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_on(settings: Any) -> None:
    settings.PRAMOEN_REQUIRE_2FA = True


@pytest.fixture
def department_admin(org: Any) -> AbstractBaseUser:
    """The department's administrator (role), not a Django superuser."""
    return make_persona("deptadmin", org.department, Role.ADMIN)


def sign_in(user: AbstractBaseUser, ip: str = "10.1.1.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    response = client.post(
        reverse("login"), {"username": user.get_username(), "password": PASSWORD}
    )
    assert response.status_code == 302, "the password is accepted"
    return client


def authenticator(user: AbstractBaseUser) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


def code_of(device: TOTPDevice, step_offset: int = 0) -> str:
    return f"{totp(device.bin_key, drift=step_offset):06d}"


def verify(client: Client, code: str) -> Any:
    return client.post(reverse("two_factor_verify"), {"code": code, "next": "/"})


# Who must use it ----------------------------------------------------------------------------

REQUIRED = ["coordinator", "executive", "evaluator", "department_admin", "admin_user"]
NOT_REQUIRED = ["owner", "overseer", "committee_member", "staff"]


@pytest.mark.parametrize("persona", REQUIRED)
def test_the_named_roles_are_held_at_enrolment_until_they_use_two_factor(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    assert requires_two_factor(user)
    client = sign_in(user)
    for url in (reverse("home"), reverse("org_index"), reverse("api_tokens"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup") + "?next="), url


@pytest.mark.parametrize("persona", NOT_REQUIRED)
def test_other_roles_are_not_asked_for_a_second_factor(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    assert not requires_two_factor(user)
    client = sign_in(user)
    assert client.get(reverse("home")).status_code == 200
    # The two-factor pages send them on.
    assert client.get(reverse("two_factor_verify")).status_code == 302


def test_nobody_is_asked_when_two_factor_is_off(coordinator: Any, settings: Any) -> None:
    settings.PRAMOEN_REQUIRE_2FA = False
    assert not requires_two_factor(coordinator)
    assert sign_in(coordinator).get(reverse("home")).status_code == 200


def test_an_evaluator_row_held_outside_the_evaluating_body_asks_nothing(org: Any) -> None:
    user = make_persona("fake-evaluator", org.department, Role.EVALUATOR)
    assert not requires_two_factor(user)  # the row grants nothing (counting_roles)


def test_with_an_authenticator_the_code_page_is_asked_and_public_pages_stay_open(
    coordinator: Any,
) -> None:
    authenticator(coordinator)
    client = sign_in(coordinator)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    page = client.get(reverse("two_factor_verify"))
    assert page.status_code == 200 and "ยืนยันตัวตนสองขั้นตอน" in page.content.decode()
    assert 'class="mainnav"' not in page.content.decode()  # no menu before the code
    # The public pages are anyone's: not held (a 404 here: the test org publishes nothing).
    assert client.get(reverse("public:department", kwargs={"code": "onep"})).status_code == 404
    assert client.post(reverse("logout")).status_code == 302


# Enrolment end to end -----------------------------------------------------------------------


def test_enrolment_with_a_real_code_then_sign_in_with_the_app_and_a_recovery_code(
    coordinator: Any,
) -> None:
    client = sign_in(coordinator)
    page = client.get(reverse("two_factor_setup") + "?next=/org/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="qr" role="img"' in html and "<path" in html  # drawn here, inline
    assert "<script" not in html.split("<main", 1)[1]
    key = client.session[SESSION_KEY]
    secret = binascii.unhexlify(key)
    typed = base64.b32encode(secret).decode().rstrip("=")
    assert " ".join(typed[i : i + 4] for i in range(0, len(typed), 4)) in html  # by hand
    assert not TOTPDevice.objects.filter(user=coordinator).exists()  # nothing until confirmed

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000", "next": "/org/"})
    assert wrong.status_code == 422 and client.session[SESSION_KEY] == key

    done = client.post(
        reverse("two_factor_setup"), {"code": f"{totp(secret):06d}", "next": "/org/"}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert done["Cache-Control"].startswith("max-age=0")  # never_cache: shown once
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    assert device.bin_key == secret
    assert AuditEvent.objects.filter(action="accounts.two_factor.enrolled").count() == 1
    assert client.get(reverse("home")).status_code == 200  # verified by the enrolment
    assert SESSION_KEY not in client.session

    # Next sign-in: the app's code of the next time step (the enrolment's one is used up).
    client = sign_in(coordinator)
    assert verify(client, code_of(device, 1))["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200
    replay = sign_in(coordinator, ip="10.1.1.3")
    assert verify(replay, code_of(device, 1)).status_code == 422  # a code works once

    # A recovery code works instead of the app, once.
    client = sign_in(coordinator)
    spaced = f"{codes[3][:4]} {codes[3][4:].upper()}"  # typed with a space, in capitals
    assert verify(client, spaced).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9
    assert AuditEvent.objects.filter(action="accounts.two_factor.recovery_code_used").exists()
    client = sign_in(coordinator, ip="10.1.1.2")
    again = verify(client, codes[3])
    assert again.status_code == 422
    assert client.get(reverse("home")).status_code == 302


def test_thai_digits_are_read_as_a_code(coordinator: Any) -> None:
    device = authenticator(coordinator)
    client = sign_in(coordinator)
    thai = code_of(device).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert verify(client, thai).status_code == 302


# The administrator's reset ------------------------------------------------------------------


def test_an_administrator_resets_a_persons_devices_with_an_audit_event(
    department_admin: Any, coordinator: Any
) -> None:
    authenticator(coordinator)
    StaticDevice.objects.create(user=coordinator, name="recovery codes", confirmed=True)
    admin = sign_in(department_admin)
    assert verify(admin, code_of(authenticator(department_admin))).status_code == 302
    page = admin.get(reverse("two_factor_people"))
    assert page.status_code == 200 and "coordinator" in page.content.decode()
    person = Person.objects.get(user_id=coordinator.pk)
    response = admin.post(reverse("two_factor_reset", kwargs={"pk": person.pk}))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    event = AuditEvent.objects.get(action="accounts.two_factor.reset")
    assert event.actor_id == department_admin.pk and event.data["devices"] == 2
    # They enrol again at their next page.
    assert (
        sign_in(coordinator)
        .get(reverse("home"))["Location"]
        .startswith(reverse("two_factor_setup"))
    )


def test_a_reset_ends_the_verification_of_a_running_session(
    admin_user: Any, coordinator: Any
) -> None:
    device = authenticator(coordinator)
    client = sign_in(coordinator)
    assert verify(client, code_of(device)).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    two_factor_reset(admin_user, Person.objects.get(user_id=coordinator.pk), PERSONA_FY)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("persona", ["coordinator", "owner", "executive"])
def test_the_reset_is_refused_to_a_non_administrator_and_changes_nothing(
    persona: str, request: pytest.FixtureRequest, org: Any, settings: Any
) -> None:
    settings.PRAMOEN_REQUIRE_2FA = False  # so the page answers, not the code page
    actor = request.getfixturevalue(persona)
    target = make_persona("target", org.department, Role.EXECUTIVE)
    authenticator(target)
    person = Person.objects.get(user_id=target.pk)
    client = Client()
    client.force_login(actor)
    assert client.get(reverse("two_factor_people")).status_code == 404
    response = client.post(reverse("two_factor_reset", kwargs={"pk": person.pk}))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        two_factor_reset(actor, person, PERSONA_FY)
    assert TOTPDevice.objects.filter(user=target).count() == 1
    assert not AuditEvent.objects.filter(action="accounts.two_factor.reset").exists()


def test_a_department_administrator_cannot_reset_a_superuser(
    department_admin: Any, admin_user: Any, org: Any
) -> None:
    from conftest import PersonFactory

    person = PersonFactory(user=admin_user, department=org.department)
    authenticator(admin_user)
    with pytest.raises(PermissionDenied):
        two_factor_reset(department_admin, person, PERSONA_FY)
    assert TOTPDevice.objects.filter(user=admin_user).exists()


# The API ------------------------------------------------------------------------------------


def test_the_api_refuses_a_session_that_has_not_passed_two_factor(
    coordinator: Any, owner: Any
) -> None:
    device = authenticator(coordinator)
    client = sign_in(coordinator)
    response = client.get(reverse("api-1:me"))
    assert response.status_code == 401
    assert response.json()["code"] == "two_factor_required"
    assert verify(client, code_of(device)).status_code == 302
    assert client.get(reverse("api-1:me")).status_code == 200
    # A role without two-factor uses its session as before.
    assert sign_in(owner).get(reverse("api-1:me")).status_code == 200


# Throttling ---------------------------------------------------------------------------------


def test_wrong_codes_count_as_failed_logins_and_lock_out(coordinator: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the device's own delay is tested below
    device = authenticator(coordinator)
    client = sign_in(coordinator)
    statuses = [verify(client, "000000").status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    assert "_auth_user_id" not in client.session  # the lockout ends the session
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    assert device.confirmed  # the device itself stays
    # The password is locked too now, as after three wrong passwords.
    again = Client(REMOTE_ADDR="10.1.1.1").post(
        reverse("login"), {"username": "coordinator", "password": PASSWORD}
    )
    assert again.status_code == 429


def test_the_device_slows_guessing_whatever_a_new_login_resets(
    coordinator: Any, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator(coordinator)
    client = sign_in(coordinator)
    assert verify(client, "000000").status_code == 422
    # A fresh password login (which resets axes' count) does not lift the device's delay:
    # even the right code waits.
    client = sign_in(coordinator)
    response = verify(client, code_of(device))
    assert response.status_code == 429
    assert "กรุณารอสักครู่" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_an_htmx_request_is_sent_to_the_whole_code_page(coordinator: Any) -> None:
    authenticator(coordinator)
    response = sign_in(coordinator).get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("two_factor_verify"))


def test_the_enrolment_page_speaks_english_too(coordinator: Any, settings: Any) -> None:
    client = sign_in(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("two_factor_setup")).content.decode()
    assert "Set up two-factor sign-in" in html and "1. Scan the QR code with the app" in html
