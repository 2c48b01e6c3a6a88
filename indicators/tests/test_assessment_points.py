"""Assessment points (ประเด็นการประเมิน, issue 17 item 2) on the KPI sheet: stored in order,
validated, carried into a new version."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators import services
from indicators.services import AssessmentPointInput, LevelInput
from indicators.validation import format_point_criteria, parse_point_criteria, stored_points

pytestmark = pytest.mark.django_db

POINTS = [
    AssessmentPointInput(
        "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ",
        "ร้อยละ",
        D(60),
        ((D(80), D(50)), (D(90), D(75)), (D(100), D(100))),
    ),
    AssessmentPointInput(
        "จำนวนเครือข่ายที่เข้าร่วม", "เครือข่าย", D(40), ((D(10), D(50)), (D(20), D(100)))
    ),
]


def _create(user, framework, performance, points=POINTS, **fields):
    return services.kpi_create(
        user,
        framework,
        component=performance,
        number="3",
        name_th="การพิจารณารายงาน EIA",
        weight=D(10),
        method=fields.pop("method", "composite"),
        levels=fields.pop("levels", [LevelInput(D(0), D(100), "คะแนนเต็ม")]),
        assessment_points=points,
        **fields,
    )


def test_points_are_stored_in_order(coordinator, framework, performance):
    kpi = _create(coordinator, framework, performance)
    stored = list(kpi.assessment_points.all())
    assert [(p.order, p.name_th, p.unit, p.weight) for p in stored] == [
        (1, "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ", "ร้อยละ", D(60)),
        (2, "จำนวนเครือข่ายที่เข้าร่วม", "เครือข่าย", D(40)),
    ]
    # Decimal as text in the JSON: every digit kept.
    assert stored[1].criteria == [{"target": "10", "score": "50"}, {"target": "20", "score": "100"}]
    assert stored_points(kpi) == POINTS


def test_points_without_weights_are_only_reported(coordinator, framework, performance):
    points = [AssessmentPointInput("ผลผลิต", "ชิ้น"), AssessmentPointInput("ผลลัพธ์", "ร้อยละ")]
    kpi = _create(
        coordinator,
        framework,
        performance,
        points,
        method="levels",
        levels=[LevelInput(D(1), D(50)), LevelInput(D(2), D(100))],
    )
    assert [p.name_th for p in kpi.assessment_points.all()] == ["ผลผลิต", "ผลลัพธ์"]


def test_update_replaces_points(coordinator, framework, performance):
    kpi = _create(coordinator, framework, performance)
    services.kpi_update(coordinator, kpi, assessment_points=POINTS[:1])
    assert [p.name_th for p in kpi.assessment_points.all()] == [POINTS[0].name_th]
    services.kpi_update(coordinator, kpi, {"name_th": "ชื่อใหม่"})  # None leaves the points
    assert kpi.assessment_points.count() == 1


def test_new_version_copies_the_points(coordinator, eia_approved):
    eia_approved.assessment_points.create(order=1, name_th="ประเด็นที่หนึ่ง", unit="ครั้ง")
    eia_approved.assessment_points.create(order=2, name_th="ประเด็นที่สอง", weight=D("12.5"))
    new = services.kpi_new_version(coordinator, eia_approved)
    assert [(p.order, p.name_th, p.unit, p.weight) for p in new.assessment_points.all()] == [
        (1, "ประเด็นที่หนึ่ง", "ครั้ง", None),
        (2, "ประเด็นที่สอง", "", D("12.5")),
    ]


@pytest.mark.parametrize(
    ("points", "fields", "where"),
    [
        ([AssessmentPointInput("", "")], {}, "assessment_points[0].name_th"),
        (
            [POINTS[0], AssessmentPointInput("ไม่มีน้ำหนัก")],
            {},
            "assessment_points",
        ),
        (
            [AssessmentPointInput("ก", "", D(1), ((D(90), D(50)), (D(80), D(100))))],
            {},
            "assessment_points[0].criteria",
        ),
        (POINTS, {"method": "levels"}, "method"),
        (
            [AssessmentPointInput("ก", "", D(-1), ((D(1), D(50)), (D(2), D(100))))],
            {},
            "assessment_points[0].weight",
        ),
    ],
)
def test_bad_points_are_refused_in_thai(coordinator, framework, performance, points, fields, where):
    with pytest.raises(ValidationError) as error:
        _create(coordinator, framework, performance, points, **fields)
    assert where in error.value.message_dict


def test_point_criteria_text_round_trips():
    pairs = parse_point_criteria("80=50; 90 = 75;1,000=100")
    assert pairs == ((D(80), D(50)), (D(90), D(75)), (D(1000), D(100)))
    assert pairs is not None
    assert format_point_criteria(pairs) == "80=50; 90=75; 1000=100"
    assert parse_point_criteria("") == ()
    assert parse_point_criteria("80:50") is None
    assert parse_point_criteria("x=50") is None


# The editor and the sheet page ---------------------------------------------------------------


def test_editor_saves_points_and_the_sheet_shows_them_in_order(client, coordinator, framework):
    from django.urls import reverse

    from indicators.models import Kpi
    from indicators.tests.test_views import sheet_post

    client.force_login(coordinator)
    data = sheet_post(
        framework,
        method="composite",
        formula="",
        **{
            "data_items-TOTAL_FORMS": "0",
            "levels-TOTAL_FORMS": "1",
            "levels-0-label": "คะแนนเต็ม",
            "levels-0-target": "0",
            "levels-0-score": "100",
            "points-TOTAL_FORMS": "3",
            "points-INITIAL_FORMS": "0",
            "points-0-name_th": "ร้อยละของเรื่องที่แก้ไขเสร็จ",
            "points-0-unit": "ร้อยละ",
            "points-0-weight": "60",
            "points-0-criteria": "80=50; 90=75; 100=100",
            "points-1-name_th": "จำนวนเครือข่าย",
            "points-1-unit": "เครือข่าย",
            "points-1-weight": "40",
            "points-1-criteria": "10=50; 20=100",
        },
    )
    for key in [k for k in data if k.startswith(("data_items-0", "data_items-1"))]:
        del data[key]
    for key in [k for k in data if k.startswith(("levels-1", "levels-2"))]:
        del data[key]
    response = client.post(reverse("kpi_create", kwargs={"code": "onep", "year": 2569}), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    kpi = Kpi.objects.get(name_th="ร้อยละของเรื่องร้องเรียนที่แก้ไขแล้วเสร็จ")
    assert [(p.name_th, p.weight) for p in kpi.assessment_points.all()] == [
        ("ร้อยละของเรื่องที่แก้ไขเสร็จ", D(60)),
        ("จำนวนเครือข่าย", D(40)),
    ]
    page = client.get(reverse("kpi_detail", args=[kpi.pk])).content.decode()
    assert page.index("ร้อยละของเรื่องที่แก้ไขเสร็จ") < page.index("จำนวนเครือข่าย")
    assert "10.00 → 50.00; 20.00 → 100.00" in page
    editor = client.get(reverse("kpi_edit", args=[kpi.pk])).content.decode()
    assert 'value="80=50; 90=75; 100=100"' in editor


def test_editor_puts_a_bad_criteria_text_next_to_the_point(client, coordinator, framework):
    from django.urls import reverse

    from indicators.tests.test_views import sheet_post

    client.force_login(coordinator)
    data = sheet_post(
        framework,
        **{
            "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "0",
            "points-0-name_th": "ประเด็น",
            "points-0-criteria": "แปดสิบ",
        },
    )
    response = client.post(reverse("kpi_create", kwargs={"code": "onep", "year": 2569}), data)
    assert response.status_code == 422
    assert "เขียนเกณฑ์เป็น ค่าเป้าหมาย=คะแนน" in response.content.decode()


def test_composite_scored_by_points_needs_no_sub_kpis(coordinator, framework, performance):
    kpi = _create(coordinator, framework, performance)
    problems = services.framework_weight_problems(framework)
    assert not any(kpi.number in problem and "ตัวชี้วัดย่อย" in problem for problem in problems)


def test_a_kpi_with_sub_kpis_cannot_also_score_by_points(coordinator, framework, performance):
    kpi = _create(coordinator, framework, performance, points=[])
    services.kpi_create(
        coordinator,
        framework,
        component=performance,
        number="3.1",
        name_th="ตัวชี้วัดย่อย",
        weight=D(1),
        parent=kpi,
        sub_weight=D(100),
    )
    with pytest.raises(ValidationError) as error:
        services.kpi_update(coordinator, kpi, assessment_points=POINTS)
    assert "assessment_points" in error.value.message_dict
    # Points that are only reported are fine.
    services.kpi_update(coordinator, kpi, assessment_points=[AssessmentPointInput("ประเด็น")])
