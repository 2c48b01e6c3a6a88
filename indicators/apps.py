from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("ตัวชี้วัด")

    def ready(self) -> None:
        from accounts.selectors import menu_departments
        from core.navigation import NavItem, register_nav

        register_nav(NavItem("kpis", _("ตัวชี้วัด"), "kpi_index", shown=menu_departments, order=20))
