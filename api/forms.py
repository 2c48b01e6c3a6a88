"""The form of the token page: a name, a scope and an optional expiry date."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from core.forms import ThaiDateField


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("ชื่อโทเค็น"),
        max_length=100,
        help_text=_("เช่น ชื่อระบบหรือสคริปต์ที่จะใช้ เพื่อให้จำได้ว่าใช้ที่ใด"),
    )
    scope = forms.ChoiceField(
        label=_("สิทธิ์"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("โทเค็นทำได้ไม่เกินสิทธิ์ของท่านเอง; “อ่านอย่างเดียว” ใช้แก้ไขข้อมูลไม่ได้"),
    )
    expires_on = ThaiDateField(
        label=_("ใช้ได้ถึงวันที่"),
        required=False,
        help_text=_("เว้นว่างเมื่อไม่กำหนดวันหมดอายุ (แนะนำให้กำหนด)"),
    )
