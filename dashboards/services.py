"""State changes of the dashboards app: the framework's traffic-light rule (issue 7 item 1)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import can_manage_department
from core.audit import audit_log
from dashboards.models import TrafficLightRule
from frameworks.lights import rule_for
from frameworks.models import Framework


def validate_rule(
    framework: Framework, green_min: Decimal | None, amber_min: Decimal | None
) -> dict[str, str]:
    """Thai errors per field; the thresholds in force (stored or default) must be ordered."""
    errors: dict[str, str] = {}
    top = framework.advanced_score
    for field, value in (("green_min_score", green_min), ("amber_min_score", amber_min)):
        if value is not None and (value < 0 or value > top):
            errors[field] = _("คะแนนต้องอยู่ระหว่าง 0 ถึง %(top)s") % {"top": f"{top.normalize():f}"}
    if not errors:
        rule = rule_for(framework, green_min, amber_min)
        if rule.amber_min > rule.green_min:
            errors["amber_min_score"] = _(
                "คะแนนขั้นต่ำของสถานะ “มีความเสี่ยง” (%(amber)s) ต้องไม่สูงกว่าคะแนนขั้นต่ำของสถานะ "
                "“เป็นไปตามเป้าหมาย” (%(green)s)"
            ) % {
                "amber": f"{rule.amber_min.normalize():f}",
                "green": f"{rule.green_min.normalize():f}",
            }
    return errors


def traffic_light_rule_update(
    actor: AbstractBaseUser,
    framework: Framework,
    *,
    green_min: Decimal | None,
    amber_min: Decimal | None,
) -> TrafficLightRule:
    """Set the framework's thresholds (None: use the framework's level score). Coordinators and
    administrators of the department (and superusers) only."""
    if not can_manage_department(actor, framework.department, framework.fiscal_year):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานหรือผู้ดูแลระบบของส่วนราชการเท่านั้นที่กำหนดเกณฑ์สัญญาณไฟได้"))
    errors = validate_rule(framework, green_min, amber_min)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule, _created = TrafficLightRule.objects.select_for_update().get_or_create(
            framework=framework
        )
        before = {"green_min_score": rule.green_min_score, "amber_min_score": rule.amber_min_score}
        rule.green_min_score = green_min
        rule.amber_min_score = amber_min
        rule.version += 1
        rule.updated_by_id = actor.pk
        rule.save()
        audit_log(
            actor,
            "dashboards.traffic_light_rule.updated",
            rule,
            {
                "framework": framework.pk,
                "before": {k: str(v) if v is not None else None for k, v in before.items()},
                "after": {
                    "green_min_score": str(green_min) if green_min is not None else None,
                    "amber_min_score": str(amber_min) if amber_min is not None else None,
                },
            },
        )
    return rule
