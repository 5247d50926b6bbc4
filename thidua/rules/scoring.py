"""Score sheets: ranges, totals, reasons, flags (domain.md §6.6, §9 rules 25–26).

Points are ``Decimal`` so that 7.5 + 0.25 stays exact; totals are
base + bonus − deductions.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from thidua.rules import RuleViolation

PERIODS = ("mid", "year")
STAGES = ("self", "review", "final")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Criterion:
    code: str
    max_points: Decimal


@dataclass(frozen=True)
class Totals:
    base: Decimal
    bonus: Decimal
    deductions: Decimal
    total: Decimal


def check_scores(scores: Mapping[str, Decimal], criteria: Iterable[Criterion]) -> None:
    """Rule 25: each criterion's score is in [0, max]; unknown codes are refused."""
    by_code = {c.code: c for c in criteria}
    unknown = sorted(code for code in scores if code not in by_code)
    if unknown:
        raise RuleViolation("UNKNOWN_CRITERION", {"codes": unknown})
    for code, value in scores.items():
        limit = by_code[code].max_points
        if value < 0 or value > limit:
            raise RuleViolation(
                "SCORE_OUT_OF_RANGE", {"code": code, "value": value, "max": limit}
            )


def check_bonus(bonus: Decimal, bonus_max: Decimal) -> None:
    """The bonus (điểm thưởng) lies between 0 and the covenant's ceiling."""
    if bonus < 0 or bonus > bonus_max:
        raise RuleViolation("BONUS_OUT_OF_RANGE", {"value": bonus, "max": bonus_max})


def total_of(
    scores: Mapping[str, Decimal], bonus: Decimal, deductions: Decimal
) -> Totals:
    """Rule 25: final = base + Σ bonus − Σ deductions."""
    base = sum(scores.values(), ZERO)
    return Totals(
        base=base, bonus=bonus, deductions=deductions, total=base + bonus - deductions
    )


def missing_reasons(
    final: Mapping[str, Decimal],
    self_scores: Mapping[str, Decimal],
    reasons: Mapping[str, str],
) -> list[str]:
    """Criteria whose final score differs from an existing self-score without a reason
    (api.md: reasons are required only there)."""
    return sorted(
        code
        for code, value in final.items()
        if code in self_scores
        and self_scores[code] != value
        and not (reasons.get(code) or "").strip()
    )


def flag_differences(
    self_scores: Mapping[str, Decimal],
    review_scores: Mapping[str, Decimal],
    margin: Decimal,
) -> list[str]:
    """Criteria where self and review scores differ by more than ``margin`` (⚙)."""
    return sorted(
        code
        for code in self_scores.keys() & review_scores.keys()
        if abs(self_scores[code] - review_scores[code]) > margin
    )
