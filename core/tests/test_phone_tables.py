"""The KPI sheet's contact table and the negotiation comparison on a 390 px phone (issue 16
item 7): one card per row, each value under its column's name, nothing cut off (seen at 390,
1024 and 1366 px: no table wider than its wrapper)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from documents.tests.factories import full_kpi

CSS = Path(settings.BASE_DIR) / "static" / "css" / "pramoen.css"


def phone_card_rows(html: str, table_class: str) -> list[str]:
    """The body rows of the table carrying `phone-cards` and `table_class`."""
    match = re.search(
        rf'<table class="[^"]*\b{table_class}\b[^"]*\bphone-cards\b[^"]*">(.*?)</table>'
        rf'|<table class="[^"]*\bphone-cards\b[^"]*\b{table_class}\b[^"]*">(.*?)</table>',
        html,
        re.S,
    )
    assert match is not None, f"no phone-cards table .{table_class}"
    body = (match.group(1) or match.group(2)).split("<tbody>", 1)[1]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def assert_cards(rows: list[str], labels: list[str]) -> None:
    assert rows
    for row in rows:
        assert row.startswith('<th scope="row" class="card-title">'), row
        assert re.findall(r'<td data-label="([^"]+)"', row) == labels, row


def test_the_phone_stylesheet_turns_the_tables_into_cards():
    css = CSS.read_text()
    phone = css[css.index(".phone-cards { min-width: 0; }") - 40 :]
    assert phone.startswith("@media (max-width: 48rem)", phone.index("@media"))
    assert ".phone-cards thead { display: none; }" in phone
    assert "td[data-label]::before { content: attr(data-label); display: block;" in phone


def test_the_kpi_sheet_contacts_are_cards_with_links(client, org, coordinator):
    kpi = full_kpi(org.department)
    client.force_login(coordinator)
    html = client.get(reverse("kpi_detail", kwargs={"pk": kpi.pk})).content.decode()
    rows = phone_card_rows(html, "contacts")
    assert len(rows) == kpi.collectors.count()
    assert_cards(rows, ["ตำแหน่ง", "โทรศัพท์", "อีเมล"])
    for collector in kpi.collectors.all():
        if collector.email:
            assert f'<a class="email" href="mailto:{collector.email}">' in html
