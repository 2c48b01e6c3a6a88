"""What OPDC's e-SAR site asks for each KPI, in its order (issue 6 item 7; domain §10 "an
e-SAR-ready export"): the labels and the text to paste into each box.

The XLSX export (documents.xlsx_esar) and the copy page (documents.views.esar_page) both read these
fields, so the spreadsheet and the page never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from documents.builders.sar import SarKpi


@dataclass(frozen=True)
class EsarField:
    key: str  # stable identifier (element ids, tests)
    label: str
    text: str

    @property
    def rows(self) -> int:
        """Lines for a text area showing the text (at least 1, at most 12)."""
        return max(1, min(12, self.text.count("\n") + 1 + len(self.text) // 90))


def esar_fields(kpi: SarKpi) -> tuple[EsarField, ...]:
    fields = (
        EsarField("component", _("องค์ประกอบ"), kpi.component_text),
        EsarField("kpi", _("ตัวชี้วัด"), f"{kpi.number} {kpi.name}"),
        EsarField("weight", _("น้ำหนัก (ร้อยละ)"), kpi.weight_text),
        EsarField("targets", _("ค่าเป้าหมาย/เกณฑ์การให้คะแนน"), targets_text(kpi)),
        EsarField("result", _("ค่าผลการดำเนินงาน"), result_text(kpi)),
        EsarField("score", _("คะแนนประเมินตนเอง"), kpi.score_text),
        EsarField("level", _("ระดับที่ได้"), kpi.level_label),
        EsarField("narrative", _("ผลการดำเนินงาน"), narrative_text(kpi)),
        EsarField("factors", _("ปัจจัยสนับสนุน"), kpi.supporting_factors),
        EsarField("obstacles", _("อุปสรรค"), kpi.obstacles),
        EsarField("suggestions", _("ข้อเสนอแนะ"), kpi.suggestions),
        EsarField("evidence", _("เอกสาร/หลักฐานอ้างอิง"), evidence_text(kpi)),
        EsarField("origin", _("ที่มาจาก Strategic KPI"), kpi.origin),
    )
    if not kpi.assessment_points:
        return fields
    # A KPI with assessment points: e-SAR's point rows come right after the result.
    points = EsarField("points", _("ประเด็นการประเมิน | ผลการดำเนินงาน"), points_text(kpi))
    after = next(i for i, f in enumerate(fields) if f.key == "result") + 1
    return (*fields[:after], points, *fields[after:])


def targets_text(kpi: SarKpi) -> str:
    """One line per level: "มาตรฐาน: 90 ร้อยละ (75 คะแนน)"."""
    unit = f" {kpi.unit}" if kpi.unit else ""
    return "\n".join(
        _("%(label)s: %(target)s%(unit)s (%(score)s คะแนน)")
        % {
            "label": level.label,
            "target": level.target_text,
            "unit": unit,
            "score": level.score_text,
        }
        for level in kpi.levels
    )


def result_text(kpi: SarKpi) -> str:
    """The result with its unit, then the value of each data item."""
    if not kpi.accepted:
        return ""
    lines = [f"{kpi.result_text} {kpi.unit}".strip()]
    lines += [
        f"{value.code}: {value.name} = {value.value_text} {value.unit}".rstrip()
        for value in kpi.values
    ]
    return "\n".join(lines)


def points_text(kpi: SarKpi) -> str:
    """e-SAR's rows "ประเด็นการประเมิน | ผลการดำเนินงาน", one line per point with its unit,
    then the point's narrative on the next line (issue 17 item 2)."""
    lines = []
    for point in kpi.assessment_points:
        result = f"{point.result_text} {point.unit}".strip() if point.result_text else "—"
        lines.append(f"{point.order_text}. {point.name} | {result}")
        if point.narrative:
            lines.append(point.narrative)
    return "\n".join(lines)


def narrative_text(kpi: SarKpi) -> str:
    """ "1. activity" then its result on the next line, for each activity."""
    parts = []
    for activity in kpi.activities:
        parts.append(f"{activity.number}. {activity.title}")
        if activity.detail:
            parts.append(activity.detail)
    return "\n".join(parts)


def evidence_text(kpi: SarKpi) -> str:
    return "\n".join(f"{e.number}. {e.title}" for e in kpi.evidence)
