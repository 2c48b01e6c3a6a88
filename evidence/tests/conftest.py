from reporting.tests.conftest import _media, setup, submission  # noqa: F401
