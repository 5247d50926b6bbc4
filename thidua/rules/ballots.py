"""Secret ballots of a block's review conference: thresholds, tallies, results,
run-offs and the round limit (domain.md §6.7, §9 rule 13; api.md "Conferences and
secret ballots").

Plain values only. Candidates are unit ids (any hashable); a ballot is the sequence
of candidates it marks. Votes are whole numbers and thresholds exact fractions
(:class:`fractions.Fraction`), so "⌈2/3 × 9⌉ = 6" never turns into 7 through a float.

- **Base** (``threshold_base``): ``members`` — the electorate, one vote per member
  unit of the block year (or one per eligible attendee where the province votes per
  attendee); ``votes_cast`` — the valid ballots.
- **Rule** (``threshold_rule``): ``at_least`` — votes ≥ ⌈threshold × base⌉;
  ``more_than`` — votes > threshold × base. A candidate also needs one vote at least,
  so nobody passes on an empty base.
- **Seats**: the passing candidates with the most votes fill the seats; a tie for the
  last seat elects none of the tied (``tie``), and the tied candidates go to a run-off
  for the seats left; seats nobody passed for go to a run-off among the best of the
  others.
- **Round limit** (rule 13, ⚙ default 2): a round and its run-offs count together;
  once the limit is reached and seats are still open, the head and deputy units decide,
  and that decision is recorded with its reason.
"""

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from thidua.rules import RuleViolation

ELECTRONIC = "electronic"
PAPER = "paper"
MODES = (ELECTRONIC, PAPER)

MEMBERS = "members"
VOTES_CAST = "votes_cast"
BASES = (MEMBERS, VOTES_CAST)

AT_LEAST = "at_least"
MORE_THAN = "more_than"
THRESHOLD_RULES = (AT_LEAST, MORE_THAN)

# Conference kinds (api.md vocabulary): sơ kết 6 tháng, tổng kết năm.
CONFERENCE_KINDS = ("so_ket", "tong_ket")

# One vote per member unit (its delegate) by default; a province may give one vote
# to every attendee of a member unit (issue 4).
PER_UNIT = "unit"
PER_ATTENDEE = "attendee"
VOTES_PER = (PER_UNIT, PER_ATTENDEE)

# Awards a block votes units for (api.md vocabulary: collective titles and forms).
UNIT_AWARDS = (
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_tinh",
    "co_thi_dua_chinh_phu",
    "giay_khen",
    "bang_khen_tinh",
    "bang_khen_thu_tuong",
)

# Thresholds are stored as a numerator and a denominator; "2/3" or "0.5" are fine,
# a float such as 0.6666666666666666 is refused (send "2/3").
MAX_DENOMINATOR = 10_000


# --- Thresholds ----------------------------------------------------------------------


def check_threshold(threshold: Fraction) -> Fraction:
    """A pass threshold is a fraction in (0, 1] with a small denominator."""
    if not 0 < threshold <= 1 or threshold.denominator > MAX_DENOMINATOR:
        raise RuleViolation("THRESHOLD_INVALID", {"threshold": str(threshold)})
    return threshold


def needed_votes(threshold: Fraction, base: int, rule: str = AT_LEAST) -> int:
    """The fewest votes that pass: ⌈threshold × base⌉ (``at_least``) or
    ⌊threshold × base⌋ + 1 (``more_than``); never fewer than one."""
    if rule not in THRESHOLD_RULES:
        raise RuleViolation("THRESHOLD_RULE_INVALID", {"rule": rule})
    if base < 0:
        raise ValueError("base must not be negative")
    target = threshold * base
    needed = math.ceil(target) if rule == AT_LEAST else math.floor(target) + 1
    return max(1, needed)


def passes(votes: int, threshold: Fraction, base: int, rule: str = AT_LEAST) -> bool:
    """Whether ``votes`` pass the threshold (the definition ``needed_votes`` solves)."""
    if votes < 1:
        return False
    target = threshold * base
    return votes >= target if rule == AT_LEAST else votes > target


def base_of(kind: str, *, electorate: int, ballots_cast: int, invalid: int) -> int:
    """The number the threshold and the shares are taken of."""
    if kind == MEMBERS:
        return electorate
    if kind == VOTES_CAST:
        return ballots_cast - invalid
    raise RuleViolation("THRESHOLD_BASE_INVALID", {"base": kind})


def share_of(votes: int, base: int) -> float:
    """votes ÷ base as a number in [0, 1]; 0 when the base is empty."""
    return float(Fraction(votes, base)) if base > 0 else 0.0


# --- Ballots and counts --------------------------------------------------------------


def check_ballot(
    choices: Sequence[Hashable], candidates: Iterable[Hashable], seats: int
) -> None:
    """An electronic ballot marks at most ``seats`` candidates, each at most once, and
    only candidates (api.md: TOO_MANY_CHOICES is checked before NOT_A_CANDIDATE)."""
    if len(choices) > seats:
        raise RuleViolation(
            "TOO_MANY_CHOICES", {"seats": seats, "choices": len(choices)}
        )
    allowed = set(candidates)
    strangers = [c for c in choices if c not in allowed]
    if strangers:
        raise RuleViolation("NOT_A_CANDIDATE", {"units": strangers})
    if len(set(choices)) != len(choices):
        raise RuleViolation("DUPLICATE_CHOICE")


@dataclass(frozen=True)
class Count:
    """What the ballots say: how many were cast, how many invalid, votes per
    candidate (every candidate present, 0 when unmarked)."""

    ballots_cast: int
    invalid: int
    votes: Mapping[Hashable, int]

    @property
    def valid(self) -> int:
        return self.ballots_cast - self.invalid


def tally_ballots(
    ballots: Iterable[Sequence[Hashable]], candidates: Sequence[Hashable], seats: int
) -> Count:
    """Count electronic ballots (each checked as when it was cast). Every electronic
    ballot is valid; a ballot marking nobody is cast and counts for no one."""
    votes: Counter[Hashable] = Counter()
    cast = 0
    for choices in ballots:
        check_ballot(choices, candidates, seats)
        votes.update(choices)
        cast += 1
    return Count(ballots_cast=cast, invalid=0, votes={c: votes[c] for c in candidates})


def check_paper_count(
    *,
    ballots_cast: int,
    invalid: int,
    counts: Mapping[Hashable, int],
    candidates: Sequence[Hashable],
    seats: int,
    electorate: int,
) -> Count:
    """A count from paper ballots (biên bản kiểm phiếu) must add up: no more ballots
    than voters, invalid ones among those cast, no candidate above the valid ballots,
    and no more marks than the valid ballots could hold."""
    if ballots_cast < 0 or invalid < 0 or any(v < 0 for v in counts.values()):
        raise RuleViolation("COUNT_NEGATIVE")
    allowed = set(candidates)
    strangers = [u for u in counts if u not in allowed]
    if strangers:
        raise RuleViolation("NOT_A_CANDIDATE", {"units": strangers})
    if ballots_cast > electorate:
        raise RuleViolation("BALLOTS_EXCEED_VOTERS", {"voters": electorate})
    if invalid > ballots_cast:
        raise RuleViolation("INVALID_EXCEEDS_CAST")
    valid = ballots_cast - invalid
    if any(v > valid for v in counts.values()):
        raise RuleViolation("VOTES_EXCEED_BALLOTS", {"valid": valid})
    if sum(counts.values()) > valid * seats:
        raise RuleViolation("VOTES_EXCEED_CHOICES", {"limit": valid * seats})
    return Count(
        ballots_cast=ballots_cast,
        invalid=invalid,
        votes={c: int(counts.get(c, 0)) for c in candidates},
    )


def counts_agree(first: Count, second: Count) -> bool:
    """The counting board's two entries agree (api.md: the paper double entry)."""
    return (
        first.ballots_cast == second.ballots_cast
        and first.invalid == second.invalid
        and dict(first.votes) == dict(second.votes)
    )


# --- Results -------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateResult:
    unit: Hashable
    votes: int
    share: float
    elected: bool
    passed: bool


@dataclass(frozen=True)
class Result:
    """A closed round's outcome. ``candidates`` keep the round's candidate order."""

    ballots_cast: int
    invalid: int
    base: int
    needed: int
    seats: int
    candidates: tuple[CandidateResult, ...]
    tie: bool
    # Who would stand in a run-off, and for how many seats (empty, 0 when resolved).
    runoff_candidates: tuple[Hashable, ...]
    runoff_seats: int

    @property
    def elected(self) -> tuple[Hashable, ...]:
        return tuple(c.unit for c in self.candidates if c.elected)

    @property
    def resolved(self) -> bool:
        """Every seat is filled."""
        return self.runoff_seats == 0


def round_result(
    count: Count,
    *,
    candidates: Sequence[Hashable],
    seats: int,
    threshold: Fraction,
    base_kind: str,
    threshold_rule: str,
    electorate: int,
) -> Result:
    """Who is elected (domain.md §6.7; api.md ``close``)."""
    if seats < 1:
        raise RuleViolation("SEATS_INVALID", {"seats": seats})
    base = base_of(
        base_kind,
        electorate=electorate,
        ballots_cast=count.ballots_cast,
        invalid=count.invalid,
    )
    needed = needed_votes(threshold, base, threshold_rule)
    votes = {c: int(count.votes.get(c, 0)) for c in candidates}
    passing = sorted(
        (c for c in candidates if passes(votes[c], threshold, base, threshold_rule)),
        key=lambda c: -votes[c],
    )
    tie = False
    tied: list[Hashable] = []
    if len(passing) <= seats:
        elected = set(passing)
    else:
        last = votes[passing[seats - 1]]
        above = [c for c in passing if votes[c] > last]
        at_last = [c for c in passing if votes[c] == last]
        if len(above) + len(at_last) > seats:
            elected = set(above)
            tie, tied = True, at_last
        else:
            elected = set(above) | set(at_last)
    left = seats - len(elected)
    if tie:
        runoff = tuple(c for c in candidates if c in set(tied))
    elif left:
        runoff = _best_of_the_rest(candidates, votes, elected, left)
    else:
        runoff = ()
    return Result(
        ballots_cast=count.ballots_cast,
        invalid=count.invalid,
        base=base,
        needed=needed,
        seats=seats,
        candidates=tuple(
            CandidateResult(
                unit=c,
                votes=votes[c],
                share=share_of(votes[c], base),
                elected=c in elected,
                passed=c in passing,
            )
            for c in candidates
        ),
        tie=tie,
        runoff_candidates=runoff,
        runoff_seats=left,
    )


def _best_of_the_rest(
    candidates: Sequence[Hashable],
    votes: Mapping[Hashable, int],
    elected: set[Hashable],
    left: int,
) -> tuple[Hashable, ...]:
    """For seats nobody passed for: the ``left`` best of the others, and whoever ties
    with the last of them (in the round's candidate order)."""
    rest = [c for c in candidates if c not in elected]
    if not rest:
        return ()
    ordered = sorted(rest, key=lambda c: -votes[c])
    cut = votes[ordered[min(left, len(ordered)) - 1]]
    chosen = {c for c in rest if votes[c] >= cut}
    return tuple(c for c in rest if c in chosen)


# --- Run-offs and the round limit (rule 13) ------------------------------------------


def check_runoff(
    *,
    earlier: Result,
    rounds_held: int,
    limit: int,
    candidates: Sequence[Hashable],
    seats: int,
) -> None:
    """A run-off of an earlier round: only when seats are left, within the round
    limit, among the earlier round's run-off candidates, for the seats left."""
    if earlier.resolved:
        raise RuleViolation("RUNOFF_NOT_NEEDED")
    if rounds_held >= limit:
        raise RuleViolation("ROUND_LIMIT_REACHED", {"limit": limit})
    allowed = set(earlier.runoff_candidates)
    strangers = [c for c in candidates if c not in allowed]
    if strangers:
        raise RuleViolation("NOT_A_RUNOFF_CANDIDATE", {"units": strangers})
    if not 1 <= seats <= earlier.runoff_seats:
        raise RuleViolation("RUNOFF_SEATS_INVALID", {"seats": earlier.runoff_seats})


def decision_due(result: Result, *, rounds_held: int, limit: int) -> bool:
    """Rule 13: after the last allowed round, seats still open go to the head and
    deputy's decision."""
    return not result.resolved and rounds_held >= limit


def check_decision(
    result: Result,
    *,
    rounds_held: int,
    limit: int,
    chosen: Sequence[Hashable],
    reason: str,
) -> None:
    """The head and deputy's decision (rule 13): only when due, with a reason, among
    the round's candidates not yet elected, for at most the seats left."""
    if not decision_due(result, rounds_held=rounds_held, limit=limit):
        raise RuleViolation("DECISION_NOT_DUE", {"limit": limit})
    if not reason.strip():
        raise RuleViolation("DECISION_REASON_REQUIRED")
    if len(set(chosen)) != len(chosen):
        raise RuleViolation("DUPLICATE_CHOICE")
    open_to = {c.unit for c in result.candidates if not c.elected}
    strangers = [c for c in chosen if c not in open_to]
    if strangers:
        raise RuleViolation("NOT_A_CANDIDATE", {"units": strangers})
    if len(chosen) > result.runoff_seats:
        raise RuleViolation(
            "TOO_MANY_CHOICES", {"seats": result.runoff_seats, "choices": len(chosen)}
        )


# --- Quorum --------------------------------------------------------------------------


def quorum_met(*, present_units: int, member_units: int, percent: int) -> bool:
    """A conference holds when at least ⌈percent % × member units⌉ member units are
    present (⚙ ``conference_quorum``); a block with no members has no quorum."""
    if member_units <= 0:
        return False
    return present_units * 100 >= percent * member_units
