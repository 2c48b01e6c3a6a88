"""The coordinator moves the round (issue 16 item 3): bulk accept is one transaction, reminders
to late people are rate-limited and audited, closing with unaccepted reports asks again, and
only the coordinator (or an administrator) does any of it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Person
from conftest import make_persona
from core.models import AuditEvent
from notifications.models import Notification
from notifications.nudges import NudgeTooSoonError
from reporting import services
from reporting.models import RoundState, Submission
from reporting.services import SubmissionInput
from reporting.tests.factories import make_kpi, make_round

S = Submission.State


def _approved(submission: Submission, owner, overseer) -> Submission:
    submission.refresh_from_db()
    saved = services.submission_save(
        owner,
        submission,
        SubmissionInput(values={"a": Decimal("45"), "b": Decimal("50")}),
        expected_version=submission.version,
    )
    services.submission_submit(owner, saved)
    return services.submission_approve(overseer, Submission.objects.get(pk=submission.pk))


@pytest.fixture
def three(setup, org, coordinator, owner, overseer) -> list[Submission]:
    """Three reports of the EIA division: 1 and 2 approved by the overseer, 3 still a draft."""
    make_kpi(setup.framework, "2", unit=org.eia, weight="10")
    make_kpi(setup.framework, "3", unit=org.eia, weight="10")
    services.round_open(coordinator, setup.round)
    rows = {s.kpi.number: s for s in Submission.objects.filter(round=setup.round)}
    return [_approved(rows["1"], owner, overseer), _approved(rows["2"], owner, overseer), rows["3"]]


# Bulk accept ---------------------------------------------------------------------------------


def test_bulk_accept_accepts_every_selected_report_each_audited(three, coordinator, setup):
    first, second, _draft = three
    accepted = services.submissions_accept_many(
        coordinator, setup.round, [(first.pk, first.version), (second.pk, second.version)]
    )
    assert {s.pk for s in accepted} == {first.pk, second.pk}
    assert set(Submission.objects.filter(state=S.ACCEPTED).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    # Each accept went through the submission Workflow (its own audit event), plus the bulk one.
    assert AuditEvent.objects.filter(action="reporting.submission.accepted").count() == 2
    bulk = AuditEvent.objects.get(action="reporting.submissions.bulk_accepted")
    assert sorted(bulk.data["submissions"]) == sorted([first.pk, second.pk])


def test_bulk_accept_is_one_transaction_one_refused_none_accepted(three, coordinator, setup):
    first, second, draft = three
    with pytest.raises(ValidationError) as refused:
        services.submissions_accept_many(
            coordinator,
            setup.round,
            [(first.pk, None), (second.pk, None), (draft.pk, None)],  # 3 is not approved yet
        )
    assert "ยังไม่ได้ตรวจรับรายงานฉบับใด" in refused.value.messages[0]
    assert "3" in refused.value.messages[0]
    assert not Submission.objects.filter(state=S.ACCEPTED).exists()
    assert not AuditEvent.objects.filter(action="reporting.submission.accepted").exists()
    assert not AuditEvent.objects.filter(action="reporting.submissions.bulk_accepted").exists()
    assert not Notification.objects.filter(title__contains="รับรายงานผลตัวชี้วัด").exists()


def test_bulk_accept_with_a_stale_version_accepts_none(three, coordinator, setup):
    first, second, _draft = three
    with pytest.raises(ValidationError):
        services.submissions_accept_many(
            coordinator, setup.round, [(first.pk, first.version), (second.pk, second.version - 1)]
        )
    assert not Submission.objects.filter(state=S.ACCEPTED).exists()


def test_only_the_coordinator_or_admin_bulk_accepts(three, setup, owner, overseer, admin_user):
    first, _second, _draft = three
    for user in (owner, overseer):
        with pytest.raises(PermissionDenied):
            services.submissions_accept_many(user, setup.round, [(first.pk, None)])
    assert Submission.objects.get(pk=first.pk).state == S.OVERSEER_APPROVED
    services.submissions_accept_many(admin_user, setup.round, [(first.pk, None)])
    assert Submission.objects.get(pk=first.pk).state == S.ACCEPTED


# Reminders to late people ---------------------------------------------------------------------


@pytest.fixture
def late(setup, org, coordinator, owner) -> Submission:
    """The 6-month round opened and already past its due date; the owner has not submitted."""
    services.round_open(coordinator, setup.round)
    setup.round.due_date = timezone.localdate() - datetime.timedelta(days=3)
    setup.round.save(update_fields=["due_date"])
    return Submission.objects.get(round=setup.round)


def _nudges(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, dedupe_key__startswith="nudge:"))


def test_late_people_lists_who_has_not_submitted_after_the_due_date(late, setup, owner):
    rows = services.late_people(setup.round)
    assert [(row.user.pk, [s.pk for s in row.submissions]) for row in rows] == [
        (owner.pk, [late.pk])
    ]
    assert rows[0].next_allowed is None


def test_nobody_is_late_before_the_due_date(setup, coordinator):
    services.round_open(coordinator, setup.round)
    setup.round.due_date = timezone.localdate() + datetime.timedelta(days=1)
    setup.round.save(update_fields=["due_date"])
    assert services.late_people(setup.round) == []
    with pytest.raises(ValidationError):
        services.round_remind_late(coordinator, setup.round)


def test_reminder_is_sent_through_notify_rate_limited_and_audited(
    late, setup, coordinator, owner, settings
):
    settings.PRAMOEN_NUDGE_HOURS = 24
    result = services.round_remind_late(coordinator, setup.round, user_id=owner.pk)
    assert result.people == 1
    [sent] = _nudges(owner)
    assert sent.url == reverse("reporting:submission", args=[late.pk])
    assert sent.email_wanted  # the same path: inbox, then the e-mail outbox
    assert "ทวงถาม" in sent.title
    event = AuditEvent.objects.get(action="reporting.round.reminded_late")
    assert event.actor_id == coordinator.pk
    assert event.data["sent"] == [[owner.pk, f"reporting.submission:{late.pk}"]]
    assert AuditEvent.objects.filter(action="notifications.sent", actor_id=coordinator.pk).exists()

    # A second click, by anyone, within 24 hours: refused, saying when the next is allowed.
    with pytest.raises(NudgeTooSoonError) as too_soon:
        services.round_remind_late(coordinator, setup.round)
    assert "ส่งได้อีกครั้งหลัง" in too_soon.value.messages[0]
    assert too_soon.value.next_allowed == sent.created_at + datetime.timedelta(hours=24)
    assert len(_nudges(owner)) == 1
    assert services.late_people(setup.round)[
        0
    ].next_allowed == sent.created_at + datetime.timedelta(hours=24)

    # After the window the reminder may be sent again (as if sent 25 hours ago: its time and
    # its time bucket).
    Notification.objects.filter(pk=sent.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25),
        dedupe_key=sent.dedupe_key.rsplit(":", 1)[0] + ":0",
    )
    services.round_remind_late(coordinator, setup.round)
    assert len(_nudges(owner)) == 2


def test_remind_all_skips_only_the_recently_reminded(late, setup, org, coordinator, owner):
    collector = make_persona("collector", org.department, None, unit=org.quality)
    other_kpi = make_kpi(
        setup.framework,
        "2",
        unit=org.quality,
        collectors=(Person.objects.get(user_id=collector.pk),),
    )
    # The round is already open: add the second KPI's report as opening would have.
    Submission.objects.create(round=setup.round, kpi_key=other_kpi.key, kpi=other_kpi)
    services.round_remind_late(coordinator, setup.round, user_id=owner.pk)
    result = services.round_remind_late(coordinator, setup.round)
    assert [t.recipient.pk for t in result.sent] == [collector.pk]
    assert [t.recipient.pk for t, _when in result.refused] == [owner.pk]
    assert len(_nudges(owner)) == 1 and len(_nudges(collector)) == 1


def test_only_the_coordinator_or_admin_sends_reminders(
    late, setup, owner, overseer, executive, admin_user
):
    for user in (owner, overseer, executive):
        with pytest.raises(PermissionDenied):
            services.round_remind_late(user, setup.round)
    assert not _nudges(owner)
    services.round_remind_late(admin_user, setup.round)
    assert len(_nudges(owner)) == 1


# Closing asks again ---------------------------------------------------------------------------


def test_close_with_unaccepted_reports_needs_confirmation(three, setup, coordinator):
    with pytest.raises(services.RoundCloseUnconfirmedError) as unconfirmed:
        services.round_close(coordinator, setup.round)
    assert unconfirmed.value.unaccepted == 3
    assert RoundState.objects.get(round=setup.round).state == RoundState.State.OPEN
    state = services.round_close(coordinator, setup.round, confirmed=True)
    assert state.state == RoundState.State.CLOSED
    event = AuditEvent.objects.get(action="reporting.round.closed_with_unaccepted")
    assert event.data == {"count": 3}


def test_close_when_all_accepted_needs_no_confirmation(
    submission, setup, coordinator, owner, overseer
):
    services.submission_accept(coordinator, _approved(submission, owner, overseer))
    assert services.round_close(coordinator, setup.round).state == RoundState.State.CLOSED
    assert not AuditEvent.objects.filter(action="reporting.round.closed_with_unaccepted").exists()


# The page -------------------------------------------------------------------------------------


def test_round_page_leads_with_waiting_reports_and_late_people(client, three, setup, coordinator):
    setup.round.due_date = timezone.localdate() - datetime.timedelta(days=1)
    setup.round.save(update_fields=["due_date"])
    client.force_login(coordinator)
    page = client.get(reverse("reporting:round_detail", args=[setup.round.pk])).content.decode()
    waiting = page.index('id="waiting-h"')
    assert waiting < page.index('id="late-h"') < page.index('id="round-facts-h"')
    assert page.count('name="selected"') == 2  # the two approved reports, not the draft
    assert "ตรวจรับรายการที่เลือก" in page
    assert "ส่งการเตือน" in page


def test_round_page_hides_the_coordinator_tables_from_others(client, three, setup, owner):
    client.force_login(owner)
    page = client.get(reverse("reporting:round_detail", args=[setup.round.pk])).content.decode()
    assert 'id="waiting-h"' not in page and 'id="late-h"' not in page


def test_bulk_accept_from_the_page(client, three, setup, coordinator):
    first, second, _draft = three
    client.force_login(coordinator)
    response = client.post(
        reverse("reporting:round_review", args=[setup.round.pk]),
        {
            "selected": [first.pk, second.pk],
            f"version-{first.pk}": first.version,
            f"version-{second.pk}": second.version,
            "accept_selected": "1",
        },
        follow=True,
    )
    assert "ตรวจรับรายงานแล้ว 2 ฉบับ" in response.content.decode()
    assert Submission.objects.filter(state=S.ACCEPTED).count() == 2


def test_return_from_the_page_keeps_the_comment(client, three, setup, coordinator):
    first = three[0]
    client.force_login(coordinator)
    client.post(
        reverse("reporting:round_review", args=[setup.round.pk]),
        {"return": first.pk, f"comment-{first.pk}": "แนบหลักฐานเพิ่ม"},
    )
    first.refresh_from_db()
    assert first.state == S.RETURNED
    assert first.returns.get().comment == "แนบหลักฐานเพิ่ม"


def test_close_page_shows_the_count_and_asks_again(client, three, setup, coordinator):
    client.force_login(coordinator)
    url = reverse("reporting:round_close", args=[setup.round.pk])
    response = client.post(url, {"version": RoundState.objects.get(round=setup.round).version})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ยังมีรายงาน 3 ฉบับที่ยังไม่ได้ตรวจรับ" in page
    assert 'name="confirm" value="1"' in page
    assert RoundState.objects.get(round=setup.round).state == RoundState.State.OPEN
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert RoundState.objects.get(round=setup.round).state == RoundState.State.CLOSED


def test_remind_from_the_page_then_refused_with_the_next_time(
    client, late, setup, coordinator, owner
):
    client.force_login(coordinator)
    url = reverse("reporting:round_remind", args=[setup.round.pk])
    first = client.post(url, {"person": owner.pk}, follow=True).content.decode()
    assert "ส่งการเตือนแล้ว 1 คน" in first
    second = client.post(url, {"person": owner.pk}, follow=True).content.decode()
    assert "ส่งได้อีกครั้งหลัง" in second
    assert len(_nudges(owner)) == 1


def test_another_round_is_not_affected(late, setup, coordinator):
    other = make_round(setup.framework, months=12)
    assert services.late_people(other) == []


@pytest.mark.parametrize("count", [2, 12])
def test_round_page_queries_do_not_grow_with_late_reports(
    client, late, setup, org, coordinator, count, django_assert_max_num_queries
):
    for number in range(2, count + 1):
        kpi = make_kpi(setup.framework, str(number), unit=org.eia, weight="1")
        Submission.objects.create(round=setup.round, kpi_key=kpi.key, kpi=kpi)
    services.round_remind_late(coordinator, setup.round)
    client.force_login(coordinator)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("reporting:round_detail", args=[setup.round.pk]))
    assert page.content.decode().count("reporting/report/") >= count
