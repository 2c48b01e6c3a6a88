"""The audit trail of an object (coordinator and executives only) and document downloads
(the same files as the pages' links, rendered by documents.registry)."""

from __future__ import annotations

from urllib.parse import quote

from django.test import Client

from core.audit import audit_log
from documents import chromium
from documents.tests.helpers import docx_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_audit_lists_the_objects_events_newest_first(world, coordinator, executive, bearer):
    audit_log(coordinator, "agreements.agreement.started", world.agreement, {"n": 1})
    audit_log(coordinator, "agreements.agreement.submitted", world.agreement, {"n": 2})
    audit_log(coordinator, "agreements.agreement.started", world.other_agreement, {"n": 3})

    response = Client().get(f"/api/v1/audit/agreement/{world.agreement.pk}", **bearer(executive))

    assert response.status_code == 200
    items = response.json()["items"]
    assert [e["action"] for e in items] == [
        "agreements.agreement.submitted",
        "agreements.agreement.started",
    ]
    assert items[0]["actor"] == "coordinator" and items[0]["data"] == {"n": 2}


def test_audit_is_refused_to_people_who_see_the_object_but_do_not_run_the_cycle(
    world, committee_member, bearer
):
    response = Client().get(f"/api/v1/audit/kpi/{world.kpi.pk}", **bearer(committee_member))

    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "forbidden" and "ผู้ประสานงาน" in body["message_th"]


def test_kpi_sheet_docx_is_the_pages_file_with_the_thai_name(world, owner, bearer):
    response = Client().get(
        f"/api/v1/documents/kpi-sheet/{world.kpi.pk}", {"format": "docx"}, **bearer(owner)
    )

    assert response.status_code == 200 and response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="kpi-sheet-onep-2569-1-v1.docx"')
    assert "filename*=UTF-8''" + quote("รายละเอียดตัวชี้วัด-1-") in disposition
    text = docx_text(response.content)
    assert world.kpi.name_th in text and "๒๕๖๙" in text


def test_arabic_digits_on_request(world, owner, bearer):
    response = Client().get(
        f"/api/v1/documents/kpi-sheets/{world.framework.pk}",
        {"format": "docx", "digits": "arabic"},
        **bearer(owner),
    )

    text = docx_text(response.content)
    assert "2569" in text and "๒๕๖๙" not in text


def test_confirmation_letter_takes_its_number_and_addressee(world, owner, bearer):
    response = Client().get(
        f"/api/v1/documents/confirmation-letter/{world.framework.pk}",
        {"format": "docx", "number": "ทส 1002/123", "to": "เลขาธิการ"},
        **bearer(owner),
    )

    assert response.status_code == 200
    text = docx_text(response.content)
    assert "1002/123" in text or "๑๐๐๒/๑๒๓" in text


def test_pdf_without_chromium_is_503_with_the_error_body(world, owner, bearer, monkeypatch):
    monkeypatch.setenv(chromium.CHROMIUM_ENV, "/nonexistent/chromium")

    response = Client().get(f"/api/v1/documents/kpi-sheet/{world.kpi.pk}", **bearer(owner))

    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "document_unavailable" and "DOCX" in body["message_th"]


def test_unknown_format_is_422(world, owner, bearer):
    response = Client().get(
        f"/api/v1/documents/kpi-sheet/{world.kpi.pk}", {"format": "odt"}, **bearer(owner)
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "format"]


def test_a_rounds_trail_holds_its_opening_and_its_closing(world, coordinator, bearer):
    from reporting.services import round_close

    round_close(coordinator, world.round, confirmed=True)

    response = Client().get(f"/api/v1/audit/round/{world.round.pk}", **bearer(coordinator))

    assert response.status_code == 200
    actions = [event["action"] for event in response.json()["items"]]
    assert "reporting.round.opened" in actions
    assert actions[0].startswith("reporting.round.") and "closed" in actions[0]
    assert actions.index("reporting.round.opened") > 0  # newest first


def test_a_reports_trail_holds_its_saves(world, owner, executive, bearer):
    from api.services import token_create

    secret = token_create(owner, name="w", scope="read_write").secret
    saved = Client().patch(
        f"/api/v1/submissions/{world.submission.pk}",
        '{"version": 0, "direct_result": "95"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert saved.status_code == 200

    response = Client().get(f"/api/v1/audit/submission/{world.submission.pk}", **bearer(executive))

    assert response.status_code == 200
    items = response.json()["items"]
    assert [e["action"] for e in items] == ["reporting.submission.saved"]
    assert items[0]["actor"] == owner.get_username()


def test_the_sar_docx_is_the_round_pages_file(world, executive, bearer):
    response = Client().get(
        f"/api/v1/documents/sar/{world.round.pk}", {"format": "docx"}, **bearer(executive)
    )

    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith('attachment; filename="sar-')
    text = docx_text(response.content)
    assert world.kpi.name_th in text and "๒๕๖๙" in text


def test_the_esar_workbook_is_xlsx_and_lists_every_kpi(world, coordinator, bearer):
    import io

    from openpyxl import load_workbook

    response = Client().get(f"/api/v1/documents/esar/{world.round.pk}", **bearer(coordinator))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}
    assert all(any(kpi.name_th in cell for cell in cells) for kpi in world.kpis)


def test_the_evaluator_cannot_print_the_sar(world, evaluator, bearer):
    response = Client().get(
        f"/api/v1/documents/sar/{world.round.pk}", {"format": "docx"}, **bearer(evaluator)
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
