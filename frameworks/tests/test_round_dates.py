"""A round's dates on the framework page are B.E. วว/ดด/ปปปป like every date (issue 16 item 5)."""

from __future__ import annotations

import datetime

from frameworks.forms import RoundForm
from frameworks.models import ReportingRound


def test_round_dates_are_shown_and_read_as_be():
    row = ReportingRound(
        name_th="รอบ 6 เดือน",
        months=6,
        period_end=datetime.date(2026, 3, 31),
        due_date=datetime.date(2026, 4, 15),
    )
    html = RoundForm(instance=row).as_p()
    assert 'value="31/03/2569"' in html and 'value="15/04/2569"' in html
    assert 'type="date"' not in html
    form = RoundForm(
        {
            "name_th": "รอบ 6 เดือน",
            "months": "6",
            "period_end": "31/03/2569",
            "due_date": "15/4/2569",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period_end"] == datetime.date(2026, 3, 31)
    assert form.cleaned_data["due_date"] == datetime.date(2026, 4, 15)
