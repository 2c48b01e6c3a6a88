"""Forms for creating and editing a framework, and uploading the lineage file.

Forms only parse input: the rules (weights sum to 100, dates within the year, …) live in
frameworks.services, whose Thai errors `FrameworkEditForms.add_service_errors` puts back on
the fields and rows the user typed, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from core.fiscal import fiscal_year_choices
from core.forms import IntegerField, SizeLimitedFileInput, ThaiDateField
from core.numbers import YEAR_MAX, YEAR_MIN
from frameworks.models import (
    Component,
    Framework,
    PlanTree,
    ReportingRound,
    ResultLevelCut,
    StepDuration,
    StrategicKpi,
)
from frameworks.services import (
    ComponentRow,
    FrameworkChanges,
    FrameworkSettings,
    ResultLevelRow,
    RoundRow,
)
from frameworks.templates_data import TEMPLATES

COPY = "copy"


def plain_decimal(value: Decimal | None) -> str:
    """20.0000 → "20", 87.5000 → "87.5": what a person would type."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _decimal_field(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        max_digits=9,
        decimal_places=4,
        widget=_decimal_input(),
    )


class FrameworkCreateForm(forms.Form):
    department = forms.ModelChoiceField(label=_("ส่วนราชการ"), queryset=Department.objects.none())
    fiscal_year = forms.TypedChoiceField(label=_("ปีงบประมาณ (พ.ศ.)"), coerce=int)
    source = forms.ChoiceField(
        label=_("เริ่มจาก"),
        widget=forms.RadioSelect,
        choices=[
            (COPY, _("คัดลอกกรอบการประเมินของปีก่อนหน้า (องค์ประกอบ เกณฑ์ รอบ และระยะเวลา)")),
            *[(key, Framework.Template(key).label) for key in TEMPLATES],
        ],
        initial=COPY,
    )
    name_th = forms.CharField(
        label=_("ชื่อกรอบการประเมิน"),
        required=False,
        max_length=255,
        help_text=_("เว้นว่างเพื่อใช้ชื่อตามแม่แบบหรือชื่อของปีก่อน"),
    )

    def __init__(
        self, *args: Any, departments: QuerySet[Department], year: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["fiscal_year"].choices = fiscal_year_choices(around=year)  # type: ignore[attr-defined]
        self.fields["fiscal_year"].initial = year
        if len(departments) == 1:
            self.fields["department"].initial = departments[0]


class FrameworkSettingsForm(forms.Form):
    name_th = forms.CharField(label=_("ชื่อกรอบการประเมิน"), max_length=255)
    basic_score = _decimal_field(_("คะแนนขั้นต้น"))
    standard_score = _decimal_field(_("คะแนนมาตรฐาน"))
    advanced_score = _decimal_field(_("คะแนนขั้นสูง"))
    interpolate = forms.BooleanField(
        label=_("เทียบบัญญัติไตรยางศ์ระหว่างระดับ"),
        required=False,
        help_text=_("ไม่เลือก = ได้คะแนนของระดับที่ต่ำกว่า (แบบขั้นบันได)"),
    )
    five_level_floor = _decimal_field(
        _("คะแนนต่ำสุดของมาตรวัดห้าระดับ"), _("คะแนนเมื่อผลต่ำกว่าระดับ 1 (ปกติ 0)")
    )
    precision = IntegerField(
        label=_("ทศนิยมของคะแนนรวม"),
        help_text=_("0–4 ตำแหน่ง (ปีงบประมาณ 2564 เป็นต้นไปใช้ 3)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    version = IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, framework: Framework) -> dict[str, Any]:
        return {
            "name_th": framework.name_th,
            "basic_score": plain_decimal(framework.basic_score),
            "standard_score": plain_decimal(framework.standard_score),
            "advanced_score": plain_decimal(framework.advanced_score),
            "interpolate": framework.interpolate,
            "five_level_floor": plain_decimal(framework.five_level_floor),
            "precision": framework.precision,
            "version": framework.version,
        }


class _RowForm(forms.ModelForm):  # type: ignore[type-arg]
    """A row of a framework section. Uniqueness and sums are the service's to check."""

    decimal_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.decimal_fields:
            self.fields[name].widget = _decimal_input()
            if self.instance.pk is not None:
                self.initial[name] = plain_decimal(getattr(self.instance, name))

    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


class ComponentForm(_RowForm):
    decimal_fields = ("weight",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new row goes last unless the user numbers it (the service uses its position).
        self.fields["order"].required = False
        if self.instance.pk is None:
            self.fields["order"].initial = None

    class Meta:
        model = Component
        fields = ["order", "code", "name_th", "name_en", "weight"]
        widgets = {"order": forms.TextInput(attrs={"inputmode": "numeric"})}


class ResultLevelForm(_RowForm):
    decimal_fields = ("min_total",)

    class Meta:
        model = ResultLevelCut
        fields = ["code", "label_th", "min_total"]


class RoundForm(_RowForm):
    class Meta:
        model = ReportingRound
        fields = ["name_th", "months", "period_end", "due_date"]
        field_classes = {"period_end": ThaiDateField, "due_date": ThaiDateField}
        widgets = {
            "months": forms.TextInput(attrs={"inputmode": "numeric"}),
        }


class RowFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    def validate_unique(self) -> None:
        pass  # the service reports duplicate codes with a Thai message per row

    def kept_forms(self) -> Iterator[forms.ModelForm]:  # type: ignore[type-arg]
        """Forms whose rows stay: not ticked for removal, not a blank extra row."""
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            yield form


def _formset(model: Any, form: type[_RowForm]) -> type[RowFormSet]:
    formset = inlineformset_factory(
        Framework, model, form=form, formset=RowFormSet, extra=1, can_delete=True
    )
    return cast(type[RowFormSet], formset)


ComponentFormSet = _formset(Component, ComponentForm)
ResultLevelFormSet = _formset(ResultLevelCut, ResultLevelForm)
RoundFormSet = _formset(ReportingRound, RoundForm)


class StepsForm(forms.Form):
    """Days for each of the four steps; blank when OPDC sets the date (domain §7)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for step, label in StepDuration.Step.choices:
            self.fields[f"step_{step}"] = IntegerField(
                label=_("ขั้นตอนที่ %(step)s %(label)s") % {"step": step, "label": label},
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )

    def step_days(self) -> dict[int, int | None]:
        return {int(step): self.cleaned_data.get(f"step_{step}") for step in StepDuration.Step}


# Each section's prefix in the POST data and key in the service's errors.
SECTIONS = {"components": "components", "result_levels": "levels", "rounds": "rounds"}


class FrameworkEditForms:
    """The settings form, three row formsets and the steps form of one edit page."""

    def __init__(self, framework: Framework, data: Any = None) -> None:
        self.framework = framework
        self.settings = FrameworkSettingsForm(
            data, initial=FrameworkSettingsForm.initial_for(framework)
        )
        self.formsets: dict[str, RowFormSet] = {
            "components": ComponentFormSet(data, instance=framework, prefix="components"),
            "result_levels": ResultLevelFormSet(
                data,
                instance=framework,
                prefix="levels",
                queryset=framework.result_levels.order_by("-min_total"),
            ),
            "rounds": RoundFormSet(data, instance=framework, prefix="rounds"),
        }
        self.steps = StepsForm(
            data, initial={f"step_{s.step}": s.days for s in framework.steps.all()}
        )
        self.section_errors: dict[str, list[str]] = {}
        self._rows: dict[str, list[forms.ModelForm]] = {}  # type: ignore[type-arg]

    def is_valid(self) -> bool:
        results = [self.settings.is_valid(), self.steps.is_valid()]
        results += [formset.is_valid() for formset in self.formsets.values()]
        return all(results)

    def changes(self) -> FrameworkChanges:
        """The submitted state for frameworks.services.framework_update (after is_valid)."""
        self._rows = {key: list(fs.kept_forms()) for key, fs in self.formsets.items()}
        data = self.settings.cleaned_data

        def rows(key: str) -> list[dict[str, Any]]:
            return [{**form.cleaned_data, "pk": form.instance.pk} for form in self._rows[key]]

        return FrameworkChanges(
            settings=FrameworkSettings(
                name_th=data["name_th"],
                basic_score=data["basic_score"],
                standard_score=data["standard_score"],
                advanced_score=data["advanced_score"],
                interpolate=data["interpolate"],
                five_level_floor=data["five_level_floor"],
                precision=data["precision"],
            ),
            components=tuple(
                ComponentRow(
                    r["code"], r["name_th"], r["weight"], r["name_en"], r["order"] or 0, r["pk"]
                )
                for r in rows("components")
            ),
            result_levels=tuple(
                ResultLevelRow(r["code"], r["label_th"], r["min_total"], r["pk"])
                for r in rows("result_levels")
            ),
            rounds=tuple(
                RoundRow(r["name_th"], r["months"], r["period_end"], r["due_date"], r["pk"])
                for r in rows("rounds")
            ),
            step_days=self.steps.step_days(),
        )

    @property
    def expected_version(self) -> int:
        version: int = self.settings.cleaned_data["version"]
        return version

    def add_service_errors(self, error: ValidationError) -> None:
        """Show the service's errors next to what the user typed."""
        if not hasattr(error, "error_dict"):
            self.settings.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            section, _dot, rest = key.partition(".")
            if section in self.formsets:
                index, _dot, name = rest.partition(".")
                forms_ = self._rows.get(section, [])
                if (
                    index.isdigit()
                    and int(index) < len(forms_)
                    and name in forms_[int(index)].fields
                ):
                    forms_[int(index)].add_error(name, messages)
                else:
                    self.section_errors.setdefault(section, []).extend(messages)
            elif section == "steps":
                name = f"step_{rest}"
                if name in self.steps.fields:
                    self.steps.add_error(name, messages)
                else:
                    self.section_errors.setdefault("steps", []).extend(messages)
            else:
                field = key if key in self.settings.fields else None
                self.settings.add_error(field, messages)

    def with_extra_row(self, section: str) -> None:
        """Re-render with one more blank row in `section` (works without JavaScript)."""
        formset = self.formsets.get(section)
        if formset is None or not formset.is_bound:
            return
        data = formset.data.copy() if isinstance(formset.data, QueryDict) else dict(formset.data)
        key = f"{formset.prefix}-TOTAL_FORMS"
        data[key] = str(int(data.get(key, 0)) + 1)
        self.formsets[section] = type(formset)(
            data,
            instance=self.framework,
            prefix=formset.prefix,
            queryset=formset.get_queryset(),
        )


LINEAGE_MAX_BYTES = 5 * 1024 * 1024


class XlsxUploadForm(forms.Form):
    """An Excel file to import, checked for size and type before it is read."""

    file = forms.FileField(
        label=_("ไฟล์ Excel (.xlsx)"),
        help_text=_("คอลัมน์: ระดับ, รหัส, ชื่อ, รหัสแม่ — ดาวน์โหลดแม่แบบได้จากปุ่มด้านล่าง ขนาดไม่เกิน 5 MB"),
        widget=SizeLimitedFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            },
            max_bytes=LINEAGE_MAX_BYTES,
        ),
    )

    MAX_BYTES = LINEAGE_MAX_BYTES

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > self.MAX_BYTES:
            raise ValidationError(_("ไฟล์ใหญ่เกิน 5 MB"))
        if not file.name.lower().endswith(".xlsx"):
            raise ValidationError(_("ไฟล์ต้องเป็น Excel (.xlsx)"))
        return file


class LineageUploadForm(XlsxUploadForm):
    # The plan tree the file is of (issue 17 item 5): its rows are checked against that tree's
    # levels; empty = a file of any trees, each row naming its level.
    tree = forms.ChoiceField(
        label=_("แผน"),
        required=False,
        choices=[("", _("ทุกแผน (ระบุระดับในแต่ละแถว)")), *PlanTree.choices],
    )

    field_order = ["tree", "file"]


class StrategicKpiUploadForm(XlsxUploadForm):
    """The Excel file of Strategic KPIs (frameworks.strategic_kpis)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "คอลัมน์: รหัส, ชื่อ, ระดับ, หน่วยงานเจ้าของ, ปีงบประมาณเริ่มต้น, ปีงบประมาณสิ้นสุด "
            "— ดาวน์โหลดแม่แบบได้จากปุ่มด้านล่าง ขนาดไม่เกิน 5 MB"
        )


class StrategicKpiForm(forms.ModelForm[StrategicKpi]):
    """One Strategic KPI; never saved by itself (frameworks.strategic_kpis.strategic_kpi_save)."""

    first_year = IntegerField(label=_("ปีงบประมาณเริ่มต้น"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    last_year = IntegerField(
        label=_("ปีงบประมาณสิ้นสุด"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
        help_text=_("เว้นว่างเมื่อยังใช้อยู่"),
    )

    class Meta:
        model = StrategicKpi
        fields = ["code", "name_th", "level", "owner", "first_year", "last_year"]
        widgets = {"name_th": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        """No model validation here: the service validates."""
