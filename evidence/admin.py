from django.contrib import admin

from core.admin import ReadOnlyAdmin
from evidence.models import EvidenceFile


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ("submission", "number", "title", "file_type", "size", "uploaded_at")
    list_filter = ("file_type",)
    search_fields = ("title", "original_name")
    # Files are added and removed only through the services (validation, numbering, audit).
