"""Issue 14 item 1: the evaluation is OPDC's, not the department's (domain §8).

Only people of the evaluating body hold the evaluator role; only its own coordinator (for that
year) or a superuser assigns them to departments; a bad row grants nothing and is reported by
`manage.py check`.
"""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import selectors, services
from accounts.models import Department, Role, RoleAssignment
from conftest import PERSONA_FY, PersonFactory, RoleAssignmentFactory, evaluating_body
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _opdc() -> Department:
    return evaluating_body()


def _opdc_person():
    return PersonFactory(department=_opdc())


def _bad_row(org, user_person=None) -> RoleAssignment:
    """A staff member of onep holding an evaluator row (made before the rule, or by hand)."""
    person = user_person or PersonFactory(department=org.department)
    row: RoleAssignment = RoleAssignmentFactory(
        person=person, role=Role.EVALUATOR, department=org.department
    )
    return row


# Assigning ------------------------------------------------------------------------------------


def test_department_coordinator_cannot_make_staff_an_evaluator(org, coordinator, staff):
    before = RoleAssignment.objects.count()
    with pytest.raises(PermissionDenied, match="ผู้ประสานงานของหน่วยงานผู้ประเมิน"):
        services.role_assign(
            coordinator,
            person=staff.person,
            role=Role.EVALUATOR,
            fiscal_year=PERSONA_FY,
            department=org.department,
        )
    assert RoleAssignment.objects.count() == before
    assert not AuditEvent.objects.exists()
    assert not selectors.is_evaluator_for(staff, org.department, PERSONA_FY)


def test_department_coordinator_cannot_assign_an_opdc_person_either(org, coordinator):
    person = _opdc_person()
    with pytest.raises(PermissionDenied):
        services.role_assign(
            coordinator,
            person=person,
            role=Role.EVALUATOR,
            fiscal_year=PERSONA_FY,
            department=org.department,
        )
    assert not RoleAssignment.objects.filter(person=person).exists()


def test_opdc_coordinator_assigns_own_person_with_audit(org, opdc_coordinator):
    person = _opdc_person()
    assignment = services.role_assign(
        opdc_coordinator,
        person=person,
        role=Role.EVALUATOR,
        fiscal_year=PERSONA_FY,
        department=org.department,
    )
    assert assignment.department == org.department
    event = AuditEvent.objects.get(action="accounts.role.assigned")
    assert event.actor == opdc_coordinator
    assert event.data["role"] == "evaluator"
    assert selectors.is_evaluator_for(person.user, org.department, PERSONA_FY)
    assert not selectors.is_evaluator_for(person.user, org.department, PERSONA_FY + 1)
    assert not selectors.is_evaluator_for(person.user, org.other_department, PERSONA_FY)


def test_evaluator_role_needs_a_person_of_the_evaluating_body(org, opdc_coordinator, staff):
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            opdc_coordinator,
            person=staff.person,
            role=Role.EVALUATOR,
            fiscal_year=PERSONA_FY,
            department=org.department,
        )
    assert "หน่วยงานผู้ประเมิน" in error.value.message_dict["person"][0]
    assert not RoleAssignment.objects.filter(person=staff.person, role=Role.EVALUATOR).exists()


def test_opdc_coordinator_of_another_year_cannot_assign(org, opdc_coordinator):
    person = _opdc_person()
    with pytest.raises(PermissionDenied):
        services.role_assign(
            opdc_coordinator,
            person=person,
            role=Role.EVALUATOR,
            fiscal_year=PERSONA_FY + 1,
            department=org.department,
        )


def test_evaluators_are_not_assigned_inside_the_evaluating_body(org, opdc_coordinator):
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            opdc_coordinator,
            person=_opdc_person(),
            role=Role.EVALUATOR,
            fiscal_year=PERSONA_FY,
            department=_opdc(),
        )
    assert "department" in error.value.message_dict


def test_opdc_coordinator_cannot_assign_the_departments_other_roles(org, opdc_coordinator):
    with pytest.raises(PermissionDenied):
        services.role_assign(
            opdc_coordinator,
            person=PersonFactory(department=org.department),
            role=Role.OWNER,
            fiscal_year=PERSONA_FY,
            department=org.department,
        )


def test_superuser_assigns_evaluators(org, admin_user):
    person = _opdc_person()
    services.role_assign(
        admin_user,
        person=person,
        role=Role.EVALUATOR,
        fiscal_year=PERSONA_FY,
        department=org.department,
    )
    assert selectors.is_evaluator_for(person.user, org.department, PERSONA_FY)


# Revoking and copying -------------------------------------------------------------------------


def test_department_coordinator_cannot_revoke_the_evaluator(org, coordinator, evaluator):
    assignment = RoleAssignment.objects.get(person__user=evaluator, role=Role.EVALUATOR)
    with pytest.raises(PermissionDenied):
        services.role_revoke(coordinator, assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEvent.objects.exists()


def test_opdc_coordinator_revokes_own_evaluator(org, opdc_coordinator, evaluator):
    assignment = RoleAssignment.objects.get(person__user=evaluator, role=Role.EVALUATOR)
    services.role_revoke(opdc_coordinator, assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.role.revoked").count() == 1


def test_only_a_superuser_clears_a_bad_row(org, coordinator, opdc_coordinator, admin_user):
    row = _bad_row(org)
    for actor in (coordinator, opdc_coordinator):
        with pytest.raises(PermissionDenied):
            services.role_revoke(actor, row)
    services.role_revoke(admin_user, row)
    assert not RoleAssignment.objects.filter(pk=row.pk).exists()


def test_copy_from_previous_year_leaves_evaluators_out(org, coordinator, evaluator):
    created = services.roles_copy_from_previous_year(coordinator, org.department, PERSONA_FY + 1)
    assert created == 1  # the coordinator's own role only
    assert not RoleAssignment.objects.filter(
        role=Role.EVALUATOR, fiscal_year=PERSONA_FY + 1
    ).exists()


# A bad row grants nothing ---------------------------------------------------------------------


def test_a_pre_existing_bad_evaluator_row_grants_nothing(org, staff):
    _bad_row(org, staff.person)
    assert not selectors.is_evaluator_for(staff, org.department, PERSONA_FY)
    assert Role.EVALUATOR not in selectors.role_set(staff, PERSONA_FY)
    assert not selectors.user_has_role(staff, [Role.EVALUATOR], PERSONA_FY)


def test_a_bad_row_does_not_open_another_department(org):
    """Someone of pcd with an evaluator row in onep does not see onep at all."""
    stranger = PersonFactory(department=org.other_department)
    RoleAssignmentFactory(person=stranger, role=Role.EVALUATOR, department=org.department)
    assert org.department not in selectors.departments_visible_to(stranger.user)


def test_manage_py_check_reports_bad_rows(org, evaluator, staff):
    row = _bad_row(org, staff.person)
    found = [m for m in run_checks() if m.id == "accounts.W001"]
    assert [m.obj for m in found] == [row]
    assert "onep" in found[0].msg and str(PERSONA_FY) in found[0].msg


def test_manage_py_check_is_quiet_when_rows_follow_the_rule(org, evaluator):
    assert not [m for m in run_checks() if m.id == "accounts.W001"]


# Pages ----------------------------------------------------------------------------------------


def _roles_url(org) -> str:
    return reverse("roles", kwargs={"code": org.department.code, "year": PERSONA_FY})


def _page(year: int = PERSONA_FY) -> str:
    return reverse("evaluator_assignments", kwargs={"code": "opdc", "year": year})


def test_department_roles_page_does_not_offer_the_evaluator_role(client, org, coordinator):
    client.force_login(coordinator)
    page = client.get(_roles_url(org)).content.decode()
    assert 'value="owner"' in page
    assert 'value="evaluator"' not in page


def test_department_coordinator_posting_evaluator_role_is_refused_in_thai(
    client, org, coordinator, staff
):
    client.force_login(coordinator)
    response = client.post(
        _roles_url(org), {"person": staff.person.pk, "role": Role.EVALUATOR, "unit": ""}
    )
    assert response.status_code == 403
    assert "ผู้ประสานงานของหน่วยงานผู้ประเมิน" in response.content.decode()
    assert not RoleAssignment.objects.filter(person=staff.person, role=Role.EVALUATOR).exists()


def test_evaluator_row_has_no_revoke_button_on_the_department_page(
    client, org, coordinator, evaluator
):
    client.force_login(coordinator)
    page = client.get(_roles_url(org)).content.decode()
    assignment = RoleAssignment.objects.get(person__user=evaluator)
    assert f"/{assignment.pk}/revoke/" not in page
    assert "มอบหมายโดยสำนักงาน ก.พ.ร." in page
    response = client.post(
        reverse(
            "role_revoke",
            kwargs={"code": org.department.code, "year": PERSONA_FY, "pk": assignment.pk},
        )
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("opdc_coordinator", 200),
        ("admin_user", 200),
        ("coordinator", 404),
        ("evaluator", 404),
        ("staff", 404),
        ("outsider", 404),
    ],
)
def test_who_opens_the_assignment_page(client, org, request, persona, status):
    _opdc()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_page()).status_code == status


def test_assignment_page_of_another_year_is_hidden(client, org, opdc_coordinator):
    client.force_login(opdc_coordinator)
    assert client.get(_page(PERSONA_FY + 1)).status_code == 404


def test_assignment_page_lists_adds_and_removes(client, org, opdc_coordinator, evaluator):
    client.force_login(opdc_coordinator)
    page = client.get(_page()).content.decode()
    assert "ผู้ประเมินที่มอบหมาย" in page and org.department.name_th in page
    newcomer = _opdc_person()
    response = client.post(_page(), {"person": newcomer.pk, "department": org.other_department.pk})
    assert response.status_code == 302
    added = RoleAssignment.objects.get(person=newcomer, role=Role.EVALUATOR)
    assert added.department == org.other_department and added.fiscal_year == PERSONA_FY
    remove = reverse(
        "evaluator_remove", kwargs={"code": "opdc", "year": PERSONA_FY, "pk": added.pk}
    )
    assert client.post(remove).status_code == 302
    assert not RoleAssignment.objects.filter(pk=added.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.role.revoked").count() == 1


def test_assignment_page_keeps_what_was_typed_on_errors(client, org, opdc_coordinator, staff):
    client.force_login(opdc_coordinator)
    newcomer = _opdc_person()
    response = client.post(_page(), {"person": newcomer.pk, "department": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "กรุณาเลือกส่วนราชการ" in page
    assert f'value="{newcomer.pk}" selected' in page
    # A department person is not offered and is refused in Thai.
    response = client.post(_page(), {"person": staff.person.pk, "department": org.department.pk})
    assert response.status_code == 422
    assert "เลือกได้เฉพาะบุคลากรของหน่วยงานผู้ประเมินนี้" in response.content.decode()
    assert not RoleAssignment.objects.filter(role=Role.EVALUATOR, person__in=[newcomer]).exists()


def test_duplicate_assignment_is_refused_on_the_page(client, org, opdc_coordinator, evaluator):
    client.force_login(opdc_coordinator)
    response = client.post(
        _page(), {"person": evaluator.person.pk, "department": org.department.pk}
    )
    assert response.status_code == 422
    assert "มีบทบาทนี้ในปีงบประมาณนี้อยู่แล้ว" in response.content.decode()


def test_evaluating_body_is_not_offered_as_a_department(client, org, opdc_coordinator):
    client.force_login(opdc_coordinator)
    response = client.post(_page(), {"person": _opdc_person().pk, "department": _opdc().pk})
    assert response.status_code == 422
    assert "ไม่พบส่วนราชการนี้ในรายการที่รับการประเมิน" in response.content.decode()


def test_home_links_the_opdc_coordinator_to_the_page(client, org, opdc_coordinator, coordinator):
    client.force_login(opdc_coordinator)
    assert _page() in client.get(reverse("home")).content.decode()
    assert client.get(reverse("evaluators_index")).url == _page()
    client.force_login(coordinator)
    assert _page() not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("evaluators_index")).status_code == 404
