"""Password change for every signed-in user and password reset by e-mail (issue 14 item 9)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "ต้นไม้-สีเขียว-2569"


def _login(username: str, password: str) -> int:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code


def test_header_links_to_password_change_and_login_page_to_reset(client, staff):
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page
    client.force_login(staff)
    home = client.get(reverse("home")).content.decode()
    assert reverse("password_change") in home and "เปลี่ยนรหัสผ่าน" in home


def test_password_change_page_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_change_password_works_and_the_old_one_fails(client, staff):
    client.force_login(staff)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "รหัสผ่านเก่า" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert "เปลี่ยนรหัสผ่านแล้ว" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("home")).status_code == 200  # this session stays signed in
    assert _login("staff", PASSWORD) == 200  # the form again: the old password fails
    assert _login("staff", NEW_PASSWORD) == 302
    assert AuditEvent.objects.filter(action="accounts.password.changed", actor_id=staff.pk).exists()


def test_new_password_problems_are_thai(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "123456"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in page
    assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in page  # the rules, as help text


def test_wrong_current_password_is_a_thai_error(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "ใส่รหัสผ่านเก่าผิด" in response.content.decode()
    assert _login("staff", PASSWORD) == 302


def test_reset_mail_has_a_working_link(client, staff, settings):
    settings.PRAMOEN_BASE_URL = "https://kpi.example.go.th"
    response = client.post(reverse("password_reset"), {"email": staff.email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert "ตั้งรหัสผ่านใหม่" in message.subject
    match = re.search(r"https://kpi\.example\.go\.th(/\S+/)", str(message.body))
    assert match, message.body
    link = match.group(1)
    confirm = client.get(link, follow=True)  # Django swaps the token into the session
    assert confirm.status_code == 200 and 'name="new_password1"' in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert _login("staff", NEW_PASSWORD) == 302
    assert _login("staff", PASSWORD) == 200
    # The link is used up.
    again = Client().get(link, follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้" in again
    assert AuditEvent.objects.filter(action="accounts.password.reset", actor_id=staff.pk).exists()


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, staff):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.go.th"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_link_ignores_a_forged_host(client, staff, settings):
    settings.PRAMOEN_BASE_URL = "https://kpi.example.go.th"
    settings.ALLOWED_HOSTS = ["*"]
    client.post(reverse("password_reset"), {"email": staff.email}, HTTP_HOST="evil.example")
    assert "evil.example" not in mail.outbox[0].body


def test_reset_confirm_with_a_bad_token_is_a_thai_page(client, staff):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "²", "token": "x" * 5000})
    response = client.get(url)
    assert response.status_code == 200 and "ลิงก์นี้ใช้ไม่ได้" in response.content.decode()
    assert get_user_model().objects.get(pk=staff.pk).check_password(PASSWORD)
