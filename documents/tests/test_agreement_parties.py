"""Several parties to the agreement (issue 17 item 7): every giver and receiver in the party
clause and under a signature block of their own, in the DOCX and the PDF, names whole."""

import io

import pytest
from docx import Document

from agreements.models import AgreementParty
from documents.blocks import Signatures
from documents.builders.agreement import agreement_document
from documents.docx_layout import NBSP, WORD_JOINER
from documents.layouts.agreement import agreement_layout
from documents.registry import render_document
from documents.tests.helpers import docx_text, pdf_raw_text, requires_chromium, squash

RECEIVERS = (
    ("นายวิชัย ธรรมรักษา", "รัฐมนตรีว่าการกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม"),
    ("นายจตุพร บุรุษพัฒน์", "ปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม"),
)
GIVERS = (
    ("นายประเสริฐ วงศ์ไทย", "เลขาธิการ"),
    ("นางสาวณัฐธยา ตรวจสอบ", "รองเลขาธิการ"),
)
DEPARTMENT = "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม"


@pytest.fixture
def four_parties(signed):
    AgreementParty.objects.filter(agreement=signed).delete()
    for side, rows in (("receiver", RECEIVERS), ("giver", GIVERS)):
        for order, (name, position) in enumerate(rows, start=1):
            AgreementParty.objects.create(
                agreement=signed, side=side, order=order, name=name, position=position
            )
    return signed


def _render(agreement, fmt) -> bytes:
    return render_document("agreement", agreement, fmt, thai_digits=True).content


def test_layout_has_a_signature_block_per_party_receivers_first(four_parties):
    layout = agreement_layout(agreement_document(four_parties, thai_digits=True))

    rows = [b for b in layout.sections[0].blocks if isinstance(b, Signatures)]

    assert [[s.name for s in row.signatures] for row in rows] == [
        [RECEIVERS[0][0], RECEIVERS[1][0]],
        [GIVERS[0][0], GIVERS[1][0]],
    ]
    assert rows[1].signatures[1].lines[0] == "รองเลขาธิการ" + DEPARTMENT


def test_docx_names_every_party_in_the_clause_and_under_the_signatures(four_parties):
    content = _render(four_parties, "docx")
    text = docx_text(content)
    flat = text.replace("\n", " ")

    # Clause 1: one row per party, "และ" before the second of a side, "กับ" before the givers.
    party_rows = [
        [cell.text.translate({0x2060: None, 0x200B: None, 0xA0: " "}) for cell in row.cells]
        for row in Document(io.BytesIO(content)).tables[0].rows
    ]
    assert [row[0] for row in party_rows] == ["", "และ", "กับ", "และ"]
    assert [row[1] for row in party_rows] == [
        RECEIVERS[0][0], RECEIVERS[1][0], GIVERS[0][0], GIVERS[1][0],
    ]  # fmt: skip
    assert [row[3] for row in party_rows] == ["ผู้รับคำรับรอง"] * 2 + ["ผู้ทำคำรับรอง"] * 2
    # Clauses 4 and 5 name both of each side.
    assert f"ข้าพเจ้า {RECEIVERS[0][0]} และ {RECEIVERS[1][0]} ในฐานะผู้รับคำรับรอง" in flat
    assert f"ข้าพเจ้า {GIVERS[0][0]} และ {GIVERS[1][0]} ในฐานะผู้ทำคำรับรอง" in flat
    # Four signature blocks, each with its name in brackets and its position.
    for name, position in RECEIVERS:
        assert f"({name})" in text and position in text
    assert "รองเลขาธิการ" + DEPARTMENT in text
    assert text.count("วันที่ ๒๐ พฤศจิกายน ๒๕๖๘") == 4
    assert text.count("(ลงชื่อ)") == 4


def test_docx_glues_the_names_inside_the_clauses(four_parties):
    document = Document(io.BytesIO(_render(four_parties, "docx")))

    clause = next(p.text for p in document.paragraphs if p.text.startswith("๔."))

    glued = NBSP.join(
        WORD_JOINER.join(part) for part in RECEIVERS[1][0].split(" ")
    )  # no break anywhere inside the name
    assert glued.replace(WORD_JOINER, "") in clause.replace(WORD_JOINER, "")
    assert RECEIVERS[1][0] not in clause  # the plain space is gone: a no-break space


@requires_chromium
def test_pdf_names_every_party_and_keeps_each_name_whole(four_parties):
    content = _render(four_parties, "pdf")

    raw = pdf_raw_text(content)
    flat = squash(raw)

    for name, _position in (*RECEIVERS, *GIVERS):
        assert squash(f"({name})") in flat
        assert squash(name) in flat
    assert squash(RECEIVERS[0][1]) in flat and squash("รองเลขาธิการ" + DEPARTMENT) in flat
    assert flat.count(squash("(ลงชื่อ)")) == 4
    assert squash(f"{GIVERS[0][0]} และ {GIVERS[1][0]} ในฐานะผู้ทำคำรับรอง") in flat
    # A name never breaks across lines: in the party clause, clause 4 or 5 and under its
    # signature, each name is whole on one line of the text layer.
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    for name, _position in (*RECEIVERS, *GIVERS):
        assert sum(line.count(name) for line in lines) >= 3, name


def _rules(agreement):
    """KPI 4 starts at the 12-month round; KPI 2 weighs 25 at 12 months (its sheet: 20)."""
    from decimal import Decimal

    from indicators.models import Kpi, RoundExpectation

    six, twelve = sorted(agreement.framework.rounds.all(), key=lambda r: r.order)
    four = Kpi.objects.get(framework=agreement.framework, number="4")
    two = Kpi.objects.get(framework=agreement.framework, number="2")
    RoundExpectation.objects.update_or_create(
        kpi=four, round=six, defaults={"in_force": False, "reason": "ระบบเปิดใช้ไตรมาสที่ 3"}
    )
    RoundExpectation.objects.update_or_create(
        kpi=two, round=twelve, defaults={"weight": Decimal(25)}
    )
    return two.weight


def test_annex_states_each_kpis_round_rules_in_docx_and_pdf(signed):
    sheet_weight = _rules(signed)
    assert sheet_weight != 25

    text = docx_text(_render(signed, "docx")).replace("\n", " ")

    assert "ตัวชี้วัดที่ ๔ ประเมินตั้งแต่รอบ ๑๒ เดือน (เหตุผล: ระบบเปิดใช้ไตรมาสที่ ๓)" in text
    assert "ตัวชี้วัดที่ ๒ น้ำหนักรอบ ๑๒ เดือน ร้อยละ ๒๕" in text
    assert "ตัวชี้วัดที่ ๑ ประเมิน" not in text  # no rule, no line


@requires_chromium
def test_annex_round_rules_in_the_pdf_text(signed):
    _rules(signed)

    annex = squash(pdf_raw_text(_render(signed, "pdf")).split("\f")[1])

    assert squash("ตัวชี้วัดที่ ๔ ประเมินตั้งแต่รอบ ๑๒ เดือน") in annex
    assert squash("ตัวชี้วัดที่ ๒ น้ำหนักรอบ ๑๒ เดือน ร้อยละ ๒๕") in annex


def test_rule_line_for_a_kpi_cancelled_from_a_round():
    from decimal import Decimal

    from documents.builders.agreement import RoundRule, round_rule_line
    from documents.builders.common import Digits

    rules = [
        RoundRule(6, True, Decimal(15), ""),
        RoundRule(9, False, None, "ยกเลิกตามการขอปรับ"),
        RoundRule(12, False, None, "ยกเลิกตามการขอปรับ"),
    ]

    line = round_rule_line("3", rules, Decimal(10), Digits(thai=False))

    assert line == (
        "ตัวชี้วัดที่ 3 ยกเลิกตั้งแต่รอบ 9 เดือน น้ำหนักรอบ 6 เดือน ร้อยละ 15 (เหตุผล: ยกเลิกตามการขอปรับ)"
    )
