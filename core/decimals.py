"""Decimal helpers. Weights, results and scores are Decimal; round half-up only for display."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FOUR_PLACES = Decimal("0.0001")


def quantize_half_up(value: Decimal, places: int) -> Decimal:
    """Round half-up to `places` decimals (2.345 → 2.35, never banker's rounding)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def quantize4(value: Decimal) -> Decimal:
    """The internal precision of results and scores: 4 decimals (domain §6)."""
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def display_decimal(value: Decimal | None, places: int = 2) -> str:
    """Text for a number on a page or document; empty for a missing value."""
    if value is None:
        return ""
    return f"{quantize_half_up(value, places):,.{places}f}"


def parse_decimal(text: str) -> Decimal | None:
    """A Decimal from user text ("1,234.5", " 80 "), or None when it is not a finite number."""
    try:
        value = Decimal(text.replace(",", "").strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


# Quantities — targets, baselines, data-item values and results — hold budgets in baht and
# counts of visitors: up to 10^15 with 4 decimals (issue 17), stored in QuantityField columns.
# Scores and weights are small and keep their max_digits=9 columns (SCORE_LIMIT).
QUANTITY_DIGITS = 20
QUANTITY_LIMIT = Decimal(10) ** 15
SCORE_LIMIT = Decimal("99999.9999")


def limit_problem(value: Decimal, limit: Decimal) -> str | None:
    """Why a number is refused (not finite, beyond `limit` either way, more than 4 decimals):
    a Thai message that states the limit with thousands separators; None when it is fine."""
    from django.utils.translation import gettext as _

    if not isinstance(value, Decimal) or not value.is_finite():
        return _("ต้องเป็นตัวเลข")
    if abs(value) > limit:
        return _("ตัวเลขต้องไม่เกิน %(limit)s (ทั้งบวกและลบ)") % {"limit": display_decimal(limit, 0)}
    if value != value.quantize(FOUR_PLACES):
        return _("ทศนิยมได้ไม่เกิน 4 ตำแหน่ง")
    return None


def quantity_problem(value: Decimal) -> str | None:
    """Why a target, baseline, data-item value or result cannot be stored; None when it can."""
    return limit_problem(value, QUANTITY_LIMIT)
