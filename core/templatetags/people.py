"""Person names that never break across lines (issue 16 item 7: not "ณัฐธยา ตรวจ|สอบ").

{% load people %}
{{ person|person_name }}            <span class="person-name">นางสาวณัฐธยา ตรวจสอบ</span>
{{ user|person_name }}              the user's person, else the username
{{ event.actor|person_name:name }}  the fallback (a string, itself wrapped) when there is no one
{{ kpi.collectors|person_names }}   each name wrapped, joined by ", "

The class is styled `white-space: nowrap` in static/css/pramoen.css and the documents' CSS.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def name_of(value: object) -> str:
    """A Person's full name, a user's person's name (else the username), or the text itself."""
    if value is None:
        return ""
    full_name = getattr(value, "full_name", None)
    if isinstance(full_name, str):
        return full_name
    if hasattr(value, "get_username"):
        # A user with no person row raises RelatedObjectDoesNotExist, an AttributeError.
        person = getattr(value, "person", None)
        return person.full_name if person is not None else str(value.get_username())
    return str(value)


@register.filter
def person_name(value: object, fallback: object = "") -> SafeString:
    name = name_of(value).strip() or name_of(fallback).strip()
    if not name:
        return mark_safe("")
    return format_html('<span class="person-name">{}</span>', name)


@register.filter
def person_names(values: Iterable[object] | None, separator: str = ", ") -> SafeString:
    names = [name for name in (name_of(value).strip() for value in values or ()) if name]
    return format_html_join(separator, '<span class="person-name">{}</span>', ((n,) for n in names))
