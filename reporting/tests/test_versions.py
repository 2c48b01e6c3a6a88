"""Scores against the signed version (issue 6 item 6; domain §7): a submission keeps the KPI
version it was created with, and amendments do not rewrite earlier rounds."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from agreements.models import Agreement, Amendment
from indicators.models import Kpi, TargetLevel
from reporting import services
from reporting.models import Submission
from reporting.services import SubmissionInput
from reporting.tests.factories import make_round
from reporting.versions import kpis_in_force


def _new_version(kpi: Kpi, targets: tuple[str, str, str], approved_on: datetime.date) -> Kpi:
    """A second approved version with other targets (what kpi_new_version + approve make)."""
    Kpi.objects.filter(pk=kpi.pk).update(is_latest=False, state=Kpi.State.SUPERSEDED)
    new = Kpi.objects.get(pk=kpi.pk)
    new.pk = None
    new.version = kpi.version + 1
    new.is_latest = True
    new.state = Kpi.State.APPROVED
    new.approved_at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(9)))
    new.save()
    for item in kpi.data_items.all():
        item.pk, item.kpi = None, new
        item.save()
    for order, (target, score) in enumerate(zip(targets, ("50", "75", "100"), strict=True), 1):
        TargetLevel.objects.create(
            kpi=new, order=order, target=Decimal(target), score=Decimal(score)
        )
    return new


def test_score_uses_the_stored_version_after_a_new_version_is_approved(setup, coordinator, owner):
    services.round_open(coordinator, setup.round)
    submission = Submission.objects.get(round=setup.round)
    assert submission.kpi_id == setup.kpi.pk
    _new_version(setup.kpi, ("95", "98", "100"), datetime.date(2026, 1, 15))
    saved = services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal(45), "b": Decimal(50)}),
        expected_version=submission.version,
    )
    # 90 % is the standard level under version 1 (80/90/100); version 2 would give 0.
    assert saved.kpi_id == setup.kpi.pk
    assert saved.self_score == Decimal("75.0000")


def test_without_agreement_the_version_approved_by_the_period_end_is_in_force(setup):
    late = _new_version(setup.kpi, ("95", "98", "100"), datetime.date(2026, 6, 1))
    six = setup.round  # period end 31 March 2026
    twelve = make_round(setup.framework, 12)  # period end 30 September 2026
    assert [k.pk for k in kpis_in_force(six)] == [setup.kpi.pk]
    assert [k.pk for k in kpis_in_force(twelve)] == [late.pk]


def test_signed_set_and_amendment_effective_dates_choose_the_version(setup, coordinator):
    agreement = Agreement.objects.create(
        framework=setup.framework,
        started_on=datetime.date(2025, 10, 1),
        state=Agreement.State.SIGNED,
        signed_snapshot={"kpis": [{"key": str(setup.kpi.key), "version": 1}]},
    )
    amended = _new_version(setup.kpi, ("85", "95", "100"), datetime.date(2026, 4, 20))
    Amendment.objects.create(
        agreement=agreement,
        kpi=setup.kpi,
        reason="ปรับเป้าหมาย",
        proposed_change="ค่าเป้าหมาย",
        state=Amendment.State.APPROVED,
        effective_from=datetime.date(2026, 4, 1),
        new_kpi=amended,
    )
    twelve = make_round(setup.framework, 12)
    assert [k.pk for k in kpis_in_force(setup.round)] == [setup.kpi.pk]
    assert [k.pk for k in kpis_in_force(twelve)] == [amended.pk]
    services.round_open(coordinator, setup.round)
    services.round_open(coordinator, twelve)
    assert Submission.objects.get(round=setup.round).kpi_id == setup.kpi.pk
    assert Submission.objects.get(round=twelve).kpi_id == amended.pk


def test_drafts_are_never_in_force(setup):
    Kpi.objects.filter(pk=setup.kpi.pk).update(state=Kpi.State.DRAFT, approved_at=None)
    assert kpis_in_force(setup.round) == []
