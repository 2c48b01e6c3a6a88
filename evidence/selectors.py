"""Who may read an evidence file: whoever may see the report it belongs to (others get 404)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from evidence.models import EvidenceFile
from reporting.selectors import submissions_visible_to


def evidence_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(submission__in=submissions_visible_to(user))
