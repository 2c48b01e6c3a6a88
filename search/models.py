"""The search index (issue 16 item 6): one row per searchable object, its text already cut into
words. Thai is written without spaces between words, so neither PostgreSQL's parser nor SQLite's
FTS5 tokenizer can find a word inside a longer run of Thai: the text is segmented by PyThaiNLP
(search.engine.words) and stored as space-joined words, and each database indexes that:

- PostgreSQL: a stored `to_tsvector('simple', body)` column with a GIN index (migration 0001,
  unknown to the ORM: search.engine reads it);
- SQLite: an FTS5 table over `body`, kept in step by triggers (migration 0001).

The row says nothing about who may see the object: results are always read back through the
owning app's permission selector (search.selectors), so a hidden object never appears.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        KPI = "kpi", _("ตัวชี้วัด")
        REPORT = "report", _("รายงานผล")
        EVIDENCE = "evidence", _("หลักฐานประกอบ")
        PERSON = "person", _("บุคลากร")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    body = models.TextField()  # segmented words, lower case, joined by single spaces
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("รายการดัชนีค้นหา")
        verbose_name_plural = _("ดัชนีค้นหา")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_one_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
