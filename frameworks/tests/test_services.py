"""Framework services: templates, copy, the rules with their Thai messages, state, audit."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from core.transitions import TransitionNotAllowedError
from frameworks import services
from frameworks.models import Component, Framework, ReportingRound, ResultLevelCut, StepDuration
from frameworks.services import ComponentRow, ResultLevelRow, RoundRow
from frameworks.templates_data import TEMPLATES
from frameworks.tests.factories import make_framework
from indicators.models import Kpi

pytestmark = pytest.mark.django_db
D = Decimal


def create(actor, department, template, year=2569, **kwargs):
    return services.framework_create_from_template(
        actor, department=department, fiscal_year=year, template=template, **kwargs
    )


def loaded(framework):
    return Framework.objects.prefetch_related("components", "result_levels", "rounds", "steps").get(
        pk=framework.pk
    )


def saved_state(framework):
    return services.framework_changes_of(loaded(framework))


# --- Create from a template -----------------------------------------------------------------


def test_performance_potential_template_has_the_published_defaults(org, coordinator):
    framework = create(coordinator, org.department, "performance_potential")
    assert framework.state == Framework.State.DRAFT
    assert framework.template == "performance_potential"
    assert "2569" in framework.name_th
    components = list(framework.components.values_list("code", "weight", "name_en"))
    assert components == [
        ("performance", D(70), "Performance Base"),
        ("potential", D(30), "Potential Base"),
    ]
    assert (framework.basic_score, framework.standard_score, framework.advanced_score) == (
        D(50),
        D(70),
        D(100),
    )
    assert framework.precision == 3
    cuts = list(framework.result_levels.order_by("-min_total").values_list("label_th", "min_total"))
    assert cuts == [
        ("ระดับคุณภาพ", D(90)),
        ("ระดับมาตรฐานขั้นสูง", D(75)),
        ("ระดับมาตรฐานขั้นต้น", D(60)),
        ("ระดับต้องปรับปรุง", D(0)),
    ]
    rounds = list(framework.rounds.values_list("months", "period_end", "due_date"))
    assert rounds == [
        (6, datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)),
        (12, datetime.date(2026, 9, 30), datetime.date(2026, 10, 31)),
    ]
    steps = dict(framework.steps.values_list("step", "days"))
    assert steps == {1: 7, 2: None, 3: 10, 4: None}
    assert services.framework_problems(loaded(framework)) == []


def test_five_bases_template_has_five_thai_components_summing_to_100(org, admin_user):
    framework = create(admin_user, org.department, "five_bases", year=2562)
    components = list(framework.components.all())
    assert [c.name_en for c in components] == [
        "Functional Base",
        "Agenda Base",
        "Area Base",
        "Innovation Base",
        "Potential Base",
    ]
    assert [c.name_th for c in components][:2] == [
        "ภารกิจพื้นฐาน",
        "ภารกิจยุทธศาสตร์/ที่ได้รับมอบหมายเป็นพิเศษ",
    ]
    assert sum(c.weight for c in components) == 100
    assert framework.precision == 4
    assert framework.basic_score < framework.standard_score < framework.advanced_score
    first = framework.rounds.first()
    assert first is not None
    assert first.period_end == datetime.date(2019, 3, 31)
    assert services.framework_problems(loaded(framework)) == []


def test_creating_a_framework_is_audited(org, coordinator):
    framework = create(coordinator, org.department, "performance_potential")
    event = AuditEvent.objects.get(action="frameworks.framework.created")
    assert event.actor == coordinator
    assert event.object_id == str(framework.pk)
    assert event.data == {
        "department": "onep",
        "fiscal_year": 2569,
        "template": "performance_potential",
    }


def test_a_given_name_replaces_the_template_name(org, coordinator):
    framework = create(coordinator, org.department, "performance_potential", name_th=" กรอบ สผ. ")
    assert framework.name_th == "กรอบ สผ."


def test_second_framework_for_the_same_year_is_refused_in_thai(org, coordinator):
    create(coordinator, org.department, "performance_potential")
    with pytest.raises(ValidationError) as error:
        create(coordinator, org.department, "five_bases")
    assert error.value.message_dict["fiscal_year"] == ["ส่วนราชการนี้มีกรอบการประเมินปีงบประมาณ 2569 แล้ว"]
    assert Framework.objects.count() == 1


def test_unknown_template_is_refused(org, coordinator):
    with pytest.raises(ValidationError) as error:
        create(coordinator, org.department, "seven_bases")
    assert "source" in error.value.message_dict
    assert not Framework.objects.exists()


@pytest.mark.parametrize("persona", ["staff", "executive", "owner", "evaluator", "outsider"])
def test_only_coordinators_create_frameworks(request, org, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        create(user, org.department, "performance_potential")
    assert not Framework.objects.exists()
    assert not AuditEvent.objects.exists()


def test_this_years_coordinator_cannot_rewrite_an_old_year(org, coordinator):
    with pytest.raises(PermissionDenied):
        create(coordinator, org.department, "five_bases", year=2562)


def test_admin_creates_for_any_department(org, admin_user):
    framework = create(admin_user, org.other_department, "performance_potential")
    assert framework.department == org.other_department


# --- Copy from last year --------------------------------------------------------------------


def test_copy_moves_rounds_one_year_and_keeps_everything_else(org, coordinator):
    source = make_framework(org.department, 2568)
    Component.objects.filter(framework=source, code="performance").update(weight=D(60))
    Component.objects.filter(framework=source, code="potential").update(weight=D(40))
    ReportingRound.objects.create(
        framework=source,
        order=3,
        name_th="รอบ 9 เดือน",
        months=9,
        period_end=datetime.date(2025, 6, 30),
        due_date=datetime.date(2025, 7, 15),
    )
    StepDuration.objects.filter(framework=source, step=1).update(days=14)
    Framework.objects.filter(pk=source.pk).update(precision=2, interpolate=False)
    source = loaded(source)

    copy = services.framework_copy(coordinator, source, fiscal_year=2569)

    assert copy.fiscal_year == 2569
    assert copy.state == Framework.State.DRAFT
    assert "2569" in copy.name_th and "2568" not in copy.name_th
    assert (copy.precision, copy.interpolate) == (2, False)
    assert list(copy.components.values_list("code", "weight")) == [
        ("performance", D(60)),
        ("potential", D(40)),
    ]
    rounds = list(copy.rounds.order_by("months").values_list("months", "period_end", "due_date"))
    assert rounds == [
        (6, datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)),
        (9, datetime.date(2026, 6, 30), datetime.date(2026, 7, 15)),
        (12, datetime.date(2026, 9, 30), datetime.date(2026, 10, 31)),
    ]
    assert dict(copy.steps.values_list("step", "days"))[1] == 14
    assert copy.result_levels.count() == 4
    event = AuditEvent.objects.get(action="frameworks.framework.copied")
    assert event.data == {"source": source.pk, "from_year": 2568, "fiscal_year": 2569}


def test_copied_rows_are_independent_of_last_years(org, coordinator):
    source = make_framework(org.department, 2568)
    copy = services.framework_copy(coordinator, loaded(source), fiscal_year=2569)
    source_ids = set(source.components.values_list("pk", flat=True))
    assert source_ids.isdisjoint(copy.components.values_list("pk", flat=True))
    copy.components.filter(code="performance").update(weight=D(50))
    ResultLevelCut.objects.filter(framework=copy).delete()
    assert source.components.get(code="performance").weight == D(70)
    assert source.result_levels.count() == 4


def test_copy_does_not_copy_kpis(org, coordinator):
    source = make_framework(org.department, 2568)
    Kpi.objects.create(
        framework=source,
        component=source.components.get(code="performance"),
        number="1",
        name_th="ร้อยละของรายงานที่พิจารณาแล้วเสร็จ",
        weight=D(70),
    )
    copy = services.framework_copy(coordinator, loaded(source), fiscal_year=2569)
    assert Kpi.objects.filter(framework=copy).count() == 0


def test_copy_only_from_an_earlier_year(org, coordinator):
    source = make_framework(org.department, 2569)
    with pytest.raises(ValidationError) as error:
        services.framework_copy(coordinator, loaded(source), fiscal_year=2569)
    assert error.value.message_dict["source"] == ["คัดลอกได้เฉพาะจากกรอบการประเมินของปีก่อนหน้า"]


def test_outsider_cannot_copy_another_departments_framework(org, outsider):
    source = make_framework(org.department, 2568)
    with pytest.raises(PermissionDenied):
        services.framework_copy(outsider, loaded(source), fiscal_year=2569)
    assert Framework.objects.count() == 1


# --- The rules (each with its Thai message), nothing saved on error ---------------------------


def with_rows(framework, **sections):
    changes = saved_state(framework)
    return replace(changes, **sections)


def assert_refused(coordinator, framework, changes, key, message):
    before = saved_state(framework)
    version = framework.version
    with pytest.raises(ValidationError) as error:
        services.framework_update(coordinator, framework, changes, expected_version=version)
    assert message in error.value.message_dict[key]
    assert saved_state(framework) == before
    assert Framework.objects.get(pk=framework.pk).version == version
    assert not AuditEvent.objects.filter(action="frameworks.framework.updated").exists()


def test_weights_must_sum_to_exactly_100(org, coordinator):
    framework = make_framework(org.department)
    performance, potential = saved_state(framework).components
    changes = with_rows(framework, components=(replace(performance, weight=D(65)), potential))
    assert_refused(
        coordinator,
        framework,
        changes,
        "components",
        "น้ำหนักองค์ประกอบรวมกันต้องเท่ากับ 100 (ขณะนี้ 95.00)",
    )


def test_level_scores_must_increase(org, coordinator):
    framework = make_framework(org.department)
    state = saved_state(framework)
    changes = replace(state, settings=replace(state.settings, standard_score=D(50)))
    assert_refused(
        coordinator, framework, changes, "standard_score", "คะแนนมาตรฐานต้องมากกว่าคะแนนขั้นต้น"
    )
    changes = replace(state, settings=replace(state.settings, advanced_score=D(70)))
    assert_refused(
        coordinator, framework, changes, "advanced_score", "คะแนนขั้นสูงต้องมากกว่าคะแนนมาตรฐาน"
    )


def test_precision_is_zero_to_four(org, coordinator):
    framework = make_framework(org.department)
    state = saved_state(framework)
    changes = replace(state, settings=replace(state.settings, precision=5))
    assert_refused(
        coordinator,
        framework,
        changes,
        "precision",
        "ทศนิยมของคะแนนรวมต้องอยู่ระหว่าง 0 ถึง 4 ตำแหน่ง",
    )


def test_cutoffs_must_decrease(org, coordinator):
    framework = make_framework(org.department)
    quality, advanced, basic, improve = saved_state(framework).result_levels
    changes = with_rows(
        framework, result_levels=(quality, replace(advanced, min_total=D(95)), basic, improve)
    )
    assert_refused(
        coordinator,
        framework,
        changes,
        "result_levels.1.min_total",
        "เกณฑ์คะแนนต้องเรียงจากมากไปน้อย: ต้องน้อยกว่า 90.00 ของระดับก่อนหน้า",
    )


def test_cutoffs_need_a_level_starting_at_zero(org, coordinator):
    framework = make_framework(org.department)
    quality, advanced, basic, _improve = saved_state(framework).result_levels
    changes = with_rows(framework, result_levels=(quality, advanced, basic))
    assert_refused(coordinator, framework, changes, "result_levels", "ต้องมีระดับที่เริ่มต้นที่ 0 คะแนน")


def test_cutoff_codes_are_unique(org, coordinator):
    framework = make_framework(org.department)
    quality, advanced, basic, improve = saved_state(framework).result_levels
    changes = with_rows(
        framework, result_levels=(quality, replace(advanced, code="quality"), basic, improve)
    )
    assert_refused(coordinator, framework, changes, "result_levels.1.code", "รหัสระดับซ้ำกัน")


def test_component_codes_are_unique(org, coordinator):
    framework = make_framework(org.department)
    performance, potential = saved_state(framework).components
    changes = with_rows(framework, components=(performance, replace(potential, code="performance")))
    assert_refused(coordinator, framework, changes, "components.1.code", "รหัส “performance” ซ้ำกัน")


def test_due_date_not_before_period_end(org, coordinator):
    framework = make_framework(org.department)
    six, twelve = saved_state(framework).rounds
    changes = with_rows(
        framework, rounds=(replace(six, due_date=datetime.date(2026, 3, 30)), twelve)
    )
    assert_refused(
        coordinator,
        framework,
        changes,
        "rounds.0.due_date",
        "กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ (31 มี.ค. 69)",
    )


def test_period_end_within_the_fiscal_year(org, coordinator):
    framework = make_framework(org.department)
    six, twelve = saved_state(framework).rounds
    changes = with_rows(
        framework,
        rounds=(
            six,
            replace(
                twelve, period_end=datetime.date(2026, 10, 1), due_date=datetime.date(2026, 10, 31)
            ),
        ),
    )
    assert_refused(
        coordinator,
        framework,
        changes,
        "rounds.1.period_end",
        "วันสิ้นสุดรอบต้องอยู่ในปีงบประมาณ 2569 (1 ต.ค. 68 – 30 ก.ย. 69)",
    )


def test_step_days_within_a_year(org, coordinator):
    framework = make_framework(org.department)
    changes = with_rows(framework, step_days={1: 0, 2: None, 3: 10, 4: None})
    assert_refused(
        coordinator, framework, changes, "steps.1", "ระยะเวลาต้องอยู่ระหว่าง 1 ถึง 365 วัน หรือเว้นว่าง"
    )


def test_every_problem_is_reported_at_once(org, coordinator):
    framework = make_framework(org.department)
    state = saved_state(framework)
    performance, potential = state.components
    changes = replace(
        state,
        settings=replace(state.settings, precision=9, name_th=" "),
        components=(replace(performance, weight=D(10)), potential),
        rounds=(),
    )
    errors = services.validate_framework_changes(2569, changes)
    assert {"name_th", "precision", "components", "rounds"} <= errors.keys()


# --- Saving ---------------------------------------------------------------------------------


def test_update_saves_every_section_and_audits_the_changes(org, coordinator):
    framework = loaded(make_framework(org.department))
    state = services.framework_changes_of(framework)
    performance, potential = state.components
    quality, advanced, basic, improve = state.result_levels
    changes = replace(
        state,
        settings=replace(state.settings, standard_score=D(75), precision=2),
        components=(
            replace(performance, weight=D(60)),
            replace(potential, weight=D(30)),
            ComponentRow("joint", "ตัวชี้วัดร่วม", D(10), "Joint KPI"),
        ),
        result_levels=(quality, advanced, replace(basic, label_th="ขั้นต้น"), improve),
        rounds=(
            *state.rounds,
            RoundRow("รอบ 9 เดือน", 9, datetime.date(2026, 6, 30), datetime.date(2026, 7, 31)),
        ),
        step_days={1: 14, 2: None, 3: 10, 4: None},
    )
    services.framework_update(coordinator, framework, changes, expected_version=framework.version)
    framework = loaded(framework)
    assert framework.standard_score == D(75)
    assert framework.precision == 2
    assert framework.version == 1
    assert list(framework.components.values_list("code", "weight")) == [
        ("performance", D(60)),
        ("potential", D(30)),
        ("joint", D(10)),
    ]
    assert framework.result_levels.get(code="basic").label_th == "ขั้นต้น"
    assert list(framework.rounds.values_list("months", flat=True)) == [6, 9, 12]
    assert framework.steps.get(step=1).days == 14
    event = AuditEvent.objects.get(action="frameworks.framework.updated")
    assert set(event.data) == {"settings", "components", "result_levels", "rounds", "step_days"}
    assert event.data["settings"]["before"]["standard_score"] == "70.0000"


def test_rows_left_out_are_removed(org, coordinator):
    framework = make_framework(org.department)
    state = saved_state(framework)
    performance, _potential = state.components
    changes = replace(
        state,
        components=(replace(performance, weight=D(100)),),
        rounds=state.rounds[1:],
    )
    services.framework_update(coordinator, framework, changes, expected_version=0)
    assert list(framework.components.values_list("code", flat=True)) == ["performance"]
    assert list(framework.rounds.values_list("months", flat=True)) == [12]


def test_two_components_can_swap_codes(org, coordinator):
    framework = make_framework(org.department)
    performance, potential = saved_state(framework).components
    changes = with_rows(
        framework,
        components=(replace(performance, code="potential"), replace(potential, code="performance")),
    )
    services.framework_update(coordinator, framework, changes, expected_version=0)
    assert framework.components.get(code="potential").weight == D(70)


def test_component_with_kpis_cannot_be_removed(org, coordinator):
    framework = make_framework(org.department)
    component = framework.components.get(code="potential")
    Kpi.objects.create(
        framework=framework, component=component, number="1", name_th="ดิจิทัล", weight=D(10)
    )
    performance, _potential = saved_state(framework).components
    changes = with_rows(framework, components=(replace(performance, weight=D(100)),))
    with pytest.raises(ValidationError) as error:
        services.framework_update(coordinator, framework, changes, expected_version=0)
    assert error.value.message_dict["components"] == [
        "ลบองค์ประกอบ “การประเมินศักยภาพในการดำเนินการของส่วนราชการ” ไม่ได้ เพราะมีตัวชี้วัด 1 ตัว"
    ]
    assert framework.components.count() == 2
    assert Framework.objects.get(pk=framework.pk).version == 0


def test_a_stale_edit_is_refused_not_overwritten(org, coordinator):
    framework = make_framework(org.department)
    state = saved_state(framework)
    services.framework_update(
        coordinator,
        framework,
        replace(state, settings=replace(state.settings, name_th="ชื่อใหม่")),
        expected_version=0,
    )
    with pytest.raises(ValidationError) as error:
        services.framework_update(
            coordinator,
            framework,
            replace(state, settings=replace(state.settings, name_th="ชื่อเก่ากว่า")),
            expected_version=0,
        )
    assert "ถูกแก้ไขโดยผู้อื่น" in error.value.messages[0]
    assert Framework.objects.get(pk=framework.pk).name_th == "ชื่อใหม่"


def test_rows_of_another_framework_are_refused(org, coordinator):
    framework = make_framework(org.department, 2569)
    other = make_framework(org.department, 2568)
    foreign = other.components.get(code="potential")
    performance, potential = saved_state(framework).components
    changes = with_rows(framework, components=(performance, replace(potential, pk=foreign.pk)))
    with pytest.raises(ValidationError):
        services.framework_update(coordinator, framework, changes, expected_version=0)
    assert other.components.get(pk=foreign.pk).code == foreign.code


def test_staff_cannot_update(org, staff):
    framework = make_framework(org.department)
    with pytest.raises(PermissionDenied):
        services.framework_update(staff, framework, saved_state(framework), expected_version=0)


# --- State ----------------------------------------------------------------------------------


def test_activate_then_reopen_are_audited_and_editing_needs_draft(org, coordinator):
    framework = loaded(make_framework(org.department))
    services.framework_activate(coordinator, framework)
    assert framework.state == Framework.State.ACTIVE
    with pytest.raises(ValidationError) as error:
        services.framework_update(
            coordinator, framework, saved_state(framework), expected_version=framework.version
        )
    assert "ให้เปลี่ยนกลับเป็นร่างก่อน" in error.value.messages[0]
    services.framework_reopen(coordinator, framework)
    assert framework.state == Framework.State.DRAFT
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["frameworks.framework.activated", "frameworks.framework.reopened"]


def test_a_framework_with_problems_cannot_be_activated(org, coordinator):
    framework = make_framework(org.department)
    Component.objects.filter(framework=framework, code="potential").update(weight=D(25))
    with pytest.raises(ValidationError) as error:
        services.framework_activate(coordinator, loaded(framework))
    assert error.value.messages == ["องค์ประกอบ: น้ำหนักองค์ประกอบรวมกันต้องเท่ากับ 100 (ขณะนี้ 95.00)"]
    assert Framework.objects.get(pk=framework.pk).state == Framework.State.DRAFT


def test_activating_an_active_framework_is_a_clear_error(org, coordinator):
    framework = make_framework(org.department, state=Framework.State.ACTIVE)
    with pytest.raises(TransitionNotAllowedError):
        services.framework_activate(coordinator, loaded(framework))


def test_executive_cannot_activate(org, executive):
    framework = make_framework(org.department)
    with pytest.raises(PermissionDenied):
        services.framework_activate(executive, loaded(framework))
    assert Framework.objects.get(pk=framework.pk).state == Framework.State.DRAFT


def test_problems_of_a_saved_framework_name_the_row(org):
    framework = make_framework(org.department)
    ReportingRound.objects.filter(framework=framework, months=12).update(
        due_date=datetime.date(2026, 9, 1)
    )
    ReportingRound.objects.filter(framework=framework, months=6).update(months=12)
    ReportingRound.objects.filter(framework=framework, name_th="รอบ 12 เดือน").update(months=9)
    problems = services.framework_problems(loaded(framework))
    assert "รอบการรายงาน แถวที่ 2: กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ (30 ก.ย. 69)" in problems


def test_a_framework_without_a_final_round_is_warned(org):
    framework = make_framework(org.department)
    ReportingRound.objects.filter(framework=framework, months=12).delete()
    problems = services.framework_problems(loaded(framework))
    assert any("ยังไม่มีรอบ 12 เดือน" in p for p in problems)


def test_template_rows_match_the_row_types():
    changes = services.changes_from_template(TEMPLATES["five_bases"], 2560)
    assert isinstance(changes.result_levels[0], ResultLevelRow)
    assert services.validate_framework_changes(2560, changes) == {}
