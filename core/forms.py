"""Form fields shared by every app: whole numbers read by core.numbers (bounded, never "²"),
dates typed and shown as Thai B.E. วว/ดด/ปปปป within the years the system works with, and file
inputs that know the upload limit (issue 16 item 5)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.numbers import MAX_INT, YEAR_MAX, YEAR_MIN, date_in_range, parse_int
from core.thai import BE_OFFSET, DateTextError, be_date_input, parse_be_date


class ThaiDateInput(forms.TextInput):
    """A text box for วว/ดด/ปปปป with the B.E. year, never the browser's date input (which
    shows mm/dd/yyyy on an English-locale PC). static/js/thaidate.js adds the Thai calendar
    picker to every input marked `data-thai-date`; without JavaScript it is typed by hand."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "10", "size": "12"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return be_date_input(value)
        return super().format_value(value)  # what was typed comes back as typed

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-thai-date": "",
                "placeholder": gettext("วว/ดด/ปปปป"),
                "data-picker-label": gettext("เลือกวันที่จากปฏิทิน"),
                "data-prev-label": gettext("เดือนก่อน"),
                "data-next-label": gettext("เดือนถัดไป"),
                "data-close-label": gettext("ปิด"),
            }
        )
        return context


class ThaiDateField(forms.DateField):
    """A date typed as วว/ดด/ปปปป with the B.E. year (Thai digits too), between 1 January
    B.E. YEAR_MIN and 31 December B.E. YEAR_MAX; shown the same way.

    The ISO form (2026-01-05, C.E.) is read as well, for scripts and tests. Year 0001 or 9999,
    a C.E. year typed where B.E. belongs (15/01/2026) or a B.E. year in ISO (2569-01-15) is
    refused with a Thai message instead of reaching date arithmetic that overflows (a 500) or
    storing a date nobody meant."""

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("กรุณากรอกวันที่เป็น วว/ดด/ปปปป (ปี พ.ศ.) เช่น 15/01/2569"),
        "no_such_day": _("ไม่มีวันที่ “%(text)s” ในปฏิทิน"),
        "date_range": _("วันที่ต้องอยู่ในช่วงปี พ.ศ. %(first)s–%(last)s"),
        "christian_year": _("ปี %(year)s เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (ปี ค.ศ. %(year)s คือ พ.ศ. %(be)s)"),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value)
        try:
            day = parse_be_date(text)
        except DateTextError as error:
            if error.code == "date_range":
                raise self._range_error() from None
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params={"text": text.strip()}
            ) from None
        if not date_in_range(day):
            typed_year = day.year + BE_OFFSET
            if "/" in text and YEAR_MIN <= typed_year + BE_OFFSET <= YEAR_MAX:
                raise ValidationError(
                    self.error_messages["christian_year"],
                    code="christian_year",
                    params={"year": typed_year, "be": typed_year + BE_OFFSET},
                )
            raise self._range_error()
        return day

    def _range_error(self) -> ValidationError:
        return ValidationError(
            self.error_messages["date_range"],
            code="date_range",
            params={"first": YEAR_MIN, "last": YEAR_MAX},
        )


# The name the forms used before dates became B.E. text; every DateField is a ThaiDateField.
DateField = ThaiDateField


class SizeLimitedFileInput(forms.ClearableFileInput):
    """A file input that carries the server's upload limit (settings.PRAMOEN_UPLOAD_MAX_BYTES)
    as `data-max-bytes`, and the refusal text, so static/js/forms.js refuses a larger file in
    the browser before a byte is sent. core.uploads still checks it on the server. An upload
    point with a smaller limit of its own passes `max_bytes`."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, max_bytes: int | None = None):
        super().__init__(attrs)
        self.max_bytes = max_bytes

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        limit = int(settings.PRAMOEN_UPLOAD_MAX_BYTES) if self.max_bytes is None else self.max_bytes
        context["widget"]["attrs"].update(
            {
                "data-max-bytes": str(limit),
                # The server's own message; {name} is filled in by the browser.
                "data-too-large": gettext("ไฟล์ “%(name)s” ใหญ่เกินกำหนด (ไม่เกิน %(mb)s MB)")
                % {"name": "{name}", "mb": f"{limit / (1024 * 1024):g}"},
            }
        )
        return context


class MultipleFileInput(SizeLimitedFileInput):
    allow_multiple_selected = True


class IntegerField(forms.IntegerField):
    """An integer read by core.numbers.parse_int: ASCII or Thai digits, within a 32-bit column
    unless narrower bounds are given, so a 30-digit value is a form error, not an overflow."""

    def __init__(
        self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            min_value=-MAX_INT - 1 if min_value is None else min_value,
            max_value=MAX_INT if max_value is None else max_value,
            **kwargs,
        )

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_int(value, minimum=-(2**63), maximum=2**63 - 1)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
