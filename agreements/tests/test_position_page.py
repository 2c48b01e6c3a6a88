"""The negotiation position page (domain §7 step 2): every input labelled, and the level
descriptions travel with the counter-proposal to the page and, once agreed, to the KPI sheet."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import KpiPosition
from indicators.models import Kpi, TargetLevel

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
OLD = ("แล้วเสร็จร้อยละ 80", "แล้วเสร็จร้อยละ 90", "แล้วเสร็จทุกฉบับ")
NEW = ("แล้วเสร็จร้อยละ 85", "แล้วเสร็จร้อยละ 92", "แล้วเสร็จทุกฉบับภายในกำหนด")


class FormControls(HTMLParser):
    """The form controls of a page (id, tag, type), the `for` of its labels and the text of
    each textarea by id."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str | None, str, str]] = []
        self.label_for: set[str] = set()
        self.textareas: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "label" and attr.get("for"):
            self.label_for.add(str(attr["for"]))
        if tag in ("input", "select", "textarea"):
            self.controls.append((attr.get("id"), tag, str(attr.get("type") or "")))
        if tag == "textarea":
            self._textarea = attr.get("id") or ""
            self.textareas[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.textareas[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def parse(html: str) -> FormControls:
    parser = FormControls()
    parser.feed(html)
    return parser


def url(name: str, **kwargs: object) -> str:
    return reverse(f"agreements:{name}", kwargs={"code": "onep", "year": 2569, **kwargs})


@pytest.fixture
def position(cycle, coordinator, committee_member, evaluator) -> KpiPosition:
    """KPI 1 on the table in round 1, its levels described on the sheet."""
    kpi1 = cycle.kpis[0]
    for level, text in zip(kpi1.levels.order_by("order"), OLD, strict=True):
        level.description = text
        level.save(update_fields=["description"])
    agreement = cycle.agreement
    services.agreement_submit_to_committee(coordinator, agreement)
    services.committee_resolve(
        committee_member, agreement, decision="approve", meeting_number="1/2568",
        meeting_date=TODAY, text="เห็นชอบ",
    )  # fmt: skip
    services.negotiation_start(coordinator, agreement)
    round_ = services.negotiation_round_create(
        evaluator, agreement, held_on=TODAY, participants="สำนักงาน ก.พ.ร.", minutes=""
    )
    return round_.positions.get(number="1")


def counter_post(position: KpiPosition, descriptions: tuple[str, str, str]) -> dict[str, str]:
    data = {
        "save_counter": "1",
        "counter-name_th": str(position.proposed["name_th"]),
        "counter-weight": "40",
        "counter-method": "levels",
        "counter-direction": "higher",
    }
    for i, (label, target, score) in enumerate(
        (("ขั้นต้น", "85", "50"), ("มาตรฐาน", "92", "70"), ("ขั้นสูง", "100", "100"))
    ):
        data[f"counter-level_{i}_label"] = label
        data[f"counter-level_{i}_target"] = target
        data[f"counter-level_{i}_score"] = score
        data[f"counter-level_{i}_description"] = descriptions[i]
    return data


def test_every_input_on_the_position_page_has_a_label(client, position, evaluator):
    client.force_login(evaluator)
    response = client.get(url("position", pk=position.pk))
    assert response.status_code == 200
    page = parse(response.content.decode())
    visible = [c for c in page.controls if c[2] not in ("hidden", "submit")]
    # Two forms, each with five levels of four inputs plus the other fields.
    assert len(visible) > 40
    assert all(control_id for control_id, _tag, _type in visible), "a control without an id"
    unlabelled = [c for c in visible if c[0] not in page.label_for]
    assert unlabelled == []
    html = response.content.decode()
    assert '<label for="id_counter-level_0_target" class="ag-level-label">' in html
    assert "ค่าเป้าหมายระดับที่ 1" in html and "คะแนนระดับที่ 5" in html
    assert "คำอธิบายระดับที่ 3" in html


def test_the_add_kpi_form_labels_its_level_inputs_too(client, position, evaluator):
    client.force_login(evaluator)
    response = client.get(url("negotiation_round", number=position.round.number))
    page = parse(response.content.decode())
    level_inputs = [c for c in page.controls if (c[0] or "").startswith("id_level_")]
    assert len(level_inputs) == 20
    assert all(control_id in page.label_for for control_id, _t, _y in level_inputs)


def test_page_shows_the_counter_proposals_descriptions_once_saved(client, position, evaluator):
    client.force_login(evaluator)
    before = parse(client.get(url("position", pk=position.pk)).content.decode())
    assert before.textareas["id_counter-level_0_description"].strip() == OLD[0]

    response = client.post(url("position", pk=position.pk), counter_post(position, NEW))
    assert response.status_code == 302, response.content.decode()[:2000]
    position.refresh_from_db()
    assert [lv["description"] for lv in position.counter["levels"]] == list(NEW)

    after = parse(client.get(url("position", pk=position.pk)).content.decode())
    for i, text in enumerate(NEW):
        assert after.textareas[f"id_counter-level_{i}_description"].strip() == text
        # The settle form starts from the counter-proposal too.
        assert after.textareas[f"id_settle-level_{i}_description"].strip() == text
    # What the department proposed stays on the page as the proposal.
    assert OLD[0] in client.get(url("position", pk=position.pk)).content.decode()


def test_weight_is_saved_and_shown_as_a_plain_number(client, position, evaluator):
    client.force_login(evaluator)
    data = {**counter_post(position, NEW), "counter-weight": "20"}
    assert client.post(url("position", pk=position.pk), data).status_code == 302
    position.refresh_from_db()
    assert position.counter["weight"] == "20"
    html = client.get(url("position", pk=position.pk)).content.decode()
    assert 'name="counter-weight" value="20"' in html
    assert "2E+1" not in html


def test_agreed_counter_proposal_writes_its_descriptions_to_the_kpi_sheet(
    client, cycle, position, evaluator, coordinator
):
    client.force_login(evaluator)
    response = client.post(url("position", pk=position.pk), counter_post(position, NEW))
    assert response.status_code == 302
    position.refresh_from_db()
    services.position_settle(evaluator, position, outcome="changed", terms=position.counter)
    for other in position.round.positions.exclude(pk=position.pk):
        services.position_settle(evaluator, other, outcome="accepted")
    services.agreement_mark_agreed(evaluator, cycle.agreement, summary="ตกลง", agreed_on=TODAY)

    sheet = Kpi.objects.get(key=cycle.kpis[0].key, is_latest=True)
    levels = TargetLevel.objects.filter(kpi=sheet).order_by("order")
    assert [level.target for level in levels] == [Decimal(85), Decimal(92), Decimal(100)]
    assert [level.description for level in levels] == list(NEW)


def test_terms_without_descriptions_keep_the_sheets(cycle, position, evaluator, coordinator):
    """Positions saved before descriptions were negotiated carry none: the sheet keeps its own."""
    terms = {
        "name_th": position.proposed["name_th"],
        "weight": "40",
        "method": "levels",
        "direction": "higher",
        "levels": [
            {"label": "ขั้นต้น", "target": "85", "score": "50"},
            {"label": "มาตรฐาน", "target": "92", "score": "70"},
            {"label": "ขั้นสูง", "target": "100", "score": "100"},
        ],
    }
    services.position_settle(evaluator, position, outcome="changed", terms=terms)
    position.refresh_from_db()
    for other in position.round.positions.exclude(pk=position.pk):
        services.position_settle(evaluator, other, outcome="accepted")
    services.agreement_mark_agreed(evaluator, cycle.agreement, summary="ตกลง", agreed_on=TODAY)

    sheet = Kpi.objects.get(key=cycle.kpis[0].key, is_latest=True)
    levels = list(sheet.levels.order_by("order"))
    assert levels[0].target == Decimal(85)
    assert [level.description for level in levels] == list(OLD)


def test_the_negotiation_comparison_is_one_card_per_item_on_a_phone(client, position, evaluator):
    from core.tests.test_phone_tables import assert_cards, phone_card_rows

    client.force_login(evaluator)
    html = client.get(url("negotiation_round", number=position.round.number)).content.decode()
    rows = phone_card_rows(html, "ag-round-table")
    assert_cards(rows, ["ส่วนราชการเสนอ", "สำนักงาน ก.พ.ร. เสนอ", "ตกลง"])
