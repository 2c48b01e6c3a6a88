"""KPI "terms": the negotiated part of a KPI sheet as plain JSON, and field-by-field diffs.

The committee-approved draft, every negotiation position and the agreed and signed sets are
frozen copies in this form, so a diff made next year shows the same thing as today's (domain §7
step 2: proposal vs counter-proposal per field). Decimals are stored as strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.decimals import display_decimal
from frameworks.models import Framework
from indicators.models import Direction, Kpi, ScoringMethod
from indicators.origins import origin_statement

Terms = dict[str, Any]

# The fields OPDC may change in a negotiation (domain §7 step 2).
NEGOTIATED_FIELDS: dict[str, Any] = {
    "name_th": gettext_lazy("ชื่อตัวชี้วัด"),
    "component": gettext_lazy("องค์ประกอบ"),
    "weight": gettext_lazy("น้ำหนัก"),
    "method": gettext_lazy("วิธีให้คะแนน"),
    "direction": gettext_lazy("ทิศทาง"),
    "levels": gettext_lazy("ค่าเป้าหมายและเกณฑ์การให้คะแนน"),
}


def _dec(value: Decimal | None) -> str | None:
    """ "80.0000" → "80", "12.5000" → "12.5" (never exponent notation such as "8E+1")."""
    return None if value is None else format(value.normalize(), "f")


def level_terms(kpi: Kpi) -> list[dict[str, str]]:
    """Label, target, score and description of each level; terms frozen before descriptions
    were part of them have none (readers fall back to the KPI sheet's)."""
    levels = sorted(kpi.levels.all(), key=lambda level: (level.order, level.pk))
    return [
        {
            "label": level.label,
            "target": _dec(level.target) or "0",
            "score": _dec(level.score) or "0",
            "description": level.description,
        }
        for level in levels
    ]


def kpi_terms(kpi: Kpi) -> Terms:
    """The KPI's terms. Prefetch levels, collectors, assessment points and the lineage
    (indicators.selectors.lineage_prefetch); select component, unit and overseer."""
    from indicators.selectors import linked_lineage_trees

    return {
        "key": str(kpi.key),
        "version": kpi.version,
        "number": kpi.number,
        "component": kpi.component.code,
        "component_name": kpi.component.name_th,
        "name_th": kpi.name_th,
        "unit": kpi.unit,
        "weight": _dec(kpi.weight),
        "method": kpi.method,
        "direction": kpi.direction,
        "levels": level_terms(kpi),
        "responsible_unit": kpi.responsible_unit.name_th if kpi.responsible_unit else "",
        "overseer": kpi.overseer.full_name if kpi.overseer else "",
        "collectors": [person.full_name for person in kpi.collectors.all()],
        "evidence_required": kpi.evidence_required,
        # Where the KPI comes from, as the annex states it (issue 17 item 4).
        "origin": origin_statement(kpi),
        # One path per plan tree (issue 17 item 5) and the assessment points (item 2), as the
        # annex prints them; terms frozen before have neither (the annex then shows none).
        "lineage": [
            {
                "tree": tree.tree,
                "path": [{"code": node.code, "name": node.name_th} for node in tree.nodes],
            }
            for tree in linked_lineage_trees(kpi.lineage.all())
        ],
        "assessment_points": [
            {
                "order": point.order,
                "name": point.name_th,
                "unit": point.unit,
                "weight": _dec(point.weight),
            }
            for point in sorted(kpi.assessment_points.all(), key=lambda p: (p.order, p.pk))
        ],
    }


def framework_kpis(framework: Framework) -> list[Kpi]:
    """The framework's current KPI set: latest version of each top-level KPI, in order."""
    from indicators.selectors import kpi_sort_key, lineage_prefetch

    kpis = list(
        Kpi.objects.filter(framework=framework, is_latest=True, parent__isnull=True)
        .select_related("component", "responsible_unit", "overseer", "strategic_kpi")
        .prefetch_related("levels", "collectors", "assessment_points", lineage_prefetch())
    )
    return sorted(kpis, key=kpi_sort_key)


def snapshot_of(framework: Framework, kpis: Iterable[Kpi] | None = None) -> Terms:
    """A frozen copy of the framework's components and KPI terms."""
    chosen = list(kpis) if kpis is not None else framework_kpis(framework)
    return {
        "taken_at": timezone.now().isoformat(),
        "components": [
            {"code": c.code, "name_th": c.name_th, "weight": _dec(c.weight), "order": c.order}
            for c in framework.components.all()
        ],
        "kpis": [kpi_terms(kpi) for kpi in chosen],
    }


def total_weight(snapshot: Mapping[str, Any] | None) -> Decimal:
    if not snapshot:
        return Decimal(0)
    return sum((Decimal(str(k["weight"] or 0)) for k in snapshot.get("kpis", [])), Decimal(0))


# Display -------------------------------------------------------------------------------------


def show_levels(levels: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for level in levels:
        label = level.get("label") or _("ระดับ")
        target = display_decimal(Decimal(str(level.get("target", "0"))), 2)
        parts.append(f"{label} {target}")
    return " · ".join(parts) or "—"


def show_value(field_name: str, terms: Mapping[str, Any] | None) -> str:
    if not terms:
        return "—"
    value = terms.get(field_name)
    if field_name == "levels":
        return show_levels(value or [])
    if field_name == "weight":
        return display_decimal(Decimal(str(value)), 2) if value not in (None, "") else "—"
    if field_name == "method":
        return str(dict(ScoringMethod.choices).get(str(value), value or "—"))
    if field_name == "direction":
        return str(dict(Direction.choices).get(str(value), value or "—"))
    if field_name == "component":
        return str(terms.get("component_name") or value or "—")
    return str(value) if value not in (None, "") else "—"


# Diffs ---------------------------------------------------------------------------------------


def _normal(field_name: str, terms: Mapping[str, Any]) -> Any:
    value = terms.get(field_name)
    if field_name == "weight":
        return Decimal(str(value)) if value not in (None, "") else None
    if field_name == "levels":
        return [
            (
                str(level.get("label", "")),
                Decimal(str(level["target"])),
                Decimal(str(level["score"])),
            )
            for level in value or []
        ]
    return value


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class KpiDiff:
    """One KPI in a diff. status: "added", "dropped", "changed" or "unchanged"."""

    status: str
    number: str
    name_th: str
    before: Terms | None
    after: Terms | None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(DIFF_STATUS_LABELS[self.status])


DIFF_STATUS_LABELS = {
    "added": gettext_lazy("เพิ่มใหม่"),
    "dropped": gettext_lazy("ตัดออก"),
    "changed": gettext_lazy("ปรับแก้"),
    "unchanged": gettext_lazy("คงเดิม"),
}


def diff_terms(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> KpiDiff:
    source = after or before or {}
    number, name = str(source.get("number", "")), str(source.get("name_th", ""))
    if before is None:
        return KpiDiff("added", number, name, None, dict(after or {}))
    if after is None:
        return KpiDiff("dropped", number, name, dict(before), None)
    changes = [
        FieldChange(name_, str(label), show_value(name_, before), show_value(name_, after))
        for name_, label in NEGOTIATED_FIELDS.items()
        if _normal(name_, before) != _normal(name_, after)
    ]
    return KpiDiff(
        "changed" if changes else "unchanged", number, name, dict(before), dict(after), changes
    )


def diff_snapshots(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[KpiDiff]:
    """Field-by-field diff of two KPI sets, matched by KPI key, in the `after` order with dropped
    KPIs where they were."""
    old = {k["key"]: k for k in (before or {}).get("kpis", [])}
    new = {k["key"]: k for k in (after or {}).get("kpis", [])}
    diffs = [diff_terms(old.get(key), terms) for key, terms in new.items()]
    diffs += [diff_terms(terms, None) for key, terms in old.items() if key not in new]
    return diffs


def terms_differ(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    return any(_normal(name, before) != _normal(name, after) for name in NEGOTIATED_FIELDS)


# Input ---------------------------------------------------------------------------------------


def validate_terms(terms: Mapping[str, Any]) -> dict[str, str]:
    """Problems with proposed terms, per field, in Thai (the criteria through the scoring
    engine's own validation, domain §6)."""
    from frameworks import scoring

    errors: dict[str, str] = {}
    if not str(terms.get("name_th") or "").strip():
        errors["name_th"] = _("กรุณาระบุชื่อตัวชี้วัด")
    try:
        weight = Decimal(str(terms.get("weight")))
    except ArithmeticError:
        weight = Decimal("NaN")
    if not weight.is_finite() or not Decimal(0) < weight <= Decimal(100):
        errors["weight"] = _("น้ำหนักต้องเป็นตัวเลขมากกว่า 0 และไม่เกิน 100")
    if terms.get("method") not in ScoringMethod.values:
        errors["method"] = _("กรุณาเลือกวิธีให้คะแนน")
    if terms.get("direction") not in Direction.values:
        errors["direction"] = _("กรุณาเลือกทิศทาง")
    levels = list(terms.get("levels") or [])
    if not levels:
        errors["levels"] = _("ต้องมีค่าเป้าหมายอย่างน้อย 1 ระดับ")
    if errors:
        return errors
    criteria = scoring.Criteria(
        method=scoring.Method(terms["method"]),
        levels=tuple(
            scoring.Level(Decimal(str(lv["target"])), Decimal(str(lv["score"])), str(lv["label"]))
            for lv in levels
        ),
        direction=scoring.Direction(terms["direction"]),
    )
    problems = scoring.validate_criteria(criteria)
    if problems:
        errors["levels"] = " ".join(sorted({_(p.message) for p in problems}))
    return errors
