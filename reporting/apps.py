from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("การรายงานผล")

    def ready(self) -> None:
        from accounts.models import Role
        from core.navigation import NavItem, register_nav
        from core.work import register_work_provider
        from reporting import notices
        from reporting.work import reporting_work_items

        register_nav(
            NavItem(
                "my_updates",
                _("รายงานผลของฉัน"),
                "reporting:my_updates",
                roles=frozenset({Role.OWNER}),
                order=25,
            )
        )
        register_nav(
            NavItem(
                "rounds",
                _("รอบการรายงานผล"),
                "reporting:rounds",
                roles=frozenset(
                    {
                        Role.ADMIN,
                        Role.COORDINATOR,
                        Role.EXECUTIVE,
                        Role.COMMITTEE,
                        Role.OVERSEER,
                        Role.EVALUATOR,
                    }
                ),
                order=35,
            )
        )
        register_work_provider(reporting_work_items)
        notices.register_kinds()
