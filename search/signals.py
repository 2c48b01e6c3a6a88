"""People and units have no service of their own: they are reference data kept in the admin
(accounts.admin) and loaded by the demo. So their index rows follow the model's saves (the one
place every change to them passes); KPI sheets, reports and evidence are indexed by their
services. A unit's name is part of its KPIs' and people's text, so a rename refreshes those."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from accounts.models import OrgUnit, Person
from indicators.models import Kpi
from search import index


def _person_saved(sender: type[Person], instance: Person, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: the index is rebuilt with `manage.py search_reindex`
        return
    index.people([instance.pk])


def _person_deleted(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    index.remove(index.Kind.PERSON, [instance.pk])


def _unit_saved(
    sender: type[OrgUnit],
    instance: OrgUnit,
    created: bool = False,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw or created:  # a new unit has no KPIs or people yet
        return
    index.kpis(Kpi.objects.filter(responsible_unit=instance).values_list("pk", flat=True))
    index.people(Person.objects.filter(unit=instance).values_list("pk", flat=True))


def connect() -> None:
    post_save.connect(_unit_saved, sender=OrgUnit, dispatch_uid="search_unit_saved")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="search_person_saved")
    post_delete.connect(_person_deleted, sender=Person, dispatch_uid="search_person_deleted")
