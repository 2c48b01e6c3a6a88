"""Evidence and appeal files refuse the same hostile files as agreement uploads (issue 14 item 6),
and a file over the limit is refused by its size without being kept while it is received."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import uploads
from core.tests.hostile_files import HOSTILE_UPLOADS
from evidence.models import EvidenceFile, FileType
from reporting import services as reporting_services
from reporting.services import SubmissionInput
from reporting.services import evidence_files as services
from reporting.tests.factories import pdf_bytes


def _upload(name):
    filename, content, _words = HOSTILE_UPLOADS[name]
    return SimpleUploadedFile(filename, content())


@pytest.fixture
def accepted(submission, owner, overseer, coordinator):
    reporting_services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal(45), "b": Decimal(50)}),
        expected_version=0,
    )
    reporting_services.submission_submit(owner, submission)
    reporting_services.submission_approve(overseer, submission)
    return reporting_services.submission_accept(coordinator, submission)


@pytest.mark.parametrize("name", HOSTILE_UPLOADS)
def test_evidence_refuses_the_hostile_file(submission, owner, name):
    with pytest.raises(ValidationError, match=HOSTILE_UPLOADS[name][2]):
        services.evidence_add(owner, submission, _upload(name))
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize("name", HOSTILE_UPLOADS)
def test_an_appeal_refuses_the_hostile_file(accepted, evaluator, owner, name):
    reporting_services.reviewer_score_set(evaluator, accepted, score=Decimal(50))

    with pytest.raises(ValidationError, match=HOSTILE_UPLOADS[name][2]):
        reporting_services.appeal_file(owner, accepted, reason="ขอทบทวน", uploads=[_upload(name)])
    assert not EvidenceFile.objects.exists()


def test_the_validator_takes_the_kinds_evidence_stores():
    assert set(FileType.values) == uploads.EVIDENCE_KINDS


def test_a_file_over_the_limit_is_refused_by_its_size_and_not_kept(
    client, submission, owner, settings, monkeypatch
):
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 64 * 1024
    seen = []
    inspect = uploads.inspect_upload

    def spy(upload, *args, **kwargs):
        seen.append((upload.size, upload.read()))
        upload.seek(0)
        return inspect(upload, *args, **kwargs)

    monkeypatch.setattr("reporting.services.evidence_files.inspect_upload", spy)
    client.force_login(owner)
    big = SimpleUploadedFile("big.pdf", pdf_bytes() + b"0" * (1024 * 1024))

    response = client.post(
        reverse("evidence:add", args=[submission.pk]), {"file": big}, follow=True
    )

    assert "ใหญ่เกินกำหนด" in response.content.decode()
    assert seen == [(big.size, b"")]  # its real size, none of its content
    assert not EvidenceFile.objects.exists()


def test_a_file_within_the_limit_passes_the_handler_whole(client, submission, owner):
    client.force_login(owner)
    content = pdf_bytes()

    client.post(
        reverse("evidence:add", args=[submission.pk]),
        {"file": SimpleUploadedFile("x.pdf", content)},
    )

    assert EvidenceFile.objects.get().file.read() == content
