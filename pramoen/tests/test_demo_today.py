"""The demo is anchored to today (issue 16 item 2): whatever the date, the current fiscal year is
in step 2 (negotiation with OPDC) with every role assigned, last year's 12-month round is closed
and with OPDC, the years before are history, and the people at work in step 2 find real tasks of
the current year on their home page. The demo is loaded as of a few dates (`load_demo --today`)
and looked at with the clock on that date."""

from __future__ import annotations

import datetime
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from accounts.demo import EVALUATING_BODY, PEOPLE, DemoYears, demo_clock
from accounts.models import Role, RoleAssignment
from accounts.selectors import bad_evaluator_assignments
from agreements.models import Agreement, KpiPosition, NegotiationRound, Resolution
from core.fiscal import FiscalYear, fiscal_year_of
from core.work import work_items_for
from frameworks.models import Framework
from reporting.models import ExecutivePresentation, ReviewerScore, RoundState, Submission

pytestmark = pytest.mark.django_db

# A December (when this was written: FY N runs step 2 while FY N−1 is with OPDC), the last day
# of a fiscal year and the first day of one.
DATES = ("2026-12-04", "2027-09-30", "2028-10-01")
# The people at work in step 2 and what is theirs in the current year: OPDC's evaluator holds
# the negotiation, the coordinator answers OPDC's counter-proposal, the divisions (owners,
# overseers, the committee member who oversees planning) send the data the negotiation needs.
STEP2_PERSONAS = {
    "kamonwan": "negotiation_position",
    "somchai": "negotiation_counter",
    "nattaya": "data_request",
    "kittipong": "data_request",
    "supachai": "data_request",
    "kanya": "data_request",
    "ratana": "data_request",
}


@pytest.fixture(scope="module", params=DATES)
def demo(request: Any, django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoYears]:
    """The demo loaded as of the date, once per date, rolled back afterwards; the clock reads
    that date while the tests look at it."""
    years = DemoYears(datetime.date.fromisoformat(request.param))
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        started = time.monotonic()
        call_command("load_demo", "--quiet-logins", "--today", request.param)
        print(f"load_demo --today {request.param}: {time.monotonic() - started:.1f} s")
        with demo_clock(years.today):
            yield years
        transaction.set_rollback(True)


def test_the_current_year_is_in_negotiation_with_every_role_assigned(demo: DemoYears) -> None:
    year = demo.current
    assert year == fiscal_year_of(demo.today).be_year
    agreement = Agreement.objects.get(
        framework__department__code="onep", framework__fiscal_year=year
    )
    assert agreement.state == Agreement.State.NEGOTIATING
    assert agreement.negotiation_due is not None and agreement.negotiation_due >= demo.today
    assert KpiPosition.objects.filter(
        round__agreement=agreement, outcome=KpiPosition.Outcome.PENDING
    ).exclude(counter=None)
    # Every role of every demo person, in the current year (and last year).
    for spec in PEOPLE:
        for role, unit in spec.roles:
            for fiscal_year in demo.role_years:
                assert RoleAssignment.objects.filter(
                    person__user__username=spec.username,
                    role=role,
                    fiscal_year=fiscal_year,
                    department__code="onep",
                    unit__code=unit,
                ).exists(), (spec.username, role, fiscal_year)
    held = set(
        RoleAssignment.objects.filter(department__code="onep", fiscal_year=year).values_list(
            "role", flat=True
        )
    )
    assert held == set(Role.values)
    # OPDC's evaluator (a person of OPDC) and OPDC's own coordinator, who assigns evaluators.
    evaluator = RoleAssignment.objects.get(
        role=Role.EVALUATOR, fiscal_year=year, department__code="onep"
    )
    assert evaluator.person.department.code == EVALUATING_BODY
    assert RoleAssignment.objects.filter(
        person__user__username="opdccoord",
        role=Role.COORDINATOR,
        fiscal_year=year,
        department__code=EVALUATING_BODY,
    ).exists()
    assert not bad_evaluator_assignments().exists()


def test_last_years_twelve_month_round_is_closed_and_with_opdc(demo: DemoYears) -> None:
    last = Agreement.objects.get(
        framework__fiscal_year=demo.last, framework__department__code="onep"
    )
    assert last.state == Agreement.State.CIRCULATED and last.published_at is not None
    states = RoundState.objects.filter(round__framework=last.framework)
    assert {(s.round.months, s.state) for s in states} == {(6, "closed"), (12, "closed")}
    twelve = states.get(round__months=12).round
    reports = Submission.objects.filter(round=twelve)
    assert reports.count() == 8 and {s.state for s in reports} == {Submission.State.ACCEPTED}
    # The SAR went to the executives and OPDC: OPDC has scored some KPIs, not yet all.
    assert ExecutivePresentation.objects.filter(round=twelve).exists()
    assert 0 < ReviewerScore.objects.filter(submission__round=twelve).count() < 8


def test_the_years_before_are_history(demo: DemoYears) -> None:
    for year in demo.history:
        framework = Framework.objects.get(department__code="onep", fiscal_year=year)
        states = RoundState.objects.filter(round__framework=framework)
        assert states.count() == 2 and {s.state for s in states} == {"closed"}
        assert Submission.objects.filter(round__framework=framework, state="accepted").count() == 16
    old = Framework.objects.get(department__code="onep", fiscal_year=demo.five_bases)
    assert old.template == "five_bases"
    assert set(Framework.objects.values_list("fiscal_year", flat=True)) == {
        demo.current,
        demo.last,
        *demo.history,
        demo.five_bases,
    }


def test_every_years_sheets_continue_the_year_before(demo: DemoYears) -> None:
    """Issue 17 item 6: the current year's sheets point at last year's, and so on back, so the
    baselines, history and "copy from last year" (already copied) follow the link."""
    from indicators.models import Kpi

    for year in (demo.current, demo.last, demo.history[1]):
        kpis = Kpi.objects.filter(
            framework__department__code="onep",
            framework__fiscal_year=year,
            is_latest=True,
            parent__isnull=True,
        ).select_related("predecessor__framework")
        assert kpis and all(
            k.predecessor is not None
            and k.predecessor.framework.fiscal_year == year - 1
            and k.predecessor.number == k.number
            for k in kpis
        ), year


def test_nothing_in_the_demo_happened_after_today(demo: DemoYears) -> None:
    today = demo.today
    this_year = FiscalYear(demo.current)
    agreement = Agreement.objects.get(framework__fiscal_year=demo.current)
    assert agreement.started_on == this_year.start
    assert agreement.negotiation_started_on is not None
    assert this_year.start <= agreement.negotiation_started_on <= today
    assert all(r.held_on <= today for r in NegotiationRound.objects.all())
    assert all(r.meeting_date <= today for r in Resolution.objects.all())
    assert all(p.presented_on <= today for p in ExecutivePresentation.objects.all())
    stamps = [
        *RoundState.objects.values_list("closed_at", flat=True),
        *ReviewerScore.objects.values_list("scored_at", flat=True),
        *Submission.objects.values_list("accepted_at", flat=True),
    ]
    assert all(stamp.date() <= today for stamp in stamps if stamp is not None)


def test_each_persona_at_work_in_step_2_has_a_task_of_the_current_year(demo: DemoYears) -> None:
    users = get_user_model().objects
    for username, kind in STEP2_PERSONAS.items():
        items = work_items_for(users.get(username=username))
        current = {item.kind for item in items if item.fiscal_year == demo.current}
        assert kind in current, (username, [(i.fiscal_year, i.kind) for i in items])
        assert all(not item.overdue for item in items if item.fiscal_year == demo.current)
        # Everything of the current year belongs to step 2, the negotiation.
        assert {item.step for item in items if item.fiscal_year == demo.current} == {2}
    # The coordinator also finishes last year: OPDC scored a KPI below the department's score.
    coordinator = [(i.fiscal_year, i.kind) for i in work_items_for(users.get(username="somchai"))]
    assert (demo.last, "appeal_window") in coordinator


def test_load_demo_refuses_a_malformed_today() -> None:
    with pytest.raises(CommandError):
        call_command("load_demo", "--quiet-logins", "--today", "4/12/2026")
