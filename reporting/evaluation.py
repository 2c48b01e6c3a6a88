"""OPDC's evaluator console (issue 18 item 3): the evaluator's queue across every department
assigned to them for a year, the evaluating body's coordinator's progress per evaluator, and the
workbook of self and reviewer scores per KPI.

The queue is not a second list of tasks: it is the evaluator's items of "My work" (core.work,
built by agreements.work and reporting.work from the state of the work and the one rule
accounts.selectors.is_evaluator_for), so an item disappears the moment the work is done.

Who reads what (domain §8: an evaluator sees only the departments assigned to them):
- the console: the departments the user evaluates in the year (departments_evaluated_by);
- the progress page: the evaluating body's coordinator (can_assign_evaluators);
- the workbook: `evaluation_departments` — both of the above, nothing else.
Everyone else gets a 404.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Department, Person, Role, RoleAssignment
from accounts.selectors import (
    departments_evaluated_by,
    evaluating_bodies_managed_by,
    evaluator_assignments_of,
    roles_of,
)
from agreements.models import Agreement
from core.spreadsheets.write import append, new_workbook, xlsx_bytes
from core.work import WorkItem, work_items_for
from indicators.selectors import kpi_sort_key
from reporting.models import Appeal, Submission

User = AbstractBaseUser | AnonymousUser
S = Submission.State

# The evaluator's kinds of work (agreements.work, reporting.work), in the console's columns.
NEGOTIATION_KINDS = ("negotiation_position", "negotiation_agree")
EVALUATOR_KINDS = (*NEGOTIATION_KINDS, "sar_submitted", "report_score", "appeal_answer")
# Past negotiation: the agreed summary is recorded (agreements.services agreement_mark_agreed).
NEGOTIATED = (Agreement.State.AGREED, Agreement.State.SIGNED, Agreement.State.CIRCULATED)


def evaluator_queue(user: User, fiscal_year: int) -> list[WorkItem]:
    """The evaluator's open work of the year, soonest due first (undated last)."""
    if not user.is_authenticated:
        return []
    assert isinstance(user, AbstractBaseUser)
    codes = set(departments_evaluated_by(user, fiscal_year).values_list("code", flat=True))
    return [
        item
        for item in work_items_for(user)
        if item.kind in EVALUATOR_KINDS
        and item.fiscal_year == fiscal_year
        and item.department_code in codes
    ]


def evaluator_years(user: User) -> list[int]:
    """The years the user is an evaluator in (the console's year menu), newest first."""
    years = roles_of(user).filter(role=Role.EVALUATOR).values_list("fiscal_year", flat=True)
    return sorted(set(years), reverse=True)


@dataclass
class DepartmentQueue:
    """One assigned department's open work on the console."""

    department: Department
    items: list[WorkItem] = field(default_factory=list)

    def _count(self, *kinds: str) -> int:
        return sum(1 for item in self.items if item.kind in kinds)

    @property
    def negotiations(self) -> int:
        return self._count(*NEGOTIATION_KINDS)

    @property
    def sars(self) -> int:
        return self._count("sar_submitted")

    @property
    def to_score(self) -> int:
        return self._count("report_score")

    @property
    def appeals(self) -> int:
        return self._count("appeal_answer")

    @property
    def next_due(self) -> WorkItem | None:
        dated = [item for item in self.items if item.due is not None]
        return min(dated, key=lambda item: item.due or 0) if dated else None


@dataclass
class Console:
    fiscal_year: int
    items: list[WorkItem]
    departments: list[DepartmentQueue]


def evaluator_console(user: User, fiscal_year: int) -> Console | None:
    """None when the user evaluates no department in the year (the page answers 404)."""
    departments = list(departments_evaluated_by(user, fiscal_year).order_by("name_th"))
    if not departments:
        return None
    items = evaluator_queue(user, fiscal_year)
    rows = {d.code: DepartmentQueue(d) for d in departments}
    for item in items:
        rows[item.department_code].items.append(item)
    return Console(fiscal_year, items, list(rows.values()))


# The evaluating body's coordinator: progress per evaluator --------------------------------


@dataclass
class DepartmentProgress:
    """An assigned department's evaluation in the year: what is done and what is open."""

    department: Department
    open: int  # the evaluator's items in their queue for this department
    accepted: int  # reports the department submitted to OPDC (accepted)
    scored: int  # of which scored by the evaluator
    appeals: int
    answered: int
    negotiated: bool  # the agreed summary is recorded

    @property
    def done(self) -> int:
        return self.scored + self.answered + int(self.negotiated)


@dataclass
class EvaluatorProgress:
    person: Person
    departments: list[DepartmentProgress]

    @property
    def open(self) -> int:
        return sum(d.open for d in self.departments)

    @property
    def done(self) -> int:
        return sum(d.done for d in self.departments)


def evaluation_progress(body: Department, fiscal_year: int) -> list[EvaluatorProgress]:
    """Per evaluator of `body` in the year, their departments with counts of done and open work
    (the open count is the evaluator's own queue, evaluator_queue)."""
    assignments = list(evaluator_assignments_of(body, fiscal_year).select_related("person__user"))
    department_ids = {a.department_id for a in assignments}
    accepted: Counter[int] = Counter()
    scored: Counter[int] = Counter()
    for department_id, n, m in (
        Submission.objects.filter(
            round__framework__department_id__in=department_ids,
            round__framework__fiscal_year=fiscal_year,
            state=S.ACCEPTED,
        )
        .values("round__framework__department_id")
        .annotate(n=Count("pk"), m=Count("reviewer_score"))
        .values_list("round__framework__department_id", "n", "m")
    ):
        accepted[department_id], scored[department_id] = n, m
    appeals: Counter[int] = Counter()
    answered: Counter[int] = Counter()
    for department_id, n, m in (
        Appeal.objects.filter(
            submission__round__framework__department_id__in=department_ids,
            submission__round__framework__fiscal_year=fiscal_year,
        )
        .values("submission__round__framework__department_id")
        .annotate(n=Count("pk"), m=Count("pk", filter=~Q(state=Appeal.State.PENDING)))
        .values_list("submission__round__framework__department_id", "n", "m")
    ):
        appeals[department_id], answered[department_id] = n, m
    negotiated = set(
        Agreement.objects.filter(
            framework__department_id__in=department_ids,
            framework__fiscal_year=fiscal_year,
            state__in=NEGOTIATED,
        ).values_list("framework__department_id", flat=True)
    )
    by_person: dict[int, list[RoleAssignment]] = defaultdict(list)
    people: dict[int, Person] = {}
    for a in assignments:
        by_person[a.person_id].append(a)
        people[a.person_id] = a.person
    result = []
    for person_id, rows in by_person.items():
        person = people[person_id]
        queue = Counter(
            item.department_code
            for item in (evaluator_queue(person.user, fiscal_year) if person.user else [])
        )
        result.append(
            EvaluatorProgress(
                person,
                [
                    DepartmentProgress(
                        a.department,
                        open=queue[a.department.code],
                        accepted=accepted[a.department_id],
                        scored=scored[a.department_id],
                        appeals=appeals[a.department_id],
                        answered=answered[a.department_id],
                        negotiated=a.department_id in negotiated,
                    )
                    for a in rows
                ],
            )
        )
    result.sort(key=lambda p: (p.person.first_name_th, p.person.last_name_th))
    return result


# The workbook of self and reviewer scores -------------------------------------------------


def evaluation_departments(user: User, fiscal_year: int) -> QuerySet[Department]:
    """THE rule of the scores workbook: the departments the user evaluates in the year, and for
    an evaluating body's coordinator every department of the body's assignments that year."""
    if not user.is_authenticated:
        return Department.objects.none()
    bodies = evaluating_bodies_managed_by(user, fiscal_year)
    assigned = RoleAssignment.objects.filter(
        role=Role.EVALUATOR, fiscal_year=fiscal_year, person__department__in=bodies
    ).values("department_id")
    evaluated = departments_evaluated_by(user, fiscal_year).values("pk")
    return Department.objects.filter(Q(pk__in=evaluated) | Q(pk__in=assigned)).order_by("name_th")


def score_rows(departments: QuerySet[Department], fiscal_year: int) -> list[Submission]:
    """Every report submitted to OPDC (accepted) of the departments in the year, by department,
    round and KPI order, with its reviewer score and appeals."""
    rows = list(
        Submission.objects.filter(
            round__framework__department__in=departments,
            round__framework__fiscal_year=fiscal_year,
            state=S.ACCEPTED,
        )
        .select_related("round__framework__department", "kpi__component", "reviewer_score")
        .prefetch_related("appeals")
    )
    rows.sort(
        key=lambda s: (
            s.round.framework.department.name_th,
            s.round.order,
            s.round.period_end,
            kpi_sort_key(s.kpi),
        )
    )
    return rows


def scores_xlsx(rows: list[Submission], fiscal_year: int) -> bytes:
    """The workbook, through the one writer (core.spreadsheets.write: user text stays text)."""
    title = _("คะแนนประเมินตนเองและคะแนนจากผู้ประเมิน ปีงบประมาณ %(year)s") % {"year": fiscal_year}
    workbook = new_workbook(title=title, first_sheet=_("คะแนน"))
    sheet = workbook.worksheets[0]
    append(
        sheet,
        [
            _("ส่วนราชการ"),
            _("รอบการรายงาน"),
            _("ตัวชี้วัดที่"),
            _("ชื่อตัวชี้วัด"),
            _("น้ำหนัก"),
            _("ผลการดำเนินงาน"),
            _("คะแนนประเมินตนเอง"),
            _("คะแนนจากผู้ประเมิน"),
            _("คะแนนสุดท้าย"),
            _("ความเห็นผู้ประเมิน"),
            _("การอุทธรณ์"),
        ],
    )
    for s in rows:
        review = getattr(s, "reviewer_score", None)
        appeal = next(iter(s.appeals.all()), None)
        append(
            sheet,
            [
                s.round.framework.department.name_th,
                s.round.name_th,
                s.kpi.number,
                s.kpi.name_th,
                s.kpi.weight,
                s.result,
                s.self_score,
                review.score if review else None,
                review.final_score if review else None,
                review.comment if review else "",
                appeal.get_state_display() if appeal else "",
            ],
        )
    widths = (40, 16, 10, 50, 10, 16, 16, 16, 16, 40, 24)
    for column, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    return xlsx_bytes(workbook)
