from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("การแจ้งเตือน")

    def ready(self) -> None:
        from core.navigation import NavItem, register_nav

        register_nav(NavItem("inbox", _("กล่องข้อความ"), "inbox", order=10))
