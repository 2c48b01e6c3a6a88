"""Login throttling per IP across usernames, and the session's idle timeout and absolute
lifetime (issue 14 item 9). Time is moved by editing the session's timestamps."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.sessions import LOGIN_AT, SEEN_AT
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _fail(client: Client, username: str, ip: str = "10.0.0.7") -> int:
    response = client.post(
        reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=ip
    )
    return response.status_code


def test_one_address_is_locked_after_many_failures_across_usernames(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.PRAMOEN_LOGIN_IP_FAILURE_LIMIT = 12
    # Password spraying: 3 tries per username, never reaching the per-username limit.
    statuses = [_fail(client, f"user{i}") for i in range(4) for _ in range(3)]
    assert statuses[:-1] == [200] * 11
    assert statuses[-1] == 429  # the failure that reaches the IP limit is answered with a lockout
    response = client.post(
        reverse("login"), {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Another address is not affected.
    other = Client().post(
        reverse("login"), {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert other.status_code == 302


def test_below_the_ip_limit_people_behind_one_address_still_sign_in(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.PRAMOEN_LOGIN_IP_FAILURE_LIMIT = 12
    for i in range(5):
        assert _fail(client, f"typo{i}") == 200
    response = client.post(
        reverse("login"), {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302


def test_username_and_ip_pair_still_locks_at_its_own_limit(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.PRAMOEN_LOGIN_IP_FAILURE_LIMIT = 100
    assert [_fail(client, "staff") for _ in range(3)] == [200, 200, 429]


# The lockout page says what is locked and when to try again (issue 14 item 9) ---------------


def _spray(client: Client, settings) -> None:
    """Failures across usernames from one address until it is locked (the last answers 429)."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.PRAMOEN_LOGIN_IP_FAILURE_LIMIT = 6
    settings.AXES_COOLOFF_TIME = 0.25  # hours
    assert [_fail(client, f"user{i}") for i in range(6)][-1] == 429


def _try_again_at() -> str:
    """The time the address may try again, as the page prints it: the last failure + cool-off."""
    import datetime

    from axes.models import AccessAttempt
    from django.utils import timezone

    last = AccessAttempt.objects.filter(ip_address="10.0.0.7").latest("attempt_time")
    until = timezone.localtime(last.attempt_time + datetime.timedelta(minutes=15))
    return until.strftime("%H:%M")


def test_the_address_lockout_page_says_in_thai_what_is_locked_and_when_to_try_again(
    client, staff, settings
):
    _spray(client, settings)
    response = client.post(
        reverse("login"), {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    page = response.content.decode()

    assert response.status_code == 429
    assert "เครือข่ายนี้" in page  # the address is locked, whichever username is typed
    assert "บัญชีนี้" not in page  # not "your account"
    assert f"ลองใหม่ได้ตั้งแต่เวลา {_try_again_at()} น." in page
    assert "อีกประมาณ 15 นาที" in page
    assert reverse("password_reset") in page
    assert 840 <= int(response["Retry-After"]) <= 900


def test_the_address_lockout_page_in_english(client, staff, settings):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    _spray(client, settings)
    response = client.post(
        reverse("login"), {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    page = response.content.decode()

    assert response.status_code == 429
    assert "from this network" in page
    assert f"Try again after {_try_again_at()}" in page
    assert "in about 15 minutes" in page


def test_the_username_lockout_page_names_the_username_and_the_time(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.PRAMOEN_LOGIN_IP_FAILURE_LIMIT = 100
    settings.AXES_COOLOFF_TIME = 0.25
    statuses = [_fail(client, "staff") for _ in range(3)]
    response = client.post(
        reverse("login"), {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.7"
    )
    page = response.content.decode()

    assert statuses[-1] == 429 and response.status_code == 429
    assert "ชื่อผู้ใช้ staff" in page and "เครือข่ายนี้" not in page
    assert f"ลองใหม่ได้ตั้งแต่เวลา {_try_again_at()} น." in page


def _signed_in(client: Client, user) -> None:
    client.post(reverse("login"), {"username": user.get_username(), "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200


def _shift(client: Client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def test_login_starts_both_clocks(client, staff):
    _signed_in(client, staff)
    session = client.session
    assert abs(session[LOGIN_AT] - time.time()) < 60
    assert abs(session[SEEN_AT] - time.time()) < 60


def test_idle_session_is_ended(client, staff, settings):
    settings.PRAMOEN_SESSION_IDLE_SECONDS = 8 * 3600
    _signed_in(client, staff)
    _shift(client, seen=8 * 3600 - 120)
    assert client.get(reverse("home")).status_code == 200  # just within the idle time
    _shift(client, seen=8 * 3600 + 1)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "หมดเวลาการใช้งาน" in page


def test_activity_keeps_the_session_but_not_past_its_lifetime(client, staff, settings):
    settings.PRAMOEN_SESSION_IDLE_SECONDS = 8 * 3600
    settings.PRAMOEN_SESSION_MAX_SECONDS = 12 * 3600
    _signed_in(client, staff)
    _shift(client, login=11 * 3600, seen=3600)
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[SEEN_AT] < 60  # seen again: the idle clock restarts
    _shift(client, login=12 * 3600 + 1, seen=10)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_default_idle_timeout_is_an_office_day():
    from django.conf import settings

    assert settings.PRAMOEN_SESSION_IDLE_SECONDS == 8 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.PRAMOEN_SESSION_IDLE_SECONDS
