"""The e-SAR copy page: per KPI, in OPDC's order, the text blocks in read-only text areas with
copy buttons (shown by static/js/esar.js); the same people as the SAR may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.tests.sar_setup import (
    ACTIVITY,
    FACTORS,
    FIRST_NAME,
    PENDING_NAME,
    SECOND_NAME,
    accepted_round,
)


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator)


def _page(sar_round, **params):
    return reverse("reporting:esar", args=[sar_round.round.pk]), params


def test_first_kpi_is_shown_with_its_fields_and_copy_buttons(client, sar_round, coordinator):
    client.force_login(coordinator)
    url, _ = _page(sar_round)

    content = client.get(url, {"digits": "arabic"}).content.decode()

    assert f"ตัวชี้วัดที่ 1 {FIRST_NAME}" in content
    assert 'id="esar-narrative" readonly' in content and ACTIVITY in content
    assert f">{FACTORS}</textarea>" in content
    # Copy buttons are hidden until the script shows them; the text areas work without it.
    # 13: e-SAR's twelve boxes and where the KPI comes from (issue 17 item 4).
    assert content.count('data-copy="esar-') == 13 and content.count(" hidden>") >= 13
    assert "js/esar.js" in content
    # Every KPI is listed in OPDC's order (component, then number) for moving between them.
    assert content.index(FIRST_NAME) < content.index(PENDING_NAME) < content.index(SECOND_NAME)
    assert reverse("document_esar", args=[sar_round.round.pk, "xlsx"]) in content


def test_a_kpi_is_chosen_by_its_key(client, sar_round, coordinator):
    client.force_login(coordinator)
    url, _ = _page(sar_round)

    content = client.get(url, {"kpi": str(sar_round.second.key), "digits": "arabic"})

    text = content.content.decode()
    assert f"ตัวชี้วัดที่ 2 {SECOND_NAME}" in text and ">70.00</textarea>" in text
    assert 'rel="prev"' in text and 'rel="next"' not in text  # the last KPI


def test_a_kpi_not_accepted_says_so_and_has_nothing_to_copy(client, sar_round, coordinator):
    client.force_login(coordinator)
    url, _ = _page(sar_round)

    text = client.get(url, {"kpi": str(sar_round.pending.key)}).content.decode()

    assert (
        "ยังไม่ผ่านการตรวจรับ" in text and 'id="esar-narrative" readonly rows="1"></textarea>' in text
    )


@pytest.mark.parametrize("kpi", ["not-a-uuid", "7c9e6679-7425-40de-944b-e07fc1f90ae7"])
def test_an_unknown_kpi_is_a_404(client, sar_round, coordinator, kpi):
    client.force_login(coordinator)
    url, _ = _page(sar_round)

    assert client.get(url, {"kpi": kpi}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("executive", 200),
        ("committee_member", 200),
        # Issue 14 item 2: department-wide roles only (reporting.permissions.rounds_read_whole_by).
        ("overseer", 404),
        ("owner", 404),
        ("staff", 404),
        ("evaluator", 404),
        ("outsider", 404),
    ],
)
def test_who_may_open_the_copy_page(request, client, sar_round, persona, status):
    client.force_login(request.getfixturevalue(persona))
    url, _ = _page(sar_round)

    assert client.get(url).status_code == status


def test_the_copy_page_reads_a_constant_number_of_queries(
    client, sar_round, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url, _ = _page(sar_round)
    client.get(url)  # warm the session and the user's caches

    with django_assert_max_num_queries(25):
        response = client.get(url)

    assert response.status_code == 200
