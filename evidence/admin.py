from django.contrib import admin

from evidence.models import EvidenceFile


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin[EvidenceFile]):
    list_display = ("submission", "number", "title", "file_type", "size", "uploaded_at")
    list_filter = ("file_type",)
    search_fields = ("title", "original_name")
    # Files are changed only through the services (validation, numbering, audit).
    readonly_fields = [f.name for f in EvidenceFile._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
