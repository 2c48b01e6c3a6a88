from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.decimals import parse_decimal


class DecimalText(forms.CharField):
    """A number typed as text ("70", "62.5"); empty means "use the framework's default"."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        number = parse_decimal(text)
        if number is None:
            raise forms.ValidationError(_("กรุณากรอกตัวเลข เช่น 70 หรือ 62.5"))
        return number


class TrafficLightRuleForm(forms.Form):
    green_min_score = DecimalText(
        label=_("คะแนนคาดการณ์ขั้นต่ำของสถานะ “เป็นไปตามเป้าหมาย”"),
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "aria-describedby": "id_green_min_score-help"}
        ),
    )
    amber_min_score = DecimalText(
        label=_("คะแนนคาดการณ์ขั้นต่ำของสถานะ “มีความเสี่ยง”"),
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "aria-describedby": "id_amber_min_score-help"}
        ),
    )
