"""KPI numbers sort the way a reader counts ("1.9" before "1.10") and never break a page,
whatever an importer or a user typed as the number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from frameworks.models import Component
from indicators.models import Kpi
from indicators.selectors import kpi_sort_key, number_key


def kpi(number: str, *, version: int = 1) -> Kpi:
    """An unsaved KPI of one component: the sort key reads no database."""
    return Kpi(component=Component(pk=1, order=1), number=number, version=version)


def test_numeric_parts_compare_as_numbers():
    numbers = ["2", "1.10", "10", "1.9", "1", "1.2.1", "1.2"]
    assert sorted(numbers, key=number_key) == ["1", "1.2", "1.2.1", "1.9", "1.10", "2", "10"]


def test_text_sorts_after_numbers_by_its_text():
    numbers = ["ก", "2-1", "", "2", "1.a", "1.10", "1.9", "10"]
    assert sorted(numbers, key=number_key) == ["1.9", "1.10", "1.a", "2", "10", "", "2-1", "ก"]


def test_thai_digits_are_numbers():
    assert sorted(["๑๐", "๒", "๑.๙"], key=number_key) == ["๑.๙", "๒", "๑๐"]


def test_kpis_sort_by_number_without_raising_on_text():
    kpis = [kpi("ก"), kpi("1.10"), kpi("1.a"), kpi("1.9"), kpi(""), kpi("2-1")]
    assert [k.number for k in sorted(kpis, key=kpi_sort_key)] == [
        "1.9",
        "1.10",
        "1.a",
        "",
        "2-1",
        "ก",
    ]


@given(st.text(), st.text())
def test_any_two_numbers_give_comparable_keys(first, second):
    a, b = number_key(first), number_key(second)
    assert isinstance(a, tuple) and isinstance(b, tuple)
    assert (a < b) + (a == b) + (a > b) == 1  # a total order: exactly one holds


@given(st.lists(st.text(max_size=16)))
def test_sorting_any_list_of_numbers_never_raises(numbers):
    ordered = sorted((kpi(n) for n in numbers), key=kpi_sort_key)
    assert sorted(k.number for k in ordered) == sorted(numbers)
    keys = [kpi_sort_key(k) for k in ordered]
    assert keys == sorted(keys)


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=4))
def test_all_numeric_numbers_sort_like_their_integer_parts(parts):
    assert number_key(".".join(map(str, parts))) == tuple((0, p, "") for p in parts)
