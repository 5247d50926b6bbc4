"""Secret ballots: thresholds, tallies, results, run-offs and the round limit
(domain.md §6.7, §9 rule 13; api.md "Conferences and secret ballots")."""

import math
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.ballots import (
    AT_LEAST,
    MEMBERS,
    MORE_THAN,
    VOTES_CAST,
    Count,
    check_ballot,
    check_decision,
    check_paper_count,
    check_runoff,
    check_threshold,
    counts_agree,
    decision_due,
    needed_votes,
    passes,
    quorum_met,
    round_result,
    share_of,
    tally_ballots,
)
from thidua.rules.transitions import TRANSITIONS, allowed_next, check_transition

F = Fraction
HALF = F(1, 2)


def result(votes, *, seats=1, threshold=HALF, base=MEMBERS, rule=AT_LEAST, **kw):
    """A round's result from votes per candidate (candidates in the dict's order)."""
    electorate = kw.pop("electorate", 9)
    cast = kw.pop("cast", electorate)
    invalid = kw.pop("invalid", 0)
    return round_result(
        Count(ballots_cast=cast, invalid=invalid, votes=votes),
        candidates=list(votes),
        seats=seats,
        threshold=threshold,
        base_kind=base,
        threshold_rule=rule,
        electorate=electorate,
    )


# --- Thresholds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "base", "rule", "needed"),
    [
        (F(1, 2), 9, AT_LEAST, 5),  # ⌈4.5⌉
        (F(1, 2), 10, AT_LEAST, 5),  # exactly half passes "at least"
        (F(1, 2), 10, MORE_THAN, 6),  # but not "more than"
        (F(1, 2), 9, MORE_THAN, 5),
        (F(2, 3), 9, AT_LEAST, 6),  # exact: 2/3 × 9 = 6, never 7 through a float
        (F(2, 3), 9, MORE_THAN, 7),
        (F(2, 3), 10, AT_LEAST, 7),
        (F(4, 5), 14, AT_LEAST, 12),  # ⌈11.2⌉
        (F(1), 7, AT_LEAST, 7),
        (F(1), 7, MORE_THAN, 8),  # unreachable: nobody passes
    ],
)
def test_needed_votes_follow_the_ceiling_and_more_than_rules(
    threshold, base, rule, needed
):
    assert needed_votes(threshold, base, rule) == needed


@pytest.mark.parametrize("rule", [AT_LEAST, MORE_THAN])
def test_an_empty_base_still_needs_one_vote(rule):
    assert needed_votes(HALF, 0, rule) == 1
    assert not passes(0, HALF, 0, rule)


@pytest.mark.parametrize(
    "threshold", [F(0), F(-1, 2), F(3, 2), F(1, 10_001), F(2**40, 2**41 + 1)]
)
def test_a_threshold_outside_zero_to_one_or_too_fine_is_refused(threshold):
    with pytest.raises(RuleViolation) as exc:
        check_threshold(threshold)
    assert exc.value.code == "THRESHOLD_INVALID"


@pytest.mark.parametrize("threshold", [F(1, 2), F(2, 3), F(1), F(1, 10_000)])
def test_usual_thresholds_are_accepted(threshold):
    assert check_threshold(threshold) == threshold


def test_an_unknown_threshold_rule_is_refused():
    with pytest.raises(RuleViolation) as exc:
        needed_votes(HALF, 9, "most")
    assert exc.value.code == "THRESHOLD_RULE_INVALID"


fractions = st.builds(F, st.integers(1, 100), st.integers(1, 100)).filter(
    lambda f: f <= 1
)


@given(fractions, st.integers(0, 500), st.sampled_from([AT_LEAST, MORE_THAN]))
def test_needed_is_the_fewest_votes_that_pass(threshold, base, rule):
    needed = needed_votes(threshold, base, rule)
    assert passes(needed, threshold, base, rule)
    assert needed == 1 or not passes(needed - 1, threshold, base, rule)


@given(fractions, st.integers(1, 500), st.integers(0, 500))
def test_at_least_and_more_than_mean_what_they_say(threshold, base, votes):
    exact = threshold * base
    assert passes(votes, threshold, base, AT_LEAST) == (votes >= 1 and votes >= exact)
    assert passes(votes, threshold, base, MORE_THAN) == (votes >= 1 and votes > exact)
    assert needed_votes(threshold, base, AT_LEAST) == max(1, math.ceil(exact))


def test_share_is_votes_over_base_and_zero_on_an_empty_base():
    assert share_of(3, 4) == 0.75
    assert share_of(0, 0) == 0.0
    assert share_of(2, 3) == pytest.approx(2 / 3)


# --- Ballots and tallies ---------------------------------------------------------------


def test_a_ballot_marks_at_most_the_seats_and_only_candidates():
    check_ballot([1, 2], [1, 2, 3], 2)
    check_ballot([], [1, 2, 3], 2)
    with pytest.raises(RuleViolation) as exc:
        check_ballot([1, 2, 3], [1, 2, 3], 2)
    assert exc.value.code == "TOO_MANY_CHOICES"
    with pytest.raises(RuleViolation) as exc:
        check_ballot([4], [1, 2, 3], 2)
    assert exc.value.code == "NOT_A_CANDIDATE"
    assert exc.value.params == {"units": [4]}
    with pytest.raises(RuleViolation) as exc:
        check_ballot([1, 1], [1, 2, 3], 2)
    assert exc.value.code == "DUPLICATE_CHOICE"


def test_too_many_choices_is_checked_before_strangers():
    """api.md: more choices than seats → TOO_MANY_CHOICES before NOT_A_CANDIDATE."""
    with pytest.raises(RuleViolation) as exc:
        check_ballot([7, 8, 9], [1, 2], 2)
    assert exc.value.code == "TOO_MANY_CHOICES"


def test_tally_counts_each_ballot_once_per_candidate():
    count = tally_ballots([[1, 2], [2], [], [2, 3]], [1, 2, 3, 4], 2)
    assert count == Count(ballots_cast=4, invalid=0, votes={1: 1, 2: 3, 3: 1, 4: 0})
    assert count.valid == 4


def test_tally_refuses_a_bad_ballot():
    with pytest.raises(RuleViolation) as exc:
        tally_ballots([[1], [1, 1]], [1, 2], 2)
    assert exc.value.code == "DUPLICATE_CHOICE"


def paper(**kw):
    args = {
        "ballots_cast": 9,
        "invalid": 1,
        "counts": {1: 5, 2: 3},
        "candidates": [1, 2, 3],
        "seats": 1,
        "electorate": 9,
    }
    args.update(kw)
    return check_paper_count(**args)


def test_a_paper_count_that_adds_up_is_accepted_with_every_candidate():
    assert paper() == Count(ballots_cast=9, invalid=1, votes={1: 5, 2: 3, 3: 0})


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ballots_cast": 10}, "BALLOTS_EXCEED_VOTERS"),
        ({"invalid": 10, "ballots_cast": 9}, "INVALID_EXCEEDS_CAST"),
        ({"counts": {1: 9}}, "VOTES_EXCEED_BALLOTS"),
        ({"counts": {1: 5, 2: 4}}, "VOTES_EXCEED_CHOICES"),
        ({"counts": {4: 1}}, "NOT_A_CANDIDATE"),
        ({"invalid": -1}, "COUNT_NEGATIVE"),
        ({"counts": {1: -1}}, "COUNT_NEGATIVE"),
    ],
)
def test_a_paper_count_that_does_not_add_up_is_refused(changes, code):
    with pytest.raises(RuleViolation) as exc:
        paper(**changes)
    assert exc.value.code == code


def test_two_seats_allow_two_marks_per_valid_ballot():
    count = paper(seats=2, counts={1: 8, 2: 8})
    assert count.votes == {1: 8, 2: 8, 3: 0}


def test_counts_agree_only_when_every_number_is_equal():
    first = paper()
    assert counts_agree(first, paper(counts={1: 5, 2: 3, 3: 0}))
    assert not counts_agree(first, paper(counts={1: 5, 2: 2}))
    assert not counts_agree(first, paper(invalid=0, counts={1: 5, 2: 3}))


# --- Results -----------------------------------------------------------------------------


def test_the_best_passing_candidates_fill_the_seats():
    r = result({"a": 6, "b": 5, "c": 2}, seats=1)
    assert r.needed == 5
    assert r.elected == ("a",)
    assert not r.tie
    assert r.resolved
    assert r.runoff_candidates == ()
    assert [c.share for c in r.candidates] == [6 / 9, 5 / 9, 2 / 9]
    assert [c.passed for c in r.candidates] == [True, True, False]


def test_a_tie_for_the_last_seat_elects_none_of_the_tied():
    r = result({"a": 7, "b": 5, "c": 5}, seats=2)
    assert r.elected == ("a",)
    assert r.tie
    assert r.runoff_candidates == ("b", "c")
    assert r.runoff_seats == 1


def test_a_tie_for_the_only_seat_elects_nobody():
    r = result({"a": 5, "b": 5}, seats=1, cast=9)
    assert r.elected == ()
    assert r.tie
    assert r.runoff_candidates == ("a", "b")
    assert r.runoff_seats == 1


def test_equal_votes_within_the_seats_are_no_tie():
    r = result({"a": 5, "b": 5, "c": 1}, seats=2)
    assert set(r.elected) == {"a", "b"}
    assert not r.tie


def test_candidates_below_the_threshold_are_not_elected_and_leave_seats_open():
    r = result({"a": 6, "b": 4, "c": 3, "d": 3}, seats=3)
    assert r.elected == ("a",)
    assert not r.tie
    assert r.runoff_seats == 2
    # The two best of the others, and whoever ties with the second of them.
    assert r.runoff_candidates == ("b", "c", "d")


def test_votes_cast_base_uses_the_valid_ballots():
    r = result(
        {"a": 4, "b": 3}, seats=1, base=VOTES_CAST, cast=8, invalid=1, electorate=9
    )
    assert r.base == 7
    assert r.needed == 4
    assert r.elected == ("a",)
    assert r.candidates[0].share == 4 / 7


def test_members_base_ignores_how_many_voted():
    r = result({"a": 4, "b": 3}, seats=1, base=MEMBERS, cast=7, electorate=9)
    assert r.base == 9
    assert r.needed == 5
    assert r.elected == ()
    assert r.runoff_candidates == ("a",)


def test_more_than_half_refuses_exactly_half():
    r = result({"a": 5, "b": 5}, seats=2, rule=MORE_THAN, electorate=10)
    assert r.needed == 6
    assert r.elected == ()
    assert r.runoff_seats == 2
    assert r.runoff_candidates == ("a", "b")


def test_no_ballots_elect_nobody():
    r = result({"a": 0, "b": 0}, base=VOTES_CAST, cast=0, electorate=9)
    assert r.base == 0
    assert r.needed == 1
    assert r.elected == ()
    assert [c.share for c in r.candidates] == [0.0, 0.0]


def test_zero_seats_are_refused():
    with pytest.raises(RuleViolation) as exc:
        result({"a": 1}, seats=0)
    assert exc.value.code == "SEATS_INVALID"


# --- Properties ----------------------------------------------------------------------


@st.composite
def elections(draw):
    """Candidates, seats and a list of valid ballots."""
    n = draw(st.integers(1, 6))
    candidates = list(range(1, n + 1))
    seats = draw(st.integers(1, n))
    ballot = st.lists(st.sampled_from(candidates), unique=True, max_size=seats)
    ballots = draw(st.lists(ballot, max_size=30))
    threshold = draw(fractions)
    base = draw(st.sampled_from([MEMBERS, VOTES_CAST]))
    rule = draw(st.sampled_from([AT_LEAST, MORE_THAN]))
    electorate = draw(st.integers(len(ballots), len(ballots) + 5))
    return candidates, seats, ballots, threshold, base, rule, electorate


def outcome(candidates, seats, ballots, threshold, base, rule, electorate):
    return round_result(
        tally_ballots(ballots, candidates, seats),
        candidates=candidates,
        seats=seats,
        threshold=threshold,
        base_kind=base,
        threshold_rule=rule,
        electorate=electorate,
    )


@given(elections())
def test_votes_never_exceed_ballots_and_shares_stay_in_zero_to_one(election):
    _, seats, ballots, *_ = election
    r = outcome(*election)
    assert r.ballots_cast == len(ballots)
    for c in r.candidates:
        assert 0 <= c.votes <= r.ballots_cast
        assert 0.0 <= c.share <= 1.0
    assert sum(c.votes for c in r.candidates) <= r.ballots_cast * seats


@given(elections())
def test_elected_never_exceed_seats_and_all_pass_the_threshold(election):
    r = outcome(*election)
    assert len(r.elected) <= r.seats
    assert all(c.votes >= r.needed for c in r.candidates if c.elected)
    assert r.runoff_seats == r.seats - len(r.elected)
    if r.tie:
        assert len(r.runoff_candidates) > r.runoff_seats
        assert (
            len({c.votes for c in r.candidates if c.unit in r.runoff_candidates}) == 1
        )
    assert not set(r.runoff_candidates) & set(r.elected)


@given(elections(), st.randoms(use_true_random=False))
def test_permuting_ballots_never_changes_the_result(election, rnd):
    candidates, seats, ballots, *rest = election
    shuffled = [list(b) for b in ballots]
    rnd.shuffle(shuffled)
    for b in shuffled:
        rnd.shuffle(b)
    assert outcome(candidates, seats, shuffled, *rest) == outcome(*election)


@given(elections())
def test_an_elected_candidate_has_more_votes_than_anyone_not_elected(election):
    r = outcome(*election)
    for won in (c for c in r.candidates if c.elected):
        for lost in (c for c in r.candidates if not c.elected):
            assert won.votes > lost.votes or not lost.passed


# --- Run-offs and the round limit --------------------------------------------------------


def test_a_runoff_among_the_tied_is_allowed_within_the_limit():
    earlier = result({"a": 5, "b": 5, "c": 1}, seats=1)
    check_runoff(
        earlier=earlier, rounds_held=1, limit=2, candidates=["a", "b"], seats=1
    )


def test_a_runoff_beyond_the_limit_is_refused():
    earlier = result({"a": 5, "b": 5}, seats=1)
    with pytest.raises(RuleViolation) as exc:
        check_runoff(
            earlier=earlier, rounds_held=2, limit=2, candidates=["a", "b"], seats=1
        )
    assert exc.value.code == "ROUND_LIMIT_REACHED"
    assert exc.value.params == {"limit": 2}


@pytest.mark.parametrize(
    ("candidates", "seats", "code"),
    [
        (["a", "c"], 1, "NOT_A_RUNOFF_CANDIDATE"),
        (["a", "b"], 2, "RUNOFF_SEATS_INVALID"),
        (["a", "b"], 0, "RUNOFF_SEATS_INVALID"),
    ],
)
def test_a_runoff_stays_among_its_candidates_and_seats(candidates, seats, code):
    earlier = result({"a": 5, "b": 5, "c": 1}, seats=1)
    with pytest.raises(RuleViolation) as exc:
        check_runoff(
            earlier=earlier, rounds_held=1, limit=2, candidates=candidates, seats=seats
        )
    assert exc.value.code == code


def test_a_resolved_round_needs_no_runoff():
    earlier = result({"a": 6, "b": 3}, seats=1)
    with pytest.raises(RuleViolation) as exc:
        check_runoff(earlier=earlier, rounds_held=1, limit=2, candidates=["b"], seats=1)
    assert exc.value.code == "RUNOFF_NOT_NEEDED"


def test_the_head_and_deputy_decide_only_after_the_last_round():
    tied = result({"a": 5, "b": 5}, seats=1)
    assert not decision_due(tied, rounds_held=1, limit=2)
    assert decision_due(tied, rounds_held=2, limit=2)
    assert not decision_due(result({"a": 6}, seats=1), rounds_held=2, limit=2)
    with pytest.raises(RuleViolation) as exc:
        check_decision(tied, rounds_held=1, limit=2, chosen=["a"], reason="x")
    assert exc.value.code == "DECISION_NOT_DUE"
    check_decision(tied, rounds_held=2, limit=2, chosen=["a"], reason="Tiêu biểu hơn")
    check_decision(tied, rounds_held=3, limit=2, chosen=[], reason="Không chọn")


@pytest.mark.parametrize(
    ("chosen", "reason", "code"),
    [
        (["a"], "  ", "DECISION_REASON_REQUIRED"),
        (["a", "b"], "Lý do", "TOO_MANY_CHOICES"),
        (["z"], "Lý do", "NOT_A_CANDIDATE"),
        (["a", "a"], "Lý do", "DUPLICATE_CHOICE"),
    ],
)
def test_a_decision_needs_a_reason_and_stays_within_the_seats(chosen, reason, code):
    tied = result({"a": 5, "b": 5}, seats=1)
    with pytest.raises(RuleViolation) as exc:
        check_decision(tied, rounds_held=2, limit=2, chosen=chosen, reason=reason)
    assert exc.value.code == code


def test_a_decision_cannot_name_a_unit_already_elected():
    r = result({"a": 7, "b": 5, "c": 5}, seats=2)
    with pytest.raises(RuleViolation) as exc:
        check_decision(r, rounds_held=2, limit=2, chosen=["a"], reason="Lý do")
    assert exc.value.code == "NOT_A_CANDIDATE"


# --- Quorum --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "members", "percent", "met"),
    [
        (5, 9, 50, True),
        (4, 9, 50, False),
        (5, 10, 50, True),
        (6, 9, 67, False),  # 67 % of 9 is 6.03: seven units needed
        (7, 9, 67, True),
        (0, 0, 50, False),
        (0, 9, 0, True),
    ],
)
def test_quorum_is_a_share_of_member_units_present(present, members, percent, met):
    assert quorum_met(present_units=present, member_units=members, percent=percent) is (
        met
    )


@given(st.integers(0, 50), st.integers(1, 50), st.integers(0, 100))
def test_quorum_means_at_least_the_ceiling_of_the_share(present, members, percent):
    assume(present <= members)
    expected = present >= math.ceil(Fraction(percent, 100) * members)
    assert quorum_met(present_units=present, member_units=members, percent=percent) is (
        expected
    )


# --- Round status transitions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "old", "new"),
    [
        ("ballot_round.electronic", "draft", "open"),
        ("ballot_round.electronic", "open", "closed"),
        ("ballot_round.paper", "draft", "closed"),
        ("paper_count", "", "awaiting_confirmation"),
        ("paper_count", "awaiting_confirmation", "accepted"),
        ("paper_count", "awaiting_confirmation", "mismatch"),
        ("paper_count", "mismatch", "awaiting_confirmation"),
    ],
)
def test_allowed_round_transitions(kind, old, new):
    check_transition(kind, old, new)


@pytest.mark.parametrize(
    ("kind", "old", "new"),
    [
        ("ballot_round.electronic", "draft", "closed"),
        ("ballot_round.electronic", "closed", "open"),
        ("ballot_round.electronic", "open", "draft"),
        ("ballot_round.paper", "draft", "open"),
        ("ballot_round.paper", "closed", "draft"),
        ("paper_count", "accepted", "mismatch"),
        ("paper_count", "", "accepted"),
    ],
)
def test_other_round_transitions_are_refused(kind, old, new):
    with pytest.raises(RuleViolation) as exc:
        check_transition(kind, old, new)
    assert exc.value.code == "INVALID_TRANSITION"


@given(
    st.sampled_from(["ballot_round.electronic", "ballot_round.paper"]),
    st.text(max_size=10),
)
def test_nothing_leaves_a_closed_round(kind, new):
    assert allowed_next(kind, "closed") == frozenset()
    with pytest.raises(RuleViolation):
        check_transition(kind, "closed", new)


def test_every_round_status_can_be_reached_from_draft():
    for kind in ("ballot_round.electronic", "ballot_round.paper"):
        table = TRANSITIONS[kind]
        reached, frontier = {"draft"}, ["draft"]
        while frontier:
            for nxt in table[frontier.pop()]:
                if nxt not in reached:
                    reached.add(nxt)
                    frontier.append(nxt)
        assert reached == set(table)
