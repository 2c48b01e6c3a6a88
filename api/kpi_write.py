"""`PATCH /kpis/{id}`: change a draft KPI sheet through indicators.services.kpi_update.
Registered on api.kpis.router (one path, several methods).

The body carries the `revision` the client read; a sheet changed since then answers 409
(`stale_revision`), never a silent overwrite (style.md). Permission (403) and every rule of the
sheet (422, one item per field) are the service's, exactly as on the edit page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict

from accounts.models import OrgUnit
from api.auth import caller
from api.common import Text, number_problem, ok
from api.errors import BODY, ApiError, error_item
from api.kpis import KpiDetailOut, KpiId, kpi_for_output, router, visible_kpi
from frameworks.models import Component
from indicators import services
from indicators.models import Kpi
from indicators.services import LevelInput

LONG_TEXT = 20_000
MAX_LEVELS = 20


class LevelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    target: Text = Field(..., max_length=40, examples=["80"])
    score: Text = Field(..., max_length=40, examples=["50"])
    label: Text = Field("", max_length=100)
    description: Text = Field("", max_length=LONG_TEXT)
    evidence: Text = Field("", max_length=LONG_TEXT)


class KpiPatchIn(Schema):
    """Fields left out (or null) stay as they are. Numbers are text, e.g. "20" or "12.5"."""

    model_config = ConfigDict(extra="forbid")

    revision: int = Field(..., ge=0, le=2**31 - 1, description="revision ที่อ่านมา (จาก GET)")
    number: Text | None = Field(None, max_length=16, examples=["1.2"])
    name_th: Text | None = Field(None, max_length=500)
    name_en: Text | None = Field(None, max_length=500)
    unit: Text | None = Field(None, max_length=100)
    weight: Text | None = Field(None, max_length=40, examples=["20"])
    description: Text | None = Field(None, max_length=LONG_TEXT)
    scope: Text | None = Field(None, max_length=LONG_TEXT)
    formula: Text | None = Field(None, max_length=500)
    method: Literal["levels", "scale5", "milestone", "pass_fail", "composite"] | None = None
    direction: Literal["higher", "lower"] | None = None
    interpolate: bool | None = None
    floor: Text | None = Field(None, max_length=40)
    conditions: Text | None = Field(None, max_length=LONG_TEXT)
    data_source: Text | None = Field(None, max_length=LONG_TEXT)
    collection_method: Text | None = Field(None, max_length=LONG_TEXT)
    evidence_required: Text | None = Field(None, max_length=LONG_TEXT)
    component: Text | None = Field(None, max_length=32, description="รหัสองค์ประกอบ")
    responsible_unit: Text | None = Field(None, max_length=32, description="รหัสหน่วยงาน")
    levels: list[LevelIn] | None = Field(
        None, max_length=MAX_LEVELS, description="เกณฑ์ทั้งชุด เรียงจากคะแนนต่ำสุด (แทนที่ของเดิม)"
    )


TEXT_FIELDS = (
    "number",
    "name_th",
    "name_en",
    "unit",
    "description",
    "scope",
    "formula",
    "method",
    "direction",
    "interpolate",
    "conditions",
    "data_source",
    "collection_method",
    "evidence_required",
)
DECIMAL_FIELDS = ("weight", "floor")


class _Collected:
    def __init__(self) -> None:
        self.problems: list[dict[str, Any]] = []

    def number(self, text: str, loc: tuple[str | int, ...]) -> Decimal | None:
        problem = number_problem(text)
        if problem is not None:
            self.problems.append(error_item((*BODY, *loc), problem))
            return None
        return Decimal(text.strip())


def _fields(payload: KpiPatchIn, kpi: Kpi, collected: _Collected) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: getattr(payload, name) for name in TEXT_FIELDS if getattr(payload, name) is not None
    }
    for name in DECIMAL_FIELDS:
        text = getattr(payload, name)
        if text is not None:
            fields[name] = collected.number(text, (name,))
    if payload.component is not None:
        component = Component.objects.filter(
            framework_id=kpi.framework_id, code=payload.component
        ).first()
        if component is None:
            message = _("ไม่มีองค์ประกอบรหัสนี้ในกรอบการประเมินของตัวชี้วัด")
            collected.problems.append(error_item((*BODY, "component"), message))
        fields["component"] = component
    if payload.responsible_unit is not None:
        unit = OrgUnit.objects.filter(
            department_id=kpi.framework.department_id, code=payload.responsible_unit
        ).first()
        if unit is None:
            message = _("ไม่มีหน่วยงานรหัสนี้ในส่วนราชการ")
            collected.problems.append(error_item((*BODY, "responsible_unit"), message))
        fields["responsible_unit"] = unit
    return fields


def _levels(payload: KpiPatchIn, collected: _Collected) -> list[LevelInput] | None:
    if payload.levels is None:
        return None
    levels: list[LevelInput] = []
    for i, level in enumerate(payload.levels):
        target = collected.number(level.target, ("levels", i, "target"))
        score = collected.number(level.score, ("levels", i, "score"))
        if target is not None and score is not None:
            levels.append(LevelInput(target, score, level.label, level.description, level.evidence))
    return levels


def _is_stale(exc: DjangoValidationError) -> bool:
    """kpi_update refuses a stale revision (found under its row lock) with an error coded
    indicators.services.STALE_REVISION, alone or among field errors."""
    if hasattr(exc, "error_dict"):
        errors = [error for field in exc.error_dict.values() for error in field]
    else:
        errors = exc.error_list
    return any(error.code == services.STALE_REVISION for error in errors)


@router.patch(
    "/kpis/{kpi_id}",
    response=ok(KpiDetailOut, 400, 403, 404, 409, 422),
    summary="แก้ไขตัวชี้วัดฉบับร่าง (ต้องส่ง revision ที่อ่านมา)",
    description="ผู้ประสานงานแก้ไขฉบับร่างใดก็ได้ของส่วนราชการ เจ้าของตัวชี้วัดแก้ไขได้เฉพาะของหน่วยงานตน "
    "(เหมือนหน้าแก้ไข). revision ไม่ตรงกับปัจจุบัน → 409 stale_revision",
    operation_id="kpi_update",
)
def kpi_update(request: HttpRequest, payload: KpiPatchIn, kpi_id: KpiId) -> Kpi:
    actor = caller(request)
    kpi = visible_kpi(request, kpi_id)
    collected = _Collected()
    fields = _fields(payload, kpi, collected)
    levels = _levels(payload, collected)
    if collected.problems:
        raise ValidationError(collected.problems)
    try:
        services.kpi_update(actor, kpi, fields, levels=levels, revision=payload.revision)
    except DjangoValidationError as exc:
        if _is_stale(exc):
            raise ApiError(
                409,
                "stale_revision",
                str(exc.messages[0]),
                "The KPI was changed by someone else; read it again and retry.",
            ) from None
        raise
    return kpi_for_output(request, visible_kpi(request, kpi_id))
