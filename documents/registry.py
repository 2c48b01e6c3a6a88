"""Every downloadable document: kind → (builder + layout, renderers), and the one function that
turns a subject into file bytes. The download views and `manage.py export_document` both call
`render_document`, so a file from the web and one from the command line come from the same code.

Adding a document (agreement, confirmation letter, SAR, e-SAR, executive summary — domain §10):
write a builder and a layout, then add a `DocumentKind` to `DOCUMENTS`. Kinds whose subject is a
framework (`scope="framework"`), a framework's agreement (`scope="agreement"`) or a reporting
round (`scope="round"`) are available to the command as they are. Spreadsheets are cells, not
pages: their renderers take the builder's content directly (`content_renderers`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from django.utils import translation

from agreements.models import Agreement
from documents.blocks import Layout
from documents.builders.agreement import agreement_document, confirmation_letter_document
from documents.builders.kpi_sheet import kpi_sheet_document, kpi_sheets_document
from documents.builders.sar import sar_document
from documents.docx_render import render_docx
from documents.layouts.agreement import agreement_layout
from documents.layouts.executive_summary import executive_summary_layout
from documents.layouts.kpi_sheet import kpi_sheet_layout
from documents.layouts.letter import confirmation_letter_layout
from documents.layouts.sar import sar_layout
from documents.pdf import render_pdf
from documents.xlsx_esar import render_esar_xlsx
from frameworks.models import Framework, ReportingRound
from indicators.models import Kpi
from ops.metrics import DOCUMENT_BUILD_SECONDS, DOCUMENTS_BUILT

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

Renderer = Callable[[Layout], bytes]
DOCUMENT_LANGUAGE = "th"


@dataclass(frozen=True)
class FileName:
    ascii: str  # safe in any header or file system
    thai: str  # what the user sees (RFC 5987 filename*)


@dataclass(frozen=True)
class DocumentOptions:
    """What the user may choose for one document: Thai digits (on by default, domain §2) and,
    for a letter, its number (ที่) and addressee (เรียน)."""

    thai_digits: bool = True
    number: str = ""
    addressee: str = ""
    # The KPI sheets: whether the reader reads draft versions (indicators.selectors.
    # reads_drafts_of); without, the version in force of each KPI.
    drafts: bool = True


ContentRenderer = Callable[[Any, DocumentOptions], bytes]  # (subject, options) → bytes


@dataclass(frozen=True)
class DocumentKind:
    slug: str
    scope: Literal["framework", "kpi", "agreement", "round"]
    layout: Callable[[Any, DocumentOptions], Layout] | None  # (subject, options) → layout
    renderers: Mapping[str, Renderer]
    file_name: Callable[[Any], FileName]  # without the extension
    # Options besides the digits that this kind reads (views and the command offer them).
    options: frozenset[str] = frozenset()
    # Formats drawn from the builder's content rather than from a layout's blocks (XLSX).
    content_renderers: Mapping[str, ContentRenderer] = field(default_factory=dict)

    @property
    def formats(self) -> tuple[str, ...]:
        return (*self.renderers, *self.content_renderers)


@dataclass(frozen=True)
class RenderedDocument:
    content: bytes
    content_type: str
    file_name: FileName
    extension: str

    @property
    def ascii_name(self) -> str:
        return f"{self.file_name.ascii}.{self.extension}"

    @property
    def thai_name(self) -> str:
        return f"{self.file_name.thai}.{self.extension}"


class UnknownDocument(LookupError):
    """No such document kind, or the kind has no renderer for the format."""


def render_document(
    slug: str,
    subject: Any,
    fmt: str,
    *,
    thai_digits: bool,
    number: str = "",
    addressee: str = "",
    drafts: bool = True,
) -> RenderedDocument:
    kind = document_kind(slug)
    renderer = kind.renderers.get(fmt)
    direct = kind.content_renderers.get(fmt)
    if (renderer is None or kind.layout is None) and direct is None:
        formats = ", ".join(kind.formats)
        raise UnknownDocument(f"เอกสาร {slug} ไม่มีรูปแบบ {fmt} (มีเฉพาะ {formats})")
    options = DocumentOptions(
        thai_digits=thai_digits, number=number, addressee=addressee, drafts=drafts
    )
    started = time.perf_counter()
    # Official documents are Thai whatever language the user reads the site in.
    with translation.override(DOCUMENT_LANGUAGE):
        if renderer is not None and kind.layout is not None:
            content = renderer(kind.layout(subject, options))
        else:
            assert direct is not None
            content = direct(subject, options)
    DOCUMENT_BUILD_SECONDS.labels(kind=slug).observe(time.perf_counter() - started)
    DOCUMENTS_BUILT.labels(kind=slug, format=fmt).inc()
    return RenderedDocument(
        content=content,
        content_type=CONTENT_TYPES[fmt],
        file_name=kind.file_name(subject),
        extension=fmt,
    )


def document_kind(slug: str) -> DocumentKind:
    try:
        return DOCUMENTS[slug]
    except KeyError:
        known = ", ".join(sorted(DOCUMENTS))
        raise UnknownDocument(f"ไม่รู้จักเอกสารชนิด {slug!r} (ที่มี: {known})") from None


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_safe(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-.") or "document"


def _kpi_sheet_name(kpi: Kpi) -> FileName:
    framework = kpi.framework
    department = framework.department
    return FileName(
        ascii=ascii_safe(
            f"kpi-sheet-{department.code}-{framework.fiscal_year}-{kpi.number}-v{kpi.version}"
        ),
        thai=f"รายละเอียดตัวชี้วัด-{kpi.number}-{department.abbreviation or department.code}"
        f"-{framework.fiscal_year}-ฉบับที่{kpi.version}",
    )


def _kpi_sheets_name(framework: Framework) -> FileName:
    department = framework.department
    return FileName(
        ascii=ascii_safe(f"kpi-sheets-{department.code}-{framework.fiscal_year}"),
        thai=f"รายละเอียดตัวชี้วัด-{department.abbreviation or department.code}-{framework.fiscal_year}",
    )


def _agreement_name(agreement: Agreement) -> FileName:
    department = agreement.framework.department
    year = agreement.framework.fiscal_year
    return FileName(
        ascii=ascii_safe(f"agreement-{department.code}-{year}"),
        thai=f"คำรับรองการปฏิบัติราชการ-{department.abbreviation or department.code}-{year}",
    )


def _letter_name(agreement: Agreement) -> FileName:
    department = agreement.framework.department
    year = agreement.framework.fiscal_year
    return FileName(
        ascii=ascii_safe(f"confirmation-letter-{department.code}-{year}"),
        thai=f"บันทึกยืนยันตัวชี้วัด-{department.abbreviation or department.code}-{year}",
    )


def _round_name(prefix: str, thai: str) -> Callable[[ReportingRound], FileName]:
    def name(round_: ReportingRound) -> FileName:
        framework = round_.framework
        department = framework.department
        year = framework.fiscal_year
        return FileName(
            ascii=ascii_safe(f"{prefix}-{department.code}-{year}-{round_.months}m"),
            thai=f"{thai}-{department.abbreviation or department.code}-{year}"
            f"-รอบ{round_.months}เดือน",
        )

    return name


def _sar_layout(round_: ReportingRound, options: DocumentOptions) -> Layout:
    return sar_layout(sar_document(round_, thai_digits=options.thai_digits))


def _executive_summary_layout(round_: ReportingRound, options: DocumentOptions) -> Layout:
    return executive_summary_layout(sar_document(round_, thai_digits=options.thai_digits))


def _esar_xlsx(round_: ReportingRound, options: DocumentOptions) -> bytes:
    return render_esar_xlsx(sar_document(round_, thai_digits=options.thai_digits))


def _renderers(template: str) -> dict[str, Renderer]:
    return {"pdf": partial(render_pdf, template=template), "docx": render_docx}


DOCUMENTS: dict[str, DocumentKind] = {
    "kpi-sheet": DocumentKind(
        slug="kpi-sheet",
        scope="kpi",
        layout=lambda kpi, options: kpi_sheet_layout(
            kpi_sheet_document(kpi, thai_digits=options.thai_digits)
        ),
        renderers=_renderers("documents/kpi_sheet.html"),
        file_name=_kpi_sheet_name,
    ),
    "kpi-sheets": DocumentKind(
        slug="kpi-sheets",
        scope="framework",
        layout=lambda framework, options: kpi_sheet_layout(
            kpi_sheets_document(framework, thai_digits=options.thai_digits, drafts=options.drafts)
        ),
        renderers=_renderers("documents/kpi_sheet.html"),
        file_name=_kpi_sheets_name,
    ),
    "agreement": DocumentKind(
        slug="agreement",
        scope="agreement",
        layout=lambda agreement, options: agreement_layout(
            agreement_document(agreement, thai_digits=options.thai_digits)
        ),
        renderers=_renderers("documents/agreement.html"),
        file_name=_agreement_name,
    ),
    "confirmation-letter": DocumentKind(
        slug="confirmation-letter",
        scope="agreement",
        layout=lambda agreement, options: confirmation_letter_layout(
            confirmation_letter_document(
                agreement,
                thai_digits=options.thai_digits,
                number=options.number,
                addressee=options.addressee,
            )
        ),
        renderers=_renderers("documents/letter.html"),
        file_name=_letter_name,
        options=frozenset({"number", "addressee"}),
    ),
    "sar": DocumentKind(
        slug="sar",
        scope="round",
        layout=_sar_layout,
        renderers=_renderers("documents/sar.html"),
        file_name=_round_name("sar", "รายงานผลการประเมินตนเอง-SAR"),
    ),
    "executive-summary": DocumentKind(
        slug="executive-summary",
        scope="round",
        layout=_executive_summary_layout,
        renderers=_renderers("documents/executive_summary.html"),
        file_name=_round_name("executive-summary", "สรุปผลสำหรับผู้บริหาร"),
    ),
    "esar": DocumentKind(
        slug="esar",
        scope="round",
        layout=None,
        renderers={},
        file_name=_round_name("esar", "ข้อมูล-e-SAR"),
        content_renderers={"xlsx": _esar_xlsx},
    ),
}
