"""Excel import and export of KPI sheets (domain §5, §10 "Excel: KPI sheets … importable and
exportable").

- `export_framework_kpis(framework)`: the latest version of every KPI sheet of a framework.
- `template_workbook(framework)`: the same layout, empty, with Thai instructions and drop-downs.
- `import_framework_kpis(actor, framework, file)`: all or nothing; every problem as (sheet, row,
  column, Thai message).

Layout: indicators.excel_layout; writing: excel_export; reading: excel_read; importing:
excel_import.
"""

from indicators.excel_export import export_framework_kpis, template_workbook
from indicators.excel_import import ImportResult, import_framework_kpis
from indicators.excel_read import ImportProblem

__all__ = [
    "ImportProblem",
    "ImportResult",
    "export_framework_kpis",
    "import_framework_kpis",
    "template_workbook",
]
