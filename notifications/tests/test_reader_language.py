"""Notifications are shown in the reader's language (issue 16 item 7): the title's catalog
entry and parameters are stored with the Thai text and translated when the inbox is read."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from notifications.messages import Translated, message
from notifications.models import Notification, Reminder
from notifications.services import notify, reminder_schedule, reminders_send_due

pytestmark = pytest.mark.django_db

ACCEPTED = gettext_noop("ผู้ประสานงานรับรายงานผลตัวชี้วัด %(kpi)s (%(round)s) แล้ว")
DUE_SOON = gettext_noop("ใกล้ครบกำหนด: %(step)s")
STEP_1 = gettext_noop("ขั้นตอนที่ 1 จัดทำร่างตัวชี้วัด")
OPENED = gettext_noop("เปิด%(round)s ปีงบประมาณ %(year)s: รายงานผล %(n)s ตัวชี้วัด ภายใน %(due)s")


def test_a_message_is_the_thai_text_whatever_the_actors_language():
    with translation.override("en"):
        title = message(ACCEPTED, {"kpi": "1.2", "round": "รอบ 6 เดือน"})
    assert title == "ผู้ประสานงานรับรายงานผลตัวชี้วัด 1.2 (รอบ 6 เดือน) แล้ว"
    assert title.msgid == ACCEPTED and title.params == {"kpi": "1.2", "round": "รอบ 6 เดือน"}


def test_the_inbox_row_is_translated_for_its_reader(owner):
    with translation.override("en"):  # the coordinator works in English
        [row] = notify(
            [owner], kind="reporting.review", title=message(ACCEPTED, {"kpi": "1.2", "round": "R"})
        )
    row.refresh_from_db()
    assert row.title == "ผู้ประสานงานรับรายงานผลตัวชี้วัด 1.2 (R) แล้ว"  # stored in Thai
    with translation.override("th"):
        assert row.display_title == row.title
    with translation.override("en"):
        assert row.display_title == ("The coordinator accepted the results report for KPI 1.2 (R)")


def test_dates_and_labels_in_a_title_follow_the_reader(owner):
    due = datetime.date(2026, 12, 4)
    [opened] = notify(
        [owner],
        kind="reporting.round",
        title=message(OPENED, {"round": "รอบ 6 เดือน", "year": 2570, "n": 3, "due": due}),
    )
    [step] = notify(
        [owner], kind="agreements.deadline", title=message(DUE_SOON, {"step": Translated(STEP_1)})
    )
    assert "ภายใน 4 ธันวาคม 2569" in opened.title
    assert step.title == "ใกล้ครบกำหนด: ขั้นตอนที่ 1 จัดทำร่างตัวชี้วัด"
    for row in (opened, step):
        row.refresh_from_db()
    with translation.override("en"):
        assert opened.display_title.endswith("4 December 2026")
        assert step.display_title == "Due soon: Step 1: Draft KPIs"


def test_a_free_text_title_is_shown_as_stored(owner):
    [row] = notify([owner], kind="x", title="ข้อความที่พิมพ์เอง")
    assert row.title_msgid == ""
    with translation.override("en"):
        assert row.display_title == "ข้อความที่พิมพ์เอง"


def test_a_reminder_keeps_the_entry_until_it_is_sent(owner):
    reminder_schedule(
        [owner],
        kind="agreements.deadline",
        title=message(DUE_SOON, {"step": Translated(STEP_1)}),
        url="/",
        send_at=timezone.now() - datetime.timedelta(minutes=1),
        dedupe_key="test:reminder:language",
    )
    assert Reminder.objects.get(recipient=owner).title_msgid == DUE_SOON
    assert reminders_send_due() == 1
    row = Notification.objects.get(recipient=owner)
    with translation.override("en"):
        assert row.display_title == "Due soon: Step 1: Draft KPIs"


def test_the_english_inbox_shows_english_titles(client, owner):
    notify([owner], kind="reporting.review", title=message(ACCEPTED, {"kpi": "1.2", "round": "R"}))
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("inbox")).content.decode()
    assert "The coordinator accepted the results report for KPI 1.2 (R)" in page
    assert "ผู้ประสานงานรับรายงานผลตัวชี้วัด" not in page


def test_stored_parameters_hold_no_nul_character():
    """PostgreSQL's jsonb cannot store U+0000: the typed-parameter markers must not use it."""
    import datetime

    from django.utils.translation import gettext_noop

    from notifications.messages import Translated, message, parts_of

    title = message(
        gettext_noop("เปิด%(round)s ปีงบประมาณ %(year)s: รายงานผล %(n)s ตัวชี้วัด ภายใน %(due)s"),
        {
            "round": Translated("รอบ 6 เดือน"),
            "year": 2569,
            "n": 4,
            "due": datetime.date(2026, 4, 30),
        },
    )
    _msgid, params = parts_of(title)
    assert params and not any("\x00" in value for value in params.values())
