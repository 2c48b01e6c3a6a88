"""The media store is chosen from the environment (issue 19 item 3): local disk unless an S3
bucket is named; the S3 store never sets a public ACL, signs every URL it hands out with a short
lifetime, and never overwrites a stored name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from pramoen.settings import media_storage_from_env, s3_verify

S3_VARIABLES = [
    "STORAGE_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_LOCATION",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_S3_SIGNATURE_VERSION",
    "AWS_S3_VERIFY",
    "AWS_S3_MAX_MEMORY_SIZE",
]


@pytest.fixture
def clean_env(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_local_disk_is_the_default(clean_env):
    assert media_storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    clean_env.setenv("STORAGE_BACKEND", "local")
    clean_env.setenv("AWS_STORAGE_BUCKET_NAME", "ignored")
    assert str(media_storage_from_env()["BACKEND"]).endswith("FileSystemStorage")


def test_a_named_bucket_selects_the_s3_store_configured_from_the_environment(clean_env):
    clean_env.setenv("AWS_STORAGE_BUCKET_NAME", "pramoen-media")
    clean_env.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.go.th")
    clean_env.setenv("AWS_S3_REGION_NAME", "ap-southeast-1")
    clean_env.setenv("AWS_ACCESS_KEY_ID", "key")
    clean_env.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    clean_env.setenv("AWS_LOCATION", "/onep/")
    clean_env.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    store = media_storage_from_env()
    assert store["BACKEND"] == "storages.backends.s3.S3Storage"
    options = store["OPTIONS"]
    assert isinstance(options, dict)
    assert options["bucket_name"] == "pramoen-media"
    assert options["endpoint_url"] == "https://s3.example.go.th"
    assert options["region_name"] == "ap-southeast-1"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["location"] == "onep"
    assert options["addressing_style"] == "path"
    assert options["signature_version"] == "s3v4"
    assert options["default_acl"] is None  # private objects, never public-read
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] <= 300
    assert options["file_overwrite"] is False


def test_s3_without_a_bucket_or_an_unknown_backend_refuses_to_start(clean_env):
    clean_env.setenv("STORAGE_BACKEND", "s3")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        media_storage_from_env()
    clean_env.setenv("STORAGE_BACKEND", "ftp")
    with pytest.raises(ImproperlyConfigured, match="STORAGE_BACKEND"):
        media_storage_from_env()


def test_tls_verification_setting():
    assert s3_verify("") is None
    assert s3_verify("false") is False
    assert s3_verify("/etc/ssl/certs/agency-ca.pem") == "/etc/ssl/certs/agency-ca.pem"


def test_the_test_suite_stores_on_local_disk(settings):
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert settings.PRAMOEN_MEDIA_DOWNLOAD == "stream"
