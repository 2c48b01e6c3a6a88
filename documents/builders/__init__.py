"""Document builders: ORM → plain dataclasses of a report's content (style.md "Documents")."""

from documents.builders.agreement import (
    AgreementDoc,
    LetterDoc,
    agreement_document,
    confirmation_letter_document,
)
from documents.builders.kpi_sheet import (
    KpiSheet,
    KpiSheetDoc,
    kpi_sheet_document,
    kpi_sheets_document,
)
from documents.builders.sar import SarDoc, SarKpi, sar_document

__all__ = [
    "AgreementDoc",
    "KpiSheet",
    "KpiSheetDoc",
    "LetterDoc",
    "SarDoc",
    "SarKpi",
    "agreement_document",
    "confirmation_letter_document",
    "kpi_sheet_document",
    "kpi_sheets_document",
    "sar_document",
]
