"""Person names never break across lines (issue 16 item 7: not "ณัฐธยา ตรวจ|สอบ").

One filter (core/templatetags/people.py) wraps a name in span.person-name; the site's CSS and
the documents' CSS keep that span on one line.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from documents.blocks import Table
from documents.builders.kpi_sheet import kpi_sheet_document
from documents.layouts.kpi_sheet import kpi_sheet_layout
from documents.pdf import render_html
from documents.tests.factories import full_kpi

NOWRAP = re.compile(r"\.person-name\s*\{[^}]*white-space:\s*nowrap")


def render(source: str, **context: object) -> str:
    return Template("{% load people %}" + source).render(Context(context))


def test_the_filter_wraps_a_person_a_user_a_text_and_falls_back(org, coordinator, admin_user):
    person = coordinator.person
    expected = f'<span class="person-name">{person.full_name}</span>'
    assert render("{{ p|person_name }}", p=person) == expected
    assert render("{{ u|person_name }}", u=coordinator) == expected
    # A user without a person row shows the username; no one at all shows the fallback.
    assert render("{{ u|person_name }}", u=admin_user) == '<span class="person-name">root</span>'
    assert render('{{ u|person_name:"–" }}', u=None) == '<span class="person-name">–</span>'
    assert render("{{ u|person_name }}", u=None) == ""
    assert render("{{ t|person_name }}", t="<b>x</b>") == (
        '<span class="person-name">&lt;b&gt;x&lt;/b&gt;</span>'
    )
    assert render("{{ names|person_names }}", names=["ก ข", "ค ง"]) == (
        '<span class="person-name">ก ข</span>, <span class="person-name">ค ง</span>'
    )


def test_site_and_document_css_keep_a_name_on_one_line():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "pramoen.css").read_text()
    assert NOWRAP.search(css)
    print_base = Path(settings.BASE_DIR) / "documents/templates/documents/print_base.html"
    assert NOWRAP.search(print_base.read_text())


def test_pages_wrap_names(client, org, coordinator):
    client.force_login(coordinator)
    name = coordinator.person.full_name
    wrapped = f'<span class="person-name">{name}</span>'
    # The header's account menu and the home page both name the signed-in person.
    body = client.get("/").content.decode()
    assert body.count(wrapped) >= 2, body


def test_kpi_detail_page_wraps_the_overseer_and_collectors(client, org, coordinator):
    kpi = full_kpi(org.department)
    client.force_login(coordinator)
    body = client.get(reverse("kpi_detail", kwargs={"pk": kpi.pk})).content.decode()
    assert kpi.overseer is not None
    assert f'<span class="person-name">{kpi.overseer.full_name}</span>' in body
    for collector in kpi.collectors.all():
        assert f'<span class="person-name">{collector.full_name}</span>' in body


def test_the_kpi_sheet_html_wraps_names(org):
    kpi = full_kpi(org.department)
    html = render_html(
        kpi_sheet_layout(kpi_sheet_document(kpi, thai_digits=False)), "documents/kpi_sheet.html"
    )
    assert NOWRAP.search(html)
    for collector in kpi.collectors.all():
        assert f'<span class="person-name">{collector.full_name}</span>' in html
    assert kpi.overseer is not None
    assert f'<span class="person-name">{kpi.overseer.full_name}</span>' in html


def test_the_kpi_sheet_name_column_is_wide_enough_for_an_unbroken_name(org):
    """The name column holds "นางสาวณัฐธยา ตรวจสอบ" on one line of an A4 sheet (seen at 80 dpi:
    22% overflowed into the next column; 30% fits)."""
    kpi = full_kpi(org.department)
    layout = kpi_sheet_layout(kpi_sheet_document(kpi, thai_digits=False))
    tables = [
        block
        for section in layout.sections
        for block in section.blocks
        if isinstance(block, Table) and any(column.person for column in block.columns)
    ]
    assert tables
    for table in tables:
        assert table.columns[0].person and table.width_percents[0] >= 30
