"""The search page (issue 16 item 6): one box in the header, results grouped by kind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.selectors import search_for

MAX_QUERY = 200


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    results = search_for(request.user, query)
    return render(request, "search/results.html", {"results": results, "query": query})
