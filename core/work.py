"""Open work items shown on a user's "My work" page and `GET /api/v1/me/tasks` (issue 16 item 1).

Each app registers a provider (a function from the user to their open items) when it is loaded.
Every provider derives its items from the state of the work itself (a report not yet accepted, a
data request not yet answered, …), never from notifications, so an item disappears the moment the
work is done, whoever did it; the inbox stays the history of messages. The home page lists them
all, grouped by fiscal year and step; the API lists them soonest due first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The four steps of the cycle (domain §7) an item belongs to; 0 = outside the cycle.
STEP_LABELS: dict[int, Promise] = {
    0: _("งานอื่น"),
    1: _("ขั้นตอนที่ 1 จัดทำร่างตัวชี้วัด"),
    2: _("ขั้นตอนที่ 2 เจรจาตัวชี้วัดกับสำนักงาน ก.พ.ร."),
    3: _("ขั้นตอนที่ 3 จัดทำรายละเอียดและลงนามคำรับรอง"),
    4: _("ขั้นตอนที่ 4 รายงานผลและประเมินผล"),
}


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    kind: str
    due: datetime.date | None = None
    fiscal_year: int | None = None
    step: int = 0
    # What the page shows for the kind (Thai); `kind` itself is a stable code for the API.
    label: str = ""
    # The department the work is about, where it is not the user's own (the evaluator's
    # console groups by it, issue 18 item 3): its code and name.
    department_code: str = ""
    department: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()

    @property
    def overdue_days(self) -> int | None:
        """Days past the due date; negative = days left, None = no due date."""
        if self.due is None:
            return None
        return (timezone.localdate() - self.due).days

    @property
    def days_left(self) -> int | None:
        days = self.overdue_days
        return None if days is None else -days

    @property
    def kind_label(self) -> str:
        return self.label or self.kind


@dataclass
class WorkGroup:
    fiscal_year: int | None
    step: int
    items: list[WorkItem] = field(default_factory=list)

    @property
    def step_label(self) -> str:
        return str(STEP_LABELS.get(self.step, STEP_LABELS[0]))


WorkProvider = Callable[[AbstractBaseUser], Iterable[WorkItem]]
_providers: list[WorkProvider] = []


def register_work_provider(provider: WorkProvider) -> WorkProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_work_provider(provider: WorkProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def work_items_for(user: AbstractBaseUser) -> list[WorkItem]:
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda item: (item.due is None, item.due or datetime.date.max))


def work_groups_for(user: AbstractBaseUser) -> list[WorkGroup]:
    """Every fiscal year with open work, newest first, then by step; soonest due first inside."""
    groups: dict[tuple[int | None, int], WorkGroup] = {}
    for item in work_items_for(user):
        key = (item.fiscal_year, item.step)
        groups.setdefault(key, WorkGroup(item.fiscal_year, item.step)).items.append(item)
    return sorted(groups.values(), key=lambda g: (-(g.fiscal_year or 0), g.step))
