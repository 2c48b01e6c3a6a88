"""Excel import of the strategy lineage (domain §4) and its downloadable template.

Columns, by header name in the first row: ระดับ (level code or Thai label), รหัส, ชื่อ, รหัสแม่.
The whole file is checked first and every bad row is reported with its row number, column and a
Thai message; nothing is written unless every row is good.

National strategy, master plans and sub-plans are shared by every department: an import creates
the ones that do not exist yet and reuses (never renames) the ones that do, so one department
cannot change another's lineage. Ministry and department strategies belong to the importing
department and are created or updated.

An import may be of one plan tree (issue 17 item 5: the national strategy, the master plans with
their sub-plans, the 13th plan, the policy, the ministry's or the department's strategy, the
SDGs): then every row must be at a level of that tree (a tree of one level may leave ระดับ
empty), and its template lists that tree's levels and examples only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import Department
from core.audit import audit_log
from core.spreadsheets.read import Budget, SpreadsheetRefused, xlsx_table
from core.spreadsheets.write import append, template_sheet, xlsx_bytes
from frameworks.models import (
    LEVELS_OF_TREE,
    ROOT_LEVELS,
    SEPARATE_TREES,
    TREE_OF_LEVEL,
    PlanItem,
    PlanTree,
)
from frameworks.selectors import LEVEL_ORDER, SHARED_LEVELS, plan_items_for
from frameworks.services import Actor, require_manager

LEVEL = "ระดับ"
CODE = "รหัส"
NAME = "ชื่อ"
PARENT = "รหัสแม่"
COLUMNS = (LEVEL, CODE, NAME, PARENT)
MAX_ROWS = 5000
MAX_COLUMNS = 30
TEMPLATE_ROWS = 500  # rows of the template pre-formatted as text
CODE_MAX = PlanItem._meta.get_field("code").max_length or 32
NAME_MAX = PlanItem._meta.get_field("name_th").max_length or 500
SHEET_TITLE = "แผนและยุทธศาสตร์"
LEVEL_SHEET_TITLE = "ระดับ"

# Short names people actually type, besides the level codes and the model's Thai labels.
LEVEL_ALIASES = {
    "แผนแม่บท": PlanItem.Level.MASTER,
    "ยุทธศาสตร์ส่วนราชการ": PlanItem.Level.DEPARTMENT,
    "ยุทธศาสตร์กรม": PlanItem.Level.DEPARTMENT,
    "พันธกิจ": PlanItem.Level.DEPARTMENT,
    "แผนพัฒนาฯ ฉบับที่ 13": PlanItem.Level.NESDP,
    "หมุดหมาย": PlanItem.Level.NESDP,
    "SDG": PlanItem.Level.SDG_GOAL,
    "SDGs": PlanItem.Level.SDG_GOAL,
    "SDG Target": PlanItem.Level.SDG_TARGET,
}


def _level_names() -> dict[str, str]:
    names = {str(value).lower(): str(value) for value in PlanItem.Level.values}
    names.update({str(label): str(value) for value, label in PlanItem.Level.choices})
    names.update({alias: str(level) for alias, level in LEVEL_ALIASES.items()})
    return names


@dataclass(frozen=True)
class RowProblem:
    row: int  # the Excel row number; 0 for a problem with the whole file
    column: str  # a header name, or "" for the whole row or file
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if not self.column:
            return _("แถวที่ %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("แถวที่ %(row)s คอลัมน์ “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class LineageImportError(ValidationError):
    """The file cannot be imported; `problems` lists every bad row."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else -1)
        )
        super().__init__([str(problem) for problem in self.problems])


@dataclass(frozen=True)
class PlanRow:
    row: int
    level: str
    code: str
    name: str
    parent_code: str


@dataclass
class LineageImportResult:
    created: int = 0
    updated: int = 0
    reused: int = 0
    # Shared nodes whose name in the file differs from the stored one (kept as stored).
    kept_names: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    """A cell as text: Excel stores the code 180101 as a number, sometimes as 180101.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_plan_rows(file: IO[bytes], tree: str | None = None) -> list[PlanRow]:
    """Parse the sheet; raise LineageImportError listing every cell-level problem."""
    rows, problems = _parse(file, tree)
    if problems:
        raise LineageImportError(problems)
    return rows


def _level_labels(levels: Iterable[str]) -> str:
    return ", ".join(str(PlanItem.Level(level).label) for level in levels)


def _tree_problem(level: str, given: str, tree: str | None) -> str | None:
    """Why a row's level does not fit the tree the file is imported into; None when it does
    (or when the file is not of one tree)."""
    if tree is None or level in LEVELS_OF_TREE[tree]:
        return None
    levels = _level_labels(LEVELS_OF_TREE[tree])
    if not given:
        return _("ต้องระบุระดับ ใช้ได้: %(choices)s") % {"choices": levels}
    return _("“%(value)s” ไม่ใช่ระดับของ%(tree)s ใช้ได้: %(choices)s") % {
        "value": given,
        "tree": PlanTree(tree).label,
        "choices": levels,
    }


def _parse(file: IO[bytes], tree: str | None = None) -> tuple[list[PlanRow], list[RowProblem]]:
    """The rows and every cell-level problem; a file that cannot be read at all raises.
    `tree`: the plan tree the file is imported into, whose levels only are allowed."""
    budget = Budget(max_rows=MAX_ROWS + 200, max_columns=MAX_COLUMNS)
    try:
        table = xlsx_table(file, budget)
    except SpreadsheetRefused as refused:
        raise LineageImportError([RowProblem(0, "", refused.message)]) from None
    rows = iter(table)
    header = [_text(value) for value in next(rows, ())]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise LineageImportError(RowProblem(1, name, _("ไม่พบหัวคอลัมน์นี้ในแถวแรก")) for name in missing)
    index = {name: header.index(name) for name in COLUMNS}
    names = _level_names()
    problems: list[RowProblem] = []
    parsed: list[PlanRow] = []
    for number, values in enumerate(rows, start=2):
        cells = {name: _text(values[i]) if i < len(values) else "" for name, i in index.items()}
        if not any(cells.values()):
            continue
        if len(parsed) >= MAX_ROWS:
            problems.append(RowProblem(number, "", _("ไฟล์มีข้อมูลเกิน 5,000 แถว")))
            break
        level = names.get(cells[LEVEL]) or names.get(cells[LEVEL].lower(), "")
        if not cells[LEVEL] and tree is not None and len(LEVELS_OF_TREE[tree]) == 1:
            level = LEVELS_OF_TREE[tree][0]  # a tree of one level: the level goes without saying
        elif (problem := _tree_problem(level, cells[LEVEL], tree)) is not None:
            problems.append(RowProblem(number, LEVEL, problem))
            level = ""  # reported: its parent is not looked for
        elif not cells[LEVEL]:
            problems.append(RowProblem(number, LEVEL, _("ต้องระบุระดับ")))
        elif not level:
            problems.append(
                RowProblem(
                    number,
                    LEVEL,
                    _("ไม่รู้จักระดับ “%(value)s” ใช้ได้: %(choices)s")
                    % {
                        "value": cells[LEVEL],
                        "choices": ", ".join(str(label) for label in PlanItem.Level.labels),
                    },
                )
            )
        if not cells[CODE]:
            problems.append(RowProblem(number, CODE, _("ต้องระบุรหัส")))
        elif len(cells[CODE]) > CODE_MAX:
            problems.append(
                RowProblem(number, CODE, _("รหัสยาวเกิน %(max)s ตัวอักษร") % {"max": CODE_MAX})
            )
        if not cells[NAME]:
            problems.append(RowProblem(number, NAME, _("ต้องระบุชื่อ")))
        elif len(cells[NAME]) > NAME_MAX:
            problems.append(
                RowProblem(number, NAME, _("ชื่อยาวเกิน %(max)s ตัวอักษร") % {"max": NAME_MAX})
            )
        if level == PlanItem.Level.NATIONAL and cells[PARENT]:
            problems.append(RowProblem(number, PARENT, _("ยุทธศาสตร์ชาติเป็นระดับบนสุด ไม่มีรหัสแม่")))
        elif level in ROOT_LEVELS and cells[PARENT]:
            problems.append(
                RowProblem(
                    number,
                    PARENT,
                    _("“%(level)s” เป็นระดับบนสุดของแผน ไม่มีรหัสแม่")
                    % {"level": PlanItem.Level(level).label},
                )
            )
        parsed.append(PlanRow(number, level, cells[CODE], cells[NAME], cells[PARENT]))
    if not parsed and not problems:
        problems.append(RowProblem(0, "", _("ไม่มีข้อมูลในไฟล์ (ต้องมีอย่างน้อย 1 แถวต่อจากหัวคอลัมน์)")))
    return parsed, problems


Key = tuple[str, str]  # (level, code)


def _resolve_parents(
    rows: list[PlanRow], existing: dict[Key, PlanItem]
) -> tuple[dict[int, Key], list[RowProblem]]:
    """For each row with a parent code, the (level, code) of its parent: the nearest level above
    the row's own, from the file or from the nodes the department already sees."""
    problems: list[RowProblem] = []
    first_row: dict[Key, int] = {}
    rows = [row for row in rows if row.level and row.code]  # the others are already reported
    for row in rows:
        key = (row.level, row.code)
        if key in first_row:
            problems.append(
                RowProblem(
                    row.row,
                    CODE,
                    _("รหัส “%(code)s” ในระดับนี้ซ้ำกับแถวที่ %(other)s")
                    % {"code": row.code, "other": first_row[key]},
                )
            )
        else:
            first_row[key] = row.row
    known = set(first_row) | set(existing)
    parents: dict[int, Key] = {}
    for row in rows:
        if not row.parent_code or row.level in ROOT_LEVELS:
            continue
        candidates = [
            key
            for key in known
            if key[1] == row.parent_code
            and LEVEL_ORDER[key[0]] < LEVEL_ORDER[row.level]
            and _may_hang_under(key[0], row.level)
        ]
        if candidates:
            parents[row.row] = max(candidates, key=lambda key: LEVEL_ORDER[key[0]])
        elif any(key[1] == row.parent_code for key in known):
            problems.append(
                RowProblem(
                    row.row,
                    PARENT,
                    _("รหัสแม่ “%(code)s” ต้องอยู่ในระดับที่สูงกว่าแถวนี้") % {"code": row.parent_code},
                )
            )
        else:
            problems.append(
                RowProblem(
                    row.row,
                    PARENT,
                    _("ไม่พบรหัสแม่ “%(code)s” ในไฟล์หรือในระบบ") % {"code": row.parent_code},
                )
            )
    return parents, problems


def _may_hang_under(parent_level: str, level: str) -> bool:
    """A node of a tree of its own (SDGs, the 13th plan, the policy) hangs only under a node of
    its tree; the strategy chain's levels never hang under theirs (issue 17 item 5)."""
    tree, parent_tree = TREE_OF_LEVEL[level], TREE_OF_LEVEL[parent_level]
    if tree in SEPARATE_TREES or parent_tree in SEPARATE_TREES:
        return tree == parent_tree
    return True


def plan_items_import(
    actor: Actor,
    department: Department,
    fiscal_year: int,
    file: IO[bytes],
    filename: str = "",
    tree: str | None = None,
) -> LineageImportResult:
    """Import the lineage rows of an Excel file for a department, all or nothing; with `tree`
    (a PlanTree value), rows of that tree's levels only."""
    require_manager(actor, department, fiscal_year)
    if tree is not None and tree not in LEVELS_OF_TREE:
        raise LineageImportError([RowProblem(0, "", _("ไม่รู้จักแผนที่เลือก"))])
    rows, cell_problems = _parse(file, tree)
    existing: dict[Key, PlanItem] = {}
    for item in plan_items_for(department):
        key = (str(item.level), item.code)
        # The department's own node wins over a shared one with the same level and code.
        if key not in existing or item.department_id is not None:
            existing[key] = item
    parents, problems = _resolve_parents(rows, existing)
    if cell_problems or problems:
        raise LineageImportError([*cell_problems, *problems])
    result = LineageImportResult()
    nodes: dict[Key, PlanItem] = dict(existing)
    with transaction.atomic():
        # Parents are always at a higher level, so creating level by level finds them saved.
        for row in sorted(rows, key=lambda row: (LEVEL_ORDER[row.level], row.row)):
            parent_key = parents.get(row.row)
            parent = nodes[parent_key] if parent_key else None
            key = (row.level, row.code)
            shared = row.level in SHARED_LEVELS
            found = existing.get(key)
            if found is not None and (shared or found.department_id is None):
                result.reused += 1
                if found.name_th != row.name:
                    result.kept_names.append(row.code)
                continue
            if found is None:
                item = PlanItem.objects.create(
                    level=row.level,
                    code=row.code,
                    name_th=row.name,
                    parent=parent,
                    department=None if shared else department,
                )
                result.created += 1
            elif (found.name_th, found.parent_id) != (row.name, parent.pk if parent else None):
                item = found
                item.name_th = row.name
                item.parent = parent
                item.save(update_fields=["name_th", "parent"])
                result.updated += 1
            else:
                item = found
                result.reused += 1
            nodes[key] = item
        audit_log(
            actor,
            "frameworks.lineage.imported",
            department,
            {
                "file": filename,
                "tree": tree or "",
                "rows": len(rows),
                "created": result.created,
                "updated": result.updated,
                "reused": result.reused,
            },
        )
    return result


EXAMPLE_ROWS = [
    ("ยุทธศาสตร์ชาติ", "5", "ยุทธศาสตร์ชาติด้านการสร้างการเติบโตบนคุณภาพชีวิตที่เป็นมิตรต่อสิ่งแวดล้อม", ""),
    ("แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", "18", "ประเด็น (18) การเติบโตอย่างยั่งยืน", "5"),
    ("แผนย่อย", "180101", "การสร้างการเติบโตอย่างยั่งยืนบนสังคมเศรษฐกิจสีเขียว", "18"),
    ("ยุทธศาสตร์กระทรวง", "MNRE-1", "ยุทธศาสตร์กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม ที่ 1", "180101"),
    ("ยุทธศาสตร์/พันธกิจส่วนราชการ", "ONEP-1", "ยุทธศาสตร์ของส่วนราชการ ที่ 1", "MNRE-1"),
]
# Examples of the trees of their own, for their templates (the chain's are above).
TREE_EXAMPLE_ROWS = {
    PlanTree.NESDP: [
        (
            "หมุดหมายตามแผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ 13",
            "M10",
            "หมุดหมายที่ 10 ไทยมีเศรษฐกิจหมุนเวียนและสังคมคาร์บอนต่ำ",
            "",
        ),
    ],
    PlanTree.POLICY: [("นโยบายรัฐบาล", "P1", "นโยบายด้านการรักษาสิ่งแวดล้อมและทรัพยากรธรรมชาติ", "")],
    PlanTree.SDG: [
        ("เป้าหมาย SDGs (Goal)", "13", "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", ""),
        (
            "เป้าประสงค์ SDGs (Target)",
            "13.2",
            "บูรณาการมาตรการด้านภูมิอากาศในนโยบาย ยุทธศาสตร์ และแผน",
            "13",
        ),
    ],
}


def _examples(tree: str | None) -> list[tuple[str, str, str, str]]:
    if tree is None:
        return EXAMPLE_ROWS
    if tree in TREE_EXAMPLE_ROWS:
        return TREE_EXAMPLE_ROWS[PlanTree(tree)]
    labels = {str(PlanItem.Level(level).label) for level in LEVELS_OF_TREE[tree]}
    return [row for row in EXAMPLE_ROWS if row[0] in labels]


def lineage_template_xlsx(tree: str | None = None) -> bytes:
    """A workbook to fill in: the four columns, example rows and the list of levels — of one
    plan tree when `tree` is given (a PlanTree value), else of every tree."""
    levels = LEVELS_OF_TREE[tree] if tree is not None else tuple(PlanItem.Level.values)
    # Codes such as 180101 must stay text, or Excel shows them as numbers.
    workbook, sheet = template_sheet(
        SHEET_TITLE,
        COLUMNS,
        _examples(tree),
        (30, 14, 70, 14),
        text_columns=("B", "D"),
        rows=TEMPLATE_ROWS,
    )
    sheet_of_levels = workbook.create_sheet(LEVEL_SHEET_TITLE)
    append(sheet_of_levels, ["รหัสระดับ", "ชื่อระดับ"])
    for value in levels:
        append(sheet_of_levels, [value, str(PlanItem.Level(value).label)])
    sheet_of_levels.column_dimensions["A"].width = 14
    sheet_of_levels.column_dimensions["B"].width = 34
    count = len(levels) + 1
    choice = DataValidation(
        type="list",
        formula1=f"'{LEVEL_SHEET_TITLE}'!$B$2:$B${count}",
        allow_blank=True,
        showErrorMessage=False,
    )
    sheet.add_data_validation(choice)
    choice.add(f"A2:A{TEMPLATE_ROWS}")
    return xlsx_bytes(workbook)


__all__ = [
    "COLUMNS",
    "LineageImportError",
    "LineageImportResult",
    "RowProblem",
    "lineage_template_xlsx",
    "plan_items_import",
    "read_plan_rows",
]
