from django.urls import path

from accounts import passwords, two_factor_views, views

urlpatterns = [
    path("accounts/password/", passwords.PasswordChange.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        passwords.PasswordChangeDone.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", passwords.PasswordReset.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        passwords.PasswordResetDone.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        passwords.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
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
    path("evaluators/", views.evaluators_index, name="evaluators_index"),
    path(
        "evaluators/<slug:code>/<year:year>/",
        views.evaluator_assignments,
        name="evaluator_assignments",
    ),
    path(
        "evaluators/<slug:code>/<year:year>/<id:pk>/remove/",
        views.evaluator_remove,
        name="evaluator_remove",
    ),
]

urlpatterns += [
    path("accounts/two-factor/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/people/",
        two_factor_views.two_factor_people,
        name="two_factor_people",
    ),
    path(
        "accounts/two-factor/people/<id:pk>/reset/",
        two_factor_views.two_factor_reset,
        name="two_factor_reset",
    ),
]
