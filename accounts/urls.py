from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("fiscal-year/", views.fiscal_year_choose, name="fiscal_year_choose"),
    path("org/", views.org_index, name="org_index"),
    path("org/<slug:code>/", views.org_tree, name="org_tree"),
    path("roles/", views.roles_index, name="roles_index"),
    path("org/<slug:code>/roles/<year:year>/", views.roles, name="roles"),
    path("org/<slug:code>/roles/<year:year>/copy/", views.roles_copy, name="roles_copy"),
    path(
        "org/<slug:code>/roles/<year:year>/<id:pk>/revoke/",
        views.role_revoke,
        name="role_revoke",
    ),
]
