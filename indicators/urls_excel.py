"""/kpis/excel/<framework id>/…: the framework's KPI sheets as a workbook (domain §10)."""

from django.urls import path

from indicators import views_excel

urlpatterns = [
    path(
        "<id:framework_id>/template.xlsx",
        views_excel.kpi_excel_template,
        name="kpi_excel_template",
    ),
    path("<id:framework_id>/export.xlsx", views_excel.kpi_excel_export, name="kpi_excel_export"),
    path("<id:framework_id>/import/", views_excel.kpi_excel_import, name="kpi_excel_import"),
]
