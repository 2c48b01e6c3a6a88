"""Small template helpers for the agreement pages."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, object] | None, key: object) -> object:
    """`{{ links|get_item:kpi.key }}`: a value of a dict by a variable key ("" when absent)."""
    if not mapping:
        return ""
    return mapping.get(str(key), "")
