"""Notification titles in the reader's language (issue 16 item 7).

A service names its notification with `message(gettext_noop("…%(kpi)s…"), {"kpi": …})`: the
result is the Thai title (a `str`, so every caller, the audit trail, search and the Thai
e-mail read it as before) that also remembers its catalog entry and parameters. `notify` and
`reminder_schedule` store those beside the Thai text, and `Notification.display_title`
translates the entry at read time into the language of whoever opens the inbox, so an English
reader sees English whatever language the actor used. Parameters are data (KPI numbers, round
names, years) shown as stored, except a `datetime.date` (shown as the reader's date: B.E. in
Thai, "4 December 2026" in English) and a `Translated(msgid)` (a label of the catalog, such as
a step's name, translated for the reader too). A title without an entry (older rows, free
text) is shown as stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils import dateformat, translation
from django.utils.translation import gettext

from core.thai import thai_date_full

Params = Mapping[str, object]
# Markers of typed parameters. Not NUL: PostgreSQL's text and jsonb cannot hold U+0000.
# U+241F (SYMBOL FOR UNIT SEPARATOR) never begins a KPI number, name or year.
_DATE = "\u241fdate:"
_MSG = "\u241fmsg:"


class Translated(str):
    """A parameter that is itself a catalog entry (mark it with gettext_noop)."""


def _encode(value: object) -> str:
    if isinstance(value, datetime.date):
        return _DATE + value.isoformat()
    if isinstance(value, Translated):
        return _MSG + str(value)
    return str(value)


def _decode(value: str) -> str:
    if value.startswith(_DATE):
        day = datetime.date.fromisoformat(value[len(_DATE) :])
        if (translation.get_language() or "th").startswith("en"):
            return str(dateformat.format(day, "j F Y"))
        return thai_date_full(day, digits=False)
    if value.startswith(_MSG):
        return gettext(value[len(_MSG) :])
    return value


class Message(str):
    """The Thai text of a catalog entry with its parameters, carrying both."""

    msgid: str
    params: dict[str, str]

    def __new__(cls, msgid: str, params: Params | None = None) -> Message:
        clean = {str(k): _encode(v) for k, v in (params or {}).items()}
        with translation.override("th"):
            text = render(msgid, clean)
        self = super().__new__(cls, text)
        self.msgid = msgid
        self.params = clean
        return self


def message(msgid: str, params: Params | None = None) -> Message:
    return Message(msgid, params)


def render(msgid: str, params: Mapping[str, str]) -> str:
    """The entry in the active language; the Thai source when the catalog has it wrong."""
    shown = {key: _decode(value) for key, value in params.items()}
    translated = gettext(msgid)
    try:
        return translated % shown if shown else translated
    except (KeyError, ValueError, TypeError):
        return msgid % shown if shown else msgid


def parts_of(title: str) -> tuple[str, dict[str, str]]:
    """(msgid, params) to store for a title; ("", {}) for plain text."""
    if isinstance(title, Message):
        return title.msgid, dict(title.params)
    return "", {}
