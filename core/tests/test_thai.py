"""Thai dates and digits for display and documents (domain §2)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template

from core.thai import thai_date_full, thai_date_short, thai_digits

SHORT_MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]


def render(source: str, **context: object) -> str:
    return Template("{% load thai %}" + source).render(Context(context))


def test_full_date_uses_thai_digits_and_buddhist_era_by_default():
    assert thai_date_full(datetime.date(2025, 11, 25)) == "๒๕ พฤศจิกายน ๒๕๖๘"


def test_full_date_with_arabic_digits():
    assert thai_date_full(datetime.date(2025, 11, 25), digits=False) == "25 พฤศจิกายน 2568"


def test_short_date_uses_abbreviated_month_and_two_digit_year():
    assert thai_date_short(datetime.date(2025, 11, 25)) == "25 พ.ย. 68"


@pytest.mark.parametrize(("month", "abbreviation"), list(enumerate(SHORT_MONTHS, start=1)))
def test_short_date_month_abbreviations(month, abbreviation):
    assert thai_date_short(datetime.date(2026, month, 15)) == f"15 {abbreviation} 69"


def test_short_date_has_no_leading_zero_on_the_day():
    assert thai_date_short(datetime.date(2026, 1, 1)) == "1 ม.ค. 69"


def test_short_date_with_thai_digits():
    assert thai_date_short(datetime.date(2025, 11, 25), digits=True) == "๒๕ พ.ย. ๖๘"


def test_thai_digits_replaces_only_digits():
    assert thai_digits("2569 12.50") == "๒๕๖๙ ๑๒.๕๐"


def test_thai_digits_accepts_non_strings():
    assert thai_digits(Decimal("12.5")) == "๑๒.๕"
    assert thai_digits(0) == "๐"


def test_filter_thai_date():
    assert render("{{ d|thai_date }}", d=datetime.date(2025, 11, 25)) == "๒๕ พฤศจิกายน ๒๕๖๘"


def test_filter_thai_date_arabic():
    assert render('{{ d|thai_date:"arabic" }}', d=datetime.date(2025, 11, 25)) == (
        "25 พฤศจิกายน 2568"
    )


def test_filter_thai_date_short():
    assert render("{{ d|thai_date_short }}", d=datetime.date(2025, 11, 25)) == "25 พ.ย. 68"


def test_filter_thai_date_short_thai_digits():
    assert render('{{ d|thai_date_short:"thai" }}', d=datetime.date(2025, 11, 25)) == ("๒๕ พ.ย. ๖๘")


def test_filter_thai_date_accepts_datetime():
    moment = datetime.datetime(2025, 11, 25, 14, 30, tzinfo=datetime.UTC)
    assert render("{{ d|thai_date }}", d=moment) == "๒๕ พฤศจิกายน ๒๕๖๘"
    assert render("{{ d|thai_date_short }}", d=moment) == "25 พ.ย. 68"


def test_date_filters_show_aware_datetimes_in_local_time():
    # 20:00 UTC on 25 Nov is 03:00 on 26 Nov in Bangkok (TIME_ZONE), the date users expect.
    moment = datetime.datetime(2025, 11, 25, 20, 0, tzinfo=datetime.UTC)
    assert render("{{ d|thai_date }}", d=moment) == "๒๖ พฤศจิกายน ๒๕๖๘"
    assert render("{{ d|thai_date_short }}", d=moment) == "26 พ.ย. 68"


def test_fiscal_year_filter_uses_local_time_at_the_year_boundary():
    # 30 Sep 2026 18:00 UTC is already 1 Oct 2026 in Bangkok: FY 2570.
    moment = datetime.datetime(2026, 9, 30, 18, 0, tzinfo=datetime.UTC)
    assert render("{{ d|fiscal_year }}", d=moment) == "2570"


def test_date_filters_render_empty_for_none():
    assert render("[{{ d|thai_date }}|{{ d|thai_date_short }}|{{ d|fiscal_year }}]", d=None) == (
        "[||]"
    )


def test_filter_thai_digits():
    assert render("{{ v|thai_digits }}", v="2569 12.50") == "๒๕๖๙ ๑๒.๕๐"


def test_filter_fiscal_year():
    assert render("{{ d|fiscal_year }}", d=datetime.date(2025, 10, 1)) == "2569"
    assert render("{{ d|fiscal_year }}", d=datetime.date(2025, 9, 30)) == "2568"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2.345"), "2.35"),
        (Decimal("87.5"), "87.50"),
        (Decimal("1234.5"), "1,234.50"),
        (None, ""),
    ],
)
def test_filter_decimal_rounds_half_up(value, expected):
    assert render("{{ v|decimal:2 }}", v=value) == expected


def test_filter_decimal_defaults_to_two_places():
    assert render("{{ v|decimal }}", v=Decimal("0.125")) == "0.13"


def test_thai_output_contains_no_arabic_digits():
    assert not re.search(r"[0-9]", thai_date_full(datetime.date(2026, 9, 30)))


def test_pages_in_english_show_english_dates_and_thai_pages_b_e():
    from django.template import Context, Template
    from django.utils import translation

    day = datetime.date(2026, 12, 4)
    source = Template(
        "{% load thai %}{{ d|thai_date }} | {{ d|thai_date_short }} | {{ d|thai_date:'arabic' }}"
    )
    with translation.override("en"):
        assert (
            source.render(Context({"d": day})) == "4 December 2026 | 4 Dec 2026 | 4 December 2026"
        )
    with translation.override("th"):
        assert source.render(Context({"d": day})) == "๔ ธันวาคม ๒๕๖๙ | 4 ธ.ค. 69 | 4 ธันวาคม 2569"


def test_standard_level_names_follow_the_reader_and_own_names_stay():
    from django.template import Context, Template
    from django.utils import translation

    source = Template("{% load thai %}{{ a|level_name }} / {{ b|level_name }} / {{ c|level_name }}")
    context = {"a": "ระดับต้องปรับปรุง", "b": "ขั้นสูง", "c": "ระดับดีเด่นของกรม"}
    with translation.override("en"):
        assert source.render(Context(context)) == "Needs improvement / Advanced / ระดับดีเด่นของกรม"
    with translation.override("th"):
        assert source.render(Context(context)) == "ระดับต้องปรับปรุง / ขั้นสูง / ระดับดีเด่นของกรม"


def test_the_framework_page_in_english_names_the_result_levels_in_english(client, org, coordinator):
    from django.urls import reverse

    from frameworks.tests.factories import make_framework

    framework = make_framework(org.department)
    assert framework.result_levels.filter(label_th="ระดับต้องปรับปรุง").exists()
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("framework_detail", kwargs={"pk": framework.pk})).content.decode()
    assert "<td>Needs improvement</td>" in page
