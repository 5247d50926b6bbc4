"""Dossier checklists, deadlines and SLA counters (domain.md §7; §9 rules 22–24)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.dossiers import (
    NO_HOLIDAYS,
    Attachment,
    Gap,
    WorkCalendar,
    add_working_days,
    check_dossier_complete,
    dossier_gaps,
    event_proposal_deadline,
    is_on_time,
    missing_documents,
    proposal_deadlines,
    required_documents,
    sla_counter,
    statistics_deadline,
    violation_list_deadline,
    working_days_between,
)
from thidua.rules.eligibility import AWARDS, Params


def pdfs(*kinds):
    return [Attachment(k, "pdf") for k in kinds]


# --- rule 22: checklists -----------------------------------------------------------


def test_rule_22_a_provincial_form_needs_submission_report_and_minutes():
    assert required_documents("bang_khen_tinh") == (
        "to_trinh",
        "bao_cao_thanh_tich",
        "bien_ban",
    )
    attached = pdfs("to_trinh", "bao_cao_thanh_tich", "bien_ban")
    assert missing_documents("bang_khen_tinh", attached) == ()
    check_dossier_complete("bang_khen_tinh", attached)


@pytest.mark.parametrize(
    "award",
    ["chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh", "chien_si_thi_dua_toan_quoc"],
)
def test_rule_22_emulation_fighters_need_the_certification(award):
    assert "xac_nhan" in required_documents(award)


def test_rule_22_a_form_resting_on_initiatives_needs_their_certification():
    assert "xac_nhan" in required_documents("bang_khen_tinh", initiatives=True)


def test_rule_22_missing_documents_are_listed_in_checklist_order():
    attached = pdfs("bien_ban")
    assert missing_documents("co_thi_dua_tinh", attached) == (
        "to_trinh",
        "bao_cao_thanh_tich",
    )
    with pytest.raises(RuleViolation) as exc:
        check_dossier_complete("co_thi_dua_tinh", attached)
    assert exc.value.code == "DOSSIER_INCOMPLETE"
    assert exc.value.params["missing"] == ["to_trinh", "bao_cao_thanh_tich"]


@pytest.mark.parametrize(
    "award",
    ["co_thi_dua_chinh_phu", "bang_khen_thu_tuong", "chien_si_thi_dua_toan_quoc"],
)
def test_rule_22_state_level_needs_word_and_pdf_of_every_document(award):
    kinds = required_documents(award)
    assert "bien_ban_hoi_dong_tinh" in kinds
    gaps = dossier_gaps(award, pdfs(*kinds))
    assert gaps == tuple(Gap(k, ("docx",)) for k in kinds)
    both = pdfs(*kinds) + [Attachment(k, "DOCX") for k in kinds]
    assert dossier_gaps(award, both) == ()


def test_rule_22_every_award_has_a_checklist():
    for award in AWARDS:
        assert required_documents(award)[:3] == (
            "to_trinh",
            "bao_cao_thanh_tich",
            "bien_ban",
        )


def test_rule_22_an_unknown_award_has_no_checklist():
    with pytest.raises(RuleViolation):
        required_documents("huan_chuong")


# --- rule 23: deadlines ------------------------------------------------------------


def test_rule_23_annual_dossiers_by_10_december_education_by_10_july():
    (provincial,) = proposal_deadlines("co_thi_dua_tinh", 2025)
    assert provincial.due == date(2025, 12, 10)
    (education,) = proposal_deadlines("lao_dong_tien_tien", 2025, education=True)
    assert education.due == date(2025, 7, 10)


def test_rule_23_state_level_dossiers_also_have_a_moha_deadline():
    flag = proposal_deadlines("co_thi_dua_chinh_phu", 2025)
    assert [d.due for d in flag] == [date(2025, 12, 10), date(2026, 6, 30)]
    national = proposal_deadlines("chien_si_thi_dua_toan_quoc", 2024)
    assert national[-1].due == date(2025, 12, 31)
    assert national[-1].legal_basis == "NĐ 152/2025"
    assert proposal_deadlines("chien_si_thi_dua_toan_quoc", 2023)[-1].due == date(
        2024, 12, 31
    )


def test_rule_23_deadlines_are_provincial_settings():
    params = Params(annual_deadline=(12, 5))
    assert proposal_deadlines("bang_khen_tinh", 2025, params)[0].due == date(
        2025, 12, 5
    )


def test_rule_23_other_deadlines():
    assert event_proposal_deadline(date(2025, 9, 2)) == date(2025, 8, 23)
    assert violation_list_deadline(2025) == date(2025, 12, 10)
    assert statistics_deadline(2025) == date(2025, 12, 15)
    assert is_on_time(date(2025, 12, 10), date(2025, 12, 10))
    assert not is_on_time(date(2025, 12, 10), date(2025, 12, 11))


# --- rule 24: working days and SLA counters ----------------------------------------

# An illustrative calendar: two holidays and one swapped working Saturday.
CALENDAR = WorkCalendar(
    holidays=frozenset({date(2025, 9, 1), date(2025, 9, 2)}),
    extra_workdays=frozenset({date(2025, 8, 30)}),
)


def test_rule_24_weekends_are_not_working_days():
    friday = date(2025, 8, 1)
    assert add_working_days(friday, 1, NO_HOLIDAYS) == date(2025, 8, 4)
    assert working_days_between(friday, date(2025, 8, 4), NO_HOLIDAYS) == 1


def test_rule_24_holidays_and_swapped_days_come_from_the_calendar():
    thursday = date(2025, 8, 28)
    # Fri 29, Sat 30 (worked), Wed 3 September after the holidays.
    assert add_working_days(thursday, 3, CALENDAR) == date(2025, 9, 3)
    assert working_days_between(thursday, date(2025, 9, 3), CALENDAR) == 3


def test_rule_24_appraisal_takes_20_working_days():
    counter = sla_counter(
        "appraise", date(2025, 8, 28), today=date(2025, 9, 3), calendar=CALENDAR
    )
    assert counter.limit == 20
    assert counter.used == 3
    assert counter.remaining == 17
    assert not counter.overdue
    assert counter.due == add_working_days(date(2025, 8, 28), 20, CALENDAR)
    assert counter.legal_basis == "QĐ 311/QĐ-BNV"


def test_rule_24_an_incomplete_dossier_is_returned_within_5_working_days():
    received = date(2025, 10, 6)  # Monday
    late = sla_counter(
        "return_incomplete", received, today=date(2025, 10, 14), calendar=NO_HOLIDAYS
    )
    assert late.used == 6
    assert late.overdue
    stopped = sla_counter(
        "return_incomplete",
        received,
        today=date(2025, 10, 30),
        done=date(2025, 10, 10),
        calendar=NO_HOLIDAYS,
    )
    assert stopped.used == 4
    assert not stopped.overdue


def test_rule_24_forwarding_a_decision_and_commune_appraisal():
    forward = sla_counter(
        "forward_decision",
        date(2025, 10, 6),
        today=date(2025, 10, 6),
        calendar=CALENDAR,
    )
    assert forward.limit == 10
    assert forward.used == 0
    commune = sla_counter(
        "commune_appraise",
        date(2025, 10, 6),
        today=date(2025, 10, 6),
        calendar=CALENDAR,
    )
    assert commune.limit == 20
    assert commune.legal_basis == "QĐ 638/QĐ-BNV"


def test_rule_24_an_unknown_counter_is_refused():
    with pytest.raises(RuleViolation):
        sla_counter("x", date(2025, 1, 1), today=date(2025, 1, 2), calendar=CALENDAR)
    with pytest.raises(RuleViolation):
        add_working_days(date(2025, 1, 1), -1, CALENDAR)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(0, 60),
    st.sets(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 3, 31)), max_size=20
    ),
)
def test_rule_24_adding_n_working_days_lands_n_working_days_later(
    start, days, holidays
):
    calendar = WorkCalendar(holidays=frozenset(holidays))
    due = add_working_days(start, days, calendar)
    assert working_days_between(start, due, calendar) == days
    if days:
        assert calendar.is_working_day(due)
        assert (
            working_days_between(start, due - timedelta(days=1), calendar) == days - 1
        )


def test_law_84_5_disclosure_counts_working_days_from_the_day_published():
    from thidua.rules.dossiers import disclosure_end

    holiday = WorkCalendar(holidays=frozenset({date(2025, 9, 2)}))
    # Published Monday 01/09/2025 for 5 working days: 01, 03, 04, 05, 08/09
    # (02/09 is a holiday, the weekend is not counted).
    assert disclosure_end(date(2025, 9, 1), 5, holiday) == date(2025, 9, 8)
    assert disclosure_end(date(2025, 9, 1), 1, holiday) == date(2025, 9, 1)
    assert disclosure_end(date(2025, 9, 1), 0, holiday) == date(2025, 9, 1)
