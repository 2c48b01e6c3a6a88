"""Admin: read-only views of the cycle (core.admin.ReadOnlyAdmin: state changes go through the
services), holidays editable (calendar reference data, no state)."""

from __future__ import annotations

from django.contrib import admin

from agreements.models import (
    Acknowledgement,
    Agreement,
    Amendment,
    Attachment,
    DataRequest,
    Holiday,
    NegotiationRound,
    Resolution,
)
from core.admin import ReadOnlyAdmin


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["framework", "state", "started_on", "approved_on", "agreed_on", "signed_on"]
    list_filter = ["state", "framework__fiscal_year"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "submission", "decision", "meeting_number", "meeting_date"]


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "unit", "subject", "due_on", "answered_at"]


@admin.register(NegotiationRound)
class NegotiationRoundAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "held_on"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "person", "reason", "acknowledged_at"]


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "kpi", "state", "effective_from"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "kind", "title", "original_name", "size", "uploaded_at"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "name", "department", "fiscal_year"]
    list_filter = ["department", "fiscal_year"]
