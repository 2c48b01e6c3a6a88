from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("การรายงานผล")

    def ready(self) -> None:
        from accounts.selectors import departments_evaluated_by, evaluating_bodies_managed_by
        from agreements.selectors import menu_cycle_departments
        from agreements.timeline import register_round_item
        from core.navigation import NavItem, register_nav
        from core.work import register_work_provider
        from reporting import notices, selectors
        from reporting.cycle import round_item
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
        # OPDC's evaluator console and its coordinator's progress page (issue 18 item 3).
        register_nav(
            NavItem(
                "evaluation",
                _("งานประเมิน"),
                "reporting:evaluation_index",
                shown=departments_evaluated_by,
                order=12,
            )
        )
        register_nav(
            NavItem(
                "evaluation_progress",
                _("ติดตามการประเมิน"),  # short: the bar must fit 1024 px (e2e/test_header.py)
                "reporting:evaluation_progress_index",
                shown=evaluating_bodies_managed_by,
                order=13,
            )
        )
        register_work_provider(reporting_work_items)
        register_round_item(round_item)
        notices.register_kinds()
