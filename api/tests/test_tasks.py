"""`GET /api/v1/me/tasks` is the "My work" list (issue 16 item 1), soonest due first."""

from __future__ import annotations

import datetime

from django.utils import timezone

from agreements import services as agreement_services


def test_my_tasks_lists_the_callers_tasks_sorted_by_due_date(
    api_client, bearer, world, org, owner, coordinator
):
    today = timezone.localdate()
    request = agreement_services.data_request_create(
        coordinator, world.agreement, unit=org.eia, subject="ข้อมูลผลการพิจารณา",
        details="", due_on=today,
    )  # fmt: skip
    type(request).objects.filter(pk=request.pk).update(due_on=today - datetime.timedelta(days=3))
    response = api_client.get("/api/v1/me/tasks", **bearer(owner))
    assert response.status_code == 200
    tasks = response.json()
    dues = [t["due"] for t in tasks]
    assert dues == sorted(dues)
    [asked] = [t for t in tasks if t["kind"] == "data_request"]
    assert asked == {
        "kind": "data_request",
        "title": "ส่งข้อมูล: ข้อมูลผลการพิจารณา (กองวิเคราะห์ผลกระทบฯ)",
        "url": f"/agreements/onep/{world.framework.fiscal_year}/drafting/requests/{request.pk}/",
        "fiscal_year": world.framework.fiscal_year,
        "due": (today - datetime.timedelta(days=3)).isoformat(),
        "overdue_days": 3,
    }
    reports = [t for t in tasks if t["kind"] == "report_write"]
    assert len(reports) == len(world.submissions)  # the owner collects every KPI of the set
    due = world.round.due_date
    assert all(t["overdue_days"] == (today - due).days for t in reports)


def test_my_tasks_is_empty_for_someone_with_nothing_to_do(api_client, bearer, world, staff):
    response = api_client.get("/api/v1/me/tasks", **bearer(staff))
    assert response.status_code == 200 and response.json() == []
