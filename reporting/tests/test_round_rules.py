"""Per-round rules (issue 17 item 3): a KPI that starts at a later round or is cancelled from a
round on is not reported there and its weight goes to the others of its component; a weight of
a round replaces the KPI's own there. Totals worked by hand below."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from frameworks import scoring
from frameworks.models import ReportingRound
from indicators.models import RoundExpectation
from reporting import services
from reporting.models import Submission
from reporting.results import agency_round_total, round_results, round_rule_notes
from reporting.tests.factories import make_kpi
from reporting.tests.test_results import _accept


@pytest.fixture
def year(setup, org):
    """Performance (70): KPI 1 (weight 20) and 3 (50); Potential (30): KPI 2 (20) and 4 (10).
    Rounds 6 and 12 months. KPI 3 is cancelled from the 12-month round; KPI 4 starts at the
    12-month round; in the 6-month round KPI 1 carries 30 and KPI 3 40 (they add up to 70)."""
    fw = setup.framework
    six = setup.round
    twelve = ReportingRound.objects.create(
        framework=fw,
        order=2,
        name_th="รอบ 12 เดือน",
        months=12,
        period_end=datetime.date(2026, 9, 30),
        due_date=datetime.date(2026, 10, 30),
    )
    one = setup.kpi
    two = make_kpi(fw, "2", unit=org.eia, component="potential", weight="20")
    three = make_kpi(fw, "3", unit=org.eia, weight="50")
    four = make_kpi(fw, "4", unit=org.eia, component="potential", weight="10")
    rule = RoundExpectation.objects.create
    rule(kpi=one, round=six, weight=Decimal(30), reason="งานเร่งด่วนครึ่งปีแรก")
    rule(kpi=three, round=six, weight=Decimal(40), reason="งานเร่งด่วนครึ่งปีแรก")
    rule(kpi=three, round=twelve, in_force=False, reason="ยกเลิกโครงการตามมติ ครม.")
    rule(kpi=four, round=six, in_force=False, reason="เริ่มประเมินรอบ 12 เดือน")
    return {"six": six, "twelve": twelve, "1": one, "2": two, "3": three, "4": four}


def _subs(round_):
    return {s.kpi.number: s for s in Submission.objects.filter(round=round_).select_related("kpi")}


def test_round_open_skips_kpis_not_evaluated_in_the_round(year, coordinator):
    services.round_open(coordinator, year["six"])
    services.round_open(coordinator, year["twelve"])
    assert sorted(_subs(year["six"])) == ["1", "2", "3"]  # 4 starts at 12 months
    assert sorted(_subs(year["twelve"])) == ["1", "2", "4"]  # 3 cancelled from 12 months


def test_six_month_total_uses_the_rounds_weights(year, owner, overseer, coordinator):
    # 6 months. Performance: KPI 1 at 30 and KPI 3 at 40 add up to 70, kept as they are.
    # Potential (30): only KPI 2 (20) is in force, KPI 4 (10) starts later → KPI 2 carries
    # 20 × 30 / 20 = 30.
    # KPI 1: 45/50 = 90 % → 75 → 75 × 30 / 100 = 22.5
    # KPI 3: 50/50 = 100 % → 100 → 100 × 40 / 100 = 40
    # KPI 2: 40/50 = 80 % → 50 → 50 × 30 / 100 = 15
    # Total 22.5 + 40 + 15 = 77.5 (with the sheets' weights it would be 15 + 50 + 10 = 75).
    six = year["six"]
    services.round_open(coordinator, six)
    subs = _subs(six)
    _accept(subs["1"], owner, overseer, coordinator, 45, 50)
    _accept(subs["3"], owner, overseer, coordinator, 50, 50)
    _accept(subs["2"], owner, overseer, coordinator, 40, 50)
    rows = round_results(six)
    assert [(r.number, r.weight, r.sheet_weight) for r in rows] == [
        ("1", Decimal(30), Decimal(20)),
        ("3", Decimal(40), Decimal(50)),
        ("2", Decimal(30), Decimal(20)),
    ]
    total = agency_round_total(six)
    assert total.shown_total == Decimal("77.5")
    assert [(c.component, c.points, c.weight) for c in total.components] == [
        ("Performance Base", Decimal("62.5"), Decimal(70)),
        ("Potential Base", Decimal(15), Decimal(30)),
    ]
    notes = {n.number: n for n in round_rule_notes(six)}
    assert sorted(notes) == ["1", "2", "3", "4"]
    assert not notes["4"].in_force and notes["4"].reason == "เริ่มประเมินรอบ 12 เดือน"
    assert notes["2"].weight == Decimal(30) and notes["2"].reason == ""  # its share of KPI 4


def test_twelve_month_total_after_a_kpi_is_cancelled(year, owner, overseer, coordinator):
    # 12 months. Performance (70): KPI 3 (50) cancelled → KPI 1 carries 20 × 70 / 20 = 70.
    # Potential: KPI 2 (20) and KPI 4 (10), their own weights.
    # KPI 1: 47.5/50 = 95 % → 75 + (95 − 90) / (100 − 90) × 25 = 87.5 → 87.5 × 70 / 100 = 61.25
    # KPI 2: 50/50 = 100 % → 100 → 100 × 20 / 100 = 20
    # KPI 4: 42.5/50 = 85 % → 50 + (85 − 80) / 10 × 25 = 62.5 → 62.5 × 10 / 100 = 6.25
    # Total 61.25 + 20 + 6.25 = 87.5; closed, it is final and KPI 3 is not a zero.
    twelve = year["twelve"]
    services.round_open(coordinator, twelve)
    subs = _subs(twelve)
    _accept(subs["1"], owner, overseer, coordinator, "47.5", 50)
    _accept(subs["2"], owner, overseer, coordinator, 50, 50)
    _accept(subs["4"], owner, overseer, coordinator, "42.5", 50)
    services.round_close(coordinator, twelve, confirmed=True)
    fresh = ReportingRound.objects.get(pk=twelve.pk)
    total = agency_round_total(fresh)
    assert total.final
    assert total.shown_total == Decimal("87.5")
    assert total.max_possible == Decimal("87.5") and total.pending == 0
    assert [r.number for r in round_results(fresh)] == ["1", "2", "4"]
    notes = round_rule_notes(fresh)
    assert [(n.number, n.in_force, n.weight) for n in notes] == [
        ("1", True, Decimal(70)),
        ("3", False, None),
    ]
    assert notes[1].reason == "ยกเลิกโครงการตามมติ ครม."


def test_round_not_opened_lists_only_kpis_evaluated(year):
    assert [r.number for r in round_results(year["six"])] == ["1", "3", "2"]


def test_round_weights_rule():
    w = scoring.RoundWeight
    # Three of 10 in a component of 30, one cancelled: 10 × 30 / 20 = 15 each.
    assert scoring.round_weights(
        [w("a", "P", Decimal(10)), w("b", "P", Decimal(10)), w("c", "P", Decimal(10), False)]
    ) == {"a": Decimal(15), "b": Decimal(15)}
    # 40 / 3 = 13.3333…: on the 4-decimal grid, adding up to 40 exactly.
    got = scoring.round_weights(
        [w(k, "P", Decimal(10)) for k in "abc"] + [w("d", "P", Decimal(10), False)]
    )
    assert sum(got.values()) == Decimal(40) and sorted(got.values())[0] == Decimal("13.3333")
    # Without rules, the sheets' weights.
    assert scoring.round_weights([w("a", "P", Decimal(20)), w("b", "Q", Decimal(7))]) == {
        "a": Decimal(20),
        "b": Decimal(7),
    }
    # A component with nothing in force hands its weight to the others: 70 + 30 → 100.
    assert scoring.round_weights([w("a", "P", Decimal(70)), w("b", "Q", Decimal(30), False)]) == {
        "a": Decimal(100)
    }


def test_ministry_round_summary_uses_the_same_weights(year, owner, overseer, coordinator):
    from reporting.outlook import round_summaries

    six = year["six"]
    services.round_open(coordinator, six)
    subs = _subs(six)
    _accept(subs["1"], owner, overseer, coordinator, 45, 50)
    _accept(subs["3"], owner, overseer, coordinator, 50, 50)
    _accept(subs["2"], owner, overseer, coordinator, 40, 50)
    fw = six.framework
    summary = round_summaries({fw.pk: six}, {fw.pk: fw})[fw.pk]
    assert summary.total.shown_total == agency_round_total(six).shown_total == Decimal("77.5")
    assert summary.kpis == 3


def test_sar_explains_the_rounds_kpis_and_weights(year, owner, overseer, coordinator):
    from documents.registry import render_document
    from documents.tests.helpers import docx_text, squash

    twelve = year["twelve"]
    services.round_open(coordinator, twelve)
    subs = _subs(twelve)
    _accept(subs["1"], owner, overseer, coordinator, "47.5", 50)
    text = squash(docx_text(render_document("sar", twelve, "docx", thai_digits=False).content))
    assert "ตัวชี้วัดและน้ำหนักที่ใช้ในรอบนี้" in text
    assert (
        squash("ตัวชี้วัดที่ 3 ร้อยละของรายงานที่พิจารณาแล้วเสร็จ 3 ไม่ประเมินในรอบนี้ น้ำหนัก 50 ปันให้ตัวชี้วัดอื่น")
        in text
    )
    assert squash("เหตุผล: ยกเลิกโครงการตามมติ ครม.") in text
    assert squash("น้ำหนักในรอบนี้ 70 (ตามรายละเอียดตัวชี้วัด 20)") in text
    # KPI 1 carries 70 in the summary table: 87.5 × 70 / 100 = 61.25 of 100 so far.
    assert "61.250" in text


def test_my_work_does_not_ask_for_a_kpi_not_evaluated_in_the_round(year, owner, coordinator):
    from reporting.work import reporting_work_items

    services.round_open(coordinator, year["six"])
    titles = [item.title for item in reporting_work_items(owner)]
    assert any("ร้อยละของรายงานที่พิจารณาแล้วเสร็จ 1" in t for t in titles)
    assert not any("ร้อยละของรายงานที่พิจารณาแล้วเสร็จ 4" in t for t in titles)


def test_report_form_whatif_uses_the_rounds_weight(year, coordinator):
    """Issue 17 item 3: the what-if says what the next level adds to the total at the weight
    the KPI carries in the round. 6 months: KPI 2's sheet weight is 20 but it carries 30 (its
    share of KPI 4, which starts later). 40/50 = 80 % → 50 (ขั้นต้น); the next level scores
    75, worth 75 × 30 / 100 = 22.5 points (at the sheet's 20 it would be 15)."""
    from reporting import calc
    from reporting.results import round_weight_if_other, round_weight_of

    six = year["six"]
    services.round_open(coordinator, six)
    subs = _subs(six)

    assert round_weight_of(subs["2"]) == Decimal(30)
    live = calc.compute(
        subs["2"].kpi,
        {"a": Decimal(40), "b": Decimal(50)},
        None,
        weight=round_weight_if_other(subs["2"]),
    )

    assert live.score == Decimal(50)
    assert "คิดเป็น 22.50 คะแนนถ่วงน้ำหนัก จากน้ำหนักในรอบนี้ 30" in live.hint
    # KPI 3's own weight for the round (40, sheet 50) is what it carries.
    assert round_weight_if_other(subs["3"]) == Decimal(40)
