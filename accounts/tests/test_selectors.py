import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import selectors
from accounts.models import Role
from conftest import PERSONA_FY, RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def test_member_sees_own_department_only(org, staff):
    assert list(selectors.departments_visible_to(staff)) == [org.department]


def test_outsider_does_not_see_onep(org, outsider):
    visible = set(selectors.departments_visible_to(outsider))
    assert org.department not in visible
    assert org.other_department in visible


def test_evaluator_sees_only_assigned_department(org, evaluator):
    visible = {d.code for d in selectors.departments_visible_to(evaluator)}
    assert "onep" in visible
    assert "pcd" not in visible


def test_anonymous_sees_nothing(org):
    anonymous = AnonymousUser()
    assert not selectors.departments_visible_to(anonymous).exists()
    assert not selectors.people_visible_to(anonymous).exists()
    assert not selectors.roles_of(anonymous).exists()


def test_superuser_sees_every_department(org, admin_user):
    assert set(selectors.departments_visible_to(admin_user)) >= {
        org.department,
        org.other_department,
    }


def test_people_and_units_visible_follow_department(org, staff, outsider):
    assert all(p.department == org.department for p in selectors.people_visible_to(staff))
    assert not selectors.units_visible_to(outsider).filter(department=org.department).exists()
    assert selectors.units_visible_to(staff).filter(code="eia").exists()


def test_roles_are_per_fiscal_year(org, coordinator):
    assert selectors.role_set(coordinator, PERSONA_FY) == {Role.COORDINATOR}
    coordinator.__dict__.pop("_pramoen_roles", None)
    assert selectors.role_set(coordinator, PERSONA_FY + 1) == frozenset()


def test_only_coordinator_and_admin_manage_department(
    org, coordinator, executive, staff, outsider, admin_user
):
    assert selectors.can_manage_department(coordinator, org.department, PERSONA_FY)
    assert selectors.can_manage_department(admin_user, org.department, PERSONA_FY)
    # Last year's coordinator rolls the department into the next year, not further.
    assert selectors.can_manage_department(coordinator, org.department, PERSONA_FY + 1)
    assert not selectors.can_manage_department(coordinator, org.department, PERSONA_FY + 2)
    assert not selectors.can_manage_department(coordinator, org.department, PERSONA_FY - 1)
    for user in (executive, staff, outsider):
        assert not selectors.can_manage_department(user, org.department, PERSONA_FY)


def test_unit_role_covers_its_sub_units(org, owner):
    ids = selectors.unit_ids_for_role(owner, [Role.OWNER], PERSONA_FY)
    assert ids == {org.eia.pk, org.eia_group.pk}
    assert selectors.user_has_role(owner, [Role.OWNER], PERSONA_FY, unit=org.eia_group)
    assert not selectors.user_has_role(owner, [Role.OWNER], PERSONA_FY, unit=org.quality)


def test_department_wide_role_covers_every_unit(org, coordinator):
    RoleAssignmentFactory(person=coordinator.person, role=Role.OWNER, department=org.department)
    ids = selectors.unit_ids_for_role(coordinator, [Role.OWNER], PERSONA_FY)
    assert {org.eia.pk, org.quality.pk, org.eia_group.pk, org.admdev.pk} <= ids


def test_active_year_falls_back_to_latest_year_with_roles(org, coordinator, settings):
    # Roles exist only for FY 2569; on a date in FY 2570 the user still lands in 2569.
    assert selectors.active_fiscal_year(coordinator, None) in {PERSONA_FY, _current()}
    assert selectors.active_fiscal_year(coordinator, 2570) == 2570


def _current() -> int:
    from core.fiscal import current_fiscal_year

    return current_fiscal_year().be_year


def test_active_year_is_current_year_for_user_without_roles(db):
    from conftest import UserFactory

    assert selectors.active_fiscal_year(UserFactory(), None) == _current()
