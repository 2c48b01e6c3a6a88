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
