"""Forms of the submission page and the review. They turn input into the services' arguments;
the services decide (permission, validation, compare-and-swap)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.decimals import display_decimal
from core.forms import IntegerField, MultipleFileInput, SizeLimitedFileInput, ThaiDateField
from frameworks import scoring
from indicators.criteria import points_of, scored_by_points
from indicators.forms import ThaiDecimalField
from reporting import calc
from reporting.models import Submission
from reporting.results import round_weight_if_other
from reporting.services import ActivityInput, PointResultInput, SubmissionInput

TEXTAREA = forms.Textarea(attrs={"rows": 3})
ACTIVITY_ROWS_MIN = 3
ACTIVITY_ROWS_MAX = 30
ROW_NUMBER = "__N__"  # replaced by the row's number when the browser adds a row


def plain(value: Decimal | None) -> str:
    """ "85.0000" → "85", for putting a stored number back into an input."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class SubmissionForm(forms.Form):
    """Values per data item (or the result itself when the KPI has no formula), narrative per
    activity, factors, obstacles and suggestions, and the version the page was opened with."""

    version = IntegerField(widget=forms.HiddenInput, min_value=0)
    activity_count = IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    supporting_factors = forms.CharField(label=_("ปัจจัยสนับสนุน"), required=False, widget=TEXTAREA)
    obstacles = forms.CharField(label=_("อุปสรรค"), required=False, widget=TEXTAREA)
    suggestions = forms.CharField(label=_("ข้อเสนอแนะ"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, submission: Submission, **kwargs: Any) -> None:
        self.submission = submission
        kpi = submission.kpi
        activities = list(submission.activities.all())
        if "initial" not in kwargs and not args:
            kwargs["initial"] = self._initial(submission, activities)
        super().__init__(*args, **kwargs)
        self.value_names: list[str] = []
        if calc.uses_formula(kpi):
            for item in kpi.data_items.all():
                name = f"value_{item.code}"
                label = f"{item.code}: {item.name_th}" + (f" ({item.unit})" if item.unit else "")
                self.fields[name] = ThaiDecimalField(label=label, required=False)
                self.value_names.append(name)
        elif not scored_by_points(kpi):
            self.fields["direct_result"] = self._direct_field()
        # Assessment points (issue 17 item 2): a result and a short narrative per point.
        self.point_rows: list[tuple[str, str]] = []
        for point in points_of(kpi):
            result, narrative = f"point_result_{point.order}", f"point_narrative_{point.order}"
            unit = f" ({point.unit})" if point.unit else ""
            self.fields[result] = ThaiDecimalField(
                label=gettext("ผลการดำเนินงาน ประเด็นที่ %(n)s: %(name)s")
                % {"n": point.order, "name": point.name_th}
                + unit,
                required=False,
            )
            self.fields[narrative] = forms.CharField(
                label=gettext("คำอธิบายผล ประเด็นที่ %(n)s") % {"n": point.order},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.point_rows.append((result, narrative))
        count = self._activity_count(len(activities))
        self.activity_rows: list[tuple[str, str]] = []
        for i in range(1, count + 1):
            title, detail = f"activity_title_{i}", f"activity_detail_{i}"
            self.fields[title], self.fields[detail] = self._activity_fields(i)
            self.activity_rows.append((title, detail))
        self.fields["activity_count"].initial = count
        self.activity_rows_max = ACTIVITY_ROWS_MAX

    @staticmethod
    def _activity_fields(n: int | str) -> tuple[forms.Field, forms.Field]:
        title = forms.CharField(
            label=gettext("กิจกรรม/โครงการที่ %(n)s") % {"n": n}, required=False, max_length=300
        )
        detail = forms.CharField(
            label=gettext("ผลการดำเนินงานของกิจกรรมที่ %(n)s") % {"n": n},
            required=False,
            widget=TEXTAREA,
        )
        return title, detail

    def activity_row_template(self) -> list[forms.BoundField]:
        """One more activity row, numbered __N__: static/js/forms.js copies it into the form
        with the next number, so a row is added without a save and a reload. The fields are
        not the form's own; a posted row is read through activity_count."""
        title, detail = self._activity_fields(ROW_NUMBER)
        return [
            forms.BoundField(self, title, f"activity_title_{ROW_NUMBER}"),
            forms.BoundField(self, detail, f"activity_detail_{ROW_NUMBER}"),
        ]

    def _direct_field(self) -> forms.Field:
        kpi = self.submission.kpi
        levels = sorted(kpi.levels.all(), key=lambda level: (level.order, level.pk))
        if kpi.method == scoring.Method.MILESTONE:
            choices = [("", gettext("— เลือกขั้นที่ดำเนินการได้ —")), ("0", gettext("ยังไม่ถึงขั้นที่ 1"))]
            choices += [
                (str(i), f"{level.label or i}: {level.description}".strip(": "))
                for i, level in enumerate(levels, 1)
            ]
            return forms.TypedChoiceField(
                label=_("ขั้นสูงสุดที่ดำเนินการได้ครบ (ผ่านทุกขั้นก่อนหน้า)"),
                choices=choices,
                coerce=Decimal,
                empty_value=None,
                required=False,
            )
        if kpi.method == scoring.Method.PASS_FAIL:
            return forms.TypedChoiceField(
                label=_("ผลการประเมิน"),
                choices=[("", "—"), ("1", gettext("ผ่าน")), ("0", gettext("ไม่ผ่าน"))],
                coerce=Decimal,
                empty_value=None,
                required=False,
            )
        unit = f" ({kpi.unit})" if kpi.unit else ""
        return ThaiDecimalField(label=gettext("ผลการดำเนินงาน") + unit, required=False)

    def _activity_count(self, existing: int) -> int:
        posted = None
        if self.is_bound:
            try:
                posted = int(self.data.get("activity_count") or 0)
            except (TypeError, ValueError):
                posted = None
        count = posted if posted is not None else existing + 2
        return max(ACTIVITY_ROWS_MIN, min(ACTIVITY_ROWS_MAX, count))

    @staticmethod
    def _initial(submission: Submission, activities: list[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": submission.version,
            "supporting_factors": submission.supporting_factors,
            "obstacles": submission.obstacles,
            "suggestions": submission.suggestions,
        }
        for code in submission.values or {}:
            initial[f"value_{code}"] = plain(submission.value_of(code))
        if submission.result is not None:
            initial["direct_result"] = plain(submission.result)
        for key in submission.point_results or {}:
            if key.isdigit():
                initial[f"point_result_{key}"] = plain(submission.point_result(int(key)))
                initial[f"point_narrative_{key}"] = submission.point_narrative(int(key))
        for i, activity in enumerate(activities, 1):
            initial[f"activity_title_{i}"] = activity.title
            initial[f"activity_detail_{i}"] = activity.detail
        return initial

    def to_input(self) -> SubmissionInput:
        data = self.cleaned_data
        values = {name.removeprefix("value_"): data.get(name) for name in self.value_names}
        return SubmissionInput(
            values=values,
            direct_result=data.get("direct_result"),
            activities=tuple(
                ActivityInput(data.get(title) or "", data.get(detail) or "")
                for title, detail in self.activity_rows
            ),
            supporting_factors=data.get("supporting_factors") or "",
            obstacles=data.get("obstacles") or "",
            suggestions=data.get("suggestions") or "",
            points=self._points(data),
        )

    def _points(self, data: dict[str, Any]) -> dict[int, PointResultInput]:
        return {
            int(result.removeprefix("point_result_")): PointResultInput(
                data.get(result), data.get(narrative) or ""
            )
            for result, narrative in self.point_rows
        }

    def preview(self) -> calc.Computed:
        """The live result and score for what is typed now (invalid numbers count as blank)."""
        values: dict[str, Decimal | None] = {}
        cleaned = getattr(self, "cleaned_data", {})
        for name in self.value_names:
            values[name.removeprefix("value_")] = cleaned.get(name)
        points = {order: point.result for order, point in self._points(cleaned).items()}
        return calc.compute(
            self.submission.kpi,
            values,
            cleaned.get("direct_result"),
            points,
            weight=round_weight_if_other(self.submission),
        )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("ความเห็น/สิ่งที่ต้องแก้ไข"), widget=TEXTAREA)
    version = IntegerField(widget=forms.HiddenInput, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลที่เปิดให้แก้ไขหลังปิดรอบ"), widget=TEXTAREA)
    version = IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label=_("ชื่อหลักฐาน"),
        required=False,
        max_length=300,
        help_text=_("เว้นว่างได้ ระบบจะใช้ชื่อไฟล์"),
    )
    file = forms.FileField(
        label=_("ไฟล์ (PDF, DOCX, XLSX, JPG, PNG)"),
        widget=SizeLimitedFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class RoundOpenForm(forms.Form):
    appeal_days = IntegerField(
        label=_("ระยะเวลาอุทธรณ์ผลคะแนน (วัน)"), min_value=1, max_value=365, initial=14
    )


class ReviewerScoreForm(forms.Form):
    score = ThaiDecimalField(label=_("คะแนนจากผู้ประเมิน"))
    comment = forms.CharField(label=_("ความเห็นผู้ประเมิน"), required=False, widget=TEXTAREA)


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service validates each."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลการอุทธรณ์"), widget=TEXTAREA)
    requested_score = ThaiDecimalField(label=_("คะแนนที่ขอ (ถ้ามี)"), required=False)
    attachments = MultipleFileField(
        label=_("หลักฐานประกอบคำอุทธรณ์"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class AppealAnswerForm(forms.Form):
    answer = forms.CharField(label=_("คำชี้แจงผลการพิจารณา"), widget=TEXTAREA)
    new_score = ThaiDecimalField(label=_("คะแนนใหม่ (เว้นว่างเมื่อคงคะแนนเดิม)"), required=False)


def score_text(value: Decimal | None) -> str:
    return display_decimal(value, 2) if value is not None else "—"


class PresentationForm(forms.Form):
    """The record that the round's results were presented to the executives."""

    presented_on = ThaiDateField(
        label=_("วันที่นำเสนอ"),
        error_messages={"required": _("กรุณาระบุวันที่นำเสนอผลต่อผู้บริหาร")},
    )
    meeting = forms.CharField(
        label=_("การประชุม"),
        max_length=300,
        help_text=_("เช่น การประชุมผู้บริหาร สผ. ครั้งที่ 4/2569"),
        error_messages={"required": _("กรุณาระบุการประชุมที่นำเสนอ")},
    )
    note = forms.CharField(
        label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
