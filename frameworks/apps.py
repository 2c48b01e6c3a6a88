from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = _("กรอบการประเมิน")

    def ready(self) -> None:
        from accounts.selectors import menu_departments
        from core.navigation import NavItem, register_nav

        # The page lists the frameworks of the departments the user may see.
        register_nav(
            NavItem(
                "frameworks",
                _("กรอบการประเมิน"),
                "framework_list",
                shown=menu_departments,
                order=20,
            )
        )
