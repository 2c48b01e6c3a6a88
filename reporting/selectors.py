"""Reads of step 4 that depend on who asks (style.md "Permissions by queryset"), and the round's
results for the SAR builder (issue 6 item 7).

What a user may not see is not in the queryset, so views answer 404:
- coordinators, administrators, executives and committee members see every report of their
  department and year;
- owners and overseers see the reports of their units' KPIs; collectors and the named overseer
  those of their KPIs;
- OPDC's evaluator sees the accepted reports of the departments assigned to them;
- staff and outsiders see none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import OrgUnit, Person, Role, RoleAssignment
from accounts.selectors import (
    MANAGING_ROLES,
    counted_assignments,
    departments_visible_to,
    is_superuser,
)
from agreements.selectors import departments_in_cycle
from evidence.models import EvidenceFile
from frameworks.models import Framework, ReportingRound
from indicators.models import Kpi
from indicators.selectors import kpi_sort_key
from reporting import permissions
from reporting.models import RoundState, Submission, SubmissionReturn
from reporting.results import (  # noqa: F401  (the SAR builder's API, re-exported)
    KpiResult,
    RoundTotal,
    agency_round_total,
    round_results,
)

User = AbstractBaseUser | AnonymousUser
S = Submission.State


def _units_with_children(unit_ids: set[int]) -> dict[int, set[int]]:
    """unit id → itself and its direct sub-units (accounts.selectors.unit_ids_for_role's rule)."""
    covered: dict[int, set[int]] = {unit_id: {unit_id} for unit_id in unit_ids}
    if unit_ids:
        for pk, parent_id in OrgUnit.objects.filter(parent_id__in=unit_ids).values_list(
            "pk", "parent_id"
        ):
            covered[parent_id].add(pk)
    return covered


def _collected_by(user: User) -> Q:
    return Q(kpi__in=Kpi.objects.filter(collectors__user_id=int(user.pk or 0)).values("pk"))


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    if not user.is_authenticated:
        return Submission.objects.none()
    if is_superuser(user):
        return Submission.objects.all()
    assignments = list(
        counted_assignments()
        .filter(person__user_id=user.pk)
        .values_list("role", "fiscal_year", "department_id", "unit_id")
    )
    units = _units_with_children({unit for role, _y, _d, unit in assignments if unit is not None})
    match = _collected_by(user) | Q(kpi__overseer__user_id=user.pk)
    for role, year, department_id, unit_id in assignments:
        same = Q(round__framework__department_id=department_id, round__framework__fiscal_year=year)
        if role in permissions.DEPARTMENT_READERS:
            match |= same
            if role in MANAGING_ROLES:  # last year's coordinator may run the next year too
                match |= Q(
                    round__framework__department_id=department_id,
                    round__framework__fiscal_year=year + 1,
                )
        elif role in (Role.OWNER, Role.OVERSEER):
            match |= (
                same
                if unit_id is None
                else same & Q(kpi__responsible_unit_id__in=units.get(unit_id, {unit_id}))
            )
        elif role == Role.EVALUATOR:
            match |= same & Q(state=S.ACCEPTED)
    return Submission.objects.filter(match)


def _reported_by(user: User) -> Q:
    """Reports the user must enter: owner of the KPI's unit (that year) or listed collector."""
    assignments = list(
        RoleAssignment.objects.filter(
            person__user_id=int(user.pk or 0), role=Role.OWNER
        ).values_list("fiscal_year", "department_id", "unit_id")
    )
    units = _units_with_children({unit for _y, _d, unit in assignments if unit is not None})
    match = _collected_by(user)
    for year, department_id, unit_id in assignments:
        same = Q(round__framework__department_id=department_id, round__framework__fiscal_year=year)
        match |= (
            same
            if unit_id is None
            else same & Q(kpi__responsible_unit_id__in=units.get(unit_id, {unit_id}))
        )
    return match


def _with_page_data(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    latest_return = SubmissionReturn.objects.filter(submission=OuterRef("pk")).order_by(
        "-returned_at", "-id"
    )
    evidence_count = (
        EvidenceFile.objects.filter(submission=OuterRef("pk"), appeal__isnull=True)
        .values("submission")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.select_related(
        "round__framework__department",
        "round__reporting_state",
        "kpi__component",
        "kpi__responsible_unit",
    ).annotate(
        evidence_count=Coalesce(Subquery(evidence_count), 0),
        last_return=Subquery(latest_return.values("comment")[:1]),
    )


def _updates_to_enter(user: User) -> QuerySet[Submission]:
    """The reports the user must enter in open rounds (or reopened after the close)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    return Submission.objects.filter(_reported_by(user)).filter(
        Q(round__reporting_state__state=RoundState.State.OPEN) | Q(reopened=True)
    )


def my_updates(user: User) -> list[Submission]:
    """ "My updates": the reports the user must enter in open rounds (or reopened after the
    close), soonest due first, in KPI order. A constant number of queries."""
    rows = list(_with_page_data(_updates_to_enter(user)))
    rows.sort(key=lambda s: (s.round.due_date, s.round_id, kpi_sort_key(s.kpi)))
    return rows


def submission_for_page(user: User) -> QuerySet[Submission]:
    """What the submission page reads (use with get_object_or_404 and the pk)."""
    return (
        submissions_visible_to(user)
        .select_related(
            "round__framework__department",
            "round__reporting_state",
            "kpi__component",
            "kpi__responsible_unit",
            "kpi__overseer__user",
            "reviewer_score",
            "updated_by",
        )
        .prefetch_related(
            "kpi__levels",
            "kpi__data_items",
            Prefetch("kpi__collectors", queryset=Person.objects.select_related("user")),
            "activities",
            Prefetch(
                "evidence",
                queryset=EvidenceFile.objects.filter(appeal__isnull=True).order_by("number"),
                to_attr="evidence_files",
            ),
            Prefetch("returns", queryset=SubmissionReturn.objects.select_related("returned_by")),
            Prefetch("appeals__evidence"),
        )
    )


# Rounds --------------------------------------------------------------------------------------


@dataclass
class RoundRow:
    round: ReportingRound
    state: RoundState | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def accepted(self) -> int:
        return self.counts.get(S.ACCEPTED, 0)


@dataclass
class FrameworkRounds:
    framework: Framework
    rounds: list[RoundRow]
    can_manage: bool


def _round_frameworks(user: User, fiscal_year: int) -> QuerySet[Framework]:
    """The year's frameworks whose cycle the user works on (staff without a role: none)."""
    return Framework.objects.filter(
        department__in=departments_in_cycle(user, fiscal_year), fiscal_year=fiscal_year
    )


def rounds_for(user: User, fiscal_year: int) -> list[FrameworkRounds]:
    """The rounds of the year's frameworks whose cycle the user works on, with how many
    reports are in each state (only reports the user may see are counted)."""
    frameworks = list(
        _round_frameworks(user, fiscal_year)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "rounds",
                queryset=ReportingRound.objects.select_related("reporting_state").order_by(
                    "order", "period_end"
                ),
            )
        )
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for round_id, state, n in (
        submissions_visible_to(user)
        .filter(round__framework__in=frameworks)
        .values_list("round_id", "state")
        .annotate(n=Count("pk"))
    ):
        counts[round_id][state] = n
    result = []
    for framework in frameworks:
        rows = [
            RoundRow(r, permissions.round_state_of(r), counts.get(r.pk, {}))
            for r in framework.rounds.all()
        ]
        first = framework.rounds.all()[0] if rows else None
        can_manage = first is not None and permissions.can_coordinate(user, first)
        result.append(FrameworkRounds(framework, rows, can_manage))
    return result


def rounds_visible_to(user: User) -> QuerySet[ReportingRound]:
    return ReportingRound.objects.filter(
        framework__department__in=departments_visible_to(user)
    ).select_related("framework__department", "reporting_state")


def round_submissions(user: User, round_: ReportingRound) -> list[Submission]:
    rows = list(
        _with_page_data(submissions_visible_to(user).filter(round=round_))
        .select_related("reviewer_score", "kpi__overseer")
        .prefetch_related("kpi__collectors")  # the owner filter (indicators.filters)
    )
    rows.sort(key=lambda s: kpi_sort_key(s.kpi))
    return rows


# Menu rule (core.navigation): the reports "My updates" lists. The rounds page lists the
# frameworks of `departments_in_cycle`, so its link asks
# `agreements.selectors.menu_cycle_departments`.
def menu_updates_to_enter(user: User, fiscal_year: int) -> QuerySet[Submission]:
    return _updates_to_enter(user)


def evidence_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[EvidenceFile]:
    """Who may read an evidence file: whoever may see the report it belongs to (others 404)."""
    return EvidenceFile.objects.filter(submission__in=submissions_visible_to(user))
