"""Ranking of a block's units (api.md "The block's year"; domain.md §6.6).

Standard competition ranking (1, 2, 2, 4) with no tie-break; units without a final
sheet come last with no total and no rank.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Ranked:
    unit: Hashable
    total: Decimal | None
    rank: int | None
    tied: bool


def rank_units(totals: Sequence[tuple[Hashable, Decimal | None]]) -> list[Ranked]:
    """Best first. Equal totals share a rank and are marked ``tied``; among them, and
    among the unranked, the input order is kept (callers pass Vietnamese name order).
    """
    scored = [(u, t) for u, t in totals if t is not None]
    unscored = [u for u, t in totals if t is None]
    ordered = sorted(enumerate(scored), key=lambda item: (-item[1][1], item[0]))
    counts: dict[Decimal, int] = {}
    for _, (_, total) in ordered:
        counts[total] = counts.get(total, 0) + 1
    out: list[Ranked] = []
    rank = 0
    previous: Decimal | None = None
    for position, (_, (unit, total)) in enumerate(ordered, start=1):
        if total != previous:
            rank = position
            previous = total
        out.append(Ranked(unit=unit, total=total, rank=rank, tied=counts[total] > 1))
    out.extend(Ranked(unit=u, total=None, rank=None, tied=False) for u in unscored)
    return out
