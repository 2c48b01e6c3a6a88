"""Agreement attachments and the department's emblem on local disk and on an S3 store (issue 19
item 3): uploaded through the page into the configured store, downloaded only by those who may
read the agreement (404 for others), and read back by the memo's builder through the storage
API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts import services as account_services
from agreements.models import Attachment
from agreements.tests.factories import pdf_upload
from conftest import PERSONA_FY
from documents.builders.agreement import _emblem
from reporting.tests.factories import png_bytes, upload


def url(name, **kwargs):
    return reverse(f"agreements:{name}", kwargs={"code": "onep", "year": 2569, **kwargs})


def test_attachment_upload_and_permission_checked_download(
    media_store, client, cycle, coordinator, owner, staff, outsider
):
    client.force_login(coordinator)
    sent = pdf_upload()
    response = client.post(url("guideline_upload"), {"title": "คู่มือ", "file": sent})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert media_store.names() == {attachment.file.name}
    download = reverse("agreements:download", kwargs={"pk": attachment.pk})
    for stranger in (outsider, staff):
        client.force_login(stranger)
        assert client.get(download).status_code == 404
    client.force_login(owner)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    sent.seek(0)
    assert b"".join(response.streaming_content) == sent.read()


@pytest.mark.parametrize("media_store", ["s3"], indirect=True)
def test_attachment_signed_url_only_after_the_check(
    media_store, settings, client, cycle, coordinator, owner, outsider
):
    settings.PRAMOEN_MEDIA_DOWNLOAD = "redirect"
    client.force_login(coordinator)
    client.post(url("guideline_upload"), {"title": "คู่มือ", "file": pdf_upload()})
    download = reverse("agreements:download", kwargs={"pk": Attachment.objects.get().pk})
    client.force_login(outsider)
    refused = client.get(download)
    assert refused.status_code == 404 and not refused.has_header("Location")
    client.force_login(owner)
    location = client.get(download)["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{media_store.endpoint}/{media_store.bucket}/agreements/")
    assert query["X-Amz-Expires"] == [str(settings.PRAMOEN_MEDIA_SIGNED_URL_SECONDS)]


def test_the_memo_reads_the_emblem_from_the_store(media_store, cycle, coordinator, org):
    account_services.department_emblem_upload(
        coordinator, org.department, PERSONA_FY, upload("ครุฑ.png", png_bytes())
    )
    cycle.agreement.framework.department.refresh_from_db()
    assert _emblem(cycle.agreement) == png_bytes()
    assert {name.split("/")[0] for name in media_store.names()} == {"emblems"}
