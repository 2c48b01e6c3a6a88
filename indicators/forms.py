"""Forms of the KPI sheet editor and the what-if calculators.

`KpiSheetForms` bundles the sheet's own fields and its tables (data items, levels, baselines,
round expectations); it turns the user's input into the services' arguments and puts the
services' Thai messages back next to the inputs they are about.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from core.decimals import parse_decimal
from core.forms import IntegerField
from core.numbers import parse_id
from frameworks.models import Framework, PlanItem, StrategicKpi
from frameworks.selectors import strategic_kpis_for_year
from indicators import locks
from indicators.models import Kpi
from indicators.origins import strategic_kpi_text
from indicators.selectors import KpiPermissions, kpis_for_department, plan_items_for
from indicators.validation import (
    EDITABLE_FIELDS,
    AssessmentPointInput,
    BaselineInput,
    DataItemInput,
    LevelInput,
    RoundExpectationInput,
    baseline_years,
    format_point_criteria,
    parse_point_criteria,
    stored_points,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})
ROW_ERROR = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


class ThaiDecimalField(forms.CharField):
    """A number typed as text ("1,234.5"), parsed with core.decimals.parse_decimal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        """A stored number shows with thousands separators and without trailing zeros
        (2500000000.0000 → "2,500,000,000"); what the user typed is shown as typed."""
        if isinstance(value, Decimal) and value.is_finite():
            exponent = value.normalize().as_tuple().exponent
            places = max(0, -exponent) if isinstance(exponent, int) else 0
            return f"{value:,.{places}f}"
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        number = parse_decimal(str(text))
        if number is None:
            raise ValidationError(gettext("กรุณากรอกเป็นตัวเลข"), code="invalid")
        return number


class KpiLabelChoiceField(forms.ModelChoiceField[Kpi]):
    def label_from_instance(self, obj: Kpi) -> str:
        return f"{obj.framework.fiscal_year} · {obj.number} {obj.name_th}"


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class PlanItemsChoiceField(forms.ModelMultipleChoiceField[PlanItem]):
    def label_from_instance(self, obj: PlanItem) -> str:
        return f"{obj.code} {obj.name_th} ({obj.get_level_display()})"


class StrategicKpiChoiceField(forms.ModelChoiceField[StrategicKpi]):
    def label_from_instance(self, obj: StrategicKpi) -> str:
        return strategic_kpi_text(obj)


class KpiForm(forms.ModelForm[Kpi]):
    """The sheet's own fields. Never saved by itself: its cleaned data goes to the services."""

    weight = ThaiDecimalField(label=_("น้ำหนัก (ร้อยละ)"))
    floor = ThaiDecimalField(
        label=_("คะแนนเมื่อต่ำกว่าระดับแรก"),
        required=False,
        help_text=_("ปกติเป็น 0"),
    )
    sub_weight = ThaiDecimalField(
        label=_("น้ำหนักในตัวชี้วัดหลัก"),
        required=False,
        help_text=_("เฉพาะตัวชี้วัดย่อย: สัดส่วนจาก 100 ภายในตัวชี้วัดหลัก"),
    )

    class Meta:
        model = Kpi
        fields = [*EDITABLE_FIELDS, "collectors", "lineage"]
        widgets = {
            "description": TEXTAREA,
            "scope": TEXTAREA,
            "conditions": TEXTAREA,
            "data_source": TEXTAREA,
            "collection_method": TEXTAREA,
            "evidence_required": TEXTAREA,
            "name_th": forms.Textarea(attrs={"rows": 2}),
            "name_en": forms.TextInput(),
            "formula": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        }

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        kpi: Kpi | None,
        permissions: KpiPermissions,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        department = framework.department
        key = kpi.key if kpi is not None else None
        fields = self.fields
        fields["component"].queryset = framework.components.all()  # type: ignore[attr-defined]
        parents = Kpi.objects.filter(framework=framework, is_latest=True, parent__isnull=True)
        sources = kpis_for_department(department)
        if key is not None:
            parents, sources = parents.exclude(key=key), sources.exclude(key=key)
        fields["parent"].queryset = parents  # type: ignore[attr-defined]
        fields["parent"].label_from_instance = (  # type: ignore[attr-defined]
            lambda obj: f"{obj.number} {obj.name_th}"
        )
        fields["cascade_from"] = KpiLabelChoiceField(
            label=_("ถ่ายทอดจากตัวชี้วัด"),
            queryset=sources,
            required=False,
            help_text=_("ตัวชี้วัดระดับกรมที่ตัวชี้วัดนี้ถ่ายทอดมา (ปีใดก็ได้)"),
        )
        fields["predecessor"] = KpiLabelChoiceField(
            label=_("ตัวชี้วัดเดียวกันของปีก่อน"),
            queryset=sources.filter(framework__fiscal_year__lt=framework.fiscal_year).order_by(
                "-framework__fiscal_year", "number"
            ),
            required=False,
            help_text=_("เลือกเมื่อเป็นตัวชี้วัดต่อเนื่อง: ข้อมูลพื้นฐานและกราฟย้อนหลังจะต่อจากตัวชี้วัดนี้"),
        )
        strategic = strategic_kpis_for_year(framework.fiscal_year)
        if kpi is not None and kpi.strategic_kpi_id is not None:
            strategic = strategic | StrategicKpi.objects.filter(pk=kpi.strategic_kpi_id)
        fields["strategic_kpi"] = StrategicKpiChoiceField(
            label=_("Strategic KPI"),
            queryset=strategic.distinct(),
            required=False,
            help_text=_("ตัวชี้วัดของยุทธศาสตร์ชาติ แผนแม่บท หรือกระทรวง ที่ตัวชี้วัดนี้ถ่ายทอดมา"),
        )
        units = department.units.all()
        if not permissions.can_manage:
            units = units.filter(pk__in=permissions.owner_unit_ids)
        fields["responsible_unit"].queryset = units  # type: ignore[attr-defined]
        people = Person.objects.filter(department=department).select_related("unit")
        fields["overseer"] = PersonChoiceField(
            label=_("ผู้กำกับดูแลตัวชี้วัด"), queryset=people, required=False
        )
        fields["collectors"] = PeopleChoiceField(
            label=_("ผู้จัดเก็บข้อมูล"),
            queryset=people,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        fields["lineage"] = PlanItemsChoiceField(
            label=_("ความเชื่อมโยงกับยุทธศาสตร์"),
            queryset=plan_items_for(department),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        fields["number"].widget.attrs["inputmode"] = "decimal"
        for name in ("interpolate",):
            fields[name].required = False

    def clean_floor(self) -> Decimal:
        value: Decimal | None = self.cleaned_data.get("floor")
        return Decimal(0) if value is None else value

    def _post_clean(self) -> None:
        """No model validation here: the services validate the whole sheet."""


# Rows of the sheet's tables ------------------------------------------------------------------


class DataItemForm(forms.Form):
    code = forms.CharField(
        label=_("รหัส"), max_length=20, widget=forms.TextInput(attrs={"spellcheck": "false"})
    )
    name_th = forms.CharField(label=_("รายการข้อมูล"), max_length=500)
    unit = forms.CharField(label=_("หน่วย"), max_length=100, required=False)


class LevelForm(forms.Form):
    label = forms.CharField(label=_("ระดับ"), max_length=100, required=False)
    target = ThaiDecimalField(label=_("ค่าเป้าหมาย"))
    score = ThaiDecimalField(label=_("คะแนน"))
    description = forms.CharField(
        label=_("คำอธิบายระดับ/ขั้นความสำเร็จ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.CharField(
        label=_("หลักฐานที่ต้องแสดง"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BaselineForm(forms.Form):
    fiscal_year = IntegerField(widget=forms.HiddenInput)
    value = ThaiDecimalField(label=_("ผลการดำเนินงาน"), required=False)
    note = forms.CharField(label=_("หมายเหตุ"), max_length=255, required=False)

    def has_changed(self) -> bool:
        return bool(self["value"].value() or self["note"].value())

    @property
    def year(self) -> str:
        return str(self["fiscal_year"].value() or "")


class RoundExpectationForm(forms.Form):
    round = IntegerField(widget=forms.HiddenInput)
    expectation = forms.CharField(
        label=_("สิ่งที่ต้องรายงาน"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The round's rule (issue 17 item 3). "Not evaluated" rather than "evaluated", so a form
    # posted without it keeps the KPI in force.
    out = forms.BooleanField(label=_("ไม่ประเมินในรอบนี้ (เริ่มรอบหลัง/ยกเลิก)"), required=False)
    weight = ThaiDecimalField(
        label=_("น้ำหนักในรอบนี้ (ร้อยละ)"),
        required=False,
        help_text=_("เว้นว่าง = ใช้น้ำหนักของตัวชี้วัด"),
    )
    reason = forms.CharField(
        label=_("เหตุผล (ไม่ประเมิน/น้ำหนักต่างจากปกติ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    amendment = forms.TypedChoiceField(
        label=_("การขอปรับตัวชี้วัดที่อนุมัติ"), required=False, coerce=int, empty_value=None
    )

    def has_changed(self) -> bool:
        return any(
            str(self[name].value() or "").strip() not in ("", "False")
            for name in ("expectation", "out", "weight", "reason", "amendment")
            if name in self.fields
        )


class AssessmentPointForm(forms.Form):
    """ประเด็นการประเมิน (issue 17 item 2): weight and criteria only when scored per point."""

    name_th = forms.CharField(label=_("ประเด็นการประเมิน"), max_length=500)
    unit = forms.CharField(label=_("หน่วย"), max_length=100, required=False)
    weight = ThaiDecimalField(label=_("น้ำหนักของประเด็น"), required=False)
    criteria = forms.CharField(
        label=_("เกณฑ์การให้คะแนนของประเด็น"),
        max_length=500,
        required=False,
        help_text=_("ค่าเป้าหมาย=คะแนน คั่นด้วย ; เช่น 80=50; 90=75; 100=100"),
    )

    def clean_criteria(self) -> tuple[tuple[Decimal, Decimal], ...]:
        pairs = parse_point_criteria(self.cleaned_data.get("criteria") or "")
        if pairs is None:
            raise ValidationError(
                _("เขียนเกณฑ์เป็น ค่าเป้าหมาย=คะแนน คั่นด้วย ; เช่น 80=50; 90=75; 100=100")
            )
        return pairs


class RowFormSet(BaseFormSet[Any]):
    """Every row may be left blank (it is then skipped); filled rows are validated."""

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        return super()._construct_form(i, empty_permitted=True, **kwargs)  # type: ignore[misc]

    def filled_forms(self) -> list[Any]:
        return [
            form
            for form in self.forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))  # type: ignore[attr-defined]
        ]


def _row_formset(form: type[forms.Form], _base: Any, **kwargs: Any) -> type[RowFormSet]:
    return cast("type[RowFormSet]", forms.formset_factory(form, RowFormSet, **kwargs))


DataItemFormSet = _row_formset(DataItemForm, RowFormSet, extra=2, can_delete=True)
LevelFormSet = _row_formset(LevelForm, RowFormSet, extra=2, can_delete=True)
BaselineFormSet = _row_formset(BaselineForm, RowFormSet, extra=0)
RoundFormSet = _row_formset(RoundExpectationForm, RowFormSet, extra=0)
PointFormSet = _row_formset(AssessmentPointForm, RowFormSet, extra=2, can_delete=True)


def _round_initial(round_id: int, stored: Any) -> dict[str, Any]:
    if stored is None:
        return {"round": round_id, "expectation": ""}
    return {
        "round": round_id,
        "expectation": stored.expectation,
        "out": not stored.in_force,
        "weight": _plain(stored.weight),
        "reason": stored.reason,
        "amendment": stored.amendment_id,
    }


def _approved_amendments(framework: Framework, kpi: Kpi | None) -> dict[int, Any]:
    """The approved amendments a round's rule of this KPI may cite (issue 17 item 3)."""
    if kpi is None:
        return {}
    return locks.approved_amendments(framework, kpi.key)


def _amendment_label(amendment: Any) -> str:
    from core.thai import thai_date_short

    when = thai_date_short(amendment.effective_from) if amendment.effective_from else ""
    return f"#{amendment.pk} {amendment.proposed_change[:60]} ({when})"


# The editor's sections, in the order of the sheet (domain §5).
SECTIONS: dict[str, tuple[str, ...]] = {
    "general": ("component", "number", "name_th", "name_en", "unit", "weight"),
    "structure": ("parent", "sub_weight", "cascade_from", "predecessor"),
    "details": ("description", "scope"),
    "formula": ("formula",),
    "scoring": ("method", "direction", "interpolate", "floor"),
    "sources": ("conditions", "data_source", "collection_method", "evidence_required"),
    "people": ("responsible_unit", "overseer", "collectors"),
    "lineage": ("lineage",),
    "origin": ("origin_relation", "strategic_kpi"),
}


class KpiSheetForms:
    """The editor: the sheet's fields and its four tables, bound together."""

    def __init__(
        self,
        data: Any,
        *,
        framework: Framework,
        kpi: Kpi | None,
        permissions: KpiPermissions,
        initial: dict[str, Any] | None = None,
    ) -> None:
        self.framework = framework
        self.kpi = kpi
        self.rounds = {r.pk: r for r in framework.rounds.all()}
        self.extra_errors: dict[str, list[str]] = {}
        if data is None:
            main_initial, rows = self._initial(framework, kpi)
            if initial:
                main_initial.update(initial)
        else:
            main_initial, rows = {}, {"data_items": [], "levels": [], "baselines": [], "rounds": []}
            rows["assessment_points"] = []
        self.main = KpiForm(
            data,
            initial=main_initial,
            framework=framework,
            kpi=kpi,
            permissions=permissions,
        )
        self.data_items: RowFormSet = DataItemFormSet(
            data, prefix="data_items", initial=rows["data_items"]
        )
        self.levels: RowFormSet = LevelFormSet(data, prefix="levels", initial=rows["levels"])
        self.baselines: RowFormSet = BaselineFormSet(
            data, prefix="baselines", initial=rows["baselines"]
        )
        self.round_expectations: RowFormSet = RoundFormSet(
            data, prefix="rounds", initial=rows["rounds"]
        )
        self.amendments = _approved_amendments(framework, kpi)
        choices = [("", "—"), *((a.pk, _amendment_label(a)) for a in self.amendments.values())]
        for form in self.round_expectations.forms:
            value = form["round"].value()
            form.round_obj = self.rounds.get(parse_id(value) or 0)
            if self.amendments:
                form.fields["amendment"].choices = choices
            else:  # nothing to cite before the agreement is signed
                del form.fields["amendment"]
        # A post without the points' table (an older page) leaves the points as they are.
        points_data = data if data is None or "points-TOTAL_FORMS" in data else None
        self.assessment_points: RowFormSet = PointFormSet(
            points_data, prefix="points", initial=rows.get("assessment_points", [])
        )
        self.points_posted = data is not None and points_data is not None
        self.revision = kpi.revision if kpi is not None else None

    def _initial(
        self, framework: Framework, kpi: Kpi | None
    ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
        years = baseline_years(framework)
        if kpi is None:
            # A new sheet starts with the framework's three levels (domain §6 default scores).
            scores = (framework.basic_score, framework.standard_score, framework.advanced_score)
            labels = (gettext("ขั้นต้น"), gettext("มาตรฐาน"), gettext("ขั้นสูง"))
            return {"interpolate": framework.interpolate, "floor": Decimal(0)}, {
                "data_items": [],
                "levels": [
                    {"label": lb, "score": _plain(s)} for lb, s in zip(labels, scores, strict=True)
                ],
                "baselines": [{"fiscal_year": year} for year in years],
                "rounds": [{"round": pk} for pk in self.rounds],
                "assessment_points": [],
            }
        main = {name: getattr(kpi, name) for name in EDITABLE_FIELDS}
        for name in ("weight", "floor", "sub_weight"):
            main[name] = _plain(main[name])
        main["collectors"] = list(kpi.collectors.all())
        main["lineage"] = list(kpi.lineage.all())
        stored = {b.fiscal_year: b for b in kpi.baselines.all()}
        expectations = {r.round_id: r for r in kpi.round_expectations.all()}
        return main, {
            "data_items": [
                {"code": d.code, "name_th": d.name_th, "unit": d.unit} for d in kpi.data_items.all()
            ],
            "levels": [
                {
                    "label": lv.label,
                    "target": _plain(lv.target),
                    "score": _plain(lv.score),
                    "description": lv.description,
                    "evidence": lv.evidence,
                }
                for lv in kpi.levels.all()
            ],
            "baselines": [
                {
                    "fiscal_year": year,
                    "value": _plain(stored[year].value) if year in stored else None,
                    "note": stored[year].note if year in stored else "",
                }
                for year in years
            ],
            "rounds": [_round_initial(pk, expectations.get(pk)) for pk in self.rounds],
            "assessment_points": [
                {
                    "name_th": p.name_th,
                    "unit": p.unit,
                    "weight": _plain(p.weight),
                    "criteria": format_point_criteria(p.criteria),
                }
                for p in stored_points(kpi)
            ],
        }

    @property
    def sections(self) -> dict[str, list[forms.BoundField]]:
        return {key: [self.main[name] for name in names] for key, names in SECTIONS.items()}

    @property
    def has_errors(self) -> bool:
        return bool(
            self.main.errors
            or self.extra_errors
            or any(formset.total_error_count() for formset in self.formsets)
        )

    @property
    def formsets(self) -> list[RowFormSet]:
        return [
            self.data_items,
            self.levels,
            self.baselines,
            self.round_expectations,
            *([self.assessment_points] if self.assessment_points.is_bound else []),
        ]

    def is_valid(self) -> bool:
        valid = self.main.is_valid()
        for formset in self.formsets:
            valid = formset.is_valid() and valid
        return valid

    def fields(self) -> dict[str, Any]:
        data = self.main.cleaned_data
        return {name: data.get(name) for name in EDITABLE_FIELDS}

    def children(self) -> dict[str, Any]:
        data = self.main.cleaned_data
        rounds = self.rounds

        def row(form: forms.Form) -> dict[str, Any]:
            return form.cleaned_data

        return {
            "data_items": [
                DataItemInput(row(f)["code"], row(f)["name_th"], row(f)["unit"])
                for f in self.data_items.filled_forms()
            ],
            "levels": [
                LevelInput(
                    target=f.cleaned_data["target"],
                    score=f.cleaned_data["score"],
                    label=f.cleaned_data["label"],
                    description=f.cleaned_data["description"],
                    evidence=f.cleaned_data["evidence"],
                )
                for f in self.levels.filled_forms()
            ],
            "baselines": [
                BaselineInput(row(f)["fiscal_year"], row(f)["value"], row(f)["note"])
                for f in self.baselines.filled_forms()
            ],
            "round_expectations": [
                RoundExpectationInput(
                    rounds[row(f)["round"]],
                    row(f)["expectation"],
                    in_force=not row(f)["out"],
                    weight=row(f)["weight"],
                    reason=row(f)["reason"],
                    amendment=self.amendments.get(row(f).get("amendment") or 0),
                )
                for f in self.round_expectations.filled_forms()
                if f.cleaned_data["round"] in rounds
            ],
            "collectors": list(data.get("collectors") or []),
            "lineage": list(data.get("lineage") or []),
            "assessment_points": (
                [
                    AssessmentPointInput(
                        row(f)["name_th"], row(f)["unit"], row(f)["weight"], row(f)["criteria"]
                    )
                    for f in self.assessment_points.filled_forms()
                ]
                if self.points_posted
                else None
            ),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put each message of a service's ValidationError next to its input."""
        if not hasattr(error, "error_dict"):
            self.main.add_error(None, error.messages)
            return
        rows = {
            "data_items": self.data_items.filled_forms(),
            "levels": self.levels.filled_forms(),
            "baselines": self.baselines.filled_forms(),
            "round_expectations": self.round_expectations.filled_forms(),
            "assessment_points": self.assessment_points.filled_forms(),
        }
        for field, messages in error.message_dict.items():
            match = ROW_ERROR.match(field)
            if match is not None:
                table, index, name = match.group(1), int(match.group(2)), match.group(3)
                forms_ = rows.get(table, [])
                if index < len(forms_) and name in forms_[index].fields:
                    forms_[index].add_error(name, messages)
                    continue
                self.extra_errors.setdefault(table, []).extend(messages)
            elif field in rows:
                self.extra_errors.setdefault(field, []).extend(messages)
            elif field in self.main.fields:
                self.main.add_error(field, messages)
            else:
                self.main.add_error(None, messages)


def _plain(value: Decimal | None) -> str | None:
    """A stored 4-decimal number as the user would type it: 80.0000 → "80", 87.5000 → "87.5"."""
    return None if value is None else f"{value.normalize():f}"


# What-if -------------------------------------------------------------------------------------


class KpiWhatIfForm(forms.Form):
    result = ThaiDecimalField(label=_("ผลการดำเนินงาน"), required=False)
    want_score = ThaiDecimalField(label=_("คะแนนที่ต้องการ"), required=False)
    want_level = forms.ChoiceField(label=_("หรือเลือกระดับ"), required=False)

    def __init__(self, *args: Any, kpi: Kpi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = sorted(kpi.levels.all(), key=lambda level: (level.order, level.pk))
        want_level = self.fields["want_level"]
        assert isinstance(want_level, forms.ChoiceField)
        want_level.choices = [("", gettext("— ไม่เลือก —"))] + [
            (_plain(level.score) or "", f"{level.label or level.order} ({level.score:.2f})")
            for level in levels
        ]
        if kpi.unit:
            self.fields["result"].label = gettext("ผลการดำเนินงาน (%(unit)s)") % {"unit": kpi.unit}

    def want(self) -> Decimal | None:
        data = self.cleaned_data
        if data.get("want_score") is not None:
            value: Decimal = data["want_score"]
            return value
        if data.get("want_level"):
            return parse_decimal(data["want_level"])
        return None


class AgencyWhatIfForm(forms.Form):
    """One optional expected score per top-level KPI; blank = pending (domain §6)."""

    def __init__(self, *args: Any, kpis: list[Kpi], max_scores: dict[int, Decimal], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            top = max_scores[kpi.pk]
            self.fields[f"score_{kpi.pk}"] = ThaiDecimalField(
                label=f"{kpi.number} {kpi.name_th}",
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "placeholder": gettext("รอผล")}
                ),
                help_text=gettext("0–%(max)s") % {"max": f"{top:.0f}"},
            )
        self.max_scores = max_scores

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kpi in self.kpis:
            name = f"score_{kpi.pk}"
            value = data.get(name)
            if value is not None and not 0 <= value <= self.max_scores[kpi.pk]:
                self.add_error(
                    name,
                    gettext("คะแนนต้องอยู่ระหว่าง 0 ถึง %(max)s")
                    % {"max": f"{self.max_scores[kpi.pk]:.2f}"},
                )
        return data

    def scores(self) -> dict[int, Decimal | None]:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {kpi.pk: data.get(f"score_{kpi.pk}") for kpi in self.kpis}

    def rows(self) -> list[tuple[Kpi, forms.BoundField]]:
        return [(kpi, self[f"score_{kpi.pk}"]) for kpi in self.kpis]
