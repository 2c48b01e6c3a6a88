"""The demo (DEBUG off, var/demo.env) shows the project's own 404/500 pages, never Django's
debug page (issue 16 item 7)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from scripts.demo_env import DEMO_SETTINGS


def test_the_demo_runs_with_debug_off():
    assert DEMO_SETTINGS["DEBUG"] == "0"


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_missing_page_renders_the_thai_404_template(client, settings, coordinator, signed_in):
    settings.DEBUG = False
    if signed_in:
        client.force_login(coordinator)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in body
    assert "Page not found" not in body and "technical_404" not in body


def test_the_500_page_is_the_projects_own_and_touches_no_database(
    db, django_assert_num_queries, settings
):
    settings.DEBUG = False
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()
