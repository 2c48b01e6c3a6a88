"""An e-mail backend for fault-injection tests: each message delivered is one file in
PRAMOEN_MAIL_DIR, so another process can count them; with PRAMOEN_KILL_AT_SEND=N the process
SIGKILLs itself while sending its N-th message (before that message is delivered)."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

_sent_in_this_process = 0


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        global _sent_in_this_process
        outbox = Path(os.environ["PRAMOEN_MAIL_DIR"])
        for message in email_messages:
            _sent_in_this_process += 1
            if str(_sent_in_this_process) == os.environ.get("PRAMOEN_KILL_AT_SEND"):
                os.kill(os.getpid(), signal.SIGKILL)
            (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
