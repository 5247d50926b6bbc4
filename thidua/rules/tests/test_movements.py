"""Movements, registrations and advanced models (domain.md §3.3, §4, §6.4; issue 7)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.movements import (
    AWARDS,
    CAMPAIGN,
    COLLECTIVE_TITLES,
    INDIVIDUAL_TITLES,
    REGULAR,
    THEMATIC,
    PersonEntry,
    RegistrationKey,
    add_years,
    applies_to,
    check_model_subject,
    check_movement,
    check_people,
    check_period,
    check_return_reason,
    check_single_registration,
    check_unit_title,
    check_year_in_period,
    lasts_at_least,
    may_lead_to,
    next_year_text,
    whole_years,
)
from thidua.rules.transitions import TRANSITIONS, allowed_next, check_transition

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def code_of(call, *args, **kwargs) -> str:
    with pytest.raises(RuleViolation) as caught:
        call(*args, **kwargs)
    return caught.value.code


# --- Periods ---------------------------------------------------------------------


def test_a_period_may_not_end_before_it_starts():
    check_period(date(2024, 1, 1), date(2024, 1, 1))
    assert code_of(check_period, date(2024, 2, 1), date(2024, 1, 31)) == (
        "PERIOD_INVALID"
    )


def test_three_calendar_years_last_three_years():
    assert lasts_at_least(date(2024, 1, 1), date(2026, 12, 31), 3)
    assert not lasts_at_least(date(2024, 1, 2), date(2026, 12, 31), 3)
    assert whole_years(date(2024, 1, 1), date(2026, 12, 31)) == 3
    assert whole_years(date(2024, 1, 1), date(2024, 12, 30)) == 0


def test_a_leap_day_moves_to_the_28th():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@given(days, st.integers(min_value=0, max_value=3000))
def test_whole_years_is_the_largest_n_the_period_lasts(start, length):
    end = start + timedelta(days=length)
    n = whole_years(start, end)
    assert lasts_at_least(start, end, n)
    assert not lasts_at_least(start, end, n + 1)


@given(days, days)
def test_a_longer_period_lasts_at_least_as_long(start, other):
    end = max(start, other)
    for years in range(0, 6):
        if lasts_at_least(start, end, years):
            assert lasts_at_least(start, end + timedelta(days=1), years)


def test_a_registration_year_lies_in_the_movement():
    check_year_in_period(2025, date(2024, 3, 1), date(2026, 6, 30))
    assert code_of(check_year_in_period, 2027, date(2024, 3, 1), date(2026, 6, 30)) == (
        "YEAR_OUTSIDE_MOVEMENT"
    )
    assert code_of(check_year_in_period, 2023, date(2024, 3, 1), date(2026, 6, 30)) == (
        "YEAR_OUTSIDE_MOVEMENT"
    )


# --- Movements and the flags they may lead to (§3.3) -----------------------------


def test_a_thematic_movement_of_three_years_may_lead_to_the_provincial_flag():
    start, end = date(2024, 1, 1), date(2026, 12, 31)
    assert may_lead_to(THEMATIC, start, end, "co_thi_dua_tinh")
    check_movement(THEMATIC, start, end, ["co_thi_dua_tinh", "bang_khen_tinh"])


def test_a_shorter_thematic_movement_may_not_lead_to_a_flag():
    start, end = date(2024, 1, 1), date(2025, 12, 31)
    assert not may_lead_to(THEMATIC, start, end, "co_thi_dua_tinh")
    with pytest.raises(RuleViolation) as caught:
        check_movement(THEMATIC, start, end, ["co_thi_dua_tinh"])
    assert caught.value.code == "FLAG_NEEDS_LONGER_MOVEMENT"
    assert caught.value.params == {"award": "co_thi_dua_tinh", "years": 3}


def test_the_governments_flag_needs_five_years():
    assert not may_lead_to(
        THEMATIC, date(2021, 1, 1), date(2024, 12, 31), "co_thi_dua_chinh_phu"
    )
    assert may_lead_to(
        THEMATIC, date(2021, 1, 1), date(2025, 12, 31), "co_thi_dua_chinh_phu"
    )


def test_a_campaign_is_thematic_and_short():
    assert code_of(
        check_movement,
        CAMPAIGN,
        date(2024, 3, 1),
        date(2024, 5, 31),
        ["co_thi_dua_tinh"],
    ) == ("FLAG_NEEDS_LONGER_MOVEMENT")
    check_movement(CAMPAIGN, date(2024, 3, 1), date(2024, 5, 31), ["giay_khen"])


def test_a_regular_movement_leads_to_the_flags_every_year_through_the_blocks():
    check_movement(REGULAR, date(2024, 1, 1), date(2024, 12, 31), ["co_thi_dua_tinh"])


def test_unknown_kinds_and_awards_are_refused():
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    assert code_of(check_movement, "dot_xuat", start, end, []) == (
        "UNKNOWN_MOVEMENT_KIND"
    )
    assert code_of(check_movement, REGULAR, start, end, ["huan_chuong"]) == (
        "UNKNOWN_AWARD"
    )


@given(
    st.sampled_from([REGULAR, THEMATIC, CAMPAIGN]),
    days,
    st.integers(min_value=0, max_value=4000),
    st.sampled_from(AWARDS),
)
def test_a_flag_allowed_for_a_period_stays_allowed_for_a_longer_one(
    kind, start, length, award
):
    end = start + timedelta(days=length)
    if may_lead_to(kind, start, end, award):
        assert may_lead_to(kind, start, end + timedelta(days=365), award)


@given(st.sampled_from(AWARDS), days, st.integers(min_value=0, max_value=4000))
def test_only_flags_depend_on_the_length(award, start, length):
    end = start + timedelta(days=length)
    if award not in ("co_thi_dua_tinh", "co_thi_dua_chinh_phu"):
        assert may_lead_to(THEMATIC, start, end, award)


def test_a_movement_without_blocks_or_units_is_for_the_whole_province():
    assert applies_to(unit=7, unit_blocks=[], units=[], blocks=[])
    assert applies_to(unit=7, unit_blocks=[2], units=[], blocks=[2, 3])
    assert applies_to(unit=7, unit_blocks=[], units=[7], blocks=[3])
    assert not applies_to(unit=7, unit_blocks=[4], units=[8], blocks=[3])


# --- Registrations ---------------------------------------------------------------


def test_a_unit_registers_once_a_year_for_the_titles_and_once_per_movement():
    existing = {RegistrationKey(1, 2024), RegistrationKey(1, 2024, movement=5)}
    check_single_registration(RegistrationKey(1, 2025), existing)
    check_single_registration(RegistrationKey(1, 2024, movement=6), existing)
    check_single_registration(RegistrationKey(2, 2024), existing)
    assert code_of(check_single_registration, RegistrationKey(1, 2024), existing) == (
        "ALREADY_REGISTERED"
    )
    assert code_of(
        check_single_registration, RegistrationKey(1, 2024, movement=5), existing
    ) == ("ALREADY_REGISTERED")


@given(
    st.sets(
        st.tuples(
            st.integers(1, 4), st.integers(2020, 2023), st.none() | st.integers(1, 3)
        )
    ),
    st.tuples(
        st.integers(1, 4), st.integers(2020, 2023), st.none() | st.integers(1, 3)
    ),
)
def test_registering_is_refused_exactly_when_the_key_exists(rows, candidate):
    existing = {RegistrationKey(*row) for row in rows}
    key = RegistrationKey(*candidate)
    if key in existing:
        assert code_of(check_single_registration, key, existing) == (
            "ALREADY_REGISTERED"
        )
    else:
        check_single_registration(key, existing)


def test_people_register_for_one_individual_title_each():
    people = {10, 11, 12}
    check_people(
        [
            PersonEntry(10, "lao_dong_tien_tien"),
            PersonEntry(11, "chien_si_thi_dua_co_so"),
        ],
        unit_people=people,
        taken={},
    )
    assert code_of(
        check_people,
        [
            PersonEntry(10, "lao_dong_tien_tien"),
            PersonEntry(10, "chien_si_thi_dua_co_so"),
        ],
        unit_people=people,
        taken={},
    ) == ("PERSON_LISTED_TWICE")
    assert code_of(
        check_people,
        [PersonEntry(10, "tap_the_lao_dong_tien_tien")],
        unit_people=people,
        taken={},
    ) == ("UNKNOWN_TITLE")
    assert code_of(
        check_people,
        [PersonEntry(99, "lao_dong_tien_tien")],
        unit_people=people,
        taken={},
    ) == ("PERSON_NOT_IN_UNIT")


def test_a_person_registered_elsewhere_that_year_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_people(
            [PersonEntry(10, "chien_si_thi_dua_co_so")],
            unit_people={10},
            taken={10: "lao_dong_tien_tien"},
        )
    assert caught.value.code == "PERSON_ALREADY_REGISTERED"
    assert caught.value.params == {"person": 10, "title": "lao_dong_tien_tien"}


@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.sampled_from(INDIVIDUAL_TITLES)), max_size=8
    ),
    st.dictionaries(st.integers(1, 6), st.sampled_from(INDIVIDUAL_TITLES), max_size=3),
)
def test_accepted_people_hold_one_title_each_in_the_year(entries, taken):
    listed = [PersonEntry(p, t) for p, t in entries]
    try:
        check_people(listed, unit_people=set(range(1, 7)), taken=taken)
    except RuleViolation as violation:
        assert violation.code in ("PERSON_LISTED_TWICE", "PERSON_ALREADY_REGISTERED")
        return
    persons = [e.person for e in listed]
    assert len(persons) == len(set(persons))
    assert not set(persons) & set(taken)


def test_a_unit_registers_for_a_collective_title_only():
    check_unit_title("")
    for title in COLLECTIVE_TITLES:
        check_unit_title(title)
    assert code_of(check_unit_title, "lao_dong_tien_tien") == "UNKNOWN_TITLE"


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_return_needs_a_reason(reason):
    assert code_of(check_return_reason, reason) == "REASON_REQUIRED"


def test_a_return_with_a_reason_is_accepted():
    check_return_reason("Bổ sung chỉ tiêu cải cách hành chính")


# --- The transition tables ---------------------------------------------------------


def test_a_registration_goes_draft_submitted_approved_or_returned():
    check_transition("registration", "draft", "submitted")
    check_transition("registration", "submitted", "approved")
    check_transition("registration", "submitted", "returned")
    check_transition("registration", "returned", "submitted")
    for old, new in [
        ("draft", "approved"),
        ("draft", "returned"),
        ("returned", "approved"),
        ("approved", "returned"),
        ("approved", "submitted"),
        ("submitted", "submitted"),
    ]:
        assert code_of(check_transition, "registration", old, new) == (
            "INVALID_TRANSITION"
        )


def test_there_is_no_way_out_of_approved_or_published():
    assert allowed_next("registration", "approved") == frozenset()
    assert allowed_next("advanced_model", "published") == frozenset()
    check_transition("advanced_model", "draft", "published")


@given(
    st.sampled_from(["registration", "advanced_model"]),
    st.text(max_size=12),
    st.text(max_size=12),
)
def test_only_listed_changes_pass(kind, old, new):
    table = TRANSITIONS[kind]
    if new in table.get(old, frozenset()):
        check_transition(kind, old, new)
    else:
        assert code_of(check_transition, kind, old, new) == "INVALID_TRANSITION"


def test_every_registration_status_is_reachable_from_draft():
    table = TRANSITIONS["registration"]
    seen, frontier = {"draft"}, ["draft"]
    while frontier:
        for nxt in table[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(table)


# --- Advanced models and the next year ---------------------------------------------


def test_a_model_is_a_person_or_a_collective():
    check_model_subject(person=3, collective="")
    check_model_subject(person=None, collective="Chi bộ Ban Dân vận")
    assert code_of(check_model_subject, person=None, collective="  ") == (
        "MODEL_SUBJECT_REQUIRED"
    )
    assert code_of(check_model_subject, person=3, collective="Chi bộ") == (
        "MODEL_SUBJECT_REQUIRED"
    )


def test_titles_move_to_the_next_year():
    assert next_year_text("Báo cáo tổng kết năm 2024", 2024) == (
        "Báo cáo tổng kết năm 2025"
    )
    assert next_year_text("Kế hoạch 2024–2025, mã 12024", 2024) == (
        "Kế hoạch 2025–2025, mã 12024"
    )
    assert next_year_text("Nghị định 152/2025", 2024) == "Nghị định 152/2025"
