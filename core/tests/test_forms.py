"""Dates in forms stay within the B.E. years the system works with (issue 14 item 7)."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.urls import reverse

from core.forms import DateField


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
