"""Keeping the search index up to date: what text each kind of object is found by.

The services that write KPI sheets, reports, evidence and people call these functions inside
their transaction (`search.index.kpis([kpi.pk])`), so the index changes with the object or not at
all; `manage.py search_reindex` rebuilds everything (after an import by hand, or a rename of a
unit, whose name is part of a KPI's text). An id whose object no longer exists is removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Model, Prefetch

from accounts.models import Person
from evidence.models import EvidenceFile
from indicators.models import Kpi
from reporting.models import Submission, SubmissionActivity
from search.engine import body_of
from search.models import SearchEntry

Kind = SearchEntry.Kind
BATCH = 500


def _kpi_texts(ids: list[int]) -> Iterator[tuple[int, list[str]]]:
    for kpi in Kpi.objects.filter(pk__in=ids).select_related("framework", "responsible_unit"):
        yield (
            kpi.pk,
            [
                kpi.number,
                kpi.name_th,
                kpi.name_en,
                kpi.description,
                kpi.scope,
                kpi.conditions,
                kpi.data_source,
                kpi.evidence_required,
                kpi.responsible_unit.name_th if kpi.responsible_unit else "",
                str(kpi.framework.fiscal_year),
            ],
        )


def _report_texts(ids: list[int]) -> Iterator[tuple[int, list[str]]]:
    """A report is found by its own narrative and by its KPI's name (domain §9)."""
    rows = (
        Submission.objects.filter(pk__in=ids)
        .select_related("kpi", "round")
        .prefetch_related(Prefetch("activities", queryset=SubmissionActivity.objects.all()))
    )
    for submission in rows:
        activities = [
            text for row in submission.activities.all() for text in (row.title, row.detail)
        ]
        yield (
            submission.pk,
            [
                submission.kpi.number,
                submission.kpi.name_th,
                submission.round.name_th,
                submission.supporting_factors,
                submission.obstacles,
                submission.suggestions,
                *activities,
            ],
        )


def _evidence_texts(ids: list[int]) -> Iterator[tuple[int, list[str]]]:
    for evidence in EvidenceFile.objects.filter(pk__in=ids):
        yield evidence.pk, [evidence.title, evidence.original_name]


def _person_texts(ids: list[int]) -> Iterator[tuple[int, list[str]]]:
    for person in Person.objects.filter(pk__in=ids).select_related("unit"):
        yield (
            person.pk,
            [
                person.title_th,
                person.first_name_th,
                person.last_name_th,
                person.position,
                person.unit.name_th if person.unit else "",
                person.email,
            ],
        )


SOURCES: dict[str, tuple[Callable[[list[int]], Iterator[tuple[int, list[str]]]], type[Model]]] = {
    Kind.KPI: (_kpi_texts, Kpi),
    Kind.REPORT: (_report_texts, Submission),
    Kind.EVIDENCE: (_evidence_texts, EvidenceFile),
    Kind.PERSON: (_person_texts, Person),
}


def refresh(kind: str, ids: Iterable[int]) -> None:
    """Re-read the objects and replace their index rows (one transaction)."""
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        return
    texts, _model = SOURCES[kind]
    with transaction.atomic():
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            SearchEntry.objects.filter(kind=kind, object_id__in=batch).delete()
            SearchEntry.objects.bulk_create(
                SearchEntry(kind=kind, object_id=pk, body=body_of(parts))
                for pk, parts in texts(batch)
            )


def remove(kind: str, ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(ids)).delete()


def kpis(ids: Iterable[int]) -> None:
    refresh(Kind.KPI, ids)


def reports(ids: Iterable[int]) -> None:
    refresh(Kind.REPORT, ids)


def evidence(ids: Iterable[int]) -> None:
    refresh(Kind.EVIDENCE, ids)


def people(ids: Iterable[int]) -> None:
    refresh(Kind.PERSON, ids)


def reindex_all() -> dict[str, int]:
    """Rebuild the whole index; the number of rows per kind."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for kind, (_texts, model) in SOURCES.items():
            refresh(kind, model._default_manager.values_list("pk", flat=True))
            counts[kind] = SearchEntry.objects.filter(kind=kind).count()
    if connection.vendor == "postgresql":  # fresh statistics, so the planner uses the GIN index
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    return counts
