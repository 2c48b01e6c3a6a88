"""Writes that carry KPIs into a new year with baselines from their accepted results (issue 17
item 6). The indicators services check permission and state and write the audit events."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from frameworks.models import Framework
from indicators import selectors as kpi_selectors
from indicators import services as kpi_services
from indicators.models import Kpi
from indicators.services import BaselineInput
from reporting.baselines import accepted_results, baselines_from_results, result_baseline


def kpi_fill_baselines(actor: AbstractBaseUser, kpi: Kpi) -> Kpi:
    """Fill a draft sheet's baselines from its predecessors' accepted 12-month results; years
    without one keep what was typed."""
    if not kpi_selectors.permissions_for(actor, kpi.framework).may_edit_content(kpi):
        raise PermissionDenied(_("ท่านแก้ไขได้เฉพาะตัวชี้วัดที่หน่วยงานของท่านรับผิดชอบ (หรือในฐานะผู้ประสานงาน)"))
    if kpi.predecessor is None:
        raise ValidationError(
            {"predecessor": [_("เลือกตัวชี้วัดเดียวกันของปีก่อนในหน้าแก้ไขก่อน จึงจะเติมข้อมูลพื้นฐานได้")]}
        )
    merged = {
        b.fiscal_year: BaselineInput(b.fiscal_year, b.value, b.note) for b in kpi.baselines.all()
    }
    for year, value in accepted_results(kpi.predecessor, kpi.framework).items():
        merged[year] = result_baseline(year, value)
    return kpi_services.kpi_update(
        actor, kpi, baselines=[merged[y] for y in sorted(merged)], revision=kpi.revision
    )


def kpis_continue(
    actor: AbstractBaseUser, framework: Framework, sources: Sequence[Kpi]
) -> list[Kpi]:
    """Carry earlier KPIs into `framework` with baselines from their accepted results, in one
    transaction (indicators.services.kpis_carry_forward)."""
    with transaction.atomic():
        return kpi_services.kpis_carry_forward(
            actor, framework, sources, baselines_for=baselines_from_results
        )
