"""Browser tests: Debian's Chromium driven by pytest-playwright against pytest-django's
live server. Run with `make e2e` (scripts/e2e.sh); `make test` never collects this folder
(it is not in pyproject's testpaths).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from e2e.browser import Cast, Shots
from e2e.world import prepare_walk_year

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls (setting
# up the world) are still plain synchronous code, so Django's async guard must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "var" / "e2e-shots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """No browser download is possible here: use the distribution's Chromium, headless."""
    if not Path(CHROMIUM).exists():
        pytest.exit(f"{CHROMIUM} is missing: run scripts/setup.sh (installs chromium)", 2)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def shots() -> Shots:
    shutil.rmtree(SHOTS, ignore_errors=True)
    return Shots(SHOTS)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploads of the walk go to a throwaway folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def demo(transactional_db: None, media: Path) -> None:
    """The demo department, plus FY 2571 ready for its cycle to start (e2e/world.py)."""
    call_command("load_demo", "--quiet-logins")
    prepare_walk_year()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    item.stash.setdefault(OUTCOMES, {})[report.when] = report.outcome
    return report


OUTCOMES = pytest.StashKey[dict[str, str]]()


@pytest.fixture
def cast(
    request: pytest.FixtureRequest, browser: Browser, live_server: Any, shots: Shots
) -> Iterator[Cast]:
    """The people of the walk, each logged in through the form on first appearance."""
    people = Cast(browser, live_server.url, shots)
    yield people
    if request.node.stash.get(OUTCOMES, {}).get("call") == "failed":
        for persona in people.people.values():  # where everyone was when it broke
            persona.page.screenshot(path=shots.path(persona.username, "failed"), full_page=True)
    people.close()
