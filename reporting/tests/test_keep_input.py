"""The report form never loses input (issue 16 item 5): evidence goes by htmx and answers the
evidence section only; a refused save comes back with an error summary and marked unsaved;
activity rows are added in the browser from a row template; the file input knows the limit."""

from __future__ import annotations

import re

from django.urls import reverse

from evidence.models import EvidenceFile
from reporting.models import Submission
from reporting.tests.factories import pdf_bytes, upload

HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, submission) -> str:
    return str(client.get(reverse("reporting:submission", args=[submission.pk])).content.decode())


def test_evidence_goes_by_htmx_and_the_answer_is_the_evidence_section(client, submission, owner):
    client.force_login(owner)
    page = _page(client, submission)
    add = reverse("evidence:add", args=[submission.pk])
    assert f'hx-post="{add}"' in page and 'hx-target="#evidence"' in page
    assert "data-upload-progress" in page and "<progress" in page

    response = client.post(add, {"title": "ทะเบียน", "file": upload("a.pdf", pdf_bytes())}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="evidence"' in html
    assert "ทะเบียน" in html and "a.pdf" in html
    assert 'hx-swap-oob="true"' in html and "แนบหลักฐานแล้ว" in html  # the message, in place
    assert EvidenceFile.objects.filter(submission=submission).count() == 1
    assert "แนบหลักฐานแล้ว" not in _page(client, submission)  # shown once, not again later


def test_a_refused_upload_by_htmx_says_why_on_the_form_and_keeps_the_title(
    client, submission, owner
):
    client.force_login(owner)
    response = client.post(
        reverse("evidence:add", args=[submission.pk]),
        {"title": "มติที่ประชุม", "file": upload("a.pdf", b"MZ" + b"\x00" * 100)},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful answers
    assert "เนื้อหาของไฟล์ “a.pdf” ไม่ใช่ PDF" in html
    assert 'value="มติที่ประชุม"' in html
    assert not EvidenceFile.objects.exists()


def test_a_too_large_upload_by_htmx_is_refused_on_the_form(client, submission, owner, settings):
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 1024
    client.force_login(owner)
    response = client.post(
        reverse("evidence:add", args=[submission.pk]),
        {"file": upload("big.pdf", pdf_bytes() + b"0" * 4096)},
        **HTMX,
    )
    html = response.content.decode()
    assert "ไฟล์ “big.pdf” ใหญ่เกินกำหนด" in html
    assert not EvidenceFile.objects.exists()


def test_without_javascript_the_upload_still_redirects_with_a_message(client, submission, owner):
    client.force_login(owner)
    response = client.post(
        reverse("evidence:add", args=[submission.pk]),
        {"file": upload("a.pdf", b"MZ" + b"\x00" * 100)},
        follow=True,
    )
    assert response.redirect_chain[-1][1] == 302
    assert "ไม่ใช่ PDF" in response.content.decode()


def test_the_page_file_input_carries_the_server_limit(client, submission, owner, settings):
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 3 * 1024 * 1024
    client.force_login(owner)
    page = _page(client, submission)
    file_input = re.search(r'<input type="file"[^>]*name="file"[^>]*>', page)
    assert file_input is not None
    assert 'data-max-bytes="3145728"' in file_input.group(0)
    assert "ใหญ่เกินกำหนด (ไม่เกิน 3 MB)" in file_input.group(0)
    assert "ไม่เกิน 3 MB ต่อไฟล์" in page


def test_a_refused_save_shows_a_summary_linking_the_field_and_stays_unsaved(
    client, submission, owner
):
    client.force_login(owner)
    response = client.post(
        reverse("reporting:submission", args=[submission.pk]),
        {
            "version": "0",
            "activity_count": "3",
            "value_a": "สี่สิบ",
            "value_b": "50",
            "obstacles": "งบประมาณล่าช้า",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    summary = page[
        page.index("data-error-summary") : page.index("</div>", page.index("data-error-summary"))
    ]
    assert re.search(r'<a href="#id_value_a">a: [^<]*กรุณากรอกเป็นตัวเลข', summary)
    assert 'id="id_value_a"' in page
    assert "งบประมาณล่าช้า" in page  # what was typed is still there
    form_tag = re.search(r"<form [^>]*rep-form[^>]*>", page, re.S)
    assert form_tag is not None and "data-unsaved-warning" in form_tag.group(0)
    assert "data-dirty" in form_tag.group(0)  # leaving now would lose it: ask first


def test_an_unrefused_page_has_no_summary_and_is_not_dirty(client, submission, owner):
    client.force_login(owner)
    page = _page(client, submission)
    assert "data-error-summary" not in page
    form_tag = re.search(r"<form [^>]*rep-form[^>]*>", page, re.S)
    assert form_tag is not None
    assert "data-unsaved-warning" in form_tag.group(0) and "data-dirty" not in form_tag.group(0)


def test_activity_rows_are_added_from_a_row_template_and_saved(client, submission, owner):
    client.force_login(owner)
    page = _page(client, submission)
    template = page[page.index("<template data-row-template>") : page.index("</template>")]
    assert 'name="activity_title___N__"' in template and 'id="id_activity_title___N__"' in template
    assert 'name="activity_detail___N__"' in template and "กิจกรรม/โครงการที่ __N__" in template
    assert 'data-add-row="activity_count"' in page and 'data-max="30"' in page

    # What the browser posts after two rows were added to the three shown: five rows.
    data = {"version": "0", "activity_count": "5", "value_a": "45", "value_b": "50"}
    data |= {f"activity_title_{n}": f"กิจกรรม {n}" for n in (1, 4, 5)}
    data["activity_detail_5"] = "ผลของกิจกรรมที่เพิ่มในเบราว์เซอร์"
    response = client.post(reverse("reporting:submission", args=[submission.pk]), data)

    assert response.status_code == 302
    saved = Submission.objects.get(pk=submission.pk)
    rows = [(a.title, a.detail) for a in saved.activities.all()]
    assert rows == [
        ("กิจกรรม 1", ""),
        ("กิจกรรม 4", ""),
        ("กิจกรรม 5", "ผลของกิจกรรมที่เพิ่มในเบราว์เซอร์"),
    ]
