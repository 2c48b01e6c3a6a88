from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("แดชบอร์ดผู้บริหาร")

    def ready(self) -> None:
        from core.navigation import NavItem, register_nav
        from dashboards.access import menu_dashboards, menu_ministries

        register_nav(
            NavItem(
                "dashboard",
                _("แดชบอร์ดผู้บริหาร"),
                "dashboards:index",
                shown=menu_dashboards,
                order=15,
            )
        )
        register_nav(
            NavItem(
                "ministry",
                _("ภาพรวมกระทรวง"),
                "dashboards:ministry_index",
                shown=menu_ministries,
                order=16,
            )
        )
