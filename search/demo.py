"""Demo: the demo's rows are partly written without the services (fixtures of past years), so the
index is rebuilt once everything else is loaded (accounts.management.commands.load_demo)."""

from __future__ import annotations

from accounts.demo import DemoYears
from search.index import reindex_all


def load_demo(agency: str, years: DemoYears | None = None) -> None:
    reindex_all()
