"""After a refused save the page opens with an error summary that links to each field with an
error (templates/_form_errors.html, issue 16 item 5), and file inputs carry the upload limit."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from core.forms import IntegerField, SizeLimitedFileInput, ThaiDateField


class _Form(forms.Form):
    version = IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="ชื่อ")
    day = ThaiDateField(label="วันที่ประชุม")
    count = IntegerField(label="จำนวน", required=False)

    def clean(self):
        raise forms.ValidationError("ข้อมูลไม่สอดคล้องกัน")


def _summary(form: forms.Form) -> str:
    return render_to_string("_form_errors.html", {"form": form})


def test_the_summary_links_each_field_with_an_error_and_takes_focus():
    form = _Form(
        {"m-version": "x", "m-name": "", "m-day": "30/02/2569", "m-count": "3"}, prefix="m"
    )
    assert not form.is_valid()
    html = _summary(form)
    assert "data-error-summary" in html and 'tabindex="-1"' in html and 'role="alert"' in html
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html)
    assert [target for target, _ in links] == ["id_m-name", "id_m-day"]
    assert "วันที่ประชุม: ไม่มีวันที่ “30/02/2569” ในปฏิทิน" in html
    assert "ข้อมูลไม่สอดคล้องกัน" in html  # the form's own error, without a link
    assert "count" not in html  # a field without an error is not listed
    assert html.count("<li>") == 4  # non-field, hidden version, name, day


def test_no_summary_without_errors():
    assert _summary(_Form()).strip() == ""
    valid = forms.Form({})
    assert valid.is_valid() and _summary(valid).strip() == ""


def test_file_inputs_carry_the_servers_upload_limit(settings):
    class Upload(forms.Form):
        file = forms.FileField(widget=SizeLimitedFileInput())
        small = forms.FileField(widget=SizeLimitedFileInput(max_bytes=5 * 1024 * 1024))

    settings.PRAMOEN_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    html = Upload().as_p()
    assert 'data-max-bytes="20971520"' in html and 'data-max-bytes="5242880"' in html
    assert "ใหญ่เกินกำหนด (ไม่เกิน 20 MB)" in html and "{name}" in html
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 1536 * 1024
    assert 'data-max-bytes="1572864"' in Upload().as_p()  # read when rendered, not at import
    assert "ไม่เกิน 1.5 MB" in Upload().as_p()
