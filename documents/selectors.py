"""Who may read a document built in the background: the rule of the synchronous download of the
same kind (documents.views), applied to the job's subject. A job of a subject the user may not
read is hidden (404) — its status and its file alike, whoever requested it.

- the SAR and the executive summary: reporting.permissions.rounds_read_whole_by;
- the KPI sheets: indicators.selectors.frameworks_readable_by, and a file built with the draft
  versions only for those who read drafts (reads_drafts_of).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from documents.models import BuiltDocument
from indicators.selectors import frameworks_readable_by, reads_drafts_of
from reporting.permissions import rounds_read_whole_by

User = AbstractBaseUser | AnonymousUser


def job_readable_by(user: User, job: BuiltDocument) -> bool:
    if job.scope == "round":
        return rounds_read_whole_by(user).filter(pk=job.subject_id).exists()
    if job.scope == "framework":
        framework = frameworks_readable_by(user).filter(pk=job.subject_id).first()
        if framework is None:
            return False
        return not job.drafts or reads_drafts_of(user, framework)
    return False
