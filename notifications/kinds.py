"""Labels for notification kinds, shown in the inbox and on "My work".

A kind is a dotted code chosen by the app that sends it ("agreements.data_request"). Apps may
register a Thai label in their AppConfig.ready(); unknown kinds show a generic label.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_labels: dict[str, str | Promise] = {
    "reminder": _("การเตือน"),
}

DEFAULT_LABEL = _("การแจ้งเตือน")


def register_kind(kind: str, label: str | Promise) -> None:
    _labels[kind] = label


def kind_label(kind: str) -> str | Promise:
    return _labels.get(kind, DEFAULT_LABEL)
