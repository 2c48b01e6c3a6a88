from django.urls import path

from documents import views

urlpatterns = [
    path("kpis/<id:kpi_id>/<str:fmt>/", views.kpi_sheet, name="document_kpi_sheet"),
    path(
        "frameworks/<id:framework_id>/kpi-sheets/<str:fmt>/",
        views.kpi_sheets,
        name="document_kpi_sheets",
    ),
    path(
        "frameworks/<id:framework_id>/agreement/<str:fmt>/",
        views.agreement,
        name="document_agreement",
    ),
    path(
        "frameworks/<id:framework_id>/confirmation-letter/<str:fmt>/",
        views.confirmation_letter,
        name="document_confirmation_letter",
    ),
    path("rounds/<id:round_id>/sar/<str:fmt>/", views.sar, name="document_sar"),
    path(
        "rounds/<id:round_id>/executive-summary/<str:fmt>/",
        views.executive_summary,
        name="document_executive_summary",
    ),
    path("rounds/<id:round_id>/esar/<str:fmt>/", views.esar, name="document_esar"),
    # Built by the task worker (documents.background): start, then poll the job.
    path("rounds/<id:round_id>/sar/<str:fmt>/build/", views.sar_build, name="document_sar_build"),
    path(
        "rounds/<id:round_id>/executive-summary/<str:fmt>/build/",
        views.executive_summary_build,
        name="document_executive_summary_build",
    ),
    path(
        "frameworks/<id:framework_id>/kpi-sheets/<str:fmt>/build/",
        views.kpi_sheets_build,
        name="document_kpi_sheets_build",
    ),
    path("built/<id:pk>/", views.job_status, name="document_job_status"),
    path("built/<id:pk>/file/", views.job_file, name="document_job_file"),
]
