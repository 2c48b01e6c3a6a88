"""A sheet's 3-year baseline from the same KPI's earlier years (issue 17 item 6): the accepted
result of each predecessor's 12-month round, following `Kpi.predecessor` — never a match by
Thai name. Reads results, so it lives here and not in indicators."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from frameworks.models import Framework
from indicators.models import Kpi
from indicators.selectors import predecessor_chain
from indicators.services import BaselineInput
from indicators.validation import baseline_years
from reporting.models import Submission


def accepted_results(source: Kpi, framework: Framework) -> dict[int, Decimal]:
    """{fiscal year: accepted 12-month result} of `source` and its predecessors, for the
    baseline years of a sheet in `framework` (one query plus one per year of the chain)."""
    years = baseline_years(framework)
    key_of_year = {
        kpi.framework.fiscal_year: kpi.key for kpi in [source, *predecessor_chain(source)]
    }
    rows = Submission.objects.filter(
        kpi_key__in=[key_of_year[y] for y in years if y in key_of_year],
        state=Submission.State.ACCEPTED,
        round__months__gte=12,
        result__isnull=False,
    ).values_list("round__framework__fiscal_year", "kpi_key", "result")
    return {
        year: result
        for year, key, result in rows
        if key_of_year.get(year) == key and result is not None
    }


def result_baseline(year: int, value: Decimal) -> BaselineInput:
    return BaselineInput(year, value, _("ผลรอบ 12 เดือนที่ตรวจรับแล้ว"))


def baselines_from_results(source: Kpi, framework: Framework) -> list[BaselineInput]:
    """The baselines of a new sheet in `framework` continuing `source`: a year's accepted
    12-month result where there is one, else what `source`'s own sheet holds for that year."""
    results = accepted_results(source, framework)
    stored = {b.fiscal_year: b for b in source.baselines.all()}
    baselines: list[BaselineInput] = []
    for year in baseline_years(framework):
        if year in results:
            baselines.append(result_baseline(year, results[year]))
        elif year in stored:
            baselines.append(BaselineInput(year, stored[year].value, stored[year].note))
    return baselines
