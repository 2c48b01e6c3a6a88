"""POST rows of the permission matrix: every URL × persona (issue 14 "Tests that must exist").

Read with test_permission_matrix.py, whose World, personas and codes these rows use. Each URL is
POSTed by every persona, each in its own rolled-back savepoint; a persona the rule refuses gets
403 (the object is visible to them), 404 (hidden) or the login page, and a refused POST must
leave every table as it was. Allowed personas get what the action answers: 302 after success or
after a refusal by state (with a message), 422 for a form with errors, 200 for a page that
renders on POST. 405: the URL takes GET only.

State-changing URLs whose form is checked before the service runs get a valid body in POST_DATA,
so that the refusal comes from the permission rule and not from an empty form.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

L = "login"
GET_ONLY: dict[str, int | str] = {"anonymous": L, "*": 405}

# A minimal document the upload validator accepts as a PDF.
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("หลักฐาน.pdf", PDF, content_type="application/pdf")


Body = Callable[[dict[str, Any]], dict[str, Any]]


def strategic_kpis_xlsx() -> SimpleUploadedFile:
    from openpyxl import Workbook

    from frameworks.strategic_kpis import COLUMNS

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(["NS-POST", "ตัวชี้วัดระดับชาติ", "ยุทธศาสตร์ชาติ", "สศช.", 2566, None])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("strategic.xlsx", out.getvalue())


STRATEGIC_KPI = {
    "code": "NS-POST",
    "name_th": "ตัวชี้วัดระดับชาติ",
    "level": "national",
    "owner": "สศช.",
    "first_year": "2566",
    "last_year": "",
}

# Valid bodies, built per persona from the world's objects (files can be read once only).
POST_DATA: dict[str, Body] = {
    "strategic_kpi_list": lambda o: {"file": strategic_kpis_xlsx()},
    "strategic_kpi_new": lambda o: dict(STRATEGIC_KPI),
    "strategic_kpi_edit": lambda o: {**STRATEGIC_KPI, "code": o["strategic_kpi"].code},
    "agreements:agree": lambda o: {"agreed_on": "2025-11-20", "summary": "ข้อยุติการเจรจา"},
    "agreements:amendment_decide": lambda o: {"decision": "approve", "note": "อนุมัติ"},
    "agreements:briefing_new": lambda o: {
        "held_on": "2025-10-15",
        "title": "ชี้แจงแนวทาง",
        "attendees": "ผู้แทนทุกกอง",
    },
    "agreements:committee": lambda o: {"text": "ความเห็นของกรรมการ"},
    "agreements:data_request": lambda o: {"text": "ข้อมูลตามที่ขอ"},
    "agreements:data_request_new": lambda o: {
        "unit": o["data_request"].unit_id,
        "subject": "ขอข้อมูลพื้นฐาน",
        "due_on": "2025-11-01",
    },
    "agreements:guideline_upload": lambda o: {"title": "แนวทาง", "file": pdf()},
    "agreements:position": lambda o: {
        "save_counter": "1",
        "counter-name_th": o["position"].proposed.get("name_th", "ตัวชี้วัด"),
        "counter-weight": "10",
        "counter-method": "levels",
        "counter-direction": "higher",
    },
    "agreements:position_add": lambda o: {
        "name_th": "ตัวชี้วัดที่เสนอเพิ่ม",
        "weight": "10",
        "method": "levels",
        "direction": "higher",
        "component": o["kpi"].component_id,
        "number": "9",
    },
    "agreements:resolve": lambda o: {
        "decision": "approve",
        "meeting_number": "1/2569",
        "meeting_date": "2025-10-20",
        "text": "เห็นชอบ",
    },
    "agreements:round_new": lambda o: {"held_on": "2025-11-10", "participants": "ผู้แทน"},
    "agreements:scan_upload": lambda o: {"file": pdf()},
    "agreements:sign": lambda o: {"signed_on": "2025-12-01"},
    "evidence:add": lambda o: {"title": "หลักฐาน", "file": pdf()},
    "reporting:appeal_answer": lambda o: {"answer": "พิจารณาแล้ว คงคะแนนเดิม"},
    "reporting:appeal_file": lambda o: {"reason": "ขออุทธรณ์ผลคะแนน"},
    "reporting:presentation_add": lambda o: {"presented_on": "2026-04-20", "meeting": "ครั้งที่ 1"},
    "reporting:reviewer_score": lambda o: {"score": "4.5"},
    "reporting:round_settings": lambda o: {"appeal_days": "10"},
    "reporting:submission": lambda o: {"version": o["submission"].version},
}

POST_MATRIX: dict[str, dict[str, int | str]] = {
    "agreements:acknowledge": {
        "anonymous": L,
        "*": 403,
        "owner": 302,
        "overseer": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:agree": {  # the agreed summary is the assigned evaluator's (issue 14 item 1)
        "anonymous": L,
        "*": 403,
        "evaluator": 422,  # allowed, refused by state: the FY 2569 agreement is signed
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:amendment_decide": {
        "anonymous": L,
        "*": 403,
        "evaluator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:amendment_version": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:amendments": {"anonymous": L, "*": 404, "coordinator": 422},
    "agreements:attachment_delete": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:briefing_new": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    # The coordinator's reminder to who has not acknowledged (issue 16 item 3).
    "agreements:acknowledgements_remind": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:circulate": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:committee": {
        "anonymous": L,
        "*": 403,
        "overseer": 302,
        "committee_member": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:cycle": {
        "anonymous": L,
        "*": 200,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:data_request": {
        "anonymous": L,
        "*": 404,
        "coordinator": 422,
        "owner": 422,
        "overseer": 422,
    },
    "agreements:data_request_new": {
        "anonymous": L,
        "*": 403,
        "coordinator": 422,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:data_requests_remind": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:download": {
        "anonymous": L,
        "*": 200,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:drafting": {
        "anonymous": L,
        "*": 200,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:guideline_upload": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:history": {
        "anonymous": L,
        "*": 200,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:holiday_delete": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:index": {"anonymous": L, "*": 302, "staff": 200},
    "agreements:intranet": {"anonymous": L, "*": 200, "outsider": 404, "opdc_coordinator": 404},
    "agreements:intranet_index": {
        "anonymous": L,
        "*": 302,
        "outsider": 200,
        "opdc_coordinator": 200,
    },
    "agreements:lock_kpis": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:negotiation": {
        "anonymous": L,
        "*": 200,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:negotiation_diff": {
        "anonymous": L,
        "*": 200,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:negotiation_reopen": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:negotiation_round": {
        "anonymous": L,
        "*": 200,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:negotiation_start": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    # Counter-proposals and KPIs added in the negotiation are OPDC's (issue 14 item 1): the
    # coordinator sees the position page but is refused with 403.
    "agreements:position": {"anonymous": L, "*": 404, "coordinator": 403, "evaluator": 422},
    "agreements:position_add": {
        "anonymous": L,
        "*": 403,
        "coordinator": 403,
        "evaluator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:public": {"*": 200},
    "agreements:publish": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:reopen": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:resolve": {
        "anonymous": L,
        "*": 403,
        "overseer": 422,
        "committee_member": 422,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:round_new": {
        "anonymous": L,
        "*": 403,
        "coordinator": 422,
        "evaluator": 422,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:scan_upload": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "executive": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:settings": {"anonymous": L, "*": 404, "coordinator": 422},
    "agreements:sign": {
        "anonymous": L,
        "*": 403,
        "executive": 422,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:signing": {
        "anonymous": L,
        "*": 200,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:submit": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "agreements:unpublish_public": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "api_token_create": {"anonymous": L, "*": 422},
    "api_token_revoke": {"anonymous": L, "*": 404, "coordinator": 302},
    "api_tokens": GET_ONLY,
    "dashboards:department": GET_ONLY,
    "dashboards:index": GET_ONLY,
    "dashboards:kpi": GET_ONLY,
    "dashboards:meeting_pack": GET_ONLY,
    "dashboards:ministry": GET_ONLY,
    "dashboards:ministry_index": GET_ONLY,
    "dashboards:ministry_xlsx": GET_ONLY,
    "dashboards:rule": {"anonymous": L, "*": 404, "coordinator": 200},
    "document_agreement": GET_ONLY,
    "document_confirmation_letter": GET_ONLY,
    "document_esar": GET_ONLY,
    "document_executive_summary": GET_ONLY,
    "document_executive_summary_build": {
        "anonymous": L,
        "*": 302,
        "owner": 404,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "document_job_file": GET_ONLY,
    "document_job_status": GET_ONLY,
    "document_kpi_sheet": GET_ONLY,
    "document_kpi_sheets": GET_ONLY,
    # Starts (or finds) the document's job, then redirects to its status page; the job is
    # enqueued after commit, which the matrix's rolled-back savepoints never reach.
    "document_kpi_sheets_build": {
        "anonymous": L,
        "*": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "document_sar": GET_ONLY,
    "document_sar_build": {
        "anonymous": L,
        "*": 302,
        "owner": 404,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "evidence:add": {
        "anonymous": L,
        "*": 403,
        "owner": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "evidence:download": GET_ONLY,
    "evidence:remove": {
        "anonymous": L,
        "*": 403,
        "owner": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "fiscal_year_choose": {"anonymous": L, "*": 302},
    "framework_activate": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "framework_create": {
        "anonymous": L,
        "*": 403,
        "coordinator": 422,
        "outsider": 422,
        "opdc_coordinator": 422,
    },
    "framework_detail": {"anonymous": L, "*": 200, "outsider": 404, "opdc_coordinator": 404},
    "framework_edit": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "framework_list": {"anonymous": L, "*": 200},
    "framework_reopen": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "healthz": {"*": 405},  # GET/HEAD only (ops.views)
    "home": {"anonymous": L, "*": 200},
    "inbox": {"anonymous": L, "*": 200},
    "inbox_mark_read": {"anonymous": L, "*": 302},
    "kpi_approve": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "kpi_create": {
        "anonymous": L,
        "*": 403,
        "coordinator": 422,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "kpi_delete": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "kpi_detail": GET_ONLY,
    "kpi_edit": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "owner": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "kpi_excel_export": GET_ONLY,
    "kpi_excel_import": {
        "anonymous": L,
        "*": 403,
        "coordinator": 200,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "kpi_excel_template": GET_ONLY,
    "kpi_index": GET_ONLY,
    "kpi_list": GET_ONLY,
    "kpi_list_whatif": {"anonymous": L, "*": 200, "outsider": 404, "opdc_coordinator": 404},
    "kpi_new_version": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "kpi_whatif": GET_ONLY,
    "lineage": {
        "anonymous": L,
        "*": 403,
        "coordinator": 422,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "lineage_index": {"anonymous": L, "*": 302, "evaluator": 200},
    "lineage_template": GET_ONLY,
    "strategic_kpi_list": {"anonymous": L, "*": 403, "opdc_coordinator": 302},
    "strategic_kpi_new": {"anonymous": L, "*": 403, "opdc_coordinator": 302},
    "strategic_kpi_edit": {"anonymous": L, "*": 403, "opdc_coordinator": 302},
    "strategic_kpi_template": GET_ONLY,
    "login": {"*": 200},
    "metrics": {"*": 405},
    "readyz": {"*": 405},
    "logout": {"*": L},
    # OIDC sign-in (issue 19): 404 until OIDC_RP_CLIENT_ID is set (accounts.directory_views);
    # configured, it is tested against a real provider in accounts/tests/test_oidc_login.py.
    "oidc_authentication_callback": {"*": 404},
    "oidc_login": {"*": 404},
    "org_index": {"anonymous": L, "*": 302, "evaluator": 200},
    "org_tree": {"anonymous": L, "*": 200, "outsider": 404, "opdc_coordinator": 404},
    "password_change": {"anonymous": L, "*": 200},  # the form again: no passwords sent
    "password_change_done": GET_ONLY,
    "password_reset": {"*": 200},  # no address given: the form again, no mail
    "password_reset_complete": {"*": 405},
    "password_reset_confirm": {"*": 200},  # a made-up link: the "cannot be used" page
    "password_reset_done": {"*": 405},
    "public:department": {"*": 405},
    "public:department_year": {"*": 405},
    "reporting:appeal_answer": {
        "anonymous": L,
        "*": 403,
        "evaluator": 302,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:appeal_file": {
        "anonymous": L,
        "*": 403,
        "coordinator": 422,
        "owner": 422,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:esar": GET_ONLY,
    "reporting:my_updates": GET_ONLY,
    "reporting:evaluation_index": GET_ONLY,
    "reporting:evaluation": GET_ONLY,
    "reporting:evaluation_scores": GET_ONLY,
    "reporting:evaluation_progress_index": GET_ONLY,
    "reporting:evaluation_progress": GET_ONLY,
    "reporting:presentation_add": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:presentation_delete": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:results_file": GET_ONLY,
    "reporting:results_import": {
        "anonymous": L,
        "*": 403,
        "owner": 200,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:reviewer_score": {
        "anonymous": L,
        "*": 403,
        "evaluator": 422,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:kpi_baselines_fill": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "owner": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:kpis_continue": {
        "anonymous": L,
        "*": 403,
        "coordinator": 422,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    # The open round has reports not accepted: the first POST asks again (a page, no change).
    "reporting:round_close": {
        "anonymous": L,
        "*": 403,
        "coordinator": 200,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:round_detail": GET_ONLY,
    "reporting:round_open": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    # Reminders to late people, and the waiting table's accept / return (issue 16 item 3).
    "reporting:round_remind": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:round_review": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:round_settings": {
        "anonymous": L,
        "*": 403,
        "coordinator": 302,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:rounds": GET_ONLY,
    "reporting:submission": {
        "anonymous": L,
        "*": 403,
        "owner": 422,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:submission_action": {
        "anonymous": L,
        "*": 302,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "reporting:submission_preview": {
        "anonymous": L,
        "*": 200,
        "evaluator": 404,
        "staff": 404,
        "outsider": 404,
        "opdc_coordinator": 404,
    },
    "role_revoke": {"anonymous": L, "*": 404, "coordinator": 302},
    "roles": {"anonymous": L, "*": 404, "coordinator": 422},
    "roles_copy": {"anonymous": L, "*": 404, "coordinator": 302},
    "roles_index": {
        "anonymous": L,
        "*": 404,
        "coordinator": 302,
        "outsider": 302,
        "opdc_coordinator": 302,
    },
    "search": GET_ONLY,
    # The evaluating body's page (issue 14 item 1): OPDC's coordinator only; hidden from others.
    "evaluator_assignments": {"anonymous": L, "*": 404, "opdc_coordinator": 422},
    "evaluator_remove": {"anonymous": L, "*": 404, "opdc_coordinator": 302},
    "evaluators_index": {"anonymous": L, "*": 404, "opdc_coordinator": 302},
    # Two-factor sign-in (issue 19 item 2), with REQUIRE_2FA off as in the GET rows: the code
    # and enrolment pages send everyone on without reading the form; the reset is hidden from
    # everyone who is neither a department administrator nor a superuser.
    "two_factor_verify": {"anonymous": L, "*": 302},
    "two_factor_setup": {"anonymous": L, "*": 302},
    "two_factor_people": {"anonymous": L, "*": 404},
    "two_factor_reset": {"anonymous": L, "*": 404},
}
