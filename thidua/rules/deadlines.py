"""Deadlines and lateness (domain.md §6.4, §6.10; §9 rule 26; api.md).

Lateness is computed from dates, never typed in. A late-document deduction counts
once per requirement received after its due date or still missing at it (never per
day); in the ``year`` period for every requirement, in ``mid`` only for requirements
due on or before 30/06; a waiver with a reason cancels one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MID_YEAR_CUTOFF = (6, 30)


def days_late(*, due: date, received: date | None, today: date) -> int | None:
    """Whole days after the due date; 0 when on time; None when not received and the
    due date has not passed yet. A missing document counts from the due date to today.
    """
    if received is not None:
        return max(0, (received - due).days)
    if today > due:
        return (today - due).days
    return None


def is_late(*, due: date, received: date | None, today: date) -> bool:
    late = days_late(due=due, received=received, today=today)
    return bool(late)


@dataclass(frozen=True)
class Obligation:
    """One requirement for one unit: due date, day received (if any), waived?"""

    requirement: int
    due: date
    received: date | None
    waived: bool = False


def counts_in_period(due: date, period: str, year: int) -> bool:
    if period == "year":
        return True
    return due <= date(year, *MID_YEAR_CUTOFF)


def late_items(
    obligations: Iterable[Obligation], *, period: str, year: int, today: date
) -> list[int]:
    """Requirements that cost a deduction in the period (waived ones excluded)."""
    return [
        o.requirement
        for o in obligations
        if counts_in_period(o.due, period, year)
        and not o.waived
        and is_late(due=o.due, received=o.received, today=today)
    ]


def late_deduction(
    obligations: Iterable[Obligation],
    *,
    period: str,
    year: int,
    today: date,
    per_item: Decimal,
) -> Decimal:
    return per_item * len(
        late_items(obligations, period=period, year=year, today=today)
    )
