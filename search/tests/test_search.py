"""Search (issue 16 item 6): Thai words found inside longer Thai text, on SQLite (FTS5) and on
PostgreSQL (GIN over to_tsvector), kept up to date by the services, and only what the user may
see — the owning app's permission selector decides, so a hidden object never appears."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Person, Role
from agreements.models import Agreement
from conftest import PersonFactory, make_persona
from indicators import services as kpi_services
from indicators.services import DataItemInput, LevelInput
from reporting import services as reporting_services
from reporting.models import Submission
from reporting.services import evidence_files as evidence_services
from reporting.services.submissions import SubmissionInput
from reporting.tests.factories import make_framework, make_kpi, make_round, pdf_bytes, upload
from search import engine
from search.models import SearchEntry
from search.selectors import search_for

pytestmark = pytest.mark.django_db

GHG = "ก๊าซเรือนกระจก"
GHG_KPI = "ร้อยละของการลดการปล่อยก๊าซเรือนกระจกจากการดำเนินงานของหน่วยงานภาครัฐ"
LEVELS = [
    LevelInput(Decimal(80), Decimal(50), "ขั้นต้น"),
    LevelInput(Decimal(90), Decimal(75), "มาตรฐาน"),
    LevelInput(Decimal(100), Decimal(100), "ขั้นสูง"),
]


def found(user, query: str) -> dict[str, list[int]]:
    return {group.kind: [row.pk for row in group.rows] for group in search_for(user, query).groups}


def _create_kpi(coordinator, framework, name: str = GHG_KPI, number: str = "9", unit=None):
    return kpi_services.kpi_create(
        coordinator,
        framework,
        data_items=[DataItemInput("a", "ปริมาณที่ลดได้", "ตัน"), DataItemInput("b", "เป้าหมาย")],
        levels=LEVELS,
        component=framework.components.get(code="performance"),
        number=number,
        name_th=name,
        weight=Decimal(10),
        formula="(a / b) * 100",
        responsible_unit=unit,
    )


def _publish(framework) -> None:
    Agreement.objects.create(
        framework=framework, started_on=timezone.localdate(), published_at=timezone.now()
    )


# Thai words ----------------------------------------------------------------------------------


def test_a_compounds_later_words_are_indexed_too():
    assert {"ภูมิอากาศ", "อากาศ"} <= set(engine.inner_words("สภาพภูมิอากาศ"))
    assert "ธรรมชาติ" in engine.inner_words("ทรัพยากรธรรมชาติ")
    assert engine.inner_words("ก๊าซ") == () and engine.inner_words("EIA") == ()


def test_thai_text_is_cut_into_words():
    assert engine.words(GHG) == ["ก๊าซ", "เรือนกระจก"]
    assert {"ก๊าซ", "เรือนกระจก", "ภาครัฐ"} <= set(engine.words(GHG_KPI))
    assert engine.words("รายงาน EIA, ปี 2569!") == ["รายงาน", "eia", "ปี", "2569"]


def test_the_database_has_its_full_text_index():
    assert engine.backend() == {"postgresql": "postgresql", "sqlite": "fts5"}[connection.vendor]


def test_kpi_is_found_by_a_thai_word_inside_longer_text(org, coordinator):
    framework = make_framework(org.department)
    kpi = _create_kpi(coordinator, framework)  # indexed by the service
    other = _create_kpi(coordinator, framework, "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ", "10")
    assert found(coordinator, GHG)["kpi"] == [kpi.pk]
    assert found(coordinator, "เรือนกระจก")["kpi"] == [kpi.pk]
    assert found(coordinator, "เรือน")["kpi"] == [kpi.pk]  # a word's beginning is enough
    assert found(coordinator, "ก๊าซเรือนกระจกภาครัฐ")["kpi"] == [kpi.pk]  # every word
    assert found(coordinator, "ก๊าซเรือนกระจกทะเล")["kpi"] == []
    assert found(coordinator, "รายงาน")["kpi"] == [other.pk]


def test_an_edited_kpi_is_found_by_its_new_name_only(org, coordinator):
    framework = make_framework(org.department)
    kpi = _create_kpi(coordinator, framework, "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ")
    assert found(coordinator, GHG)["kpi"] == []
    kpi_services.kpi_update(coordinator, kpi, {"name_th": GHG_KPI})
    assert found(coordinator, GHG)["kpi"] == [kpi.pk]
    assert found(coordinator, "พิจารณา")["kpi"] == []
    kpi_services.kpi_delete_draft(coordinator, kpi)
    assert not SearchEntry.objects.filter(kind="kpi", object_id=kpi.pk).exists()


def test_kpis_of_every_fiscal_year_are_found(org, coordinator):
    last_year = make_framework(org.department, 2568)
    this_year = make_framework(org.department, 2569)
    _publish(last_year)  # last year's sheets: read by the department once published
    old = make_kpi(last_year, "1")
    new = make_kpi(this_year, "1")
    for kpi in (old, new):
        kpi.name_th = GHG_KPI
        kpi.save()
    call_command("search_reindex", stdout=io.StringIO())
    assert found(coordinator, GHG)["kpi"] == [new.pk, old.pk]  # newest year first


def test_reports_are_found_by_their_kpi_and_their_narrative(org, coordinator, owner):
    framework = make_framework(org.department)
    kpi = make_kpi(framework, unit=org.eia)
    kpi.name_th = GHG_KPI
    kpi.save()
    round_ = make_round(framework)
    reporting_services.round_open(coordinator, round_)  # creates and indexes the reports
    submission = Submission.objects.get(round=round_)
    assert found(owner, GHG)["report"] == [submission.pk]
    assert found(owner, "โรงไฟฟ้าชีวมวล")["report"] == []
    reporting_services.submission_save(
        owner,
        submission,
        SubmissionInput(
            values={"a": Decimal(9), "b": Decimal(10)},
            supporting_factors="ความร่วมมือจากโรงไฟฟ้าชีวมวลในพื้นที่",
        ),
        expected_version=submission.version,
    )
    assert found(owner, "โรงไฟฟ้าชีวมวล")["report"] == [submission.pk]
    assert found(owner, "ชีวมวล")["report"] == [submission.pk]


def test_evidence_is_found_by_its_title(org, coordinator, owner, outsider):
    framework = make_framework(org.department)
    make_kpi(framework, unit=org.eia)
    round_ = make_round(framework)
    reporting_services.round_open(coordinator, round_)
    submission = Submission.objects.get(round=round_)
    evidence = evidence_services.evidence_add(
        owner,
        submission,
        upload("a.pdf", pdf_bytes()),
        title="บัญชีก๊าซเรือนกระจกขององค์กรประจำปี",
    )
    assert found(owner, GHG)["evidence"] == [evidence.pk]
    assert found(outsider, GHG)["evidence"] == []
    evidence_services.evidence_remove(owner, evidence)
    assert found(owner, GHG)["evidence"] == []


def test_people_are_found_by_name_position_and_unit(org, staff, outsider):
    person = PersonFactory(
        department=org.department,
        unit=org.eia,
        first_name_th="ณัฐธยา",
        last_name_th="ตรวจสอบ",
        position="นักวิชาการสิ่งแวดล้อมชำนาญการ",
    )
    assert found(staff, "ณัฐธยา")["person"] == [person.pk]
    assert found(staff, "สิ่งแวดล้อม")["person"] == [person.pk]
    # Another department's people are not found by someone who does not see that department.
    assert found(outsider, "ณัฐธยา")["person"] == []
    person.first_name_th = "ปวีณา"
    person.save()
    assert found(staff, "ณัฐธยา")["person"] == []
    person.delete()
    assert not SearchEntry.objects.filter(kind="person").filter(object_id=person.pk).exists()


# Only what the user may see ------------------------------------------------------------------


def test_staff_does_not_find_a_draft_kpi_before_the_agreement_is_published(org, coordinator, staff):
    framework = make_framework(org.department)
    kpi = _create_kpi(coordinator, framework, unit=org.eia)
    assert found(coordinator, GHG)["kpi"] == [kpi.pk]
    assert found(staff, GHG)["kpi"] == []
    _publish(framework)
    assert found(staff, GHG)["kpi"] == []  # published, but this sheet is still a draft
    kpi_services.kpi_approve(coordinator, kpi)
    assert found(staff, GHG)["kpi"] == [kpi.pk]


def test_another_departments_kpis_and_reports_are_not_found(org, coordinator, outsider):
    framework = make_framework(org.department)
    kpi = make_kpi(framework, unit=org.eia)
    kpi.name_th = GHG_KPI
    kpi.save()
    _publish(framework)
    reporting_services.round_open(coordinator, make_round(framework))
    call_command("search_reindex", stdout=io.StringIO())
    assert found(coordinator, GHG)["kpi"] == [kpi.pk]
    assert found(outsider, GHG) == {"kpi": [], "report": [], "evidence": [], "person": []}


def test_a_unit_owner_finds_only_their_units_reports(org, coordinator, owner):
    framework = make_framework(org.department)
    mine = make_kpi(framework, "1", unit=org.eia)
    theirs = make_kpi(framework, "2", unit=org.quality)
    Kpi = type(mine)
    Kpi.objects.filter(pk__in=[mine.pk, theirs.pk]).update(name_th=GHG_KPI)
    round_ = make_round(framework)
    reporting_services.round_open(coordinator, round_)
    reports = dict(Submission.objects.filter(round=round_).values_list("kpi_id", "pk"))
    assert found(owner, GHG)["report"] == [reports[mine.pk]]
    assert sorted(found(coordinator, GHG)["report"]) == sorted(reports.values())


def test_search_reindex_rebuilds_the_index(org, coordinator):
    framework = make_framework(org.department)
    kpi = _create_kpi(coordinator, framework)
    SearchEntry.objects.all().delete()
    assert found(coordinator, GHG)["kpi"] == []
    call_command("search_reindex", stdout=io.StringIO())
    assert found(coordinator, GHG)["kpi"] == [kpi.pk]


# The page ------------------------------------------------------------------------------------


def test_page_groups_results_with_links(client, org, coordinator):
    framework = make_framework(org.department)
    kpi = _create_kpi(coordinator, framework)
    client.force_login(coordinator)
    response = client.get(reverse("search"), {"q": GHG})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-kpi"' in html and reverse("kpi_detail", kwargs={"pk": kpi.pk}) in html
    assert 'id="search-report"' not in html  # a kind with no result is not shown


def test_page_without_a_query_shows_only_the_box(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("search"), {"q": "  !!  "})
    assert response.status_code == 200
    assert "กรุณาพิมพ์คำที่ต้องการค้นหา" in response.content.decode()


def test_header_has_the_search_box(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("search")).content.decode()
    assert f'action="{reverse("search")}"' in html and 'name="q"' in html


def test_query_count_does_not_grow_with_the_results(
    client, org, coordinator, django_assert_max_num_queries
):
    framework = make_framework(org.department)
    for n in range(1, 4):
        _create_kpi(coordinator, framework, number=str(n))
    client.force_login(coordinator)
    client.get(reverse("search"), {"q": GHG})  # warm the per-process caches
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("search"), {"q": GHG})
    for n in range(4, 12):
        _create_kpi(coordinator, framework, number=str(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("search"), {"q": GHG})
    assert response.content.decode().count('href="/kpis/sheet/') == 11


def test_role_less_colleague_in_another_unit_is_found_by_a_member(org, owner):
    colleague = make_persona("colleague", org.department, Role.STAFF, unit=org.quality)
    people = found(owner, "สมศรี")["person"]  # PersonFactory's first names
    assert Person.objects.get(user_id=colleague.pk).pk in people
    assert len(people) == 2  # the owner and the colleague


def test_renaming_a_unit_refreshes_its_kpis_and_people(org, coordinator, staff):
    framework = make_framework(org.department)
    kpi = _create_kpi(coordinator, framework, unit=org.eia)
    person = PersonFactory(department=org.department, unit=org.eia)
    assert found(coordinator, "ภูมิอากาศ")["kpi"] == []
    org.eia.name_th = "กองเปลี่ยนแปลงสภาพภูมิอากาศ"
    org.eia.save()
    assert found(coordinator, "ภูมิอากาศ")["kpi"] == [kpi.pk]
    assert found(staff, "ภูมิอากาศ")["person"] == [person.pk]


def test_without_a_full_text_index_the_words_are_still_found(org, coordinator, monkeypatch):
    """A SQLite built without FTS5 (the migration then creates no FTS table): word prefixes
    are matched with LIKE on the same segmented words."""
    framework = make_framework(org.department)
    kpi = _create_kpi(coordinator, framework)
    monkeypatch.setattr(engine, "backend", lambda: "like")
    assert found(coordinator, GHG)["kpi"] == [kpi.pk]
    assert found(coordinator, "เรือน")["kpi"] == [kpi.pk]
    assert found(coordinator, "กระจกเรือน")["kpi"] == [kpi.pk]  # every word, in any order
    assert found(coordinator, "ทะเล")["kpi"] == []


@pytest.mark.parametrize("like", [False, True], ids=["full-text", "like"])
def test_a_word_cut_differently_in_the_text_is_found(org, coordinator, monkeypatch, like):
    """newmm cuts "รายงานการวิเคราะห์" as ราย · งานการ · วิเคราะห์: the query "รายงาน" also
    matches its parts side by side, but not the same syllables apart."""
    framework = make_framework(org.department)
    eia = _create_kpi(coordinator, framework, "รายงานการวิเคราะห์ผลกระทบสิ่งแวดล้อม", "1")
    _create_kpi(coordinator, framework, "รายได้จากงานบริการ", "2")
    body = SearchEntry.objects.get(kind="kpi", object_id=eia.pk).body.split()
    assert "รายงาน" not in body and body[1:3] == ["ราย", "งานการ"]  # after the number
    if like:
        monkeypatch.setattr(engine, "backend", lambda: "like")
    assert found(coordinator, "รายงาน")["kpi"] == [eia.pk]
    assert found(coordinator, "รายงานวิเคราะห์")["kpi"] == [eia.pk]


def test_the_kinds_other_apps_name_are_the_index_kinds() -> None:
    """Lower apps name kinds through core.indexing (they may not import search)."""
    from core import indexing
    from search.models import SearchEntry

    assert {indexing.KPI, indexing.REPORT, indexing.EVIDENCE, indexing.PERSON} == set(
        SearchEntry.Kind.values
    )
