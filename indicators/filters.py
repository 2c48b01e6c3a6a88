"""Filters of the KPI list and the report lists (issue 16 item 6): by responsible unit, owner,
state and component, from GET parameters.

The choices are built from the rows already on the page (units, people and components of those
KPIs), so a filter never reveals anything the page does not show, and filtering adds no query:
the page reads its rows once and keeps those that match. A value that is not a choice is
ignored (the list is shown unfiltered for that field), never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from indicators.models import Kpi

FIELDS = ("unit", "owner", "state", "component")
StrOrPromise = str | Promise


def kpi_owner_ids(kpi: Kpi) -> set[int]:
    """The people who answer for the KPI: its overseer and its data collectors (domain §5).
    Prefetch `collectors`."""
    people = {person.pk for person in kpi.collectors.all()}
    if kpi.overseer_id is not None:
        people.add(kpi.overseer_id)
    return people


class KpiFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("หน่วยงานที่รับผิดชอบ"), required=False)
    owner = forms.ChoiceField(label=_("ผู้รับผิดชอบ"), required=False)
    state = forms.ChoiceField(label=_("สถานะ"), required=False)
    component = forms.ChoiceField(label=_("องค์ประกอบ"), required=False)

    def __init__(
        self, data: Any, *, kpis: Sequence[Kpi], states: Iterable[tuple[str, StrOrPromise]]
    ) -> None:
        bound = {name: data.get(name, "") for name in FIELDS} if data else None
        super().__init__(bound, auto_id="filter-%s")
        everyone = _("ทั้งหมด")
        units = {kpi.responsible_unit_id: kpi.responsible_unit for kpi in kpis}
        people = {
            person.pk: person
            for kpi in kpis
            for person in [*kpi.collectors.all(), kpi.overseer]
            if person is not None
        }
        components = {kpi.component_id: kpi.component for kpi in kpis}
        owners = sorted((person.full_name, str(pk)) for pk, person in people.items())
        choices: dict[str, list[tuple[str, StrOrPromise]]] = {
            "unit": [(str(pk), unit.name_th) for pk, unit in units.items() if unit is not None],
            "owner": [(pk, name) for name, pk in owners],
            "state": list(states),
            "component": [
                (str(pk), component.name_th)
                for pk, component in sorted(components.items(), key=lambda c: c[1].order)
            ],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", everyone), *options]

    def chosen(self) -> KpiFilter:
        """What was chosen, each field on its own: an unknown value leaves that field open."""
        if not self.is_bound:
            return KpiFilter()
        self.is_valid()
        values: dict[str, str] = {}
        for name in FIELDS:
            value = self.data.get(name, "")
            if value and name not in self.errors:
                values[name] = str(value)
        return KpiFilter(
            unit=int(values["unit"]) if "unit" in values else None,
            owner=int(values["owner"]) if "owner" in values else None,
            state=values.get("state"),
            component=int(values["component"]) if "component" in values else None,
        )


@dataclass(frozen=True)
class KpiFilter:
    unit: int | None = None
    owner: int | None = None
    state: str | None = None
    component: int | None = None

    @property
    def active(self) -> bool:
        chosen = (self.unit, self.owner, self.state, self.component)
        return any(value is not None for value in chosen)

    def matches(self, kpi: Kpi, state: str | None = None) -> bool:
        """`state`: the row's state when it is not the KPI's own (a report's)."""
        return (
            (self.unit is None or kpi.responsible_unit_id == self.unit)
            and (self.owner is None or self.owner in kpi_owner_ids(kpi))
            and (self.state is None or (state if state is not None else kpi.state) == self.state)
            and (self.component is None or kpi.component_id == self.component)
        )
