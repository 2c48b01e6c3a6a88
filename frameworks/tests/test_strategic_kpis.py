"""The list of Strategic KPIs (issue 17 item 4): who keeps it, who reads it, and its Excel
import — every bad row reported with its row number, nothing imported from a bad file."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.context_processors import SESSION_FISCAL_YEAR
from conftest import PASSWORD
from core.models import AuditEvent
from frameworks.models import StrategicKpi
from frameworks.selectors import can_maintain_strategic_kpis, can_read_strategic_kpis
from frameworks.strategic_kpis import (
    COLUMNS,
    StrategicKpiImportError,
    strategic_kpi_save,
    strategic_kpis_import,
    strategic_kpis_template_xlsx,
)

YEAR = 2569
GOOD = {
    "code": "NS-2-1",
    "name_th": "ประเทศไทยมีขีดความสามารถในการแข่งขันสูงขึ้น",
    "level": "national",
    "owner": "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
    "first_year": 2566,
    "last_year": 2570,
}


def xlsx(rows, header=COLUMNS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_the_evaluating_bodys_coordinator_and_a_system_admin_keep_the_list(
    opdc_coordinator, admin_user, coordinator, evaluator
):
    assert can_maintain_strategic_kpis(opdc_coordinator, YEAR)
    assert can_maintain_strategic_kpis(admin_user, YEAR)
    assert not can_maintain_strategic_kpis(coordinator, YEAR)  # a department's coordinator
    assert not can_maintain_strategic_kpis(evaluator, YEAR)
    assert not can_maintain_strategic_kpis(opdc_coordinator, YEAR + 5)  # not that year's


def test_everyone_who_sees_a_department_reads_the_list(staff, coordinator, django_user_model):
    assert can_read_strategic_kpis(staff, YEAR)
    assert can_read_strategic_kpis(coordinator, YEAR)
    nobody = django_user_model.objects.create_user("nobody", password=PASSWORD)
    assert not can_read_strategic_kpis(nobody, YEAR)


def test_coordinator_of_the_evaluating_body_adds_and_edits_with_audit(opdc_coordinator):
    item = strategic_kpi_save(opdc_coordinator, YEAR, GOOD)
    strategic_kpi_save(opdc_coordinator, YEAR, {**GOOD, "last_year": None}, instance=item)

    item.refresh_from_db()
    assert item.last_year is None and item.in_force(2580)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "frameworks.strategic_kpi.created" in actions
    assert "frameworks.strategic_kpi.updated" in actions


def test_a_department_coordinator_cannot_add(coordinator):
    with pytest.raises(PermissionDenied):
        strategic_kpi_save(coordinator, YEAR, GOOD)
    assert not StrategicKpi.objects.exists()


def test_save_reports_every_problem(opdc_coordinator):
    strategic_kpi_save(opdc_coordinator, YEAR, GOOD)
    with pytest.raises(ValidationError) as caught:
        strategic_kpi_save(
            opdc_coordinator,
            YEAR,
            {**GOOD, "level": "moon", "owner": "", "first_year": 2570, "last_year": 2569},
        )
    errors = caught.value.message_dict
    assert set(errors) == {"code", "level", "owner", "last_year"}


def test_import_adds_new_codes_and_updates_known_ones(opdc_coordinator):
    strategic_kpi_save(opdc_coordinator, YEAR, GOOD)
    rows = [
        ("NS-2-1", "ชื่อใหม่", "ยุทธศาสตร์ชาติ", GOOD["owner"], 2566, 2570),
        ("MP-18-1", "พื้นที่ป่าไม้เพิ่มขึ้น", "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", "สศช.", 2566, None),
        ("MNRE-1", "ตัวชี้วัดกระทรวง", "ministry", "ทส.", "2567", ""),
    ]

    result = strategic_kpis_import(opdc_coordinator, YEAR, xlsx(rows), filename="skpi.xlsx")

    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert StrategicKpi.objects.get(code="NS-2-1").name_th == "ชื่อใหม่"
    master = StrategicKpi.objects.get(code="MP-18-1")
    assert (master.level, master.first_year, master.last_year) == ("master", 2566, None)
    assert StrategicKpi.objects.get(code="MNRE-1").first_year == 2567
    assert AuditEvent.objects.filter(action="frameworks.strategic_kpi.imported").count() == 1


def test_a_bad_file_imports_nothing_and_names_every_bad_row(opdc_coordinator):
    rows = [
        ("NS-1", "ดี", "ยุทธศาสตร์ชาติ", "สศช.", 2566, None),  # row 2: good
        ("", "ไม่มีรหัส", "ยุทธศาสตร์ชาติ", "สศช.", 2566, None),  # row 3
        ("NS-3", "ระดับผิด", "จักรวาล", "สศช.", 2566, None),  # row 4
        ("NS-4", "ปีผิด", "ยุทธศาสตร์ชาติ", "สศช.", "สองพัน", None),  # row 5
        ("NS-1", "ซ้ำ", "ยุทธศาสตร์ชาติ", "สศช.", 2566, 2560),  # row 6
    ]

    with pytest.raises(StrategicKpiImportError) as caught:
        strategic_kpis_import(opdc_coordinator, YEAR, xlsx(rows))

    problems = {(p.row, p.column) for p in caught.value.problems}
    assert (3, "รหัส") in problems
    assert (4, "ระดับ") in problems
    assert (5, "ปีงบประมาณเริ่มต้น") in problems
    assert (6, "รหัส") in problems and (6, "ปีงบประมาณสิ้นสุด") in problems
    assert 2 not in {p.row for p in caught.value.problems}
    assert "แถวที่ 3" in str(caught.value.messages)
    assert not StrategicKpi.objects.exists()


def test_a_file_without_the_columns_or_not_excel_is_refused(opdc_coordinator):
    with pytest.raises(StrategicKpiImportError) as caught:
        strategic_kpis_import(opdc_coordinator, YEAR, xlsx([("x",)], header=("รหัส",)))
    assert {p.column for p in caught.value.problems} == set(COLUMNS) - {"รหัส"}
    with pytest.raises(StrategicKpiImportError) as caught:
        strategic_kpis_import(opdc_coordinator, YEAR, io.BytesIO(b"code,name\n1,2\n"))
    assert caught.value.problems[0].row == 0


def test_the_template_imports_as_it_is(opdc_coordinator):
    result = strategic_kpis_import(
        opdc_coordinator, YEAR, io.BytesIO(strategic_kpis_template_xlsx())
    )
    assert result.created == 2


def test_import_refuses_a_department_coordinator(coordinator):
    with pytest.raises(PermissionDenied):
        strategic_kpis_import(coordinator, YEAR, xlsx([tuple(GOOD.values())]))


# Pages ---------------------------------------------------------------------------------------


def _client(client, user):
    client.force_login(user)
    session = client.session
    session[SESSION_FISCAL_YEAR] = YEAR
    session.save()
    return client


def test_readers_see_the_list_without_the_import(client, staff, opdc_coordinator):
    strategic_kpi_save(opdc_coordinator, YEAR, GOOD)
    response = _client(client, staff).get(reverse("strategic_kpi_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert GOOD["name_th"] in html and 'id="import-h"' not in html
    assert _client(client, staff).get(reverse("strategic_kpi_new")).status_code == 403
    refused = client.post(
        reverse("strategic_kpi_list"), {"file": SimpleUploadedFile("a.xlsx", b"x")}
    )
    assert refused.status_code == 403


def test_maintainer_imports_on_the_list_page(client, opdc_coordinator):
    upload = SimpleUploadedFile("skpi.xlsx", xlsx([tuple(GOOD.values())]).getvalue())
    response = _client(client, opdc_coordinator).post(
        reverse("strategic_kpi_list"), {"file": upload}
    )
    assert response.status_code == 302
    assert StrategicKpi.objects.filter(code="NS-2-1").exists()


def test_maintainer_sees_bad_rows_on_the_page(client, opdc_coordinator):
    upload = SimpleUploadedFile("skpi.xlsx", xlsx([("", "x", "จักรวาล", "", 2566, None)]).getvalue())
    response = _client(client, opdc_coordinator).post(
        reverse("strategic_kpi_list"), {"file": upload}
    )
    assert response.status_code == 422
    assert "ต้องระบุรหัส" in response.content.decode()
    assert not StrategicKpi.objects.exists()


def test_maintainer_adds_and_edits_on_the_form(client, opdc_coordinator):
    c = _client(client, opdc_coordinator)
    assert c.post(reverse("strategic_kpi_new"), {**GOOD, "last_year": ""}).status_code == 302
    item = StrategicKpi.objects.get(code="NS-2-1")
    url = reverse("strategic_kpi_edit", kwargs={"pk": item.pk})
    assert c.post(url, {**GOOD, "name_th": ""}).status_code == 422
    assert c.post(url, {**GOOD, "owner": "สศช."}).status_code == 302
    item.refresh_from_db()
    assert item.owner == "สศช."
