"""Project-wide fixtures: factories and the personas every page test is written around.

Personas (FY 2569, department "onep" unless said otherwise):
coordinator · division owner (KPI owner in the EIA division) · overseer (of the EIA division) ·
committee member · executive · evaluator (OPDC, assigned to onep) · staff · outsider (a user
with an account in another department and no role in onep) · anonymous · opdc_coordinator (the
evaluating body's coordinator, who assigns its evaluators).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from factory.django import DjangoModelFactory

from accounts.models import Department, Ministry, OrgUnit, Person, Role, RoleAssignment

PERSONA_FY = 2569
PASSWORD = "test-pass-1234"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.th")
    password = factory.django.Password(PASSWORD)


class MinistryFactory(DjangoModelFactory):
    class Meta:
        model = Ministry
        django_get_or_create = ("code",)

    code = "mnre"
    name_th = "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม"
    name_en = "Ministry of Natural Resources and Environment"
    abbreviation = "ทส."


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    ministry = factory.SubFactory(MinistryFactory)
    code = factory.Sequence(lambda n: f"dept{n}")
    name_th = factory.Sequence(lambda n: f"กรมทดสอบที่ {n}")
    name_en = factory.Sequence(lambda n: f"Test Department {n}")
    abbreviation = "กท."


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    department = factory.SubFactory(DepartmentFactory)
    kind = OrgUnit.Kind.DIVISION
    code = factory.Sequence(lambda n: f"unit{n}")
    name_th = factory.Sequence(lambda n: f"กองทดสอบที่ {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    title_th = "นางสาว"
    first_name_th = factory.Sequence(lambda n: f"สมศรี{n}")
    last_name_th = "ทดสอบ"
    position = "นักวิเคราะห์นโยบายและแผน"
    phone = "0 2265 6500"


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = Role.STAFF
    fiscal_year = PERSONA_FY
    department = factory.LazyAttribute(lambda o: o.person.department)
    unit = None


@dataclass
class Org:
    ministry: Ministry
    department: Department
    other_department: Department
    eia: OrgUnit
    eia_group: OrgUnit
    quality: OrgUnit
    admdev: OrgUnit


@pytest.fixture
def org(db: None) -> Org:
    ministry = MinistryFactory()
    department = DepartmentFactory(
        ministry=ministry,
        code="onep",
        name_th="สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        abbreviation="สผ.",
    )
    eia = OrgUnitFactory(department=department, code="eia", name_th="กองวิเคราะห์ผลกระทบฯ")
    return Org(
        ministry=ministry,
        department=department,
        other_department=DepartmentFactory(ministry=ministry, code="pcd", name_th="กรมควบคุมมลพิษ"),
        eia=eia,
        eia_group=OrgUnitFactory(
            department=department,
            parent=eia,
            kind=OrgUnit.Kind.GROUP,
            code="eia-energy",
            name_th="กลุ่มพลังงาน",
        ),
        quality=OrgUnitFactory(department=department, code="quality", name_th="กองคุณภาพฯ"),
        admdev=OrgUnitFactory(
            department=department,
            kind=OrgUnit.Kind.GROUP,
            code="admdev",
            name_th="กลุ่มพัฒนาระบบบริหาร",
        ),
    )


def make_persona(
    username: str,
    department: Department,
    role: str | None,
    *,
    unit: OrgUnit | None = None,
    role_unit: OrgUnit | None = None,
    home_department: Department | None = None,
) -> AbstractBaseUser:
    person = PersonFactory(
        user=UserFactory(username=username),
        department=home_department or department,
        unit=unit,
    )
    if role is not None:
        RoleAssignmentFactory(person=person, role=role, department=department, unit=role_unit)
    user: AbstractBaseUser = person.user
    return user


@pytest.fixture
def coordinator(org: Org) -> AbstractBaseUser:
    return make_persona("coordinator", org.department, Role.COORDINATOR, unit=org.admdev)


@pytest.fixture
def owner(org: Org) -> AbstractBaseUser:
    """A KPI owner / data collector in the EIA division."""
    return make_persona("owner", org.department, Role.OWNER, unit=org.eia, role_unit=org.eia)


@pytest.fixture
def overseer(org: Org) -> AbstractBaseUser:
    return make_persona("overseer", org.department, Role.OVERSEER, unit=org.eia, role_unit=org.eia)


@pytest.fixture
def committee_member(org: Org) -> AbstractBaseUser:
    return make_persona("committee", org.department, Role.COMMITTEE, unit=org.quality)


@pytest.fixture
def executive(org: Org) -> AbstractBaseUser:
    return make_persona("executive", org.department, Role.EXECUTIVE)


def evaluating_body() -> Department:
    """OPDC, the evaluating body (an organisation of its own kind, domain §8)."""
    opdc: Department = DepartmentFactory(
        code="opdc", name_th="สำนักงาน ก.พ.ร.", kind=Department.Kind.EVALUATING_BODY
    )
    return opdc


@pytest.fixture
def evaluator(org: Org) -> AbstractBaseUser:
    return make_persona(
        "evaluator", org.department, Role.EVALUATOR, home_department=evaluating_body()
    )


@pytest.fixture
def opdc_coordinator(org: Org) -> AbstractBaseUser:
    """The evaluating body's coordinator: assigns OPDC's evaluators to departments."""
    opdc = evaluating_body()
    return make_persona("opdc_coordinator", opdc, Role.COORDINATOR)


@pytest.fixture
def staff(org: Org) -> AbstractBaseUser:
    return make_persona("staff", org.department, Role.STAFF, unit=org.quality)


@pytest.fixture
def outsider(org: Org) -> AbstractBaseUser:
    """Someone from another department with a role there, none in onep."""
    return make_persona("outsider", org.other_department, Role.COORDINATOR)


@pytest.fixture
def admin_user(db: None) -> AbstractBaseUser:
    user: AbstractBaseUser = get_user_model().objects.create_superuser(
        "root", "root@example.go.th", PASSWORD
    )
    return user


@pytest.fixture(autouse=True)
def _fixed_language(settings: pytest.FixtureRequest) -> None:
    settings.LANGUAGE_CODE = "th"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _media_in_tmp(
    settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Uploads and demo evidence go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """The endpoint URL of an S3 server on loopback (started on first use)."""
    from core.tests.object_store import iter_server

    yield from iter_server()


@pytest.fixture(params=["local", "s3"])
def media_store(request: pytest.FixtureRequest, settings: Any, monkeypatch: Any) -> Any:
    """Runs the test once on local disk (the temporary MEDIA_ROOT) and once on a new bucket of
    the loopback S3 server, configured from the environment as a deployment would be."""
    from core.tests.object_store import MediaStore, new_bucket, s3_environment

    if request.param == "local":
        return MediaStore("local")
    endpoint = request.getfixturevalue("s3_server")
    bucket = new_bucket(endpoint)
    monkeypatch.setenv("STORAGE_BACKEND", "s3")
    for key, value in s3_environment(endpoint, bucket).items():
        monkeypatch.setenv(key, value)
    from pramoen.settings import media_storage_from_env

    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env()}
    return MediaStore("s3", endpoint=endpoint, bucket=bucket)
