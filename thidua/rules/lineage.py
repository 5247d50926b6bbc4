"""Reorganisations: mergers and splits carry history (domain.md §2.2 item 3, §8 item 2).

A unit's history — memberships, ratings, awards, consecutive-year chains — is its own
plus that of every predecessor, transitively. From the effective date of a
reorganisation the successor holds a block membership; before it, the sources do.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from thidua.rules import RuleViolation
from thidua.rules.blocks import senior_role


def predecessors_of(unit: int, predecessors: Mapping[int, Iterable[int]]) -> list[int]:
    """Every unit whose history flows into ``unit``, nearest first, each once."""
    seen: set[int] = {unit}
    order: list[int] = []
    frontier = [unit]
    while frontier:
        nxt: list[int] = []
        for u in frontier:
            for p in sorted(predecessors.get(u, ())):
                if p not in seen:
                    seen.add(p)
                    order.append(p)
                    nxt.append(p)
        frontier = nxt
    return order


def check_reorganization(
    *, sources: Sequence[int], targets: Sequence[int | str], ended: Mapping[int, date]
) -> None:
    """Sources must be distinct, still valid at the date, and there must be targets.

    ``ended`` maps a source already closed to the day its validity ended.
    """
    if not sources:
        raise RuleViolation("SOURCES_REQUIRED")
    if not targets:
        raise RuleViolation("TARGETS_REQUIRED")
    if len(set(sources)) != len(sources):
        raise RuleViolation("DUPLICATE_SOURCE")
    closed = sorted(u for u in sources if u in ended)
    if closed:
        raise RuleViolation("UNIT_ALREADY_REORGANIZED", {"units": closed})
    if any(t in sources for t in targets if isinstance(t, int)):
        raise RuleViolation("TARGET_IS_SOURCE")


@dataclass(frozen=True)
class Span:
    """A source's membership of one block year, between two dates (inclusive)."""

    membership: int
    block_year: int
    role: str
    starts: date
    ends: date


@dataclass(frozen=True)
class Handover:
    """What a reorganisation does to one block year.

    ``close`` memberships end the day before the effective date; ``drop`` memberships
    would only start on or after it, so they go; the successor joins with ``role``
    from ``starts`` (unless it is already a member).
    """

    block_year: int
    close: tuple[int, ...]
    drop: tuple[int, ...]
    role: str
    starts: date


def plan_handover(spans: Iterable[Span], effective: date) -> list[Handover]:
    """Split the sources' memberships at the effective date.

    The successor takes the most senior role its sources held in that block year
    (head > deputy > member). Memberships that ended before the date are untouched.
    """
    by_year: dict[int, list[Span]] = {}
    for span in spans:
        if span.ends >= effective:
            by_year.setdefault(span.block_year, []).append(span)
    plans = []
    for block_year, group in sorted(by_year.items()):
        close = tuple(s.membership for s in group if s.starts < effective)
        drop = tuple(s.membership for s in group if s.starts >= effective)
        starts = max(effective, min(s.starts for s in group))
        plans.append(
            Handover(
                block_year=block_year,
                close=close,
                drop=drop,
                role=senior_role(s.role for s in group),
                starts=starts,
            )
        )
    return plans


def day_before(d: date) -> date:
    return d - timedelta(days=1)
