"""Reorganisations: mergers and splits carry history (domain.md §2.2, §8)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.blocks import DEPUTY, HEAD, MEMBER
from thidua.rules.lineage import (
    Handover,
    Span,
    check_reorganization,
    day_before,
    plan_handover,
    predecessors_of,
)

# --- predecessors_of -------------------------------------------------------------


def test_a_unit_without_predecessors_has_no_history_but_its_own():
    assert predecessors_of(1, {}) == []
    assert predecessors_of(1, {2: [3]}) == []


def test_predecessors_are_followed_transitively_nearest_first():
    # 2025 reform: commune 5 from 3 and 4; 3 itself from 1 and 2 (2019).
    chain = {5: [4, 3], 3: [2, 1]}
    assert predecessors_of(5, chain) == [3, 4, 1, 2]


def test_a_long_chain_is_followed_to_its_end():
    chain = {i: [i - 1] for i in range(2, 50)}
    assert predecessors_of(49, chain) == list(range(48, 0, -1))


def test_a_shared_ancestor_appears_once():
    diamond = {4: [2, 3], 2: [1], 3: [1]}
    assert predecessors_of(4, diamond) == [2, 3, 1]


@pytest.mark.parametrize(
    "graph", [{1: [2], 2: [1]}, {1: [1, 2]}, {1: [2], 2: [3], 3: [1]}]
)
def test_cycles_end_the_walk_and_never_return_the_unit_itself(graph):
    result = predecessors_of(1, graph)
    assert 1 not in result
    assert len(result) == len(set(result))
    assert 2 in result


def test_predecessors_may_be_any_iterable():
    assert predecessors_of(3, {3: {2, 1}, 1: (0,)}) == [1, 2, 0]


graphs = st.dictionaries(
    st.integers(0, 12), st.lists(st.integers(0, 12), max_size=4), max_size=12
)


def distances(unit, graph):
    """Shortest number of steps from unit to each unit its history flows from."""
    dist, todo = {unit: 0}, [unit]
    while todo:
        u = todo.pop(0)
        for p in graph.get(u, ()):
            if p not in dist:
                dist[p] = dist[u] + 1
                todo.append(p)
    del dist[unit]
    return dist


@given(st.integers(0, 12), graphs)
def test_predecessors_are_exactly_the_reachable_units_nearest_first(unit, graph):
    result = predecessors_of(unit, graph)
    dist = distances(unit, graph)
    assert sorted(result) == sorted(dist)
    assert len(result) == len(set(result))
    steps = [dist[u] for u in result]
    assert steps == sorted(steps)


# --- check_reorganization --------------------------------------------------------

ENDED = {7: date(2025, 6, 30)}


def test_a_merger_into_a_new_unit_passes():
    check_reorganization(sources=[1, 2, 3], targets=["Xã Tân Lập"], ended=ENDED)


def test_a_merger_into_one_of_its_existing_neighbours_passes():
    check_reorganization(sources=[1, 2], targets=[9], ended=ENDED)


def test_a_split_passes():
    check_reorganization(sources=[1], targets=["Xã A", "Xã B", 9], ended={})


@pytest.mark.parametrize(
    ("sources", "targets", "code", "params"),
    [
        ([], ["Xã A"], "SOURCES_REQUIRED", {}),
        ([1], [], "TARGETS_REQUIRED", {}),
        ([1, 2, 1], ["Xã A"], "DUPLICATE_SOURCE", {}),
        ([1, 7], ["Xã A"], "UNIT_ALREADY_REORGANIZED", {"units": [7]}),
        ([1, 2], [3, 2], "TARGET_IS_SOURCE", {}),
        ([], [], "SOURCES_REQUIRED", {}),
    ],
)
def test_reorganization_refusals(sources, targets, code, params):
    with pytest.raises(RuleViolation) as exc:
        check_reorganization(sources=sources, targets=targets, ended=ENDED)
    assert exc.value.code == code
    assert exc.value.params == params


def test_every_closed_source_is_named_in_order():
    ended = {8: date(2024, 1, 1), 3: date(2025, 7, 1)}
    with pytest.raises(RuleViolation) as exc:
        check_reorganization(sources=[8, 1, 3], targets=["Xã A"], ended=ended)
    assert exc.value.params == {"units": [3, 8]}


def test_a_new_units_name_is_never_taken_for_a_source():
    check_reorganization(sources=[1], targets=["1"], ended={})


# --- plan_handover ---------------------------------------------------------------

EFFECTIVE = date(2025, 7, 1)
Y2025, Y2026, Y2024 = 2025, 2026, 2024


def span(membership, block_year, role, starts, ends):
    return Span(membership, block_year, role, starts, ends)


def test_memberships_ended_before_the_effective_date_are_untouched():
    spans = [
        span(1, Y2024, HEAD, date(2024, 1, 1), date(2024, 12, 31)),
        span(2, Y2025, MEMBER, date(2025, 1, 1), date(2025, 6, 30)),
    ]
    assert plan_handover(spans, EFFECTIVE) == []


def test_a_membership_spanning_the_date_is_closed_and_the_successor_joins_on_it():
    spans = [span(1, Y2025, DEPUTY, date(2025, 1, 1), date(2025, 12, 31))]
    assert plan_handover(spans, EFFECTIVE) == [
        Handover(block_year=Y2025, close=(1,), drop=(), role=DEPUTY, starts=EFFECTIVE)
    ]


def test_a_membership_ending_on_the_effective_date_still_spans_it():
    spans = [span(1, Y2025, MEMBER, date(2025, 1, 1), EFFECTIVE)]
    (plan,) = plan_handover(spans, EFFECTIVE)
    assert plan.close == (1,)
    assert plan.starts == EFFECTIVE


def test_a_membership_starting_on_or_after_the_date_is_dropped():
    spans = [
        span(1, Y2025, MEMBER, EFFECTIVE, date(2025, 12, 31)),
        span(2, Y2025, HEAD, date(2025, 9, 1), date(2025, 12, 31)),
    ]
    assert plan_handover(spans, EFFECTIVE) == [
        Handover(block_year=Y2025, close=(), drop=(1, 2), role=HEAD, starts=EFFECTIVE)
    ]


def test_a_merger_gives_the_successor_the_most_senior_role_of_its_sources():
    # Three communes of one block merge on 1 July 2025: the head, a deputy and a
    # member. The successor heads the block from that day.
    spans = [
        span(11, Y2025, MEMBER, date(2025, 1, 1), date(2025, 12, 31)),
        span(12, Y2025, HEAD, date(2025, 1, 1), date(2025, 12, 31)),
        span(13, Y2025, DEPUTY, date(2025, 3, 1), date(2025, 12, 31)),
    ]
    assert plan_handover(spans, EFFECTIVE) == [
        Handover(
            block_year=Y2025, close=(11, 12, 13), drop=(), role=HEAD, starts=EFFECTIVE
        )
    ]


def test_a_head_whose_membership_already_ended_does_not_count():
    spans = [
        span(1, Y2025, HEAD, date(2025, 1, 1), date(2025, 5, 31)),
        span(2, Y2025, MEMBER, date(2025, 1, 1), date(2025, 12, 31)),
    ]
    (plan,) = plan_handover(spans, EFFECTIVE)
    assert plan.close == (2,)
    assert plan.role == MEMBER


def test_each_block_year_gets_its_own_plan_in_order():
    spans = [
        span(3, Y2026, DEPUTY, date(2026, 1, 1), date(2026, 12, 31)),
        span(1, Y2025, MEMBER, date(2025, 1, 1), date(2025, 12, 31)),
        span(2, Y2024, HEAD, date(2024, 1, 1), date(2024, 12, 31)),
    ]
    assert plan_handover(spans, EFFECTIVE) == [
        Handover(block_year=Y2025, close=(1,), drop=(), role=MEMBER, starts=EFFECTIVE),
        Handover(
            block_year=Y2026, close=(), drop=(3,), role=DEPUTY, starts=date(2026, 1, 1)
        ),
    ]


def test_nothing_to_hand_over_gives_no_plan():
    assert plan_handover([], EFFECTIVE) == []
    assert plan_handover(iter([]), EFFECTIVE) == []


def test_day_before():
    assert day_before(date(2025, 7, 1)) == date(2025, 6, 30)
    assert day_before(date(2024, 3, 1)) == date(2024, 2, 29)
    assert day_before(date(2025, 1, 1)) == date(2024, 12, 31)


BASE = date(2025, 1, 1)


@st.composite
def spans_strategy(draw):
    count = draw(st.integers(0, 8))
    out = []
    for membership in range(1, count + 1):
        starts = BASE + timedelta(days=draw(st.integers(0, 400)))
        ends = starts + timedelta(days=draw(st.integers(0, 400)))
        role = draw(st.sampled_from([HEAD, DEPUTY, MEMBER]))
        out.append(span(membership, draw(st.integers(1, 3)), role, starts, ends))
    return out


@given(spans_strategy(), st.integers(0, 800))
def test_handover_splits_every_membership_at_the_effective_date(spans, offset):
    effective = BASE + timedelta(days=offset)
    plans = plan_handover(spans, effective)
    by_id = {s.membership: s for s in spans}

    assert [p.block_year for p in plans] == sorted({p.block_year for p in plans})
    closed = [m for p in plans for m in p.close]
    dropped = [m for p in plans for m in p.drop]
    assert len(closed + dropped) == len(set(closed + dropped))
    for s in spans:
        if s.ends < effective:
            assert s.membership not in closed + dropped
        elif s.starts < effective:
            assert s.membership in closed
        else:
            assert s.membership in dropped
    for p in plans:
        group = [by_id[m] for m in p.close + p.drop]
        assert group
        assert all(by_id[m].block_year == p.block_year for m in p.close + p.drop)
        rank = [HEAD, DEPUTY, MEMBER].index
        assert rank(p.role) == min(rank(s.role) for s in group)
        assert p.starts >= effective
        if p.close:
            assert p.starts == effective
        else:
            assert p.starts == min(s.starts for s in group)
