"""URL converters with bounds (registered in CoreConfig.ready, used by every URLconf).

Django's `<int:…>` accepts any number of digits; a 22-digit id then overflows the database
column and answers 500. `<id:…>` takes 1 … core.numbers.MAX_ID and `<year:…>` a B.E. year in
YEAR_MIN … YEAR_MAX; anything else does not match the pattern, which is a 404.
"""

from __future__ import annotations

from django.urls import register_converter

from core.numbers import parse_id, parse_year


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = parse_year(value)
        if year is None:
            raise ValueError(value)  # no match: 404
        return year

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
    register_converter(YearConverter, "year")
