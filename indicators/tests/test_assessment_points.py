"""Assessment points (ประเด็นการประเมิน, issue 17 item 2) on the KPI sheet: stored in order,
validated, carried into a new version."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators import services
from indicators.services import AssessmentPointInput, LevelInput

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
    assert services.stored_points(kpi) == POINTS


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
