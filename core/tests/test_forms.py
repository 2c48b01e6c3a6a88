"""Dates in forms stay within the B.E. years the system works with (issue 14 item 7)."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.urls import reverse

from core.forms import DateField, IntegerField


class _DateForm(forms.Form):
    day = DateField()


@pytest.mark.parametrize(
    "text", ["0001-01-01", "9999-12-31", "1956-12-31", "2158-01-01", "2569-05-01"]
)
def test_dates_outside_the_years_are_refused_in_thai(text):
    form = _DateForm({"day": text})
    assert not form.is_valid()
    assert form.errors["day"] == ["วันที่ต้องอยู่ในช่วงปี พ.ศ. 2500–2700"]


@pytest.mark.parametrize("text", ["1957-01-01", "2026-05-01", "2157-12-31"])
def test_dates_within_the_years_are_kept(text):
    form = _DateForm({"day": text})
    assert form.is_valid(), form.errors
    assert isinstance(form.cleaned_data["day"], datetime.date)


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "2026-13-45", "²"])
def test_token_expiry_far_away_is_a_form_error_not_a_500(client, coordinator, text):
    client.force_login(coordinator)
    response = client.post(
        reverse("api_token_create"), {"name": "x", "scope": "read", "expires_on": text}
    )
    assert response.status_code == 422
    assert "ใช้ได้ถึงวันที่" in response.content.decode()


class _NumberForm(forms.Form):
    n = IntegerField(min_value=0)


@pytest.mark.parametrize("text", ["²", "١٢", "9" * 5000, "9999999999999999999999", "1e3", "-1"])
def test_malformed_or_huge_integers_are_form_errors(text):
    form = _NumberForm({"n": text})
    assert not form.is_valid()
    assert "n" in form.errors


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("๑๒", 12), (" 7 ", 7)])
def test_integers_in_ascii_or_thai_digits_are_read(text, value):
    form = _NumberForm({"n": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["n"] == value
