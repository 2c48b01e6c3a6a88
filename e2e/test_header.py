"""The header fits one line on a laptop (issue 16 item 7): at 1024 and 1366 px every persona of
the demo sees the brand, the menu, the search box, the year and their name on one line, the
OPDC evaluator's long name included; on a 390 px phone the menu folds behind "เมนู"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from accounts.demo import DEMO_PASSWORD

PERSONAS = ("somchai", "kamonwan", "wichai", "nattaya", "opdccoord")
PARTS = ".topbar .brand, .topbar .nav-bar, .topbar .header-search, .topbar .fy, .topbar .account"


@pytest.fixture
def header_demo(transactional_db: None, media: Path) -> None:
    call_command("load_demo", "--quiet-logins")


def test_the_header_is_one_line_for_every_persona(
    header_demo: None, browser: Browser, live_server: Any
) -> None:
    for username in PERSONAS:
        context = browser.new_context(base_url=live_server.url, locale="th-TH")
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("ชื่อผู้ใช้").fill(username)
        page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        expect(page.get_by_role("heading", name="งานของฉัน")).to_be_visible()
        for width in (1024, 1366):
            page.set_viewport_size({"width": width, "height": 800})
            boxes = page.eval_on_selector_all(
                PARTS,
                "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return [e.className, Math.round(r.top), Math.round(r.bottom)]; })",
            )
            assert len(boxes) == 5, (username, width, boxes)
            # One line: every part starts at the same height (a wrapped part sits 40 px lower).
            tops = [part_top for _, part_top, _ in boxes]
            assert max(tops) - min(tops) <= 6, (username, width, boxes)
        page.set_viewport_size({"width": 390, "height": 844})
        expect(page.locator(".nav-toggle-label")).to_be_visible()
        expect(page.locator(".topbar .header-search")).to_be_hidden()
        context.close()
