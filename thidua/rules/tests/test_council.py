"""The provincial council's quorum and vote (domain.md §6.8; §9 rules 11–12)."""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.council import (
    MORE_THAN,
    council_vote,
    session_quorum,
    threshold_for,
    votes_needed,
)
from thidua.rules.eligibility import Params

ON = date(2025, 12, 20)


@pytest.mark.parametrize(
    ("award", "members", "needed"),
    [
        ("chien_si_thi_dua_tinh", 21, 19),  # 0.9 × 21 = 18.9
        ("chien_si_thi_dua_toan_quoc", 20, 18),
        ("chien_si_thi_dua_co_so", 15, 12),
        ("co_thi_dua_tinh", 21, 17),  # 0.8 × 21 = 16.8
        ("co_thi_dua_chinh_phu", 10, 8),
    ],
)
def test_rule_11_thresholds_are_of_all_members_rounded_up(award, members, needed):
    vote = council_vote(award, members=members, present=members, yes=needed, on=ON)
    assert vote.needed == needed
    assert vote.passed is True
    one_short = council_vote(
        award, members=members, present=members, yes=needed - 1, on=ON
    )
    assert one_short.passed is False
    assert one_short.reasons[0].code == "COUNCIL_THRESHOLD_NOT_MET"


def test_rule_11_absent_members_count_only_through_a_written_opinion():
    # 21 members, 17 present all yes, 4 absent: 2 wrote in favour.
    vote = council_vote(
        "chien_si_thi_dua_tinh",
        members=21,
        present=17,
        yes=17,
        written_opinions=2,
        written_yes=2,
        on=ON,
    )
    assert vote.yes == 19
    assert vote.passed is True
    silent = council_vote(
        "chien_si_thi_dua_tinh", members=21, present=17, yes=17, on=ON
    )
    assert silent.passed is False


def test_rule_11_awards_without_a_national_threshold_need_a_majority_of_members():
    assert threshold_for("bang_khen_tinh", ON).rule == MORE_THAN
    vote = council_vote("bang_khen_tinh", members=10, present=10, yes=5, on=ON)
    assert vote.needed == 6
    assert vote.passed is False


def test_rule_11_a_province_may_set_its_own_threshold():
    params = Params(council_thresholds={"co_thi_dua_tinh": Fraction(9, 10)})
    vote = council_vote(
        "co_thi_dua_tinh", members=20, present=20, yes=17, on=ON, params=params
    )
    assert vote.needed == 18
    assert vote.passed is False


def test_rule_11_the_threshold_cites_decree_98_before_the_switch():
    assert threshold_for("co_thi_dua_tinh", date(2025, 6, 30)).legal_basis == (
        "NĐ 98/2023 Đ30(7)"
    )
    assert threshold_for("co_thi_dua_tinh", date(2025, 7, 1)).legal_basis == (
        "NĐ 152/2025"
    )


def test_rule_12_a_session_needs_two_thirds_an_award_review_80_percent():
    assert session_quorum(members=21, present=14, award_review=False).met is True
    assert session_quorum(members=21, present=13, award_review=False).met is False
    assert session_quorum(members=21, present=17, award_review=True).needed == 17
    assert session_quorum(members=21, present=16, award_review=True).met is False


def test_rule_12_a_vote_without_the_award_review_quorum_does_not_pass():
    vote = council_vote(
        "co_thi_dua_tinh",
        members=21,
        present=16,
        yes=16,
        written_opinions=5,
        written_yes=5,
        on=ON,
    )
    assert vote.yes == 21
    assert vote.passed is False
    assert [r.code for r in vote.reasons] == ["QUORUM_NOT_MET"]


@pytest.mark.parametrize(
    "counts",
    [
        {"members": 0, "present": 0, "yes": 0},
        {"members": 10, "present": 11, "yes": 0},
        {"members": 10, "present": 8, "yes": 9},
        {"members": 10, "present": 8, "yes": 8, "written_opinions": 3},
        {
            "members": 10,
            "present": 8,
            "yes": 8,
            "written_opinions": 1,
            "written_yes": 2,
        },
        {"members": 10, "present": 8, "yes": -1},
    ],
)
def test_impossible_counts_are_refused(counts):
    with pytest.raises(RuleViolation) as exc:
        council_vote("co_thi_dua_tinh", on=ON, **counts)
    assert exc.value.code == "VOTE_COUNTS_INVALID"


@given(
    st.integers(1, 500),
    st.fractions(min_value=Fraction(1, 100), max_value=1),
)
def test_votes_needed_is_the_least_number_reaching_the_share(members, share):
    needed = votes_needed(share, members)
    assert Fraction(needed, members) >= share
    assert Fraction(needed - 1, members) < share
    strictly = votes_needed(share, members, MORE_THAN)
    assert Fraction(strictly, members) > share
    assert Fraction(strictly - 1, members) <= share
