"""Every importer refuses hostile files before it parses them (issue 14 item 4): results files,
KPI sheets and the strategy lineage, all read through core.spreadsheets.read. Each file is built
here, small on disk; the time bound is generous (the refusals take milliseconds)."""

from __future__ import annotations

import io
import time

import pytest

from core.tests import hostile_files
from frameworks.lineage_import import LineageImportError, plan_items_import
from indicators.excel_import import import_framework_kpis
from reporting import services
from reporting.services.imports import results_import
from reporting.tests.factories import make_framework, make_kpi, make_round

LIMIT_S = 2
REFUSALS = {
    "million cells": "เมื่อแตกออกมีขนาดใหญ่ผิดปกติ",
    "huge dimension": "มีข้อมูลมากเกินกำหนด",
    "zip bomb": "เมื่อแตกออกมีขนาดใหญ่ผิดปกติ",
    "thousands of sheets": "แผ่นงานมากเกินกำหนด",
    "thousands of entries": "ส่วนประกอบมากผิดปกติ",
}


@pytest.fixture
def framework(org):
    return make_framework(org.department)


@pytest.fixture
def round_(org, coordinator, framework):
    make_kpi(framework, "1", unit=org.eia)
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    return round_


def _file(content: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def _results(coordinator, owner, round_, content, name):
    outcome = results_import(owner, round_, _file(content, name), filename=name)
    return [problem.message for problem in outcome.problems]


def _kpis(coordinator, owner, round_, content, name):
    framework = round_.framework
    result = import_framework_kpis(coordinator, framework, _file(content, name), filename=name)
    return [problem.message for problem in result.errors]


def _lineage(coordinator, owner, round_, content, name):
    framework = round_.framework
    with pytest.raises(LineageImportError) as error:
        plan_items_import(
            coordinator, framework.department, framework.fiscal_year, _file(content, name)
        )
    return list(error.value.messages)


IMPORTERS = {"results": _results, "kpi sheets": _kpis, "lineage": _lineage}
SHEET_TITLES = {"results": "ผลการดำเนินงาน", "kpi sheets": "ตัวชี้วัด", "lineage": "Sheet"}


@pytest.mark.parametrize("importer", IMPORTERS)
@pytest.mark.parametrize("hostile", hostile_files.HOSTILE_XLSX)
def test_every_importer_refuses_a_hostile_workbook_at_once(
    coordinator, owner, round_, importer, hostile
):
    content = hostile_files.HOSTILE_XLSX[hostile](SHEET_TITLES[importer])

    started = time.perf_counter()
    messages = IMPORTERS[importer](coordinator, owner, round_, content, "file.xlsx")
    elapsed = time.perf_counter() - started

    assert len(messages) == 1 and REFUSALS[hostile] in messages[0]
    assert elapsed < LIMIT_S


def test_a_results_csv_with_a_long_line_is_refused_at_that_line(coordinator, owner, round_):
    content = b"\xef\xbb\xbf" + "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n1,a,".encode() + b"9" * 1_000_000 + b"\n"

    started = time.perf_counter()
    messages = _results(coordinator, owner, round_, content, "results.csv")

    assert messages == ["บรรทัดที่ 2 ของไฟล์ยาวเกินกำหนด (ไม่เกิน 65,536 ตัวอักษร)"]
    assert time.perf_counter() - started < LIMIT_S


def test_a_results_csv_with_a_50_mb_line_is_refused_by_its_size(coordinator, owner, round_):
    started = time.perf_counter()
    messages = _results(coordinator, owner, round_, hostile_files.csv_long_line(), "r.csv")

    assert messages == ["ไฟล์ใหญ่เกินกำหนด (ไม่เกิน 20 MB)"]
    assert time.perf_counter() - started < LIMIT_S
