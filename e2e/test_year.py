"""The year, persona by persona, through the real pages (issue 9 item 1; domain §7).

Setup (e2e/world.py) loads the demo and prepares FY 2571 with its KPI sheets as drafts; from
there on every change is a click or a form fill: the coordinator edits and approves a sheet and
starts the cycle, the committee returns the draft with a comment, the coordinator resubmits, the
committee approves, OPDC's evaluator records a round with a counter-proposal, settles it and
records the agreed result, the coordinator locks the sheets, the executive signs, the
coordinator circulates and publishes, an owner acknowledges, a staff member reads the intranet
page; the KPI sheets PDF is downloaded; then the 6-month round: the owner reports with an
evidence file, the overseer approves, the coordinator accepts and downloads the SAR PDF, and
the executive reads the dashboard.

Each step leaves a screenshot in var/e2e-shots/ and fails on any console error (CSP
violations included), script error, server error or request to another origin.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Download, FilePayload, expect

from core.thai import thai_date_short
from e2e.browser import Cast, Persona, Shots
from e2e.world import WALK_YEAR
from frameworks.models import ReportingRound

YEAR = str(WALK_YEAR)
CYCLE = f"/agreements/onep/{YEAR}/"
# A minimal well-formed PDF: uploads are checked by content, not by name.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_file(name: str) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def nav(persona: Persona, label: str) -> None:
    persona.page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name=label).click()


def tab(persona: Persona, label: str) -> None:
    """The step tabs of the agreement cycle."""
    tabs = persona.page.get_by_role("navigation", name="ขั้นตอนของรอบคำรับรอง")
    tabs.get_by_role("link", name=label, exact=True).click()


def work_item(persona: Persona, text: str | re.Pattern[str], due: str = "") -> None:
    """Open a task from "งานของฉัน" (the home page), the one with this due date if given
    (the demo's FY 2569 has tasks with the same titles)."""
    page = persona.page
    page.get_by_role("link", name="งานของฉัน", exact=True).first.click()
    tasks = page.get_by_role("region", name="งานที่ต้องดำเนินการ").get_by_role("listitem")
    link = page.get_by_role("link", name=text)
    tasks.filter(has=link).filter(has_text=due).first.get_by_role("link", name=text).click()


def first_round_due() -> str:
    """The 6-month round's due date of the walk's year as the pages print it."""
    round_ = ReportingRound.objects.get(
        framework__department__code="onep", framework__fiscal_year=WALK_YEAR, order=1
    )
    return thai_date_short(round_.due_date)


def assert_pdf(download: Download, minimum: int = 10_000) -> None:
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    content = download.path().read_bytes()
    assert content[:5] == b"%PDF-", f"{download.suggested_filename} is not a PDF: {content[:8]!r}"
    assert len(content) > minimum, f"{download.suggested_filename} is suspiciously small"


@pytest.mark.usefixtures("demo")
def test_the_year_persona_by_persona(cast: Cast) -> None:
    coordinator = kpi_sheet_edited_and_approved(cast)
    cycle_started_and_submitted(coordinator)
    committee = committee_returns_with_comment(cast)
    coordinator_resubmits(coordinator)
    committee_approves(committee)
    negotiation_with_opdc(cast, coordinator)
    signed_circulated_published(cast, coordinator)
    acknowledged_and_read_on_the_intranet(cast)
    kpi_sheets_pdf_downloaded(coordinator)
    six_month_round_reported_and_accepted(cast, coordinator)
    sar_pdf_downloaded(coordinator)
    executive_reads_the_dashboard(cast)


def kpi_sheet_edited_and_approved(cast: Cast) -> Persona:
    coordinator = cast("somchai", "ผู้ประสานงาน")
    page = coordinator.page
    coordinator.shot("home-my-work")
    coordinator.choose_year(WALK_YEAR)
    nav(coordinator, "ตัวชี้วัด")
    expect(page.get_by_role("heading", name=f"ตัวชี้วัด ปีงบประมาณ {YEAR}")).to_be_visible()
    coordinator.shot("kpi-list-drafts")
    page.get_by_role("link", name=re.compile("แผนพัฒนารายบุคคล")).click()
    page.get_by_role("link", name="แก้ไข", exact=True).click()
    page.get_by_label("ขอบเขตการดำเนินงาน").fill("ข้าราชการและพนักงานราชการทุกคนของ สผ.")
    coordinator.shot("kpi-edit-form")
    page.get_by_role("button", name="บันทึกฉบับร่าง").click()
    coordinator.expect_message("บันทึกการแก้ไขแล้ว")
    expect(page.get_by_role("main")).to_contain_text("ข้าราชการและพนักงานราชการทุกคนของ สผ.")
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    coordinator.expect_message("อนุมัติตัวชี้วัดฉบับที่ 1 แล้ว")
    coordinator.shot("kpi-approved")
    return coordinator


def cycle_started_and_submitted(coordinator: Persona) -> None:
    page = coordinator.page
    nav(coordinator, "รอบคำรับรอง")
    expect(page.get_by_role("heading", name=f"รอบคำรับรอง ปีงบประมาณ {YEAR}")).to_be_visible()
    page.get_by_role("button", name="เริ่มขั้นตอนที่ 1").click()
    coordinator.expect_message("เริ่มรอบคำรับรองแล้ว")
    coordinator.shot("cycle-started")
    tab(coordinator, "1 จัดทำร่าง")
    page.get_by_label("ชื่อเอกสาร").fill(f"คู่มือการประเมินส่วนราชการ ปี {YEAR}")
    page.get_by_label("ไฟล์ (PDF, DOCX หรือ XLSX)").set_input_files(files=[pdf_file("guide.pdf")])
    page.get_by_role("button", name="อัปโหลด").click()
    coordinator.expect_message("อัปโหลดเอกสารแล้ว")
    page.get_by_role("button", name="เสนอคณะกรรมการ", exact=True).click()
    coordinator.expect_message("เสนอร่างตัวชี้วัดต่อคณะกรรมการแล้ว")
    coordinator.shot("submitted-to-committee")


def resolve(persona: Persona, decision: str, meeting: str, text: str) -> None:
    page = persona.page
    page.get_by_label(decision, exact=True).check()
    page.get_by_label("การประชุมครั้งที่").fill(meeting)
    page.get_by_label("มติที่ประชุม").fill(text)
    page.get_by_role("button", name="บันทึกมติ").click()
    persona.expect_message("บันทึกมติคณะกรรมการแล้ว")


def committee_returns_with_comment(cast: Cast) -> Persona:
    committee = cast("kanya", "กรรมการ กพร.")
    page = committee.page
    committee.choose_year(WALK_YEAR)
    work_item(committee, re.compile(f"พิจารณาร่างตัวชี้วัด .* ปีงบประมาณ {YEAR}"))
    overall = page.locator("form").filter(has=page.get_by_label("ความเห็นต่อร่างโดยรวม"))
    overall.get_by_label("ความเห็นต่อร่างโดยรวม").fill("ขอให้ทบทวนค่าเป้าหมายตัวชี้วัดที่ 1")
    overall.get_by_role("button", name="บันทึกความเห็น").click()
    comment = page.get_by_role("listitem").filter(has_text="ขอให้ทบทวนค่าเป้าหมายตัวชี้วัดที่ 1")
    expect(comment).to_be_visible()
    resolve(committee, "ส่งกลับให้แก้ไข", f"1/{YEAR}", "ให้ทบทวนค่าเป้าหมายตัวชี้วัดที่ 1")
    committee.shot("committee-returned")
    return committee


def coordinator_resubmits(coordinator: Persona) -> None:
    page = coordinator.page
    work_item(coordinator, re.compile(f"แก้ไขร่างตัวชี้วัดตามมติคณะกรรมการ .* ปีงบประมาณ {YEAR}"))
    expect(page.get_by_role("main")).to_contain_text("ขอให้ทบทวนค่าเป้าหมายตัวชี้วัดที่ 1")
    coordinator.shot("returned-comment-seen")
    tab(coordinator, "1 จัดทำร่าง")
    page.get_by_role("button", name="เสนอคณะกรรมการอีกครั้ง").click()
    coordinator.expect_message("เสนอร่างตัวชี้วัดต่อคณะกรรมการแล้ว")


def committee_approves(committee: Persona) -> None:
    work_item(committee, re.compile(f"พิจารณาร่างตัวชี้วัด .* ปีงบประมาณ {YEAR}"))
    resolve(committee, "เห็นชอบ", f"2/{YEAR}", "เห็นชอบร่างตัวชี้วัด ให้นำไปเจรจากับสำนักงาน ก.พ.ร.")
    committee.shot("committee-approved")


def negotiation_with_opdc(cast: Cast, coordinator: Persona) -> None:
    page = coordinator.page
    tab(coordinator, "2 เจรจา")
    page.get_by_role("button", name="เริ่มการเจรจา").click()
    coordinator.expect_message("เริ่มการเจรจาแล้ว")

    evaluator = cast("kamonwan", "ผู้ประเมิน สำนักงาน ก.พ.ร.")
    opdc = evaluator.page
    work_item(evaluator, re.compile(f"เจรจาตัวชี้วัด .* ปีงบประมาณ {YEAR}"))
    opdc.get_by_text("บันทึกรอบการเจรจาใหม่").click()
    opdc.get_by_label("ผู้เข้าร่วม (บรรทัดละหนึ่งคน)").fill(
        "นางสาวกมลวรรณ ประเมินดี (สำนักงาน ก.พ.ร.)\nนายสมชาย ใจดี (สผ.)"
    )
    opdc.get_by_label("บันทึกการเจรจา").fill("สำนักงาน ก.พ.ร. เสนอปรับค่าเป้าหมายตัวชี้วัดที่ 1")
    opdc.get_by_role("button", name="บันทึกรอบการเจรจา").click()
    evaluator.expect_message("บันทึกรอบการเจรจาแล้ว")
    round_url = opdc.url
    positions = opdc.get_by_role("link", name="บันทึกข้อเสนอ/ผลการเจรจา")
    count = positions.count()
    assert count == 8, f"expected a position for each of the 8 KPIs of the demo, found {count}"

    # KPI 1: OPDC counter-proposes higher targets, then both sides agree on them.
    positions.first.click()
    counter = opdc.get_by_role("region", name="ข้อเสนอของสำนักงาน ก.พ.ร.")
    levels = counter.get_by_role("row")  # header, then lowest level first
    levels.nth(1).get_by_role("textbox").nth(1).fill("85")
    levels.nth(2).get_by_role("textbox").nth(1).fill("92")
    counter.get_by_label("หมายเหตุ").fill("ปรับค่าเป้าหมายให้ท้าทายขึ้น")
    evaluator.shot("opdc-counter-proposal")
    counter.get_by_role("button", name="บันทึกข้อเสนอ").click()
    evaluator.expect_message("บันทึกข้อเสนอของสำนักงาน ก.พ.ร. แล้ว")
    for index in range(count):
        opdc.goto(round_url)
        positions.nth(index).click()
        settle = opdc.get_by_role("region", name="ผลการเจรจา")
        outcome = "ปรับแก้ตามค่าที่ตกลงด้านล่าง" if index == 0 else "ยอมรับตามที่ส่วนราชการเสนอ"
        settle.get_by_label(outcome).check()
        settle.get_by_role("button", name="บันทึกผลการเจรจา").click()
        evaluator.expect_message("บันทึกผลการเจรจาของตัวชี้วัดแล้ว")
    evaluator.shot("opdc-positions-settled")

    # The agreed summary is OPDC's word too (issue 14 item 1): the evaluator's task and button.
    coordinator.goto(CYCLE + "negotiation/")
    expect(page.get_by_role("button", name="บันทึกผลที่ตกลง")).to_have_count(0)
    work_item(evaluator, re.compile(f"บันทึกผลการเจรจาที่ตกลง .* ปีงบประมาณ {YEAR}"))
    opdc.get_by_label("สรุปผลการเจรจาที่ สำนักงาน ก.พ.ร. เห็นชอบ").fill(
        "สำนักงาน ก.พ.ร. เห็นชอบตัวชี้วัด 7 ตัว ปรับค่าเป้าหมายตัวชี้วัดที่ 1 เป็น 85/92/100"
    )
    opdc.get_by_role("button", name="บันทึกผลที่ตกลง").click()
    evaluator.expect_message("บันทึกผลการเจรจาที่ตกลงแล้ว")
    evaluator.shot("negotiation-agreed")


def signed_circulated_published(cast: Cast, coordinator: Persona) -> None:
    page = coordinator.page
    tab(coordinator, "3 ลงนามและเผยแพร่")
    page.get_by_role("button", name="อนุมัติ (ล็อก) รายละเอียดตัวชี้วัดทุกตัว").click()
    coordinator.expect_message("อนุมัติรายละเอียดตัวชี้วัดทุกตัวแล้ว")
    # The agreed counter-proposal is what will be signed.
    expect(page.get_by_role("main")).to_contain_text("ขั้นต้น 85.00 · มาตรฐาน 92.00 · ขั้นสูง 100.00")
    coordinator.shot("kpis-locked-for-signing")

    executive = cast("prasert", "ผู้บริหาร")
    executive.choose_year(WALK_YEAR)
    nav(executive, "รอบคำรับรอง")
    tab(executive, "3 ลงนามและเผยแพร่")
    executive.page.get_by_role("button", name="ลงนาม", exact=True).click()
    executive.expect_message("ลงนามคำรับรองแล้ว")
    executive.shot("executive-signed")

    coordinator.page.reload()
    page.get_by_role("button", name="แจ้งเวียนให้ผู้รับผิดชอบรับทราบ").click()
    coordinator.expect_message("แจ้งเวียนคำรับรองแล้ว")
    page.get_by_role("button", name="เผยแพร่ในอินทราเน็ต").click()
    coordinator.expect_message("เผยแพร่คำรับรองแล้ว")
    coordinator.shot("circulated-and-published")


def acknowledged_and_read_on_the_intranet(cast: Cast) -> None:
    owner = cast("nattaya", "ผู้รับผิดชอบตัวชี้วัด")
    owner.choose_year(WALK_YEAR)
    work_item(owner, re.compile(f"รับทราบคำรับรอง .* ปีงบประมาณ {YEAR}"))
    owner.page.get_by_role("button", name="รับทราบคำรับรอง").click()
    owner.expect_message("บันทึกการรับทราบแล้ว")
    owner.shot("owner-acknowledged")

    staff = cast("somsak", "เจ้าหน้าที่")
    staff.choose_year(WALK_YEAR)
    nav(staff, "คำรับรองของหน่วยงาน")
    heading = f"คำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {YEAR}"
    expect(staff.page.get_by_role("heading", name=heading)).to_be_visible()
    expect(staff.page.get_by_role("main")).to_contain_text("นายประเสริฐ วงศ์ไทย")
    staff.shot("staff-reads-intranet")


def kpi_sheets_pdf_downloaded(coordinator: Persona) -> None:
    nav(coordinator, "ตัวชี้วัด")
    # Built by the task worker: the button starts the job, the link appears when it is ready.
    coordinator.page.get_by_role("button", name="รายละเอียดตัวชี้วัดทั้งหมด (PDF)").click()
    ready = coordinator.page.get_by_role("link", name="ดาวน์โหลด รายละเอียดตัวชี้วัด (PDF)")
    with coordinator.page.expect_download() as info:
        ready.click(timeout=60_000)
    assert_pdf(info.value)
    coordinator.shot("kpi-sheets-pdf-downloaded")


def six_month_round_reported_and_accepted(cast: Cast, coordinator: Persona) -> None:
    page = coordinator.page
    nav(coordinator, "รอบการรายงานผล")
    page.get_by_role("link", name="รอบ 6 เดือน").click()
    page.get_by_role("button", name="เปิดรอบการรายงาน").click()
    coordinator.expect_message(re.compile("เปิดรอบการรายงานแล้ว"))
    coordinator.shot("round-opened")

    due = first_round_due()
    report_task = re.compile(r"รายงานผลตัวชี้วัด 1 ร้อยละของรายงาน EIA.*\(รอบ 6 เดือน\)")
    owner = cast("nattaya", "ผู้รับผิดชอบตัวชี้วัด")
    mine = owner.page
    work_item(owner, report_task, due)
    # KPI 1 is computed from its data items, (a / b) * 100: 93 of 100 reports = 93 %.
    mine.get_by_label(re.compile(r"^a: จำนวนรายงาน EIA ที่พิจารณาแล้วเสร็จ")).fill("93")
    mine.get_by_label(re.compile(r"^b: จำนวนรายงาน EIA ที่ครบกำหนดพิจารณา")).fill("100")
    mine.get_by_label("กิจกรรม/โครงการที่ 1").fill("ประชุมคณะกรรมการผู้ชำนาญการ (คชก.)")
    mine.get_by_label("ผลการดำเนินงานของกิจกรรมที่ 1").fill(
        "พิจารณารายงาน 120 ฉบับ แล้วเสร็จภายในกำหนด 112 ฉบับ"
    )
    mine.get_by_role("button", name="บันทึกร่าง").click()
    owner.expect_message("บันทึกร่างแล้ว")
    mine.get_by_label("ชื่อหลักฐาน").fill("ทะเบียนรายงานที่ครบกำหนดพิจารณา")
    mine.get_by_label(re.compile(r"^ไฟล์ \(PDF")).set_input_files(files=[pdf_file("register.pdf")])
    mine.get_by_role("button", name="อัปโหลด").click()
    owner.expect_message("แนบหลักฐานแล้ว")
    expect(mine.get_by_role("main")).to_contain_text("register.pdf")
    owner.shot("owner-report-with-evidence")
    mine.get_by_role("button", name="บันทึกและส่งให้ผู้กำกับดูแล").click()
    owner.expect_message(re.compile("ส่งรายงานให้ผู้กำกับดูแล"))
    # 93 % between มาตรฐาน (92 → 70) and ขั้นสูง (100 → 100): 70 + 30 × 1/8 = 73.75.
    expect(mine.get_by_role("main")).to_contain_text("73.75")

    overseer = cast("supachai", "ผู้กำกับดูแลตัวชี้วัด")
    overseer.choose_year(WALK_YEAR)
    work_item(overseer, report_task, due)
    overseer.page.get_by_role("button", name="เห็นชอบ (ผู้กำกับดูแล)").click()
    overseer.expect_message(re.compile("ให้ความเห็นชอบรายงานแล้ว"))
    overseer.shot("overseer-approved")

    work_item(coordinator, report_task, due)
    page.get_by_role("button", name="ตรวจรับรายงาน").click()
    coordinator.expect_message(re.compile("ตรวจรับ"))
    coordinator.shot("coordinator-accepted")


def sar_pdf_downloaded(coordinator: Persona) -> None:
    page = coordinator.page
    page.get_by_role("link", name=f"รอบ 6 เดือน {YEAR}").click()  # the report's breadcrumb
    documents = page.get_by_role("region", name=re.compile("รายงานผลการประเมินตนเอง"))
    documents.get_by_role("button", name="PDF").first.click()
    ready = documents.get_by_role("link", name="ดาวน์โหลด รายงาน SAR (PDF)")
    with page.expect_download() as info:
        ready.click(timeout=60_000)
    assert_pdf(info.value)
    coordinator.shot("sar-pdf-downloaded")


def executive_reads_the_dashboard(cast: Cast) -> None:
    executive = cast("prasert", "ผู้บริหาร")
    nav(executive, "แดชบอร์ดผู้บริหาร")
    page = executive.page
    expect(page.get_by_role("heading", name="แดชบอร์ดผู้บริหาร", exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"ปีงบประมาณ {YEAR}")
    # Only KPI 1 has an accepted result so far: of the seven in force at the 6-month round
    # (the open-data KPI starts at the 12-month round), the other six are still pending.
    expect(page.get_by_role("main")).to_contain_text("รอผล 6 ตัวชี้วัด")
    # 73.75 points on a KPI weighted 20: 14.750 of the 100 so far.
    expect(page.get_by_role("main")).to_contain_text("14.750")
    executive.shot("executive-dashboard")


@pytest.mark.usefixtures("transactional_db")
def test_the_watch_fails_a_page_that_breaks_the_csp(
    browser: Browser, live_server: Any, shots: Shots
) -> None:
    """The checks every step relies on do fire: an image from a CDN is refused by our CSP,
    Chromium logs it as a console error, and the persona's check fails on it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        visitor = Persona("anonymous", "ผู้เยี่ยมชม", context, page, live_server.url, shots)
        visitor.watch(page)
        visitor.goto("/accounts/login/")
        with page.expect_console_message(lambda message: message.type == "error"):
            page.evaluate(
                "() => { const img = document.createElement('img');"
                " img.src = 'https://cdn.example.com/logo.png'; document.body.append(img); }"
            )
        with pytest.raises(AssertionError, match=r"Content Security Policy|Refused"):
            visitor.check()
    finally:
        context.close()
