"""The layout of the KPI workbook (domain §5, §10 "Excel: KPI sheets … importable and exportable").

One sheet per table of the KPI detail sheet, keyed by the KPI's number: the KPIs themselves,
their data items, scoring levels, baselines and what each reporting round expects. Row 1 has
the Thai headers people read; row 2 (hidden) has machine keys, so import finds its columns
even when someone reorders them; data starts on row 3. Sheet names and headers are Thai source
text, the same in every language, because they identify the columns on import.

Choice columns hold Thai labels (วิธีให้คะแนน, ทิศทาง, ใช่/ไม่ใช่); import also accepts the
stored codes ("levels", "higher", TRUE/FALSE).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from indicators.models import Direction, OriginRelation, ScoringMethod


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # short text typed as text so "1.10" stays "1.10"
    DECIMAL = "decimal"
    INTEGER = "integer"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = Kind.TEXT
    width: int = 20
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


KPI_NUMBER = Column("kpi", "ลำดับตัวชี้วัด", Kind.CODE, 12, True, "ลำดับของตัวชี้วัดในแผ่นงาน “ตัวชี้วัด”")

KPIS = SheetSpec(
    "kpis",
    "ตัวชี้วัด",
    (
        Column(
            "component",
            "องค์ประกอบ (รหัส)",
            Kind.CHOICE,
            14,
            True,
            "รหัสองค์ประกอบของกรอบการประเมิน ดูรายการในแผ่นงานนี้",
        ),
        Column("number", "ลำดับตัวชี้วัด", Kind.CODE, 12, True, "เช่น 1 หรือ 1.2 ห้ามซ้ำกัน"),
        Column("name_th", "ชื่อตัวชี้วัด", Kind.TEXT, 40, True),
        Column("name_en", "ชื่อภาษาอังกฤษ", Kind.TEXT, 30),
        Column("unit", "หน่วยวัด", Kind.TEXT, 12),
        Column("weight", "น้ำหนัก (ร้อยละ)", Kind.DECIMAL, 12, True, "มากกว่า 0 และไม่เกิน 100"),
        Column("method", "วิธีให้คะแนน", Kind.CHOICE, 28, True),
        Column("direction", "ทิศทาง", Kind.CHOICE, 12, False, "เว้นว่าง = ค่ามากดี"),
        Column(
            "interpolate",
            "เทียบบัญญัติไตรยางศ์ระหว่างระดับ",
            Kind.CHOICE,
            14,
            False,
            "ใช่ = คิดคะแนนตามสัดส่วนระหว่างระดับ, ไม่ใช่ = ได้คะแนนของระดับที่ต่ำกว่า "
            "(เว้นว่าง = ตามกรอบการประเมิน)",
        ),
        Column(
            "floor",
            "คะแนนเมื่อต่ำกว่าระดับแรก",
            Kind.DECIMAL,
            14,
            False,
            "เว้นว่าง = 0 (มาตรวัดห้าระดับ: ตามกรอบการประเมิน)",
        ),
        Column(
            "parent",
            "ตัวชี้วัดหลัก (ลำดับ)",
            Kind.CODE,
            12,
            False,
            "กรอกเฉพาะตัวชี้วัดย่อย: ลำดับของตัวชี้วัดหลัก",
        ),
        Column("sub_weight", "น้ำหนักในตัวชี้วัดหลัก", Kind.DECIMAL, 14, False, "เฉพาะตัวชี้วัดย่อย"),
        Column("description", "คำอธิบาย/นิยาม", Kind.TEXT, 40),
        Column("scope", "ขอบเขตการดำเนินงาน", Kind.TEXT, 30),
        Column(
            "formula",
            "สูตรการคำนวณ",
            Kind.TEXT,
            24,
            False,
            "ใช้รหัสในแผ่นงาน “รายการข้อมูล” เช่น (a / b) * 100",
        ),
        Column(
            "lineage",
            "ความเชื่อมโยงกับยุทธศาสตร์ (รหัสแผน)",
            Kind.TEXT,
            24,
            False,
            "รหัสแผน/ยุทธศาสตร์ คั่นด้วยจุลภาค; ถ้ารหัสซ้ำกันหลายระดับ ให้เขียน ระดับ:รหัส",
        ),
        Column("responsible_unit", "หน่วยงานที่รับผิดชอบ (รหัส)", Kind.CHOICE, 16, False, "รหัสหน่วยงาน"),
        Column(
            "overseer",
            "ผู้กำกับดูแลตัวชี้วัด (ชื่อผู้ใช้หรืออีเมล)",
            Kind.TEXT,
            24,
        ),
        Column(
            "collectors",
            "ผู้จัดเก็บข้อมูล (ชื่อผู้ใช้หรืออีเมล)",
            Kind.TEXT,
            30,
            False,
            "หลายคนคั่นด้วยจุลภาค",
        ),
        Column("conditions", "เงื่อนไข/หมายเหตุ", Kind.TEXT, 30),
        Column("data_source", "แหล่งข้อมูล", Kind.TEXT, 24),
        Column("collection_method", "วิธีการจัดเก็บข้อมูล", Kind.TEXT, 24),
        Column("evidence_required", "เอกสาร/หลักฐานประกอบ", Kind.TEXT, 30),
        # Where the KPI comes from (issue 17 item 4): both filled or both empty.
        Column(
            "origin_relation",
            "ความเชื่อมโยงกับ Strategic KPI",
            Kind.CHOICE,
            30,
            False,
            "ตัวชี้วัดทดแทน / ตัวเดียวกัน / ถ่ายทอดลงมา (เว้นว่างเมื่อไม่ได้ถ่ายทอดจาก Strategic KPI)",
        ),
        Column(
            "strategic_kpi",
            "Strategic KPI (รหัส)",
            Kind.CODE,
            14,
            False,
            "รหัสในรายการ Strategic KPI",
        ),
    ),
)

DATA_ITEMS = SheetSpec(
    "data_items",
    "รายการข้อมูล",
    (
        KPI_NUMBER,
        Column("order", "ลำดับ", Kind.INTEGER, 8, False, "เรียงรายการข้อมูลของตัวชี้วัด"),
        Column("code", "รหัส", Kind.CODE, 10, True, "ตัวอักษรภาษาอังกฤษ เช่น a, b ใช้ในสูตรการคำนวณ"),
        Column("name_th", "รายการข้อมูล", Kind.TEXT, 40, True),
        Column("unit", "หน่วย", Kind.TEXT, 12),
    ),
)

LEVELS = SheetSpec(
    "levels",
    "ระดับคะแนน",
    (
        KPI_NUMBER,
        Column("order", "ลำดับ", Kind.INTEGER, 8, False, "เรียงจากคะแนนต่ำสุดไปสูงสุด"),
        Column("label", "ระดับ", Kind.TEXT, 14, False, "เช่น ขั้นต้น มาตรฐาน ขั้นสูง"),
        Column(
            "target",
            "ค่าเป้าหมาย",
            Kind.DECIMAL,
            12,
            True,
            "ขั้นความสำเร็จ (Milestone): ลำดับขั้น; ผ่าน/ไม่ผ่าน: เกณฑ์ผ่าน",
        ),
        Column("score", "คะแนน", Kind.DECIMAL, 10, True),
        Column("description", "คำอธิบายระดับ/ขั้นความสำเร็จ", Kind.TEXT, 40),
        Column("evidence", "หลักฐานที่ต้องแสดง", Kind.TEXT, 30),
    ),
)

BASELINES = SheetSpec(
    "baselines",
    "ข้อมูลพื้นฐาน",
    (
        KPI_NUMBER,
        Column("fiscal_year", "ปีงบประมาณ", Kind.INTEGER, 12, True, "พ.ศ. หนึ่งในสามปีก่อนปีของกรอบ"),
        Column("value", "ผลการดำเนินงาน", Kind.DECIMAL, 14),
        Column("note", "หมายเหตุ", Kind.TEXT, 30),
    ),
)

ROUND_EXPECTATIONS = SheetSpec(
    "round_expectations",
    "สิ่งที่ต้องรายงานรายรอบ",
    (
        KPI_NUMBER,
        Column("round", "รอบการรายงาน (ลำดับ)", Kind.INTEGER, 12, True, "ลำดับรอบในกรอบการประเมิน"),
        Column("round_name", "ชื่อรอบ", Kind.TEXT, 20, False, "แสดงเพื่ออ่าน ไม่ใช้ตอนนำเข้า"),
        Column(
            "expectation", "สิ่งที่ต้องรายงาน", Kind.TEXT, 50, False, "ว่างได้เมื่อแถวนี้กำหนดเฉพาะกฎของรอบ"
        ),
        # Per-round rules (issue 17 item 3); empty cells: evaluated with the KPI's weight.
        Column(
            "in_force",
            "ประเมินในรอบนี้",
            Kind.CHOICE,
            12,
            False,
            "ใช่/ไม่ใช่ (ว่าง = ใช่); ไม่ใช่ = เริ่มประเมินรอบหลัง หรือยกเลิกตั้งแต่รอบนี้",
        ),
        Column("weight", "น้ำหนักในรอบนี้ (ร้อยละ)", Kind.DECIMAL, 12, False, "ว่าง = น้ำหนักของตัวชี้วัด"),
        Column("reason", "เหตุผล (ไม่ประเมิน/น้ำหนักต่างจากปกติ)", Kind.TEXT, 40),
        Column(
            "amendment",
            "เลขที่การขอปรับตัวชี้วัดที่อนุมัติ",
            Kind.INTEGER,
            12,
            False,
            "เมื่อคำรับรองลงนามแล้ว การไม่ประเมินในรอบต้องอ้างอิงคำขอปรับที่สำนักงาน ก.พ.ร. อนุมัติ",
        ),
    ),
)

# ประเด็นการประเมิน (issue 17 item 2): weight and criteria only when scored per point.
ASSESSMENT_POINTS = SheetSpec(
    "assessment_points",
    "ประเด็นการประเมิน",
    (
        KPI_NUMBER,
        Column("order", "ลำดับ", Kind.INTEGER, 8, False, "เรียงประเด็นการประเมินของตัวชี้วัด"),
        Column("name_th", "ประเด็นการประเมิน", Kind.TEXT, 40, True),
        Column("unit", "หน่วย", Kind.TEXT, 12),
        Column(
            "weight",
            "น้ำหนักของประเด็น",
            Kind.DECIMAL,
            12,
            False,
            "เฉพาะเมื่อให้คะแนนรายประเด็น (วิธีให้คะแนนแบบตัวชี้วัดย่อยถ่วงน้ำหนัก)",
        ),
        Column(
            "criteria",
            "เกณฑ์การให้คะแนนของประเด็น",
            Kind.TEXT,
            30,
            False,
            "ค่าเป้าหมาย=คะแนน คั่นด้วย ; เช่น 80=50; 90=75; 100=100",
        ),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (
    KPIS,
    DATA_ITEMS,
    LEVELS,
    BASELINES,
    ROUND_EXPECTATIONS,
    ASSESSMENT_POINTS,
)
CHILD_SHEETS: tuple[SheetSpec, ...] = SHEETS[1:]
INSTRUCTIONS_TITLE = "คำแนะนำ"
CHOICES_TITLE = "ตัวเลือก"
HEADER_ROW, KEY_ROW, FIRST_DATA_ROW = 1, 2, 3
MAX_DATA_ROWS = 2000  # per sheet: a department has 5–30 KPIs (domain §11)
DECIMAL_FORMAT = "#,##0.00##"

YES, NO = "ใช่", "ไม่ใช่"
TRUE_WORDS = frozenset({"ใช่", "yes", "y", "true", "1", "จริง"})
FALSE_WORDS = frozenset({"ไม่ใช่", "ไม่", "no", "n", "false", "0", "เท็จ"})


def method_labels() -> dict[str, str]:
    """Stored code → the Thai label written in the workbook."""
    return {str(value): str(label) for value, label in ScoringMethod.choices}


def direction_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Direction.choices}


def origin_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in OriginRelation.choices}


def separated(text: str) -> list[str]:
    """Items of a list cell: comma, semicolon or line separated."""
    for separator in (";", "\n"):
        text = text.replace(separator, ",")
    return [item.strip() for item in text.split(",") if item.strip()]
