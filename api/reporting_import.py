"""Bulk results of a round (issue 8 item 4): download the results file and import a filled-in
one — the same service and rules as the page "นำเข้าผลจากไฟล์" (reporting.services.imports).

- `GET /rounds/{id}/results-file?format=xlsx|csv`: one row per KPI data item of the reports
  the caller may see, with the stored values and each report's version;
- `POST /rounds/{id}/results-import` (multipart: `file`, optional `dry_run`): validated as a
  whole. 200 with what was saved; 422 `import_invalid` with one detail item per problem
  (`loc: ["file", <row>, <column header>]`) and nothing saved; 409 `stale_revision` when a report
  was saved after the file was downloaded (its `version` column is older); 403 when the caller
  reports no KPI of the round.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import ngettext
from ninja import Field, File, Form, Query, Schema
from ninja.files import UploadedFile

from api.auth import caller
from api.common import errors, ok
from api.errors import ApiError, error_item
from api.reporting import RoundId, router
from frameworks.models import ReportingRound
from reporting import selectors
from reporting.results_io import CSV_TYPE, XLSX_TYPE, FileProblem
from reporting.services.imports import results_import
from reporting.views.imports import results_file_response

BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_RESPONSE = {
    "responses": {
        "200": {
            "description": "ไฟล์ผลการดำเนินงาน หนึ่งแถวต่อรายการข้อมูล (แนบไฟล์)",
            "content": {XLSX_TYPE: BINARY, CSV_TYPE.split(";")[0]: BINARY},
        }
    }
}


class ResultsFileQuery(Schema):
    format: Literal["xlsx", "csv"] = Field("xlsx", description="รูปแบบไฟล์")


class ImportOut(Schema):
    rows: int = Field(description="จำนวนแถวข้อมูลที่อ่านได้")
    dry_run: bool = Field(description="ตรวจสอบอย่างเดียว (ไม่ได้บันทึก)")
    changed: list[int] = Field(description="รหัสรายงาน (submission) ที่บันทึก หรือจะบันทึกเมื่อ dry_run")
    unchanged: int = Field(description="จำนวนแถวที่ค่าเท่าเดิม (ข้าม)")


def _round(request: HttpRequest, round_id: int) -> ReportingRound:
    return get_object_or_404(selectors.rounds_visible_to(caller(request)), pk=round_id)


@router.get(
    "/rounds/{round_id}/results-file",
    response=errors(404, 422),
    summary="ดาวน์โหลดไฟล์ผลการดำเนินงานของรอบ (XLSX หรือ CSV)",
    operation_id="round_results_file",
    openapi_extra=FILE_RESPONSE,
)
def results_file(
    request: HttpRequest, round_id: RoundId, query: Query[ResultsFileQuery]
) -> HttpResponse:
    return results_file_response(_round(request, round_id), request, query.format)


def _detail(problems: list[FileProblem]) -> list[dict[str, Any]]:
    items = []
    for problem in problems:
        loc: list[str | int] = ["file"]
        if problem.row is not None:
            loc.append(problem.row)
        if problem.column:
            loc.append(problem.column)
        items.append(error_item(loc, problem.message, "import_row"))
    return items


@router.post(
    "/rounds/{round_id}/results-import",
    response=ok(ImportOut, 400, 403, 404, 409, 422),
    summary="นำเข้าผลการดำเนินงานจากไฟล์ XLSX หรือ CSV (ทั้งไฟล์หรือไม่นำเข้าเลย)",
    description="หนึ่งแถวต่อหนึ่งรายการข้อมูลของตัวชี้วัด คอลัมน์ “ตัวชี้วัดที่”, “รหัสรายการข้อมูล”, “ค่า” "
    "และ “รุ่นรายงาน” (จากไฟล์ที่ดาวน์โหลด). ถ้ามีแถวผิดแม้แถวเดียวจะไม่บันทึกข้อมูลใดเลย "
    "และตอบ 422 พร้อมทุกแถวที่ผิดใน detail (loc = [file, แถว, คอลัมน์])",
    operation_id="round_results_import",
)
def results_import_endpoint(
    request: HttpRequest,
    round_id: RoundId,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> ImportOut:
    round_ = _round(request, round_id)
    outcome = results_import(
        caller(request), round_, file, filename=file.name or "", dry_run=dry_run
    )
    if outcome.problems:
        detail = _detail(outcome.problems)
        if outcome.stale:
            raise ApiError(
                409,
                "stale_revision",
                outcome.problems[0].message,
                "A report was saved after the file was downloaded; download it again.",
                detail=detail,
            )
        count = len(outcome.problems)
        message = ngettext(
            "พบข้อผิดพลาด %(n)s รายการ ยังไม่ได้นำเข้าข้อมูลใด ดูรายละเอียดใน detail",
            "พบข้อผิดพลาด %(n)s รายการ ยังไม่ได้นำเข้าข้อมูลใด ดูรายละเอียดใน detail",
            count,
        ) % {"n": count}
        raise ApiError(
            422,
            "import_invalid",
            outcome.problems[0].message if count == 1 else message,
            "The file has errors; nothing was imported. See detail.",
            detail=detail,
        )
    return ImportOut(
        rows=outcome.rows,
        dry_run=outcome.dry_run,
        changed=[s.pk for s in outcome.changed],
        unchanged=outcome.unchanged,
    )
