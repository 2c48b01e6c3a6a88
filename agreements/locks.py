"""After signing, a department's KPI set changes only through an approved amendment (§7)."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from agreements.models import Agreement, Amendment
from frameworks.models import Framework

SIGNED_STATES = (Agreement.State.SIGNED, Agreement.State.CIRCULATED)


def signed_agreement_lock(framework: Framework) -> str | None:
    if Agreement.objects.filter(framework=framework, state__in=SIGNED_STATES).exists():
        return _(
            "คำรับรองปีงบประมาณนี้ลงนามแล้ว ตัวชี้วัดเปลี่ยนแปลงได้ผ่านคำขอแก้ไขที่ สำนักงาน ก.พ.ร. อนุมัติแล้วเท่านั้น"
        )
    return None


def approved_amendments(framework: Framework, kpi_key: uuid.UUID | None) -> dict[int, Amendment]:
    """The approved amendments a round's rule may cite (indicators.locks), this KPI's only when
    a key is given."""
    rows = Amendment.objects.filter(
        agreement__framework=framework, state=Amendment.State.APPROVED
    ).select_related("kpi")
    if kpi_key is not None:
        rows = rows.filter(kpi__key=kpi_key)
    return {a.pk: a for a in rows}


def signed_agreement(framework: Framework) -> Any:
    agreement = Agreement.objects.filter(framework=framework).first()
    return agreement if agreement is not None and agreement.signed_snapshot else None
