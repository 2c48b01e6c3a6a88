from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, OrgUnit, Person, Role
from accounts.selectors import evaluated_departments


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
        # The evaluator role is the evaluating body's to give (its own page), so it is not
        # offered here; a crafted POST still reaches the service, which refuses it in Thai.
        self.fields["role"].widget.choices = [
            (value, label) for value, label in Role.choices if value != Role.EVALUATOR
        ]


class EvaluatorAssignForm(forms.Form):
    """The evaluating body's coordinator assigns one of its people to a department."""

    person = forms.ModelChoiceField(
        label=_("ผู้ประเมิน"), queryset=Person.objects.none(), empty_label=_("— เลือกผู้ประเมิน —")
    )
    department = forms.ModelChoiceField(
        label=_("ส่วนราชการที่รับการประเมิน"),
        queryset=Department.objects.none(),
        empty_label=_("— เลือกส่วนราชการ —"),
    )

    def __init__(self, *args: Any, evaluating_body: Department, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = evaluating_body.people.order_by(  # type: ignore[attr-defined]
            "first_name_th", "last_name_th"
        )
        self.fields["department"].queryset = evaluated_departments()  # type: ignore[attr-defined]
        self.fields["person"].error_messages["required"] = _("กรุณาเลือกผู้ประเมิน")
        self.fields["person"].error_messages["invalid_choice"] = _(
            "เลือกได้เฉพาะบุคลากรของหน่วยงานผู้ประเมินนี้"
        )
        self.fields["department"].error_messages["required"] = _("กรุณาเลือกส่วนราชการ")
        self.fields["department"].error_messages["invalid_choice"] = _(
            "ไม่พบส่วนราชการนี้ในรายการที่รับการประเมิน"
        )


class TwoFactorCodeForm(forms.Form):
    """The code from the authenticator app (or, on the code page, a recovery code)."""

    code = forms.CharField(label=_("รหัสยืนยันตัวตน"), max_length=32, strip=True)

    def __init__(self, *args: Any, enrolment: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.error_messages["required"] = _("กรุณาใส่รหัสยืนยันตัวตน")
        field.widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autofocus": True,
                "class": "code-input",
            }
        )
        if enrolment:
            field.label = _("รหัส 6 หลักจากแอป")
            field.widget.attrs.update({"inputmode": "numeric", "maxlength": "8"})
        else:
            field.help_text = _("รหัส 6 หลักจากแอปยืนยันตัวตน หรือรหัสสำรองหนึ่งรหัส หากไม่มีโทรศัพท์อยู่กับตัว")
