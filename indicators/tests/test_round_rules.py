"""Per-round rules on the KPI sheet (issue 17 item 3): the editor sets them, the services
validate and copy them, the sheet shows them; once the agreement is signed a KPI is taken
out of a round only by an approved amendment."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Amendment
from indicators import services
from indicators.models import Kpi
from indicators.services import RoundExpectationInput
from indicators.tests.test_views import sheet_post

pytestmark = pytest.mark.django_db


def _rounds(framework):
    return list(framework.rounds.order_by("order"))


def test_editor_saves_the_rules_and_the_sheet_shows_them(client, coordinator, framework):
    six, twelve = _rounds(framework)
    client.force_login(coordinator)
    data = sheet_post(framework)
    data |= {
        "rounds-0-out": "on",
        "rounds-0-reason": "เริ่มประเมินรอบ 12 เดือน",
        "rounds-1-expectation": "รายงานผลทั้งปี",
        "rounds-1-weight": "25",
        "rounds-1-reason": "เพิ่มน้ำหนักตามมติคณะกรรมการ",
    }
    response = client.post(reverse("kpi_create", kwargs={"code": "onep", "year": 2569}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kpi = Kpi.objects.get(number="7")
    rules = {r.round_id: r for r in kpi.round_expectations.all()}
    assert not rules[six.pk].in_force and rules[six.pk].reason == "เริ่มประเมินรอบ 12 เดือน"
    assert rules[twelve.pk].in_force and rules[twelve.pk].weight == Decimal(25)
    html = client.get(reverse("kpi_detail", args=[kpi.pk])).content.decode()
    assert "ไม่ประเมินในรอบนี้" in html and "เริ่มประเมินรอบ 12 เดือน" in html
    assert "น้ำหนักในรอบนี้ 25.00" in html
    # The editor shows them back.
    html = client.get(reverse("kpi_edit", args=[kpi.pk])).content.decode()
    assert 'name="rounds-0-out"' in html and "checked" in html.split('name="rounds-0-out"')[1][:80]
    assert "เพิ่มน้ำหนักตามมติคณะกรรมการ" in html


def test_editor_puts_the_rule_problems_next_to_the_inputs(client, coordinator, framework):
    client.force_login(coordinator)
    data = sheet_post(framework) | {"rounds-0-out": "on", "rounds-0-weight": "10"}
    response = client.post(reverse("kpi_create", kwargs={"code": "onep", "year": 2569}), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "รอบที่ไม่ประเมินไม่มีน้ำหนัก" in html and "กรุณาระบุเหตุผล" in html
    assert not Kpi.objects.filter(number="7").exists()


def test_a_kpi_must_be_evaluated_in_some_round(coordinator, framework, eia_draft):
    rules = [
        RoundExpectationInput(r, "", in_force=False, reason="ยกเลิก") for r in _rounds(framework)
    ]
    with pytest.raises(ValidationError) as error:
        services.kpi_update(coordinator, eia_draft, round_expectations=rules)
    assert "ตัวชี้วัดต้องประเมินอย่างน้อยหนึ่งรอบ" in str(error.value)


def test_new_version_copies_the_rules(coordinator, framework, eia_approved):
    six, twelve = _rounds(framework)
    eia_approved.round_expectations.create(round=twelve, in_force=False, reason="ยกเลิกโครงการ")
    eia_approved.round_expectations.create(round=six, weight=Decimal(40), reason="ครึ่งปีแรก")
    new = services.kpi_new_version(coordinator, eia_approved)
    copied = {r.round_id: (r.in_force, r.weight, r.reason) for r in new.round_expectations.all()}
    assert copied == {
        twelve.pk: (False, None, "ยกเลิกโครงการ"),
        six.pk: (True, Decimal(40), "ครึ่งปีแรก"),
    }


def test_after_signing_a_cancellation_cites_the_approved_amendment(
    coordinator, framework, eia_approved
):
    _six, twelve = _rounds(framework)
    agreement = Agreement.objects.create(
        framework=framework,
        started_on=datetime.date(2025, 10, 1),
        state=Agreement.State.SIGNED,
        signed_snapshot={"kpis": [{"key": str(eia_approved.key), "version": 1}]},
    )
    requested = Amendment.objects.create(
        agreement=agreement,
        kpi=eia_approved,
        reason="โครงการถูกยกเลิก",
        proposed_change="ยกเลิกตัวชี้วัดตั้งแต่รอบ 12 เดือน",
        state=Amendment.State.REQUESTED,
    )
    new = services.kpi_new_version(coordinator, eia_approved, amendment=True)
    cancel = RoundExpectationInput(twelve, "", in_force=False, reason="โครงการถูกยกเลิก")
    with pytest.raises(ValidationError) as error:
        services.kpi_update(coordinator, new, round_expectations=[cancel])
    assert "ต้องอ้างอิงการขอปรับที่อนุมัติแล้ว" in str(error.value)
    with pytest.raises(ValidationError) as error:  # not approved yet
        services.kpi_update(
            coordinator,
            new,
            round_expectations=[
                RoundExpectationInput(
                    twelve, "", in_force=False, reason="โครงการถูกยกเลิก", amendment=requested
                )
            ],
        )
    assert "ที่สำนักงาน ก.พ.ร. อนุมัติแล้ว" in str(error.value)
    Amendment.objects.filter(pk=requested.pk).update(
        state=Amendment.State.APPROVED, effective_from=datetime.date(2026, 4, 1), new_kpi=new
    )
    requested.refresh_from_db()
    services.kpi_update(
        coordinator,
        new,
        round_expectations=[
            RoundExpectationInput(
                twelve, "", in_force=False, reason="โครงการถูกยกเลิก", amendment=requested
            )
        ],
    )
    rule = new.round_expectations.get()
    assert rule.amendment == requested and not rule.in_force
    # A later version keeps the signed cancellation without citing it again.
    services.kpi_approve(coordinator, new)
    Kpi.objects.filter(pk=new.pk).update(approved_at=timezone.now())
    third = services.kpi_new_version(coordinator, Kpi.objects.get(pk=new.pk), amendment=True)
    services.kpi_update(
        coordinator,
        third,
        round_expectations=[RoundExpectationInput(twelve, "", in_force=False, reason="ยกเลิก")],
    )
