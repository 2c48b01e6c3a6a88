"""The demo (issue 6 item 10, issue 16 item 2): last year's 6-month round closed with accepted
reports, evidence, reviewer scores, an answered appeal and its presentation to the executives;
its 12-month round closed too, every report accepted (one after a return), presented and with
OPDC, who has scored the first KPIs."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DemoYears
from core.fiscal import FiscalYear
from core.models import AuditEvent
from evidence.models import EvidenceFile
from reporting.models import (
    Appeal,
    ExecutivePresentation,
    ReviewerScore,
    RoundState,
    Submission,
    SubmissionReturn,
)
from reporting.results import agency_round_total

Y = DemoYears.of()  # the years the demo is built for today


@pytest.mark.django_db
def test_demo_rounds_are_loaded_once():
    call_command("load_demo", "--quiet-logins")
    counts = (Submission.objects.count(), EvidenceFile.objects.count())
    call_command("load_demo", "--quiet-logins")
    assert (Submission.objects.count(), EvidenceFile.objects.count()) == counts

    six = RoundState.objects.get(round__framework__fiscal_year=Y.last, round__months=6)
    twelve = RoundState.objects.get(round__framework__fiscal_year=Y.last, round__months=12)
    assert six.state == RoundState.State.CLOSED and twelve.state == RoundState.State.CLOSED
    six_states = set(Submission.objects.filter(round=six.round).values_list("state", flat=True))
    assert six_states == {Submission.State.ACCEPTED}
    # Eight KPIs; KPI 6 starts at the 12-month round (issue 17 item 3): no report at 6 months.
    assert ReviewerScore.objects.filter(submission__round=six.round).count() == 7
    assert not Submission.objects.filter(round=six.round, kpi__number="6").exists()
    assert Submission.objects.filter(round=twelve.round, kpi__number="6").exists()
    assert Appeal.objects.get().state == Appeal.State.UPHELD
    twelve_states = Counter(
        Submission.objects.filter(round=twelve.round).values_list("state", flat=True)
    )
    assert twelve_states == {Submission.State.ACCEPTED: 8}
    assert SubmissionReturn.objects.filter(submission__round=twelve.round).count() == 1
    # With OPDC: the first KPIs scored, one below the department's own score.
    scores = ReviewerScore.objects.filter(submission__round=twelve.round)
    assert 0 < scores.count() < 8
    assert any(s.final_score < (s.submission.self_score or 0) for s in scores)
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

    # Once per round, however often the demo loads.
    assert ExecutivePresentation.objects.count() == 2
    presentation = ExecutivePresentation.objects.get(round__months=6)
    assert presentation.round.framework.fiscal_year == Y.last
    assert presentation.presented_on == datetime.date(FiscalYear(Y.last).end.year, 5, 20)
    assert presentation.meeting == f"การประชุมผู้บริหาร สผ. ครั้งที่ 5/{Y.last}"
    assert presentation.recorded_by is not None
    assert presentation.recorded_by.get_username() == "somchai"
    assert presentation.recorded_at.date() == presentation.presented_on
    recorded = AuditEvent.objects.filter(action="reporting.presentation.recorded")
    assert recorded.count() == 2  # made through the service

    # A database loaded before the record existed gets it on the next load, still only once.
    ExecutivePresentation.objects.filter(round=presentation.round).delete()
    call_command("load_demo", "--quiet-logins")
    assert ExecutivePresentation.objects.filter(round=presentation.round).count() == 1

    client.force_login(admin_user)
    response = client.get(reverse("admin:reporting_executivepresentation_changelist"))
    assert response.status_code == 200
    assert f"ครั้งที่ 5/{Y.last}" in response.content.decode()
    again = ExecutivePresentation.objects.get(round=presentation.round)
    page = client.get(reverse("admin:reporting_executivepresentation_change", args=[again.pk]))
    assert page.status_code == 200 and "somchai" in page.content.decode()
