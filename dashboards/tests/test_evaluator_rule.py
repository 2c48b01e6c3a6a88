"""Issue 14 item 1: an evaluator row held by someone not of the evaluating body opens no
dashboard (accounts.selectors.counting_roles)."""

from __future__ import annotations

import pytest

from accounts.models import Role
from conftest import PERSONA_FY, PersonFactory, RoleAssignmentFactory
from dashboards.access import dashboard_access, departments_with_dashboard

pytestmark = pytest.mark.django_db


def test_a_bad_evaluator_row_opens_no_dashboard(org):
    stranger = PersonFactory(department=org.other_department)
    RoleAssignmentFactory(person=stranger, role=Role.EVALUATOR, department=org.department)
    assert not dashboard_access(stranger.user, org.department, PERSONA_FY).view
    assert org.department not in departments_with_dashboard(stranger.user, PERSONA_FY)


def test_the_assigned_evaluator_reads_it(org, evaluator):
    access = dashboard_access(evaluator, org.department, PERSONA_FY)
    assert access.view and access.read_only
    assert org.department in departments_with_dashboard(evaluator, PERSONA_FY)
