"""Who sees which dashboard, what the pages show, and constant query counts (issue 7)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Department, Ministry, Person, Role
from conftest import DepartmentFactory, RoleAssignmentFactory, make_persona
from dashboards.tests.conftest import populate


def dashboard_url(code: str = "onep", year: int = 2569) -> str:
    return reverse("dashboards:department", kwargs={"code": code, "year": year})


def queries(client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def onep(org):
    populate(org.department, 3)
    return org.department


# Who sees which department --------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["executive", "coordinator", "committee_member", "admin_user", "evaluator"]
)
def test_department_readers_open_the_dashboard(client, onep, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(dashboard_url())
    assert response.status_code == 200
    assert "แดชบอร์ดผู้บริหาร" in response.text and "คะแนนรวม" in response.text


@pytest.mark.parametrize("persona", ["owner", "overseer", "staff", "outsider"])
def test_others_get_404(client, onep, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(dashboard_url()).status_code == 404


def test_anonymous_is_sent_to_login(client, onep):
    response = client.get(dashboard_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_evaluator_is_read_only(client, onep, evaluator):
    client.force_login(evaluator)
    page = client.get(dashboard_url()).text
    assert "ดูได้อย่างเดียว" in page
    assert "รายงานที่เลยกำหนดส่ง" not in page  # the department's internal follow-up
    assert reverse("dashboards:rule", kwargs={"code": "onep", "year": 2569}) not in page
    assert client.get(reverse("dashboards:rule", args=["onep", 2569])).status_code == 404


def test_todays_executive_reads_earlier_years_but_not_later_ones(client, onep, executive):
    client.force_login(executive)
    assert client.get(dashboard_url(year=2568)).status_code == 200
    assert client.get(dashboard_url(year=2570)).status_code == 404


def test_last_years_coordinator_may_open_the_next_year(client, onep, coordinator):
    client.force_login(coordinator)
    assert client.get(dashboard_url(year=2570)).status_code == 200  # no framework yet
    assert "ยังไม่มีกรอบการประเมิน" in client.get(dashboard_url(year=2570)).text


def test_index_redirects_to_the_only_department(client, onep, executive):
    client.force_login(executive)
    session = client.session
    session["pramoen_fiscal_year"] = 2569
    session.save()
    response = client.get(reverse("dashboards:index"))
    assert response.status_code == 302 and response["Location"] == dashboard_url()


# What the page shows -------------------------------------------------------------------------


def test_dashboard_shows_thai_charts_lights_and_drill_down(client, onep, executive):
    client.force_login(executive)
    page = client.get(dashboard_url()).text
    assert page.count('role="img"') >= 3  # components, KPI forecasts, years
    assert "คะแนนถ่วงน้ำหนักรายองค์ประกอบ" in page and "Performance Base" in page
    assert "คาดการณ์ ณ สิ้นปี" in page and "dash-light-" in page
    assert "ตารางข้อมูลของแผนภูมิ" in page  # the data table alternative
    assert reverse("dashboards:kpi", args=[_kpi_pk("1")]) in page


def _kpi_pk(number: str) -> int:
    from indicators.models import Kpi

    return Kpi.objects.get(framework__fiscal_year=2569, number=number).pk


def test_kpi_drill_down_shows_history_across_years_and_sheet_link(client, onep, executive):
    client.force_login(executive)
    pk = _kpi_pk("1")
    page = client.get(reverse("dashboards:kpi", args=[pk])).text
    assert "ปี 2568 รอบ 12 เดือน" in page and "ปี 2569 รอบ 6 เดือน" in page
    assert reverse("kpi_detail", kwargs={"pk": pk}) in page
    assert "ผลการดำเนินงานตัวชี้วัด 1 รายรอบ" in page  # the chart's title


def test_kpi_drill_down_is_404_for_outsiders(client, onep, outsider):
    client.force_login(outsider)
    assert client.get(reverse("dashboards:kpi", args=[_kpi_pk("1")])).status_code == 404


def test_kpi_drill_down_lists_only_evidence_the_user_may_download(client, onep, evaluator):
    from evidence.models import EvidenceFile
    from reporting.models import Submission

    accepted = Submission.objects.filter(
        round__framework__fiscal_year=2569, round__months=6, kpi__number="1"
    ).get()
    draft = Submission.objects.get(
        round__framework__fiscal_year=2569, round__months=12, kpi__number="1"
    )
    for number, submission in ((1, accepted), (2, draft)):
        EvidenceFile.objects.create(
            submission=submission,
            number=number,
            title=f"หลักฐานที่ {number}",
            original_name="x.pdf",
            file_type="pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            file="evidence/x.pdf",
        )
    client.force_login(evaluator)
    page = client.get(reverse("dashboards:kpi", args=[_kpi_pk("1")])).text
    assert "หลักฐานที่ 1" in page
    assert "หลักฐานที่ 2" not in page  # the draft report is not the evaluator's to see


def test_coordinator_edits_the_rule_through_the_page(client, onep, coordinator):
    client.force_login(coordinator)
    url = reverse("dashboards:rule", args=["onep", 2569])
    form = client.get(url).text
    assert "เว้นว่างเพื่อใช้คะแนนระดับมาตรฐานของกรอบการประเมิน (70.00)" in form
    response = client.post(url, {"green_min_score": "80", "amber_min_score": ""})
    assert response.status_code == 302
    page = client.get(dashboard_url()).text
    assert "≥ 80.00 เป็นไปตามเป้าหมาย" in page
    bad = client.post(url, {"green_min_score": "abc", "amber_min_score": "60"})
    assert "กรุณากรอกตัวเลข" in bad.text


# Ministry view -------------------------------------------------------------------------------


def test_ministry_view_lists_departments_and_links_only_allowed_ones(client, org, executive):
    populate(org.department, 3)
    populate(org.other_department, 2)
    client.force_login(executive)
    page = client.get(reverse("dashboards:ministry", args=["mnre", 2569])).text
    assert "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม" in page
    assert "กรมควบคุมมลพิษ" in page
    assert dashboard_url("onep") in page
    assert dashboard_url("pcd") not in page  # the executive of onep may not open pcd


@pytest.mark.parametrize("persona", ["coordinator", "committee_member", "evaluator", "outsider"])
def test_ministry_view_is_for_executives_and_admins(client, org, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("dashboards:ministry", args=["mnre", 2569])).status_code == 404


def test_ministry_view_sorts_by_the_query_parameter(client, org, admin_user):
    populate(org.department, 3)
    strong = DepartmentFactory(ministry=org.ministry, code="strong", name_th="กรมเข้มแข็ง")
    populate(strong, 1, base=95)  # 87.5 points against onep's ~52.5
    client.force_login(admin_user)
    url = reverse("dashboards:ministry", args=["mnre", 2569])
    by_name = client.get(url).text
    by_forecast = client.get(url + "?sort=-forecast").text
    assert by_name.index("กรมควบคุมมลพิษ") < by_name.index("กรมเข้มแข็ง")
    assert by_forecast.index("กรมเข้มแข็ง") < by_forecast.index("สำนักงานนโยบาย")
    # departments without a total come last either way
    assert by_forecast.index("สำนักงานนโยบาย") < by_forecast.index("กรมควบคุมมลพิษ")
    assert 'aria-sort="descending"' in by_forecast


def test_ministry_export_is_a_workbook_with_numbers(client, org, admin_user):
    populate(org.department, 2)
    client.force_login(admin_user)
    response = client.get(reverse("dashboards:ministry_xlsx", args=["mnre", 2569]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "ส่วนราชการ"
    onep_row = next(row for row in rows[2:] if row[1] == "สผ.")
    assert isinstance(onep_row[4], int | float)  # the forecast total is a number, not text
    assert onep_row[6] == 2  # KPIs


# Query counts --------------------------------------------------------------------------------


def test_dashboard_query_count_does_not_grow_with_kpis(client, org, admin_user):
    populate(org.department, 3)
    populate(org.other_department, 30)
    client.force_login(admin_user)
    small = queries(client, dashboard_url("onep"))
    big = queries(client, dashboard_url("pcd"))
    assert big <= small, (small, big)


def test_kpi_drill_down_query_count_does_not_grow(client, org, admin_user):
    from indicators.models import Kpi

    populate(org.department, 2)
    populate(org.other_department, 20)
    client.force_login(admin_user)
    small = Kpi.objects.filter(framework__department=org.department, framework__fiscal_year=2569)
    big = Kpi.objects.filter(
        framework__department=org.other_department, framework__fiscal_year=2569
    )
    q1 = queries(client, reverse("dashboards:kpi", args=[small.values_list("pk", flat=True)[0]]))
    q10 = queries(client, reverse("dashboards:kpi", args=[big.values_list("pk", flat=True)[0]]))
    assert q10 <= q1


def test_ministry_query_count_does_not_grow_with_departments(
    client, org, admin_user, django_assert_max_num_queries
):
    populate(org.department, 2)
    other = Ministry.objects.create(code="big", name_th="กระทรวงใหญ่")
    for index in range(10):
        department = Department.objects.create(
            ministry=other, code=f"big{index}", name_th=f"กรมใหญ่ที่ {index}"
        )
        populate(department, 20)
    client.force_login(admin_user)
    small = queries(client, reverse("dashboards:ministry", args=["mnre", 2569]))
    with django_assert_max_num_queries(small):
        client.get(reverse("dashboards:ministry", args=["big", 2569]))


def test_dashboard_queries_with_django_assert_max(client, org, django_assert_max_num_queries):
    populate(org.department, 3)
    populate(org.other_department, 30)
    user = make_persona("exec2", org.department, Role.EXECUTIVE)
    RoleAssignmentFactory(
        person=Person.objects.get(user_id=user.pk),
        role=Role.EXECUTIVE,
        department=org.other_department,
    )
    client.force_login(user)
    small = queries(client, dashboard_url("onep"))
    with django_assert_max_num_queries(small):
        assert client.get(dashboard_url("pcd")).status_code == 200
