"""OPDC's coordinator assigns an evaluator on a phone (issue 14 item 1): the home page links to
"ผู้ประเมินที่มอบหมาย", a Thai error keeps what was chosen, the page fits a 390 px screen, and the
new assignment appears in the list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, ViewportSize, expect

from e2e.browser import Shots

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def opdc_demo(transactional_db: None, media: Path) -> None:
    call_command("load_demo", "--quiet-logins")


def test_opdc_coordinator_assigns_an_evaluator_on_a_phone(
    opdc_demo: None, browser: Browser, live_server: Any, shots: Shots
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("opdccoord")
    page.get_by_label("รหัสผ่าน").fill("pramoen-demo")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("link", name="มอบหมายผู้ประเมินของสำนักงานคณะกรรมการพัฒนาระบบราชการ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ผู้ประเมินที่มอบหมาย")
    page.locator("#id_person").select_option(label="นางสาวกมลวรรณ ประเมินดี")
    page.get_by_role("button", name="มอบหมาย", exact=True).click()
    # The field's own error (the error summary at the top links to it with the same words).
    expect(page.get_by_text("กรุณาเลือกส่วนราชการ", exact=True)).to_be_visible()
    # What was chosen is kept.
    assert page.locator("#id_person").input_value() != ""
    page.locator("#id_department").select_option(label="กรมควบคุมมลพิษ")
    page.get_by_role("button", name="มอบหมาย", exact=True).click()
    expect(page.get_by_text("เป็นผู้ประเมินของ กรมควบคุมมลพิษ แล้ว")).to_be_visible()
    listing = page.get_by_role("region", name="รายการที่มอบหมายแล้ว")
    expect(listing).to_contain_text("กรมควบคุมมลพิษ")
    expect(listing).to_contain_text("สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a phone"
    page.screenshot(path=shots.path("opdccoord", "evaluator assignments phone"), full_page=True)
    context.close()
