"""The e-SAR copy page (issue 6 item 7): per KPI, in OPDC's order, each text block OPDC's
e-SAR site asks for in a read-only text area with a copy button (static/js/esar.js). Without
JavaScript the buttons stay hidden and the text areas are selectable as they are.

Who may open it: the people who read the round's department-wide documents
(reporting.permissions.rounds_read_whole_by); everyone else gets a 404.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from documents.builders.sar import sar_document
from documents.layouts.esar import esar_fields
from documents.views import wants_thai_digits
from reporting.permissions import rounds_read_whole_by


@login_required
@require_GET
def esar_page(request: HttpRequest, pk: int) -> HttpResponse:
    """`?kpi=<key>` picks the KPI (the first one by default); `?digits=arabic` as documents."""
    round_ = get_object_or_404(rounds_read_whole_by(request.user), pk=pk)
    thai = wants_thai_digits(request)
    doc = sar_document(round_, thai_digits=thai)
    kpis = doc.kpis
    chosen = request.GET.get("kpi", "")
    index = 0
    if chosen:
        try:
            key = uuid.UUID(chosen)
        except ValueError:
            raise Http404("ไม่พบตัวชี้วัดนี้ในรอบการรายงาน") from None
        keys = [kpi.key for kpi in kpis]
        if key not in keys:
            raise Http404("ไม่พบตัวชี้วัดนี้ในรอบการรายงาน")
        index = keys.index(key)
    kpi = kpis[index] if kpis else None
    context = {
        "round": round_,
        "framework": round_.framework,
        "doc": doc,
        "kpis": kpis,
        "kpi": kpi,
        "fields": esar_fields(kpi) if kpi else (),
        "previous": kpis[index - 1] if kpi and index > 0 else None,
        "next": kpis[index + 1] if kpi and index + 1 < len(kpis) else None,
        "position": index + 1,
        "digits": "thai" if thai else "arabic",
    }
    return render(request, "reporting/esar.html", context)
