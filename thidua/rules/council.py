"""The provincial council's quorum and vote (domain.md §6.8; §9 rules 11–12).

Thresholds are fractions of the **whole** council membership, not of those present:
yes ≥ ⌈threshold × members⌉. Absent members count only through a written opinion,
which the minutes must record (the caller passes the written "yes" opinions apart).
"""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from thidua.rules import RuleViolation
from thidua.rules.eligibility import (
    CO_CP,
    CO_TINH,
    CSTD_TINH,
    CSTD_TQ,
    CSTDCS,
    DEFAULT_PARAMS,
    Params,
    Reason,
)
from thidua.rules.legal import source_for

AT_LEAST = "at_least"
MORE_THAN = "more_than"

# Rule 11 [C-old: Decree 98 art. 30(7)]; kept under Decree 152 until §10 item 1 is
# checked. Other awards: Params.council_default_threshold (majority of members).
NATIONAL_THRESHOLDS: dict[str, Fraction] = {
    CSTD_TINH: Fraction(9, 10),
    CSTD_TQ: Fraction(9, 10),
    CSTDCS: Fraction(4, 5),
    CO_TINH: Fraction(4, 5),
    CO_CP: Fraction(4, 5),
}


@dataclass(frozen=True)
class Threshold:
    share: Fraction
    rule: str  # at_least: yes ≥ ⌈share × members⌉; more_than: yes > share × members
    legal_basis: str


@dataclass(frozen=True)
class Quorum:
    met: bool
    present: int
    needed: int


@dataclass(frozen=True)
class CouncilVote:
    passed: bool
    members: int
    yes: int
    needed: int
    quorum: Quorum
    threshold: Threshold
    reasons: tuple[Reason, ...]


def votes_needed(share: Fraction, members: int, rule: str = AT_LEAST) -> int:
    """The smallest number of votes that passes (exact, no floating point)."""
    product = share * members
    if rule == MORE_THAN:
        return product.numerator // product.denominator + 1
    return -(-product.numerator // product.denominator)


def threshold_for(award: str, on: date, params: Params = DEFAULT_PARAMS) -> Threshold:
    """Rule 11: the share of all members needed for ``award`` (⚙ overrides first)."""
    if award in params.council_thresholds:
        return Threshold(
            Fraction(params.council_thresholds[award]),
            AT_LEAST,
            str(source_for("council_quorum", on, params.legal)),
        )
    basis = str(source_for("council_vote", on, params.legal))
    if award in NATIONAL_THRESHOLDS:
        return Threshold(NATIONAL_THRESHOLDS[award], AT_LEAST, basis)
    return Threshold(
        params.council_default_threshold,
        MORE_THAN,
        str(source_for("council_quorum", on, params.legal)),
    )


def session_quorum(
    *, members: int, present: int, award_review: bool, params: Params = DEFAULT_PARAMS
) -> Quorum:
    """Rule 12 (⚙, Bắc Ninh): a session needs ⌈2/3⌉ of members present; a session
    reviewing titles and awards ⌈80 %⌉."""
    _check_counts(members=members, present=present)
    share = params.quorum_award_review if award_review else params.quorum_session
    needed = votes_needed(share, members)
    return Quorum(met=present >= needed, present=present, needed=needed)


def council_vote(
    award: str,
    *,
    members: int,
    present: int,
    yes: int,
    written_opinions: int = 0,
    written_yes: int = 0,
    on: date,
    params: Params = DEFAULT_PARAMS,
) -> CouncilVote:
    """Rules 11–12: does the council's vote on a proposal pass?

    ``yes`` counts the members present who voted yes; ``written_opinions`` the
    absent members who sent a written opinion, ``written_yes`` those in favour.
    """
    _check_counts(members=members, present=present)
    if (
        yes < 0
        or written_yes < 0
        or written_opinions < 0
        or yes > present
        or written_yes > written_opinions
        or present + written_opinions > members
    ):
        raise RuleViolation(
            "VOTE_COUNTS_INVALID",
            {
                "members": members,
                "present": present,
                "yes": yes,
                "written_opinions": written_opinions,
                "written_yes": written_yes,
            },
        )
    threshold = threshold_for(award, on, params)
    needed = votes_needed(threshold.share, members, threshold.rule)
    total_yes = yes + written_yes
    quorum = session_quorum(
        members=members, present=present, award_review=True, params=params
    )
    reasons: list[Reason] = []
    if not quorum.met:
        reasons.append(
            Reason(
                "QUORUM_NOT_MET",
                {"present": present, "members": members, "needed": quorum.needed},
            )
        )
    if total_yes < needed:
        reasons.append(
            Reason(
                "COUNCIL_THRESHOLD_NOT_MET",
                {"yes": total_yes, "members": members, "needed": needed},
            )
        )
    return CouncilVote(
        passed=not reasons,
        members=members,
        yes=total_yes,
        needed=needed,
        quorum=quorum,
        threshold=threshold,
        reasons=tuple(reasons),
    )


def _check_counts(*, members: int, present: int) -> None:
    if members <= 0 or present < 0 or present > members:
        raise RuleViolation(
            "VOTE_COUNTS_INVALID", {"members": members, "present": present}
        )
