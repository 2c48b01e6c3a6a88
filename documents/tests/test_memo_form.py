"""The memo's ที่, เรียน and emblem are saved with the agreement and its department, edited on
the agreement's settings page through audited services, and printed on every download."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from accounts.models import Department
from agreements import services
from agreements.models import Agreement
from core.models import AuditEvent
from documents.registry import render_document
from reporting.tests.factories import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(agreement: Agreement) -> str:
    department = agreement.framework.department
    return reverse(
        "agreements:settings",
        kwargs={"code": department.code, "year": agreement.framework.fiscal_year},
    )


def _memo(agreement: Agreement, **options) -> DocxDocument:
    content = render_document(
        "confirmation-letter", agreement, "docx", thai_digits=True, **options
    ).content
    return Document(io.BytesIO(content))


def test_coordinator_saves_number_and_addressee_and_every_download_prints_them(
    client, signed, coordinator
):
    client.force_login(coordinator)

    response = client.post(
        _url(signed),
        {"save_memo": "1", "memo_number": " ทส 1009/245 ", "memo_addressee": "ปลัดกระทรวงฯ"},
    )

    assert response.status_code == 302
    signed.refresh_from_db()
    assert (signed.memo_number, signed.memo_addressee) == ("ทส 1009/245", "ปลัดกระทรวงฯ")
    event = AuditEvent.objects.filter(action="agreements.agreement.memo_changed").get()
    assert event.data == {"memo_number": "ทส 1009/245", "memo_addressee": "ปลัดกระทรวงฯ"}
    paragraphs = [p.text for p in _memo(signed).paragraphs]
    assert paragraphs[2].startswith("ที่ ทส ๑๐๐๙/๒๔๕ ")
    assert paragraphs[4] == "เรียน ปลัดกระทรวงฯ"
    # A number given for one download still wins over the saved one.
    override = [p.text for p in _memo(signed, number="ทส 1009/300").paragraphs]
    assert override[2].startswith("ที่ ทส ๑๐๐๙/๓๐๐ ")


def test_only_the_coordinator_changes_the_memo_fields(signed, owner):
    with pytest.raises(PermissionDenied):
        services.agreement_update_memo(owner, signed, memo_number="x", memo_addressee="y")


def test_settings_page_shows_the_memo_form(client, signed, coordinator):
    client.force_login(coordinator)
    html = client.get(_url(signed)).content.decode()

    assert 'name="memo_number"' in html and 'name="memo_addressee"' in html
    assert 'name="emblem"' in html and 'enctype="multipart/form-data"' in html


def test_uploaded_emblem_sits_at_the_top_left_of_the_memo(client, signed, coordinator):
    client.force_login(coordinator)
    image = png_bytes()

    response = client.post(
        _url(signed),
        {"upload_emblem": "1", "emblem": SimpleUploadedFile("ครุฑ.png", image, "image/png")},
    )

    assert response.status_code == 302
    department = Department.objects.get(pk=signed.framework.department_id)
    assert department.emblem.name.startswith("emblems/")
    assert AuditEvent.objects.filter(action="accounts.department.emblem_uploaded").exists()
    signed.refresh_from_db()  # a fresh read, as each download is
    heading = _memo(signed).paragraphs[0]
    drawing = heading._p.find(f".//{qn('w:drawing')}")
    assert drawing is not None  # the picture comes first, before the heading text
    assert heading.text.endswith("บันทึกข้อความ")
    extent = drawing.find(f".//{qn('wp:extent')}")
    assert round(int(extent.get("cy")) / 360000, 2) == 1.5  # 1.5 cm high


def test_emblem_must_be_an_image(client, signed, coordinator):
    client.force_login(coordinator)

    response = client.post(
        _url(signed),
        {"upload_emblem": "1", "emblem": SimpleUploadedFile("ครุฑ.png", pdf_bytes())},
    )

    assert response.status_code == 422
    assert not Department.objects.get(pk=signed.framework.department_id).emblem


def test_without_an_emblem_the_memo_keeps_its_space(signed):
    document = _memo(signed)
    heading = document.paragraphs[0]

    assert heading._p.find(f".//{qn('w:drawing')}") is None
    assert heading.paragraph_format.line_spacing.cm == pytest.approx(1.5, abs=0.01)
    section = document.sections[0]
    margins = (section.top_margin, section.left_margin, section.right_margin, section.bottom_margin)
    assert [round(m.cm, 2) if m is not None else None for m in margins] == [1.5, 3, 2, 2]
