from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("โครงสร้างองค์กรและบุคลากร")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.checks import register

        from accounts.checks import check_evaluator_assignments
        from accounts.sessions import session_started

        register(check_evaluator_assignments)
        from accounts.selectors import menu_departments, menu_managed_departments
        from core.navigation import NavItem, register_nav

        register_nav(NavItem("home", _("งานของฉัน"), "home", order=0))
        register_nav(
            NavItem("org", _("โครงสร้างองค์กร"), "org_index", shown=menu_departments, order=80)
        )
        register_nav(
            NavItem(
                "roles",
                _("กำหนดบทบาท"),
                "roles_index",
                shown=menu_managed_departments,
                order=90,
            )
        )
        user_logged_in.connect(session_started, dispatch_uid="pramoen_session_started")
