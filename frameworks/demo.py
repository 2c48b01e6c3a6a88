"""Demo frameworks and strategy lineage for the demo department (domain §12), idempotently.

Last year (`DemoYears.last`, FY 2569 when today is in FY 2570) uses the Performance/Potential
template (in use, with the 6- and 12-month rounds), `DemoYears.five_bases` (eight years before the
current one) the five-bases template for history; agreements.demo copies last year's framework
to the current year. The lineage is illustrative, not an official list.
The indicators demo links its KPIs to lineage nodes by the keys of `DEMO_PLAN_CODES`
(`demo_plan_item(agency, "onep_eia")`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.demo import DemoYears
from accounts.models import Department
from frameworks.models import (
    Component,
    Framework,
    PlanItem,
    ReportingRound,
    ResultLevelCut,
    StepDuration,
)
from frameworks.selectors import SHARED_LEVELS, plan_item_by_code
from frameworks.services import changes_from_template, create_framework_rows
from frameworks.templates_data import FIVE_BASES, PERFORMANCE_POTENTIAL, FrameworkTemplate

L = PlanItem.Level


@dataclass(frozen=True)
class DemoPlan:
    key: str
    level: str
    code: str
    name_th: str
    parent: str | None  # key of the parent


DEMO_PLAN: tuple[DemoPlan, ...] = (
    DemoPlan(
        "national",
        L.NATIONAL,
        "5",
        "ยุทธศาสตร์ชาติด้านการสร้างการเติบโตบนคุณภาพชีวิตที่เป็นมิตรต่อสิ่งแวดล้อม",
        None,
    ),
    DemoPlan(
        "master_plan",
        L.MASTER,
        "18",
        "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ ประเด็น (18) การเติบโตอย่างยั่งยืน",
        "national",
    ),
    DemoPlan(
        "sub_green",
        L.SUB,
        "180101",
        "แผนย่อยการสร้างการเติบโตอย่างยั่งยืนบนสังคมเศรษฐกิจสีเขียว",
        "master_plan",
    ),
    DemoPlan(
        "sub_climate",
        L.SUB,
        "180301",
        "แผนย่อยการสร้างการเติบโตอย่างยั่งยืนบนสังคมที่เป็นมิตรต่อสภาพภูมิอากาศ",
        "master_plan",
    ),
    DemoPlan(
        "sub_governance",
        L.SUB,
        "180401",
        "แผนย่อยการยกระดับกระบวนทัศน์เพื่อกำหนดอนาคตประเทศด้านทรัพยากรธรรมชาติ สิ่งแวดล้อม "
        "และวัฒนธรรม บนหลักของการมีส่วนร่วมและธรรมาภิบาล",
        "master_plan",
    ),
    DemoPlan(
        "ministry_environment",
        L.MINISTRY,
        "MNRE-1",
        "ยุทธศาสตร์ ทส. ที่ 1 อนุรักษ์ ฟื้นฟู และบริหารจัดการคุณภาพสิ่งแวดล้อมอย่างยั่งยืน",
        "sub_green",
    ),
    DemoPlan(
        "ministry_climate",
        L.MINISTRY,
        "MNRE-2",
        "ยุทธศาสตร์ ทส. ที่ 2 ลดก๊าซเรือนกระจกและปรับตัวต่อการเปลี่ยนแปลงสภาพภูมิอากาศ",
        "sub_climate",
    ),
    DemoPlan(
        "ministry_governance",
        L.MINISTRY,
        "MNRE-3",
        "ยุทธศาสตร์ ทส. ที่ 3 พัฒนาการบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อมบนหลักธรรมาภิบาลและการมีส่วนร่วม",
        "sub_governance",
    ),
    DemoPlan(
        "onep_quality",
        L.DEPARTMENT,
        "ONEP-1",
        "ยุทธศาสตร์ สผ. ที่ 1 เสนอแนะนโยบายและแผนการจัดการคุณภาพสิ่งแวดล้อมที่มีประสิทธิภาพ",
        "ministry_environment",
    ),
    DemoPlan(
        "onep_eia",
        L.DEPARTMENT,
        "ONEP-2",
        "ยุทธศาสตร์ สผ. ที่ 2 พัฒนาระบบการประเมินผลกระทบสิ่งแวดล้อมให้รวดเร็ว โปร่งใส และมีส่วนร่วม",
        "ministry_governance",
    ),
    DemoPlan(
        "onep_digital",
        L.DEPARTMENT,
        "ONEP-3",
        "ยุทธศาสตร์ สผ. ที่ 3 พัฒนาองค์กรสู่ระบบราชการดิจิทัลและบุคลากรมืออาชีพ",
        "ministry_governance",
    ),
    # Trees of their own beside the strategy chain (issue 17 item 5).
    DemoPlan(
        "nesdp_10",
        L.NESDP,
        "หมุดหมาย 10",
        "ไทยมีเศรษฐกิจหมุนเวียนและสังคมคาร์บอนต่ำ",
        None,
    ),
    DemoPlan("sdg_13", L.SDG_GOAL, "SDG 13", "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", None),
    DemoPlan(
        "sdg_13_2",
        L.SDG_TARGET,
        "13.2",
        "บูรณาการมาตรการด้านการเปลี่ยนแปลงสภาพภูมิอากาศในนโยบาย ยุทธศาสตร์ และการวางแผนระดับชาติ",
        "sdg_13",
    ),
)

# Key → code, for other apps' demos: e.g. the EIA KPI links to DEMO_PLAN_CODES["onep_eia"].
DEMO_PLAN_CODES: dict[str, str] = {plan.key: plan.code for plan in DEMO_PLAN}


def demo_plan_item(agency: str, key_or_code: str) -> PlanItem:
    """The demo lineage node by key ("onep_eia") or code ("ONEP-2") as the department sees it."""
    department = Department.objects.get(code=agency)
    code = DEMO_PLAN_CODES.get(key_or_code, key_or_code)
    item = plan_item_by_code(department, code)
    if item is None:
        raise PlanItem.DoesNotExist(f"demo lineage node {key_or_code!r} is not loaded")
    return item


def _load_plan(department: Department) -> None:
    nodes: dict[str, PlanItem] = {}
    for plan in DEMO_PLAN:
        nodes[plan.key], _created = PlanItem.objects.update_or_create(
            level=plan.level,
            code=plan.code,
            department=None if plan.level in SHARED_LEVELS else department,
            defaults={
                "name_th": plan.name_th,
                "parent": nodes[plan.parent] if plan.parent else None,
            },
        )


def _load_framework(department: Department, fiscal_year: int, spec: FrameworkTemplate) -> Framework:
    """Create the year's framework from the template, or put its rows back to the template's."""
    changes = changes_from_template(spec, fiscal_year)
    framework = Framework.objects.filter(department=department, fiscal_year=fiscal_year).first()
    if framework is None:
        framework = create_framework_rows(department, fiscal_year, spec.key, changes)
    else:
        for order, c in enumerate(changes.components, start=1):
            Component.objects.update_or_create(
                framework=framework,
                code=c.code,
                defaults={
                    "order": order,
                    "name_th": c.name_th,
                    "name_en": c.name_en,
                    "weight": c.weight,
                },
            )
        for r in changes.result_levels:
            ResultLevelCut.objects.update_or_create(
                framework=framework,
                code=r.code,
                defaults={"label_th": r.label_th, "min_total": r.min_total},
            )
        for order, rnd in enumerate(changes.rounds, start=1):
            ReportingRound.objects.update_or_create(
                framework=framework,
                months=rnd.months,
                defaults={
                    "order": order,
                    "name_th": rnd.name_th,
                    "period_end": rnd.period_end,
                    "due_date": rnd.due_date,
                },
            )
        for step, days in changes.step_days.items():
            StepDuration.objects.update_or_create(
                framework=framework, step=step, defaults={"days": days}
            )
    # Demo data, not a user's action: no audit event, straight to "in use".
    Framework.objects.filter(pk=framework.pk).update(state=Framework.State.ACTIVE)
    framework.refresh_from_db()
    return framework


def load_demo(agency: str, years: DemoYears | None = None) -> None:
    years = years or DemoYears.of()
    department = Department.objects.get(code=agency)
    with transaction.atomic():
        _load_plan(department)
        _load_framework(department, years.last, PERFORMANCE_POTENTIAL)
        _load_framework(department, years.five_bases, FIVE_BASES)
