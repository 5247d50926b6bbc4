"""Deadlines, lateness and the late-document deduction (domain.md §6.4, §9 rule 26;
api.md, the paragraph under "The block's year")."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.deadlines import (
    Obligation,
    counts_in_period,
    days_late,
    is_late,
    late_deduction,
    late_items,
)
from thidua.rules.scoring import total_of

D = Decimal
DUE = date(2024, 6, 15)

# --- days_late ---------------------------------------------------------------------


def test_received_on_or_before_the_due_date_is_on_time():
    assert days_late(due=DUE, received=DUE, today=date(2024, 12, 1)) == 0
    assert days_late(due=DUE, received=date(2024, 6, 1), today=DUE) == 0
    assert not is_late(due=DUE, received=DUE, today=date(2024, 12, 1))


def test_received_after_the_due_date_counts_whole_days():
    assert days_late(due=DUE, received=date(2024, 6, 16), today=date(2025, 1, 1)) == 1
    assert days_late(
        due=DUE, received=date(2024, 11, 20), today=date(2024, 11, 20)
    ) == (158)


def test_lateness_of_a_received_document_does_not_grow_with_time():
    received = date(2024, 6, 20)
    assert {
        days_late(due=DUE, received=received, today=today)
        for today in (received, date(2024, 12, 31), date(2030, 1, 1))
    } == {5}


def test_a_missing_document_is_not_late_until_its_due_date_has_passed():
    assert days_late(due=DUE, received=None, today=date(2024, 6, 1)) is None
    assert days_late(due=DUE, received=None, today=DUE) is None
    assert not is_late(due=DUE, received=None, today=DUE)


def test_a_missing_document_past_its_due_date_counts_from_the_due_date():
    assert days_late(due=DUE, received=None, today=date(2024, 6, 18)) == 3
    assert is_late(due=DUE, received=None, today=date(2024, 6, 16))


# --- counts_in_period --------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "mid", "year"),
    [
        (date(2024, 1, 31), True, True),
        (date(2024, 6, 30), True, True),
        (date(2024, 7, 1), False, True),
        (date(2024, 11, 15), False, True),
        (date(2025, 1, 15), False, True),  # an annual report due the next January
    ],
)
def test_mid_counts_only_requirements_due_by_30_june(due, mid, year):
    assert counts_in_period(due, "mid", 2024) is mid
    assert counts_in_period(due, "year", 2024) is year


# --- late_items and late_deduction -------------------------------------------------


def ob(req, due, received=None, waived=False):
    return Obligation(requirement=req, due=due, received=received, waived=waived)


YEAR = [
    ob(1, date(2024, 1, 31), date(2024, 2, 5)),  # plan: late
    ob(2, date(2024, 2, 15), date(2024, 2, 15)),  # registration: on time
    ob(3, date(2024, 6, 15)),  # 6-month report: missing
    ob(4, date(2024, 11, 15), date(2024, 12, 30)),  # annual report: late
]
TODAY = date(2024, 12, 31)


def test_the_year_counts_every_late_or_missing_requirement_once():
    assert late_items(YEAR, period="year", year=2024, today=TODAY) == [1, 3, 4]
    assert late_deduction(
        YEAR, period="year", year=2024, today=TODAY, per_item=D(1)
    ) == D(3)


def test_mid_counts_only_requirements_due_on_or_before_30_june():
    assert late_items(YEAR, period="mid", year=2024, today=TODAY) == [1, 3]
    assert late_deduction(
        YEAR, period="mid", year=2024, today=TODAY, per_item=D("0.5")
    ) == D(1)


def test_a_waiver_cancels_exactly_one():
    waived = [*YEAR[:2], ob(3, date(2024, 6, 15), waived=True), YEAR[3]]
    assert late_items(waived, period="year", year=2024, today=TODAY) == [1, 4]
    assert late_deduction(
        waived, period="year", year=2024, today=TODAY, per_item=D(2)
    ) == D(4)


def test_a_waiver_on_a_document_sent_on_time_changes_nothing():
    waived = [ob(2, date(2024, 2, 15), date(2024, 2, 1), waived=True)]
    assert late_items(waived, period="year", year=2024, today=TODAY) == []


def test_no_requirement_no_deduction():
    assert late_deduction([], period="year", year=2024, today=TODAY, per_item=D(5)) == 0


# --- properties --------------------------------------------------------------------

START = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=500)


@st.composite
def obligations(draw, max_size=8):
    out = []
    for req in range(draw(st.integers(min_value=0, max_value=max_size))):
        due = START + timedelta(days=draw(st.integers(min_value=0, max_value=365)))
        received = draw(
            st.none() | days.map(lambda n, due=due: due + timedelta(days=n - 60))
        )
        out.append(ob(req, due, received, draw(st.booleans())))
    return out


periods = st.sampled_from(["mid", "year"])
todays = days.map(lambda n: START + timedelta(days=n))
per_items = st.decimals(min_value=0, max_value=5, places=2)


@given(obligations(), periods, todays, per_items)
def test_the_deduction_is_the_per_item_points_times_the_late_requirements(
    items, period, today, per_item
):
    late = late_items(items, period=period, year=2024, today=today)
    assert len(late) == len(set(late))
    assert late_deduction(
        items, period=period, year=2024, today=today, per_item=per_item
    ) == per_item * len(late)
    for o in items:
        expected = (
            counts_in_period(o.due, period, 2024)
            and not o.waived
            and is_late(due=o.due, received=o.received, today=today)
        )
        assert (o.requirement in late) == expected


@given(obligations(), periods, todays, per_items, st.integers(1, 400))
def test_lateness_counts_once_per_requirement_never_per_day(
    items, period, today, per_item, extra
):
    """However late a late document arrives, it costs the same deduction."""
    later = [
        ob(o.requirement, o.due, o.received + timedelta(days=extra), o.waived)
        if o.received is not None and o.received > o.due
        else o
        for o in items
    ]
    assert late_deduction(
        later, period=period, year=2024, today=today, per_item=per_item
    ) == late_deduction(items, period=period, year=2024, today=today, per_item=per_item)


@given(
    obligations(),
    periods,
    todays,
    per_items,
    st.integers(0, 365),
    st.none() | st.integers(1, 200),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_adding_a_late_or_missing_document_never_raises_a_total(
    items, period, today, per_item, due_day, late_by, base
):
    due = START + timedelta(days=due_day)
    received = due + timedelta(days=late_by) if late_by is not None else None
    added = [*items, ob(len(items), due, received)]

    def total(obs):
        deduction = late_deduction(
            obs, period=period, year=2024, today=today, per_item=per_item
        )
        return total_of({"1": base}, D(0), deduction).total

    assert total(added) <= total(items)


@given(obligations(), periods, todays, per_items)
def test_a_waiver_cancels_exactly_one_deduction(items, period, today, per_item):
    late = late_items(items, period=period, year=2024, today=today)
    before = late_deduction(
        items, period=period, year=2024, today=today, per_item=per_item
    )
    for req in late:
        waived = [
            ob(o.requirement, o.due, o.received, True) if o.requirement == req else o
            for o in items
        ]
        assert (
            late_deduction(
                waived, period=period, year=2024, today=today, per_item=per_item
            )
            == before - per_item
        )


@given(obligations(), todays, per_items)
def test_mid_never_costs_more_than_the_year(items, today, per_item):
    mid = late_items(items, period="mid", year=2024, today=today)
    year = late_items(items, period="year", year=2024, today=today)
    assert set(mid) <= set(year)
    assert all(o.due <= date(2024, 6, 30) for o in items if o.requirement in set(mid))
