"""A task for the worker tests."""

from __future__ import annotations

from django_tasks import task


@task()
def double(number: int) -> int:
    return number * 2
