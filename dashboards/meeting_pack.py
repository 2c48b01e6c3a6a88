"""The meeting pack (issue 16 item 4): the executive dashboard as a PDF, one click from the page.

It is the dashboard's own body (dashboards/_department_body.html) in a local page that inlines
the site's stylesheet, printed by the documents' Chromium (documents.chromium.html_to_pdf) with
the stylesheet's @media print rules: what Ctrl+P gives, without the navigation and buttons, on
A4 in Sarabun, with the page number at the foot. Like the other documents it is Thai, and drawn
from an open round it is "ฉบับร่าง — ข้อมูล ณ วันที่ …".

The fonts are the Sarabun TTFs of the fontpkg-sarabun wheel as file:// URLs (documents.pdf): the
page is a local file and fetches nothing else.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from dashboards.figures import dashboard_figures
from dashboards.selectors import Dashboard
from documents.chromium import html_to_pdf
from documents.pdf import FontFace, sarabun_dir
from documents.registry import (
    CONTENT_TYPES,
    DOCUMENT_LANGUAGE,
    FileName,
    RenderedDocument,
    ascii_safe,
)

STYLESHEET = "css/pramoen.css"
# The weights the stylesheet uses (600 for links and labels).
FACES = (
    ("Sarabun-Regular.ttf", 400, "normal"),
    ("Sarabun-Italic.ttf", 400, "italic"),
    ("Sarabun-SemiBold.ttf", 600, "normal"),
    ("Sarabun-Bold.ttf", 700, "normal"),
)
# The stylesheet's own faces point at /static/ URLs, which a local page cannot reach.
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


@cache
def _stylesheet(path: str) -> str:
    return _FONT_FACE.sub("", Path(path).read_text(encoding="utf-8"))


def stylesheet() -> str:
    """The site's stylesheet without its @font-face rules."""
    found = finders.find(STYLESHEET)
    assert isinstance(found, str), f"{STYLESHEET} is in the static files"
    return _stylesheet(found)


def faces() -> tuple[FontFace, ...]:
    folder = sarabun_dir()
    return tuple(
        FontFace(url=(folder / name).resolve().as_uri(), weight=weight, style=style)
        for name, weight, style in FACES
    )


def meeting_pack_html(data: Dashboard) -> str:
    department = data.department
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "dashboards/meeting_pack.html",
            {
                "department": department,
                "fiscal_year": data.framework.fiscal_year,
                "data": data,
                **dashboard_figures(data),
                "stylesheet": mark_safe(stylesheet()),  # our own static file
                "fonts": faces(),
            },
        )


def meeting_pack_name(data: Dashboard) -> FileName:
    department = data.department
    year = data.framework.fiscal_year
    return FileName(
        ascii=ascii_safe(f"meeting-pack-{department.code}-{year}-{data.round.months}m"),
        thai=f"เอกสารประกอบการประชุม-{department.abbreviation or department.code}-{year}"
        f"-รอบ{data.round.months}เดือน",
    )


def meeting_pack_pdf(data: Dashboard) -> RenderedDocument:
    """The PDF (raises documents.chromium.PdfRenderError when Chromium fails)."""
    return RenderedDocument(
        content=html_to_pdf(meeting_pack_html(data)),
        content_type=CONTENT_TYPES["pdf"],
        file_name=meeting_pack_name(data),
        extension="pdf",
    )
