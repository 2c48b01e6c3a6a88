import pytest
from django.core.management import call_command

from accounts.demo import PEOPLE, DemoYears
from accounts.models import Department, OrgUnit, Person, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_covers_every_role(capsys):
    call_command("load_demo")
    counts = (Person.objects.count(), OrgUnit.objects.count(), RoleAssignment.objects.count())
    call_command("load_demo", "--quiet-logins")
    assert (Person.objects.count(), OrgUnit.objects.count(), RoleAssignment.objects.count()) == (
        counts
    )
    onep = Department.objects.get(code="onep")
    for year in DemoYears.of().role_years:  # last year and the current year
        held = set(
            RoleAssignment.objects.filter(department=onep, fiscal_year=year).values_list(
                "role", flat=True
            )
        )
        assert held == set(Role.values)
    assert Person.objects.filter(department=onep).count() >= 20
    assert len(PEOPLE) >= 25
    out = capsys.readouterr().out
    assert "pramoen-demo" in out
    assert "somchai" in out


def test_demo_users_can_log_in(client):
    call_command("load_demo", "--quiet-logins")
    response = client.post("/accounts/login/", {"username": "somchai", "password": "pramoen-demo"})
    assert response.status_code == 302


def test_demo_opdc_is_the_evaluating_body_with_its_own_coordinator():
    from accounts.selectors import bad_evaluator_assignments, can_assign_evaluators

    call_command("load_demo", "--quiet-logins")
    opdc = Department.objects.get(code="opdc")
    assert opdc.kind == Department.Kind.EVALUATING_BODY
    assert Department.objects.get(code="onep").kind == Department.Kind.DEPARTMENT
    coordinator = Person.objects.get(user__username="opdccoord").user
    assert coordinator is not None
    for year in DemoYears.of().role_years:
        assert can_assign_evaluators(coordinator, opdc, year)
    # Every evaluator row of the demo (last year and the current year) is held by a person of OPDC.
    assert RoleAssignment.objects.filter(role=Role.EVALUATOR).count() >= 2
    assert not bad_evaluator_assignments().exists()
