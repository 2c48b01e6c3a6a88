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


# A template expression that prints a person: the variable's last part names a person, a
# person's name or a user (`kpi.overseer`, `c.author_name`, `row.who`, `p.recorded_by`, ...).
PERSONISH = re.compile(
    r"(?:^|\.)(?:person|owner|overseer|actor|signer|evaluator|collectors?|author_name|who|"
    r"recipient|giver\.name|receiver\.name|overseer_name|full_name|get_full_name|"
    r"get_username|user|[a-z]+_by)$"
)
# `{{ expr|filters }}` and `{% blocktranslate with who=expr|filters %}`.
PRINTED = re.compile(r"\{\{\s*([^}]*?)\s*\}\}")
BLOCK_WITH = re.compile(r"\{%\s*blocktrans(?:late)?\s+(?:with|count)\s+([^%]*)%\}")
BLOCK_BODY = re.compile(
    r"\{%\s*blocktrans(?:late)?\b[^%]*%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
ARGUMENT = re.compile(r"\b[a-z_]+=([^\s]+)")


def _template_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        path
        for path in base.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "site-packages" not in path.parts
    )


def _unwrapped_names(source: str) -> list[str]:
    # Inside a blocktranslate, `{{ who }}` is the placeholder of its `with who=...` argument.
    outside = BLOCK_BODY.sub("", source)
    expressions = PRINTED.findall(outside)
    for arguments in BLOCK_WITH.findall(source):
        expressions += ARGUMENT.findall(arguments)
    found = []
    for expression in expressions:
        variable, *filters = (part.strip() for part in expression.split("|"))
        if not PERSONISH.search(variable):
            continue
        if any(f.startswith(("person_name", "person_names")) for f in filters):
            continue
        found.append(expression)
    return found


def test_the_template_scan_sees_an_unwrapped_name():
    assert _unwrapped_names("{{ kpi.overseer }} {{ row.who }} {{ kpi.name_th }}") == [
        "kpi.overseer",
        "row.who",
    ]
    assert _unwrapped_names("{% blocktranslate with who=p.recorded_by %}x{% endblocktranslate %}")
    assert not _unwrapped_names(
        '{{ kpi.overseer|person_name }} {% blocktranslate with who=s.updated_by|person_name:"–" '
        "when=s.updated_at|thai_date %}x{% endblocktranslate %} {{ user.is_staff }}"
    )


# Expressions the scan would take for a person but that are not one, with the reason.
NOT_PEOPLE = {
    # StrategicKpi.owner is the owner agency's name (a long organisation name that must wrap).
    ("frameworks/templates/frameworks/strategic_kpi_list.html", "item.owner"),
    # A confirm prompt (an attribute: no HTML there) and the login name in <code>.
    ("accounts/templates/accounts/two_factor_people.html", "person.full_name"),
    ("accounts/templates/accounts/two_factor_people.html", "person.user.get_username"),
}


def test_every_template_prints_a_person_through_the_filter():
    files = _template_files()
    assert len(files) > 50
    offenders = {
        where: names
        for path in files
        if (where := str(path.relative_to(settings.BASE_DIR)))
        and (
            names := [n for n in _unwrapped_names(path.read_text()) if (where, n) not in NOT_PEOPLE]
        )
    }
    assert offenders == {}
