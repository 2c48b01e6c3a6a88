import re

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from conftest import PERSONA_FY, PersonFactory
from core.work import WorkItem, register_work_provider, unregister_work_provider

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F]")

PERSONAS = ["coordinator", "owner", "overseer", "committee_member", "executive", "evaluator",
            "staff", "outsider"]  # fmt: skip


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_thai(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html
    assert "ชื่อผู้ใช้" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_lists_roles_in_thai(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "งานของฉัน" in html
    assert "บทบาทของฉัน" in html
    role = RoleAssignment.objects.filter(person__user=user).first()
    assert role is not None
    assert role.get_role_display() in html


def test_home_shows_empty_state_without_work(client, staff):
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert "ไม่มีงานค้างในขณะนี้" in html


def test_home_lists_work_items_from_providers(client, staff):
    def provider(user):
        return [WorkItem("ส่งผลการดำเนินงานรอบ 6 เดือน", "/x/", "รายงานผล")]

    register_work_provider(provider)
    try:
        client.force_login(staff)
        html = client.get(reverse("home")).content.decode()
    finally:
        unregister_work_provider(provider)
    assert "ส่งผลการดำเนินงานรอบ 6 เดือน" in html
    assert "ไม่มีงานค้างในขณะนี้" not in html


def test_navigation_depends_on_role(client, coordinator, staff):
    client.force_login(coordinator)
    assert "กำหนดบทบาท" in client.get(reverse("home")).content.decode()
    client.force_login(staff)
    assert "กำหนดบทบาท" not in client.get(reverse("home")).content.decode()


def test_english_is_switchable(client, staff):
    client.force_login(staff)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("owner", 200),
        ("overseer", 200),
        ("committee_member", 200),
        ("executive", 200),
        ("evaluator", 200),
        ("staff", 200),
        ("outsider", 404),
    ],
)
def test_org_tree_visibility(client, request, org, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("org_tree", args=["onep"]))
    assert response.status_code == status
    if status == 200:
        assert org.eia_group.name_th in response.content.decode()


def test_org_tree_query_count_is_constant(client, org, staff, django_assert_max_num_queries):
    for _ in range(30):
        PersonFactory(department=org.department, unit=org.eia)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("org_tree", args=["onep"])).status_code == 200


@pytest.mark.parametrize(
    ("persona", "get_status", "can_post"),
    [
        ("coordinator", 200, True),
        ("executive", 200, False),
        ("staff", 200, False),
        ("owner", 200, False),
        ("evaluator", 200, False),
        ("outsider", 404, False),
    ],
)
def test_roles_page_permissions(client, request, org, persona, get_status, can_post):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("roles", args=["onep", PERSONA_FY])
    response = client.get(url)
    assert response.status_code == get_status
    target = PersonFactory(department=org.department)
    response = client.post(url, {"person": target.pk, "role": Role.OWNER, "unit": org.eia.pk})
    created = RoleAssignment.objects.filter(person=target).exists()
    assert created is can_post
    assert response.status_code == (302 if can_post else 404)


def test_role_form_keeps_input_and_shows_thai_error(client, org, coordinator):
    client.force_login(coordinator)
    url = reverse("roles", args=["onep", PERSONA_FY])
    target = PersonFactory(department=org.department)
    response = client.post(url, {"person": target.pk, "role": "", "unit": org.eia.pk})
    html = response.content.decode()
    assert response.status_code == 422
    assert "ฟิลด์นี้จำเป็น" in html
    assert f'<option value="{org.eia.pk}" selected>' in html
    assert f'<option value="{target.pk}" selected>' in html


def test_coordinator_revokes_role(client, org, coordinator):
    assignment = RoleAssignment.objects.create(
        person=PersonFactory(department=org.department),
        role=Role.STAFF,
        fiscal_year=PERSONA_FY,
        department=org.department,
    )
    client.force_login(coordinator)
    url = reverse("role_revoke", args=["onep", PERSONA_FY, assignment.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_staff_cannot_revoke_role(client, org, coordinator, staff):
    assignment = RoleAssignment.objects.get(person__user=coordinator)
    client.force_login(staff)
    response = client.post(reverse("role_revoke", args=["onep", PERSONA_FY, assignment.pk]))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_coordinator_copies_last_years_roles(client, org, coordinator, owner):
    client.force_login(coordinator)
    response = client.post(reverse("roles_copy", args=["onep", PERSONA_FY + 1]))
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(fiscal_year=PERSONA_FY + 1).count() == 2


def test_fiscal_year_choice_is_kept_in_session(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("fiscal_year_choose"), {"fiscal_year": "2568", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<option value="2568" selected>' in html
    assert "คุณยังไม่มีบทบาทในปีงบประมาณ 2568" in html


def test_fiscal_year_choice_ignores_foreign_redirect(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("fiscal_year_choose"), {"fiscal_year": "2569", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_browser_language_does_not_override_thai(client, staff):
    client.force_login(staff)
    html = client.get(reverse("home"), headers={"accept-language": "en-US,en"}).content.decode()
    assert '<html lang="th">' in html
