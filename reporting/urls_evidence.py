"""Evidence files of a report (namespace `evidence`, under /evidence/): the views are
reporting's, since who may add, remove or read a file is who may edit or see its report."""

from django.urls import path

from reporting.views import evidence_files as views

app_name = "evidence"
urlpatterns = [
    path("<id:pk>/download/", views.evidence_download, name="download"),
    path("<id:pk>/remove/", views.evidence_remove, name="remove"),
    path("report/<id:submission_pk>/add/", views.evidence_add, name="add"),
]
