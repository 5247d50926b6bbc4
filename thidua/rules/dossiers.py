"""Proposal dossiers: checklists, deadlines and SLA counters (domain.md §7; §9
rules 22–24).

Document kinds (api.md ``POST /proposals/{id}/documents``, field ``kind``):
``to_trinh`` (tờ trình), ``bao_cao_thanh_tich`` (báo cáo thành tích), ``bien_ban``
(biên bản bình xét / xét khen thưởng with the vote results), ``xac_nhan``
(certification of the initiative, scientific work or excellent rating),
``bien_ban_hoi_dong_tinh`` (minutes and vote results of the provincial council,
for state-level awards). State-level proposals need every document as Word *and*
PDF (rule 22).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from thidua.rules import RuleViolation
from thidua.rules.eligibility import (
    AWARD_NAMES,
    BK_TTG,
    CO_CP,
    CSTD_TINH,
    CSTD_TQ,
    CSTDCS,
    DEFAULT_PARAMS,
    DOCUMENT_NAMES,
    Params,
)
from thidua.rules.legal import source_for

TO_TRINH = "to_trinh"
BAO_CAO = "bao_cao_thanh_tich"
BIEN_BAN = "bien_ban"
XAC_NHAN = "xac_nhan"
BIEN_BAN_TINH = "bien_ban_hoi_dong_tinh"
DOCUMENT_KINDS = tuple(DOCUMENT_NAMES)

WORD, PDF = "docx", "pdf"
STATE_LEVEL = frozenset({CO_CP, BK_TTG, CSTD_TQ})
# §7.1(d): titles that need the initiative / scientific work / htxs certification.
NEEDS_CERTIFICATION = frozenset({CSTDCS, CSTD_TINH, CSTD_TQ})


@dataclass(frozen=True)
class Attachment:
    kind: str
    format: str  # file type checked by content: "pdf", "docx", "xlsx", "jpeg", "png"


@dataclass(frozen=True)
class Gap:
    """A required document still missing, with the formats it lacks."""

    kind: str
    formats: tuple[str, ...]


def is_state_level(award: str) -> bool:
    return award in STATE_LEVEL


def required_documents(award: str, *, initiatives: bool = False) -> tuple[str, ...]:
    """Rule 22 / §7.1: tờ trình, báo cáo thành tích and biên bản for every title and
    form; the certification for CSTĐCS, CSTĐ tỉnh, CSTĐ toàn quốc (and for a form
    that rests on initiatives); the provincial council's minutes at state level."""
    if award not in AWARD_NAMES:
        raise RuleViolation("AWARD_UNKNOWN", {"award": award})
    kinds = [TO_TRINH, BAO_CAO, BIEN_BAN]
    if award in NEEDS_CERTIFICATION or initiatives:
        kinds.append(XAC_NHAN)
    if award in STATE_LEVEL:
        kinds.append(BIEN_BAN_TINH)
    return tuple(kinds)


def dossier_gaps(
    award: str, attached: Iterable[Attachment], *, initiatives: bool = False
) -> tuple[Gap, ...]:
    have: dict[str, set[str]] = {}
    for a in attached:
        have.setdefault(a.kind, set()).add(a.format.lower())
    gaps = []
    for kind in required_documents(award, initiatives=initiatives):
        formats = have.get(kind, set())
        if is_state_level(award):
            lacking = tuple(f for f in (WORD, PDF) if f not in formats)
        else:
            lacking = () if formats else (PDF,)
        if lacking:
            gaps.append(Gap(kind, lacking))
    return tuple(gaps)


def missing_documents(
    award: str, attached: Iterable[Attachment], *, initiatives: bool = False
) -> tuple[str, ...]:
    """api.md ``missing_documents: [kind]``."""
    return tuple(g.kind for g in dossier_gaps(award, attached, initiatives=initiatives))


def check_dossier_complete(
    award: str, attached: Iterable[Attachment], *, initiatives: bool = False
) -> None:
    """A proposal moves to ``submitted`` only with a complete dossier (422
    ``DOSSIER_INCOMPLETE``)."""
    gaps = dossier_gaps(award, attached, initiatives=initiatives)
    if gaps:
        raise RuleViolation(
            "DOSSIER_INCOMPLETE",
            {
                "missing": [g.kind for g in gaps],
                "formats": {g.kind: g.formats for g in gaps},
            },
        )


# --- deadlines (rule 23) -----------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    kind: str  # provincial / education / state
    due: date
    legal_basis: str


def proposal_deadlines(
    award: str,
    year: int,
    params: Params = DEFAULT_PARAMS,
    *,
    education: bool = False,
) -> tuple[Deadline, ...]:
    """When the dossier for the year's ``award`` is due.

    To Sở Nội vụ: ⚙ 10/12 of the year (education sector ⚙ 10/7). State-level awards
    also reach MoHA by ⚙ 30/06 (Government flag) or 31/12 (CSTĐ toàn quốc) of the
    following year [C-old: Decree 98 art. 32].
    """
    month, day = params.education_deadline if education else params.annual_deadline
    on = date(year, month, day)
    out = [
        Deadline(
            "education" if education else "provincial",
            on,
            str(source_for("deadline_provincial", on, params.legal)),
        )
    ]
    state: tuple[int, int] | None = None
    if award == CO_CP:
        state = params.government_flag_deadline
    elif award == CSTD_TQ:
        state = params.cstd_toan_quoc_deadline
    if state is not None:
        due = date(year + 1, *state)
        out.append(
            Deadline("state", due, str(source_for("deadline_state", due, params.legal)))
        )
    return tuple(out)


def event_proposal_deadline(event: date, params: Params = DEFAULT_PARAMS) -> date:
    """Conference and thematic proposals arrive ≥ ⚙ 10 days before the event
    (ad-hoc awards excepted)."""
    return event - timedelta(days=params.event_lead_days)


def violation_list_deadline(year: int, params: Params = DEFAULT_PARAMS) -> date:
    return date(year, *params.violation_list_deadline)


def statistics_deadline(year: int, params: Params = DEFAULT_PARAMS) -> date:
    """Statistical forms 0601–0605.N (TT 02/2023/TT-BNV): 15/12."""
    return date(year, *params.statistics_deadline)


def is_on_time(due: date, received: date) -> bool:
    return received <= due


# --- working days and SLA counters (rule 24) ---------------------------------------


@dataclass(frozen=True)
class WorkCalendar:
    """The administrator's calendar: public holidays (non-working weekdays) and the
    Government's swapped working days (Saturdays or Sundays worked instead)."""

    holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


NO_HOLIDAYS = WorkCalendar()


def add_working_days(start: date, days: int, calendar: WorkCalendar) -> date:
    """The ``days``-th working day after ``start`` (the day of receipt not counted)."""
    if days < 0:
        raise RuleViolation("SLA_INVALID", {"days": days})
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def disclosure_end(start: date, days: int, calendar: WorkCalendar) -> date:
    """Law art. 84(5), ⚙ ``disclosure_days``: the last day a list published on
    ``start`` stays public — ``days`` working days counting ``start`` (0 or 1: that
    day only)."""
    if days <= 1:
        return start
    return add_working_days(start, days - 1, calendar)


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end ≤ start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


# [C: S8 (Decision 311/QĐ-BNV), S9 (commune appraisal)].
SLA_WORKING_DAYS = {
    "return_incomplete": 5,
    "appraise": 20,
    "forward_decision": 10,
    "commune_appraise": 20,
}


@dataclass(frozen=True)
class SlaCounter:
    kind: str
    limit: int
    due: date
    used: int
    remaining: int
    overdue: bool
    legal_basis: str


def sla_counter(
    kind: str,
    started: date,
    *,
    today: date,
    calendar: WorkCalendar,
    done: date | None = None,
    params: Params = DEFAULT_PARAMS,
) -> SlaCounter:
    """Working days used and left for one step (rule 24): the clock stops on
    ``done``; ``overdue`` once more working days were used than allowed."""
    try:
        limit = SLA_WORKING_DAYS[kind]
    except KeyError:
        raise RuleViolation("SLA_UNKNOWN", {"kind": kind}) from None
    end = done or today
    used = working_days_between(started, end, calendar)
    rule = "sla_commune" if kind == "commune_appraise" else "sla_central"
    return SlaCounter(
        kind=kind,
        limit=limit,
        due=add_working_days(started, limit, calendar),
        used=used,
        remaining=max(0, limit - used),
        overdue=used > limit,
        legal_basis=str(source_for(rule, started, params.legal)),
    )
