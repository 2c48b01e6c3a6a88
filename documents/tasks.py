"""Background tasks of the documents app (django_tasks, database-backed worker)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_document(job_id: int) -> str:
    """Build one queued document job (documents.background); returns the state it ends in."""
    from documents.background import document_job_build

    return document_job_build(job_id)
