"""Dates are typed and shown as Thai B.E. วว/ดด/ปปปป, never the browser's mm/dd/yyyy
(issue 16 item 5)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from core.forms import ThaiDateField, ThaiDateInput
from core.numbers import DATE_MAX, DATE_MIN
from core.thai import be_date_input, parse_be_date, thai_digits

ROOT = Path(__file__).resolve().parents[2]
in_range = st.dates(min_value=DATE_MIN, max_value=DATE_MAX)


class _Form(forms.Form):
    day = ThaiDateField(label="วันที่")


@given(in_range)
def test_a_shown_date_reads_back_as_the_same_date(day):
    text = be_date_input(day)
    assert re.fullmatch(r"[0-9]{2}/[0-9]{2}/25[0-9]{2}|[0-9]{2}/[0-9]{2}/2[67][0-9]{2}", text)
    assert parse_be_date(text) == day
    assert ThaiDateField().clean(text) == day


@given(in_range)
def test_thai_digits_and_unpadded_numbers_are_read(day):
    assert parse_be_date(thai_digits(be_date_input(day))) == day
    loose = f"{day.day}/{day.month}/{day.year + 543}"
    assert ThaiDateField().clean(f" {loose} ") == day


def test_the_widget_shows_the_be_year_in_a_text_box():
    html = _Form(initial={"day": datetime.date(2026, 1, 5)}).as_p()
    assert 'value="05/01/2569"' in html
    assert 'type="text"' in html and 'type="date"' not in html
    assert "data-thai-date" in html and 'placeholder="วว/ดด/ปปปป"' in html
    assert 'inputmode="numeric"' in html


def test_a_refused_date_comes_back_as_typed():
    form = _Form({"day": "31/02/2569"})
    assert not form.is_valid()
    assert form.errors["day"] == ["ไม่มีวันที่ “31/02/2569” ในปฏิทิน"]
    assert 'value="31/02/2569"' in form.as_p()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15/01/2569", datetime.date(2026, 1, 15)),
        ("1/10/2568", datetime.date(2025, 10, 1)),
        ("๓๐/๐๙/๒๕๖๘", datetime.date(2025, 9, 30)),
        ("01/01/2500", datetime.date(1957, 1, 1)),
        ("31/12/2700", datetime.date(2157, 12, 31)),
        ("2026-01-15", datetime.date(2026, 1, 15)),  # ISO, C.E.: scripts and older pages
    ],
)
def test_dates_are_read_as_day_month_be_year(text, day):
    form = _Form({"day": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/12/2499", "วันที่ต้องอยู่ในช่วงปี พ.ศ. 2500–2700"),
        ("01/01/2701", "วันที่ต้องอยู่ในช่วงปี พ.ศ. 2500–2700"),
        ("01/01/0001", "วันที่ต้องอยู่ในช่วงปี พ.ศ. 2500–2700"),
        ("01/01/9999", "วันที่ต้องอยู่ในช่วงปี พ.ศ. 2500–2700"),
        ("15/01/2026", "ปี 2026 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (ปี ค.ศ. 2026 คือ พ.ศ. 2569)"),
        ("01/15/2569", "ไม่มีวันที่ “01/15/2569” ในปฏิทิน"),  # mm/dd/yyyy is not read
        ("15 ม.ค. 2569", "กรุณากรอกวันที่เป็น วว/ดด/ปปปป (ปี พ.ศ.) เช่น 15/01/2569"),
        ("2569-01-15", "วันที่ต้องอยู่ในช่วงปี พ.ศ. 2500–2700"),  # B.E. year in ISO: C.E. 2569
        ("²/01/2569", "กรุณากรอกวันที่เป็น วว/ดด/ปปปป (ปี พ.ศ.) เช่น 15/01/2569"),
    ],
)
def test_dates_outside_or_malformed_are_refused_with_a_clear_thai_message(text, message):
    form = _Form({"day": text})
    assert not form.is_valid()
    assert form.errors["day"] == [message]


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_form_error_never_an_exception(text):
    form = _Form({"day": text})
    if form.is_valid():
        assert DATE_MIN <= form.cleaned_data["day"] <= DATE_MAX


def test_english_mode_shows_the_same_be_format():
    from django.utils import translation

    with translation.override("en"):
        html = str(_Form(initial={"day": datetime.date(2026, 1, 5)})["day"])
    assert 'value="05/01/2569"' in html and isinstance(ThaiDateInput(), forms.TextInput)


def test_no_page_uses_the_browsers_date_input():
    """Every date in the project is a ThaiDateField; the browser's date input shows mm/dd/yyyy
    on an English-locale PC."""
    pattern = re.compile(
        r"""type\s*=\s*["']date["']|input_type\s*=\s*["']date["']|"type":\s*"date\""""
    )
    offenders = [
        str(path.relative_to(ROOT))
        for suffix in ("*.py", "*.html")
        for path in ROOT.rglob(suffix)
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and "node_modules" not in path.parts
        and pattern.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
