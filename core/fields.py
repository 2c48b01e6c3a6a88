"""Model fields of our own.

`QuantityField` is a `DecimalField` for quantities up to 10^15 with 4 decimals (core.decimals).
PostgreSQL stores it as numeric(20, 4). SQLite has no decimal type: a NUMERIC column turns the
text Django writes into a REAL, which keeps only 15 significant digits, so 999,999,999,999,999.9999
would read back as 1,000,000,000,000,000. On SQLite the column is therefore TEXT (the exact
digits Django formats) and is read back into a Decimal here. Nothing compares or sums these
columns in SQL; do that in Python, or add a cast, if it is ever needed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from core.decimals import QUANTITY_DIGITS


class QuantityField(models.DecimalField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", QUANTITY_DIGITS)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        # Not "DecimalField": SQLite's backend converter for that type reads through a
        # 15-digit float. Our own from_db_value reads every backend's value exactly.
        return "QuantityField"

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "text"
        return str(connection.data_types["DecimalField"] % self.db_type_parameters(connection))

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or isinstance(value, Decimal):
            return value
        text = repr(value) if isinstance(value, float) else str(value)
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return number.quantize(Decimal(1).scaleb(-self.decimal_places))
