"""Framework pages: who sees and changes what, the edit form's Thai errors, query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditEvent
from frameworks.models import Component, Framework
from frameworks.tests.factories import make_framework

pytestmark = pytest.mark.django_db

MEMBERS = ["owner", "overseer", "committee_member", "executive", "evaluator", "staff"]
THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture
def framework(org):
    return make_framework(org.department, 2569)


def edit_data(framework, **overrides):
    """The edit form as the page renders it for the saved framework, with some fields changed."""
    data = {
        "name_th": framework.name_th,
        "basic_score": str(framework.basic_score),
        "standard_score": str(framework.standard_score),
        "advanced_score": str(framework.advanced_score),
        "interpolate": "on",
        "five_level_floor": str(framework.five_level_floor),
        "precision": str(framework.precision),
        "version": str(framework.version),
    }
    levels = framework.result_levels.order_by("-min_total")
    sections = [
        (
            "components",
            framework.components.all(),
            ["order", "code", "name_th", "name_en", "weight"],
        ),
        ("levels", levels, ["code", "label_th", "min_total"]),
        ("rounds", framework.rounds.all(), ["name_th", "months", "period_end", "due_date"]),
    ]
    for prefix, rows, fields in sections:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-framework"] = str(framework.pk)
            for name in fields:
                value = getattr(row, name)
                data[f"{prefix}-{i}-{name}"] = (
                    value.isoformat() if isinstance(value, datetime.date) else str(value)
                )
    for step in framework.steps.all():
        data[f"step_{step.step}"] = "" if step.days is None else str(step.days)
    data.update(overrides)
    return data


def snapshot(framework):
    f = Framework.objects.get(pk=framework.pk)
    return (
        f.version,
        f.name_th,
        list(f.components.values_list("code", "weight")),
        list(f.result_levels.values_list("code", "min_total")),
        list(f.rounds.values_list("months", "period_end", "due_date")),
    )


# --- Permission matrix ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["framework_list", "framework_create", "lineage_index"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["framework_detail", "framework_edit"])
def test_anonymous_is_sent_to_login_from_a_framework(client, framework, name):
    response = client.get(reverse(name, args=[framework.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["coordinator", *MEMBERS])
def test_department_members_see_list_and_detail(client, request, framework, persona):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("framework_list")).content.decode()
    assert framework.name_th in html
    response = client.get(reverse("framework_detail", args=[framework.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "การประเมินประสิทธิภาพการดำเนินงาน" in html
    assert "31 มี.ค. 69" in html and "30 เม.ย. 69" in html


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_only_view(client, request, framework, persona):
    client.force_login(request.getfixturevalue(persona))
    detail = client.get(reverse("framework_detail", args=[framework.pk])).content.decode()
    assert reverse("framework_edit", args=[framework.pk]) not in detail
    assert client.get(reverse("framework_edit", args=[framework.pk])).status_code == 403
    response = client.post(reverse("framework_edit", args=[framework.pk]), edit_data(framework))
    assert response.status_code == 403
    assert client.get(reverse("framework_create")).status_code == 403
    response = client.post(reverse("framework_activate", args=[framework.pk]))
    assert response.status_code == 403
    assert Framework.objects.get(pk=framework.pk).state == Framework.State.DRAFT


def test_outsider_gets_404_for_another_departments_framework(client, outsider, framework):
    client.force_login(outsider)
    assert framework.name_th not in client.get(reverse("framework_list")).content.decode()
    for name in ["framework_detail", "framework_edit"]:
        assert client.get(reverse(name, args=[framework.pk])).status_code == 404
    assert client.post(reverse("framework_activate", args=[framework.pk])).status_code == 404
    assert client.get(reverse("lineage", args=["onep"])).status_code == 404


def test_coordinator_sees_edit_and_create(client, coordinator, framework):
    client.force_login(coordinator)
    detail = client.get(reverse("framework_detail", args=[framework.pk])).content.decode()
    assert reverse("framework_edit", args=[framework.pk]) in detail
    assert "ประวัติการเปลี่ยนแปลง" not in detail  # no audited change yet
    assert client.get(reverse("framework_edit", args=[framework.pk])).status_code == 200
    assert client.get(reverse("framework_create")).status_code == 200


def test_navigation_shows_frameworks_to_everyone_signed_in(client, staff):
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert reverse("framework_list") in html
    assert "กรอบการประเมิน" in html


# --- Create ---------------------------------------------------------------------------------


def test_coordinator_creates_from_a_template_and_lands_on_edit(client, coordinator, org):
    client.force_login(coordinator)
    response = client.post(
        reverse("framework_create"),
        {"department": org.department.pk, "fiscal_year": "2569", "source": "performance_potential"},
    )
    framework = Framework.objects.get(department=org.department, fiscal_year=2569)
    assert response.status_code == 302
    assert response["Location"] == reverse("framework_edit", args=[framework.pk])
    assert framework.components.count() == 2


def test_coordinator_copies_last_year(client, coordinator, org):
    make_framework(org.department, 2568)
    client.force_login(coordinator)
    response = client.post(
        reverse("framework_create"),
        {"department": org.department.pk, "fiscal_year": "2569", "source": "copy"},
    )
    assert response.status_code == 302
    copy = Framework.objects.get(department=org.department, fiscal_year=2569)
    assert copy.rounds.get(months=6).period_end == datetime.date(2026, 3, 31)
    assert AuditEvent.objects.filter(action="frameworks.framework.copied").count() == 1


def test_copy_without_last_year_says_so_in_thai(client, coordinator, org):
    client.force_login(coordinator)
    response = client.post(
        reverse("framework_create"),
        {"department": org.department.pk, "fiscal_year": "2569", "source": "copy", "name_th": "ก"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "ไม่พบกรอบการประเมินของปีก่อนหน้าให้คัดลอก" in html
    assert 'value="ก"' in html
    assert not Framework.objects.exists()


def test_create_offers_next_year_when_this_year_exists(client, coordinator, framework):
    client.force_login(coordinator)
    html = client.get(reverse("framework_create")).content.decode()
    assert re.search(r'<option value="2570" selected>', html)


def test_outsider_can_only_create_for_their_own_department(client, outsider, org):
    client.force_login(outsider)
    response = client.get(reverse("framework_create"))
    html = response.content.decode()
    assert org.other_department.name_th in html
    assert org.department.name_th not in html
    response = client.post(
        reverse("framework_create"),
        {"department": org.department.pk, "fiscal_year": "2569", "source": "five_bases"},
    )
    assert response.status_code == 422
    assert not Framework.objects.filter(department=org.department).exists()


# --- Edit -----------------------------------------------------------------------------------


def test_coordinator_saves_the_edit_form(client, coordinator, framework):
    client.force_login(coordinator)
    data = edit_data(
        framework,
        **{
            "components-0-weight": "65",
            "components-1-weight": "35",
            "precision": "2",
            "step_1": "5",
        },
    )
    response = client.post(reverse("framework_edit", args=[framework.pk]), data)
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.precision == 2
    assert list(framework.components.values_list("weight", flat=True)) == [
        Decimal(65),
        Decimal(35),
    ]
    assert framework.steps.get(step=1).days == 5
    assert AuditEvent.objects.filter(action="frameworks.framework.updated").count() == 1
    detail = client.get(reverse("framework_detail", args=[framework.pk])).content.decode()
    assert "ประวัติการเปลี่ยนแปลง" in detail


def test_coordinator_adds_and_removes_rows(client, coordinator, framework):
    client.force_login(coordinator)
    data = edit_data(framework)
    data.update(
        {
            "rounds-TOTAL_FORMS": "3",
            "rounds-2-name_th": "รอบ 9 เดือน",
            "rounds-2-months": "9",
            "rounds-2-period_end": "2026-06-30",
            "rounds-2-due_date": "2026-07-31",
            "rounds-2-framework": str(framework.pk),
            "levels-2-DELETE": "on",
        }
    )
    response = client.post(reverse("framework_edit", args=[framework.pk]), data)
    assert response.status_code == 302
    assert list(framework.rounds.values_list("months", flat=True)) == [6, 9, 12]
    assert not framework.result_levels.filter(code="basic").exists()


ERROR_CASES = [
    (
        {"components-0-weight": "65"},
        "น้ำหนักองค์ประกอบรวมกันต้องเท่ากับ 100 (ขณะนี้ 95.00)",
        'value="65"',
    ),
    ({"standard_score": "40"}, "คะแนนมาตรฐานต้องมากกว่าคะแนนขั้นต้น", 'value="40"'),
    ({"precision": "5"}, "ทศนิยมของคะแนนรวมต้องอยู่ระหว่าง 0 ถึง 4 ตำแหน่ง", 'value="5"'),
    (
        {"levels-1-min_total": "95"},
        "เกณฑ์คะแนนต้องเรียงจากมากไปน้อย: ต้องน้อยกว่า 90.00 ของระดับก่อนหน้า",
        'value="95"',
    ),
    ({"levels-3-min_total": "10"}, "ต้องมีระดับที่เริ่มต้นที่ 0 คะแนน", 'value="10"'),
    ({"levels-1-code": "quality"}, "รหัสระดับซ้ำกัน", 'value="quality"'),
    (
        {"rounds-0-due_date": "2026-03-15"},
        "กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ (31 มี.ค. 69)",
        'value="2026-03-15"',
    ),
    (
        {"rounds-1-period_end": "2026-10-15", "rounds-1-due_date": "2026-10-31"},
        "วันสิ้นสุดรอบต้องอยู่ในปีงบประมาณ 2569 (1 ต.ค. 68 – 30 ก.ย. 69)",
        'value="2026-10-15"',
    ),
    ({"step_3": "400"}, "ระยะเวลาต้องอยู่ระหว่าง 1 ถึง 365 วัน หรือเว้นว่าง", 'value="400"'),
]


@pytest.mark.parametrize(("changes", "message", "kept"), ERROR_CASES)
def test_edit_errors_are_thai_keep_input_and_save_nothing(
    client, coordinator, framework, changes, message, kept
):
    client.force_login(coordinator)
    before = snapshot(framework)
    response = client.post(
        reverse("framework_edit", args=[framework.pk]), edit_data(framework, **changes)
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert kept in html
    assert "ยังบันทึกไม่ได้" in html
    assert snapshot(framework) == before
    assert not AuditEvent.objects.exists()


def test_form_level_errors_are_thai_too(client, coordinator, framework):
    client.force_login(coordinator)
    response = client.post(
        reverse("framework_edit", args=[framework.pk]),
        edit_data(framework, **{"components-0-weight": "สิบ", "name_th": ""}),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="สิบ"' in html
    errors = re.findall(r'<ul class="errorlist"[^>]*><li>(.*?)</li>', html)
    assert errors and all(THAI.search(e) for e in errors)


def test_add_row_button_shows_one_more_blank_row_and_saves_nothing(client, coordinator, framework):
    client.force_login(coordinator)
    before = snapshot(framework)
    data = edit_data(framework, add_row="components", **{"components-0-weight": "50"})
    response = client.post(reverse("framework_edit", args=[framework.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="components-TOTAL_FORMS" value="3"' in html
    assert 'name="components-2-code"' in html
    assert 'value="50"' in html
    assert snapshot(framework) == before


def test_stale_form_is_refused(client, coordinator, framework):
    client.force_login(coordinator)
    data = edit_data(framework, name_th="ฉบับแรก")
    assert client.post(reverse("framework_edit", args=[framework.pk]), data).status_code == 302
    data = edit_data(framework, name_th="ฉบับที่ทับ")  # still version 0
    data["version"] = "0"
    response = client.post(reverse("framework_edit", args=[framework.pk]), data)
    assert response.status_code == 422
    assert "ถูกแก้ไขโดยผู้อื่น" in response.content.decode()
    assert Framework.objects.get(pk=framework.pk).name_th == "ฉบับแรก"


def test_active_framework_edit_redirects_to_detail(client, coordinator, org):
    framework = make_framework(org.department, state=Framework.State.ACTIVE)
    client.force_login(coordinator)
    response = client.get(reverse("framework_edit", args=[framework.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("framework_detail", args=[framework.pk])


def test_activate_and_reopen_from_the_detail_page(client, coordinator, framework):
    client.force_login(coordinator)
    client.post(reverse("framework_activate", args=[framework.pk]))
    assert Framework.objects.get(pk=framework.pk).state == Framework.State.ACTIVE
    client.post(reverse("framework_reopen", args=[framework.pk]))
    assert Framework.objects.get(pk=framework.pk).state == Framework.State.DRAFT


def test_problems_block_activation_with_a_thai_message(client, coordinator, framework):
    Component.objects.filter(framework=framework, code="potential").update(weight=Decimal(20))
    client.force_login(coordinator)
    detail = client.get(reverse("framework_detail", args=[framework.pk])).content.decode()
    assert "สิ่งที่ต้องแก้ไขก่อนใช้งาน" in detail
    assert "(ขณะนี้ 90.00)" in detail
    response = client.post(reverse("framework_activate", args=[framework.pk]), follow=True)
    assert "ยังเปลี่ยนสถานะไม่ได้" in response.content.decode()
    assert Framework.objects.get(pk=framework.pk).state == Framework.State.DRAFT


# --- Query counts ---------------------------------------------------------------------------


def test_list_queries_do_not_grow_with_frameworks(
    client, coordinator, org, django_assert_max_num_queries
):
    make_framework(org.department, 2569)
    client.force_login(coordinator)
    client.get(reverse("framework_list"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("framework_list")).status_code == 200
    for year in range(2560, 2569):
        make_framework(org.department, year)
    make_framework(org.other_department, 2569)
    with django_assert_max_num_queries(12) as many:
        html = client.get(reverse("framework_list")).content.decode()
    assert html.count("Performance Base 70") == 10
    assert len(many) == len(few)


def test_detail_queries_are_bounded(client, coordinator, framework, django_assert_max_num_queries):
    client.force_login(coordinator)
    client.post(reverse("framework_edit", args=[framework.pk]), edit_data(framework, name_th="ก"))
    client.post(
        reverse("framework_edit", args=[framework.pk]),
        edit_data(Framework.objects.get(pk=framework.pk), name_th="ข"),
    )
    with django_assert_max_num_queries(16):
        response = client.get(reverse("framework_detail", args=[framework.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("แก้ไข ·") >= 2
