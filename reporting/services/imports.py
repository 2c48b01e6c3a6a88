"""Bulk results for a round from an XLSX or CSV file (issue 8 item 4), and the file to fill in.

The file is validated as a whole: every bad row is reported with its row number, column and a
Thai message, and nothing is imported when any row is bad. Rows are then saved through
`submission_save` (the submission page's service: the reporter's permission, the open round,
the computed result and score, compare-and-swap, audit) inside one transaction, so a refusal
found only there (or a report changed meanwhile) also rolls everything back.

Rules of a row:
- `ตัวชี้วัดที่` names a KPI of the round; the caller must report it (owner of its unit or a
  listed data collector — domain §8) and the report must be editable (open round; draft or
  returned), unless the row changes nothing (a downloaded file with other KPIs' rows imports);
- `รหัสรายการข้อมูล` is a data item of the KPI version the round reports; empty means the
  result itself, for a KPI whose result is typed (no formula);
- `ประเด็นการประเมินที่`, when filled, is the order of one of that version's assessment points
  (issue 17 item 2): the row's `ค่า` is the point's result and `คำอธิบายผลรายประเด็น` its short
  narrative (kept as stored when the file has no such column); the item cell stays empty;
- `ค่า` is a number (Thai digits and thousands separators accepted); an empty cell clears it;
- `รุ่นรายงาน`, when filled (the downloaded file fills it), must equal the report's version:
  someone saved the report after the download → "stale" (the API answers 409).
A KPI left out of the file, and data items left out of a KPI's rows, keep what is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import Person
from core.audit import audit_log
from core.decimals import quantity_problem
from frameworks.models import ReportingRound
from indicators.criteria import scored_by_points
from indicators.selectors import kpi_sort_key
from reporting import calc, permissions
from reporting.models import Submission
from reporting.results_io import (
    FileProblem,
    FileRefused,
    FileRow,
    Line,
    cell_number,
    header_of,
    read_rows,
)
from reporting.selectors import submissions_visible_to
from reporting.services.submissions import (
    POINT_NARRATIVE_MAX,
    ActivityInput,
    PointResultInput,
    SubmissionConflictError,
    SubmissionInput,
    submission_save,
)

RESULT_ITEM = ""  # the item cell of a typed result


@dataclass
class ImportOutcome:
    problems: list[FileProblem] = field(default_factory=list)
    rows: int = 0  # rows read
    changed: list[Submission] = field(default_factory=list)  # reports saved
    unchanged: int = 0  # rows equal to what is stored
    stale: bool = False  # some report changed since the file was downloaded
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Planned:
    submission: Submission
    first_row: int
    values: dict[str, Decimal | None] = field(default_factory=dict)
    direct: tuple[bool, Decimal | None] = (False, None)
    points: dict[int, PointResultInput] = field(default_factory=dict)


def _round_submissions(round_: ReportingRound) -> list[Submission]:
    return list(
        Submission.objects.filter(round=round_)
        .select_related(
            "round__framework__department",
            "round__reporting_state",
            "kpi__component",
            "kpi__responsible_unit",
            "kpi__overseer",
        )
        .prefetch_related(
            "kpi__data_items",
            "kpi__assessment_points",
            Prefetch("kpi__collectors", queryset=Person.objects.select_related("user")),
            "activities",
        )
    )


def file_submissions(user: AbstractBaseUser, round_: ReportingRound) -> list[Submission]:
    """The round's reports the user may see (the rows of the file to download), in KPI order."""
    visible = set(submissions_visible_to(user).filter(round=round_).values_list("pk", flat=True))
    rows = [s for s in _round_submissions(round_) if s.pk in visible]
    rows.sort(key=lambda s: kpi_sort_key(s.kpi))
    return rows


def can_import(actor: AbstractBaseUser, round_: ReportingRound) -> bool:
    return any(permissions.can_edit(actor, s) for s in _round_submissions(round_))


def template_lines(submissions: Sequence[Submission]) -> list[Line]:
    """One line per data item (and one for a typed result) with what is stored now."""
    lines: list[Line] = []
    for s in submissions:
        kpi = s.kpi
        state = s.get_state_display()
        for item in kpi.data_items.all():
            value = s.value_of(item.code)
            lines.append(
                [
                    *(kpi.number, kpi.name_th, item.code, item.name_th, item.unit),
                    *(value, None, None, state, s.version),
                ]
            )
        if not calc.uses_formula(kpi) and not scored_by_points(kpi):
            lines.append(
                [
                    kpi.number,
                    kpi.name_th,
                    RESULT_ITEM,
                    _("ผลการดำเนินงาน (กรอกโดยตรง)"),
                    kpi.unit,
                    s.result,
                    None,
                    None,
                    state,
                    s.version,
                ]
            )
        for point in s.point_rows():
            lines.append(
                [
                    *(kpi.number, kpi.name_th, RESULT_ITEM, point.name, point.unit),
                    *(point.result, point.order, point.narrative, state, s.version),
                ]
            )
    return lines


class _Check:
    def __init__(self, actor: AbstractBaseUser, submissions: list[Submission]) -> None:
        self.actor = actor
        self.by_number = {s.kpi.number.strip(): s for s in submissions}
        self.problems: list[FileProblem] = []
        self.stale = False
        self.unchanged = 0
        self.seen: dict[tuple[int, str], int] = {}
        self.planned: dict[int, _Planned] = {}

    def fail(self, row: FileRow, key: str, message: str) -> None:
        self.problems.append(FileProblem(row.number, header_of(key) if key else "", message))

    def row(self, row: FileRow) -> None:
        number = row.text("kpi")
        if not number:
            self.fail(row, "kpi", _("กรุณาระบุตัวชี้วัดที่"))
            return
        submission = self.by_number.get(number)
        if submission is None:
            self.fail(row, "kpi", _("ไม่พบตัวชี้วัดที่ “%(number)s” ในรอบการรายงานนี้") % {"number": number})
            return
        if row.text("point"):
            self._point(row, submission)
            return
        code = self._item(row, submission)
        value = cell_number(row.cells.get("value"))
        if isinstance(value, str):
            self.fail(row, "value", value)
        elif value is not None and (problem := quantity_problem(value)) is not None:
            self.fail(row, "value", problem)
        if code is None or isinstance(value, str):
            return
        key = (submission.pk, code)
        if key in self.seen:
            self.fail(
                row,
                "item",
                _("ซ้ำกับแถวที่ %(row)s (ตัวชี้วัดและรายการข้อมูลเดียวกัน)") % {"row": self.seen[key]},
            )
            return
        self.seen[key] = row.number
        stored = submission.result if code == RESULT_ITEM else submission.value_of(code)
        if stored == value:
            self.unchanged += 1
            return
        if not self._writable(row, submission):
            return
        planned = self.planned.setdefault(submission.pk, _Planned(submission, row.number))
        if code == RESULT_ITEM:
            planned.direct = (True, value)
        else:
            planned.values[code] = value

    def _point(self, row: FileRow, submission: Submission) -> None:
        """A row of one assessment point's result and narrative (issue 17 item 2)."""
        kpi = submission.kpi
        orders = sorted(point.order for point in kpi.assessment_points.all())
        text = row.text("point")
        order = int(text) if text.isdigit() else None
        if order not in orders:
            known = ", ".join(str(o) for o in orders) or _("ไม่มี")
            self.fail(
                row,
                "point",
                _("ตัวชี้วัดที่ %(number)s ไม่มีประเด็นการประเมินที่ “%(point)s” (มี: %(known)s)")
                % {"number": kpi.number, "point": text, "known": known},
            )
        if row.text("item"):
            self.fail(row, "item", _("แถวของประเด็นการประเมินต้องเว้นรหัสรายการข้อมูลว่าง"))
        value = cell_number(row.cells.get("value"))
        refused = isinstance(value, str)
        if isinstance(value, str):
            self.fail(row, "value", value)
        elif value is not None and (problem := quantity_problem(value)) is not None:
            self.fail(row, "value", problem)
            refused = True
        stored_narrative = submission.point_narrative(order) if order is not None else ""
        narrative = stored_narrative
        if "narrative" in row.cells:
            narrative = str(row.cells["narrative"] or "").strip()
        if len(narrative) > POINT_NARRATIVE_MAX:
            self.fail(
                row,
                "narrative",
                _("คำอธิบายผลรายประเด็นยาวเกิน %(max)s ตัวอักษร") % {"max": POINT_NARRATIVE_MAX},
            )
            refused = True
        if order not in orders or isinstance(value, str) or row.text("item") or refused:
            return
        assert order is not None
        key = (submission.pk, f"point:{order}")
        if key in self.seen:
            self.fail(
                row,
                "point",
                _("ซ้ำกับแถวที่ %(row)s (ตัวชี้วัดและประเด็นการประเมินเดียวกัน)") % {"row": self.seen[key]},
            )
            return
        self.seen[key] = row.number
        if (submission.point_result(order), stored_narrative) == (value, narrative):
            self.unchanged += 1
            return
        if not self._writable(row, submission):
            return
        planned = self.planned.setdefault(submission.pk, _Planned(submission, row.number))
        planned.points[order] = PointResultInput(value, narrative)

    def _item(self, row: FileRow, submission: Submission) -> str | None:
        kpi = submission.kpi
        code = row.text("item")
        codes = [item.code for item in kpi.data_items.all()]
        if code == RESULT_ITEM:
            if calc.uses_formula(kpi):
                self.fail(
                    row,
                    "item",
                    _("ตัวชี้วัดที่ %(number)s คำนวณผลจากสูตร กรุณาระบุรหัสรายการข้อมูล (%(codes)s)")
                    % {"number": kpi.number, "codes": ", ".join(codes)},
                )
                return None
            return RESULT_ITEM
        if code not in codes:
            known = ", ".join(codes) if codes else _("ไม่มี — เว้นว่างเพื่อกรอกผลโดยตรง")
            self.fail(
                row,
                "item",
                _("ตัวชี้วัดที่ %(number)s ไม่มีรายการข้อมูลรหัส “%(code)s” (มี: %(codes)s)")
                % {"number": kpi.number, "code": code, "codes": known},
            )
            return None
        return code

    def _writable(self, row: FileRow, submission: Submission) -> bool:
        number = submission.kpi.number
        if not permissions.can_report(self.actor, submission):
            self.fail(
                row,
                "kpi",
                _("คุณไม่ใช่ผู้รับผิดชอบหรือผู้จัดเก็บข้อมูลของตัวชี้วัดที่ %(number)s") % {"number": number},
            )
            return False
        refusal = permissions.edit_refusal(submission)
        if refusal:
            self.fail(
                row, "kpi", _("ตัวชี้วัดที่ %(number)s: %(why)s") % {"number": number, "why": refusal}
            )
            return False
        version = row.text("version")
        if version and version != str(submission.version):
            self.stale = True
            self.fail(
                row,
                "version",
                _(
                    "รายงานตัวชี้วัดที่ %(number)s ถูกบันทึกหลังจากที่ดาวน์โหลดไฟล์นี้ "
                    "กรุณาดาวน์โหลดไฟล์ใหม่แล้วกรอกอีกครั้ง"
                )
                % {"number": number},
            )
            return False
        return True


def _input(planned: _Planned) -> SubmissionInput:
    submission = planned.submission
    values: dict[str, Decimal | None] = {
        item.code: submission.value_of(item.code) for item in submission.kpi.data_items.all()
    }
    values.update(planned.values)
    given, direct = planned.direct
    points = None  # kept as stored
    if planned.points:
        points = {
            p.order: PointResultInput(
                submission.point_result(p.order), submission.point_narrative(p.order)
            )
            for p in submission.kpi.assessment_points.all()
        }
        points.update(planned.points)
    return SubmissionInput(
        points=points,
        values=values,
        direct_result=direct if given else submission.result,
        activities=[ActivityInput(a.title, a.detail) for a in submission.activities.all()],
        supporting_factors=submission.supporting_factors,
        obstacles=submission.obstacles,
        suggestions=submission.suggestions,
    )


def _service_problems(error: ValidationError, planned: _Planned) -> list[FileProblem]:
    number = planned.submission.kpi.number
    return [
        FileProblem(
            planned.first_row,
            "",
            _("ตัวชี้วัดที่ %(number)s: %(why)s") % {"number": number, "why": message},
        )
        for message in error.messages
    ]


def results_import(
    actor: AbstractBaseUser,
    round_: ReportingRound,
    file: IO[bytes],
    *,
    filename: str = "",
    dry_run: bool = False,
) -> ImportOutcome:
    """Import a results file into the round's reports, or nothing at all (see the module doc).
    With `dry_run` everything is checked, the service's checks included, and rolled back."""
    submissions = _round_submissions(round_)
    if not any(permissions.can_report(actor, s) for s in submissions):
        raise PermissionDenied(_("คุณไม่มีตัวชี้วัดที่ต้องรายงานผลในรอบนี้ จึงนำเข้าผลไม่ได้"))
    try:
        rows = read_rows(file, filename)
    except FileRefused as refused:
        return ImportOutcome(problems=refused.problems, dry_run=dry_run)
    check = _Check(actor, submissions)
    for row in rows:
        check.row(row)
    outcome = ImportOutcome(
        problems=check.problems,
        rows=len(rows),
        unchanged=check.unchanged,
        stale=check.stale,
        dry_run=dry_run,
    )
    if outcome.problems:
        return outcome
    planned = sorted(check.planned.values(), key=lambda p: p.first_row)
    with transaction.atomic():
        for plan in planned:
            try:
                saved = submission_save(
                    actor, plan.submission, _input(plan), expected_version=plan.submission.version
                )
            except SubmissionConflictError:
                outcome.stale = True
                outcome.problems.append(
                    FileProblem(
                        plan.first_row,
                        "",
                        _("รายงานตัวชี้วัดที่ %(number)s ถูกบันทึกโดยผู้อื่นระหว่างนำเข้า กรุณาลองอีกครั้ง")
                        % {"number": plan.submission.kpi.number},
                    )
                )
                continue
            except ValidationError as error:
                outcome.problems.extend(_service_problems(error, plan))
                continue
            outcome.changed.append(saved)
        if outcome.problems or dry_run:
            transaction.set_rollback(True)
            if outcome.problems:
                outcome.changed = []
            return outcome
        audit_log(
            actor,
            "reporting.results.imported",
            round_,
            {
                "filename": filename[:200],
                "rows": outcome.rows,
                "unchanged": outcome.unchanged,
                "submissions": [s.pk for s in outcome.changed],
                "kpis": [s.kpi.number for s in outcome.changed],
            },
        )
    return outcome
