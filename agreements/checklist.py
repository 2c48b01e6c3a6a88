"""The verification checklist of step 3 (domain §7: verify the agreed result before signing),
computed from the KPI sheets, never ticked by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.terms import diff_snapshots, framework_kpis, snapshot_of
from core.decimals import display_decimal
from frameworks import scoring
from indicators.criteria import criteria_for
from indicators.models import Kpi

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    problems: list[str] = field(default_factory=list)


def _names(kpis: list[Kpi]) -> list[str]:
    return [f"{kpi.number} {kpi.name_th}" for kpi in kpis]


def verification_checklist(agreement: Agreement) -> list[Check]:
    framework = agreement.framework
    kpis = framework_kpis(framework)
    components = list(framework.components.all())
    checks: list[Check] = []
    total = sum((kpi.weight for kpi in kpis), Decimal(0))
    checks.append(
        Check(
            _("น้ำหนักรวมทุกตัวชี้วัดเท่ากับ 100"),
            total == HUNDRED,
            [] if total == HUNDRED else [_("รวมได้ %(t)s") % {"t": display_decimal(total, 2)}],
        )
    )
    for component in components:
        subtotal = sum((k.weight for k in kpis if k.component_id == component.pk), Decimal(0))
        ok = subtotal == component.weight
        checks.append(
            Check(
                _("องค์ประกอบ %(c)s: น้ำหนักตัวชี้วัดรวมเท่ากับ %(w)s")
                % {"c": component.name_th, "w": display_decimal(component.weight, 2)},
                ok,
                [] if ok else [_("รวมได้ %(t)s") % {"t": display_decimal(subtotal, 2)}],
            )
        )
    rules: list[tuple[str, list[Kpi]]] = [
        (_("ทุกตัวชี้วัดมีหน่วยงานที่รับผิดชอบ"), [k for k in kpis if k.responsible_unit_id is None]),
        (_("ทุกตัวชี้วัดมีผู้กำกับดูแลตัวชี้วัด"), [k for k in kpis if k.overseer_id is None]),
        (_("ทุกตัวชี้วัดมีผู้จัดเก็บข้อมูล"), [k for k in kpis if not k.collectors.all()]),
        (_("ทุกตัวชี้วัดมีค่าเป้าหมาย"), [k for k in kpis if not k.levels.all()]),
        (
            _("เกณฑ์การให้คะแนนของทุกตัวชี้วัดถูกต้อง"),
            [k for k in kpis if k.levels.all() and scoring.validate_criteria(criteria_for(k))],
        ),
        (_("ทุกตัวชี้วัดระบุเอกสาร/หลักฐานประกอบ"), [k for k in kpis if not k.evidence_required.strip()]),
    ]
    checks += [Check(label, not failing, _names(failing)) for label, failing in rules]
    if agreement.agreed_snapshot is not None:
        drift = [
            d
            for d in diff_snapshots(agreement.agreed_snapshot, snapshot_of(framework, kpis))
            if d.status != "unchanged"
        ]
        checks.append(
            Check(
                _("รายละเอียดตัวชี้วัดตรงกับผลการเจรจาที่ตกลง"),
                not drift,
                [f"{d.number} {d.name_th}: {d.status_label}" for d in drift],
            )
        )
    drafts = [k for k in kpis if k.state != Kpi.State.APPROVED]
    checks.append(
        Check(
            _("รายละเอียดตัวชี้วัดทุกตัวได้รับอนุมัติ (ล็อกฉบับที่จะลงนาม)"),
            bool(kpis) and not drafts,
            _names(drafts) if kpis else [_("ยังไม่มีตัวชี้วัด")],
        )
    )
    return checks


def checklist_passes(checks: list[Check]) -> bool:
    return all(check.ok for check in checks)
