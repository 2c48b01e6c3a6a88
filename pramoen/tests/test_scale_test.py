"""The pure helpers of `make scale-test` (scripts/scale_test.py); the run itself is by hand."""

from __future__ import annotations

import pytest

from scripts.scale_test import csrf_token, pdf_bytes, percentile, summary_line


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]  # 1 … 100
    assert percentile(values, 95) == 95.0
    assert percentile(values, 50) == 50.0
    assert percentile(values, 100) == 100.0
    assert percentile(values, 0) == 1.0


def test_percentile_of_few_and_unsorted_values() -> None:
    assert percentile([0.3, 0.1, 0.2], 95) == 0.3
    assert percentile([0.25], 95) == 0.25
    assert percentile([], 95) == 0.0


@pytest.mark.parametrize(
    ("requests", "errors", "latencies", "line"),
    [
        (3, 0, [0.010, 0.020, 0.1234], "scale-test: 3 requests, 0 errors, p95 123 ms"),
        (0, 1, [], "scale-test: 0 requests, 1 errors, p95 0 ms"),
    ],
)
def test_summary_line(requests: int, errors: int, latencies: list[float], line: str) -> None:
    assert summary_line(requests, errors, latencies) == line


def test_csrf_token_from_a_form() -> None:
    html = '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form>'
    assert csrf_token(html) == "abc123"
    assert csrf_token("<p>no form</p>") == ""


def test_each_upload_is_a_distinct_pdf() -> None:
    one, two = pdf_bytes("a1"), pdf_bytes("b2")
    assert one.startswith(b"%PDF-1.4\n") and one.rstrip().endswith(b"%%EOF")
    assert one != two
