"""Pages per persona: who sees what (404 for what they may not), forms, uploads, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from agreements import services
from agreements.models import Agreement, Attachment
from agreements.tests.factories import docx_upload, pdf_upload
from conftest import make_persona
from notifications.models import Notification

pytestmark = pytest.mark.django_db
S = Agreement.State
TODAY = timezone.localdate()

PAGES = ["cycle", "drafting", "committee", "negotiation", "signing", "history", "settings"]
EXPECTED = {
    "coordinator": dict.fromkeys(PAGES, 200),
    "owner": {**dict.fromkeys(PAGES, 200), "settings": 404},
    "overseer": {**dict.fromkeys(PAGES, 200), "settings": 404},
    "committee_member": {**dict.fromkeys(PAGES, 200), "settings": 404},
    "executive": {**dict.fromkeys(PAGES, 200), "settings": 404},
    "evaluator": {**dict.fromkeys(PAGES, 404), "cycle": 200, "negotiation": 200, "signing": 200},
    "staff": dict.fromkeys(PAGES, 404),
    "outsider": dict.fromkeys(PAGES, 404),
}


def url(name, **kwargs):
    return reverse(f"agreements:{name}", kwargs={"code": "onep", "year": 2569, **kwargs})


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_pages_per_persona(client, request, cycle, persona):
    client.force_login(request.getfixturevalue(persona))
    got = {page: client.get(url(page)).status_code for page in PAGES}
    assert got == EXPECTED[persona]


def test_evaluator_of_another_department_gets_404(client, cycle, org):
    stranger = make_persona("evaluator2", org.other_department, Role.EVALUATOR)
    client.force_login(stranger)
    assert client.get(url("cycle")).status_code == 404
    assert client.get(url("negotiation")).status_code == 404


def test_anonymous_is_sent_to_login(client, cycle):
    response = client.get(url("cycle"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_cycle_page_shows_four_steps_with_thai_dates(client, cycle, coordinator):
    client.force_login(coordinator)
    html = client.get(url("cycle")).content.decode()
    for title in ("ศึกษาและจัดทำร่างตัวชี้วัด", "เจรจาตัวชี้วัดกับสำนักงาน ก.พ.ร.",
                  "จัดทำรายละเอียดและลงนามคำรับรอง", "ติดตามและรายงานผล"):  # fmt: skip
        assert title in html
    assert "1 ต.ค. 68" in html  # started 1 Oct 2025, B.E. 2568
    # 7 working days from Wed 1 Oct 2025 → Fri 10 Oct 2025, shown overdue (that date is past).
    assert "10 ต.ค. 68" in html
    assert "เลยกำหนด" in html


def test_holidays_move_the_deadline(client, cycle, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("settings"), {"add_holiday": "1", "date": "2025-10-13", "name": "วันนวมินทรมหาราช"}
    )
    assert response.status_code == 302
    client.post(url("settings"), {"add_holiday": "1", "date": "2025-10-06", "name": "หยุดชดเชย"})
    html = client.get(url("cycle")).content.decode()
    # From Wed 1 Oct, 7 working days skipping Mon 6 and Mon 13 Oct end on Tue 14 Oct.
    assert "14 ต.ค. 68" in html
    assert "10 ต.ค. 68" not in html


def test_coordinator_starts_the_cycle_when_there_is_none(client, org, coordinator, owner, overseer):
    from agreements.tests.factories import make_framework

    make_framework(org.department)
    client.force_login(coordinator)
    response = client.get(url("cycle"))
    assert response.status_code == 200
    assert "เริ่มรอบคำรับรอง" in response.content.decode()
    response = client.post(url("cycle"), {"started_on": "2025-10-01", "day_basis": "working"})
    assert response.status_code == 302
    assert Agreement.objects.filter(framework__department=org.department).exists()


def test_staff_cannot_start_a_cycle(client, org, staff):
    from agreements.tests.factories import make_framework

    make_framework(org.department)
    client.force_login(staff)
    assert client.get(url("cycle")).status_code == 404


# Uploads -------------------------------------------------------------------------------------


def test_guideline_upload_and_permission_checked_download(client, cycle, coordinator, owner, staff,
                                                           outsider):  # fmt: skip
    client.force_login(coordinator)
    response = client.post(url("guideline_upload"), {"title": "คู่มือ", "file": pdf_upload()})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.startswith(f"agreements/{cycle.agreement.pk}/")
    assert "แนวทาง" not in attachment.file.name  # a generated name, not the uploader's
    download = reverse("agreements:download", kwargs={"pk": attachment.pk})
    client.force_login(owner)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    for stranger in (outsider, staff):
        client.force_login(stranger)
        assert client.get(download).status_code == 404


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
            "รับเฉพาะไฟล์ PDF, Word (DOCX) หรือ Excel (XLSX)",
        ),
        (SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf"), "ไม่ใช่ PDF"),
        (SimpleUploadedFile("fake.docx", b"PK\x03\x04junk"), "ไม่ใช่ DOCX"),
    ],
)
def test_bad_upload_is_refused(client, cycle, coordinator, upload, words):
    client.force_login(coordinator)
    response = client.post(url("guideline_upload"), {"title": "x", "file": upload})
    assert response.status_code == 422
    assert words in response.content.decode()
    assert not Attachment.objects.exists()


def test_too_big_upload_is_refused(client, cycle, coordinator, settings):
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 1024
    client.force_login(coordinator)
    response = client.post(url("guideline_upload"), {"file": pdf_upload(size=4096)})
    assert response.status_code == 422
    assert "ใหญ่เกิน" in response.content.decode()


def test_briefing_with_docx_minutes(client, cycle, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("briefing_new"),
        {"held_on": "2025-10-02", "title": "ชี้แจง", "attendees": "ก\nข", "minutes": "",
         "attachments": [docx_upload()]},
    )  # fmt: skip
    assert response.status_code == 302
    briefing = cycle.agreement.briefings.get()
    assert briefing.attendee_list == ["ก", "ข"]
    assert briefing.attachments.get().content_type.endswith("wordprocessingml.document")


def test_division_answers_a_data_request_with_a_file(client, cycle, org, coordinator, owner,
                                                     committee_member):  # fmt: skip
    request_ = services.data_request_create(
        coordinator, cycle.agreement, unit=org.eia, subject="ข้อมูลฐาน", details="",
        due_on=TODAY + datetime.timedelta(days=3),
    )  # fmt: skip
    page = url("data_request", pk=request_.pk)
    client.force_login(committee_member)  # may read, may not answer
    assert client.get(page).status_code == 200
    assert client.post(page, {"text": "x"}).status_code == 404
    client.force_login(owner)
    response = client.post(page, {"text": "ผลย้อนหลัง 3 ปี", "attachments": [pdf_upload("d.pdf")]})
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.is_answered
    assert request_.responses.get().attachments.count() == 1


# Committee -----------------------------------------------------------------------------------


def test_committee_comments_with_htmx_return_the_review_partial(client, cycle, coordinator,
                                                               committee_member):  # fmt: skip
    services.agreement_submit_to_committee(coordinator, cycle.agreement)
    client.force_login(committee_member)
    key = str(cycle.kpis[0].key)
    response = client.post(url("committee"), {"kpi_key": key, "text": "ควรเพิ่มค่าเป้าหมาย"},
                           HTTP_HX_REQUEST="true")  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="review">')
    assert "ควรเพิ่มค่าเป้าหมาย" in html
    assert "<html" not in html


def test_staff_see_only_published_content(client, cycle, coordinator, staff):
    client.force_login(staff)
    assert client.get(url("intranet")).status_code == 404
    Agreement.objects.filter(pk=cycle.agreement.pk).update(
        state=S.CIRCULATED, published_at=timezone.now(), signed_on=TODAY
    )
    response = client.get(url("intranet"))
    assert response.status_code == 200
    html = response.content.decode()
    assert cycle.kpis[0].name_th in html
    assert "คำรับรองการปฏิบัติราชการ" in html
    assert client.get(url("drafting")).status_code == 404  # still no working pages


def test_public_page_only_when_published_publicly(client, cycle):
    public = reverse("agreements:public", kwargs={"code": "onep", "year": 2569})
    Agreement.objects.filter(pk=cycle.agreement.pk).update(
        state=S.CIRCULATED, published_at=timezone.now()
    )
    assert client.get(public).status_code == 404
    Agreement.objects.filter(pk=cycle.agreement.pk).update(public=True)
    response = client.get(public)
    assert response.status_code == 200
    html = response.content.decode()
    assert cycle.kpis[0].name_th in html
    assert "ผู้จัดเก็บ" not in html  # no names of people on the public page


def test_navigation_by_role(client, cycle, coordinator, staff):
    client.force_login(coordinator)
    assert "รอบคำรับรอง" in client.get(reverse("home")).content.decode()
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert "รอบคำรับรอง" not in html
    assert "คำรับรองของหน่วยงาน" in html


# The path through the pages ------------------------------------------------------------------


def test_the_path_through_the_pages(client, cycle, coordinator, committee_member, evaluator,
                                    executive, owner, staff):  # fmt: skip
    client.force_login(coordinator)
    assert client.post(url("submit")).status_code == 302
    client.force_login(committee_member)
    response = client.post(
        url("resolve"),
        {"decision": "return", "meeting_number": "1/2568", "meeting_date": "2025-10-05",
         "text": "แก้ไข"},
    )  # fmt: skip
    assert response.status_code == 302
    client.force_login(coordinator)
    client.post(url("submit"))
    client.force_login(committee_member)
    client.post(url("resolve"), {"decision": "approve", "meeting_number": "2/2568",
                                 "meeting_date": "2025-10-08", "text": "เห็นชอบ"})  # fmt: skip
    client.force_login(coordinator)
    client.post(url("negotiation_start"))
    client.force_login(evaluator)
    response = client.post(url("round_new"), {"held_on": "2025-10-20", "participants": "ก.พ.ร."})
    assert response.status_code == 302
    round_ = cycle.agreement.negotiation_rounds.get()
    first = round_.positions.get(number="1")
    response = client.post(
        url("position", pk=first.pk),
        {"save_counter": "1", "counter-name_th": first.proposed["name_th"], "counter-weight": "40",
         "counter-method": "levels", "counter-direction": "higher",
         "counter-level_0_label": "ขั้นต้น", "counter-level_0_target": "85",
         "counter-level_0_score": "50", "counter-level_1_label": "มาตรฐาน",
         "counter-level_1_target": "92", "counter-level_1_score": "70",
         "counter-level_2_label": "ขั้นสูง", "counter-level_2_target": "100",
         "counter-level_2_score": "100"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    # The agreed values are OPDC's word: the evaluator settles each KPI.
    for position in round_.positions.all():
        response = client.post(url("position", pk=position.pk),
                               {"save_settle": "1", "settle-outcome": "accepted"})  # fmt: skip
        assert response.status_code == 302
    # ...and records the agreed summary, which writes the sheets.
    response = client.post(url("agree"), {"agreed_on": TODAY.isoformat(), "summary": "ตกลง"})
    assert response.status_code == 302
    diff = client.get(url("negotiation_diff")).content.decode()
    assert "ผลการเจรจาที่ตกลง" in diff
    client.force_login(coordinator)
    client.post(url("lock_kpis"))
    client.force_login(executive)
    response = client.post(url("sign"), {"signed_on": TODAY.isoformat()})
    assert response.status_code == 302
    client.force_login(coordinator)
    client.post(url("circulate"))
    client.post(url("publish"), {"public": ""})
    client.force_login(owner)
    assert "รับทราบคำรับรอง" in client.get(url("intranet")).content.decode()
    client.post(url("acknowledge"))
    cycle.agreement.refresh_from_db()
    assert cycle.agreement.state == S.CIRCULATED
    assert cycle.agreement.acknowledgements.filter(acknowledged_at__isnull=False).count() == 1
    client.force_login(staff)
    assert client.get(url("intranet")).status_code == 200
    assert Notification.objects.filter(recipient=staff, kind="agreements.published").exists()


# Query counts --------------------------------------------------------------------------------


def _grow(cycle, org, coordinator, evaluator, n):
    for i in range(n):
        services.data_request_create(
            coordinator, cycle.agreement, unit=org.quality, subject=f"ข้อมูล {i}", details="",
            due_on=TODAY + datetime.timedelta(days=3),
        )  # fmt: skip
        services.briefing_record(coordinator, cycle.agreement, held_on=TODAY, title=f"ประชุม {i}",
                                 attendees="ก", minutes="")  # fmt: skip


@pytest.mark.parametrize("page", ["cycle", "drafting", "history", "negotiation"])
def test_list_pages_take_a_constant_number_of_queries(
    client, cycle, org, coordinator, evaluator, django_assert_max_num_queries, page
):
    client.force_login(coordinator)
    _grow(cycle, org, coordinator, evaluator, 2)
    client.get(url(page))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(40) as small:
        client.get(url(page))
    _grow(cycle, org, coordinator, evaluator, 12)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert client.get(url(page)).status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries)
