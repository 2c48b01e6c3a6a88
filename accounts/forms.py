from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, OrgUnit, Person, Role


class RoleAssignForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("บุคลากร"), queryset=Person.objects.none(), empty_label=_("— เลือกบุคลากร —")
    )
    role = forms.ChoiceField(label=_("บทบาท"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("หน่วยงาน"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("ทั้งส่วนราชการ"),
        help_text=_("เว้นว่างเมื่อบทบาทครอบคลุมทั้งส่วนราชการ"),
    )

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # People of the department, and outsiders who already serve it (evaluator, committee).
        people = Person.objects.filter(
            Q(department=department) | Q(roles__department=department)
        ).distinct()
        self.fields["person"].queryset = people.select_related("unit")  # type: ignore[attr-defined]
        self.fields["unit"].queryset = department.units.all()  # type: ignore[attr-defined]
