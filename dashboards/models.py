"""The traffic-light rule of a framework (issue 7 item 1).

The rule belongs to the year's framework, but the frameworks app is not ours to change: it lives
here as a one-to-one row the coordinator edits. Without a row (or with an empty field) the
framework's own level scores are the thresholds: green from the มาตรฐาน score, amber from the
ขั้นต้น score (`frameworks.lights.rule_for`; the rule reads this row through
`framework.traffic_light_rule`). The table stays in this app so that existing backups restore.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework


class TrafficLightRule(models.Model):
    framework = models.OneToOneField(
        Framework,
        verbose_name=_("กรอบการประเมิน"),
        on_delete=models.CASCADE,
        related_name="traffic_light_rule",
    )
    green_min_score = models.DecimalField(
        _("คะแนนคาดการณ์ขั้นต่ำของสถานะ “เป็นไปตามเป้าหมาย”"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("เว้นว่างเพื่อใช้คะแนนระดับมาตรฐานของกรอบการประเมิน"),
    )
    amber_min_score = models.DecimalField(
        _("คะแนนคาดการณ์ขั้นต่ำของสถานะ “มีความเสี่ยง”"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("เว้นว่างเพื่อใช้คะแนนระดับขั้นต้นของกรอบการประเมิน"),
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("เกณฑ์สัญญาณไฟจราจร")
        verbose_name_plural = _("เกณฑ์สัญญาณไฟจราจร")

    def __str__(self) -> str:
        return str(_("เกณฑ์สัญญาณไฟ %(framework)s") % {"framework": self.framework})
