"""Ranking of a block's units: standard competition ranking, no tie-break
(api.md "The block's year"; domain.md §6.6)."""

from collections import Counter
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.ranking import Ranked, rank_units

D = Decimal


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    ranked = rank_units([("a", D(90)), ("b", D(85)), ("c", D(85)), ("d", D(80))])
    assert [(r.unit, r.rank) for r in ranked] == [
        ("a", 1),
        ("b", 2),
        ("c", 2),
        ("d", 4),
    ]
    assert [r.tied for r in ranked] == [False, True, True, False]


def test_best_first_whatever_the_input_order():
    ranked = rank_units([("low", D(10)), ("high", D("99.5")), ("mid", D(50))])
    assert [r.unit for r in ranked] == ["high", "mid", "low"]
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_ties_keep_the_input_order_no_tie_break():
    ranked = rank_units([("z", D(70)), ("a", D(70)), ("m", D(70))])
    assert [r.unit for r in ranked] == ["z", "a", "m"]
    assert {r.rank for r in ranked} == {1}


def test_units_without_a_final_sheet_come_last_without_rank_or_total():
    ranked = rank_units([("none", None), ("a", D(50)), ("other", None), ("b", D(60))])
    assert ranked[2:] == [
        Ranked(unit="none", total=None, rank=None, tied=False),
        Ranked(unit="other", total=None, rank=None, tied=False),
    ]
    assert [r.unit for r in ranked[:2]] == ["b", "a"]


def test_an_empty_block_ranks_nobody():
    assert rank_units([]) == []


def test_decimal_totals_equal_in_value_tie():
    ranked = rank_units([("a", D("88.50")), ("b", D("88.5"))])
    assert [r.rank for r in ranked] == [1, 1]


def test_negative_totals_rank_below_zero():
    ranked = rank_units([("a", D(-2)), ("b", D(0))])
    assert [(r.unit, r.rank) for r in ranked] == [("b", 1), ("a", 2)]


totals = st.one_of(
    st.none(),
    st.decimals(
        min_value=-20, max_value=120, places=2, allow_nan=False, allow_infinity=False
    ),
    # Few distinct values, so that ties are frequent.
    st.sampled_from([D(80), D("80.00"), D(90), D("75.5")]),
)
inputs = st.lists(totals, max_size=40).map(lambda ts: list(enumerate(ts)))


@given(inputs)
def test_ranking_is_a_permutation_of_the_units(pairs):
    ranked = rank_units(pairs)
    assert Counter(r.unit for r in ranked) == Counter(u for u, _ in pairs)
    assert {r.unit: r.total for r in ranked} == dict(pairs)


@given(inputs)
def test_rank_is_one_plus_the_number_of_strictly_better_totals(pairs):
    ranked = rank_units(pairs)
    scored = [t for _, t in pairs if t is not None]
    for r in ranked:
        if r.total is None:
            assert r.rank is None
        else:
            assert r.rank == 1 + sum(1 for t in scored if t > r.total)
            assert r.tied == (sum(1 for t in scored if t == r.total) > 1)


@given(inputs)
def test_equal_totals_share_a_rank(pairs):
    ranked = rank_units(pairs)
    by_total: dict[Decimal, set[int | None]] = {}
    for r in ranked:
        if r.total is not None:
            by_total.setdefault(r.total, set()).add(r.rank)
    assert all(len(ranks) == 1 for ranks in by_total.values())


@given(inputs)
def test_best_first_and_unranked_last(pairs):
    ranked = rank_units(pairs)
    scored = [r for r in ranked if r.total is not None]
    assert ranked[: len(scored)] == scored
    assert all(r.rank is None and not r.tied for r in ranked[len(scored) :])
    assert [r.total for r in scored] == sorted((r.total for r in scored), reverse=True)
    assert [r.rank for r in scored] == sorted(r.rank for r in scored)
    if scored:
        assert scored[0].rank == 1
