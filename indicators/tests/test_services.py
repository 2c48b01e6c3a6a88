"""KPI sheet services: who may change what, and versions as rows (style.md)."""

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from frameworks.models import PlanItem
from indicators import services
from indicators.models import Kpi
from indicators.services import (
    BaselineInput,
    DataItemInput,
    LevelInput,
    RoundExpectationInput,
)
from indicators.tests.factories import KpiFactory, PlanItemFactory, add_levels

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F]")
LEVELS = [
    LevelInput(Decimal(80), Decimal(50), "ขั้นต้น"),
    LevelInput(Decimal(90), Decimal(75), "มาตรฐาน"),
    LevelInput(Decimal(100), Decimal(100), "ขั้นสูง"),
]


def _create(user, framework, performance, **overrides):
    fields: dict[str, Any] = {
        "component": performance,
        "number": "9",
        "name_th": "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ",
        "weight": Decimal(10),
        "formula": "(a / b) * 100",
    }
    children: dict[str, Any] = {
        "data_items": [DataItemInput("a", "จำนวนที่เสร็จ", "ฉบับ"), DataItemInput("b", "ทั้งหมด")],
        "levels": LEVELS,
    }
    for key in list(overrides):
        if key in children or key in {"baselines", "round_expectations", "collectors", "lineage"}:
            children[key] = overrides.pop(key)
    return services.kpi_create(user, framework, **children, **{**fields, **overrides})


# Creating ------------------------------------------------------------------------------------


def test_coordinator_creates_draft_version_one(coordinator, framework, performance):
    kpi = _create(coordinator, framework, performance)
    assert (kpi.state, kpi.version, kpi.is_latest) == ("draft", 1, True)
    assert [d.code for d in kpi.data_items.all()] == ["a", "b"]
    assert [lv.score for lv in kpi.levels.all()] == [50, 75, 100]
    assert AuditEvent.objects.filter(
        action="indicators.kpi.created", object_id=str(kpi.pk)
    ).exists()


@pytest.mark.parametrize(
    "persona", ["owner", "overseer", "executive", "staff", "evaluator", "outsider"]
)
def test_only_the_coordinator_creates_kpis(request, persona, framework, performance):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied) as error:
        _create(user, framework, performance)
    assert THAI.search(str(error.value))
    assert not Kpi.objects.exists()


def test_new_sheet_takes_the_framework_interpolation(coordinator, framework, performance):
    framework.interpolate = False
    framework.save()
    assert _create(coordinator, framework, performance).interpolate is False


# Editing -------------------------------------------------------------------------------------


def test_coordinator_edits_any_draft_of_the_department(coordinator, quality_draft):
    kpi = services.kpi_update(coordinator, quality_draft, {"name_th": "ชื่อใหม่"})
    assert kpi.name_th == "ชื่อใหม่"
    assert kpi.revision == quality_draft.revision + 1
    event = AuditEvent.objects.get(action="indicators.kpi.updated")
    assert event.data["name_th"] == "ชื่อใหม่"


def test_owner_edits_a_draft_of_their_unit(owner, eia_draft):
    services.kpi_update(owner, eia_draft, {"scope": "ทุกโครงการ"})
    eia_draft.refresh_from_db()
    assert eia_draft.scope == "ทุกโครงการ"


def test_owner_edits_a_draft_of_a_sub_unit(owner, org, performance):
    kpi = add_levels(KpiFactory(component=performance, responsible_unit=org.eia_group))
    services.kpi_update(owner, kpi, {"unit": "วัน"})
    kpi.refresh_from_db()
    assert kpi.unit == "วัน"


def test_owner_cannot_edit_another_units_draft(owner, quality_draft):
    with pytest.raises(PermissionDenied):
        services.kpi_update(owner, quality_draft, {"name_th": "แอบแก้"})
    quality_draft.refresh_from_db()
    assert quality_draft.name_th != "แอบแก้"


def test_owner_cannot_hand_a_draft_to_another_unit(owner, org, eia_draft):
    with pytest.raises(ValidationError) as error:
        services.kpi_update(owner, eia_draft, {"responsible_unit": org.quality})
    assert "responsible_unit" in error.value.message_dict


@pytest.mark.parametrize(
    "persona", ["overseer", "executive", "staff", "evaluator", "committee_member"]
)
def test_viewers_cannot_edit(request, persona, eia_draft):
    with pytest.raises(PermissionDenied):
        services.kpi_update(request.getfixturevalue(persona), eia_draft, {"name_th": "x"})


@pytest.mark.parametrize("persona", ["coordinator", "owner"])
def test_approved_sheet_is_never_edited(request, persona, eia_approved):
    with pytest.raises(ValidationError) as error:
        services.kpi_update(request.getfixturevalue(persona), eia_approved, {"name_th": "x"})
    assert "ตัวชี้วัดที่อนุมัติแล้วแก้ไขไม่ได้ กรุณาสร้างฉบับใหม่" in error.value.messages
    eia_approved.refresh_from_db()
    assert eia_approved.name_th != "x"


def test_update_replaces_the_children_given_and_keeps_the_others(coordinator, framework, eia_draft):
    round_6 = framework.rounds.get(months=6)
    person = coordinator.person
    plan = PlanItemFactory()
    services.kpi_update(
        coordinator,
        eia_draft,
        {"formula": "a * 2"},
        data_items=[DataItemInput("a", "จำนวนโครงการ")],
        baselines=[BaselineInput(2567, Decimal("85.5"), "ผลจริง")],
        round_expectations=[RoundExpectationInput(round_6, "รายงานความก้าวหน้า")],
        collectors=[person],
        lineage=[plan],
    )
    eia_draft.refresh_from_db()
    assert eia_draft.levels.count() == 3  # not given: kept
    assert [b.value for b in eia_draft.baselines.all()] == [Decimal("85.5")]
    assert eia_draft.round_expectations.get().expectation == "รายงานความก้าวหน้า"
    assert list(eia_draft.collectors.all()) == [person]
    assert list(eia_draft.lineage.all()) == [plan]


def test_update_from_a_stale_editor_is_refused(coordinator, eia_draft):
    seen = eia_draft.revision
    services.kpi_update(coordinator, eia_draft, {"name_th": "ฉบับแรก"}, revision=seen)
    with pytest.raises(ValidationError) as error:
        services.kpi_update(coordinator, eia_draft, {"name_th": "ทับของคนอื่น"}, revision=seen)
    assert "ถูกแก้ไขโดยผู้อื่น" in error.value.messages[0]
    assert error.value.code == services.STALE_REVISION == "stale_revision"  # the API's 409
    eia_draft.refresh_from_db()
    assert eia_draft.name_th == "ฉบับแรก"


def test_approve_from_a_stale_page_is_refused_with_the_stale_code(coordinator, eia_draft):
    with pytest.raises(ValidationError) as error:
        services.kpi_approve(coordinator, eia_draft, revision=eia_draft.revision + 1)
    assert error.value.code == "stale_revision"
    eia_draft.refresh_from_db()
    assert eia_draft.state == Kpi.State.DRAFT


# Approving and versions ---------------------------------------------------------------------


def test_coordinator_approves_a_draft(coordinator, eia_draft):
    kpi = services.kpi_approve(coordinator, eia_draft)
    assert kpi.state == "approved"
    assert kpi.approved_at is not None
    assert AuditEvent.objects.filter(action="indicators.kpi.approved").count() == 1


@pytest.mark.parametrize("persona", ["owner", "overseer", "executive", "evaluator"])
def test_only_the_coordinator_approves(request, persona, eia_draft):
    with pytest.raises(PermissionDenied):
        services.kpi_approve(request.getfixturevalue(persona), eia_draft)
    eia_draft.refresh_from_db()
    assert eia_draft.state == "draft"


def test_approving_twice_is_refused(coordinator, eia_approved):
    with pytest.raises(ValidationError):
        services.kpi_approve(coordinator, eia_approved)


def test_incomplete_sheet_cannot_be_approved(coordinator, performance, org):
    kpi = KpiFactory(component=performance, responsible_unit=org.eia)  # no levels
    with pytest.raises(ValidationError) as error:
        services.kpi_approve(coordinator, kpi)
    assert "ต้องมีอย่างน้อย 2 ระดับ" in error.value.messages
    kpi.refresh_from_db()
    assert kpi.state == "draft"


def test_new_version_copies_the_sheet_and_its_children(coordinator, framework, eia_approved):
    person = coordinator.person
    plan = PlanItemFactory()
    eia_approved.data_items.create(code="a", name_th="จำนวน", unit="ฉบับ")
    eia_approved.baselines.create(fiscal_year=2568, value=Decimal(91))
    eia_approved.round_expectations.create(round=framework.rounds.first(), expectation="ความก้าวหน้า")
    eia_approved.collectors.add(person)
    eia_approved.lineage.add(plan)

    new = services.kpi_new_version(coordinator, eia_approved)

    eia_approved.refresh_from_db()
    assert (new.version, new.state, new.is_latest, new.key) == (2, "draft", True, eia_approved.key)
    assert (eia_approved.state, eia_approved.is_latest) == ("approved", False)
    assert new.name_th == eia_approved.name_th and new.weight == eia_approved.weight
    assert [(lv.target, lv.score) for lv in new.levels.all()] == [
        (lv.target, lv.score) for lv in eia_approved.levels.all()
    ]
    assert [d.code for d in new.data_items.all()] == ["a"]
    assert new.baselines.get().value == 91
    assert new.round_expectations.get().expectation == "ความก้าวหน้า"
    assert list(new.collectors.all()) == [person]
    assert list(new.lineage.all()) == [plan]
    assert new.approved_at is None
    assert AuditEvent.objects.filter(action="indicators.kpi.new_version").count() == 1


def test_only_one_draft_per_key(coordinator, eia_approved):
    services.kpi_new_version(coordinator, eia_approved)
    with pytest.raises(ValidationError) as error:
        services.kpi_new_version(coordinator, eia_approved)
    assert "ฉบับร่าง" in error.value.messages[0]
    assert Kpi.objects.filter(key=eia_approved.key).count() == 2


def test_new_version_needs_an_approved_sheet(coordinator, eia_draft):
    with pytest.raises(ValidationError):
        services.kpi_new_version(coordinator, eia_draft)


def test_owner_cannot_start_a_new_version(owner, eia_approved):
    with pytest.raises(PermissionDenied):
        services.kpi_new_version(owner, eia_approved)


def test_approving_version_two_supersedes_version_one(coordinator, eia_approved):
    draft = services.kpi_new_version(coordinator, eia_approved)
    services.kpi_update(coordinator, draft, {"weight": Decimal(25)})
    services.kpi_approve(coordinator, draft)
    eia_approved.refresh_from_db()
    draft.refresh_from_db()
    assert (draft.state, draft.is_latest) == ("approved", True)
    assert eia_approved.state == "superseded"
    assert eia_approved.weight == 30  # the old version's content never changes
    assert AuditEvent.objects.filter(action="indicators.kpi.superseded").count() == 1
    assert Kpi.objects.filter(key=draft.key, is_latest=True).get() == draft


def test_coordinator_deletes_a_never_approved_draft(coordinator, eia_draft):
    services.kpi_delete_draft(coordinator, eia_draft)
    assert not Kpi.objects.filter(pk=eia_draft.pk).exists()
    assert AuditEvent.objects.filter(action="indicators.kpi.deleted").count() == 1


def test_approved_and_later_drafts_are_not_deleted(coordinator, eia_approved):
    with pytest.raises(ValidationError):
        services.kpi_delete_draft(coordinator, eia_approved)
    draft = services.kpi_new_version(coordinator, eia_approved)
    with pytest.raises(ValidationError):
        services.kpi_delete_draft(coordinator, draft)
    assert Kpi.objects.filter(key=eia_approved.key).count() == 2


def test_owner_cannot_delete(owner, eia_draft):
    with pytest.raises(PermissionDenied):
        services.kpi_delete_draft(owner, eia_draft)


def test_parent_with_sub_kpis_is_not_deleted(coordinator, performance, eia_draft):
    KpiFactory(component=performance, parent=eia_draft, sub_weight=Decimal(100))
    with pytest.raises(ValidationError):
        services.kpi_delete_draft(coordinator, eia_draft)


# Lineage choices -----------------------------------------------------------------------------


def test_lineage_of_another_department_is_refused(coordinator, org, eia_draft):
    foreign = PlanItem.objects.create(
        level=PlanItem.Level.DEPARTMENT,
        code="X1",
        name_th="ของกรมอื่น",
        department=org.other_department,
    )
    with pytest.raises(ValidationError) as error:
        services.kpi_update(coordinator, eia_draft, lineage=[foreign])
    assert "lineage" in error.value.message_dict
