"""Admin for frameworks and the lineage tree. Day-to-day edits go through the framework pages,
which validate and audit; the admin is the system administrator's escape hatch."""

from django.contrib import admin

from frameworks.models import (
    Component,
    Framework,
    PlanItem,
    ReportingRound,
    ResultLevelCut,
    StepDuration,
)


class ComponentInline(admin.TabularInline[Component, Framework]):
    model = Component
    extra = 0


class ResultLevelCutInline(admin.TabularInline[ResultLevelCut, Framework]):
    model = ResultLevelCut
    extra = 0


class ReportingRoundInline(admin.TabularInline[ReportingRound, Framework]):
    model = ReportingRound
    extra = 0


class StepDurationInline(admin.TabularInline[StepDuration, Framework]):
    model = StepDuration
    extra = 0
    max_num = len(StepDuration.Step.choices)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin[Framework]):
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
