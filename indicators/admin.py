"""Admin for KPI sheets. Approved and superseded versions are read-only here too: a change to
a signed sheet is a new version (style.md "Versions are rows"), made on the KPI pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from indicators.models import Baseline, DataItem, Kpi, RoundExpectation, TargetLevel


class _DraftOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


def _is_draft(obj: Any) -> bool:
    return obj is None or getattr(obj, "state", Kpi.State.DRAFT) == Kpi.State.DRAFT


class DataItemInline(_DraftOnlyInline):
    model = DataItem


class TargetLevelInline(_DraftOnlyInline):
    model = TargetLevel


class BaselineInline(_DraftOnlyInline):
    model = Baseline


class RoundExpectationInline(_DraftOnlyInline):
    model = RoundExpectation


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "name_th", "framework", "component", "weight", "version", "state")
    list_filter = ("state", "is_latest", "framework", "method")
    search_fields = ("number", "name_th", "name_en")
    list_select_related = ("framework", "component")
    readonly_fields = ("key", "version", "is_latest", "state", "revision", "approved_at")
    autocomplete_fields = ()
    filter_horizontal = ("collectors", "lineage")
    raw_id_fields = ("parent", "cascade_from")
    inlines = [DataItemInline, TargetLevelInline, BaselineInline, RoundExpectationInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)
