from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agreements.terms import _dec, diff_snapshots, diff_terms, validate_terms

BASE: dict[str, Any] = {
    "key": "k1", "number": "1", "name_th": "ตัวชี้วัด", "component": "performance",
    "component_name": "Performance Base", "weight": "20", "method": "levels",
    "direction": "higher",
    "levels": [{"label": "ขั้นต้น", "target": "80", "score": "50"},
               {"label": "มาตรฐาน", "target": "90", "score": "70"},
               {"label": "ขั้นสูง", "target": "100", "score": "100"}],
}  # fmt: skip


def test_decimals_are_stored_without_exponent():
    assert _dec(Decimal("80.0000")) == "80"
    assert _dec(Decimal("12.5000")) == "12.5"
    assert _dec(Decimal("0.0000")) == "0"


@given(st.decimals(min_value=0, max_value=99999, places=4, allow_nan=False))
def test_stored_decimal_reads_back_equal(value):
    text = _dec(value)
    assert text is not None
    assert "E" not in text
    assert Decimal(text) == value


def test_same_value_written_differently_is_unchanged():
    assert diff_terms(BASE, {**BASE, "weight": "20.0000"}).status == "unchanged"


def test_changed_target_is_reported_field_by_field():
    after = {**BASE, "levels": [{**BASE["levels"][0], "target": "85"}, *BASE["levels"][1:]]}
    diff = diff_terms(BASE, after)
    assert diff.status == "changed"
    assert [c.field for c in diff.changes] == ["levels"]
    assert "85.00" in diff.changes[0].after and "80.00" in diff.changes[0].before


def test_added_and_dropped_kpis_by_key():
    before = {"kpis": [BASE]}
    after = {"kpis": [{**BASE, "key": "k2", "number": "2"}]}
    assert {d.number: d.status for d in diff_snapshots(before, after)} == {
        "2": "added",
        "1": "dropped",
    }


def test_terms_validation_uses_the_scoring_rules_in_thai():
    assert "น้ำหนัก" in validate_terms({**BASE, "weight": "0"})["weight"]
    assert "มากไปน้อย" in validate_terms({**BASE, "direction": "lower"})["levels"]
    assert validate_terms(BASE) == {}
