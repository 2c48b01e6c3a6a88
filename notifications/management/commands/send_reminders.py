"""Send the reminders that are due (inbox + e-mail, the e-mail through the task worker), then
every e-mail still owed (a sender killed mid-send, a lost task): nothing lost, nothing twice.

For production, run it from cron every few minutes:
    */5 * * * *  cd /srv/pramoen && .venv/bin/python manage.py send_reminders
Without cron (demo), `--every 300` keeps running and sends every 300 seconds.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from notifications.emails import notification_emails_send_pending
from notifications.services import reminders_send_due


class Command(BaseCommand):
    help = "ส่งการเตือนที่ถึงกำหนดแล้ว (ทางกล่องข้อความและอีเมล) — ใช้กับ cron"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="ทำงานต่อเนื่อง ส่งทุก ๆ SECONDS วินาที (ใช้แทน cron)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every: int = options["every"]
        try:
            while True:
                sent = reminders_send_due()
                self.stdout.write(f"ส่งการเตือนแล้ว {sent} รายการ")
                # E-mails still owed from earlier runs (a killed sender, a lost task).
                notification_emails_send_pending()
                if every <= 0:
                    return
                time.sleep(every)
        except KeyboardInterrupt:
            return
