"""KPI formulas over data-item codes, e.g. "(a / b) * 100" (domain §5 "formula; data items").

Never `eval`: the text is parsed with `ast` and only a whitelist is walked — numbers, names that
are data-item codes, + − × ÷, parentheses, unary minus/plus and min(…)/max(…). Arithmetic is
Decimal in a fixed context (28 digits, the Decimal default), so the result equals the same
arithmetic written by hand. Powers are not allowed at all (a formula like 9**9**9 would be a
denial of service) and literals are plain decimals of bounded length.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Callable, Collection, Mapping
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from django.utils.translation import gettext as _

MAX_LENGTH = 500
MAX_NODES = 200
MAX_LITERAL_DIGITS = 30
FUNCTIONS: dict[str, Callable[..., Decimal]] = {"min": min, "max": max}
# How many arguments each function takes at least: min(a) would call Python's min on one
# Decimal, which is not a list, and fail on every save of the KPI's report.
MIN_ARGUMENTS = {"min": 2, "max": 2}
# Sample values of the data items tried at validation: distinct, so that a formula such as
# a / (b - c) does not divide by zero by accident; two sets, refused only when both fail.
_SAMPLES = (
    (Decimal(3), Decimal(7), Decimal(11), Decimal(13), Decimal(17), Decimal(19)),
    (Decimal("0.5"), Decimal(41), Decimal("2.25"), Decimal(97), Decimal(1000), Decimal(6)),
)
# A data-item code: an ASCII identifier that is not a Python keyword nor a function name.
CODE_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LITERAL = re.compile(r"^[0-9][0-9_]*(\.[0-9_]*)?$|^\.[0-9][0-9_]*$")
_CONTEXT = Context(
    prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
# Symbols people type from Thai office documents.
_SYMBOLS = str.maketrans({"×": "*", "÷": "/", "−": "-", "–": "-"})

_OPERATORS: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: lambda x, y: x + y,
    ast.Sub: lambda x, y: x - y,
    ast.Mult: lambda x, y: x * y,
    ast.Div: lambda x, y: x / y,
}


class FormulaError(ValueError):
    """A formula that cannot be used or evaluated; the message is Thai, for the user."""


def code_problem(code: str) -> str | None:
    """Why `code` cannot name a data item in a formula, or None when it can."""
    if not CODE_PATTERN.match(code):
        return _(
            "รหัสรายการข้อมูล “%(code)s” ต้องขึ้นต้นด้วยตัวอักษรภาษาอังกฤษ "
            "และประกอบด้วยตัวอักษรภาษาอังกฤษ ตัวเลข หรือ _ เท่านั้น"
        ) % {"code": code}
    if keyword.iskeyword(code) or code in FUNCTIONS:
        return _("ใช้ “%(code)s” เป็นรหัสรายการข้อมูลไม่ได้ เพราะเป็นคำสงวน") % {"code": code}
    return None


def _normalise(text: str) -> str:
    return text.translate(_SYMBOLS).strip()


def _construct_name(node: ast.AST) -> str:
    names: dict[type[ast.AST], str] = {
        ast.Attribute: _("การอ้างถึงแอตทริบิวต์ (จุด .)"),
        ast.Call: _("การเรียกฟังก์ชัน (ใช้ได้เฉพาะ min และ max)"),
        ast.Lambda: _("ฟังก์ชัน lambda"),
        ast.Subscript: _("การอ้างถึงสมาชิก [ ]"),
        ast.Compare: _("การเปรียบเทียบ"),
        ast.BoolOp: _("ตัวดำเนินการตรรกะ (and/or)"),
        ast.IfExp: _("นิพจน์เงื่อนไข (if/else)"),
        ast.List: _("รายการ [ ]"),
        ast.Tuple: _("ทูเพิล"),
        ast.Dict: _("ดิกชันนารี"),
        ast.Set: _("เซต"),
        ast.NamedExpr: _("การกำหนดค่า (:=)"),
        ast.JoinedStr: _("ข้อความ"),
        ast.Starred: _("การกระจายค่า (*)"),
    }
    if isinstance(node, ast.BinOp):
        symbols = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@"}
        symbol = symbols.get(type(node.op), type(node.op).__name__)
        return _("ตัวดำเนินการ %(op)s (ใช้ได้เฉพาะ + - * /)") % {"op": symbol}
    if isinstance(node, ast.UnaryOp):
        return _("ตัวดำเนินการ %(op)s") % {"op": type(node.op).__name__}
    if isinstance(node, ast.Constant):
        return _("ค่าคงที่ที่ไม่ใช่ตัวเลข")
    return names.get(type(node), type(node).__name__)


class _Checker:
    """Walks the tree once, collecting every problem (validation) without computing."""

    def __init__(self, source: str, codes: Collection[str]) -> None:
        self.source = source
        self.codes = codes
        self.errors: list[str] = []

    def add(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)

    def check(self, node: ast.AST) -> None:
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            self.check(node.left)
            self.check(node.right)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            self.check(node.operand)
        elif isinstance(node, ast.Constant) and _is_number(node.value):
            self.check_literal(node)
        elif isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                self.add(_("ต้องใส่วงเล็บหลัง %(name)s เช่น %(name)s(a, b)") % {"name": node.id})
            elif node.id not in self.codes:
                self.add(_unknown(node.id, self.codes))
        elif _is_function_call(node):
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            name = node.func.id
            if len(node.args) < MIN_ARGUMENTS[name]:
                self.add(
                    _("ฟังก์ชัน %(name)s ต้องมีอย่างน้อย %(n)s ค่า เช่น %(name)s(a, b)")
                    % {"name": name, "n": MIN_ARGUMENTS[name]}
                )
            for arg in node.args:
                self.check(arg)
        else:
            self.add(_("ไม่อนุญาตให้ใช้%(what)s ในสูตร") % {"what": _construct_name(node)})

    def check_literal(self, node: ast.Constant) -> None:
        text = ast.get_source_segment(self.source, node) or ""
        if not _LITERAL.match(text) or len(text) > MAX_LITERAL_DIGITS:
            self.add(
                _("ตัวเลข “%(text)s” ต้องเขียนเป็นทศนิยมธรรมดา ไม่เกิน %(max)s หลัก")
                % {"text": text[:40], "max": MAX_LITERAL_DIGITS}
            )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_function_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FUNCTIONS
        and not node.keywords
        and not any(isinstance(arg, ast.Starred) for arg in node.args)
    )


def _unknown(name: str, codes: Collection[str]) -> str:
    known = ", ".join(sorted(codes)) or _("ยังไม่มี")
    return _("ไม่พบรหัสรายการข้อมูล “%(name)s” (รหัสที่มี: %(known)s)") % {
        "name": name,
        "known": known,
    }


def _parse(text: str) -> tuple[str, ast.Expression | None, list[str]]:
    source = _normalise(text)
    if not source:
        return source, None, [_("กรุณาระบุสูตร")]
    if len(source) > MAX_LENGTH:
        return source, None, [_("สูตรยาวเกิน %(max)s ตัวอักษร") % {"max": MAX_LENGTH}]
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        where = error.offset or 0
        return source, None, [_("สูตรเขียนไม่ถูกต้อง (ตรวจสอบที่ตัวอักษรที่ %(n)s)") % {"n": where}]
    except (ValueError, RecursionError, MemoryError):
        return source, None, [_("สูตรเขียนไม่ถูกต้อง")]
    if sum(1 for _node in ast.walk(tree)) > MAX_NODES:
        return source, None, [_("สูตรซับซ้อนเกินไป")]
    return source, tree, []


def validate_formula(text: str, codes: Collection[str]) -> list[str]:
    """Every problem with `text` as a formula over `codes`, in Thai; empty when usable."""
    source, tree, errors = _parse(text)
    if tree is None:
        return errors
    checker = _Checker(source, codes)
    checker.check(tree.body)
    if checker.errors:
        return checker.errors
    return _sample_problems(text, codes)


def _sample_problems(text: str, codes: Collection[str]) -> list[str]:
    """Evaluate the formula on sample values of its data items, as a report save would: a
    formula that passes validation must compute (issue 14 item 5)."""
    problems: list[str] = []
    for samples in _SAMPLES:
        values = {
            code: samples[i % len(samples)] + Decimal(i // len(samples))
            for i, code in enumerate(sorted(codes))
        }
        try:
            evaluate(text, values)
        except FormulaError as error:
            problems.append(str(error))
        except Exception:  # a gap in the checker: refuse the formula rather than fail later
            return [_("สูตรนี้คำนวณไม่ได้ กรุณาตรวจสอบสูตร")]
        else:
            return []
    return problems[:1]


def formula_codes(text: str) -> set[str]:
    """The names a (syntactically valid) formula refers to."""
    _source, tree, _errors = _parse(text)
    if tree is None:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} - set(FUNCTIONS)


def evaluate(text: str, values: Mapping[str, Decimal]) -> Decimal:
    """The formula's value for the data items' `values`; FormulaError (Thai) when it cannot be
    computed: invalid formula, a missing value, division by zero or an overflow."""
    source, tree, errors = _parse(text)
    if tree is None:
        raise FormulaError(errors[0])
    checker = _Checker(source, values.keys())
    checker.check(tree.body)
    if checker.errors:
        raise FormulaError(checker.errors[0])
    with localcontext(_CONTEXT):
        try:
            return _Evaluator(source, values).value(tree.body)
        except Overflow as error:
            raise FormulaError(_("ผลการคำนวณมีค่ามากเกินไป")) from error
        except InvalidOperation as error:
            raise FormulaError(_("คำนวณสูตรไม่ได้ (ค่าไม่ถูกต้อง)")) from error
        except (ArithmeticError, TypeError) as error:  # never a 500 from a report save
            raise FormulaError(_("สูตรนี้คำนวณไม่ได้ กรุณาตรวจสอบสูตร")) from error


class _Evaluator:
    def __init__(self, source: str, values: Mapping[str, Decimal]) -> None:
        self.source = source
        self.values = values

    def value(self, node: ast.expr) -> Decimal:
        if isinstance(node, ast.BinOp):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                divisor = ast.get_source_segment(self.source, node.right) or ""
                raise FormulaError(
                    _("หารด้วยศูนย์ไม่ได้: ค่าของ %(divisor)s เป็น 0") % {"divisor": divisor}
                )
            return _OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            return -operand if isinstance(node.op, ast.USub) else +operand
        if isinstance(node, ast.Constant):
            text = ast.get_source_segment(self.source, node) or ""
            return Decimal(text.replace("_", ""))
        if isinstance(node, ast.Name):
            value = self.values[node.id]
            if not isinstance(value, Decimal) or not value.is_finite():
                raise FormulaError(_("ค่าของ %(code)s ไม่ใช่ตัวเลข") % {"code": node.id})
            return value
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        return FUNCTIONS[node.func.id](*(self.value(arg) for arg in node.args))
