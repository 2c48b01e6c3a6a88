import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import chromium
from documents.tests.factories import KPI_NAME, full_kpi
from documents.tests.helpers import docx_text, pdf_text, requires_chromium

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _publish(framework):
    """Staff read a year's sheets once its agreement is published (issue 14 item 2), its
    sheets approved (locked before signing, as the cycle does)."""
    from agreements.models import Agreement
    from indicators.models import Kpi

    Kpi.objects.filter(framework=framework, state=Kpi.State.DRAFT).update(
        state=Kpi.State.APPROVED, approved_at=timezone.now()
    )
    Agreement.objects.update_or_create(
        framework=framework,
        defaults={"started_on": datetime.date(2025, 10, 1), "published_at": timezone.now()},
    )


@pytest.fixture
def kpi(org):
    """A sheet of onep's FY 2569, whose agreement is published."""
    sheet = full_kpi(org.department)
    _publish(sheet.framework)
    return sheet


def test_staff_get_404_for_the_sheets_of_a_year_not_yet_published(client, staff, org):
    draft = full_kpi(org.department)
    client.force_login(staff)

    assert client.get(reverse("document_kpi_sheet", args=(draft.pk, "docx"))).status_code == 404
    url = reverse("document_kpi_sheets", args=(draft.framework_id, "docx"))
    assert client.get(url).status_code == 404
    _publish(draft.framework)
    assert client.get(url).status_code == 200


def test_anonymous_is_sent_to_login(client, kpi):
    response = client.get(reverse("document_kpi_sheet", args=(kpi.pk, "docx")))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_outsider_gets_404_for_another_departments_kpi_and_framework(client, outsider, kpi):
    client.force_login(outsider)

    assert client.get(reverse("document_kpi_sheet", args=(kpi.pk, "docx"))).status_code == 404
    url = reverse("document_kpi_sheets", args=(kpi.framework_id, "docx"))
    assert client.get(url).status_code == 404


def test_staff_of_the_department_downloads_the_docx_with_thai_file_name(client, staff, kpi):
    client.force_login(staff)

    response = client.get(reverse("document_kpi_sheet", args=(kpi.pk, "docx")))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="kpi-sheet-onep-2569-1-v1.docx"')
    assert "filename*=UTF-8''" + quote("รายละเอียดตัวชี้วัด-1-สผ.-2569-ฉบับที่1.docx") in disposition
    assert KPI_NAME in docx_text(response.content)
    assert "๒๕๖๙" in docx_text(response.content)


def test_arabic_digits_on_request(client, staff, kpi):
    client.force_login(staff)

    response = client.get(
        reverse("document_kpi_sheet", args=(kpi.pk, "docx")), {"digits": "arabic"}
    )

    text = docx_text(response.content)
    assert "2569" in text and "๒๕๖๙" not in text


def test_unknown_format_is_404(client, staff, kpi):
    client.force_login(staff)

    assert client.get(reverse("document_kpi_sheet", args=(kpi.pk, "odt"))).status_code == 404


def test_framework_sheets_download(client, coordinator, kpi):
    full_kpi(kpi.framework.department, number="2", name="ตัวชี้วัดที่สองของสำนักงาน")
    client.force_login(coordinator)

    response = client.get(reverse("document_kpi_sheets", args=(kpi.framework_id, "docx")))

    assert response.status_code == 200
    assert 'filename="kpi-sheets-onep-2569.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert KPI_NAME in text and "ตัวชี้วัดที่สองของสำนักงาน" in text


@requires_chromium
def test_staff_downloads_the_pdf(client, staff, kpi):
    client.force_login(staff)

    response = client.get(reverse("document_kpi_sheet", args=(kpi.pk, "pdf")))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "สำนักงาน" in pdf_text(response.content)


def test_pdf_without_chromium_explains_and_suggests_docx(client, staff, kpi, monkeypatch):
    monkeypatch.setenv(chromium.CHROMIUM_ENV, "/nonexistent/chromium")
    client.force_login(staff)

    response = client.get(reverse("document_kpi_sheet", args=(kpi.pk, "pdf")))

    assert response.status_code == 503
    assert "ไม่พบโปรแกรม Chromium" in response.content.decode()
