from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("การรายงานผล")

    def ready(self) -> None:
        from agreements.selectors import menu_cycle_departments
        from core.navigation import NavItem, register_nav
        from core.work import register_work_provider
        from reporting import notices, selectors
        from reporting.work import reporting_work_items

        register_nav(
            NavItem(
                "my_updates",
                _("รายงานผลของฉัน"),
                "reporting:my_updates",
                shown=selectors.menu_updates_to_enter,
                order=25,
            )
        )
        register_nav(
            NavItem(
                "rounds",
                _("รอบการรายงานผล"),
                "reporting:rounds",
                shown=menu_cycle_departments,
                order=35,
            )
        )
        register_work_provider(reporting_work_items)
        notices.register_kinds()
