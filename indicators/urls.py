from django.urls import path

from indicators import views

urlpatterns = [
    path("", views.kpi_index, name="kpi_index"),
    path("sheet/<int:pk>/", views.kpi_detail, name="kpi_detail"),
    path("sheet/<int:pk>/whatif/", views.kpi_whatif, name="kpi_whatif"),
    path("sheet/<int:pk>/edit/", views.kpi_edit, name="kpi_edit"),
    path("sheet/<int:pk>/approve/", views.kpi_approve, name="kpi_approve"),
    path("sheet/<int:pk>/new-version/", views.kpi_new_version, name="kpi_new_version"),
    path("sheet/<int:pk>/delete/", views.kpi_delete, name="kpi_delete"),
    path("<slug:code>/<int:year>/", views.kpi_list, name="kpi_list"),
    path("<slug:code>/<int:year>/whatif/", views.kpi_list_whatif, name="kpi_list_whatif"),
    path("<slug:code>/<int:year>/new/", views.kpi_create, name="kpi_create"),
]
