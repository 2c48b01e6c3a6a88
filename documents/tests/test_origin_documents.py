"""Where a KPI comes from (issue 17 item 4) in the documents, read back: the KPI sheet, the
agreement annex and the e-SAR workbook state it in e-SAR's wording."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from documents.registry import render_document
from documents.tests.factories import full_kpi
from documents.tests.helpers import docx_text
from documents.tests.sar_setup import accepted_round
from frameworks.models import StrategicKpi
from indicators.models import Kpi

PROXY = "ตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs: NS-5-1 พื้นที่สีเขียวเพิ่มขึ้น"
SAME = "ตัวชี้วัดที่ถ่ายทอดเป็นตัวเดียวกับ Strategic KPIs: MNRE-2 คุณภาพอากาศดีขึ้น"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _strategic(code: str, name: str, level: str) -> StrategicKpi:
    return StrategicKpi.objects.create(
        code=code, name_th=name, level=level, owner="สศช.", first_year=2566
    )


def _link(kpi: Kpi, relation: str, strategic: StrategicKpi) -> None:
    Kpi.objects.filter(pk=kpi.pk).update(origin_relation=relation, strategic_kpi=strategic)


def test_kpi_sheet_states_the_origin(org):
    kpi = full_kpi(org.department)
    _link(kpi, "proxy", _strategic("NS-5-1", "พื้นที่สีเขียวเพิ่มขึ้น", "national"))

    text = docx_text(render_document("kpi-sheet", kpi, "docx", thai_digits=False).content)

    assert "ที่มาจาก Strategic KPI" in text
    assert PROXY in text and "(ยุทธศาสตร์ชาติ · สศช.)" in text


def test_kpi_sheet_without_origin_has_no_origin_row(org):
    kpi = full_kpi(org.department)
    text = docx_text(render_document("kpi-sheet", kpi, "docx", thai_digits=False).content)
    assert "ที่มาจาก Strategic KPI" not in text


def test_agreement_annex_states_the_origin(agreement):
    kpi = Kpi.objects.filter(framework=agreement.framework, number="1").get()
    _link(kpi, "same", _strategic("MNRE-2", "คุณภาพอากาศดีขึ้น", "ministry"))

    text = docx_text(render_document("agreement", agreement, "docx", thai_digits=False).content)

    assert f"ตัวชี้วัดที่ 1 {SAME}" in text


def test_esar_workbook_states_the_origin(org, owner, overseer, coordinator):
    sar_round = accepted_round(org, owner, overseer, coordinator)
    _link(sar_round.first, "proxy", _strategic("NS-5-1", "พื้นที่สีเขียวเพิ่มขึ้น", "national"))

    content = render_document("esar", sar_round.round, "xlsx", thai_digits=False).content

    book = load_workbook(io.BytesIO(content))
    texts = [
        str(cell.value)
        for name in book.sheetnames
        for row in book[name].iter_rows()
        for cell in row
        if cell.value
    ]
    assert "ที่มาจาก Strategic KPI" in texts
    assert any(text.startswith(PROXY) for text in texts)
