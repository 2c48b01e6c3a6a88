"""Downloads of a round's SAR, e-SAR and executive summary: who may (the department-wide roles
of the round's year), who gets a 404, and the command line."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from documents.registry import DOCUMENTS
from documents.tests.helpers import docx_text, squash
from documents.tests.sar_setup import FIRST_NAME, accepted_round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator)


def _urls(round_id):
    return [
        reverse("document_sar", args=(round_id, "docx")),
        reverse("document_executive_summary", args=(round_id, "docx")),
        reverse("document_esar", args=(round_id, "xlsx")),
    ]


def test_round_kinds_are_registered():
    assert DOCUMENTS["sar"].formats == ("pdf", "docx")
    assert DOCUMENTS["executive-summary"].formats == ("pdf", "docx")
    assert DOCUMENTS["esar"].formats == ("xlsx",)
    assert {DOCUMENTS[k].scope for k in ("sar", "esar", "executive-summary")} == {"round"}


# Issue 14 item 2: the department-wide roles (reporting.permissions.rounds_read_whole_by); a
# unit's overseer reads their units' reports, not the SAR of every division.
@pytest.mark.parametrize("persona", ["coordinator", "executive", "committee_member"])
def test_people_following_the_round_download_every_round_document(
    request, client, sar_round, persona
):
    client.force_login(request.getfixturevalue(persona))

    responses = [client.get(url) for url in _urls(sar_round.round.pk)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r["Content-Type"] for r in responses] == [DOCX, DOCX, XLSX]
    assert "sar-onep-2569-6m.docx" in responses[0]["Content-Disposition"]
    assert squash(FIRST_NAME) in squash(docx_text(responses[0].content))


@pytest.mark.parametrize("persona", ["overseer", "owner", "staff", "evaluator", "outsider"])
def test_others_get_a_404_for_every_round_document(request, client, sar_round, persona):
    client.force_login(request.getfixturevalue(persona))

    assert [client.get(url).status_code for url in _urls(sar_round.round.pk)] == [404, 404, 404]


def test_anonymous_users_are_sent_to_log_in(client, sar_round):
    response = client.get(_urls(sar_round.round.pk)[0])

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_format_the_kind_does_not_have_is_a_404(client, sar_round, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("document_esar", args=(sar_round.round.pk, "pdf"))).status_code == 404
    assert client.get(reverse("document_sar", args=(sar_round.round.pk, "xlsx"))).status_code == 404
    assert client.get(reverse("document_sar", args=(sar_round.round.pk, "odt"))).status_code == 404


def test_arabic_digits_option(client, sar_round, coordinator):
    client.force_login(coordinator)

    thai = docx_text(client.get(_urls(sar_round.round.pk)[0]).content)
    arabic = docx_text(client.get(_urls(sar_round.round.pk)[0], {"digits": "arabic"}).content)

    assert "๖๑.๐๐๐" in thai and "61.000" not in thai
    assert "61.000" in arabic and "๖๑.๐๐๐" not in arabic


def _export(*args):
    out = io.StringIO()
    call_command("export_document", *args, stdout=out)
    return out.getvalue()


def test_command_exports_the_sar_of_a_round_like_the_download(
    client, sar_round, coordinator, tmp_path
):
    output = tmp_path / "sar.docx"
    message = _export(
        "sar",
        *("--year", "2569", "--agency", "onep", "--round", "6"),
        *("--format", "docx", "--output", str(output)),
    )
    client.force_login(coordinator)
    response = client.get(_urls(sar_round.round.pk)[0])

    def body(content: bytes) -> bytes:
        return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")

    assert str(output) in message
    assert body(output.read_bytes()) == body(response.content)


def test_command_exports_the_esar_workbook(sar_round, tmp_path):
    output = tmp_path / "esar.xlsx"

    _export(
        "esar",
        *("--year", "2569", "--agency", "onep", "--round", "6"),
        *("--format", "xlsx", "--output", str(output), "--digits", "arabic"),
    )

    from openpyxl import load_workbook

    book = load_workbook(output)
    assert book["e-SAR"].cell(4, 4).value == FIRST_NAME


def test_command_needs_the_round_for_round_documents(sar_round, tmp_path):
    with pytest.raises(CommandError, match="--round"):
        _export(
            "executive-summary", "--year", "2569", "--agency", "onep",
            "--format", "docx", "--output", str(tmp_path / "x.docx"),
        )  # fmt: skip
    with pytest.raises(CommandError, match=r"ไม่พบรอบ 3 เดือน.*มีรอบ: 6"):
        _export(
            "sar", "--year", "2569", "--agency", "onep", "--round", "3",
            "--format", "docx", "--output", str(tmp_path / "x.docx"),
        )  # fmt: skip
    with pytest.raises(CommandError, match="ไม่มีรูปแบบ pdf"):
        _export(
            "esar", "--year", "2569", "--agency", "onep", "--round", "6",
            "--format", "pdf", "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip
    assert not list(tmp_path.glob("x.*"))
