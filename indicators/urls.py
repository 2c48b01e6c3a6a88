from django.urls import path

from indicators import views

urlpatterns = [
    path("", views.kpi_index, name="kpi_index"),
    path("sheet/<id:pk>/", views.kpi_detail, name="kpi_detail"),
    path("sheet/<id:pk>/whatif/", views.kpi_whatif, name="kpi_whatif"),
    path("sheet/<id:pk>/edit/", views.kpi_edit, name="kpi_edit"),
    path("sheet/<id:pk>/approve/", views.kpi_approve, name="kpi_approve"),
    path("sheet/<id:pk>/new-version/", views.kpi_new_version, name="kpi_new_version"),
    path("sheet/<id:pk>/delete/", views.kpi_delete, name="kpi_delete"),
    path("<slug:code>/<year:year>/", views.kpi_list, name="kpi_list"),
    path("<slug:code>/<year:year>/whatif/", views.kpi_list_whatif, name="kpi_list_whatif"),
    path("<slug:code>/<year:year>/new/", views.kpi_create, name="kpi_create"),
]
