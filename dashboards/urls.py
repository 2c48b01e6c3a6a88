from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("kpi/<id:pk>/", views.kpi, name="kpi"),
    path("ministries/", views.ministry_index, name="ministry_index"),
    path("ministries/<slug:code>/<year:year>/", views.ministry, name="ministry"),
    path("ministries/<slug:code>/<year:year>/xlsx/", views.ministry_export, name="ministry_xlsx"),
    path("<slug:code>/<year:year>/", views.department, name="department"),
    path("<slug:code>/<year:year>/lights/", views.rule, name="rule"),
    path("<slug:code>/<year:year>/meeting-pack/", views.meeting_pack, name="meeting_pack"),
]
