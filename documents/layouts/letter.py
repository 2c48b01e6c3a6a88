"""The confirmation memo (บันทึกข้อความ ยืนยันรายละเอียดตัวชี้วัด, domain §10).

The standard Thai internal memo: the large "บันทึกข้อความ" heading, ส่วนราชการ / ที่ / วันที่ /
เรื่อง on dotted lines, เรียน, the body (what was agreed, how many KPIs and which, where the
details are), "จึงเรียนมาเพื่อโปรดทราบ", and the signature in the right half. The annex on the
next page is the agreement's table of KPIs, weights and targets.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from documents.blocks import (
    Block,
    Layout,
    MemoField,
    MemoHead,
    Paragraph,
    Section,
    Signature,
    Signatures,
    Title,
)
from documents.builders.agreement import BLANK, LetterDoc
from documents.layouts.agreement import annex_blocks, year_text

# KPI lines of the body: components at the paragraph indent, each KPI's number half a step
# further in and its wrapped lines aligned after the number.
LIST_INDENT = 2.5
KPI_INDENT = 3.75
KPI_HANG = 0.75
# The memo's top margin (cm): the emblem, 1.5 cm high, starts 1.5 cm from the top edge.
MEMO_MARGIN_TOP = 1.5


def letter_subject(doc: LetterDoc) -> str:
    return _("ยืนยันรายละเอียดตัวชี้วัดตามคำรับรองการปฏิบัติราชการ %(year)s") % {
        "year": year_text(doc.agreement)
    }


def confirmation_letter_layout(doc: LetterDoc) -> Layout:
    agreement = doc.agreement
    head = MemoHead(
        heading=_("บันทึกข้อความ"),
        lines=(
            (MemoField(_("ส่วนราชการ"), doc.sender),),
            (MemoField(_("ที่"), doc.number), MemoField(_("วันที่"), doc.date_text)),
            (MemoField(_("เรื่อง"), letter_subject(doc)),),
        ),
        emblem=doc.emblem,
    )
    signer = doc.signer
    letter = Section(
        blocks=(
            head,
            Paragraph(
                _("เรียน %(addressee)s") % {"addressee": doc.addressee}, first=0, space_before=True
            ),
            *_body(doc),
            Signatures(
                signatures=(
                    Signature(
                        signer.name if signer else BLANK,
                        (signer.position if signer and signer.position else BLANK,),
                    ),
                )
            ),
        )
    )
    annex = Section(
        blocks=(
            Title(
                lines=(
                    _("เอกสารแนบ"),
                    _("ตัวชี้วัด น้ำหนัก และค่าเป้าหมาย ตามคำรับรองการปฏิบัติราชการ"),
                    agreement.department,
                    year_text(agreement),
                )
            ),
            *annex_blocks(agreement),
        )
    )
    return Layout(
        title=f"{_('บันทึกข้อความ')} {letter_subject(doc)}",
        thai_digits=agreement.thai_digits,
        sections=(letter, annex),
        page_label=_("หน้า"),
        page_numbers="letter",
        margin_left=3.0,
        margin_top=MEMO_MARGIN_TOP,
    )


def _body(doc: LetterDoc) -> list[Block]:
    agreement = doc.agreement
    values = {
        "department": agreement.department,
        "year": year_text(agreement),
        "agreed_on": agreement.agreed_on_text,
        "count": agreement.kpi_count_text,
        "total": agreement.total_weight_text,
    }
    if agreement.agreed_on_text:
        opening = _(
            "ตามที่%(department)s ได้เจรจาตัวชี้วัดและค่าเป้าหมายตามคำรับรองการปฏิบัติราชการ "
            "%(year)s ร่วมกับสำนักงาน ก.พ.ร. และได้ข้อยุติเมื่อวันที่ %(agreed_on)s นั้น"
        )
    else:
        opening = _(
            "ตามที่%(department)s ได้เจรจาตัวชี้วัดและค่าเป้าหมายตามคำรับรองการปฏิบัติราชการ "
            "%(year)s ร่วมกับสำนักงาน ก.พ.ร. นั้น"
        )
    blocks: list[Block] = [
        Paragraph(opening % values, space_before=True),
        Paragraph(
            _(
                "ในการนี้ %(department)s ได้ตรวจสอบรายละเอียดตัวชี้วัด น้ำหนัก ค่าเป้าหมาย "
                "และเกณฑ์การให้คะแนนแล้ว ขอยืนยันรายละเอียดตัวชี้วัดตามคำรับรอง"
                "การปฏิบัติราชการ จำนวน %(count)s ตัวชี้วัด น้ำหนักรวมร้อยละ %(total)s ดังนี้"
            )
            % values
        ),
    ]
    for component in agreement.components:
        blocks.append(
            Paragraph(
                _("องค์ประกอบที่ %(number)s %(name)s (น้ำหนักร้อยละ %(weight)s)")
                % {
                    "number": component.number,
                    "name": component.name,
                    "weight": component.weight_text,
                },
                first=0,
                left=LIST_INDENT,
            )
        )
        for kpi in component.kpis:
            blocks.append(
                Paragraph(
                    _("%(number)s) %(name)s (น้ำหนักร้อยละ %(weight)s)")
                    % {"number": kpi.number, "name": kpi.name, "weight": kpi.weight_text},
                    first=-KPI_HANG,
                    left=KPI_INDENT,
                )
            )
    blocks += [
        Paragraph(_("ทั้งนี้ รายละเอียดตัวชี้วัด ค่าเป้าหมาย และเกณฑ์การให้คะแนน ปรากฏตามเอกสารแนบ")),
        Paragraph(_("จึงเรียนมาเพื่อโปรดทราบ"), space_before=True),
    ]
    return blocks
