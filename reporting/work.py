"""Step 4 tasks on "My work" (issue 16 item 1), derived from the state of reports and scores:
a report to write or submit (owners, collectors), to approve (the overseer), to accept (the
coordinator); a reviewer score still open to appeal (the department); and OPDC's evaluator's
work (issue 18 item 3): a round's SAR submitted (the round closed) with reports still to score,
each accepted report to score, an appeal to answer. Each rule is the one in
`reporting.permissions`; a constant number of queries.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.work import WorkItem
from frameworks.models import ReportingRound
from reporting import permissions
from reporting.models import Appeal, RoundState, Submission
from reporting.selectors import my_updates, submissions_visible_to
from reporting.services.scores import appeal_deadline, can_appeal

S = Submission.State
STEP = 4


def _item(s: Submission, kind: str, label: str, due: datetime.date | None = None) -> WorkItem:
    department = s.round.framework.department
    return WorkItem(
        title=_("รายงานผลตัวชี้วัด %(kpi)s %(name)s (%(round)s)")
        % {"kpi": s.kpi.number, "name": s.kpi.name_th, "round": s.round.name_th},
        url=reverse("reporting:submission", args=[s.pk]),
        kind=kind,
        label=label,
        due=due or s.round.due_date,
        fiscal_year=s.round.framework.fiscal_year,
        step=STEP,
        department_code=department.code,
        department=department.name_th,
    )


def reporting_work_items(user: AbstractBaseUser) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    items: list[WorkItem] = []
    for s in my_updates(user):
        if s.state in permissions.EDITABLE_STATES:
            if s.result is None:
                items.append(_item(s, "report_write", _("รายงานผล")))
            else:
                items.append(_item(s, "report_submit", _("ส่งรายงานผล")))
    visible = submissions_visible_to(user).select_related(
        "round__framework__department", "round__reporting_state", "kpi__overseer"
    )
    items += _to_score(user, visible)
    waiting = visible.filter(state__in=[S.SUBMITTED, S.OVERSEER_APPROVED]).filter(
        Q(round__reporting_state__state=RoundState.State.OPEN) | Q(reopened=True)
    )
    for s in waiting:
        if s.state == S.SUBMITTED and permissions.is_overseer_of(user, s):
            items.append(_item(s, "report_approve", _("รอความเห็นชอบ")))
        elif s.state == S.OVERSEER_APPROVED and permissions.can_coordinate(user, s.round):
            items.append(_item(s, "report_accept", _("รอตรวจรับ")))
    items += _appeal_items(user, visible)
    return items


def _appeal_items(user: AbstractBaseUser, visible: QuerySet[Submission]) -> list[WorkItem]:
    today = timezone.localdate()
    items: list[WorkItem] = []
    scored = (
        visible.filter(reviewer_score__isnull=False)
        .annotate(appealed=Exists(Appeal.objects.filter(submission=OuterRef("pk"))))
        .select_related("reviewer_score", "kpi__responsible_unit")
        .prefetch_related("kpi__collectors")
    )
    for s in scored:
        if s.appealed:
            continue
        review = s.reviewer_score
        # Only a score below the department's own is worth appealing (domain §7).
        if s.self_score is not None and review.final_score >= s.self_score:
            continue
        deadline = appeal_deadline(review, s)
        if deadline >= today and can_appeal(user, s):
            items.append(_item(s, "appeal_window", _("อุทธรณ์ผลคะแนนได้ถึง"), deadline))
    pending = (
        Appeal.objects.filter(state=Appeal.State.PENDING, submission__in=visible.values("pk"))
        .select_related(
            "submission__round__framework__department", "submission__round__reporting_state"
        )
        .select_related("submission__kpi")
    )
    for appeal in pending:
        if permissions.is_evaluator(user, appeal.submission.round):
            items.append(_item(appeal.submission, "appeal_answer", _("ตอบคำอุทธรณ์")))
    return items


def _to_score(user: AbstractBaseUser, visible: QuerySet[Submission]) -> list[WorkItem]:
    """The evaluator's scoring (reporting.services.scores.reviewer_score_set's rule): each
    accepted report without a reviewer score and not appealed, and per closed round (its SAR is
    final, agreements.timeline) one item until every accepted report of it is scored."""
    unscored = (
        visible.filter(state=S.ACCEPTED, reviewer_score__isnull=True)
        .exclude(Exists(Appeal.objects.filter(submission=OuterRef("pk"))))
        .select_related("round__framework__department", "kpi")
    )
    items: list[WorkItem] = []
    closed: set[int] = set()
    for s in unscored:
        if not permissions.is_evaluator(user, s.round):
            continue
        items.append(_item(s, "report_score", _("ให้คะแนนรายงานผล")))
        state = permissions.round_state_of(s.round)
        if state is not None and state.state == RoundState.State.CLOSED:
            closed.add(s.round_id)
    if not closed:
        return items
    rounds = ReportingRound.objects.filter(pk__in=closed).select_related("framework__department")
    counts = dict(
        visible.filter(round__in=closed, state=S.ACCEPTED)
        .values("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )
    for round_ in rounds:
        department = round_.framework.department
        items.append(
            WorkItem(
                title=_("SAR %(round)s %(department)s: ส่งรายงานผล %(n)s ตัวชี้วัด")
                % {"round": round_.name_th, "department": department.name_th,
                   "n": counts.get(round_.pk, 0)},
                url=reverse("reporting:round_detail", args=[round_.pk]),
                kind="sar_submitted",
                label=_("SAR ที่ส่งแล้ว"),
                due=round_.due_date,
                fiscal_year=round_.framework.fiscal_year,
                step=STEP,
                department_code=department.code,
                department=department.name_th,
            )
        )  # fmt: skip
    return items
