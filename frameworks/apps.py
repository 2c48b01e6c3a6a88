from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = _("กรอบการประเมิน")

    def ready(self) -> None:
        from core.navigation import NavItem, register_nav

        # Everyone signed in: the page lists only the departments the user may see.
        register_nav(NavItem("frameworks", _("กรอบการประเมิน"), "framework_list", order=20))
