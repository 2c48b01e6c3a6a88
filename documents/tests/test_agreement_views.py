"""Downloads of the agreement and the confirmation memo: who may, what they get."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from agreements.tests.factories import make_framework
from documents.tests.helpers import docx_text, pdf_text, requires_chromium

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NAMES = ("document_agreement", "document_confirmation_letter")


def _url(name, agreement, fmt="docx"):
    return reverse(name, kwargs={"framework_id": agreement.framework_id, "fmt": fmt})


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_sent_to_login(client, agreement, name):
    response = client.get(_url(name, agreement))

    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", NAMES)
def test_someone_from_another_department_gets_404(client, outsider, agreement, name):
    client.force_login(outsider)

    assert client.get(_url(name, agreement)).status_code == 404


def _publish(agreement):
    from django.utils import timezone

    from agreements.models import Agreement

    Agreement.objects.filter(pk=agreement.pk).update(published_at=timezone.now())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("persona", ["owner", "executive", "evaluator", "coordinator"])
def test_the_people_of_the_cycle_and_its_evaluator_download_before_publication(
    client, signed, name, persona, request
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(_url(name, signed))

    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จ" in docx_text(response.content)


@pytest.mark.parametrize("name", NAMES)
def test_staff_download_only_once_the_agreement_is_published(client, staff, signed, name):
    """Issue 14 item 2: the signed but unpublished agreement was downloadable by staff while
    its pages answered 404."""
    client.force_login(staff)
    assert client.get(_url(name, signed)).status_code == 404
    _publish(signed)

    response = client.get(_url(name, signed))

    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "ร้อยละของรายงาน EIA ที่พิจารณาแล้วเสร็จ" in docx_text(response.content)


def test_a_framework_without_an_agreement_is_404(client, org, coordinator):
    framework = make_framework(org.department, 2570)
    client.force_login(coordinator)

    url = reverse("document_agreement", kwargs={"framework_id": framework.pk, "fmt": "docx"})

    assert client.get(url).status_code == 404


def test_unknown_format_is_404(client, staff, agreement):
    client.force_login(staff)

    assert client.get(_url("document_agreement", agreement, "odt")).status_code == 404


def test_agreement_file_names(client, coordinator, agreement):
    client.force_login(coordinator)

    disposition = client.get(_url("document_agreement", agreement))["Content-Disposition"]

    assert disposition.startswith('attachment; filename="agreement-onep-2569.docx"')
    assert quote("คำรับรองการปฏิบัติราชการ-สผ.-2569.docx") in disposition


def test_letter_takes_number_addressee_and_digits_from_the_query(client, coordinator, signed):
    client.force_login(coordinator)

    response = client.get(
        _url("document_confirmation_letter", signed),
        {"number": "ทส 1009/245", "to": "ปลัดกระทรวง", "digits": "arabic"},
    )

    assert 'filename="confirmation-letter-onep-2569.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "ที่ ทส 1009/245" in text and "เรียน ปลัดกระทรวง" in text
    assert "พ.ศ. 2569" in text and "๒๕๖๙" not in text


def test_the_agreement_ignores_letter_options(client, coordinator, signed):
    client.force_login(coordinator)

    response = client.get(_url("document_agreement", signed), {"number": "ทส 9999/1"})

    assert "9999" not in docx_text(response.content)


def test_signing_page_links_both_documents_in_both_formats(client, coordinator, signed):
    client.force_login(coordinator)

    html = client.get(reverse("agreements:signing", kwargs={"code": "onep", "year": 2569}))

    for name in NAMES:
        for fmt in ("pdf", "docx"):
            assert _url(name, signed, fmt) in html.content.decode()


@requires_chromium
def test_pdf_download(client, coordinator, signed):
    client.force_login(coordinator)

    response = client.get(_url("document_confirmation_letter", signed, "pdf"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "บันทึกข้อความ" in pdf_text(response.content)


def test_staff_find_the_downloads_on_the_intranet_page(client, staff, signed):
    _publish(signed)
    client.force_login(staff)

    html = client.get(reverse("agreements:intranet", kwargs={"code": "onep", "year": 2569}))

    assert html.status_code == 200
    assert _url("document_agreement", signed, "pdf") in html.content.decode()
    assert client.get(_url("document_agreement", signed)).status_code == 200
