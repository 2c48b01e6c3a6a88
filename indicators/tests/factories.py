"""Factories for KPI sheets and the frameworks they belong to."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from conftest import PERSONA_FY
from frameworks.models import Component, Framework, PlanItem, ReportingRound
from indicators.models import Kpi, TargetLevel


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("department", "fiscal_year")

    fiscal_year = PERSONA_FY
    name_th = factory.LazyAttribute(lambda o: f"กรอบการประเมิน ปีงบประมาณ {o.fiscal_year}")
    template = Framework.Template.PERFORMANCE_POTENTIAL
    basic_score = Decimal(50)
    standard_score = Decimal(70)
    advanced_score = Decimal(100)


class ComponentFactory(DjangoModelFactory):
    class Meta:
        model = Component
        django_get_or_create = ("framework", "code")

    framework = factory.SubFactory(FrameworkFactory)
    order = 1
    code = "performance"
    name_th = "การประเมินประสิทธิภาพการดำเนินงาน"
    name_en = "Performance Base"
    weight = Decimal(70)


class ReportingRoundFactory(DjangoModelFactory):
    class Meta:
        model = ReportingRound

    framework = factory.SubFactory(FrameworkFactory)
    order = 1
    name_th = "รอบ 6 เดือน"
    months = 6
    period_end = datetime.date(2026, 3, 31)
    due_date = datetime.date(2026, 4, 30)


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    level = PlanItem.Level.NATIONAL
    code = factory.Sequence(lambda n: f"N{n}")
    name_th = factory.Sequence(lambda n: f"ยุทธศาสตร์ที่ {n}")


class KpiFactory(DjangoModelFactory):
    class Meta:
        model = Kpi

    framework = factory.LazyAttribute(lambda o: o.component.framework)
    component = factory.SubFactory(ComponentFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    name_th = factory.Sequence(lambda n: f"ร้อยละของงานที่แล้วเสร็จ {n}")
    unit = "ร้อยละ"
    weight = Decimal(10)
    method = "levels"


def add_levels(
    kpi: Kpi,
    targets: tuple[str, ...] = ("80", "90", "100"),
    scores: tuple[str, ...] = ("50", "75", "100"),
) -> Kpi:
    labels = ("ขั้นต้น", "มาตรฐาน", "ขั้นสูง", "4", "5")
    for i, (target, score) in enumerate(zip(targets, scores, strict=True), 1):
        TargetLevel.objects.create(
            kpi=kpi, order=i, label=labels[i - 1], target=Decimal(target), score=Decimal(score)
        )
    return kpi
