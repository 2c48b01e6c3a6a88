"""The round's results for the SAR builder: per-KPI rows and the agency total, which equals the
scoring engine's."""

from __future__ import annotations

from decimal import Decimal

from frameworks import scoring
from frameworks.models import ReportingRound
from reporting import services
from reporting.models import Submission
from reporting.results import agency_round_total, round_is_final, round_results
from reporting.services import ActivityInput, SubmissionInput
from reporting.tests.factories import make_kpi, make_round


def _accept(sub, owner, overseer, coordinator, a, b):
    sub.refresh_from_db()
    services.submission_save(
        owner,
        sub,
        SubmissionInput(
            values={"a": Decimal(a), "b": Decimal(b)},
            activities=(ActivityInput("จัดประชุม", "12 ครั้ง"),),
            obstacles="บุคลากรไม่เพียงพอ",
        ),
        expected_version=sub.version,
    )
    services.submission_submit(owner, sub)
    services.submission_approve(overseer, sub)
    services.submission_accept(coordinator, sub)


def test_round_results_and_total(
    setup, org, owner, overseer, coordinator, django_assert_max_num_queries
):
    second = make_kpi(setup.framework, "2", unit=org.eia, component="potential", weight="30")
    make_kpi(setup.framework, "3", unit=org.eia, weight="50")
    services.round_open(coordinator, setup.round)
    subs = {s.kpi_id: s for s in Submission.objects.filter(round=setup.round)}
    _accept(subs[setup.kpi.pk], owner, overseer, coordinator, 45, 50)  # 90 % → 75
    _accept(subs[second.pk], owner, overseer, coordinator, 50, 50)  # 100 % → 100
    with django_assert_max_num_queries(12):
        rows = round_results(setup.round)
    assert [row.number for row in rows] == ["1", "3", "2"]  # component order, then number
    first = rows[0]
    assert first.kpi_version == 1 and first.result == Decimal("90.0000")
    assert first.self_score == Decimal("75.0000") and first.level_label == "ระดับมาตรฐาน"
    assert [(d.code, d.value) for d in first.data_items] == [("a", Decimal(45)), ("b", Decimal(50))]
    assert first.activities[0].title == "จัดประชุม" and first.obstacles == "บุคลากรไม่เพียงพอ"
    assert rows[1].state == Submission.State.DRAFT and rows[1].self_score is None

    total = agency_round_total(setup.round, rows)
    expected = scoring.agency_total(
        [
            scoring.KpiPoints("1", "Performance Base", Decimal(20), Decimal(75)),
            scoring.KpiPoints("3", "Performance Base", Decimal(50), None),
            scoring.KpiPoints("2", "Potential Base", Decimal(30), Decimal(100)),
        ],
        final=False,
    )
    assert total.totals == expected
    assert total.shown_total == Decimal("45.0000") and total.totals.pending == 1


def test_open_final_round_keeps_missing_results_pending(setup, org, coordinator):
    # Domain §6: pending, not zero, until the 12-month round is closed.
    twelve = make_round(setup.framework, 12)
    services.round_open(coordinator, twelve)
    total = agency_round_total(twelve)
    assert not total.final and not round_is_final(twelve)
    assert total.totals.pending == 1 and total.shown_total == 0
    assert total.totals.max_possible == Decimal(20)  # the pending KPI's weight is still open


def test_closed_final_round_counts_missing_results_as_zero(setup, org, coordinator):
    twelve = make_round(setup.framework, 12)
    services.round_open(coordinator, twelve)
    services.round_close(coordinator, twelve, confirmed=True)
    fresh = ReportingRound.objects.get(pk=twelve.pk)
    total = agency_round_total(fresh)
    assert total.final and round_is_final(fresh)
    assert total.totals.pending == 0 and total.shown_total == 0
    assert total.totals.max_possible == 0
    assert total.level is not None and total.level.code == "improve"


def test_a_closed_round_before_the_last_is_not_final(setup, coordinator):
    services.round_open(coordinator, setup.round)
    services.round_close(coordinator, setup.round, confirmed=True)
    assert setup.round.months < 12
    assert not round_is_final(ReportingRound.objects.get(pk=setup.round.pk))
    assert not agency_round_total(setup.round).final


def test_results_of_a_round_not_opened_list_the_kpis_in_force(setup):
    rows = round_results(setup.round)
    assert [row.kpi.pk for row in rows] == [setup.kpi.pk]
    assert rows[0].submission_id is None and rows[0].state == ""
