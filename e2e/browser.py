"""A persona's browser session for the walk: log in through the form, watch every page.

Every page a persona opens is watched for console errors (which is where Chromium reports
Content-Security-Policy violations: "Refused to load/execute/apply …"), uncaught script errors
and requests to any origin other than the server under test. `Persona.check()` fails the walk
with all of them listed; the walk calls it after every step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Download,
    Page,
    Request,
    Response,
    expect,
)

DEMO_PASSWORD = "pramoen-demo"
# Requests the browser makes without leaving the machine and without a server behind them.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@dataclass
class Shots:
    """Numbered screenshots, one per step, in the order the year happens."""

    directory: Path
    taken: list[Path] = field(default_factory=list)

    def path(self, persona: str, step: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = self.directory / f"{len(self.taken) + 1:02d}-{persona}-{slug}.png"
        self.taken.append(path)
        return path


@dataclass
class Persona:
    username: str
    label: str
    context: BrowserContext
    page: Page
    base_url: str
    shots: Shots
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        origin = urlsplit(self.base_url)
        expected = (origin.scheme, origin.netloc)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.problems.append(f"console error on {page.url}: {message.text}")

        def on_request(request: Request) -> None:
            url = request.url
            if url.startswith(LOCAL_SCHEMES):
                return
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != expected:
                self.problems.append(f"request to another origin from {page.url}: {url}")

        def on_dialog(dialog: Dialog) -> None:
            # "Are you sure?" confirmations (data-confirm): the persona says yes.
            self.dialogs.append(dialog.message)
            dialog.accept()

        def on_response(response: Response) -> None:
            if response.status >= 500:
                self.problems.append(f"server error {response.status}: {response.url}")

        page.on("dialog", on_dialog)
        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("request", on_request)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def goto(self, path: str) -> Page:
        response = self.page.goto(self.url(path))
        assert response is not None and response.ok, f"{self.username}: GET {path} failed"
        return self.page

    def shot(self, step: str) -> None:
        """Screenshot the current page, then fail if anything went wrong on it."""
        self.page.screenshot(path=self.shots.path(self.username, step), full_page=True)
        self.check()

    def check(self) -> None:
        problems, self.problems[:] = list(self.problems), []
        assert not problems, f"{self.label} ({self.username}):\n" + "\n".join(problems)

    def expect_message(self, text: str | re.Pattern[str]) -> None:
        """The green/red flash message after a form post."""
        expect(self.page.locator(".messages")).to_contain_text(text)

    def choose_year(self, year: int) -> None:
        """The fiscal-year menu in the header (submits itself on change)."""
        menu = self.page.get_by_label("ปีงบประมาณ", exact=True)
        if menu.input_value() != str(year):
            with self.page.expect_navigation():
                menu.select_option(str(year))
        expect(menu).to_have_value(str(year))

    @contextmanager
    def download(self) -> Iterator[list[Download]]:
        box: list[Download] = []
        with self.page.expect_download() as info:
            yield box
        box.append(info.value)


def log_in(browser: Browser, base_url: str, shots: Shots, username: str, label: str) -> Persona:
    """A fresh browser context (its own cookies) logged in through the login form."""
    context = browser.new_context(base_url=base_url, locale="th-TH", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    persona = Persona(username, label, context, page, base_url, shots)
    persona.watch(page)
    persona.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", name="งานของฉัน")).to_be_visible()
    persona.check()
    return persona


class Cast:
    """Everyone who appears in the walk, each in their own browser context."""

    def __init__(self, browser: Browser, base_url: str, shots: Shots) -> None:
        self.browser, self.base_url, self.shots = browser, base_url, shots
        self.people: dict[str, Persona] = {}

    def __call__(self, username: str, label: str) -> Persona:
        if username not in self.people:
            self.people[username] = log_in(self.browser, self.base_url, self.shots, username, label)
        return self.people[username]

    def close(self) -> None:
        try:
            for persona in self.people.values():
                persona.check()
        finally:
            for persona in self.people.values():
                persona.context.close()
