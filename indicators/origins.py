"""Where a KPI comes from (issue 17 item 4), in e-SAR's wording: the one place the statement is
written, so the sheet page, the KPI sheet document, the agreement annex, the e-SAR export and
the API never disagree."""

from __future__ import annotations

from typing import Any

from frameworks.models import StrategicKpi
from indicators.models import Kpi, OriginRelation


def strategic_kpi_text(strategic: StrategicKpi) -> str:
    """ "SK-01 ชื่อ (ยุทธศาสตร์ชาติ · สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ)"."""
    level = strategic.get_level_display()
    return f"{strategic.code} {strategic.name_th} ({level} · {strategic.owner})"


def origin_statement(kpi: Kpi) -> str:
    """ "ตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs: SK-01 …", or "" when the KPI
    comes from no Strategic KPI."""
    strategic = kpi.strategic_kpi
    if strategic is None or kpi.origin_relation not in OriginRelation.values:
        return ""
    relation = OriginRelation(kpi.origin_relation).label
    return f"{relation}: {strategic_kpi_text(strategic)}"


def origin_data(kpi: Kpi) -> dict[str, Any] | None:
    """The API's `origin`: {relation, strategic_kpi: {code, name, level, owner}} or None."""
    strategic = kpi.strategic_kpi
    if strategic is None or not kpi.origin_relation:
        return None
    return {
        "relation": kpi.origin_relation,
        "strategic_kpi": {
            "code": strategic.code,
            "name": strategic.name_th,
            "level": strategic.level,
            "owner": strategic.owner,
        },
    }
