"""Evidence on local disk and on an S3-compatible store (issue 19 item 3): the upload service
writes into the configured store, the download keeps the permission check (404 for people who
may not see the report) and is streamed through the app or, on S3 in redirect mode, handed as a
short-lived signed URL only after that check; the bucket's objects are private."""

from __future__ import annotations

import datetime
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.media import media_storage, open_stored
from evidence.models import EvidenceFile
from reporting.services import evidence_files as services
from reporting.tests.factories import pdf_bytes, upload

PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def test_upload_through_the_service_lands_in_the_configured_store(
    media_store, submission, owner, settings
):
    evidence = services.evidence_add(owner, submission, upload("มติ คชก.pdf", pdf_bytes()))
    assert evidence.file.name.startswith("evidence/")
    assert media_store.names() == {evidence.file.name}
    with open_stored(evidence.file.name) as handle:
        assert handle.read() == pdf_bytes()
    if media_store.kind == "s3":
        assert media_store.keys() == {evidence.file.name}
        assert not any(settings.MEDIA_ROOT.rglob("*.pdf")), "nothing written to local disk"
    else:
        assert (settings.MEDIA_ROOT / evidence.file.name).read_bytes() == pdf_bytes()


def test_download_streams_through_the_view_and_strangers_get_404(
    media_store, client, submission, owner, coordinator, outsider, staff
):
    evidence = services.evidence_add(owner, submission, upload("มติ คชก.pdf", pdf_bytes()))
    download = reverse("evidence:download", args=[evidence.pk])

    assert client.get(download).status_code == 302  # anonymous: to the login page
    for stranger in (outsider, staff):
        client.force_login(stranger)
        assert client.get(download).status_code == 404
    client.force_login(coordinator)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_removed_evidence_leaves_the_store(
    media_store, submission, owner, django_capture_on_commit_callbacks
):
    evidence = services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(owner, evidence)
    assert media_store.names() == set()


def test_a_store_that_refuses_the_write_is_a_thai_error_and_no_row(
    media_store, submission, owner, settings
):
    if media_store.kind == "s3":
        broken = {**settings.STORAGES["default"]}
        broken["OPTIONS"] = {**broken["OPTIONS"], "bucket_name": "pramoen-no-such-bucket"}
    else:
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        (settings.MEDIA_ROOT / "evidence").write_text("a file where a folder must be")
        broken = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": broken}
    with pytest.raises(ValidationError, match="บันทึกไฟล์ไม่สำเร็จ"):
        services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    assert not EvidenceFile.objects.exists()


# Signed URLs (MEDIA_DOWNLOAD_MODE=redirect) ------------------------------------------------


@pytest.fixture
def redirect_mode(settings):
    settings.PRAMOEN_MEDIA_DOWNLOAD = "redirect"
    settings.PRAMOEN_MEDIA_SIGNED_URL_SECONDS = 60


@pytest.mark.parametrize("media_store", ["s3"], indirect=True)
def test_redirect_mode_hands_a_short_lived_signed_url_after_the_permission_check(
    media_store, redirect_mode, client, submission, owner, coordinator, outsider
):
    evidence = services.evidence_add(owner, submission, upload("มติ คชก.pdf", pdf_bytes()))
    download = reverse("evidence:download", args=[evidence.pk])

    anonymous = client.get(download)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert media_store.bucket not in anonymous["Location"]
    client.force_login(outsider)
    refused = client.get(download)
    assert refused.status_code == 404 and not refused.has_header("Location")

    client.force_login(coordinator)
    response = client.get(download)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    assert location.startswith(f"{media_store.endpoint}/{media_store.bucket}/evidence/")
    query = parse_qs(urlsplit(location).query)
    # Short-lived: valid for MEDIA_SIGNED_URL_SECONDS from the moment it was handed out (the
    # store refuses it after that; moto does not check expiry, real S3 and MinIO do).
    assert query["X-Amz-Expires"] == ["60"]
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    assert abs((now - signed_at).total_seconds()) < 30
    assert query["X-Amz-Signature"] and query["X-Amz-Credential"]  # ... and signed
    assert query["response-content-disposition"][0].startswith("attachment;")
    assert query["response-content-type"] == ["application/pdf"]

    with urllib.request.urlopen(location, timeout=10) as fetched:  # what the browser does
        assert fetched.read() == pdf_bytes()
        assert fetched.headers["Content-Disposition"].startswith("attachment;")
        assert fetched.headers["Content-Type"] == "application/pdf"


def test_redirect_mode_on_local_disk_still_streams(
    redirect_mode, client, submission, owner, coordinator
):
    evidence = services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    client.force_login(coordinator)
    response = client.get(reverse("evidence:download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.mark.parametrize("media_store", ["s3"], indirect=True)
def test_objects_in_the_bucket_are_private(media_store, submission, owner):
    evidence = services.evidence_add(owner, submission, upload("a.pdf", pdf_bytes()))
    acl = media_store.client().get_object_acl(Bucket=media_store.bucket, Key=evidence.file.name)
    grantees = {grant["Grantee"].get("URI") for grant in acl["Grants"]}
    assert not grantees & PUBLIC_GRANTEES
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # the owner
    assert media_storage().default_acl is None  # type: ignore[attr-defined]
