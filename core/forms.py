"""Form fields shared by every app: dates within the years the system works with."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.numbers import YEAR_MAX, YEAR_MIN, date_in_range


class DateField(forms.DateField):
    """A date between 1 January B.E. YEAR_MIN and 31 December B.E. YEAR_MAX.

    A date input takes Christian-era years; year 0001 or 9999 (or a B.E. year typed where a
    C.E. one belongs, 2569 → B.E. 3112) is refused with a Thai message instead of reaching
    date arithmetic that overflows (a 500) or storing a date nobody meant."""

    default_error_messages = {
        "date_range": _("วันที่ต้องอยู่ในช่วงปี พ.ศ. %(first)s–%(last)s"),
    }

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, datetime.date) and not date_in_range(value):
            raise ValidationError(
                self.error_messages["date_range"],
                code="date_range",
                params={"first": YEAR_MIN, "last": YEAR_MAX},
            )
