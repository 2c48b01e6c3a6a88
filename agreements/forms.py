"""Forms of the agreement pages. They parse input only; the services validate the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Department, OrgUnit
from agreements.models import Agreement, Resolution
from agreements.services.parties import MAX_PER_SIDE, PartyInput
from agreements.terms import Terms
from core.decimals import parse_decimal
from core.forms import MultipleFileInput, SizeLimitedFileInput, ThaiDateField
from frameworks.models import Component, Framework
from indicators.models import Direction, Kpi, ScoringMethod

LEVEL_ROWS = 5
ACCEPT = ".pdf,.docx,.xlsx"


class MultipleFileField(forms.FileField):
    """Zero or more files (the services validate type and size)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def single_file(required: bool = True, label: Any = "") -> forms.FileField:
    return forms.FileField(
        label=label or gettext_lazy("ไฟล์ (PDF, DOCX หรือ XLSX)"),
        required=required,
        widget=SizeLimitedFileInput(attrs={"accept": ACCEPT}),
    )


class StartForm(forms.Form):
    started_on = ThaiDateField(label=gettext_lazy("วันเริ่มขั้นตอนที่ 1"))
    day_basis = forms.ChoiceField(
        label=gettext_lazy("การนับระยะเวลา"), choices=Agreement.DayBasis.choices
    )


class SettingsForm(forms.Form):
    started_on = ThaiDateField(label=gettext_lazy("วันเริ่มขั้นตอนที่ 1"))
    day_basis = forms.ChoiceField(
        label=gettext_lazy("การนับระยะเวลา"), choices=Agreement.DayBasis.choices
    )
    negotiation_due = ThaiDateField(
        label=gettext_lazy("วันเจรจาที่สำนักงาน ก.พ.ร. กำหนด"),
        required=False,
        help_text=gettext_lazy("กำหนดส่งของขั้นตอนที่ 2 เว้นว่างหากยังไม่ทราบ"),
    )


class MemoForm(forms.Form):
    """The confirmation memo's ที่ and เรียน, saved with the agreement (domain §10)."""

    memo_number = forms.CharField(
        label=gettext_lazy("เลขที่บันทึกข้อความ (ที่)"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("เช่น ทส 1009/123 เว้นว่างไว้เพื่อเติมเองในไฟล์ Word"),
    )
    memo_addressee = forms.CharField(
        label=gettext_lazy("เรียน"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("เว้นว่าง: เลขาธิการ ก.พ.ร."),
    )


class EmblemForm(forms.Form):
    emblem = forms.FileField(
        label=gettext_lazy("ภาพตราครุฑ (PNG หรือ JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
    )


class HolidayForm(forms.Form):
    date = ThaiDateField(label=gettext_lazy("วันที่"))
    name = forms.CharField(label=gettext_lazy("ชื่อวันหยุด"), max_length=255)


class GuidelineForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("ชื่อเอกสาร"), max_length=255, required=False)
    file = single_file()


class BriefingForm(forms.Form):
    held_on = ThaiDateField(label=gettext_lazy("วันที่ประชุม"))
    title = forms.CharField(label=gettext_lazy("หัวข้อการประชุม"), max_length=255)
    attendees = forms.CharField(
        label=gettext_lazy("ผู้เข้าร่วมประชุม (บรรทัดละหนึ่งคน)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    minutes = forms.CharField(
        label=gettext_lazy("สรุปการประชุม"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=gettext_lazy("เอกสารประกอบ (PDF, DOCX หรือ XLSX)"))


class DataRequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("หน่วยงาน"), queryset=OrgUnit.objects.none())
    subject = forms.CharField(label=gettext_lazy("ข้อมูลที่ขอ"), max_length=255)
    details = forms.CharField(
        label=gettext_lazy("รายละเอียด"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = ThaiDateField(label=gettext_lazy("กำหนดส่ง"))

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OrgUnit.objects.filter(department=department).order_by("order", "name_th")


class DataResponseForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("ข้อมูล/คำตอบ"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=gettext_lazy("ไฟล์ข้อมูล (PDF, DOCX หรือ XLSX)"))


class CommentForm(forms.Form):
    kpi_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=gettext_lazy("ความเห็น"), widget=forms.Textarea(attrs={"rows": 2}))


class ResolutionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("มติ"), choices=Resolution.Decision.choices, widget=forms.RadioSelect
    )
    meeting_number = forms.CharField(
        label=gettext_lazy("การประชุมครั้งที่"),
        max_length=50,
        help_text=gettext_lazy("เช่น 3/2568"),
    )
    meeting_date = ThaiDateField(label=gettext_lazy("วันที่ประชุม"))
    text = forms.CharField(label=gettext_lazy("มติที่ประชุม"), widget=forms.Textarea(attrs={"rows": 3}))


class RoundForm(forms.Form):
    held_on = ThaiDateField(label=gettext_lazy("วันที่เจรจา"))
    participants = forms.CharField(
        label=gettext_lazy("ผู้เข้าร่วม (บรรทัดละหนึ่งคน)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=gettext_lazy("บันทึกการเจรจา"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=gettext_lazy("เอกสารประกอบ (PDF, DOCX หรือ XLSX)"))


def _decimal_field(label: Any, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class TermsForm(forms.Form):
    """Name, weight, scoring method, direction and up to five levels (label, target, score and
    the level's description, which for a milestone KPI is the achievement itself)."""

    name_th = forms.CharField(label=gettext_lazy("ชื่อตัวชี้วัด"), max_length=500)
    weight = _decimal_field(gettext_lazy("น้ำหนัก (ร้อยละ)"), required=True)
    method = forms.ChoiceField(label=gettext_lazy("วิธีให้คะแนน"), choices=ScoringMethod.choices)
    direction = forms.ChoiceField(label=gettext_lazy("ทิศทาง"), choices=Direction.choices)
    note = forms.CharField(
        label=gettext_lazy("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each input is labelled with its row, since the table's headers are not labels.
        for i in range(LEVEL_ROWS):
            n = {"n": i + 1}
            self.fields[f"level_{i}_label"] = forms.CharField(
                label=_("ชื่อระดับที่ %(n)s") % n, required=False, max_length=100
            )
            self.fields[f"level_{i}_target"] = _decimal_field(_("ค่าเป้าหมายระดับที่ %(n)s") % n)
            self.fields[f"level_{i}_score"] = _decimal_field(_("คะแนนระดับที่ %(n)s") % n)
            self.fields[f"level_{i}_description"] = forms.CharField(
                label=_("คำอธิบายระดับที่ %(n)s") % n,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_from(terms: Terms | None) -> dict[str, Any]:
        if not terms:
            return {}
        initial: dict[str, Any] = {
            name: terms.get(name, "") for name in ("name_th", "weight", "method", "direction")
        }
        # Terms saved before weights were written plainly hold "2E+1" for 20.
        weight = parse_decimal(str(terms.get("weight") or ""))
        if weight is not None:
            initial["weight"] = format(weight.normalize(), "f")
        for i, level in enumerate((terms.get("levels") or [])[:LEVEL_ROWS]):
            initial[f"level_{i}_label"] = level.get("label", "")
            initial[f"level_{i}_target"] = level.get("target", "")
            initial[f"level_{i}_score"] = level.get("score", "")
            initial[f"level_{i}_description"] = level.get("description", "")
        return initial

    def level_rows(
        self,
    ) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                self[f"level_{i}_label"],
                self[f"level_{i}_target"],
                self[f"level_{i}_score"],
                self[f"level_{i}_description"],
            )
            for i in range(LEVEL_ROWS)
        ]

    def clean_weight(self) -> Decimal:
        value = parse_decimal(self.cleaned_data["weight"])
        if value is None:
            raise forms.ValidationError(_("ต้องเป็นตัวเลข"))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        levels: list[dict[str, str]] = []
        for i in range(LEVEL_ROWS):
            label = (data.get(f"level_{i}_label") or "").strip()
            target_text = (data.get(f"level_{i}_target") or "").strip()
            score_text = (data.get(f"level_{i}_score") or "").strip()
            description = (data.get(f"level_{i}_description") or "").strip()
            if not (label or target_text or score_text or description):
                continue
            target = parse_decimal(target_text) if target_text else Decimal(0)
            score = parse_decimal(score_text)
            if target is None:
                self.add_error(f"level_{i}_target", _("ต้องเป็นตัวเลข"))
                continue
            if score is None:
                self.add_error(f"level_{i}_score", _("ต้องเป็นตัวเลข"))
                continue
            levels.append(
                {
                    "label": label,
                    "target": str(target),
                    "score": str(score),
                    "description": description,
                }
            )
        data["levels"] = levels
        return data

    def terms(self) -> Terms:
        data = self.cleaned_data
        return {
            "name_th": data["name_th"].strip(),
            "weight": str(data["weight"]),
            "method": data["method"],
            "direction": data["direction"],
            "levels": data["levels"],
        }


class _Versioned(forms.Form):
    """The position's version the form was opened with, sent back on save (issue 15 item 4)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class CounterForm(TermsForm, _Versioned):
    drop = forms.BooleanField(
        label=gettext_lazy("สำนักงาน ก.พ.ร. เสนอให้ตัดตัวชี้วัดนี้ออก"), required=False
    )


class SettleForm(TermsForm, _Versioned):
    outcome = forms.ChoiceField(
        label=gettext_lazy("ผลการเจรจา"),
        choices=[
            ("accepted", gettext_lazy("ยอมรับตามที่ส่วนราชการเสนอ")),
            ("changed", gettext_lazy("ปรับแก้ตามค่าที่ตกลงด้านล่าง")),
            ("dropped", gettext_lazy("ตัดออก")),
            ("pending", gettext_lazy("ยังไม่ได้ข้อยุติ")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Terms are needed only for "changed"; the view checks.
        for name in ("name_th", "weight", "method", "direction"):
            self.fields[name].required = False

    def clean_weight(self) -> Decimal | None:  # type: ignore[override]
        text = self.cleaned_data.get("weight") or ""
        if not text:
            return None
        return super().clean_weight()


class AddKpiForm(TermsForm):
    component = forms.ModelChoiceField(
        label=gettext_lazy("องค์ประกอบ"), queryset=Component.objects.none()
    )
    number = forms.CharField(label=gettext_lazy("ลำดับตัวชี้วัด"), max_length=16)

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["component"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = framework.components.all()


class AgreeForm(forms.Form):
    agreed_on = ThaiDateField(label=gettext_lazy("วันที่ได้ข้อยุติ"))
    summary = forms.CharField(
        label=gettext_lazy("สรุปผลการเจรจาที่ สำนักงาน ก.พ.ร. เห็นชอบ"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SignForm(forms.Form):
    signed_on = ThaiDateField(label=gettext_lazy("วันที่ลงนาม"))
    scan = single_file(required=False, label=gettext_lazy("สำเนาคำรับรองที่ลงนาม (ถ้ามี)"))


class ScanForm(forms.Form):
    file = single_file(label=gettext_lazy("สำเนาคำรับรองที่ลงนาม (PDF)"))


class PublishForm(forms.Form):
    public = forms.BooleanField(
        label=gettext_lazy("เผยแพร่หน้าสาธารณะด้วย (ไม่ต้องเข้าสู่ระบบ)"), required=False
    )


class AmendmentForm(forms.Form):
    kpi = forms.ModelChoiceField(label=gettext_lazy("ตัวชี้วัด"), queryset=Kpi.objects.none())
    reason = forms.CharField(
        label=gettext_lazy("เหตุผลในการขอปรับ"), widget=forms.Textarea(attrs={"rows": 3})
    )
    proposed_change = forms.CharField(
        label=gettext_lazy("สิ่งที่ขอปรับ"), widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(label=gettext_lazy("เอกสารประกอบ (PDF, DOCX หรือ XLSX)"))

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kpi"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Kpi.objects.filter(
            framework=framework, is_latest=True, state=Kpi.State.APPROVED, parent__isnull=True
        ).select_related("component")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("ผลการพิจารณา"),
        choices=[("approve", gettext_lazy("อนุมัติ")), ("reject", gettext_lazy("ไม่อนุมัติ"))],
        widget=forms.RadioSelect,
    )
    effective_from = ThaiDateField(label=gettext_lazy("มีผลตั้งแต่"), required=False)
    note = forms.CharField(
        label=gettext_lazy("ความเห็น"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PartyForm(forms.Form):
    """One party to the agreement (issue 17 item 7): a row of the givers' or receivers' list."""

    name = forms.CharField(label=gettext_lazy("ชื่อ"), required=False, max_length=255)
    position = forms.CharField(
        label=gettext_lazy("ตำแหน่ง"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("ตามที่จะพิมพ์ในคำรับรอง"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, position = data.get("name", "").strip(), data.get("position", "").strip()
        if name and not position:
            self.add_error("position", gettext_lazy("กรุณาระบุตำแหน่ง"))
        if position and not name:
            self.add_error("name", gettext_lazy("กรุณาระบุชื่อ"))
        return data


PartyFormSet = forms.formset_factory(
    PartyForm, extra=1, can_order=True, can_delete=True, max_num=MAX_PER_SIDE, validate_max=True
)


def party_formset(data: Any, side: str, initial: list[dict[str, str]]) -> forms.BaseFormSet[Any]:
    """The rows of one side, numbered 1, 2, … in the order field (ลำดับ): the coordinator
    reorders by changing the numbers; a blank row adds a party, ลบ removes one."""
    rows = [{**row, "ORDER": index} for index, row in enumerate(initial, start=1)]
    formset: forms.BaseFormSet[Any] = PartyFormSet(data, prefix=side, initial=rows)
    return formset


def parties_from(formset: forms.BaseFormSet[Any]) -> list[PartyInput]:
    """The filled rows in the order the coordinator numbered them (blank rows skipped)."""
    return [
        PartyInput(form.cleaned_data.get("name", ""), form.cleaned_data.get("position", ""))
        for form in formset.ordered_forms
        if form.cleaned_data.get("name") or form.cleaned_data.get("position")
    ]
