from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("fiscal-year/", views.fiscal_year_choose, name="fiscal_year_choose"),
    path("org/", views.org_index, name="org_index"),
    path("org/<slug:code>/", views.org_tree, name="org_tree"),
    path("roles/", views.roles_index, name="roles_index"),
    path("org/<slug:code>/roles/<int:year>/", views.roles, name="roles"),
    path("org/<slug:code>/roles/<int:year>/copy/", views.roles_copy, name="roles_copy"),
    path(
        "org/<slug:code>/roles/<int:year>/<int:pk>/revoke/",
        views.role_revoke,
        name="role_revoke",
    ),
    path("evaluators/", views.evaluators_index, name="evaluators_index"),
    path(
        "evaluators/<slug:code>/<int:year>/",
        views.evaluator_assignments,
        name="evaluator_assignments",
    ),
    path(
        "evaluators/<slug:code>/<int:year>/<int:pk>/remove/",
        views.evaluator_remove,
        name="evaluator_remove",
    ),
]
