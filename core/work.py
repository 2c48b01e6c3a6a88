"""Open work items shown on a user's "My work" page.

Each app registers a provider (a function from the user to their open items) when it is loaded;
the home page lists them all, soonest due first. No provider means the empty state.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    kind: str
    due: datetime.date | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


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
