"""Public pages (no login), mounted at /public/ in pramoen/urls.py."""

from django.urls import path

from dashboards import views

app_name = "public"

urlpatterns = [
    path("<slug:code>/", views.public, name="department"),
    path("<slug:code>/<year:year>/", views.public, name="department_year"),
]
