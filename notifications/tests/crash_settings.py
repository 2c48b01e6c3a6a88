"""Settings for the subprocess of test_reminder_crash: the test settings on the database the
test gives (PRAMOEN_CRASH_DB, JSON) with e-mail written to files (crash_mail)."""

import json
import os

from pramoen.settings_test import *  # noqa: F403

DATABASES = {"default": json.loads(os.environ["PRAMOEN_CRASH_DB"])}
EMAIL_BACKEND = "notifications.tests.crash_mail.EmailBackend"
