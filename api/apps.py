from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from core.navigation import NavItem, register_nav

        register_nav(NavItem("api_tokens", _("โทเค็น API"), "api_tokens", order=95))
