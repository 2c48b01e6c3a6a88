from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("ค้นหา")

    def ready(self) -> None:
        from search import signals

        signals.connect()
