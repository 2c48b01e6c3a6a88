"""Admin for frameworks and the lineage tree. A framework (with its components, result levels,
rounds and step durations) is read-only here (core.admin): it changes on the framework pages,
which validate, bump its version and audit, and is reopened before an active one is edited.
The strategy tree (plan items) is reference data the administrator may correct.
"""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from frameworks.models import (
    Component,
    Framework,
    PlanItem,
    ReportingRound,
    ResultLevelCut,
    StepDuration,
)


class ComponentInline(ReadOnlyInline):
    model = Component


class ResultLevelCutInline(ReadOnlyInline):
    model = ResultLevelCut


class ReportingRoundInline(ReadOnlyInline):
    model = ReportingRound


class StepDurationInline(ReadOnlyInline):
    model = StepDuration


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["name_th", "department", "fiscal_year", "template", "state", "precision"]
    list_filter = ["fiscal_year", "state", "template", "department"]
    search_fields = ["name_th", "department__name_th", "department__code"]
    list_select_related = ["department"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ComponentInline, ResultLevelCutInline, ReportingRoundInline, StepDurationInline]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin[PlanItem]):
    list_display = ["code", "name_th", "level", "parent", "department"]
    list_filter = ["level", "department"]
    search_fields = ["code", "name_th"]
    list_select_related = ["parent", "department"]
    autocomplete_fields = ["parent"]
