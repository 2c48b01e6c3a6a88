from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path("<int:pk>/download/", views.evidence_download, name="download"),
    path("<int:pk>/remove/", views.evidence_remove, name="remove"),
    path("report/<int:submission_pk>/add/", views.evidence_add, name="add"),
]
