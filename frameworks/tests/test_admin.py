"""The admin shows frameworks with their rows inline, and the lineage tree."""

import pytest
from django.urls import reverse

from frameworks.models import PlanItem
from frameworks.tests.factories import PlanItemFactory, make_framework

pytestmark = pytest.mark.django_db


def test_admin_framework_page_has_every_section_inline(client, admin_user, org):
    framework = make_framework(org.department)
    client.force_login(admin_user)
    assert client.get(reverse("admin:frameworks_framework_changelist")).status_code == 200
    response = client.get(reverse("admin:frameworks_framework_change", args=[framework.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for prefix in ["components", "result_levels", "rounds", "steps"]:
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert "Performance Base" in html


def test_admin_plan_items(client, admin_user):
    PlanItemFactory(level=PlanItem.Level.NATIONAL, code="5", name_th="ยุทธศาสตร์ชาติ")
    client.force_login(admin_user)
    response = client.get(reverse("admin:frameworks_planitem_changelist"), {"q": "5"})
    assert response.status_code == 200
    assert "ยุทธศาสตร์ชาติ" in response.content.decode()
