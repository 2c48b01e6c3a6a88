"""The admin's one rule for stateful rows (issue 14 item 8: the admin is not a back door).

Frameworks, KPI sheets, agreements, rounds, submissions, evidence, role assignments and the audit
trail change only through their services, which check permission and state, bump the version
and write the audit event in one transaction (style.md). Their admin pages are for looking:
`ReadOnlyAdmin` and `ReadOnlyInline` refuse add, change and delete (a POST answers 403).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows written by services only: the admin may look, not add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """The rows of a read-only parent (or of a writable one, e.g. a person's roles)."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Audit events are append-only."""

    list_display = ["created_at", "actor_name", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "actor_name", "object_repr"]
    date_hierarchy = "created_at"
