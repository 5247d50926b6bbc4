"""Emulation movements, registrations and advanced models (domain.md §3.3, §4, §6.4).

Plain values only. A movement (phong trào thi đua) is regular, thematic or a short
campaign; a thematic movement lasting at least 3 years may end in the provincial
flag (§3.3), the Government's flag needs 5. Units register once a year for the
year's titles and once per movement; a person registers for at most one title a
year; a registration returned to its unit carries the reason.
"""

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from thidua.rules import RuleViolation

# Movement kinds (api.md vocabulary): thường xuyên, chuyên đề, đợt (a short thematic
# campaign; §3.3 models "đột xuất" movements as such campaigns).
REGULAR = "thuong_xuyen"
THEMATIC = "chuyen_de"
CAMPAIGN = "dot"
MOVEMENT_KINDS = (REGULAR, THEMATIC, CAMPAIGN)

# Award slugs (api.md vocabulary, §4.1, §4.2, §5).
INDIVIDUAL_TITLES = (
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_tinh",
    "chien_si_thi_dua_toan_quoc",
)
COLLECTIVE_TITLES = (
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_tinh",
    "co_thi_dua_chinh_phu",
)
FORMS = ("giay_khen", "bang_khen_tinh", "bang_khen_thu_tuong")
AWARDS = INDIVIDUAL_TITLES + COLLECTIVE_TITLES + FORMS

# §3.3: a thematic movement ends in a flag only when it lasts long enough — the
# province's flag after 3 years (TT 15/2025/TT-BXD; Law art. 26(2) likely similar),
# the Government's after 5 (Law art. 25(3)). A regular movement leads to the flags
# every year, through the blocks (§4.2: the leaders of the blocks).
FLAG_MIN_YEARS = {"co_thi_dua_tinh": 3, "co_thi_dua_chinh_phu": 5}

# Advanced models (§3.3 (4), §6.4 "Throughout"): điển hình tiên tiến, gương người tốt
# việc tốt, nhân tố mới.
MODEL_KINDS = ("dien_hinh_tien_tien", "nguoi_tot_viec_tot", "nhan_to_moi")


# --- Periods -------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_period(start: date, end: date) -> None:
    """A movement's period runs forward: it ends on or after the day it starts."""
    if end < start:
        raise RuleViolation("PERIOD_INVALID", {"start": start, "end": end})


def lasts_at_least(start: date, end: date, years: int) -> bool:
    """Whether the period from ``start`` to ``end`` (both included) covers ``years``
    whole years: 01/01/2024–31/12/2026 lasts 3 years, 02/01/2024–31/12/2026 does not.
    """
    if years <= 0:
        return True
    return end >= add_years(start, years) - timedelta(days=1)


def whole_years(start: date, end: date) -> int:
    """How many whole years the period covers (0 for less than a year)."""
    if end < start:
        return 0
    years = max(0, end.year - start.year - 1)
    while lasts_at_least(start, end, years + 1):
        years += 1
    return years


def years_of(start: date, end: date) -> range:
    """The calendar years a period touches."""
    return range(start.year, max(start.year, end.year) + 1)


def check_year_in_period(year: int, start: date, end: date) -> None:
    """A unit registers for a movement in a year the movement runs."""
    if year not in years_of(start, end):
        raise RuleViolation(
            "YEAR_OUTSIDE_MOVEMENT",
            {"year": year, "start": start.year, "end": end.year},
        )


# --- Movements -----------------------------------------------------------------------


def may_lead_to(kind: str, start: date, end: date, award: str) -> bool:
    """Whether a movement of ``kind`` over the period may lead to ``award`` (§3.3)."""
    if award not in AWARDS:
        return False
    minimum = FLAG_MIN_YEARS.get(award)
    if minimum is None or kind == REGULAR:
        return True
    return lasts_at_least(start, end, minimum)


def check_movement(kind: str, start: date, end: date, awards: Iterable[str]) -> None:
    """A movement's kind, period and the awards it may lead to (§3.3)."""
    if kind not in MOVEMENT_KINDS:
        raise RuleViolation("UNKNOWN_MOVEMENT_KIND", {"kind": kind})
    check_period(start, end)
    awards = list(awards)
    unknown = sorted({a for a in awards if a not in AWARDS})
    if unknown:
        raise RuleViolation("UNKNOWN_AWARD", {"awards": unknown})
    for award in awards:
        if not may_lead_to(kind, start, end, award):
            raise RuleViolation(
                "FLAG_NEEDS_LONGER_MOVEMENT",
                {"award": award, "years": FLAG_MIN_YEARS[award]},
            )


def applies_to(
    *,
    unit: int,
    unit_blocks: Collection[int],
    units: Collection[int],
    blocks: Collection[int],
) -> bool:
    """Whether a movement reaches a unit: listed itself, or a member of a listed block.
    A movement listing neither units nor blocks is for the whole province."""
    if not units and not blocks:
        return True
    return unit in units or any(b in blocks for b in unit_blocks)


# --- Registrations (đăng ký thi đua) -------------------------------------------------


@dataclass(frozen=True)
class RegistrationKey:
    """What a unit registers once: the year's titles (``movement`` None) or one
    movement, in a year."""

    unit: int
    year: int
    movement: int | None = None


def check_single_registration(
    key: RegistrationKey, existing: Collection[RegistrationKey]
) -> None:
    """A unit registers once per year for the year's titles, and once per movement."""
    if key in existing:
        raise RuleViolation(
            "ALREADY_REGISTERED",
            {"unit": key.unit, "year": key.year, "movement": key.movement},
        )


@dataclass(frozen=True)
class PersonEntry:
    """A person of the unit registering for an individual title."""

    person: int
    title: str


def check_people(
    entries: Iterable[PersonEntry],
    *,
    unit_people: Collection[int],
    taken: Mapping[int, str],
) -> None:
    """The people of a registration: each one of the unit's people, with an individual
    title, listed once; and none already registered for a title that year elsewhere
    (``taken``: person → title in the year's other registrations). A person holds at
    most one title a year (§4.1: the titles are yearly)."""
    seen: set[int] = set()
    for entry in entries:
        if entry.title not in INDIVIDUAL_TITLES:
            raise RuleViolation(
                "UNKNOWN_TITLE", {"title": entry.title, "person": entry.person}
            )
        if entry.person in seen:
            raise RuleViolation("PERSON_LISTED_TWICE", {"person": entry.person})
        seen.add(entry.person)
        if entry.person not in unit_people:
            raise RuleViolation("PERSON_NOT_IN_UNIT", {"person": entry.person})
        if entry.person in taken:
            raise RuleViolation(
                "PERSON_ALREADY_REGISTERED",
                {"person": entry.person, "title": taken[entry.person]},
            )


def check_unit_title(title: str) -> None:
    """A unit registers, if at all, for a collective title (§4.2)."""
    if title and title not in COLLECTIVE_TITLES:
        raise RuleViolation("UNKNOWN_TITLE", {"title": title})


def check_return_reason(reason: str) -> None:
    """A registration goes back to its unit only with the reason (what to change)."""
    if not reason.strip():
        raise RuleViolation("REASON_REQUIRED")


# --- Advanced models ------------------------------------------------------------------


def check_model_subject(*, person: int | None, collective: str) -> None:
    """An advanced model is one person or one collective, never both or neither."""
    if (person is None) == (not collective.strip()):
        raise RuleViolation("MODEL_SUBJECT_REQUIRED")


# --- Copying a block year into the next (§6.3, §6.4) ----------------------------------

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def next_year_text(text: str, year: int) -> str:
    """A title or theme of ``year`` written for the next year: "năm 2024" becomes
    "năm 2025"; other numbers stay."""
    return _YEAR.sub(
        lambda m: str(year + 1) if int(m.group(1)) == year else m.group(1), text
    )
