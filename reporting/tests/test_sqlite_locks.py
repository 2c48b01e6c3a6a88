"""On SQLite every atomic block takes the write lock when it begins (IMMEDIATE, issue 15 item 1),
so a page that only reads must open none: otherwise readers queue behind writers."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from reporting.tests.factories import FY


@contextmanager
def atomic_blocks() -> Iterator[list[str]]:
    opened: list[str] = []
    enter = transaction.Atomic.__enter__

    def counting(self: transaction.Atomic) -> None:
        opened.append("".join(traceback.format_stack(limit=6)[:-1]))
        enter(self)

    with mock.patch.object(transaction.Atomic, "__enter__", counting):
        yield opened


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/reporting/mine/",
        "REPORT",
        f"/kpis/onep/{FY}/",
        "/frameworks/",
        "/inbox/",
        "API",
    ],
)
def test_read_only_pages_open_no_transaction(client, submission, owner, path):
    client.force_login(owner)
    if path == "REPORT":
        path = reverse("reporting:submission", args=[submission.pk])
    elif path == "API":
        path = f"/api/v1/submissions/{submission.pk}"
    client.get(path)  # the first visit may write (session, last seen): not the steady state
    with atomic_blocks() as opened:
        response = client.get(path)
    assert response.status_code == 200
    assert opened == [], "\n---\n".join(opened)


def test_the_probe_sees_a_save_transaction(client, submission, owner):
    client.force_login(owner)
    form = {"version": str(submission.version), "activity_count": "1", "value_a": "45"}
    with atomic_blocks() as opened:
        client.post(
            reverse("reporting:submission", args=[submission.pk]),
            {**form, "value_b": "50", "action": "save"},
        )
    assert opened
