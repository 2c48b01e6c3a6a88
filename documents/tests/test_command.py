import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from documents.tests.factories import KPI_NAME, full_kpi
from documents.tests.helpers import docx_text, pdf_text, requires_chromium


def _export(*args):
    out = io.StringIO()
    call_command("export_document", *args, stdout=out)
    return out.getvalue()


def test_command_writes_the_kpi_sheets_docx(org, tmp_path):
    full_kpi(org.department)
    output = tmp_path / "out" / "sheets.docx"

    message = _export(
        "kpi-sheets",
        "--year",
        "2569",
        "--agency",
        "onep",
        "--format",
        "docx",
        "--output",
        str(output),
    )

    assert str(output) in message
    text = docx_text(output.read_bytes())
    assert KPI_NAME in text and "๒๕๖๙" in text


def test_command_and_download_produce_the_same_document(org, tmp_path, client, coordinator):
    kpi = full_kpi(org.department)
    output = tmp_path / "sheets.docx"
    _export(
        "kpi-sheets",
        *("--year", "2569", "--agency", "onep", "--format", "docx"),
        *("--output", str(output), "--digits", "arabic"),
    )
    client.force_login(coordinator)
    response = client.get(
        reverse("document_kpi_sheets", args=(kpi.framework_id, "docx")), {"digits": "arabic"}
    )

    def body(content: bytes) -> bytes:
        return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")

    assert body(output.read_bytes()) == body(response.content)


@requires_chromium
def test_command_writes_a_pdf_with_arabic_digits(org, tmp_path):
    full_kpi(org.department)
    output = tmp_path / "sheets.pdf"

    _export(
        "kpi-sheets",
        *("--year", "2569", "--agency", "onep", "--format", "pdf"),
        *("--output", str(output), "--digits", "arabic"),
    )

    text = pdf_text(output.read_bytes())
    assert "2569" in text and "สำนักงาน" in text


def test_command_refuses_unknown_kinds(org, tmp_path):
    with pytest.raises(CommandError, match=r"ไม่รู้จักเอกสารชนิด 'budget'.*kpi-sheets"):
        _export(
            "budget", "--year", "2569", "--agency", "onep", "--format", "pdf",
            "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip
    assert not (tmp_path / "x.pdf").exists()


def test_command_refuses_a_kind_that_needs_a_single_kpi(org, tmp_path):
    with pytest.raises(CommandError, match="ไม่รู้จักเอกสารชนิด 'kpi-sheet'"):
        _export(
            "kpi-sheet", "--year", "2569", "--agency", "onep", "--format", "pdf",
            "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip


def test_command_explains_a_missing_framework(org, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบกรอบการประเมินของส่วนราชการ 'onep' ปีงบประมาณ 2570"):
        _export(
            "kpi-sheets", "--year", "2570", "--agency", "onep", "--format", "docx",
            "--output", str(tmp_path / "x.docx"),
        )  # fmt: skip


# The agreement and the confirmation memo --------------------------------------------------


def _zip_parts(content: bytes) -> dict[str, bytes]:
    """Every part of a DOCX but its metadata (docProps holds the creation time)."""
    package = zipfile.ZipFile(io.BytesIO(content))
    return {
        name: package.read(name) for name in package.namelist() if not name.startswith("docProps/")
    }


@pytest.mark.parametrize(
    ("kind", "name"),
    [("agreement", "document_agreement"), ("confirmation-letter", "document_confirmation_letter")],
)
def test_command_writes_the_same_docx_as_the_download(
    signed, tmp_path, client, coordinator, kind, name
):
    output = tmp_path / f"{kind}.docx"
    _export(
        kind,
        *("--year", "2569", "--agency", "onep", "--format", "docx", "--output", str(output)),
    )
    client.force_login(coordinator)
    response = client.get(
        reverse(name, kwargs={"framework_id": signed.framework_id, "fmt": "docx"})
    )

    assert _zip_parts(output.read_bytes()) == _zip_parts(response.content)
    assert "๒๕๖๙" in docx_text(output.read_bytes())


def test_command_passes_number_and_addressee_to_the_memo(signed, tmp_path):
    output = tmp_path / "memo.docx"

    _export(
        "confirmation-letter",
        *("--year", "2569", "--agency", "onep", "--format", "docx", "--output", str(output)),
        *("--number", "ทส 1009/245", "--to", "ปลัดกระทรวง", "--digits", "arabic"),
    )

    text = docx_text(output.read_bytes())
    assert "ที่ ทส 1009/245" in text and "เรียน ปลัดกระทรวง" in text and "พ.ศ. 2569" in text


def test_command_explains_a_missing_agreement(org, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบคำรับรองของส่วนราชการ onep ปีงบประมาณ 2569"):
        _export(
            "agreement", "--year", "2569", "--agency", "onep", "--format", "docx",
            "--output", str(tmp_path / "x.docx"),
        )  # fmt: skip


def test_command_lists_the_agreement_kinds(org, tmp_path):
    with pytest.raises(
        CommandError, match=r"agreement, confirmation-letter, esar, .*kpi-sheets, sar"
    ):
        _export(
            "budget", "--year", "2569", "--agency", "onep", "--format", "pdf",
            "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip


@requires_chromium
def test_command_writes_the_agreement_pdf(signed, tmp_path):
    output = tmp_path / "agreement.pdf"

    _export(
        "agreement",
        *("--year", "2569", "--agency", "onep", "--format", "pdf", "--output", str(output)),
    )

    text = pdf_text(output.read_bytes())
    assert "คำรับรองการปฏิบัติราชการ" in text and "สำนักงาน" in text and "๒๕๖๙" in text
