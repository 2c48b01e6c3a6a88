from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from conftest import UserFactory
from notifications.models import Notification, Reminder


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "agreements.data_request"
    title = factory.Sequence(lambda n: f"ขอข้อมูลตัวชี้วัด ครั้งที่ {n}")
    url = "/kpis/"


class ReminderFactory(DjangoModelFactory):
    class Meta:
        model = Reminder

    recipient = factory.SubFactory(UserFactory)
    kind = "reminder"
    title = factory.Sequence(lambda n: f"เตือนส่งข้อมูล ครั้งที่ {n}")
    url = "/kpis/"
    send_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=5))
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
