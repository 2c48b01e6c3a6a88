"""Issue 14 item 8, "The admin is not a back door": the stateful models — frameworks, KPI sheets,
agreements and their records, rounds, submissions and their reviews, evidence, role
assignments, audit — are read-only in Django admin. Their writes go through the services
(permission, state, version, audit, one transaction); a superuser who POSTs to an admin add,
change or delete page gets 403 and nothing changes.

Every model our apps register in the admin is classified here: a new admin must say whether it
is read-only or why an operator needs to write through it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.test import Client, override_settings
from django.urls import reverse

from accounts.demo import DemoYears

OUR_APPS = {
    "core",
    "accounts",
    "frameworks",
    "indicators",
    "agreements",
    "reporting",
    "evidence",
    "documents",
    "dashboards",
    "notifications",
    "api",
}

READ_ONLY = [
    "core.auditevent",
    "accounts.roleassignment",
    "frameworks.framework",
    "indicators.kpi",
    "agreements.agreement",
    "agreements.resolution",
    "agreements.datarequest",
    "agreements.negotiationround",
    "agreements.acknowledgement",
    "agreements.amendment",
    "agreements.attachment",
    "reporting.roundstate",
    "reporting.submission",
    "reporting.submissionreturn",
    "reporting.reviewerscore",
    "reporting.appeal",
    "reporting.executivepresentation",
    "evidence.evidencefile",
]

# Reference data without a state or version, which an operator keeps up to date.
WRITABLE = {
    "accounts.ministry": "the ministries (reference data)",
    "accounts.department": "departments, e.g. a new one joining the system",
    "accounts.orgunit": "a reorganisation of divisions and groups",
    "accounts.person": "people and their accounts (roles are read-only inline)",
    "frameworks.planitem": "the national and ministry strategy tree (domain §4)",
    "agreements.holiday": "public holidays, which the deadlines skip",
    "notifications.notification": "clearing a wrong message",
    "notifications.reminder": "cancelling a reminder that should not go out",
}


def _ours() -> set[str]:
    return {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in OUR_APPS
    }


def test_every_admin_of_our_apps_is_classified() -> None:
    assert _ours() == set(READ_ONLY) | set(WRITABLE)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Client]:
    """The demo (every kind of row exists), loaded once, rolled back afterwards; a superuser."""
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media, LANGUAGE_CODE="th"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", "--quiet-logins")
        _request_an_amendment()
        root = get_user_model().objects.create_superuser("admin-test", "root@example.go.th", "x")
        client = Client()
        client.force_login(root)
        yield client
        transaction.set_rollback(True)


def _request_an_amendment() -> None:
    """The demo has no amendment: onep's coordinator asks for one on last year's KPI 2."""
    from agreements.models import Agreement
    from agreements.services import amendment_request
    from indicators.models import Kpi

    agreement = Agreement.objects.get(
        framework__department__code="onep", framework__fiscal_year=DemoYears.of().last
    )
    amendment_request(
        get_user_model().objects.get(username="somchai"),
        agreement,
        kpi=Kpi.objects.get(framework=agreement.framework, number="2", is_latest=True),
        reason="ข้อมูลพื้นฐานเปลี่ยนไป",
        proposed_change="ปรับค่าเป้าหมาย",
    )


def _state(obj: models.Model) -> dict[str, Any]:
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}


def _changed_post(obj: models.Model) -> dict[str, Any]:
    """The object's own form data with every text field changed: what an edit would send."""
    data: dict[str, Any] = {}
    for name, value in model_to_dict(obj).items():
        if isinstance(value, str):
            data[name] = value + " (แก้ในหน้าผู้ดูแล)"
        elif isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None and not hasattr(value, "url"):
            data[name] = getattr(value, "pk", value)
    data["_save"] = "Save"
    return data


@pytest.mark.parametrize("label", READ_ONLY)
def test_a_superuser_cannot_add_change_or_delete_through_the_admin(
    label: str, demo: Client, db: None
) -> None:
    model = apps.get_model(label)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the demo has no {label}: add one"
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    before, count = _state(obj), model._default_manager.count()

    view = demo.get(reverse(f"{info}_change", args=[obj.pk]))
    change = demo.post(reverse(f"{info}_change", args=[obj.pk]), _changed_post(obj))
    delete = demo.post(reverse(f"{info}_delete", args=[obj.pk]), {"post": "yes"})
    add = demo.post(reverse(f"{info}_add"), _changed_post(obj))

    assert view.status_code == 200  # the admin may look
    assert (change.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    assert _state(obj) == before and model._default_manager.count() == count


def test_the_person_page_cannot_add_a_role_through_its_inline(demo: Client, db: None) -> None:
    """People stay editable (WRITABLE); their roles, shown inline, do not."""
    from accounts.models import Person, Role, RoleAssignment

    person = Person.objects.filter(user__username="somsak").get()
    roles = set(RoleAssignment.objects.filter(person=person).values_list("pk", "role"))
    data = {  # the person's own data, unchanged, so the form itself is valid
        name: getattr(value, "pk", value)
        for name, value in model_to_dict(person).items()
        if value is not None
    }
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-role": Role.EVALUATOR,
            "roles-0-fiscal_year": "2569",
            "roles-0-department": str(person.department_id),
        }
    )

    response = demo.post(reverse("admin:accounts_person_change", args=[person.pk]), data)

    assert response.status_code == 302  # the person was saved ...
    # ... and no role came with it
    assert set(RoleAssignment.objects.filter(person=person).values_list("pk", "role")) == roles
