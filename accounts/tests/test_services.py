import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.models import Role, RoleAssignment
from conftest import PERSONA_FY, PersonFactory, RoleAssignmentFactory
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_coordinator_assigns_role_with_audit(org, coordinator):
    person = PersonFactory(department=org.department, unit=org.quality)
    assignment = services.role_assign(
        coordinator,
        person=person,
        role=Role.OWNER,
        fiscal_year=PERSONA_FY,
        department=org.department,
        unit=org.quality,
    )
    assert assignment.unit == org.quality
    event = AuditEvent.objects.get(action="accounts.role.assigned")
    assert event.actor == coordinator
    assert event.data["role"] == "owner"
    assert event.data["unit"] == "quality"


def test_staff_cannot_assign_roles(org, staff):
    person = PersonFactory(department=org.department)
    with pytest.raises(PermissionDenied):
        services.role_assign(
            staff, person=person, role=Role.OWNER, fiscal_year=PERSONA_FY, department=org.department
        )
    assert not RoleAssignment.objects.filter(person=person).exists()
    assert not AuditEvent.objects.exists()


def test_coordinator_cannot_assign_two_years_ahead(org, coordinator):
    with pytest.raises(PermissionDenied):
        services.role_assign(
            coordinator,
            person=coordinator.person,
            role=Role.COORDINATOR,
            fiscal_year=PERSONA_FY + 2,
            department=org.department,
        )


def test_unit_of_another_department_is_rejected(org, coordinator):
    from conftest import OrgUnitFactory

    foreign_unit = OrgUnitFactory(department=org.other_department)
    person = PersonFactory(department=org.department)
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            coordinator,
            person=person,
            role=Role.OWNER,
            fiscal_year=PERSONA_FY,
            department=org.department,
            unit=foreign_unit,
        )
    assert "unit" in error.value.message_dict


def test_person_from_other_department_only_as_committee(org, coordinator):
    """(The evaluator role is the evaluating body's to give: test_evaluating_body.py.)"""
    stranger = PersonFactory(department=org.other_department)
    with pytest.raises(ValidationError) as error:
        services.role_assign(
            coordinator,
            person=stranger,
            role=Role.OWNER,
            fiscal_year=PERSONA_FY,
            department=org.department,
        )
    assert "ไม่ได้สังกัด" in error.value.message_dict["person"][0]
    services.role_assign(
        coordinator,
        person=stranger,
        role=Role.COMMITTEE,
        fiscal_year=PERSONA_FY,
        department=org.department,
    )
    assert RoleAssignment.objects.filter(person=stranger, role=Role.COMMITTEE).exists()


def test_duplicate_assignment_is_refused(org, coordinator):
    with pytest.raises(ValidationError):
        services.role_assign(
            coordinator,
            person=coordinator.person,
            role=Role.COORDINATOR,
            fiscal_year=PERSONA_FY,
            department=org.department,
        )
    assert RoleAssignment.objects.filter(person=coordinator.person).count() == 1


def test_revoke_deletes_and_audits(org, coordinator):
    assignment = RoleAssignmentFactory(
        person=PersonFactory(department=org.department), role=Role.STAFF
    )
    services.role_revoke(coordinator, assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.role.revoked").count() == 1


def test_copy_from_previous_year_skips_existing(org, coordinator):
    person = PersonFactory(department=org.department)
    RoleAssignmentFactory(person=person, role=Role.OWNER, unit=org.eia)
    # Nobody holds a 2570 role yet: last year's coordinator copies everything.
    created = services.roles_copy_from_previous_year(coordinator, org.department, 2570)
    assert created == 2
    assert RoleAssignment.objects.filter(fiscal_year=2570, person=person, unit=org.eia).exists()
    assert services.roles_copy_from_previous_year(coordinator, org.department, 2570) == 0
