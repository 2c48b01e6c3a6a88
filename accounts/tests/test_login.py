import pytest
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_correct_password(client, staff):
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_shows_thai_error_and_keeps_username(client, staff):
    response = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="staff"' in html
    assert "กรุณา" in html or "ถูกต้อง" in html


def test_login_is_throttled_after_repeated_failures(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_is_per_username(client, staff, coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_needs_post(client, staff):
    client.force_login(staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
