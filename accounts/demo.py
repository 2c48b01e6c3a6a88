"""The demo department (domain §12): a department modelled on ONEP, illustrative only.

Idempotent: running it again updates the same rows and creates nothing twice.

The demo is anchored to a day (`DemoYears`, by default today; `load_demo --today`): every year
and date of every app's demo is computed from it. The current fiscal year N is in step 2
(negotiation with OPDC) with every role assigned; last year N−1 is signed and both its rounds
are closed and with OPDC; N−3 and N−2 are history (dashboards.demo), and N−8 an old year on the
five-bases framework.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Ministry, OrgUnit, Person, Role, RoleAssignment
from core.fiscal import FiscalYear, fiscal_year_of

DEMO_PASSWORD = "pramoen-demo"
AGENCY = "onep"
EVALUATING_BODY = "opdc"


@dataclass(frozen=True)
class DemoYears:
    """The demo's years and dates, all computed from one day (`today`)."""

    today: datetime.date

    @classmethod
    def of(cls, today: datetime.date | None = None) -> DemoYears:
        return cls(today or timezone.localdate())

    @property
    def current(self) -> int:
        """FY N: in step 2 (negotiation), every role assigned."""
        return fiscal_year_of(self.today).be_year

    @property
    def last(self) -> int:
        """FY N−1: signed, published, both rounds closed and with OPDC."""
        return self.current - 1

    @property
    def history(self) -> tuple[int, int]:
        """FY N−3 and N−2: closed years for the trends (dashboards.demo)."""
        return (self.current - 3, self.current - 2)

    @property
    def five_bases(self) -> int:
        """An old year on the five-bases framework (FY 2562 when N is 2570)."""
        return self.current - 8

    @property
    def role_years(self) -> tuple[int, int]:
        """The years every demo person holds their roles in."""
        return (self.last, self.current)

    def start(self, be_year: int) -> datetime.date:
        return FiscalYear(be_year).start

    def day(self, be_year: int, month: int, day: int) -> datetime.date:
        """The date `day`/`month` inside fiscal year `be_year` (October–December fall in the
        C.E. year the fiscal year starts in), never later than `today`."""
        start = FiscalYear(be_year).start
        year = start.year if month >= start.month else start.year + 1
        return min(datetime.date(year, month, day), self.today)

    def not_after_today(self, day: datetime.date) -> datetime.date:
        return min(day, self.today)


_BE_YEAR = re.compile(r"25\d\d")


def shift_be_years(text: str, base: int, year: int) -> str:
    """The demo's texts are written for FY `base`; move every B.E. year near it (ten years before
    to two after, so a law of พ.ศ. 2535 keeps its year) to the same place relative to `year`."""
    shift = year - base
    if not shift or not text:
        return text

    def moved(match: re.Match[str]) -> str:
        value = int(match.group())
        return str(value + shift) if base - 10 <= value <= base + 2 else match.group()

    return _BE_YEAR.sub(moved, text)


@contextlib.contextmanager
def demo_clock(today: datetime.date) -> Iterator[None]:
    """Run the loaders with the clock on `today` (same time of day) when it is not the real
    date, so the services' date checks ("not in the future", due dates) agree with the demo's
    dates. Used by `load_demo --today`; with the real date it changes nothing."""
    real_now = timezone.now
    shift = today - timezone.localdate()
    if not shift:
        yield
        return
    timezone.now = lambda: real_now() + shift
    try:
        yield
    finally:
        timezone.now = real_now


K = OrgUnit.Kind

# (code, parent code, kind, Thai name, English name, abbreviation)
UNITS: list[tuple[str, str | None, str, str, str, str]] = [
    ("secretariat", None, K.OFFICE, "สำนักงานเลขานุการกรม", "Office of the Secretary", "สลก."),
    ("finance", "secretariat", K.GROUP, "กลุ่มการเงินและบัญชี", "Finance and Accounting Group", ""),
    ("planning", None, K.DIVISION, "กองแผนงานและงบประมาณ", "Planning and Budget Division", "กผง."),
    (
        "eia",
        None,
        K.DIVISION,
        "กองพิจารณารายงานการวิเคราะห์ผลกระทบสิ่งแวดล้อม",
        "Environmental Impact Assessment Division",
        "กพร.วผ.",
    ),
    (
        "eia-energy",
        "eia",
        K.GROUP,
        "กลุ่มพิจารณาโครงการพลังงานและอุตสาหกรรม",
        "Energy and Industry Projects Group",
        "",
    ),
    (
        "natural",
        None,
        K.DIVISION,
        "กองจัดการสิ่งแวดล้อมธรรมชาติและศิลปกรรม",
        "Natural and Cultural Environment Division",
        "กสธ.",
    ),
    (
        "quality",
        None,
        K.DIVISION,
        "กองจัดการคุณภาพสิ่งแวดล้อม",
        "Environmental Quality Division",
        "กคส.",
    ),
    (
        "international",
        None,
        K.DIVISION,
        "กองสิ่งแวดล้อมระหว่างประเทศ",
        "International Environment Division",
        "กสร.",
    ),
    (
        "ict",
        None,
        K.CENTRE,
        "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
        "Information and Communication Technology Centre",
        "ศทส.",
    ),
    (
        "admdev",
        None,
        K.GROUP,
        "กลุ่มพัฒนาระบบบริหาร",
        "Administrative Development Group",
        "กพร.",
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    title: str
    first: str
    last: str
    position: str
    unit: str | None
    # (role, unit code or None for department-wide)
    roles: tuple[tuple[str, str | None], ...]
    department: str = AGENCY
    superuser: bool = False


R = Role
PEOPLE: list[DemoPerson] = [
    DemoPerson(
        "admin",
        "นาย",
        "ธนากร",
        "ระบบดี",
        "นักวิชาการคอมพิวเตอร์ชำนาญการ",
        "ict",
        ((R.ADMIN, None),),
        superuser=True,
    ),
    DemoPerson(
        "somchai",
        "นาย",
        "สมชาย",
        "ใจดี",
        "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
        "admdev",
        ((R.COORDINATOR, None),),
    ),
    DemoPerson(
        "wanpen",
        "นางสาว",
        "วันเพ็ญ",
        "ศรีสุข",
        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
        "admdev",
        ((R.COORDINATOR, None), (R.STAFF, None)),
    ),
    DemoPerson("prasert", "นาย", "ประเสริฐ", "วงศ์ไทย", "เลขาธิการ", None, ((R.EXECUTIVE, None),)),
    DemoPerson(
        "chanpen",
        "นาง",
        "จันทร์เพ็ญ",
        "รักษ์ป่า",
        "รองเลขาธิการ",
        None,
        ((R.EXECUTIVE, None), (R.COMMITTEE, None)),
    ),
    DemoPerson("wichai", "นาย", "วิชัย", "สายน้ำ", "รองเลขาธิการ", None, ((R.EXECUTIVE, None),)),
    DemoPerson(
        "kanya",
        "นางสาว",
        "กัญญา",
        "แผนดี",
        "ผู้อำนวยการกองแผนงานและงบประมาณ",
        "planning",
        ((R.COMMITTEE, None), (R.OVERSEER, "planning")),
    ),
    DemoPerson(
        "supachai",
        "นาย",
        "ศุภชัย",
        "ประเมินผล",
        "ผู้อำนวยการกองพิจารณารายงานฯ",
        "eia",
        ((R.COMMITTEE, None), (R.OVERSEER, "eia")),
    ),
    DemoPerson(
        "malee",
        "นาง",
        "มาลี",
        "ใบไม้",
        "ผู้อำนวยการกองจัดการสิ่งแวดล้อมธรรมชาติฯ",
        "natural",
        ((R.OVERSEER, "natural"),),
    ),
    DemoPerson(
        "pornthip",
        "นางสาว",
        "พรทิพย์",
        "ฟ้าใส",
        "ผู้อำนวยการกองจัดการคุณภาพสิ่งแวดล้อม",
        "quality",
        ((R.COMMITTEE, None), (R.OVERSEER, "quality")),
    ),
    DemoPerson(
        "anan",
        "นาย",
        "อนันต์",
        "โลกสีเขียว",
        "ผู้อำนวยการกองสิ่งแวดล้อมระหว่างประเทศ",
        "international",
        ((R.OVERSEER, "international"),),
    ),
    DemoPerson(
        "thawat",
        "นาย",
        "ธวัช",
        "ดิจิทัล",
        "ผู้อำนวยการศูนย์เทคโนโลยีสารสนเทศฯ",
        "ict",
        ((R.OVERSEER, "ict"),),
    ),
    DemoPerson(
        "siriporn",
        "นางสาว",
        "ศิริพร",
        "บริหารดี",
        "เลขานุการกรม",
        "secretariat",
        ((R.OVERSEER, "secretariat"),),
    ),
    DemoPerson(
        "nattaya",
        "นางสาว",
        "ณัฐธยา",
        "ตรวจสอบ",
        "นักวิชาการสิ่งแวดล้อมชำนาญการ",
        "eia",
        ((R.OWNER, "eia"),),
    ),
    DemoPerson(
        "kittipong",
        "นาย",
        "กิตติพงษ์",
        "รายงาน",
        "นักวิชาการสิ่งแวดล้อมปฏิบัติการ",
        "eia-energy",
        ((R.OWNER, "eia-energy"),),
    ),
    DemoPerson(
        "ratana",
        "นาง",
        "รัตนา",
        "คุณภาพ",
        "นักวิชาการสิ่งแวดล้อมชำนาญการพิเศษ",
        "quality",
        ((R.OWNER, "quality"),),
    ),
    DemoPerson(
        "pichit",
        "นาย",
        "พิชิต",
        "ลดคาร์บอน",
        "นักวิชาการสิ่งแวดล้อมชำนาญการ",
        "international",
        ((R.OWNER, "international"),),
    ),
    DemoPerson(
        "suda", "นางสาว", "สุดา", "ข้อมูลเปิด", "นักวิชาการคอมพิวเตอร์ชำนาญการ", "ict", ((R.OWNER, "ict"),)
    ),
    DemoPerson(
        "boonmee",
        "นาย",
        "บุญมี",
        "พัฒนาคน",
        "นักทรัพยากรบุคคลชำนาญการ",
        "secretariat",
        ((R.OWNER, "secretariat"),),
    ),
    DemoPerson(
        "lamai",
        "นาง",
        "ละไม",
        "งบประมาณ",
        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
        "planning",
        ((R.OWNER, "planning"),),
    ),
    DemoPerson(
        "jirayu",
        "นาย",
        "จิรายุ",
        "ธรรมชาติ",
        "นักวิชาการสิ่งแวดล้อมปฏิบัติการ",
        "natural",
        ((R.OWNER, "natural"),),
    ),
    DemoPerson(
        "orawan",
        "นางสาว",
        "อรวรรณ",
        "การเงิน",
        "นักวิชาการเงินและบัญชีชำนาญการ",
        "finance",
        ((R.STAFF, None),),
    ),
    DemoPerson(
        "somsak",
        "นาย",
        "สมศักดิ์",
        "ทั่วไป",
        "เจ้าพนักงานธุรการชำนาญงาน",
        "secretariat",
        ((R.STAFF, None),),
    ),
    DemoPerson(
        "kamonwan",
        "นางสาว",
        "กมลวรรณ",
        "ประเมินดี",
        "นักพัฒนาระบบราชการชำนาญการพิเศษ",
        None,
        ((R.EVALUATOR, None),),
        department=EVALUATING_BODY,
    ),
    DemoPerson(
        "opdccoord",
        "นาง",
        "ชุติมา",
        "มอบหมายดี",
        "ผู้อำนวยการกองพัฒนาระบบราชการ",
        None,
        (),
        department=EVALUATING_BODY,
    ),
    DemoPerson(
        "pcdcoord",
        "นาย",
        "ปกรณ์",
        "ควบคุมมลพิษ",
        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
        None,
        (),
        department="pcd",
    ),
]


def load_demo_org(years: DemoYears | None = None) -> list[DemoPerson]:
    """Create or update the ministry, departments, units, people and their roles in last year
    and the current year (`DemoYears.role_years`)."""
    years = years or DemoYears.of()
    with transaction.atomic():
        mnre, _ = Ministry.objects.update_or_create(
            code="mnre",
            defaults={
                "name_th": "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
                "name_en": "Ministry of Natural Resources and Environment",
                "abbreviation": "ทส.",
            },
        )
        opm, _ = Ministry.objects.update_or_create(
            code="opm",
            defaults={
                "name_th": "สำนักนายกรัฐมนตรี",
                "name_en": "Office of the Prime Minister",
                "abbreviation": "นร.",
            },
        )
        departments = {
            code: Department.objects.update_or_create(
                code=code,
                defaults={
                    "ministry": ministry,
                    "name_th": th,
                    "name_en": en,
                    "abbreviation": ab,
                    "kind": Department.Kind.EVALUATING_BODY
                    if code == EVALUATING_BODY
                    else Department.Kind.DEPARTMENT,
                },
            )[0]
            for code, ministry, th, en, ab in [
                (
                    AGENCY,
                    mnre,
                    "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม",
                    "Office of Natural Resources and Environmental Policy and Planning",
                    "สผ.",
                ),
                ("pcd", mnre, "กรมควบคุมมลพิษ", "Pollution Control Department", "คพ."),
                (
                    EVALUATING_BODY,
                    opm,
                    "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
                    "Office of the Public Sector Development Commission",
                    "สำนักงาน ก.พ.ร.",
                ),
            ]
        }
        onep = departments[AGENCY]
        units: dict[str, OrgUnit] = {}
        for order, (code, parent, kind, th, en, ab) in enumerate(UNITS):
            units[code], _ = OrgUnit.objects.update_or_create(
                department=onep,
                code=code,
                defaults={
                    "parent": units[parent] if parent else None,
                    "kind": kind,
                    "name_th": th,
                    "name_en": en,
                    "abbreviation": ab,
                    "order": order,
                },
            )
        user_model = get_user_model()
        for index, spec in enumerate(PEOPLE):
            user, created = user_model.objects.get_or_create(username=spec.username)
            user.email = f"{spec.username}@{spec.department}.example.go.th"
            user.is_staff = user.is_superuser = spec.superuser
            if created or not user.has_usable_password():
                user.set_password(DEMO_PASSWORD)
            user.save()
            department = departments[spec.department]
            person, _ = Person.objects.update_or_create(
                user=user,
                defaults={
                    "department": department,
                    "unit": units[spec.unit] if spec.unit else None,
                    "title_th": spec.title,
                    "first_name_th": spec.first,
                    "last_name_th": spec.last,
                    "position": spec.position,
                    "phone": f"0 2265 {6500 + index}",
                    "email": user.email,
                },
            )
            for role, unit_code in spec.roles:
                for year in years.role_years:
                    RoleAssignment.objects.get_or_create(
                        person=person,
                        role=role,
                        fiscal_year=year,
                        department=onep,
                        unit=units[unit_code] if unit_code else None,
                    )
        pcd_coord = Person.objects.get(user__username="pcdcoord")
        for year in years.role_years:
            RoleAssignment.objects.get_or_create(
                person=pcd_coord,
                role=Role.COORDINATOR,
                fiscal_year=year,
                department=departments["pcd"],
                unit=None,
            )
        # OPDC's own coordinator assigns its evaluators to departments (domain §8), in every
        # year the demo has roles in.
        opdc_coord = Person.objects.get(user__username="opdccoord")
        for year in years.role_years:
            RoleAssignment.objects.get_or_create(
                person=opdc_coord,
                role=Role.COORDINATOR,
                fiscal_year=year,
                department=departments[EVALUATING_BODY],
                unit=None,
            )
    return PEOPLE


def demo_logins() -> list[tuple[str, str, str]]:
    """(role label, username, name) for the printed demo logins, one line per role held."""
    rows: list[tuple[str, str, str]] = []
    for role, label in Role.choices:
        for spec in PEOPLE:
            if any(r == role for r, _ in spec.roles):
                rows.append((str(label), spec.username, f"{spec.title}{spec.first} {spec.last}"))
    rows.append(("ผู้ประสานงาน สำนักงาน ก.พ.ร.", "opdccoord", "นางชุติมา มอบหมายดี"))
    rows.append(("ส่วนราชการอื่น (คพ.)", "pcdcoord", "นายปกรณ์ ควบคุมมลพิษ"))
    return rows
