from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("ค้นหา")

    def ready(self) -> None:
        from core import indexing
        from search import index, signals

        indexing.connect(refresh=index.refresh, remove=index.remove)
        signals.connect()
