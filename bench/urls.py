"""Benchmark-only URLconf: the project's URLs plus a bare one-query view to compare against.

Used by bench/bench_pages.py through `override_settings(ROOT_URLCONF="bench.urls")`; the
product never routes here.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from accounts.models import Department
from pramoen.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """One query of its own and no template: the floor a page's time is measured against."""
    return HttpResponse(str(Department.objects.count()), content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
