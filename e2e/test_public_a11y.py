"""The public page meets WCAG 2.1 AA as axe-core checks it (issue 7 item 4), on a desktop and a
phone, with no login; and it works from the keyboard (skip link first, focus visible).

axe-core is vendored from the npm registry (static/vendor/axe/, no CDN) and injected from the
live server, so the page's Content-Security-Policy ('self' scripts) allows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, ViewportSize

PUBLIC = "/public/onep/"
AXE = "/static/vendor/axe/axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture
def public_demo(transactional_db: None, media: Path) -> None:
    """The demo department: last year signed and published to the public."""
    call_command("load_demo", "--quiet-logins")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(url=AXE)
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_public_page_has_no_axe_violations(
    public_demo: None, browser: Browser, live_server: Any, viewport: str
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    response = page.goto(PUBLIC)
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.get_by_role("heading", level=1).count() == 1
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert errors == [], errors  # CSP refusals show up here
    context.close()


def test_public_page_works_from_the_keyboard(
    public_demo: None, browser: Browser, live_server: Any
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="th-TH")
    page = context.new_page()
    page.goto(PUBLIC)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"  # the skip link comes first
    assert page.locator("a.skip").is_visible()  # and shows when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    context.close()


def test_unpublished_year_is_not_found(
    public_demo: None, browser: Browser, live_server: Any
) -> None:
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    response = page.goto("/public/onep/2562/")
    assert response is not None and response.status == 404
    context.close()
