"""Settings for the test suite: the real settings, with fast hashing and tasks run inline."""

import os

os.environ.setdefault("DEBUG", "1")
# The suite never reads a developer's var/demo.env (written by `make demo`).
os.environ.setdefault("PRAMOEN_ENV_FILE", "")

from pramoen.settings import *  # noqa: F403
from pramoen.settings import INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "core.tests.workflowapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGE_BACKEND = "local"
PRAMOEN_MEDIA_DOWNLOAD = "stream"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Local disk whatever the environment says (a temporary MEDIA_ROOT per test: conftest); the
# storage tests that also run on S3 switch to a bucket on a loopback server themselves.
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "th"
