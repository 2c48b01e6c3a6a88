"""The printed performance agreement (คำรับรองการปฏิบัติราชการ, domain §10).

Modelled on the agreements Thai departments sign every year: a centred title, the numbered
clauses (between whom, a one-sided undertaking for one fiscal year, the details in the annex,
the receivers' and the givers' undertakings), a signature block per party, and on a new
page the annex: components, KPIs, weights and the targets at the three levels.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from documents.blocks import (
    Block,
    Column,
    Layout,
    Paragraph,
    Row,
    Section,
    Signature,
    Signatures,
    Table,
    Title,
)
from documents.builders.agreement import BLANK, AgreementDoc, AgreementKpi, PartyText
from documents.builders.common import Digits

# Relative widths of the parties' columns: indent (and "กับ"), name, position, role.
PARTY_COLUMNS = (3, 9, 19, 6)


def agreement_layout(doc: AgreementDoc) -> Layout:
    title = _("คำรับรองการปฏิบัติราชการ")
    year_line = year_text(doc)
    first = Section(
        blocks=(
            Title(lines=(title, doc.department, year_line)),
            *_clauses(doc),
            *_signatures(doc),
        )
    )
    annex = Section(
        blocks=(
            Title(lines=(_("เอกสารประกอบท้ายคำรับรองการปฏิบัติราชการ"), doc.department, year_line)),
            *annex_blocks(doc),
        )
    )
    return Layout(
        title=f"{title} {doc.department} {year_line}",
        thai_digits=doc.thai_digits,
        sections=(first, annex),
        page_label=_("หน้า"),
    )


def year_text(doc: AgreementDoc) -> str:
    return _("ประจำปีงบประมาณ พ.ศ. %(year)s") % {"year": doc.fiscal_year_text}


def _name(party: PartyText | None) -> str:
    return party.name if party else BLANK


def _position(party: PartyText | None) -> str:
    return party.position if party and party.position else BLANK


def _or_blank(parties: tuple[PartyText, ...]) -> tuple[PartyText | None, ...]:
    """The parties of one side, or one blank place to fill in by hand."""
    return parties or (None,)


def _names(parties: tuple[PartyText, ...]) -> str:
    """ "ก", "ก และ ข", "ก ข และ ค": the side's names as clause 4 or 5 says them."""
    names = [_name(party) for party in _or_blank(parties)]
    if len(names) == 1:
        return names[0]
    return _("%(names)s และ %(last)s") % {"names": " ".join(names[:-1]), "last": names[-1]}


def _clauses(doc: AgreementDoc) -> list[Block]:
    """Clause numbers are written with Arabic digits here and follow the document's option
    (names and dates arrive formatted already)."""
    d = Digits(doc.thai_digits).text
    parties = {
        "receiver": _names(doc.receivers),
        "giver": _names(doc.givers),
        "department": doc.department,
        "start": doc.period_start_text,
        "end": doc.period_end_text,
        "count": doc.kpi_count_text,
        "total": doc.total_weight_text,
    }
    clause = [
        _("2. คำรับรองนี้เป็นคำรับรองฝ่ายเดียว มิใช่สัญญา และใช้สำหรับระยะเวลา 1 ปี "
          "ตั้งแต่วันที่ %(start)s ถึงวันที่ %(end)s"),
        _("3. รายละเอียดของคำรับรอง ได้แก่ กรอบการประเมินผล องค์ประกอบ ตัวชี้วัด น้ำหนัก "
          "ค่าเป้าหมาย และเกณฑ์การให้คะแนน จำนวน %(count)s ตัวชี้วัด น้ำหนักรวมร้อยละ "
          "%(total)s ปรากฏอยู่ในเอกสารประกอบท้ายคำรับรองนี้"),
        _("4. ข้าพเจ้า %(receiver)s ในฐานะผู้รับคำรับรอง ได้พิจารณาและเห็นชอบกับแนวทาง"
          "การประเมินผล ตัวชี้วัด น้ำหนัก และค่าเป้าหมาย ตามที่กำหนดในเอกสารประกอบท้าย"
          "คำรับรองนี้ และยินดีจะให้คำแนะนำ กำกับ และติดตามผลการปฏิบัติราชการของ"
          "%(department)s ให้เป็นไปตามคำรับรองที่จัดทำขึ้นนี้"),
        _("5. ข้าพเจ้า %(giver)s ในฐานะผู้ทำคำรับรอง ได้ทำความเข้าใจคำรับรองตามข้อ 3 แล้ว "
          "ขอให้คำรับรองกับผู้รับคำรับรองว่า จะมุ่งมั่นปฏิบัติราชการให้เกิดผลงานที่ดีตาม"
          "เป้าหมายของตัวชี้วัดแต่ละตัวในระดับสูงสุด เพื่อให้เกิดประโยชน์สุขแก่ประชาชน"
          "ตามที่ได้ให้คำรับรองไว้"),
        _("6. ผู้รับคำรับรองและผู้ทำคำรับรองได้เข้าใจคำรับรองการปฏิบัติราชการนี้ และ"
          "เห็นพ้องกันแล้ว จึงได้ลงลายมือชื่อไว้เป็นสำคัญ"),
    ]  # fmt: skip
    # The names in clauses 4 and 5 stay whole on their line (issue 16 item 7).
    people = tuple(party.name for party in (*doc.receivers, *doc.givers))
    return [
        Paragraph(d(_("1. คำรับรองระหว่าง")), space_before=True),
        _parties(doc),
        *(Paragraph(d(text) % parties, people=people) for text in clause),
    ]


def _parties(doc: AgreementDoc) -> Table:
    """Who receives and who gives the agreement, one row per party under clause 1: name,
    position, role; the first column indents the names and holds the joining word: "และ"
    before a second party of the same side, "กับ" before the first giver."""
    rows: list[tuple[str, ...]] = []
    for side, role, first_word in (
        (doc.receivers, _("ผู้รับคำรับรอง"), ""),
        (doc.givers, _("ผู้ทำคำรับรอง"), _("กับ")),
    ):
        for index, party in enumerate(_or_blank(side)):
            word = first_word if index == 0 else _("และ")
            rows.append((word, _name(party), _position(party), role))
    columns = (
        Column("", PARTY_COLUMNS[0], numeric=True),
        Column(_("ชื่อ"), PARTY_COLUMNS[1], person=True),
        Column(_("ตำแหน่ง"), PARTY_COLUMNS[2]),
        Column(_("ฐานะ"), PARTY_COLUMNS[3]),
    )
    return Table("", columns, tuple(Row(row) for row in rows), plain=True)


def _signatures(doc: AgreementDoc) -> list[Signatures]:
    """One signature block per party. One receiver and one giver sign side by side; with more,
    the receivers come first, then the givers, two to a row (a lone block sits in the right
    half, as under a letter)."""
    date = _("วันที่ %(date)s") % {"date": doc.signed_on_text or BLANK}
    sign = _("(ลงชื่อ) %(blank)s") % {"blank": BLANK}
    sides = [
        [
            Signature(_name(party), (_position(party), role, date), sign_line=sign)
            for party in _or_blank(parties)
        ]
        for parties, role in (
            (doc.receivers, _("ผู้รับคำรับรอง")),
            (doc.givers, _("ผู้ทำคำรับรอง")),
        )
    ]
    if all(len(blocks) == 1 for blocks in sides):
        return [Signatures((sides[0][0], sides[1][0]))]
    return [
        Signatures(tuple(blocks[i : i + 2])) for blocks in sides for i in range(0, len(blocks), 2)
    ]


def annex_blocks(doc: AgreementDoc) -> list[Block]:
    """The table of components, KPIs, weights and targets, and a note on KPIs where a lower
    value is better."""
    blocks: list[Block] = [targets_table(doc)]
    lower = [kpi.number for kpi in doc.kpis if kpi.direction == "lower"]
    if lower:
        blocks.append(
            Paragraph(
                _("หมายเหตุ ตัวชี้วัดที่ %(numbers)s เป็นตัวชี้วัดที่ค่ายิ่งน้อยยิ่งดี") % {"numbers": ", ".join(lower)},
                first=0,
                space_before=True,
            )
        )
    # Rounds a KPI is not evaluated in, or weighs differently in (issue 17 item 3).
    blocks.extend(Paragraph(line, first=0) for line in doc.round_rules)
    # Where KPIs come from, in e-SAR's wording (issue 17 item 4).
    for kpi in doc.kpis:
        if kpi.origin:
            blocks.append(
                Paragraph(
                    _("ตัวชี้วัดที่ %(number)s %(origin)s")
                    % {"number": kpi.number, "origin": kpi.origin},
                    first=0,
                )
            )
    blocks += _lineage_and_points(doc)
    return blocks


def _lineage_and_points(doc: AgreementDoc) -> list[Block]:
    """Each KPI's lineage, one path per plan tree (issue 17 item 5), and its assessment points
    in order with name, unit and weight (item 2); the KPI's number on its first row only."""
    blocks: list[Block] = []
    lineage: list[tuple[str, ...] | Row] = [
        Row((kpi.number if index == 0 else "", tree, path))
        for kpi in doc.kpis
        for index, (tree, path) in enumerate(kpi.lineage_trees)
    ]
    if lineage:
        columns: tuple[Column, ...] = (
            Column(_("ตัวชี้วัดที่"), 4, centered=True),
            Column(_("แผน"), 10),
            Column(_("เส้นทาง"), 24),
        )
        blocks.append(Table(_("ความเชื่อมโยงกับยุทธศาสตร์"), columns, tuple(lineage)))
    weighted = any(p.weight_text for kpi in doc.kpis for p in kpi.assessment_points)
    points: list[tuple[str, ...] | Row] = [
        Row(
            (kpi.number if index == 0 else "", p.order_text, p.name, p.unit)
            + ((p.weight_text,) if weighted else ())
        )
        for kpi in doc.kpis
        for index, p in enumerate(kpi.assessment_points)
    ]
    if points:
        columns = (
            Column(_("ตัวชี้วัดที่"), 4, centered=True),
            Column(_("ลำดับ"), 3, centered=True),
            Column(_("ประเด็นการประเมิน"), 20 if weighted else 25),
            Column(_("หน่วยวัด"), 6, centered=True),
        )
        if weighted:  # the column only when a point carries a weight of its own
            columns += (Column(_("น้ำหนัก"), 5, numeric=True),)
        blocks.append(Table(_("ประเด็นการประเมิน"), columns, tuple(points)))
    return blocks


def targets_table(doc: AgreementDoc) -> Table:
    columns = (
        Column(_("ที่"), 4, centered=True),
        Column(_("ตัวชี้วัด"), 23),
        Column(_("หน่วยวัด"), 9, centered=True),
        Column(_("น้ำหนัก\n(ร้อยละ)"), 8, centered=True),
        *(
            Column(
                _("%(label)s\n(%(score)s)") % {"label": point.label, "score": point.score_text},
                9,
                centered=True,
                group=_("ค่าเป้าหมาย (คะแนน)"),
            )
            for point in doc.score_points
        ),
    )
    levels = len(doc.score_points)
    rows: list[tuple[str, ...] | Row] = []
    for component in doc.components:
        rows.append(
            Row(
                (
                    _("องค์ประกอบที่ %(number)s %(name)s")
                    % {"number": component.number, "name": component.name},
                    component.weight_text,
                    "",
                ),
                spans=(3, 1, levels),
                emphasis=True,
                aligns=("left", "center", "left"),
            )
        )
        rows += [_kpi_row(kpi, levels) for kpi in component.kpis]
    rows.append(
        Row(
            (_("รวม"), doc.total_weight_text, ""),
            spans=(3, 1, levels),
            emphasis=True,
            aligns=("center", "center", "left"),
        )
    )
    return Table("", columns, tuple(rows))


def _kpi_row(kpi: AgreementKpi, levels: int) -> tuple[str, ...] | Row:
    first = (kpi.number, kpi.name, kpi.unit, kpi.weight_text)
    if kpi.point_targets is not None:
        return (*first, *kpi.point_targets)
    # Levels that are not at the three score points (five steps, pass/fail): list them all.
    listed = "\n".join(
        _("%(label)s = %(target)s") % {"label": level.label, "target": level.target_text}
        for level in kpi.levels
    )
    return Row((*first, listed), spans=(1, 1, 1, 1, levels))
