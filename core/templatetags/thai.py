"""Template filters for Thai dates, digits, fiscal years and numbers.

{% load thai %}
{{ day|thai_date }}          ๒๕ พฤศจิกายน ๒๕๖๘
{{ day|thai_date:"arabic" }} 25 พฤศจิกายน 2568
{{ day|thai_date_short }}    25 พ.ย. 68
{{ value|thai_digits }}      ๑๒.๕
{{ score|decimal:2 }}        87.50 (half-up)

In English (the reader switched the interface to English) a date is Christian-era with English
month names, whatever the mode: `thai_date` "25 November 2025", `thai_date_short`
"25 Nov 2025". Fiscal years keep their B.E. number (FY 2569): it is the year's name in every
document and address. Documents are rendered in Thai (documents.registry), so they keep B.E.
dates in either mode.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import dateformat, translation
from django.utils.translation import gettext_noop

from core import decimals, fiscal, thai

register = template.Library()


def _english() -> bool:
    return (translation.get_language() or "th").startswith("en")


@register.filter(expects_localtime=True)
def thai_date(value: datetime.date | None, mode: str = "thai") -> str:
    if value is None:
        return ""
    if _english():
        return str(dateformat.format(value, "j F Y"))
    return thai.thai_date_full(value, digits=mode != "arabic")


@register.filter(expects_localtime=True)
def thai_date_short(value: datetime.date | None, mode: str = "arabic") -> str:
    if value is None:
        return ""
    if _english():
        return str(dateformat.format(value, "j M Y"))
    return thai.thai_date_short(value, digits=mode == "thai")


@register.filter
def thai_digits(value: object) -> str:
    return thai.thai_digits(value)


@register.filter(expects_localtime=True)
def fiscal_year(value: datetime.date | None) -> str:
    return "" if value is None else str(fiscal.fiscal_year_of(value).be_year)


# The result levels every framework starts with (frameworks.scoring.DEFAULT_RESULT_LEVELS,
# frameworks.templates_data) and the KPI level names: marked here so the catalog keeps them.
STANDARD_LEVEL_NAMES = (
    gettext_noop("ระดับคุณภาพ"),
    gettext_noop("ระดับมาตรฐานขั้นสูง"),
    gettext_noop("ระดับมาตรฐานขั้นต้น"),
    gettext_noop("ระดับต้องปรับปรุง"),
    gettext_noop("ขั้นต้น"),
    gettext_noop("มาตรฐาน"),
    gettext_noop("ขั้นสูง"),
)


@register.filter
def level_name(value: object) -> str:
    """A level's name in the reader's language: a stored Thai name the catalog knows (the
    standard result levels, ขั้นต้น/มาตรฐาน/ขั้นสูง) is translated; a department's own name is
    shown as written. `{{ total.level.label|level_name }}`."""
    text = "" if value is None else str(value)
    return translation.gettext(text) if text else text


@register.filter(name="decimal")
def decimal_filter(value: Decimal | None, places: int = 2) -> str:
    return decimals.display_decimal(value, int(places))
