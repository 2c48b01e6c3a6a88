"""Bulk results import through the API (issue 8 item 4): the results file, a good import, the
error report (every bad row, nothing imported), 409 on a stale file, scopes and visibility."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from api.models import ApiToken
from reporting import services
from reporting.models import Submission
from reporting.tests.factories import make_framework, make_kpi, make_round


@pytest.fixture
def round_(org, coordinator, owner):
    framework = make_framework(org.department)
    make_kpi(framework, "1", unit=org.eia)
    make_kpi(framework, "2", unit=org.quality)
    round_ = make_round(framework)
    services.round_open(coordinator, round_)
    return round_


def _csv(text: str) -> io.BytesIO:
    file = io.BytesIO(text.encode("utf-8-sig"))
    file.name = "results.csv"
    return file


def _import(client: Client, round_id: int, text: str, headers, **extra):
    return client.post(
        f"/api/v1/rounds/{round_id}/results-import", {"file": _csv(text), **extra}, **headers
    )


def test_the_owner_imports_a_file_and_the_results_are_computed(round_, owner, bearer):
    headers = bearer(owner, ApiToken.Scope.READ_WRITE)

    response = _import(Client(), round_.pk, "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n1,a,45\n1,b,50\n", headers)

    assert response.status_code == 200, response.content
    submission = Submission.objects.get(round=round_, kpi__number="1")
    assert response.json() == {
        "rows": 2,
        "dry_run": False,
        "changed": [submission.pk],
        "unchanged": 0,
    }
    assert str(submission.result) == "90.0000"


def test_every_bad_row_comes_back_in_detail_and_nothing_is_saved(round_, owner, bearer):
    headers = bearer(owner, ApiToken.Scope.READ_WRITE)
    text = "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n1,a,45\n7,a,1\n1,b,abc\n2,a,3\n"

    response = _import(Client(), round_.pk, text, headers)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["message_th"].startswith("พบข้อผิดพลาด 3 รายการ")
    assert [item["loc"] for item in body["detail"]] == [
        ["file", 3, "ตัวชี้วัดที่"],
        ["file", 4, "ค่า"],
        ["file", 5, "ตัวชี้วัดที่"],
    ]
    assert Submission.objects.get(round=round_, kpi__number="1").values == {}


def test_a_file_older_than_the_report_answers_409(round_, owner, bearer):
    headers = bearer(owner, ApiToken.Scope.READ_WRITE)
    client = Client()
    downloaded = client.get(f"/api/v1/rounds/{round_.pk}/results-file?format=csv", **headers)
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"].startswith("text/csv")
    rows = downloaded.content.decode("utf-8-sig").splitlines()
    assert rows[1].split(",")[:3] == ["1", "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ 1", "a"]
    assert rows[1].split(",")[-1] == "0"  # the report's version
    _import(client, round_.pk, "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n1,a,1\n", headers)

    stale = "\n".join([rows[0], rows[1].replace(",,", ",45,", 1)]) + "\n"
    response = _import(client, round_.pk, stale, headers)

    assert response.status_code == 409
    assert response.json()["code"] == "stale_revision"
    assert response.json()["detail"][0]["loc"] == ["file", 2, "รุ่นรายงาน (ห้ามแก้ไข)"]


def test_dry_run_saves_nothing(round_, owner, bearer):
    headers = bearer(owner, ApiToken.Scope.READ_WRITE)

    response = _import(
        Client(), round_.pk, "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n1,a,45\n", headers, dry_run="true"
    )

    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert Submission.objects.get(round=round_, kpi__number="1").version == 0


def test_the_xlsx_file_lists_what_the_caller_sees(round_, coordinator, bearer):
    response = Client().get(f"/api/v1/rounds/{round_.pk}/results-file", **bearer(coordinator))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [(r[0], r[2]) for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("1", "a"),
        ("1", "b"),
        ("2", "a"),
        ("2", "b"),
    ]


@pytest.mark.parametrize(
    ("persona", "scope", "status", "code"),
    [
        ("owner", ApiToken.Scope.READ, 403, "token_read_only"),
        ("coordinator", ApiToken.Scope.READ_WRITE, 403, "forbidden"),  # reports no KPI
        ("outsider", ApiToken.Scope.READ_WRITE, 404, "not_found"),
    ],
)
def test_who_may_not_import(round_, bearer, request, persona, scope, status, code):
    user = request.getfixturevalue(persona)

    response = _import(
        Client(), round_.pk, "ตัวชี้วัดที่,รหัสรายการข้อมูล,ค่า\n1,a,45\n", bearer(user, scope)
    )

    assert response.status_code == status
    assert response.json()["code"] == code
    assert Submission.objects.get(round=round_, kpi__number="1").version == 0


def test_anonymous_gets_401(round_):
    response = Client().get(f"/api/v1/rounds/{round_.pk}/results-file")
    assert response.status_code == 401


def test_a_hostile_workbook_is_refused_with_a_thai_message_at_once(round_, owner, bearer):
    import time

    from core.tests.hostile_files import million_cells

    file = io.BytesIO(million_cells("ผลการดำเนินงาน"))
    file.name = "results.xlsx"
    started = time.perf_counter()

    response = Client().post(
        f"/api/v1/rounds/{round_.pk}/results-import",
        {"file": file},
        **bearer(owner, ApiToken.Scope.READ_WRITE),
    )

    assert time.perf_counter() - started < 2
    assert response.status_code == 422
    assert "เมื่อแตกออกมีขนาดใหญ่ผิดปกติ" in response.json()["message_th"]
