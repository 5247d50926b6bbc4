"""XLSX imports of the facts the award rules read (issue 5): annual ratings, past
awards (the history import), units' staff summaries and violation listings.

One file per kind, one function per kind — ``import_ratings``,
``import_award_records``, ``import_staff_summaries``,
``import_violation_listings`` — each reading the first sheet of the file with the
columns below (``RATING_COLUMNS``…; headers in Vietnamese, recognised ignoring case
and diacritics, as ``thidua.core.xlsx.read_rows`` does). The approach is the people
and units importer's (``thidua.organizations.services.imports``):

- every row is checked first and every problem is reported at once as 422
  ``IMPORT_INVALID`` with ``details.rows: [{row, column, message}]`` (messages in
  the request's language, Vietnamese by default); nothing is written then;
- a file without problems is written in one transaction, in batches, with one
  audit event for the whole import (``awards.<kind>.imported``, registered here);
- the subject of a row is a person or a unit of the province: a person by id
  (``Cá nhân`` holding digits; the unit cell is then not needed) or by name and
  unit (``Cá nhân`` + ``Đơn vị``); a unit by id or name (``Đơn vị`` alone, with
  ``Cá nhân`` empty). Names compare ignoring case, diacritics and punctuation.
- each row must be one the actor may enter by form: people's facts need
  ``award.facts`` on the person's unit, a unit's rating or past award
  ``award.unit_facts``, a staff summary ``award.facts`` on the unit, a listing
  ``award.listing``. A caller with no such grant in the province is refused (403);
  rows outside their reach are row problems.

Ratings and staff summaries are one per subject and year: a row for a year already
recorded replaces it (as the forms do; the audit event keeps the old values). Past
awards and listings are added: a row already recorded (same subject, award and year;
same subject, source and day) is a problem, so sending a file twice adds nothing
twice.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.models import AwardRecord, Rating, StaffSummary, ViolationListing
from thidua.core import audit
from thidua.core.access import can, grants_for, is_superuser
from thidua.core.api_support import MAX_ID
from thidua.core.errors import DomainError
from thidua.core.xlsx import (
    Column,
    SheetRow,
    cell_date,
    cell_int,
    cell_text,
    write_workbook,
)
from thidua.organizations.models import Membership, Person, Province, Unit
from thidua.organizations.services.imports import (
    _by_name_key,
    _name_key,
    _one_named,
    _Problems,
)
from thidua.rules import eligibility as rules
from thidua.rules.permissions import Scope
from thidua.rules.text import normalize

audit.register(
    {
        "awards.ratings.imported": gettext_lazy("Ratings imported"),
        "awards.records.imported": gettext_lazy("Past awards imported"),
        "awards.staff_summaries.imported": gettext_lazy("Staff summaries imported"),
        "awards.listings.imported": gettext_lazy("Violation listings imported"),
    }
)

# --- Columns -------------------------------------------------------------------------

_PERSON_COLUMN = Column(
    "person", "Cá nhân", aliases=("Họ và tên", "Họ tên", "Mã cá nhân"), width=30
)
_UNIT_COLUMN = Column("unit", "Đơn vị", aliases=("Tên đơn vị", "Mã đơn vị"), width=40)
_YEAR_COLUMN = Column("year", "Năm", required=True, width=8)

RATING_COLUMNS = (
    _PERSON_COLUMN,
    _UNIT_COLUMN,
    _YEAR_COLUMN,
    Column(
        "rating",
        "Xếp loại",
        required=True,
        aliases=("Mức độ hoàn thành nhiệm vụ", "Xếp loại mức độ hoàn thành nhiệm vụ"),
        width=34,
    ),
)
AWARD_RECORD_COLUMNS = (
    _PERSON_COLUMN,
    _UNIT_COLUMN,
    Column(
        "award",
        "Khen thưởng",
        required=True,
        aliases=("Danh hiệu", "Hình thức khen thưởng", "Danh hiệu, hình thức"),
        width=40,
    ),
    _YEAR_COLUMN,
    Column("decision_number", "Số quyết định", aliases=("Số QĐ",), width=18),
    Column("decision_date", "Ngày quyết định", aliases=("Ngày QĐ",), width=16),
    Column("kind", "Loại khen thưởng", width=16),
)
STAFF_SUMMARY_COLUMNS = (
    Column("unit", "Đơn vị", required=True, aliases=("Tên đơn vị",), width=40),
    _YEAR_COLUMN,
    Column("members", "Tổng số", required=True, aliases=("Số người",), width=10),
    Column(
        "lao_dong_tien_tien",
        "Lao động tiên tiến",
        required=True,
        aliases=("LĐTT",),
        width=12,
    ),
    Column(
        "chien_si_thi_dua_co_so",
        "Chiến sĩ thi đua cơ sở",
        required=True,
        aliases=("CSTĐCS",),
        width=12,
    ),
    Column(
        "completed_tasks",
        "Hoàn thành nhiệm vụ",
        required=True,
        aliases=("Số người hoàn thành nhiệm vụ",),
        width=14,
    ),
    Column(
        "disciplined_canh_cao_or_above",
        "Kỷ luật từ cảnh cáo",
        required=True,
        aliases=("Bị kỷ luật từ cảnh cáo trở lên", "Kỷ luật từ cảnh cáo trở lên"),
        width=14,
    ),
    Column("women", "Nữ", aliases=("Số nữ",), width=8),
)
VIOLATION_LISTING_COLUMNS = (
    _PERSON_COLUMN,
    _UNIT_COLUMN,
    Column("source", "Cơ quan gửi", required=True, aliases=("Nguồn",), width=30),
    Column("listed_on", "Ngày gửi", required=True, aliases=("Ngày",), width=14),
    Column("note", "Nội dung", aliases=("Nội dung vi phạm", "Ghi chú"), width=50),
)

TEMPLATES = {
    "ratings": (
        RATING_COLUMNS,
        "Xếp loại",
        "mau-nhap-xep-loai.xlsx",
        [
            "Nguyễn Văn An",
            "Ban Tuyên giáo Tỉnh ủy",
            2024,
            "Hoàn thành xuất sắc nhiệm vụ",
        ],
    ),
    "award-records": (
        AWARD_RECORD_COLUMNS,
        "Khen thưởng",
        "mau-nhap-khen-thuong.xlsx",
        [
            None,
            "Ban Tuyên giáo Tỉnh ủy",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            2023,
            "2345/QĐ-UBND",
            date(2023, 12, 28),
            "Thường xuyên",
        ],
    ),
    "staff-summaries": (
        STAFF_SUMMARY_COLUMNS,
        "Tổng hợp cán bộ",
        "mau-nhap-tong-hop-can-bo.xlsx",
        ["Ban Tuyên giáo Tỉnh ủy", 2024, 25, 22, 3, 25, 0, 12],
    ),
    "violation-listings": (
        VIOLATION_LISTING_COLUMNS,
        "Danh sách vi phạm",
        "mau-nhap-danh-sach-vi-pham.xlsx",
        [
            None,
            "Sở Tư pháp",
            "Cơ quan Thuế",
            date(2024, 12, 5),
            "Chậm nộp thuế quý III/2024",
        ],
    ),
}


def template(kind: str) -> tuple[bytes, str]:
    """A blank import file of ``kind`` (a key of ``TEMPLATES``): the header row and
    one example row; and its file name."""
    columns, title, filename, example = TEMPLATES[kind]
    content = write_workbook(
        headers=[c.header for c in columns],
        rows=[example],
        title=title,
        widths=[c.width for c in columns],
    )
    return content, filename


# --- Vocabulary: what a cell may say -------------------------------------------------


def _keys(table: dict[str, Iterable[str]]) -> dict[str, str]:
    """``{slug: [names]}`` as ``{name key: slug}`` (the slug is always a name)."""
    out: dict[str, str] = {}
    for slug, names in table.items():
        for name in (slug, *names):
            out[_name_key(name)] = slug
    return out


_RATINGS = _keys(
    {
        rules.HTXS: [
            rules.RATING_NAMES[rules.HTXS],
            "hoàn thành xuất sắc",
            "xuất sắc",
            "HTXSNV",
        ],
        rules.HTT: [rules.RATING_NAMES[rules.HTT], "hoàn thành tốt", "tốt", "HTTNV"],
        rules.HT: [rules.RATING_NAMES[rules.HT], "hoàn thành", "HTNV"],
        rules.KHT: [
            rules.RATING_NAMES[rules.KHT],
            "không hoàn thành",
            "KHTNV",
        ],
    }
)
_AWARDS = _keys(
    {
        rules.LDTT: [rules.AWARD_NAMES[rules.LDTT], "LĐTT"],
        rules.CSTDCS: [
            rules.AWARD_NAMES[rules.CSTDCS],
            "Chiến sĩ thi đua cấp cơ sở",
            "CSTĐCS",
            "CSTĐ cơ sở",
        ],
        rules.CSTD_TINH: [
            rules.AWARD_NAMES[rules.CSTD_TINH],
            "Chiến sĩ thi đua tỉnh",
            "CSTĐ cấp tỉnh",
            "CSTĐ tỉnh",
        ],
        rules.CSTD_TQ: [rules.AWARD_NAMES[rules.CSTD_TQ], "CSTĐ toàn quốc"],
        rules.TTLDTT: [rules.AWARD_NAMES[rules.TTLDTT], "TTLĐTT"],
        rules.TTLDXS: [rules.AWARD_NAMES[rules.TTLDXS], "TTLĐXS"],
        rules.CO_TINH: [
            rules.AWARD_NAMES[rules.CO_TINH],
            "Cờ thi đua của UBND tỉnh",
            "Cờ thi đua UBND tỉnh",
            "Cờ thi đua tỉnh",
            "Cờ thi đua cấp tỉnh",
        ],
        rules.CO_CP: [rules.AWARD_NAMES[rules.CO_CP], "Cờ thi đua Chính phủ"],
        rules.GIAY_KHEN: [rules.AWARD_NAMES[rules.GIAY_KHEN]],
        rules.BK_TINH: [
            rules.AWARD_NAMES[rules.BK_TINH],
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Bằng khen Chủ tịch UBND tỉnh",
            "Bằng khen của UBND tỉnh",
            "Bằng khen UBND tỉnh",
            "Bằng khen tỉnh",
        ],
        rules.BK_TTG: [
            rules.AWARD_NAMES[rules.BK_TTG],
            "Bằng khen Thủ tướng Chính phủ",
            "Bằng khen của Thủ tướng",
            "Bằng khen Thủ tướng",
        ],
    }
)
_KINDS = _keys(
    {
        AwardRecord.Kind.REGULAR: ["thường xuyên"],
        AwardRecord.Kind.CHUYEN_DE: ["chuyên đề", "theo chuyên đề"],
        AwardRecord.Kind.DOT: ["đợt", "theo đợt"],
        AwardRecord.Kind.DOT_XUAT: ["đột xuất"],
    }
)
_SOURCES = _keys(
    {
        **{
            slug: [name, *aliases]
            for slug, name, aliases in (
                ("police", rules.LISTING_SOURCE_NAMES["police"], ["Công an"]),
                ("tax", rules.LISTING_SOURCE_NAMES["tax"], ["Thuế", "Cục Thuế"]),
                (
                    "social_insurance",
                    rules.LISTING_SOURCE_NAMES["social_insurance"],
                    ["Bảo hiểm xã hội", "BHXH", "Bảo hiểm xã hội tỉnh"],
                ),
                (
                    "inspectorate",
                    rules.LISTING_SOURCE_NAMES["inspectorate"],
                    ["Thanh tra"],
                ),
                (
                    "agriculture_environment",
                    rules.LISTING_SOURCE_NAMES["agriculture_environment"],
                    ["Nông nghiệp và Môi trường"],
                ),
                ("health", rules.LISTING_SOURCE_NAMES["health"], ["Y tế"]),
                ("home_affairs", rules.LISTING_SOURCE_NAMES["home_affairs"], []),
            )
        }
    }
)
assert set(_SOURCES.values()) == set(ViolationListing.Source.values)  # noqa: S101

FIRST_YEAR, LAST_YEAR = 1945, 2200
# A head count no unit reaches; larger numbers are typing mistakes (and would not
# fit the column).
MAX_COUNT = 1_000_000
_BATCH = 1_000
_CHUNK = 2_000  # ids per ``IN (…)`` query


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Who may import ------------------------------------------------------------------

# The kinds, the actions their rows need (person rows, unit rows).
ACTIONS = {
    "ratings": ("award.facts", "award.unit_facts"),
    "award-records": ("award.facts", "award.unit_facts"),
    "staff-summaries": (None, "award.facts"),
    "violation-listings": ("award.listing", "award.listing"),
}


def may_import(actor: Any, kind: str, province: Province | None = None) -> bool:
    """Whether the actor may import some rows of ``kind`` (in ``province``, or in
    any province when None): a grant with one of the actions its rows need."""
    if is_superuser(actor):
        return True
    for action in {a for a in ACTIONS[kind] if a}:
        for g in grants_for(actor, action):
            if province is None or g.province == province.pk:
                return True
    return False


def _require(actor: Any, kind: str, province: Province) -> None:
    if not may_import(actor, kind, province):
        raise DomainError("PERMISSION_DENIED")


# --- Subjects: people and units of the province --------------------------------------


@dataclass(frozen=True)
class _Subject:
    person: int | None
    unit: int  # the person's unit, or the unit itself

    @property
    def key(self) -> tuple[str, int]:
        return ("person", self.person) if self.person else ("unit", self.unit)


class _Subjects:
    """The units of the province by id or name, the people the file names (by id,
    or by name within a unit), and what the actor may enter for each (a fixed
    number of queries, plus one per 2,000 people named)."""

    def __init__(
        self,
        actor: Any,
        province: Province,
        rows: Sequence[SheetRow],
        person_action: str | None,
        unit_action: str,
    ) -> None:
        self.actor, self.province = actor, province
        self.person_action, self.unit_action = person_action, unit_action
        units = list(
            Unit.objects.filter(province=province).only(
                "id", "name", "valid_to", "province_id"
            )
        )
        self.by_id = {u.pk: u for u in units}
        self.by_name = _by_name_key(units)
        self.blocks: dict[int, set[int]] = defaultdict(set)
        for unit_id, block_id in Membership.objects.filter(
            unit__province=province
        ).values_list("unit_id", "block_year__block_id"):
            self.blocks[unit_id].add(block_id)
        self._allowed: dict[tuple[str, int], bool] = {}
        self.people: dict[int, int] = {}  # person id → unit id
        self.people_named: dict[tuple[int, str], list[int]] = defaultdict(list)
        if person_action is not None:
            self._load_people(rows)

    def _load_people(self, rows: Sequence[SheetRow]) -> None:
        ids, units_named = set(), set()
        for row in rows:
            raw = row.get("person")
            number = cell_int(raw)
            if number is not None:
                if 0 < number <= MAX_ID:
                    ids.add(number)
            elif cell_text(raw):
                unit, _problem = self.unit(row.get("unit"))
                if unit is not None:
                    units_named.add(unit.pk)
        for chunk in _chunks(sorted(ids)):
            self.people.update(
                Person.objects.filter(pk__in=chunk, unit__province=self.province)
                .values_list("pk", "unit_id")
                .iterator()
            )
        for chunk in _chunks(sorted(units_named)):
            for pk, name, unit_id in Person.objects.filter(
                unit_id__in=chunk
            ).values_list("pk", "full_name", "unit_id"):
                self.people_named[(unit_id, _name_key(name))].append(pk)

    def unit(self, raw: Any) -> tuple[Unit | None, str]:
        """The unit a cell names, or None and the problem."""
        text = cell_text(raw)
        number = cell_int(raw)
        if number is not None and number in self.by_id:
            return self.by_id[number], ""
        found = _one_named(self.by_name.get(_name_key(text), []))
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _(
                "Several units of the province are named “%(name)s”; write the "
                "unit's id instead."
            ) % {"name": text}
        return None, _("There is no unit named “%(name)s” in the province.") % {
            "name": text
        }

    def allows(self, action: str, unit_id: int) -> bool:
        key = (action, unit_id)
        if key not in self._allowed:
            scope = Scope(
                province=self.province.pk,
                blocks=frozenset(self.blocks[unit_id]),
                unit=unit_id,
            )
            self._allowed[key] = can(self.actor, action, scope)
        return self._allowed[key]

    def find(
        self, problems: _Problems, row: SheetRow, columns: dict[str, Column]
    ) -> _Subject | None:
        """The row's person or unit, once the actor may enter facts for it."""
        person_column, unit_column = columns.get("person"), columns["unit"]
        person_raw = row.get("person") if person_column else None
        person_text = cell_text(person_raw)
        if person_text and person_column is not None:
            return self._person(problems, row, person_column, unit_column)
        if not cell_text(row.get("unit")):
            problems.add(row.number, unit_column, _("This cell must not be empty."))
            return None
        unit, problem = self.unit(row.get("unit"))
        if unit is None:
            problems.add(row.number, unit_column, problem)
            return None
        if not self.allows(self.unit_action, unit.pk):
            problems.add(
                row.number,
                unit_column,
                _("You may not enter this unit's records."),
            )
            return None
        return _Subject(person=None, unit=unit.pk)

    def _person(
        self,
        problems: _Problems,
        row: SheetRow,
        person_column: Column,
        unit_column: Column,
    ) -> _Subject | None:
        raw = row.get("person")
        number = cell_int(raw)
        person: int | None = None
        if number is not None:
            if number in self.people:
                person = number
            else:
                problems.add(
                    row.number,
                    person_column,
                    _("There is no person with id %(id)s in the province.")
                    % {"id": number},
                )
                return None
        else:
            if not cell_text(row.get("unit")):
                problems.add(
                    row.number,
                    unit_column,
                    _("Write the person's unit, or the person's id instead."),
                )
                return None
            unit, problem = self.unit(row.get("unit"))
            if unit is None:
                problems.add(row.number, unit_column, problem)
                return None
            text = cell_text(raw)
            found = self.people_named.get((unit.pk, _name_key(text)), [])
            if len(found) > 1:
                problems.add(
                    row.number,
                    person_column,
                    _(
                        "Several people of this unit are named “%(name)s”; write the "
                        "person's id instead."
                    )
                    % {"name": text},
                )
                return None
            if not found:
                problems.add(
                    row.number,
                    person_column,
                    _("There is no person named “%(name)s” in this unit.")
                    % {"name": text},
                )
                return None
            person = found[0]
            self.people[person] = unit.pk
        unit_id = self.people[person]
        if not self.allows(self.person_action or "", unit_id):
            problems.add(
                row.number,
                person_column,
                _("You may not enter this person's records."),
            )
            return None
        return _Subject(person=person, unit=unit_id)


# --- Cells ---------------------------------------------------------------------------


def _year(problems: _Problems, row: SheetRow, column: Column) -> int | None:
    raw = row.get(column.key)
    year = cell_int(raw)
    if not cell_text(raw):
        problems.add(row.number, column, _("This cell must not be empty."))
    elif year is None:
        problems.add(row.number, column, _("Enter a year, e.g. 2024."))
    elif not FIRST_YEAR <= year <= LAST_YEAR:
        problems.add(
            row.number,
            column,
            _("The year must be between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
        year = None
    return year


def _choice(
    problems: _Problems,
    row: SheetRow,
    column: Column,
    table: dict[str, str],
    message: str,
    *,
    default: str | None = None,
) -> str | None:
    text = cell_text(row.get(column.key))
    if not text:
        if default is not None:
            return default
        problems.add(row.number, column, _("This cell must not be empty."))
        return None
    found = table.get(_name_key(text))
    if found is None:
        problems.add(row.number, column, message)
    return found


def _text(problems: _Problems, row: SheetRow, column: Column, max_length: int) -> str:
    value = cell_text(row.get(column.key))
    if column.required and not value:
        problems.add(row.number, column, _("This cell must not be empty."))
    elif len(value) > max_length:
        problems.add(
            row.number,
            column,
            _("The text is longer than %(count)d characters.") % {"count": max_length},
        )
        value = ""
    return value


def _date(problems: _Problems, row: SheetRow, column: Column) -> date | None:
    raw = row.get(column.key)
    try:
        day = cell_date(raw)
    except (ValueError, OverflowError):
        problems.add(row.number, column, _("Enter a date as dd/mm/yyyy."))
        return None
    if day is None and column.required:
        problems.add(row.number, column, _("This cell must not be empty."))
    elif day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        problems.add(
            row.number,
            column,
            _("The year must be between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
        return None
    return day


def _count(problems: _Problems, row: SheetRow, column: Column) -> int | None:
    raw = row.get(column.key)
    if not cell_text(raw):
        if column.required:
            problems.add(row.number, column, _("This cell must not be empty."))
        return None
    number = cell_int(raw)
    if number is None or not 0 <= number <= MAX_COUNT:
        problems.add(
            row.number,
            column,
            _("Enter a whole number from 0 to %(max)d.") % {"max": MAX_COUNT},
        )
        return None
    return number


def _duplicate(
    problems: _Problems,
    seen: dict[Any, int],
    key: Any,
    row: SheetRow,
    column: Column,
) -> bool:
    """Whether ``key`` was in an earlier row of the file (then reported)."""
    if key in seen:
        problems.add(
            row.number,
            column,
            _("This row repeats row %(row)d of the file.") % {"row": seen[key]},
        )
        return True
    seen[key] = row.number
    return False


def _subject_fields(subject: _Subject) -> dict[str, int | None]:
    if subject.person:
        return {"person_id": subject.person, "unit_id": None}
    return {"person_id": None, "unit_id": subject.unit}


def _existing(
    model, subjects: Iterable[_Subject], *, lock: bool = False, **filters: Any
) -> list[Any]:
    """Rows of ``model`` about these subjects (matching ``filters``), in chunks;
    ``lock``: for update (inside the import's transaction)."""
    people = sorted({s.person for s in subjects if s.person})
    units = sorted({s.unit for s in subjects if not s.person})
    found: list[Any] = []
    rows = model.objects.select_for_update() if lock else model.objects.all()
    for chunk in _chunks(people):
        found.extend(rows.filter(person_id__in=chunk, **filters))
    for chunk in _chunks(units):
        found.extend(rows.filter(unit_id__in=chunk, **filters))
    return found


def _key_of(obj: Any) -> tuple[str, int]:
    return ("person", obj.person_id) if obj.person_id else ("unit", obj.unit_id)


# --- Results -------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import wrote: the ids of new rows and of replaced ones, and every
    row's id in the order of the file; ``replaced``: ``[id, before, after]`` of the
    rows it changed (for the audit event)."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    items: list[int] = field(default_factory=list)
    replaced: list[Any] = field(default_factory=list)


def _audit(actor: Any, verb: str, province: Province, result: ImportResult) -> None:
    """One event for the whole import."""
    if not result.items:
        return
    audit.record(
        actor=actor,
        verb=verb,
        target=province,
        province_id=province.pk,
        before={"replaced": result.replaced} if result.replaced else None,
        after={
            "count": len(result.items),
            "created": result.created,
            "updated": result.updated,
        },
    )


def _columns(columns: Sequence[Column]) -> dict[str, Column]:
    return {c.key: c for c in columns}


# --- Ratings -------------------------------------------------------------------------


@dataclass
class _RatingRow:
    subject: _Subject
    year: int
    level: str


def import_ratings(
    *, actor: Any, province: Province, rows: Iterable[SheetRow]
) -> ImportResult:
    """Annual ratings (htxs/htt/ht/kht, or their Vietnamese names) of people and
    units, all rows or none; a rating already recorded for the year is replaced."""
    _require(actor, "ratings", province)
    rows = list(rows)
    columns = _columns(RATING_COLUMNS)
    problems = _Problems()
    subjects = _Subjects(actor, province, rows, "award.facts", "award.unit_facts")
    seen: dict[Any, int] = {}
    parsed: list[_RatingRow] = []
    for row in rows:
        subject = subjects.find(problems, row, columns)
        year = _year(problems, row, columns["year"])
        level = _choice(
            problems,
            row,
            columns["rating"],
            _RATINGS,
            _(
                "Write one of: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, "
                "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ (or htxs, htt, ht, "
                "kht)."
            ),
        )
        if subject is None or year is None or level is None:
            continue
        if _duplicate(problems, seen, (subject.key, year), row, columns["year"]):
            continue
        parsed.append(_RatingRow(subject, year, level))
    problems.raise_if_any()

    with transaction.atomic():
        result = _write_ratings(parsed)
        _audit(actor, "awards.ratings.imported", province, result)
    return result


def _write_ratings(parsed: list[_RatingRow]) -> ImportResult:
    existing = {
        (_key_of(r), r.year): r
        for r in _existing(
            Rating,
            [p.subject for p in parsed],
            lock=True,
            year__in=sorted({p.year for p in parsed}),
        )
    }
    now = timezone.now()
    result = ImportResult()
    new: list[Rating] = []
    changed: list[Rating] = []
    ordered: list[Rating] = []
    for item in parsed:
        rating = existing.get((item.subject.key, item.year))
        if rating is None:
            rating = Rating(
                year=item.year, level=item.level, **_subject_fields(item.subject)
            )
            new.append(rating)
        elif rating.level != item.level:
            result.replaced.append([rating.pk, rating.level, item.level])
            rating.level, rating.updated_at = item.level, now
            changed.append(rating)
        ordered.append(rating)
    Rating.objects.bulk_create(new, batch_size=_BATCH)
    Rating.objects.bulk_update(changed, ["level", "updated_at"], batch_size=_BATCH)
    result.created = [r.pk for r in new]
    result.updated = [r.pk for r in changed]
    result.items = [r.pk for r in ordered]
    return result


# --- Past awards (history import) ----------------------------------------------------


@dataclass
class _AwardRow:
    subject: _Subject
    award: str
    year: int
    decision_number: str
    decision_date: date | None
    kind: str


def import_award_records(
    *, actor: Any, province: Province, rows: Iterable[SheetRow]
) -> ImportResult:
    """Past awards with their decision (number, date), all rows or none: read by
    next years' eligibility. An award already in the history (same subject, award
    and year) is a problem, so a file sent twice adds nothing twice."""
    _require(actor, "award-records", province)
    rows = list(rows)
    columns = _columns(AWARD_RECORD_COLUMNS)
    problems = _Problems()
    subjects = _Subjects(actor, province, rows, "award.facts", "award.unit_facts")
    seen: dict[Any, int] = {}
    parsed: list[tuple[SheetRow, _AwardRow]] = []
    for row in rows:
        subject = subjects.find(problems, row, columns)
        award = _choice(
            problems,
            row,
            columns["award"],
            _AWARDS,
            _(
                "Unknown award; write its name, e.g. “Bằng khen của Chủ tịch Ủy ban "
                "nhân dân tỉnh” or “Chiến sĩ thi đua cơ sở”."
            ),
        )
        year = _year(problems, row, columns["year"])
        number = _text(problems, row, columns["decision_number"], 60)
        day = _date(problems, row, columns["decision_date"])
        kind = _choice(
            problems,
            row,
            columns["kind"],
            _KINDS,
            _("Write Thường xuyên, Chuyên đề, Theo đợt or Đột xuất."),
            default=AwardRecord.Kind.REGULAR,
        )
        if subject is None or award is None or year is None or kind is None:
            continue
        if subject.person and award in rules.COLLECTIVE_AWARDS:
            problems.add(
                row.number, columns["award"], _("This award is given to units only.")
            )
            continue
        if not subject.person and award in rules.INDIVIDUAL_AWARDS:
            problems.add(
                row.number, columns["award"], _("This award is given to people only.")
            )
            continue
        if _duplicate(
            problems, seen, (subject.key, award, year), row, columns["award"]
        ):
            continue
        parsed.append((row, _AwardRow(subject, award, year, number, day, kind)))
    if parsed and not problems.rows:
        held = {
            (_key_of(r), r.award, r.year)
            for r in _existing(
                AwardRecord,
                [p.subject for _, p in parsed],
                year__in=sorted({p.year for _, p in parsed}),
            )
        }
        for row, item in parsed:
            if (item.subject.key, item.award, item.year) in held:
                problems.add(
                    row.number,
                    columns["award"],
                    _("This award of %(year)d is already in the history.")
                    % {"year": item.year},
                )
    problems.raise_if_any()

    with transaction.atomic():
        records = [
            AwardRecord(
                award=item.award,
                year=item.year,
                kind=item.kind,
                decision_number=normalize(item.decision_number),
                decision_date=item.decision_date,
                province_id=province.pk,
                **_subject_fields(item.subject),
            )
            for _, item in parsed
        ]
        AwardRecord.objects.bulk_create(records, batch_size=_BATCH)
        ids = [r.pk for r in records]
        result = ImportResult(created=ids, items=ids)
        _audit(actor, "awards.records.imported", province, result)
    return result


# --- Staff summaries -----------------------------------------------------------------

_STAFF_COUNTS = (
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "completed_tasks",
    "disciplined_canh_cao_or_above",
    "women",
)


def import_staff_summaries(
    *, actor: Any, province: Province, rows: Iterable[SheetRow]
) -> ImportResult:
    """Units' yearly staff summaries (members, LĐTT, CSTĐCS, tasks completed,
    disciplined, women), all rows or none; a summary already recorded for the year
    is replaced."""
    _require(actor, "staff-summaries", province)
    rows = list(rows)
    columns = _columns(STAFF_SUMMARY_COLUMNS)
    problems = _Problems()
    subjects = _Subjects(actor, province, rows, None, "award.facts")
    seen: dict[Any, int] = {}
    parsed: list[tuple[_Subject, int, dict[str, int | None]]] = []
    for row in rows:
        subject = subjects.find(problems, row, columns)
        year = _year(problems, row, columns["year"])
        values = {
            name: _count(problems, row, columns[name])
            for name in ("members", *_STAFF_COUNTS)
        }
        members = values["members"]
        for name in _STAFF_COUNTS:
            value = values[name]
            if members is not None and value is not None and value > members:
                problems.add(
                    row.number,
                    columns[name],
                    _("More than the unit's %(members)d members.")
                    % {"members": members},
                )
                values[name] = None
        if subject is None or year is None:
            continue
        if any(values[name] is None for name in _STAFF_COUNTS[:-1]):
            continue
        if members is None:
            continue
        if _duplicate(problems, seen, (subject.unit, year), row, columns["year"]):
            continue
        parsed.append((subject, year, values))
    problems.raise_if_any()

    fields = ["members", *_STAFF_COUNTS]
    with transaction.atomic():
        units = sorted({s.unit for s, _, _ in parsed})
        existing: dict[tuple[int, int], StaffSummary] = {}
        rows_of = StaffSummary.objects.select_for_update()
        for chunk in _chunks(units):
            for summary in rows_of.filter(
                unit_id__in=chunk, year__in=sorted({y for _, y, _ in parsed})
            ):
                existing[(summary.unit_id, summary.year)] = summary
        now = timezone.now()
        result = ImportResult()
        new: list[StaffSummary] = []
        changed: list[StaffSummary] = []
        ordered: list[StaffSummary] = []
        for subject, year, values in parsed:
            summary = existing.get((subject.unit, year))
            if summary is None:
                summary = StaffSummary(unit_id=subject.unit, year=year, **values)
                new.append(summary)
            else:
                before = audit.snapshot(summary, fields)
                if any(before[name] != values[name] for name in fields):
                    for name in fields:
                        setattr(summary, name, values[name])
                    summary.updated_at = now
                    changed.append(summary)
                    result.replaced.append([summary.pk, before, values])
            ordered.append(summary)
        StaffSummary.objects.bulk_create(new, batch_size=_BATCH)
        StaffSummary.objects.bulk_update(
            changed, [*fields, "updated_at"], batch_size=_BATCH
        )
        result.created = [s.pk for s in new]
        result.updated = [s.pk for s in changed]
        result.items = [s.pk for s in ordered]
        _audit(actor, "awards.staff_summaries.imported", province, result)
    return result


# --- Violation listings --------------------------------------------------------------


def import_violation_listings(
    *, actor: Any, province: Province, rows: Iterable[SheetRow]
) -> ImportResult:
    """The lists the police, tax, social insurance and the inspectorate send before
    10/12: each row a listed person or unit, the agency that sent it, the day and
    what was reported. All rows or none; a listing already recorded (same subject,
    agency and day) is a problem."""
    _require(actor, "violation-listings", province)
    rows = list(rows)
    columns = _columns(VIOLATION_LISTING_COLUMNS)
    problems = _Problems()
    subjects = _Subjects(actor, province, rows, "award.listing", "award.listing")
    seen: dict[Any, int] = {}
    parsed: list[tuple[SheetRow, _Subject, str, date, str]] = []
    for row in rows:
        subject = subjects.find(problems, row, columns)
        source = _choice(
            problems,
            row,
            columns["source"],
            _SOURCES,
            _(
                "Unknown agency; write e.g. Công an tỉnh, Cơ quan Thuế, Bảo hiểm xã "
                "hội, Thanh tra tỉnh."
            ),
        )
        listed_on = _date(problems, row, columns["listed_on"])
        note = _text(problems, row, columns["note"], 500)
        if subject is None or source is None or listed_on is None:
            continue
        key = (subject.key, source, listed_on)
        if _duplicate(problems, seen, key, row, columns["source"]):
            continue
        parsed.append((row, subject, source, listed_on, note))
    if parsed and not problems.rows:
        recorded = {
            (_key_of(v), v.source, v.listed_on)
            for v in _existing(
                ViolationListing,
                [s for _, s, _, _, _ in parsed],
                listed_on__in=sorted({d for _, _, _, d, _ in parsed}),
            )
        }
        for row, subject, source, listed_on, _note in parsed:
            if (subject.key, source, listed_on) in recorded:
                problems.add(
                    row.number,
                    columns["source"],
                    _("This listing is already recorded."),
                )
    problems.raise_if_any()

    with transaction.atomic():
        listings = [
            ViolationListing(
                source=source,
                listed_on=listed_on,
                note=normalize(note),
                **_subject_fields(subject),
            )
            for _, subject, source, listed_on, note in parsed
        ]
        ViolationListing.objects.bulk_create(listings, batch_size=_BATCH)
        ids = [v.pk for v in listings]
        result = ImportResult(created=ids, items=ids)
        _audit(actor, "awards.listings.imported", province, result)
    return result


IMPORTERS = {
    "ratings": (import_ratings, RATING_COLUMNS),
    "award-records": (import_award_records, AWARD_RECORD_COLUMNS),
    "staff-summaries": (import_staff_summaries, STAFF_SUMMARY_COLUMNS),
    "violation-listings": (import_violation_listings, VIOLATION_LISTING_COLUMNS),
}
