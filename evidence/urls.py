from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path("<id:pk>/download/", views.evidence_download, name="download"),
    path("<id:pk>/remove/", views.evidence_remove, name="remove"),
    path("report/<id:submission_pk>/add/", views.evidence_add, name="add"),
]
