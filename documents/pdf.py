"""PDF renderer: a layout (documents.blocks) → print HTML → PDF via headless Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fontpkg_sarabun
from django.conf import settings
from django.template.loader import render_to_string

from documents.blocks import Layout
from documents.chromium import DEFAULT_TIMEOUT, html_to_pdf


@dataclass(frozen=True)
class FontFace:
    url: str
    weight: int
    style: str


_FACES = (
    ("Sarabun-Regular.ttf", 400, "normal"),
    ("Sarabun-Italic.ttf", 400, "italic"),
    ("Sarabun-Bold.ttf", 700, "normal"),
    ("Sarabun-BoldItalic.ttf", 700, "italic"),
)


def sarabun_dir() -> Path:
    """The Sarabun TTFs shipped in the fontpkg-sarabun wheel (OFL)."""
    configured = getattr(settings, "SARABUN_DIR", None)
    if configured is not None:
        return Path(configured)
    return Path(fontpkg_sarabun.__file__).resolve().parent / "files"


def sarabun_faces() -> tuple[FontFace, ...]:
    """@font-face sources as absolute file:// URLs: the HTML is itself a local file, so
    Chromium loads them without any server."""
    folder = sarabun_dir()
    return tuple(
        FontFace(url=(folder / name).resolve().as_uri(), weight=weight, style=style)
        for name, weight, style in _FACES
    )


def render_html(layout: Layout, template: str) -> str:
    return render_to_string(
        template,
        {
            "layout": layout,
            "fonts": sarabun_faces(),
            # CSS counter style for page numbers: Thai digits when the option is on (domain §10).
            "counter_style": "thai" if layout.thai_digits else "decimal",
        },
    )


def render_pdf(layout: Layout, template: str, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    return html_to_pdf(render_html(layout, template), timeout=timeout)
