"""Personal access tokens: created in the profile page (secret shown once, stored hashed), used
with `Authorization: Bearer`, scoped read or read-write, revocable, expiring."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.services import (
    MAX_ACTIVE_TOKENS,
    TOUCH_INTERVAL,
    token_authenticate,
    token_create,
    token_revoke,
    token_touch,
)
from core.models import AuditEvent

ME = "/api/v1/me"
PAGE = "/profile/tokens/"


def auth(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def create_on_page(client: Client, **data: str):
    return client.post(reverse("api_token_create"), {"scope": "read", **data})


# --- the profile page ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_the_token_page(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_token_page_is_in_the_navigation_of_every_signed_in_user(client, staff):
    client.force_login(staff)

    response = client.get(reverse("home"))

    assert 'href="/profile/tokens/"' in response.content.decode()
    assert "โทเค็น API" in response.content.decode()


def test_created_token_is_shown_once_and_only_its_hash_is_stored(client, staff):
    client.force_login(staff)

    response = create_on_page(client, name="ระบบ e-SAR", scope="read_write")

    assert response.status_code == 200
    token = ApiToken.objects.get(user=staff)
    secret = response.context["created"].secret
    assert secret.startswith(f"prm_{token.prefix}_") and len(secret) > 50
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(secret in value for value in stored)
    # The list page shows the prefix, never the secret again.
    listing = client.get(PAGE).content.decode()
    assert token.prefix in listing and secret not in listing


def test_creating_a_token_writes_an_audit_event_without_the_secret(client, staff):
    client.force_login(staff)

    response = create_on_page(client, name="สคริปต์รายงาน")

    event = AuditEvent.objects.get(action="api.token.created")
    assert event.actor_id == staff.pk
    assert event.data["name"] == "สคริปต์รายงาน" and event.data["scope"] == "read"
    assert response.context["created"].secret not in json.dumps(event.data)


def test_token_without_a_name_or_with_a_past_expiry_is_refused_in_thai(client, staff):
    client.force_login(staff)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = create_on_page(client, name="", expires_on=yesterday.isoformat())
    refused = create_on_page(client, name="ชื่อ", expires_on=yesterday.isoformat())

    assert response.status_code == 422
    assert "This field is required" not in response.content.decode()
    assert refused.status_code == 422
    assert "วันหมดอายุต้องไม่เป็นวันที่ผ่านมาแล้ว" in refused.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_may_hold_at_most_twenty_active_tokens(staff):
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(staff, name=f"t{n}")

    with pytest.raises(ValidationError):
        token_create(staff, name="one too many")


def test_revoking_on_the_page_stops_the_token_and_is_audited(client, staff):
    created = token_create(staff, name="เก่า")
    client.force_login(staff)

    response = client.post(reverse("api_token_revoke", args=[created.token.pk]))

    assert response.status_code == 302
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api.token.revoked", actor=staff).exists()
    answer = Client().get(ME, **auth(created.secret))
    assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"


def test_nobody_can_revoke_another_persons_token(client, staff, owner):
    created = token_create(owner, name="ของคนอื่น")
    client.force_login(staff)

    response = client.post(reverse("api_token_revoke", args=[created.token.pk]))

    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        token_revoke(staff, created.token)
    created.token.refresh_from_db()
    assert created.token.revoked_at is None


def test_the_token_list_shows_only_the_users_own_tokens(client, staff, owner):
    token_create(owner, name="โทเค็นของเจ้าของตัวชี้วัด")
    token_create(staff, name="โทเค็นของเจ้าหน้าที่")
    client.force_login(staff)

    page = client.get(PAGE).content.decode()

    assert "โทเค็นของเจ้าหน้าที่" in page and "โทเค็นของเจ้าของตัวชี้วัด" not in page


# --- using a token ------------------------------------------------------------------------------


def test_a_token_authenticates_as_its_user_and_records_the_use(staff):
    created = token_create(staff, name="ใช้งาน")

    response = Client().get(ME, **auth(created.secret))

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "staff" and body["auth"] == "token"
    assert body["token"]["prefix"] == created.token.prefix and body["agencies"] == ["onep"]
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


def test_last_used_time_is_written_at_most_once_a_minute(staff):
    token = token_create(staff, name="t").token
    start = timezone.now()

    token_touch(token, start)
    token_touch(token, start + TOUCH_INTERVAL / 2)
    token.refresh_from_db()
    assert token.last_used_at == start

    token_touch(token, start + TOUCH_INTERVAL * 2)
    token.refresh_from_db()
    assert token.last_used_at == start + TOUCH_INTERVAL * 2


def test_repeated_requests_within_a_minute_do_not_write(staff, django_assert_num_queries):
    created = token_create(staff, name="t")
    token_authenticate(created.secret)

    with django_assert_num_queries(1):  # the lookup only, no UPDATE
        token_authenticate(created.secret)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer nonsense",
        "Bearer prm_0123456789ab_wrong-secret",
        "Bearer prm_",
        "Bearer ",
    ],
)
def test_an_unknown_or_malformed_token_is_401(db, header):
    response = Client().get(ME, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["code"] in {"token_invalid", "not_authenticated"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_right_prefix_with_a_wrong_secret_is_401(staff):
    created = token_create(staff, name="t")

    response = Client().get(ME, **auth(created.secret[:-4] + "AAAA"))

    assert response.status_code == 401 and response.json()["code"] == "token_invalid"


def test_no_credentials_at_all_is_401_with_thai_and_english_messages(db):
    response = Client().get(ME)

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert "เข้าสู่ระบบ" in body["message_th"] and "Authentication" in body["message_en"]


def test_a_token_works_through_its_expiry_day_and_not_after(staff):
    today = timezone.localdate()
    created = token_create(staff, name="t", expires_on=today)

    assert Client().get(ME, **auth(created.secret)).status_code == 200

    ApiToken.objects.filter(pk=created.token.pk).update(
        expires_on=today - datetime.timedelta(days=1)
    )
    response = Client().get(ME, **auth(created.secret))
    assert response.status_code == 401 and response.json()["code"] == "token_expired"


def test_a_disabled_account_cannot_use_its_tokens(staff):
    created = token_create(staff, name="t")
    staff.is_active = False
    staff.save()

    response = Client().get(ME, **auth(created.secret))

    assert response.status_code == 401 and response.json()["code"] == "user_inactive"


def test_a_bad_token_is_refused_even_with_a_valid_session(client, staff):
    client.force_login(staff)

    response = client.get(ME, HTTP_AUTHORIZATION="Bearer prm_000000000000_x")

    assert response.status_code == 401


def test_the_session_works_without_a_token(client, staff):
    client.force_login(staff)

    response = client.get(ME)

    assert response.status_code == 200 and response.json()["auth"] == "session"


# --- scope ---------------------------------------------------------------------------------------


def test_read_scope_token_is_refused_for_writes(world, coordinator):
    created = token_create(coordinator, name="อ่าน", scope=ApiToken.Scope.READ)
    body = json.dumps({"revision": world.kpi.revision, "name_en": "changed"})

    response = Client().patch(
        f"/api/v1/kpis/{world.kpi.pk}",
        body,
        content_type="application/json",
        **auth(created.secret),
    )

    assert response.status_code == 403 and response.json()["code"] == "token_read_only"
    world.kpi.refresh_from_db()
    assert world.kpi.name_en == ""


def test_read_scope_token_may_use_the_calculators(world, coordinator):
    created = token_create(coordinator, name="อ่าน", scope=ApiToken.Scope.READ)

    response = Client().post(
        f"/api/v1/kpis/{world.kpi.pk}/score",
        json.dumps({"result": "95"}),
        content_type="application/json",
        **auth(created.secret),
    )

    assert response.status_code == 200 and response.json()["score"] == "85.0000"


def test_read_write_token_may_write(world, coordinator):
    created = token_create(coordinator, name="เขียน", scope=ApiToken.Scope.READ_WRITE)
    body = json.dumps({"revision": world.kpi.revision, "name_en": "changed"})

    response = Client().patch(
        f"/api/v1/kpis/{world.kpi.pk}",
        body,
        content_type="application/json",
        **auth(created.secret),
    )

    assert response.status_code == 200 and response.json()["name_en"] == "changed"


# --- the command ---------------------------------------------------------------------------------


def test_the_command_prints_a_working_token(staff):
    out = io.StringIO()

    call_command("api_token", "staff", "--scope", "read", "--name", "ci", stdout=out)

    secret = out.getvalue().strip()
    assert Client().get(ME, **auth(secret)).json()["username"] == "staff"
    assert ApiToken.objects.get(user=staff).name == "ci"
