"""KPI pages: every URL × persona, the editor, the what-if endpoints and query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import Kpi
from indicators.tests.factories import KpiFactory, add_levels

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F]")
# Issue 14 item 2: staff read a year's sheets only once its agreement is published (below).
VIEWERS = ["overseer", "committee_member", "executive", "evaluator"]
DEPARTMENT = ["coordinator", "owner", *VIEWERS, "admin_user"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def _login(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def _list_url():
    return reverse("kpi_list", kwargs={"code": "onep", "year": 2569})


def sheet_post(framework, **overrides):
    """A complete, valid editor submission."""
    performance = framework.components.get(code="performance")
    rounds = list(framework.rounds.all())
    data = {
        "component": performance.pk,
        "number": "7",
        "name_th": "ร้อยละของเรื่องร้องเรียนที่แก้ไขแล้วเสร็จ",
        "name_en": "",
        "unit": "ร้อยละ",
        "weight": "15",
        "description": "เรื่องร้องเรียนด้านสิ่งแวดล้อม",
        "scope": "",
        "formula": "(a / b) * 100",
        "method": "levels",
        "direction": "higher",
        "interpolate": "on",
        "floor": "0",
        "conditions": "",
        "data_source": "",
        "collection_method": "",
        "evidence_required": "",
        "data_items-TOTAL_FORMS": "3",
        "data_items-INITIAL_FORMS": "0",
        "data_items-0-code": "a",
        "data_items-0-name_th": "เรื่องที่แก้ไขแล้วเสร็จ",
        "data_items-0-unit": "เรื่อง",
        "data_items-1-code": "b",
        "data_items-1-name_th": "เรื่องร้องเรียนทั้งหมด",
        "data_items-1-unit": "เรื่อง",
        "levels-TOTAL_FORMS": "4",
        "levels-INITIAL_FORMS": "3",
        "levels-0-label": "ขั้นต้น",
        "levels-0-target": "80",
        "levels-0-score": "50",
        "levels-1-label": "มาตรฐาน",
        "levels-1-target": "90",
        "levels-1-score": "70",
        "levels-2-label": "ขั้นสูง",
        "levels-2-target": "100",
        "levels-2-score": "100",
        "baselines-TOTAL_FORMS": "3",
        "baselines-INITIAL_FORMS": "3",
        "baselines-0-fiscal_year": "2566",
        "baselines-0-value": "81.5",
        "baselines-1-fiscal_year": "2567",
        "baselines-2-fiscal_year": "2568",
        "baselines-2-value": "88",
        "rounds-TOTAL_FORMS": str(len(rounds)),
        "rounds-INITIAL_FORMS": str(len(rounds)),
    }
    for i, round_ in enumerate(rounds):
        data[f"rounds-{i}-round"] = str(round_.pk)
        data[f"rounds-{i}-expectation"] = f"รายงานผล{round_.name_th}" if i == 0 else ""
    data.update(overrides)
    return data


# Permission matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", DEPARTMENT)
def test_department_people_see_the_list_and_the_sheet(client, request, persona, eia_draft):
    _login(client, request, persona)
    assert client.get(_list_url()).status_code == 200
    response = client.get(reverse("kpi_detail", args=[eia_draft.pk]))
    assert response.status_code == 200
    assert eia_draft.name_th in response.content.decode()


def test_outsider_gets_404_everywhere(client, outsider, eia_draft, framework):
    client.force_login(outsider)
    pk = eia_draft.pk
    gets = [
        _list_url(),
        reverse("kpi_create", kwargs={"code": "onep", "year": 2569}),
        reverse("kpi_detail", args=[pk]),
        reverse("kpi_whatif", args=[pk]),
        reverse("kpi_edit", args=[pk]),
    ]
    posts = [
        reverse("kpi_list_whatif", kwargs={"code": "onep", "year": 2569}),
        reverse("kpi_approve", args=[pk]),
        reverse("kpi_new_version", args=[pk]),
        reverse("kpi_delete", args=[pk]),
    ]
    assert [client.get(url).status_code for url in gets] == [404] * len(gets)
    assert [client.post(url).status_code for url in posts] == [404] * len(posts)
    assert Kpi.objects.filter(pk=pk, state="draft").exists()


def test_anonymous_is_sent_to_login(client, eia_draft):
    for url in [
        reverse("kpi_index"),
        _list_url(),
        reverse("kpi_detail", args=[eia_draft.pk]),
        reverse("kpi_edit", args=[eia_draft.pk]),
        reverse("kpi_create", kwargs={"code": "onep", "year": 2569}),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("kpi_approve", args=[eia_draft.pk]))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"), [("coordinator", 200), ("owner", 403), *[(p, 403) for p in VIEWERS]]
)
def test_only_the_coordinator_opens_the_new_kpi_form(client, request, framework, persona, status):
    _login(client, request, persona)
    url = reverse("kpi_create", kwargs={"code": "onep", "year": 2569})
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("coordinator", 200), ("owner", 200), *[(p, 403) for p in VIEWERS]]
)
def test_edit_form_for_own_unit_draft(client, request, eia_draft, persona, status):
    _login(client, request, persona)
    assert client.get(reverse("kpi_edit", args=[eia_draft.pk])).status_code == status


def test_owner_cannot_open_another_units_draft(client, owner, quality_draft):
    client.force_login(owner)
    assert client.get(reverse("kpi_edit", args=[quality_draft.pk])).status_code == 403
    response = client.post(reverse("kpi_edit", args=[quality_draft.pk]), {"name_th": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["coordinator", "owner"])
def test_approved_sheet_edit_redirects_with_a_message(client, request, persona, eia_approved):
    _login(client, request, persona)
    response = client.get(reverse("kpi_edit", args=[eia_approved.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("kpi_detail", args=[eia_approved.pk])
    assert "ตัวชี้วัดที่อนุมัติแล้วแก้ไขไม่ได้ กรุณาสร้างฉบับใหม่" in response.content.decode()


@pytest.mark.parametrize("persona", ["owner", *VIEWERS])
def test_only_the_coordinator_approves(client, request, persona, eia_draft):
    _login(client, request, persona)
    assert client.post(reverse("kpi_approve", args=[eia_draft.pk])).status_code == 403
    assert client.post(reverse("kpi_new_version", args=[eia_draft.pk])).status_code == 403
    assert client.post(reverse("kpi_delete", args=[eia_draft.pk])).status_code == 403
    eia_draft.refresh_from_db()
    assert eia_draft.state == "draft"


def test_buttons_follow_permissions(client, coordinator, owner, executive, eia_draft, eia_approved):
    client.force_login(coordinator)
    html = client.get(reverse("kpi_detail", args=[eia_draft.pk])).content.decode()
    assert reverse("kpi_edit", args=[eia_draft.pk]) in html
    assert reverse("kpi_approve", args=[eia_draft.pk]) in html
    assert reverse("kpi_delete", args=[eia_draft.pk]) in html
    html = client.get(reverse("kpi_detail", args=[eia_approved.pk])).content.decode()
    assert reverse("kpi_new_version", args=[eia_approved.pk]) in html
    assert reverse("kpi_edit", args=[eia_approved.pk]) not in html

    client.force_login(owner)
    html = client.get(reverse("kpi_detail", args=[eia_draft.pk])).content.decode()
    assert reverse("kpi_edit", args=[eia_draft.pk]) in html
    assert reverse("kpi_approve", args=[eia_draft.pk]) not in html

    client.force_login(executive)
    html = client.get(reverse("kpi_detail", args=[eia_draft.pk])).content.decode()
    assert reverse("kpi_edit", args=[eia_draft.pk]) not in html


# Workflow through the pages ----------------------------------------------------------------


def test_coordinator_approves_then_amends_through_the_pages(client, coordinator, eia_draft):
    client.force_login(coordinator)
    response = client.post(
        reverse("kpi_approve", args=[eia_draft.pk]), {"revision": eia_draft.revision}
    )
    assert response.status_code == 302
    eia_draft.refresh_from_db()
    assert eia_draft.state == "approved"
    response = client.post(reverse("kpi_new_version", args=[eia_draft.pk]))
    new = Kpi.objects.get(key=eia_draft.key, version=2)
    assert response["Location"] == reverse("kpi_edit", args=[new.pk])
    html = client.get(reverse("kpi_detail", args=[new.pk])).content.decode()
    assert "ประวัติฉบับ" in html and "ถูกแทนที่แล้ว" not in html
    client.post(reverse("kpi_approve", args=[new.pk]))
    eia_draft.refresh_from_db()
    assert eia_draft.state == "superseded"
    html = client.get(reverse("kpi_detail", args=[eia_draft.pk])).content.decode()
    assert "ท่านกำลังดูฉบับเก่า" in html


def test_approve_with_a_stale_page_is_refused(client, coordinator, eia_draft):
    client.force_login(coordinator)
    response = client.post(
        reverse("kpi_approve", args=[eia_draft.pk]),
        {"revision": eia_draft.revision + 5},
        follow=True,
    )
    assert "ถูกแก้ไขโดยผู้อื่น" in response.content.decode()
    eia_draft.refresh_from_db()
    assert eia_draft.state == "draft"


def test_coordinator_deletes_a_draft_through_the_page(client, coordinator, eia_draft):
    client.force_login(coordinator)
    response = client.post(reverse("kpi_delete", args=[eia_draft.pk]))
    assert response["Location"] == _list_url()
    assert not Kpi.objects.filter(pk=eia_draft.pk).exists()


# The editor ----------------------------------------------------------------------------------


def test_new_kpi_form_prefills_the_framework_levels(client, coordinator, framework):
    client.force_login(coordinator)
    html = client.get(reverse("kpi_create", kwargs={"code": "onep", "year": 2569})).content.decode()
    for label, score in [("ขั้นต้น", "50"), ("มาตรฐาน", "70"), ("ขั้นสูง", "100")]:
        assert f'value="{label}"' in html
        assert f'value="{score}"' in html
    assert "ปีงบประมาณ 2566" in html and "ปีงบประมาณ 2568" in html
    assert "รอบ 6 เดือน" in html


def test_coordinator_creates_a_kpi_with_the_form(client, coordinator, framework):
    client.force_login(coordinator)
    url = reverse("kpi_create", kwargs={"code": "onep", "year": 2569})
    response = client.post(url, sheet_post(framework))
    kpi = Kpi.objects.get(number="7")
    assert response["Location"] == reverse("kpi_detail", args=[kpi.pk])
    assert [d.code for d in kpi.data_items.all()] == ["a", "b"]
    assert [lv.score for lv in kpi.levels.all()] == [50, 70, 100]
    assert {b.fiscal_year: b.value for b in kpi.baselines.all()} == {
        2566: Decimal("81.5"),
        2568: Decimal(88),
    }
    assert kpi.round_expectations.get().expectation == "รายงานผลรอบ 6 เดือน"


def test_invalid_input_is_kept_with_thai_errors(client, coordinator, framework):
    client.force_login(coordinator)
    url = reverse("kpi_create", kwargs={"code": "onep", "year": 2569})
    data = sheet_post(framework, weight="0", formula="(a / c) * 100", **{"levels-1-target": "70"})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert not Kpi.objects.exists()
    assert "น้ำหนักต้องมากกว่า 0" in html
    assert "ไม่พบรหัสรายการข้อมูล “c”" in html
    assert "ค่าเป้าหมายต้องเรียงจากน้อยไปมาก" in html
    assert "ร้อยละของเรื่องร้องเรียนที่แก้ไขแล้วเสร็จ" in html  # the user's input is kept
    assert 'value="(a / c) * 100"' in html


def test_form_field_errors_come_before_the_service(client, coordinator, framework):
    client.force_login(coordinator)
    url = reverse("kpi_create", kwargs={"code": "onep", "year": 2569})
    response = client.post(url, sheet_post(framework, weight="สิบ", **{"levels-0-score": "x"}))
    assert response.status_code == 422
    page = response.content.decode()
    # Next to both fields, and the weight's again in the error summary at the top.
    assert page.count("กรุณากรอกเป็นตัวเลข") == 3
    assert 'class="error-summary"' in page


def test_owner_edits_own_draft_with_the_form(client, owner, framework, eia_draft):
    client.force_login(owner)
    data = sheet_post(
        framework, number=eia_draft.number, responsible_unit=str(eia_draft.responsible_unit_id)
    )
    data["revision"] = str(eia_draft.revision)
    data["levels-2-DELETE"] = "on"
    response = client.post(reverse("kpi_edit", args=[eia_draft.pk]), data)
    assert response.status_code == 302
    eia_draft.refresh_from_db()
    assert eia_draft.name_th == "ร้อยละของเรื่องร้องเรียนที่แก้ไขแล้วเสร็จ"
    assert eia_draft.levels.count() == 2


def test_edit_form_shows_the_stored_sheet(client, coordinator, eia_draft):
    eia_draft.baselines.create(fiscal_year=2567, value=Decimal("87.5"))
    client.force_login(coordinator)
    html = client.get(reverse("kpi_edit", args=[eia_draft.pk])).content.decode()
    assert 'value="87.5"' in html
    assert 'value="80"' in html and 'value="75"' in html
    assert f'name="revision" value="{eia_draft.revision}"' in html


# What-if -------------------------------------------------------------------------------------


def test_kpi_whatif_gives_the_domain_example_live(client, executive, eia_draft):
    client.force_login(executive)
    url = reverse("kpi_whatif", args=[eia_draft.pk])
    response = client.get(url, {"result": "95", "want_score": "75"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "87.50" in html
    assert "90.00" in html


def test_kpi_whatif_works_without_javascript(client, executive, eia_draft):
    client.force_login(executive)
    response = client.get(
        reverse("kpi_whatif", args=[eia_draft.pk]), {"result": "95", "want_level": "100"}
    )
    html = response.content.decode()
    assert "<html" in html and eia_draft.name_th in html
    assert "87.50" in html
    assert "100.00" in html  # a result of 100 is needed for the top level


def test_kpi_whatif_explains_an_unreachable_score(client, executive, eia_draft):
    client.force_login(executive)
    html = client.get(
        reverse("kpi_whatif", args=[eia_draft.pk]), {"want_score": "150"}, **HTMX
    ).content.decode()
    assert "คะแนนสูงสุดของตัวชี้วัดนี้คือ 100.00" in html


def test_kpi_whatif_rejects_text_in_thai(client, executive, eia_draft):
    client.force_login(executive)
    html = client.get(
        reverse("kpi_whatif", args=[eia_draft.pk]), {"result": "abc"}, **HTMX
    ).content.decode()
    assert "กรุณากรอกเป็นตัวเลข" in html


def test_agency_whatif_live_and_plain(client, executive, framework, performance, potential):
    a = add_levels(KpiFactory(component=performance, weight=Decimal(70), number="1"))
    add_levels(KpiFactory(component=potential, weight=Decimal(30), number="2"))
    client.force_login(executive)
    url = reverse("kpi_list_whatif", kwargs={"code": "onep", "year": 2569})
    live = client.post(url, {f"score_{a.pk}": "80.357"}, **HTMX).content.decode()
    assert "<html" not in live
    assert "56.250" in live  # 80.357 × 70 / 100, framework precision 3
    assert "ระดับต้องปรับปรุง" in live
    # the pending KPI needs 12.5002 for ระดับมาตรฐานขั้นต้น: shown rounded up, never short
    assert "อย่างน้อย 12.51 จาก 100" in live
    plain = client.post(url, {f"score_{a.pk}": "80.357"}).content.decode()
    assert "<html" in plain and "56.250" in plain


def test_agency_whatif_rejects_scores_out_of_range(client, executive, framework, performance):
    a = add_levels(KpiFactory(component=performance, weight=Decimal(70)))
    client.force_login(executive)
    url = reverse("kpi_list_whatif", kwargs={"code": "onep", "year": 2569})
    html = client.post(url, {f"score_{a.pk}": "150"}, **HTMX).content.decode()
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100.00" in html


# The list ------------------------------------------------------------------------------------


def test_list_groups_by_component_with_totals_and_warnings(
    client, executive, framework, performance, potential
):
    KpiFactory(component=performance, weight=Decimal(40), number="1", name_th="ตัวชี้วัดแรก")
    KpiFactory(component=performance, weight=Decimal(25), number="2")
    KpiFactory(component=potential, weight=Decimal(30), number="3")
    client.force_login(executive)
    html = client.get(_list_url()).content.decode()
    assert "ตัวชี้วัดแรก" in html
    assert "65.00" in html and "95.00" in html
    assert "องค์ประกอบ Performance Base: น้ำหนักตัวชี้วัดรวม 65.00 ไม่เท่ากับน้ำหนักองค์ประกอบ 70.00" in html


def test_list_sorts_numbers_naturally(client, executive, framework, performance):
    for number in ["10", "2", "1"]:
        KpiFactory(component=performance, number=number, name_th=f"ตัวชี้วัดลำดับ {number}")
    client.force_login(executive)
    html = client.get(_list_url()).content.decode()
    positions = [html.index(f"ตัวชี้วัดลำดับ {n}") for n in ["1", "2", "10"]]
    assert positions == sorted(positions)


def test_staff_get_404_for_a_years_sheets_until_its_agreement_is_published(
    client, staff, eia_draft, framework
):
    from agreements.models import Agreement

    agreement = Agreement.objects.create(framework=framework, started_on=datetime.date(2025, 10, 1))
    client.force_login(staff)
    pages = [
        _list_url(),
        reverse("kpi_detail", args=[eia_draft.pk]),
        reverse("kpi_whatif", args=[eia_draft.pk]),
        reverse("kpi_edit", args=[eia_draft.pk]),
    ]
    before = [client.get(url).status_code for url in pages]
    approve = client.post(reverse("kpi_approve", args=[eia_draft.pk]))
    # Signing needs every sheet approved (locked); then the agreement is published.
    Kpi.objects.filter(pk=eia_draft.pk).update(state=Kpi.State.APPROVED, approved_at=timezone.now())
    Agreement.objects.filter(pk=agreement.pk).update(published_at=timezone.now())

    assert before == [404, 404, 404, 404] and approve.status_code == 404
    assert [client.get(url).status_code for url in pages[:2]] == [200, 200]


def test_list_without_framework_says_so(client, staff, org):
    client.force_login(staff)
    html = client.get(reverse("kpi_list", kwargs={"code": "onep", "year": 2560})).content.decode()
    assert "ยังไม่มีกรอบการประเมินของปีงบประมาณ 2560" in html


def test_index_redirects_to_the_only_department(client, staff, framework):
    client.force_login(staff)
    response = client.get(reverse("kpi_index"))
    assert response.status_code == 302
    assert "/kpis/onep/" in response["Location"]


def test_index_offers_a_choice_of_departments(client, evaluator, framework):
    client.force_login(evaluator)
    html = client.get(reverse("kpi_index")).content.decode()
    assert "เลือกส่วนราชการ" in html
    assert reverse("kpi_list", kwargs={"code": "onep", "year": 2569}) in html


def test_navigation_has_the_kpi_menu(client, staff):
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert reverse("kpi_index") in html and "ตัวชี้วัด" in html


def _make_kpis(org, performance, potential, n):
    for i in range(n):
        kpi = KpiFactory(
            component=performance if i % 2 else potential,
            number=str(i + 1),
            responsible_unit=org.eia if i % 3 else org.quality,
            parent=None,
        )
        add_levels(kpi)


# Session, user, framework, components, cuts, years, KPIs, levels, roles…; +1 the owner filter's
# collectors (indicators.filters); +1 the header's menu rules (core.navigation).
LIST_QUERY_BOUND = 18


@pytest.mark.parametrize("n", [5, 30])
def test_list_query_count_is_constant(
    client, coordinator, org, framework, performance, potential, n, django_assert_max_num_queries
):
    _make_kpis(org, performance, potential, n)
    client.force_login(coordinator)
    client.get(_list_url())  # warm the session and caches
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(_list_url())
    assert response.status_code == 200
    assert response.content.decode().count("/kpis/sheet/") >= n


def test_list_queries_do_not_grow_with_kpis(
    client, coordinator, org, framework, performance, potential
):
    def count():
        client.get(_list_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(_list_url())
        return len(queries)

    client.force_login(coordinator)
    _make_kpis(org, performance, potential, 5)
    few = count()
    Kpi.objects.all().delete()
    _make_kpis(org, performance, potential, 30)
    assert count() == few
