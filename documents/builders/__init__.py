"""Document builders: ORM → plain dataclasses of a report's content (style.md "Documents")."""

from documents.builders.kpi_sheet import (
    KpiSheet,
    KpiSheetDoc,
    kpi_sheet_document,
    kpi_sheets_document,
)

__all__ = ["KpiSheet", "KpiSheetDoc", "kpi_sheet_document", "kpi_sheets_document"]
