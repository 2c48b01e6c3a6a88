"""Template filters for Thai dates, digits, fiscal years and numbers.

{% load thai %}
{{ day|thai_date }}          ๒๕ พฤศจิกายน ๒๕๖๘
{{ day|thai_date:"arabic" }} 25 พฤศจิกายน 2568
{{ day|thai_date_short }}    25 พ.ย. 68
{{ value|thai_digits }}      ๑๒.๕
{{ score|decimal:2 }}        87.50 (half-up)
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

from core import decimals, fiscal, thai

register = template.Library()


@register.filter(expects_localtime=True)
def thai_date(value: datetime.date | None, mode: str = "thai") -> str:
    if value is None:
        return ""
    return thai.thai_date_full(value, digits=mode != "arabic")


@register.filter(expects_localtime=True)
def thai_date_short(value: datetime.date | None, mode: str = "arabic") -> str:
    if value is None:
        return ""
    return thai.thai_date_short(value, digits=mode == "thai")


@register.filter
def thai_digits(value: object) -> str:
    return thai.thai_digits(value)


@register.filter(expects_localtime=True)
def fiscal_year(value: datetime.date | None) -> str:
    return "" if value is None else str(fiscal.fiscal_year_of(value).be_year)


@register.filter(name="decimal")
def decimal_filter(value: Decimal | None, places: int = 2) -> str:
    return decimals.display_decimal(value, int(places))
