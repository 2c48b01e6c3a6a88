"""The demo (issue 6 item 10): the 6-month round closed with accepted reports, evidence,
reviewer scores, an answered appeal and its presentation to the executives; the 12-month round
open with reports in every state."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import AuditEvent
from evidence.models import EvidenceFile
from reporting.models import (
    Appeal,
    ExecutivePresentation,
    ReviewerScore,
    RoundState,
    Submission,
)
from reporting.results import agency_round_total


@pytest.mark.django_db
def test_demo_rounds_are_loaded_once():
    call_command("load_demo", "--quiet-logins")
    counts = (Submission.objects.count(), EvidenceFile.objects.count())
    call_command("load_demo", "--quiet-logins")
    assert (Submission.objects.count(), EvidenceFile.objects.count()) == counts

    six = RoundState.objects.get(round__framework__fiscal_year=2569, round__months=6)
    twelve = RoundState.objects.get(round__framework__fiscal_year=2569, round__months=12)
    assert six.state == RoundState.State.CLOSED and twelve.state == RoundState.State.OPEN
    six_states = set(Submission.objects.filter(round=six.round).values_list("state", flat=True))
    assert six_states == {Submission.State.ACCEPTED}
    # Seven KPIs; KPI 6 starts at the 12-month round (issue 17 item 3): no report at 6 months.
    assert ReviewerScore.objects.filter(submission__round=six.round).count() == 6
    assert not Submission.objects.filter(round=six.round, kpi__number="6").exists()
    assert Submission.objects.filter(round=twelve.round, kpi__number="6").exists()
    assert Appeal.objects.get().state == Appeal.State.UPHELD
    twelve_states = Counter(
        Submission.objects.filter(round=twelve.round).values_list("state", flat=True)
    )
    assert twelve_states[Submission.State.RETURNED] == 1
    assert twelve_states[Submission.State.SUBMITTED] >= 1
    assert twelve_states[Submission.State.DRAFT] >= 2
    assert EvidenceFile.objects.filter(file_type="png").exists()
    total = agency_round_total(six.round)
    assert total.totals.pending == 0 and total.level is not None
    for evidence in EvidenceFile.objects.all()[:3]:
        with evidence.file.open("rb") as handle:
            assert handle.read(4) in (b"%PDF", b"\x89PNG")


@pytest.mark.django_db
def test_demo_six_month_round_was_presented_to_the_executives_once(client, admin_user):
    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    presentation = ExecutivePresentation.objects.get()  # once, however often the demo loads
    assert presentation.round.months == 6 and presentation.round.framework.fiscal_year == 2569
    assert presentation.presented_on == datetime.date(2026, 5, 20)
    assert presentation.meeting == "การประชุมผู้บริหาร สผ. ครั้งที่ 5/2569"
    assert presentation.recorded_by is not None
    assert presentation.recorded_by.get_username() == "somchai"
    assert presentation.recorded_at.date() == datetime.date(2026, 5, 20)
    recorded = AuditEvent.objects.filter(action="reporting.presentation.recorded")
    assert recorded.count() == 1  # made through the service

    # A database loaded before the record existed gets it on the next load, still only once.
    ExecutivePresentation.objects.all().delete()
    call_command("load_demo", "--quiet-logins")
    assert ExecutivePresentation.objects.filter(round=presentation.round).count() == 1

    client.force_login(admin_user)
    response = client.get(reverse("admin:reporting_executivepresentation_changelist"))
    assert response.status_code == 200
    assert "ครั้งที่ 5/2569" in response.content.decode()
    again = ExecutivePresentation.objects.get()
    page = client.get(reverse("admin:reporting_executivepresentation_change", args=[again.pk]))
    assert page.status_code == 200 and "somchai" in page.content.decode()
