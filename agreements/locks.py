"""After signing, a department's KPI set changes only through an approved amendment (§7)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from agreements.models import Agreement
from frameworks.models import Framework

SIGNED_STATES = (Agreement.State.SIGNED, Agreement.State.CIRCULATED)


def signed_agreement_lock(framework: Framework) -> str | None:
    if Agreement.objects.filter(framework=framework, state__in=SIGNED_STATES).exists():
        return _(
            "คำรับรองปีงบประมาณนี้ลงนามแล้ว ตัวชี้วัดเปลี่ยนแปลงได้ผ่านคำขอแก้ไขที่ สำนักงาน ก.พ.ร. อนุมัติแล้วเท่านั้น"
        )
    return None
