"""Reads that depend on who asks: frameworks and the strategy lineage a user may see.

A framework is visible to anyone who belongs to or holds a role in its department (any year),
including the OPDC evaluator assigned to it; everyone else gets a 404 (style.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Department
from accounts.selectors import (
    MANAGING_ROLES,
    departments_visible_to,
    evaluating_bodies_managed_by,
    is_superuser,
    roles_of,
)
from core.audit import audit_events_for
from core.models import AuditEvent
from frameworks.models import LEVELS_OF_TREE, Component, Framework, PlanItem, PlanTree, StrategicKpi
from frameworks.services import framework_problems as framework_problems  # re-exported

User = AbstractBaseUser | AnonymousUser


def frameworks_visible_to(user: User) -> QuerySet[Framework]:
    return Framework.objects.filter(department__in=departments_visible_to(user)).select_related(
        "department", "department__ministry"
    )


def framework_list_for(user: User) -> QuerySet[Framework]:
    """The list page: newest year first, with components for the weights column."""
    return (
        frameworks_visible_to(user)
        .prefetch_related(Prefetch("components", queryset=Component.objects.order_by("order")))
        .order_by("department__name_th", "-fiscal_year")
    )


def framework_detail_queryset(user: User) -> QuerySet[Framework]:
    """Visible frameworks with every row the detail and edit pages show."""
    return frameworks_visible_to(user).prefetch_related(
        "components", "result_levels", "rounds", "steps"
    )


def managed_department_ids(user: User, fiscal_year: int) -> set[int] | None:
    """Departments whose framework for `fiscal_year` the user may manage; None means all.

    Mirrors accounts.selectors.can_manage_department in one query for a list of departments.
    """
    if is_superuser(user):
        return None
    return set(
        roles_of(user)
        .filter(role__in=MANAGING_ROLES, fiscal_year__in=[fiscal_year, fiscal_year - 1])
        .values_list("department_id", flat=True)
    )


def departments_for_create(user: User, fiscal_year: int) -> QuerySet[Department]:
    """Departments the user may create a framework for in `fiscal_year`."""
    ids = managed_department_ids(user, fiscal_year)
    visible = departments_visible_to(user)
    return visible if ids is None else visible.filter(pk__in=ids)


def has_framework_for_each(departments: QuerySet[Department], fiscal_year: int) -> bool:
    count = Framework.objects.filter(department__in=departments, fiscal_year=fiscal_year).count()
    return count >= departments.count()


def previous_framework(department: Department, fiscal_year: int) -> Framework | None:
    """The department's latest framework before `fiscal_year` (normally last year's)."""
    return (
        Framework.objects.filter(department=department, fiscal_year__lt=fiscal_year)
        .select_related("department")
        .prefetch_related("components", "result_levels", "rounds", "steps")
        .order_by("-fiscal_year")
        .first()
    )


def framework_history(framework: Framework, limit: int = 20) -> list[AuditEvent]:
    return list(audit_events_for(framework).select_related("actor__person")[:limit])


# --- Strategy lineage (domain §4) -----------------------------------------------------------

# National strategy, master plans and sub-plans are shared by every department; ministry and
# department strategies belong to the department that recorded them.
SHARED_LEVELS = frozenset(
    {
        PlanItem.Level.NATIONAL,
        PlanItem.Level.MASTER,
        PlanItem.Level.SUB,
        # The trees of their own are national too (issue 17 item 5).
        PlanItem.Level.NESDP,
        PlanItem.Level.POLICY,
        PlanItem.Level.SDG_GOAL,
        PlanItem.Level.SDG_TARGET,
    }
)
LEVEL_ORDER: dict[str, int] = {
    str(level): index
    for index, level in enumerate(
        [
            PlanItem.Level.NATIONAL,
            PlanItem.Level.MASTER,
            PlanItem.Level.SUB,
            PlanItem.Level.MINISTRY,
            PlanItem.Level.DEPARTMENT,
            PlanItem.Level.NESDP,
            PlanItem.Level.POLICY,
            PlanItem.Level.SDG_GOAL,
            PlanItem.Level.SDG_TARGET,
        ]
    )
}


def plan_items_for(department: Department) -> QuerySet[PlanItem]:
    """The shared national levels and the department's own nodes."""
    return PlanItem.objects.filter(Q(department__isnull=True) | Q(department=department))


def plan_item_by_code(
    department: Department, code: str, level: str | None = None
) -> PlanItem | None:
    """A node by code as the department sees it: its own node first, then a shared one."""
    qs = plan_items_for(department).filter(code=code)
    if level is not None:
        qs = qs.filter(level=level)
    items = sorted(qs, key=lambda item: (item.department_id is None, LEVEL_ORDER[item.level]))
    return items[0] if items else None


@dataclass
class PlanNode:
    item: PlanItem
    depth: int
    children: list[PlanNode] = field(default_factory=list)
    # The top node of a tree's group whose parent is in another tree (a ministry strategy under
    # a sub-plan): that parent, shown beside it (plan_tree_groups).
    above: PlanItem | None = None


@dataclass(frozen=True)
class PlanTreeGroup:
    """The nodes of one plan tree (issue 17 item 5) as the lineage page shows them."""

    tree: str
    label: str
    roots: list[PlanNode]
    count: int

    @property
    def several_levels(self) -> bool:
        """Master plans and sub-plans, SDG goals and targets: each node says its level."""
        return len(LEVELS_OF_TREE[self.tree]) > 1

    @property
    def shared(self) -> bool:
        """Every department sees the same nodes of this tree (SHARED_LEVELS)."""
        return all(level in SHARED_LEVELS for level in LEVELS_OF_TREE[self.tree])


def _code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order, so ONEP-2 comes before ONEP-10."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", code) if part
    )


def plan_tree(department: Department) -> list[PlanNode]:
    """The lineage tree for a department in one query, roots first, children by code."""
    items = list(plan_items_for(department))
    by_parent: dict[int | None, list[PlanItem]] = {}
    known = {item.pk for item in items}
    for item in items:
        # A node whose parent the department cannot see is shown as a root.
        parent = item.parent_id if item.parent_id in known else None
        by_parent.setdefault(parent, []).append(item)

    def build(parent: int | None, depth: int) -> list[PlanNode]:
        children = sorted(
            by_parent.get(parent, []),
            key=lambda item: (LEVEL_ORDER[item.level], _code_key(item.code)),
        )
        return [PlanNode(item, depth, build(item.pk, depth + 1)) for item in children]

    return build(None, 0)


def plan_tree_groups(department: Department) -> list[PlanTreeGroup]:
    """The lineage the department sees grouped by plan tree (issue 17 item 5), in PlanTree
    order, every tree listed even when empty: within a tree, nodes under their parent of the
    same tree (sub-plans under their master plan, SDG targets under their goal); a node whose
    parent is of another tree is a top node of its tree, with that parent as `above`. One query."""
    items = list(plan_items_for(department).order_by())
    by_pk = {item.pk: item for item in items}
    by_parent: dict[tuple[str, int | None], list[PlanItem]] = {}
    for item in items:
        parent = by_pk.get(item.parent_id) if item.parent_id is not None else None
        key = parent.pk if parent is not None and parent.tree == item.tree else None
        by_parent.setdefault((item.tree, key), []).append(item)

    def build(tree: str, parent: int | None, depth: int) -> list[PlanNode]:
        children = sorted(
            by_parent.get((tree, parent), []),
            key=lambda item: (LEVEL_ORDER[item.level], _code_key(item.code)),
        )
        return [
            PlanNode(
                item,
                depth,
                build(tree, item.pk, depth + 1),
                above=by_pk.get(item.parent_id) if parent is None and item.parent_id else None,
            )
            for item in children
        ]

    counts: dict[str, int] = {}
    for item in items:
        counts[item.tree] = counts.get(item.tree, 0) + 1
    return [
        PlanTreeGroup(str(tree), str(label), build(str(tree), None, 0), counts.get(str(tree), 0))
        for tree, label in PlanTree.choices
    ]


# --- Strategic KPIs (issue 17 item 4) -------------------------------------------------------


def can_maintain_strategic_kpis(user: User, fiscal_year: int) -> bool:
    """Who keeps the list of Strategic KPIs: the evaluating body's coordinator (or
    administrator role) of the year, or a system administrator — the one rule, used by the
    pages and the import (accounts.selectors.evaluating_bodies_managed_by, domain §8)."""
    if not user.is_authenticated:
        return False
    return is_superuser(user) or evaluating_bodies_managed_by(user, fiscal_year).exists()


def can_read_strategic_kpis(user: User, fiscal_year: int) -> bool:
    """The list is read by its maintainers and by everyone who sees a department (and so its
    KPIs); anyone else gets a 404."""
    if not user.is_authenticated:
        return False
    return can_maintain_strategic_kpis(user, fiscal_year) or departments_visible_to(user).exists()


def strategic_kpis_for_year(fiscal_year: int) -> QuerySet[StrategicKpi]:
    """The Strategic KPIs a KPI of `fiscal_year` may come from."""
    return StrategicKpi.objects.filter(first_year__lte=fiscal_year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=fiscal_year)
    )
