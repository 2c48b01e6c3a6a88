"""The demo (issue 6 item 10): the 6-month round closed with accepted reports, evidence,
reviewer scores and an answered appeal; the 12-month round open with reports in every state."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from evidence.models import EvidenceFile
from reporting.models import Appeal, ReviewerScore, RoundState, Submission
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
    assert ReviewerScore.objects.filter(submission__round=six.round).count() == 7
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
