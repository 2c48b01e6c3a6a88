"""Admin: read-only (core.admin.ReadOnlyAdmin); state changes go through reporting.services
(permission, validation, audit)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from reporting.models import (
    Appeal,
    ExecutivePresentation,
    ReviewerScore,
    RoundState,
    Submission,
    SubmissionReturn,
)


@admin.register(RoundState)
class RoundStateAdmin(ReadOnlyAdmin):
    list_display = ("round", "state", "opened_at", "closed_at", "appeal_days")


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("round", "kpi", "state", "result", "self_score", "updated_at")
    list_filter = ("state", "round__framework__fiscal_year")
    search_fields = ("kpi__name_th", "kpi__number")


@admin.register(SubmissionReturn)
class SubmissionReturnAdmin(ReadOnlyAdmin):
    list_display = ("submission", "returned_by", "returned_at")


@admin.register(ReviewerScore)
class ReviewerScoreAdmin(ReadOnlyAdmin):
    list_display = ("submission", "score", "final_score", "scored_at")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("submission", "state", "filed_at", "answered_at")


@admin.register(ExecutivePresentation)
class ExecutivePresentationAdmin(ReadOnlyAdmin):
    """Recorded and deleted on the round page (reporting.services.presentations, audited)."""

    list_display = ("round", "presented_on", "meeting")
    list_filter = ("round__framework__fiscal_year",)
    search_fields = ("meeting", "round__name_th")
    readonly_fields = ("recorded_by", "recorded_at")
