"""Every agreement upload point refuses the same hostile files (issue 14 item 6): the one
validator in core.uploads checks agreement attachments and signed scans as it checks evidence."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Attachment
from core.tests.hostile_files import HOSTILE_UPLOADS

S = Agreement.State


def _upload(name):
    filename, content, _words = HOSTILE_UPLOADS[name]
    return SimpleUploadedFile(filename, content())


def _url(cycle, name):
    department = cycle.framework.department
    return reverse(
        f"agreements:{name}", kwargs={"code": department.code, "year": cycle.framework.fiscal_year}
    )


@pytest.mark.parametrize("name", HOSTILE_UPLOADS)
def test_an_agreement_attachment_refuses_the_hostile_file(client, cycle, coordinator, name):
    client.force_login(coordinator)

    response = client.post(_url(cycle, "guideline_upload"), {"title": "x", "file": _upload(name)})

    assert response.status_code == 422
    assert HOSTILE_UPLOADS[name][2] in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("name", HOSTILE_UPLOADS)
def test_a_signed_scan_refuses_the_hostile_file(cycle, coordinator, name):
    Agreement.objects.filter(pk=cycle.agreement.pk).update(
        state=S.SIGNED, signed_on=timezone.localdate()
    )
    cycle.agreement.refresh_from_db()

    with pytest.raises(ValidationError, match=HOSTILE_UPLOADS[name][2]):
        services.signed_scan_upload(coordinator, cycle.agreement, upload=_upload(name))
    assert not Attachment.objects.exists()


def test_an_attachment_is_stored_under_a_generated_name_with_a_safe_display_name(
    cycle, coordinator
):
    from agreements.tests.factories import pdf_upload

    attachment = services.guideline_upload(
        coordinator, cycle.agreement, upload=pdf_upload("../../etc/แนว\x00ทาง.PDF"), title=""
    )

    assert attachment.original_name == "แนว_ทาง.PDF"
    assert attachment.file.name.endswith(".pdf") and "etc" not in attachment.file.name
