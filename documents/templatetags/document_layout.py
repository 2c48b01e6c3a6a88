"""`{{ block|fitted_percents:layout }}`: a table's column widths in the PDF, the same fit as the
Word file's (documents.docx_render.fitted_percents), so Chromium never has to break a word that
the Word file keeps whole ("คาร์บอนไดอ|อกไซด์" in a narrow unit column)."""

from __future__ import annotations

from django import template

from documents import docx_render
from documents.blocks import Layout, Table

register = template.Library()


@register.filter
def fitted_percents(block: Table, layout: Layout) -> tuple[str, ...]:
    return docx_render.fitted_percents(block, layout)
