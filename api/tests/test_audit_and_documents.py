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


def test_kpi_sheet_docx_is_the_pages_file_with_the_thai_name(world, staff, bearer):
    response = Client().get(
        f"/api/v1/documents/kpi-sheet/{world.kpi.pk}", {"format": "docx"}, **bearer(staff)
    )

    assert response.status_code == 200 and response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="kpi-sheet-onep-2569-1-v1.docx"')
    assert "filename*=UTF-8''" + quote("รายละเอียดตัวชี้วัด-1-") in disposition
    text = docx_text(response.content)
    assert world.kpi.name_th in text and "๒๕๖๙" in text


def test_arabic_digits_on_request(world, staff, bearer):
    response = Client().get(
        f"/api/v1/documents/kpi-sheets/{world.framework.pk}",
        {"format": "docx", "digits": "arabic"},
        **bearer(staff),
    )

    text = docx_text(response.content)
    assert "2569" in text and "๒๕๖๙" not in text


def test_confirmation_letter_takes_its_number_and_addressee(world, staff, bearer):
    response = Client().get(
        f"/api/v1/documents/confirmation-letter/{world.framework.pk}",
        {"format": "docx", "number": "ทส 1002/123", "to": "เลขาธิการ"},
        **bearer(staff),
    )

    assert response.status_code == 200
    text = docx_text(response.content)
    assert "1002/123" in text or "๑๐๐๒/๑๒๓" in text


def test_pdf_without_chromium_is_503_with_the_error_body(world, staff, bearer, monkeypatch):
    monkeypatch.setenv(chromium.CHROMIUM_ENV, "/nonexistent/chromium")

    response = Client().get(f"/api/v1/documents/kpi-sheet/{world.kpi.pk}", **bearer(staff))

    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "document_unavailable" and "DOCX" in body["message_th"]


def test_unknown_format_is_422(world, staff, bearer):
    response = Client().get(
        f"/api/v1/documents/kpi-sheet/{world.kpi.pk}", {"format": "odt"}, **bearer(staff)
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "format"]
