"""Admin for KPI sheets: read-only (core.admin). A draft changes on the KPI pages and through
indicators.services (who may edit, the revision, the audit); an approved version never changes —
a change to it is a new version (style.md "Versions are rows")."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from indicators.models import (
    AssessmentPoint,
    Baseline,
    DataItem,
    Kpi,
    RoundExpectation,
    TargetLevel,
)


class DataItemInline(ReadOnlyInline):
    model = DataItem


class TargetLevelInline(ReadOnlyInline):
    model = TargetLevel


class BaselineInline(ReadOnlyInline):
    model = Baseline


class RoundExpectationInline(ReadOnlyInline):
    model = RoundExpectation


class AssessmentPointInline(ReadOnlyInline):
    model = AssessmentPoint


@admin.register(Kpi)
class KpiAdmin(ReadOnlyAdmin):
    list_display = ("number", "name_th", "framework", "component", "weight", "version", "state")
    list_filter = ("state", "is_latest", "framework", "method")
    search_fields = ("number", "name_th", "name_en")
    list_select_related = ("framework", "component")
    inlines = [
        DataItemInline,
        TargetLevelInline,
        BaselineInline,
        RoundExpectationInline,
        AssessmentPointInline,
    ]
