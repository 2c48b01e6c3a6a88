from django.urls import path

from frameworks import views, views_strategic

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("new/", views.framework_create, name="framework_create"),
    path("<id:pk>/", views.framework_detail, name="framework_detail"),
    path("<id:pk>/edit/", views.framework_edit, name="framework_edit"),
    path(
        "<id:pk>/activate/",
        views.framework_state,
        {"action": "activate"},
        name="framework_activate",
    ),
    path("<id:pk>/reopen/", views.framework_state, {"action": "reopen"}, name="framework_reopen"),
    path("lineage/", views.lineage_index, name="lineage_index"),
    path("lineage/template.xlsx", views.lineage_template, name="lineage_template"),
    path("lineage/<slug:code>/", views.lineage, name="lineage"),
    path("strategic-kpis/", views_strategic.strategic_kpi_list, name="strategic_kpi_list"),
    path("strategic-kpis/new/", views_strategic.strategic_kpi_new, name="strategic_kpi_new"),
    path(
        "strategic-kpis/<id:pk>/edit/",
        views_strategic.strategic_kpi_edit,
        name="strategic_kpi_edit",
    ),
    path(
        "strategic-kpis/template.xlsx",
        views_strategic.strategic_kpi_template,
        name="strategic_kpi_template",
    ),
]
