"""Upload security (issue 6 item 3): types judged by content, size limit, safe stored names,
permission-checked attachment downloads."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from conftest import make_persona
from core.models import AuditEvent
from core.uploads import inspect_upload, safe_display_name
from evidence.models import EvidenceFile
from reporting import services as reporting_services
from reporting.services import evidence_files as services
from reporting.tests.factories import (
    docx_bytes,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
)

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("รายงาน.pdf", pdf_bytes(), "pdf"),
        ("ภาพ.PNG", png_bytes(), "png"),
        ("ภาพ.jpeg", jpeg_bytes(), "jpg"),
        ("สรุป.docx", docx_bytes(), "docx"),
        ("ตาราง.xlsx", xlsx_bytes(), "xlsx"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, content, kind):
    assert inspect_upload(upload(name, content)).file_type == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("รายงาน.pdf", EXE),  # a disguised executable
        ("รายงาน.pdf", HTML),  # HTML that a browser would run
        ("ภาพ.png", jpeg_bytes()),  # right family, wrong type
        ("สรุป.docx", xlsx_bytes()),  # a spreadsheet renamed to .docx
        ("ตาราง.xlsx", b"PK\x03\x04" + b"\x00" * 50),  # a broken zip
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload(name, content))
    assert "ไม่ใช่" in error.value.message_dict["file"][0]


def test_zip_without_office_parts_named_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("payload.exe", EXE)
    with pytest.raises(ValidationError):
        inspect_upload(upload("สรุป.docx", buffer.getvalue()))


def test_macro_package_renamed_docx_is_refused():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes())) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(ValidationError):
        inspect_upload(upload("สรุป.docx", buffer.getvalue()))


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "script.svg", "noextension"])
def test_other_extensions_are_refused(name):
    with pytest.raises(ValidationError, match="รับเฉพาะไฟล์"):
        inspect_upload(upload(name, pdf_bytes()))


def test_oversize_is_refused(settings):
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="ใหญ่เกินกำหนด"):
        inspect_upload(upload("รายงาน.pdf", pdf_bytes() + b"0" * 200))


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="ว่างเปล่า"):
        inspect_upload(upload("รายงาน.pdf", b""))


def test_path_traversal_name_is_stored_safely(submission, owner, settings):
    evidence = services.evidence_add(owner, submission, upload("../../etc/passwd.pdf", pdf_bytes()))
    assert evidence.original_name == "passwd.pdf"
    assert evidence.file.name.startswith("evidence/") and ".." not in evidence.file.name
    assert "passwd" not in evidence.file.name
    stored = evidence.file.path
    assert stored.startswith(str(settings.MEDIA_ROOT))


def test_windows_path_name_is_stripped(submission, owner):
    evidence = services.evidence_add(
        owner, submission, upload("C:\\Users\\x\\มติ คชก.pdf", pdf_bytes())
    )
    assert evidence.original_name == "มติ คชก.pdf"
    assert evidence.title == "มติ คชก"


@given(st.text(max_size=300))
def test_display_names_never_carry_paths_or_control_characters(name):
    shown = safe_display_name(name)
    assert "/" not in shown and "\\" not in shown
    assert not any(ord(ch) < 32 for ch in shown)
    assert 0 < len(shown) <= 161
    assert not shown.startswith(".")


def test_files_are_numbered_and_renumbered(submission, owner):
    first = services.evidence_add(
        owner, submission, upload("a.pdf", pdf_bytes()), title="ทะเบียนรายงาน"
    )
    second = services.evidence_add(
        owner, submission, upload("b.png", png_bytes()), title="ภาพหน้าจอ"
    )
    third = services.evidence_add(owner, submission, upload("c.xlsx", xlsx_bytes()))
    assert [first.number, second.number, third.number] == [1, 2, 3]
    services.evidence_remove(owner, second)
    assert list(EvidenceFile.objects.order_by("number").values_list("title", "number")) == [
        ("ทะเบียนรายงาน", 1),
        ("c", 2),
    ]
    assert AuditEvent.objects.filter(action="evidence.file.removed").exists()


def test_only_reporters_upload_and_only_while_editable(submission, owner, staff, coordinator):
    with pytest.raises(PermissionDenied):
        services.evidence_add(staff, submission, upload("a.pdf", pdf_bytes()))
    with pytest.raises(PermissionDenied):
        services.evidence_add(coordinator, submission, upload("a.pdf", pdf_bytes()))
    reporting_services.round_close(coordinator, submission.round, confirmed=True)
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))


def test_download_is_an_attachment_with_nosniff(client, submission, owner, coordinator):
    evidence = services.evidence_add(owner, submission, upload("มติ คชก.pdf", pdf_bytes()))
    client.force_login(coordinator)
    response = client.get(reverse("evidence:download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.mark.parametrize("persona", ["outsider", "staff", "other_owner"])
def test_download_by_people_who_may_not_see_the_report_is_404(
    client, submission, owner, org, request, persona
):
    evidence = services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    if persona == "other_owner":
        user = make_persona("qowner", org.department, Role.OWNER, role_unit=org.quality)
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("evidence:remove", args=[evidence.pk])).status_code == 404


def test_anonymous_download_goes_to_login(client, submission, owner):
    evidence = services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    response = client.get(reverse("evidence:download", args=[evidence.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_upload_through_the_page(client, submission, owner):
    client.force_login(owner)
    url = reverse("evidence:add", args=[submission.pk])
    response = client.post(url, {"title": "มติ คชก.", "file": upload("x.pdf", pdf_bytes())})
    assert response.status_code == 302
    assert EvidenceFile.objects.get().title == "มติ คชก."
    bad = client.post(url, {"file": upload("x.pdf", HTML)}, follow=True)
    assert "ไม่ใช่ PDF" in bad.content.decode()
    assert EvidenceFile.objects.count() == 1


def test_evaluator_sees_evidence_of_accepted_reports_only(
    client, submission, owner, overseer, coordinator, evaluator
):
    from decimal import Decimal

    from reporting.services import SubmissionInput

    evidence = services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    client.force_login(evaluator)
    url = reverse("evidence:download", args=[evidence.pk])
    assert client.get(url).status_code == 404
    reporting_services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal(1), "b": Decimal(1)}),
        expected_version=0,
    )
    reporting_services.submission_submit(owner, submission)
    reporting_services.submission_approve(overseer, submission)
    reporting_services.submission_accept(coordinator, submission)
    assert client.get(url).status_code == 200
