"""The scoring calculator API: domain §6 examples, 422 bodies per field, OpenAPI, and equality
with the pure engine (hypothesis)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from api.scoring import text4
from frameworks import scoring

URL = "/api/v1/scoring/preview"
D = Decimal

LEVELS_80_90_100 = [
    {"target": "80", "score": "50"},
    {"target": "90", "score": "75"},
    {"target": "100", "score": "100"},
]
LEVELS_LOWER_75_60_45 = [
    {"target": "75", "score": "50"},
    {"target": "60", "score": "75"},
    {"target": "45", "score": "100"},
]
FIVE_LEVELS = [{"target": str(50 + 10 * n), "score": str(n)} for n in range(1, 6)]


def post(body: dict[str, Any], client: Client | None = None) -> Any:
    client = client or Client(enforce_csrf_checks=True)
    return client.post(URL, json.dumps(body), content_type="application/json")


def errors_by_loc(response: Any) -> dict[tuple[Any, ...], str]:
    assert response.status_code == 422, response.content
    return {tuple(error["loc"]): error["msg"] for error in response.json()["detail"]}


def loc(*parts: Any) -> tuple[Any, ...]:
    return ("body", "payload", *parts)


# --- domain §6 examples ---------------------------------------------------------------------------


def test_three_level_example_scores_and_answers_what_if_without_login_or_csrf_token():
    response = post(
        {"method": "three_level", "levels": LEVELS_80_90_100, "result": "95", "want_score": "75"}
    )

    assert response.status_code == 200
    assert response.json() == {
        "score": "87.5000",
        "needed_result": "90.0000",
        "needed_status": "reachable",
    }


def test_lower_is_better_example_scores_52_days_as_88_3333():
    response = post(
        {
            "method": "three_level",
            "direction": "lower",
            "levels": LEVELS_LOWER_75_60_45,
            "result": "52",
        }
    )

    assert response.json() == {"score": "88.3333", "needed_result": None, "needed_status": None}


def test_lower_is_better_what_if_gives_the_largest_result_that_still_earns_the_score():
    body = {"method": "three_level", "direction": "lower", "levels": LEVELS_LOWER_75_60_45}

    assert post({**body, "want_score": "75"}).json()["needed_result"] == "60.0000"


def test_step_mode_gives_the_lower_levels_score():
    body = {"method": "three_level", "interpolate": False, "levels": LEVELS_80_90_100}

    assert post({**body, "result": "95"}).json()["score"] == "75.0000"


def test_decimal_strings_are_parsed_exactly_not_as_floats():
    levels = [{"target": "0.1", "score": "50"}, {"target": "0.3", "score": "100"}]
    response = post({"method": "three_level", "levels": levels, "result": "0.2"})

    # As floats 0.2 - 0.1 != 0.1, which would give 74.9999… or 75.0000…1.
    assert response.json()["score"] == "75.0000"


def test_what_if_above_the_top_score_is_unreachable_and_below_the_floor_needs_nothing():
    body = {"method": "three_level", "levels": LEVELS_80_90_100}

    assert post({**body, "want_score": "101"}).json() == {
        "score": None,
        "needed_result": None,
        "needed_status": "unreachable",
    }
    assert post({**body, "want_score": "0"}).json()["needed_status"] == "any"


# --- other methods ----------------------------------------------------------------------------


def test_five_level_scale_interpolates_and_caps_at_5():
    body = {"method": "five_level", "levels": FIVE_LEVELS}

    assert post({**body, "result": "75"}).json()["score"] == "2.5000"
    assert post({**body, "result": "120"}).json()["score"] == "5.0000"
    # 89.9995 scores 3.99995, which rounds half-up to 4.0000 (the engine's exact inverse).
    assert post({**body, "want_score": "4"}).json()["needed_result"] == "89.9995"


def test_milestone_scores_the_highest_step_reached():
    levels = [{"score": str(n)} for n in range(1, 6)]
    body = {"method": "milestone", "levels": levels}

    assert post({**body, "result": "3", "want_score": "4"}).json() == {
        "score": "3.0000",
        "needed_result": "4.0000",
        "needed_status": "reachable",
    }
    assert post({**body, "result": "0"}).json()["score"] == "0.0000"


def test_milestone_accepts_step_numbers_as_targets():
    levels = [{"target": str(n), "score": str(20 * n)} for n in range(1, 6)]

    assert post({"method": "milestone", "levels": levels, "result": "5"}).json()["score"] == (
        "100.0000"
    )


@pytest.mark.parametrize(
    ("direction", "result", "expected"),
    [
        ("higher", "80", "100.0000"),
        ("higher", "79.9999", "0.0000"),
        ("lower", "30", "100.0000"),
        ("lower", "80.0001", "0.0000"),
    ],
)
def test_pass_fail_compares_the_result_with_the_pass_mark(direction, result, expected):
    body = {
        "method": "pass_fail",
        "direction": direction,
        "levels": [{"target": "80", "score": "100"}],
        "result": result,
        "want_score": "100",
    }

    response = post(body).json()

    assert response["score"] == expected
    assert response["needed_result"] == "80.0000"


# --- 422: one message per field ---------------------------------------------------------------


def test_targets_not_rising_are_reported_on_the_level_that_breaks_the_order():
    levels = [dict(level) for level in LEVELS_80_90_100]
    levels[1]["target"] = "70"

    errors = errors_by_loc(post({"method": "three_level", "levels": levels}))

    assert errors == {loc("levels", 1, "target"): "ค่าเป้าหมายต้องเรียงจากน้อยไปมาก"}


def test_scores_not_rising_are_reported_on_the_level_score():
    levels = [dict(level) for level in LEVELS_80_90_100]
    levels[2]["score"] = "60"

    errors = errors_by_loc(post({"method": "three_level", "levels": levels}))

    assert errors[loc("levels", 2, "score")] == "คะแนนต้องเรียงจากน้อยไปมาก"


def test_lower_is_better_targets_must_fall():
    errors = errors_by_loc(
        post({"method": "three_level", "direction": "lower", "levels": LEVELS_80_90_100})
    )

    assert errors[loc("levels", 1, "target")] == "ค่าเป้าหมายต้องเรียงจากมากไปน้อย (ยิ่งน้อยยิ่งดี)"


def test_five_level_needs_exactly_five_levels():
    errors = errors_by_loc(post({"method": "five_level", "levels": FIVE_LEVELS[:4]}))

    assert errors == {loc("levels"): "ต้องมี 5 ระดับพอดี"}


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", "-inf", "1,000", "1_0", "", "1e999"])
def test_non_numbers_are_reported_on_their_field(bad):
    levels = [dict(level) for level in LEVELS_80_90_100]
    levels[0]["score"] = bad
    body = {"method": "three_level", "levels": levels, "result": bad, "floor": bad}

    errors = errors_by_loc(post(body))

    assert set(errors) == {loc("levels", 0, "score"), loc("result"), loc("floor")}
    assert errors[loc("result")] in {"ต้องเป็นตัวเลข", "ค่าต้องอยู่ระหว่าง -10¹⁵ ถึง 10¹⁵"}


def test_unknown_method_and_direction_are_named():
    errors = errors_by_loc(post({"method": "composite", "direction": "up", "levels": []}))

    assert "three_level" in errors[loc("method")]
    assert errors[loc("direction")] == "ทิศทางต้องเป็น higher หรือ lower"


def test_missing_fields_and_json_numbers_get_thai_messages_in_the_same_shape():
    response = post({"levels": [{"target": 80, "score": "50"}], "interpolate": "maybe"})
    errors = errors_by_loc(response)

    assert errors[loc("method")] == "ต้องระบุ"
    assert errors[loc("levels", 0, "target")].startswith("ต้องเป็นข้อความ")
    assert errors[loc("interpolate")] == "ต้องเป็น true หรือ false"
    assert all(set(error) == {"type", "loc", "msg"} for error in response.json()["detail"])


def test_floor_at_or_above_the_first_score_is_rejected():
    body = {"method": "three_level", "levels": LEVELS_80_90_100, "floor": "50"}

    assert errors_by_loc(post(body)) == {loc("floor"): "คะแนนขั้นต่ำต้องน้อยกว่าคะแนนของระดับแรก"}


def test_pass_fail_needs_exactly_one_level_with_a_pass_mark():
    errors = errors_by_loc(
        post({"method": "pass_fail", "levels": [{"score": "100"}, {"target": "1", "score": "1"}]})
    )

    assert loc("levels") in errors
    assert errors[loc("levels", 0, "target")] == "ต้องระบุค่าเป้าหมาย"


def test_milestone_rejects_targets_that_are_not_step_numbers_and_partial_steps():
    levels = [{"target": "1", "score": "50"}, {"target": "3", "score": "100"}]

    errors = errors_by_loc(post({"method": "milestone", "levels": levels, "result": "1.5"}))

    assert errors[loc("levels", 1, "target")] == "ขั้นที่ 2 ต้องมีค่าเป้าหมายเป็น 2"


def test_milestone_result_must_be_a_whole_number_of_steps():
    levels = [{"score": "50"}, {"score": "100"}]

    errors = errors_by_loc(post({"method": "milestone", "levels": levels, "result": "1.5"}))

    assert errors == {loc("result"): "จำนวนขั้นที่ทำได้ต้องเป็นจำนวนเต็มไม่ติดลบ"}


def test_too_many_levels_are_rejected():
    levels = [{"target": str(n), "score": str(n)} for n in range(1, 30)]

    assert loc("levels") in errors_by_loc(post({"method": "three_level", "levels": levels}))


# --- OpenAPI and docs -------------------------------------------------------------------------


def test_openapi_lists_the_endpoint_with_request_and_response_schemas():
    document = Client().get("/api/v1/openapi.json").json()

    operation = document["paths"]["/api/v1/scoring/preview"]["post"]
    assert "requestBody" in operation
    assert {"200", "422"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    assert {"PreviewIn", "PreviewOut", "ErrorOut"} <= set(schemas)
    assert schemas["PreviewIn"]["properties"]["method"]["enum"] == [
        "three_level",
        "five_level",
        "milestone",
        "pass_fail",
    ]


def test_interactive_docs_are_served_from_our_own_static_files_not_a_cdn():
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200 and "cdn" not in response.content.decode().lower()


# --- the API is the engine --------------------------------------------------------------------

API_METHODS = {
    "three_level": scoring.Method.LEVELS,
    "five_level": scoring.Method.SCALE5,
    "milestone": scoring.Method.MILESTONE,
}
numbers = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@st.composite
def criteria_bodies(draw: st.DrawFn) -> tuple[dict[str, Any], scoring.Criteria]:
    name = draw(st.sampled_from([*API_METHODS, "pass_fail"]))
    direction = draw(st.sampled_from(["higher", "lower"]))
    count = {"five_level": 5, "pass_fail": 1}.get(name) or draw(st.integers(2, 6))
    scores = sorted(draw(st.sets(st.decimals(1, 100, places=2), min_size=count, max_size=count)))
    targets = sorted(draw(st.sets(numbers, min_size=count, max_size=count)))
    if direction == "lower":
        targets.reverse()
    if name == "milestone":
        targets = [D(n) for n in range(1, count + 1)]
    floor = draw(st.decimals(0, scores[0] - D("0.01"), places=2))
    interpolate = draw(st.booleans())
    body = {
        "method": name,
        "direction": direction,
        "interpolate": interpolate,
        "floor": str(floor),
        "levels": [
            {"target": str(t), "score": str(s)} for t, s in zip(targets, scores, strict=True)
        ],
    }
    method = API_METHODS.get(name, scoring.Method.PASS_FAIL)
    levels = tuple(scoring.Level(t, s) for t, s in zip(targets, scores, strict=True))
    return body, scoring.Criteria(
        method, levels, scoring.Direction(direction), interpolate=interpolate, floor=floor
    )


@settings(max_examples=150, deadline=None)
@given(case=criteria_bodies(), result=numbers, want=st.decimals(0, 110, places=3))
def test_api_answers_equal_the_scoring_engine(case, result, want):
    body, criteria = case
    if criteria.method is scoring.Method.MILESTONE:
        result = abs(result).to_integral_value() % (len(criteria.levels) + 2)

    response = post({**body, "result": str(result), "want_score": str(want)})

    assert response.status_code == 200, response.content
    answer = response.json()
    if criteria.method is scoring.Method.PASS_FAIL:
        mark = criteria.levels[0].target
        passed = result <= mark if criteria.direction is scoring.Direction.LOWER else result >= mark
        expected_score = scoring.score(criteria, 1 if passed else 0)
        engine_needed = scoring.needed_result(criteria, want)
        expected_needed = mark if engine_needed is not None else None
    else:
        expected_score = scoring.score(criteria, result)
        expected_needed = scoring.needed_result(criteria, want)
    assert answer["score"] == text4(expected_score)
    assert answer["needed_result"] == text4(expected_needed)
