"""Forms never lose input, in a browser (issue 16 item 5): on a report, a file refused for its
size (in the browser, before it is sent) or its content (by the server, answered by htmx) leaves
the typed text where it was; a good file is attached beside unsaved text; an activity row is
added without a reload; a refused save opens with an error summary that takes focus and links
to the field; leaving with unsaved changes asks first. Dates are typed, and picked from the
Thai calendar, as B.E. วว/ดด/ปปปป and saved as the right date.

Run alone: `.venv/bin/pytest e2e/test_forms.py -p no:cacheprovider` (scripts/e2e.sh runs all).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import FilePayload, Page, expect

from api.models import ApiToken
from e2e.browser import Cast, Persona
from evidence.models import EvidenceFile
from reporting import permissions
from reporting.models import ExecutivePresentation, Submission

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TYPED = "งบประมาณมาถึงล่าช้า ต้องเลื่อนการจัดประชุมออกไปหนึ่งเดือน (ยังไม่ได้บันทึก)"
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]  # fmt: skip


@pytest.fixture
def demo_only(transactional_db: None, media: Any) -> None:
    call_command("load_demo", "--quiet-logins")


def _draft_of(username: str) -> Submission:
    """A report of the demo's open FY 2569 12-month round that this person may edit now."""
    user = get_user_model().objects.get(username=username)
    for submission in Submission.objects.filter(
        round__framework__fiscal_year=2569, round__months=12
    ).order_by("kpi__number"):
        if permissions.can_edit(user, submission):
            return submission
    raise AssertionError(f"the demo has no report {username} may edit")


def _file(name: str, content: bytes) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def _watch_uploads(page: Page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/evidence/report/" in r.url else None)
    return sent


def _mark_page(page: Page) -> None:
    """A flag that a reload would lose: the page must still hold it afterwards."""
    page.evaluate("window.__notReloaded = true")


def _refused_as_expected(persona: Persona) -> None:
    """A refused save answers 422, which Chromium logs as a console error: expected here."""
    persona.problems[:] = [p for p in persona.problems if "status of 422" not in p]


def _not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.__notReloaded === true"))


def test_a_refused_upload_keeps_the_typed_text(demo_only: None, cast: Cast, settings: Any) -> None:
    settings.PRAMOEN_UPLOAD_MAX_BYTES = 64 * 1024  # the live server runs in this process
    submission = _draft_of("nattaya")
    owner = cast("nattaya", "ผู้รับผิดชอบตัวชี้วัด")
    page = owner.goto(f"/reporting/report/{submission.pk}/")
    sent = _watch_uploads(page)
    _mark_page(page)
    obstacles = page.get_by_label("อุปสรรค")
    obstacles.fill(TYPED)

    # Too large: refused in the browser with the server's message, never sent.
    evidence = page.locator("#evidence")
    file_input = evidence.get_by_label(re.compile(r"^ไฟล์ \(PDF"))
    file_input.set_input_files(files=[_file("big.pdf", PDF + b"0" * (100 * 1024))])
    expect(evidence).to_contain_text("ไฟล์ “big.pdf” ใหญ่เกินกำหนด (ไม่เกิน 0.0625 MB)")
    expect(file_input).to_have_value("")
    owner.shot("forms-too-large-refused-in-browser")
    assert sent == []
    expect(obstacles).to_have_value(TYPED)

    # Refused by the server for its content: the answer is the evidence section, by htmx.
    evidence.get_by_label("ชื่อหลักฐาน").fill("ภาพถ่ายการประชุม")
    file_input.set_input_files(files=[_file("fake.pdf", b"MZ" + b"\x00" * 500)])
    evidence.get_by_role("button", name="อัปโหลด").click()
    expect(evidence).to_contain_text("เนื้อหาของไฟล์ “fake.pdf” ไม่ใช่ PDF")
    expect(evidence.get_by_label("ชื่อหลักฐาน")).to_have_value("ภาพถ่ายการประชุม")
    assert len(sent) == 1 and _not_reloaded(page)
    expect(obstacles).to_have_value(TYPED)
    owner.shot("forms-refused-by-server-text-kept")

    # A good file is attached beside the unsaved text, with the message in its usual place;
    # on a slow line (40 KB/s up) the upload shows its progress.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    slow = {"offline": False, "latency": 0, "downloadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": 40 * 1024})
    evidence.get_by_label(re.compile(r"^ไฟล์ \(PDF")).set_input_files(
        files=[_file("minutes.pdf", PDF + b"%" + b"0" * (60 * 1024))]
    )
    page.evaluate(
        """document.addEventListener("htmx:xhr:progress", () => {
          const bar = document.querySelector("#evidence progress");
          window.__progressSeen = Math.max(window.__progressSeen || 0, bar.value);
        })"""
    )
    evidence.get_by_role("button", name="อัปโหลด").click()
    progress = evidence.locator("progress")
    expect(progress).to_be_visible()
    owner.expect_message("แนบหลักฐานแล้ว")
    assert page.evaluate("window.__progressSeen") > 0
    cdp.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": -1})
    expect(evidence.locator("progress")).to_be_hidden()
    expect(evidence).to_contain_text("minutes.pdf")
    assert _not_reloaded(page)
    expect(obstacles).to_have_value(TYPED)
    assert EvidenceFile.objects.filter(submission=submission, original_name="minutes.pdf").exists()

    # Another activity row, without a save and a reload, saved with the rest.
    rows = page.locator(".rep-activity:visible")
    before = rows.count()
    page.get_by_role("button", name="+ เพิ่มกิจกรรม/โครงการ").click()
    expect(rows).to_have_count(before + 1)
    new_title = page.get_by_label(f"กิจกรรม/โครงการที่ {before + 1}")
    expect(new_title).to_be_focused()
    new_title.fill("กิจกรรมที่เพิ่มในหน้าเดียวกัน")
    page.get_by_label(f"ผลการดำเนินงานของกิจกรรมที่ {before + 1}").fill("เสร็จแล้ว")
    assert _not_reloaded(page)
    owner.shot("forms-activity-row-added")

    # Leaving with unsaved changes asks first (the persona's dialog handler says "leave").
    kinds: list[str] = []
    page.on("dialog", lambda dialog: kinds.append(dialog.type))
    page.get_by_role("link", name="รายงานผลของฉัน").first.click()
    page.wait_for_url(re.compile(r"/reporting/mine/"))
    assert kinds == ["beforeunload"]
    owner.check()


def test_a_refused_save_leads_with_an_error_summary_and_saving_does_not_ask(
    demo_only: None, cast: Cast
) -> None:
    submission = _draft_of("nattaya")
    owner = cast("nattaya", "ผู้รับผิดชอบตัวชี้วัด")
    page = owner.goto(f"/reporting/report/{submission.pk}/")
    kinds: list[str] = []
    page.on("dialog", lambda dialog: kinds.append(dialog.type))
    form = page.locator("form.rep-form")
    number = form.locator(".rep-values input").first
    number.fill("เก้าสิบ")
    page.get_by_label("อุปสรรค").fill(TYPED)
    page.get_by_role("button", name="บันทึกร่าง").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("กรุณากรอกเป็นตัวเลข")
    expect(page.get_by_label("อุปสรรค")).to_have_value(TYPED)
    _refused_as_expected(owner)
    owner.shot("forms-error-summary")
    summary.get_by_role("link").first.click()
    expect(form.locator(".rep-values input").first).to_be_focused()
    assert kinds == []  # a save is not leaving the page

    form.locator(".rep-values input").first.fill("90")
    page.get_by_role("button", name="บันทึกร่าง").click()
    owner.expect_message("บันทึกร่างแล้ว")
    assert kinds == []
    assert Submission.objects.get(pk=submission.pk).obstacles == TYPED


def _pick(page: Page, field: str, day: datetime.date) -> None:
    """Choose `day` in the Thai calendar of the date field labelled `field`."""
    page.get_by_label(field).locator("xpath=following-sibling::button").click()
    picker = page.get_by_role("dialog", name="เลือกวันที่จากปฏิทิน")
    expect(picker).to_be_visible()
    picker.get_by_label("เดือน", exact=True).select_option(label=MONTHS[day.month - 1])
    picker.get_by_label("ปี พ.ศ.").fill(str(day.year + 543))
    picker.get_by_label("ปี พ.ศ.").press("Enter")
    picker.get_by_role(
        "button", name=f"{day.day} {MONTHS[day.month - 1]} {day.year + 543}", exact=True
    ).click()
    expect(picker).to_have_count(0)


def test_be_dates_typed_or_picked_are_saved_as_the_right_date(demo_only: None, cast: Cast) -> None:
    coordinator: Persona = cast("somchai", "ผู้ประสานงานตัวชี้วัด")
    page = coordinator.goto("/profile/tokens/")
    expires = page.get_by_label("ใช้ได้ถึงวันที่")
    expect(expires).to_have_attribute("type", "text")
    expect(expires).to_have_attribute("placeholder", "วว/ดด/ปปปป")

    # A C.E. year where B.E. belongs: refused with a clear Thai message, the text kept.
    page.get_by_label("ชื่อโทเค็น").fill("สคริปต์รายงานประจำเดือน")
    expires.fill("15/01/2027")
    page.get_by_role("button", name=re.compile("สร้างโทเค็น")).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("ปี 2027 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ.")
    expect(page.get_by_label("ใช้ได้ถึงวันที่")).to_have_value("15/01/2027")
    expect(page.get_by_label("ชื่อโทเค็น")).to_have_value("สคริปต์รายงานประจำเดือน")
    _refused_as_expected(coordinator)
    coordinator.shot("forms-ce-year-refused")

    # Picked from the Thai calendar: B.E. year and Thai month names, วว/ดด/ปปปป in the box.
    today = datetime.date.today()
    wanted = datetime.date(today.year + 1, 2, 28)
    page.get_by_label("ใช้ได้ถึงวันที่").fill("")
    _pick(page, "ใช้ได้ถึงวันที่", wanted)
    expect(page.get_by_label("ใช้ได้ถึงวันที่")).to_have_value(f"28/02/{wanted.year + 543}")
    page.get_by_role("button", name=re.compile("สร้างโทเค็น")).click()
    expect(page.get_by_role("main")).to_contain_text("สคริปต์รายงานประจำเดือน")
    token = ApiToken.objects.get(name="สคริปต์รายงานประจำเดือน")
    assert token.expires_on == wanted
    coordinator.shot("forms-date-picked-and-saved")

    # Typed by hand on the round page: 15/01/2569 is 15 January 2026.
    six = ExecutivePresentation.objects.select_related("round").first()
    assert six is not None
    page = coordinator.goto(f"/reporting/round/{six.round_id}/")
    details = page.locator("details.rep-details", has_text="บันทึกการนำเสนอ")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    details.get_by_label("วันที่นำเสนอ").fill("15/01/2569")
    details.get_by_label("การประชุม").fill("การประชุมผู้บริหาร สผ. ครั้งที่ 1/2569")
    details.get_by_role("button", name="บันทึก", exact=True).click()
    coordinator.expect_message("บันทึกการนำเสนอผลต่อผู้บริหารแล้ว")
    saved = ExecutivePresentation.objects.get(meeting="การประชุมผู้บริหาร สผ. ครั้งที่ 1/2569")
    assert saved.presented_on == datetime.date(2026, 1, 15)
    coordinator.shot("forms-be-date-typed-and-saved")
