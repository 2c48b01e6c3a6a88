"""The search page's read: the index finds candidates, and the owning app's permission selector
decides what the user may see (one rule per question, never a second one here):

- KPIs: indicators.selectors.kpis_visible_to (the publication rule, every fiscal year);
- reports: reporting.selectors.submissions_visible_to;
- evidence: reporting.selectors.evidence_visible_to (whoever may see the report);
- people: accounts.selectors.people_visible_to.

A hidden object is simply not in the result. One query per kind, whatever the index holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from accounts.selectors import people_visible_to
from indicators.selectors import kpis_visible_to
from reporting.selectors import evidence_visible_to, submissions_visible_to
from search.engine import matching_ids, query_words
from search.models import SearchEntry

User = AbstractBaseUser | AnonymousUser
Kind = SearchEntry.Kind
PER_KIND = 20


@dataclass
class Group:
    kind: str
    label: str
    rows: list[Model] = field(default_factory=list)
    more: bool = False  # more than PER_KIND matched: ask the user to narrow the query


@dataclass
class Results:
    query: str
    terms: list[str]
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def _visible(user: User, kind: str) -> QuerySet[Model]:
    if kind == Kind.KPI:
        return (
            kpis_visible_to(user)
            .select_related("responsible_unit")
            .order_by("-framework__fiscal_year", "component__order", "number")
        )
    if kind == Kind.REPORT:
        return (
            submissions_visible_to(user)
            .select_related("kpi", "round__framework__department")
            .order_by("-round__framework__fiscal_year", "-round__order", "kpi__number")
        )
    if kind == Kind.EVIDENCE:
        return (
            evidence_visible_to(user)
            .select_related("submission__kpi", "submission__round__framework")
            .order_by("-submission__round__framework__fiscal_year", "submission_id", "number")
        )
    return people_visible_to(user).order_by("first_name_th", "last_name_th")


def search_for(user: User, query: str) -> Results:
    terms = query_words(query)
    groups: list[Group] = []
    if user.is_authenticated and terms:
        for kind, label in Kind.choices:
            qs = _visible(user, kind).filter(pk__in=matching_ids(kind, terms))
            rows = list(qs[: PER_KIND + 1])
            groups.append(Group(kind, str(label), rows[:PER_KIND], len(rows) > PER_KIND))
    return Results(query=query, terms=terms, groups=groups)
