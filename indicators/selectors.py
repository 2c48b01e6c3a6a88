"""Reads of KPI sheets that depend on who asks (style.md "Permissions by queryset").

What a user may not see is not in the queryset, so views turn it into a 404. Who may change a
sheet is answered here too (`editable_by` and friends), so services, views and templates agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from accounts.models import Department, Person, Role
from accounts.selectors import (
    MANAGING_ROLES,
    can_manage_department,
    counted_assignments,
    departments_visible_to,
    is_evaluator_for,
    is_superuser,
    unit_ids_for_role,
)
from frameworks.models import Framework, PlanItem, PlanTree
from frameworks.selectors import LEVEL_ORDER
from frameworks.selectors import plan_items_for as framework_plan_items_for
from indicators.models import Baseline, Kpi
from indicators.origins import origin_statement

User = AbstractBaseUser | AnonymousUser


# One part of a KPI number: (0, value, "") for a number, (1, 0, text) for anything else, so two
# parts always compare (never int against str) and numbers come before text.
NumberPart = tuple[int, int, str]


def _number_part(part: str) -> NumberPart:
    text = part.strip()
    if text.isdecimal():  # ASCII or Thai digits ("๑๐"); never "²", which int() refuses
        try:
            return (0, int(text), "")
        except ValueError:  # longer than int()'s digit limit: compare it as text
            pass
    return (1, 0, text)


def number_key(number: str) -> tuple[NumberPart, ...]:
    """A sort key for any KPI number that never raises: dotted numeric parts compare as numbers
    ("1.9" before "1.10" before "2"); a part that is not a number ("ก", "1.a", "", "2-1") sorts
    after the numbers at its place, by its text."""
    return tuple(_number_part(part) for part in number.split("."))


def kpi_sort_key(kpi: Kpi) -> tuple[object, ...]:
    return (kpi.component.order, kpi.component_id, number_key(kpi.number), kpi.version)


# Who reads a year's KPI sheets and agreement (issue 14 item 2: publication is one rule) -------

# Roles that work on a fiscal year's cycle (domain §8): they read its drafts. Staff, and the
# department's people without a role that year, read only what the department has published
# (domain §7 step 3: the signed agreement is published on the intranet).
CYCLE_ROLES = frozenset(Role) - {Role.STAFF}


def frameworks_worked_on_by(user: User) -> QuerySet[Framework]:
    """Frameworks whose cycle the user works on: a cycle role in the framework's department and
    year, or last year's coordinator or administrator (accounts.selectors.can_manage_department)."""
    if not user.is_authenticated:
        return Framework.objects.none()
    if is_superuser(user):
        return Framework.objects.all()
    holding = (
        counted_assignments()
        .filter(person__user_id=int(user.pk or 0), department_id=OuterRef("department_id"))
        .filter(
            Q(fiscal_year=OuterRef("fiscal_year"), role__in=list(CYCLE_ROLES))
            | Q(fiscal_year=OuterRef("fiscal_year") - 1, role__in=list(MANAGING_ROLES))
        )
    )
    return Framework.objects.filter(Exists(holding))


def _published_to(user: User) -> Q:
    """Frameworks whose agreement is published, in a department the user belongs to or holds a
    role in (a condition on Framework)."""
    return Q(
        agreement__published_at__isnull=False,
        department__in=departments_visible_to(user).values("pk"),
    )


def frameworks_readable_by(user: User) -> QuerySet[Framework]:
    """THE publication rule: frameworks whose KPI sheets, agreement, confirmation letter and KPI
    Excel export the user may read — on pages, as documents and through the API.

    The people working on the year's cycle (and the assigned OPDC evaluator) read them at any
    state; anyone else who belongs to or holds a role in the department reads them once the
    agreement is published; everyone else never (a 404). The agreement is referred to through
    the ORM relation only, so this app does not import the agreements app. Which versions of
    the sheets each reads: `kpis_visible_to`.
    """
    if not user.is_authenticated:
        return Framework.objects.none()
    worked_on = frameworks_worked_on_by(user).values("pk")
    return Framework.objects.filter(Q(pk__in=worked_on) | _published_to(user)).select_related(
        "department", "department__ministry"
    )


def can_read_framework(user: User, framework: Framework) -> bool:
    return frameworks_readable_by(user).filter(pk=framework.pk).exists()


# The versions publication shows: the one in force and those it replaced. A draft — the new
# version an approved amendment opens, before it is approved — is not published (domain §7).
PUBLISHED_VERSION_STATES = (Kpi.State.APPROVED, Kpi.State.SUPERSEDED)


def reads_drafts_of(user: User, framework: Framework) -> bool:
    """Whether the user reads the framework's draft KPI versions: the people working on its
    cycle do; those who read it because it is published read only published versions."""
    return frameworks_worked_on_by(user).filter(pk=framework.pk).exists()


def current_kpis(framework: Framework, *, drafts: bool) -> QuerySet[Kpi]:
    """The framework's current KPI set as a reader sees it: the latest version of each KPI
    (`drafts`, the people working on the cycle) or the version in force (everyone else)."""
    qs = Kpi.objects.filter(framework=framework)
    return qs.filter(is_latest=True) if drafts else qs.filter(state=Kpi.State.APPROVED)


def kpis_visible_to(
    user: User, framework: Framework | None = None, *, latest_only: bool = True
) -> QuerySet[Kpi]:
    """KPI sheets of the frameworks the user may read (frameworks_readable_by): the current
    version of each by default, every version (history, old links) with `latest_only=False`.

    The people working on the year's cycle read every version, drafts included, and "current"
    is the latest; those who read by publication (staff, members without a role) read only the
    published versions (PUBLISHED_VERSION_STATES), and "current" is the version in force."""
    if not user.is_authenticated:
        return Kpi.objects.none()
    worked_on = Q(framework__in=frameworks_worked_on_by(user).values("pk"))
    published_only = Q(framework__in=Framework.objects.filter(_published_to(user)).values("pk"))
    published_only &= ~worked_on
    if latest_only:
        rule = (worked_on & Q(is_latest=True)) | (published_only & Q(state=Kpi.State.APPROVED))
    else:
        rule = worked_on | (published_only & Q(state__in=PUBLISHED_VERSION_STATES))
    qs = Kpi.objects.filter(rule)
    if framework is not None:
        qs = qs.filter(framework=framework)
    return qs.select_related("framework", "framework__department", "component")


def kpi_list_for_framework(framework: Framework, *, drafts: bool = True) -> list[Kpi]:
    """The current version of every KPI of the framework (`current_kpis`), in component and
    number order, with everything the list page and the agency what-if read (a constant number
    of queries)."""
    kpis = list(
        current_kpis(framework, drafts=drafts)
        .select_related("component", "responsible_unit", "overseer", "parent")
        .prefetch_related("levels")
    )
    return sorted(kpis, key=kpi_sort_key)


# Permissions ---------------------------------------------------------------------------------


@dataclass
class KpiPermissions:
    """What one user may do with the sheets of one framework, computed once per request."""

    can_manage: bool
    owner_unit_ids: set[int] = field(default_factory=set)

    def may_edit_content(self, kpi: Kpi) -> bool:
        """May change this sheet if it were a draft (coordinator, or owner of its unit)."""
        return self.can_manage or (
            kpi.responsible_unit_id is not None and kpi.responsible_unit_id in self.owner_unit_ids
        )

    def can_edit(self, kpi: Kpi) -> bool:
        return kpi.state == Kpi.State.DRAFT and self.may_edit_content(kpi)

    def can_approve(self, kpi: Kpi) -> bool:
        return self.can_manage and kpi.state == Kpi.State.DRAFT

    def can_new_version(self, kpi: Kpi) -> bool:
        return self.can_manage and kpi.is_latest and kpi.state == Kpi.State.APPROVED

    def can_delete(self, kpi: Kpi) -> bool:
        return (
            self.can_manage
            and kpi.state == Kpi.State.DRAFT
            and kpi.version == 1
            and kpi.approved_at is None
        )


def permissions_for(user: User, framework: Framework) -> KpiPermissions:
    """Domain §8: the coordinator runs the cycle; a division's KPI owner edits its drafts."""
    if not user.is_authenticated:
        return KpiPermissions(can_manage=False)
    year = framework.fiscal_year
    if can_manage_department(user, framework.department, year):
        return KpiPermissions(can_manage=True)
    units = unit_ids_for_role(user, [Role.OWNER], year)
    return KpiPermissions(can_manage=False, owner_unit_ids=units)


def agreed_terms_permissions(user: User, framework: Framework) -> KpiPermissions:
    """Who writes the negotiation's agreed set to the draft sheets (domain §7 step 2): the
    assigned OPDC evaluator, as part of recording the agreed summary, since the agreed terms are
    OPDC's word (domain §8, issue 14 item 1). Only the agreements service asks this."""
    department, year = framework.department_id, framework.fiscal_year
    return KpiPermissions(can_manage=is_evaluator_for(user, department, year))


def editable_by(user: User, kpi: Kpi) -> bool:
    """Whether `user` may edit this sheet now (it is a draft and theirs to edit)."""
    return permissions_for(user, kpi.framework).can_edit(kpi)


def can_create_in(user: User, framework: Framework) -> bool:
    return permissions_for(user, framework).can_manage


# The sheet page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiSheet:
    """Everything the KPI detail sheet shows besides the row itself (domain §5)."""

    kpi: Kpi
    versions: list[Kpi]
    sub_kpis: list[Kpi]
    cascaded_to: list[Kpi]
    successors: list[Kpi]  # the same KPI in later years (latest versions)
    lineage_paths: list[list[PlanItem]]
    collectors: list[Person]
    baselines: list[tuple[int, Baseline | None]]  # the 3 years before the framework's (§5)
    origin: str = ""  # where the KPI comes from, in e-SAR's wording (indicators.origins)
    lineage_trees: list[TreePath] = field(default_factory=list)  # one path per plan tree


def kpi_with_children(qs: QuerySet[Kpi]) -> QuerySet[Kpi]:
    return qs.select_related(
        "framework__department",
        "component",
        "responsible_unit",
        "overseer",
        "overseer__unit",
        "parent",
        "parent__framework",
        "cascade_from",
        "cascade_from__framework",
        "predecessor",
        "predecessor__framework",
        "created_by",
        "strategic_kpi",
    ).prefetch_related(
        "levels",
        "data_items",
        "baselines",
        Prefetch("round_expectations__round"),
        Prefetch("collectors", queryset=Person.objects.select_related("unit")),
        "lineage",
        "round_expectations__amendment",
    )


def kpi_sheet(kpi: Kpi, *, drafts: bool = True) -> KpiSheet:
    """`drafts`: whether the reader reads draft versions (reads_drafts_of); without, the
    versions, sub-KPIs and cascaded KPIs listed are the published ones only."""
    current = Q(is_latest=True) if drafts else Q(state=Kpi.State.APPROVED)
    history = Kpi.objects.filter(key=kpi.key)
    if not drafts:
        history = history.filter(state__in=PUBLISHED_VERSION_STATES)
    versions = list(history.only("pk", "version", "state", "approved_at", "updated_at"))
    versions.sort(key=lambda version: version.version, reverse=True)
    sub_kpis = sorted(
        Kpi.objects.filter(current, parent__key=kpi.key).select_related("component"),
        key=kpi_sort_key,
    )
    cascaded = sorted(
        Kpi.objects.filter(current, cascade_from__key=kpi.key)
        .select_related("framework", "component", "responsible_unit")
        .exclude(key=kpi.key),
        key=lambda k: (k.framework.fiscal_year, number_key(k.number)),
    )
    successors = list(
        Kpi.objects.filter(predecessor__key=kpi.key, is_latest=True)
        .select_related("framework")
        .exclude(key=kpi.key)
        .order_by("framework__fiscal_year", "number")
    )
    stored = {baseline.fiscal_year: baseline for baseline in kpi.baselines.all()}
    years = range(kpi.framework.fiscal_year - 3, kpi.framework.fiscal_year)
    paths = lineage_paths(kpi.lineage.all(), kpi.framework.department)
    return KpiSheet(
        kpi=kpi,
        versions=versions,
        sub_kpis=sub_kpis,
        cascaded_to=cascaded,
        successors=successors,
        lineage_paths=paths,
        collectors=list(kpi.collectors.all()),
        baselines=[(year, stored.get(year)) for year in years],
        origin=origin_statement(kpi),
        lineage_trees=lineage_by_tree(paths),
    )


def plan_items_for(department: Department) -> QuerySet[PlanItem]:
    """Lineage nodes a KPI of `department` may link to (frameworks.selectors), in the order of
    the strategy levels (national first), then by code."""
    order = Case(
        *(When(level=level, then=Value(index)) for level, index in LEVEL_ORDER.items()),
        default=Value(len(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    return framework_plan_items_for(department).order_by(order, "code")


def lineage_paths(items: Iterable[PlanItem], department: Department) -> list[list[PlanItem]]:
    """Root-to-node paths of the linked plan items (domain §4), from one query of the tree."""
    chosen = list(items)
    if not chosen:
        return []
    tree = {item.pk: item for item in plan_items_for(department)}
    paths: list[list[PlanItem]] = []
    for item in chosen:
        path = [tree.get(item.pk, item)]
        seen = {item.pk}
        while path[0].parent_id is not None and path[0].parent_id not in seen:
            parent = tree.get(path[0].parent_id)
            if parent is None:
                break
            seen.add(parent.pk)
            path.insert(0, parent)
        paths.append(path)
    return sorted(paths, key=lambda path: [node.code for node in path])


@dataclass(frozen=True)
class TreePath:
    """A path within one plan tree (issue 17 item 5)."""

    tree: str
    label: str
    nodes: tuple[PlanItem, ...]


def lineage_by_tree(paths: Iterable[Sequence[PlanItem]]) -> list[TreePath]:
    """The root-to-node paths cut where they pass from one plan tree to the next (national
    strategy › master plan and sub-plan › ministry › department; the 13th plan, the policy and
    the SDGs stand alone), so a report shows one path per tree; a path that is the start of a
    longer one of the same tree is left out. In PlanTree order."""
    segments: list[tuple[PlanItem, ...]] = []
    for path in paths:
        current: list[PlanItem] = []
        for node in path:
            if current and current[-1].tree != node.tree:
                segments.append(tuple(current))
                current = []
            current.append(node)
        if current:
            segments.append(tuple(current))
    keys = {tuple(node.pk for node in segment) for segment in segments}
    kept: dict[tuple[int, ...], tuple[PlanItem, ...]] = {}
    for segment in segments:
        key = tuple(node.pk for node in segment)
        longer = any(len(other) > len(key) and other[: len(key)] == key for other in keys)
        if not longer:
            kept.setdefault(key, segment)
    order = list(PlanTree.values)
    labels = dict(PlanTree.choices)
    result = [
        TreePath(segment[0].tree, str(labels[segment[0].tree]), segment)
        for segment in kept.values()
    ]
    return sorted(
        result, key=lambda path: (order.index(path.tree), [node.code for node in path.nodes])
    )


# Lineage trees are at most five levels deep (domain §4): linked items prefetched with their
# four parents selected give every path without another query (documents, agreement terms).
LINEAGE_PARENTS = "parent__parent__parent__parent"


def lineage_prefetch(lookup: str = "lineage") -> Prefetch[str, QuerySet[PlanItem], str]:
    return Prefetch(lookup, queryset=PlanItem.objects.select_related(LINEAGE_PARENTS))


def linked_paths(items: Iterable[PlanItem]) -> list[list[PlanItem]]:
    """Root-to-node paths of linked items through their parents (prefetch lineage_prefetch)."""
    paths = []
    for item in items:
        path: list[PlanItem] = [item]
        while path[0].parent is not None and len(path) < 10:
            path.insert(0, path[0].parent)
        paths.append(path)
    return paths


def linked_lineage_trees(items: Iterable[PlanItem]) -> list[TreePath]:
    """The one-path-per-tree lineage (lineage_by_tree) of linked items (lineage_prefetch)."""
    return lineage_by_tree(linked_paths(items))


def kpis_for_department(department: Department) -> QuerySet[Kpi]:
    """Latest KPIs of every year of the department (cascade sources)."""
    return Kpi.objects.filter(framework__department=department, is_latest=True).select_related(
        "framework", "component"
    )


def predecessor_chain(kpi: Kpi) -> list[Kpi]:
    """The same KPI in earlier fiscal years, newest first, following `predecessor` (issue 17
    item 6) — one query per year back; validation keeps every step in an earlier year, so the
    chain ends."""
    chain: list[Kpi] = []
    current = kpi
    while current.predecessor_id is not None and len(chain) < 20:
        current = Kpi.objects.select_related("framework").get(pk=current.predecessor_id)
        chain.append(current)
    return chain
