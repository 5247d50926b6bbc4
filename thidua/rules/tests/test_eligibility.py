"""Eligibility for every award of api.md (domain.md §3.2, §4, §5; §9 rules 1–10,
14–20, 29). Each test names the rule it checks."""

import types
import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.eligibility import (
    AWARD_NAMES,
    AWARDS,
    COLLECTIVE_AWARDS,
    DISCIPLINE_LEVEL_NAMES,
    DOCUMENT_NAMES,
    HOLD_KIND_NAMES,
    INDIVIDUAL_AWARDS,
    LISTING_SOURCE_NAMES,
    MESSAGES,
    RATING_NAMES,
    RATINGS,
    SCOPE_NAMES,
    AwardHeld,
    BlockMembership,
    Candidate,
    Election,
    Hold,
    Initiative,
    InitiativeUse,
    Leave,
    Link,
    Listing,
    Params,
    PersonFacts,
    Rating,
    Reason,
    StaffSummary,
    UnitFacts,
    achievement_conflicts,
    bang_khen_thu_tuong,
    bang_khen_tinh,
    check_achievement_links,
    check_cstdcs_cap,
    check_initiative_links,
    check_quota,
    chien_si_thi_dua_co_so,
    chien_si_thi_dua_tinh,
    chien_si_thi_dua_toan_quoc,
    co_thi_dua_chinh_phu,
    co_thi_dua_tinh,
    evaluate,
    evaluate_many,
    giay_khen,
    initiative_conflicts,
    is_preferred,
    lao_dong_tien_tien,
    preferred_first,
    quota_for,
    render_reason,
    tap_the_lao_dong_tien_tien,
    tap_the_lao_dong_xuat_sac,
)
from thidua.rules.legal import LegalParams

LDTT = "lao_dong_tien_tien"
CSTDCS = "chien_si_thi_dua_co_so"
CSTD_TINH = "chien_si_thi_dua_tinh"
CSTD_TQ = "chien_si_thi_dua_toan_quoc"
TTLDXS = "tap_the_lao_dong_xuat_sac"
CO_TINH = "co_thi_dua_tinh"
BK_TINH = "bang_khen_tinh"
STRICT = Params(bang_khen_strict_reading=True)


def person(ratings=None, awards=(), initiatives=(), **kw):
    return PersonFacts(
        id=kw.pop("id", 1),
        ratings=tuple(Rating(y, r) for y, r in (ratings or {}).items()),
        awards=tuple(awards),
        initiatives=tuple(initiatives),
        **kw,
    )


def held(award, *years, kind="thuong_xuyen", via=None):
    return tuple(AwardHeld(award, y, kind=kind, via=via) for y in years)


def initiative(id_, scope, recognized, used_by=None):
    return Initiative(id_, scope, recognized, used_by=used_by)


def texts(answer):
    return [render_reason(r) for r in answer.reasons]


# --- rule 3: Lao động tiên tiến ----------------------------------------------------


@pytest.mark.parametrize("rating", ["htxs", "htt"])
def test_rule_3_ldtt_for_a_good_or_excellent_rating(rating):
    answer = lao_dong_tien_tien(person({2024: rating}), 2024)
    assert answer.eligible is True
    assert answer.reasons == ()
    assert answer.legal_basis == ("Luật 06/2022 Đ24",)


@pytest.mark.parametrize("rating", ["ht", "kht"])
def test_rule_3_no_ldtt_below_a_good_rating(rating):
    answer = lao_dong_tien_tien(person({2024: rating}), 2024)
    assert answer.eligible is False
    assert answer.codes == ("RATING_TOO_LOW",)
    assert texts(answer) == [
        f"năm 2024 xếp loại {RATING_NAMES[rating]}, chưa đạt mức hoàn thành tốt "
        "nhiệm vụ"
    ]


def test_rule_3_no_ldtt_without_a_rating_for_the_year():
    answer = lao_dong_tien_tien(person({2023: "htxs"}), 2024)
    assert answer.eligible is False
    assert answer.codes == ("RATING_MISSING",)


def test_rule_3_two_ratings_for_one_year_count_as_the_lower():
    facts = PersonFacts(1, ratings=(Rating(2024, "htxs"), Rating(2024, "ht")))
    assert lao_dong_tien_tien(facts, 2024).eligible is False


# --- rule 4: Chiến sĩ thi đua cơ sở ------------------------------------------------


def test_rule_4_cstdcs_for_an_excellent_rating_without_initiative():
    assert chien_si_thi_dua_co_so(person({2024: "htxs"}), 2024).eligible is True


def test_rule_4_cstdcs_for_a_good_rating_with_a_grassroots_initiative():
    facts = person(
        {2024: "htt"}, initiatives=[initiative(1, "co_so", date(2024, 9, 1))]
    )
    answer = chien_si_thi_dua_co_so(facts, 2024)
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ23",)


def test_rule_4_no_cstdcs_for_a_good_rating_without_initiative():
    answer = chien_si_thi_dua_co_so(person({2024: "htt"}), 2024)
    assert answer.eligible is False
    assert answer.codes == ("HTXS_OR_INITIATIVE_MISSING",)


def test_rule_4_an_initiative_does_not_replace_the_ldtt_criteria():
    facts = person({2024: "ht"}, initiatives=[initiative(1, "co_so", date(2024, 9, 1))])
    answer = chien_si_thi_dua_co_so(facts, 2024)
    assert answer.eligible is False
    assert "RATING_TOO_LOW" in answer.codes


def test_rule_4_an_initiative_of_another_year_does_not_count():
    facts = person(
        {2024: "htt"}, initiatives=[initiative(1, "co_so", date(2023, 9, 1))]
    )
    assert chien_si_thi_dua_co_so(facts, 2024).eligible is False


def test_rule_4_an_initiative_recognised_after_the_receipt_date_does_not_count():
    facts = person(
        {2024: "htt"}, initiatives=[initiative(1, "co_so", date(2024, 12, 20))]
    )
    assert chien_si_thi_dua_co_so(facts, 2024, on=date(2024, 12, 10)).eligible is False
    assert chien_si_thi_dua_co_so(facts, 2024).eligible is True


def test_rule_2_an_initiative_used_elsewhere_is_named_in_the_answer():
    used = InitiativeUse(BK_TINH, 2024, proposal=77)
    facts = person(
        {2024: "htt"}, initiatives=[initiative(5, "co_so", date(2024, 3, 1), used)]
    )
    answer = chien_si_thi_dua_co_so(facts, 2024)
    assert answer.eligible is False
    assert answer.codes == ("HTXS_OR_INITIATIVE_MISSING", "INITIATIVE_USED")
    assert texts(answer)[1] == (
        "sáng kiến đã dùng cho Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024"
    )
    assert "CV 5007/BNV-TĐKT" in answer.legal_basis


def test_rule_2_an_initiative_backing_this_very_proposal_counts():
    used = InitiativeUse(CSTDCS, 2024, proposal=9)
    facts = person(
        {2024: "htt"}, initiatives=[initiative(5, "co_so", date(2024, 3, 1), used)]
    )
    assert chien_si_thi_dua_co_so(facts, 2024, proposal=9).eligible is True
    assert chien_si_thi_dua_co_so(facts, 2024, proposal=10).eligible is False


# --- rule 5: Chiến sĩ thi đua cấp tỉnh ---------------------------------------------

PROVINCIAL_INITIATIVE = initiative(20, "tinh", date(2024, 10, 1))


def test_rule_5_three_consecutive_cstdcs_and_a_provincial_initiative():
    facts = person(
        awards=held(CSTDCS, 2022, 2023, 2024), initiatives=[PROVINCIAL_INITIATIVE]
    )
    answer = chien_si_thi_dua_tinh(facts, 2024)
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ22",)


def test_rule_5_a_gap_year_is_named():
    facts = person(awards=held(CSTDCS, 2022, 2024), initiatives=[PROVINCIAL_INITIATIVE])
    answer = chien_si_thi_dua_tinh(facts, 2024)
    assert answer.eligible is False
    assert answer.reasons == (
        Reason("CSTDCS_YEARS_MISSING", {"missing": 1, "years": [2023], "required": 3}),
    )
    assert texts(answer) == ["thiếu 01 năm Chiến sĩ thi đua cơ sở liên tục (2023)"]


def test_rule_5_the_chain_must_end_in_the_year():
    facts = person(
        awards=held(CSTDCS, 2021, 2022, 2023), initiatives=[PROVINCIAL_INITIATIVE]
    )
    answer = chien_si_thi_dua_tinh(facts, 2024)
    assert answer.eligible is False
    assert answer.reasons[0].params["years"] == [2024]


def test_rule_5_a_grassroots_initiative_is_not_enough():
    facts = person(
        awards=held(CSTDCS, 2022, 2023, 2024),
        initiatives=[initiative(1, "co_so", date(2024, 1, 1))],
    )
    answer = chien_si_thi_dua_tinh(facts, 2024)
    assert answer.codes == ("NO_INITIATIVE",)
    assert texts(answer) == [
        "chưa có sáng kiến, đề tài khoa học được công nhận phạm vi cấp tỉnh "
        "(từ năm 2022)"
    ]


def test_rule_5_a_nationwide_initiative_also_serves_the_provincial_title():
    facts = person(
        awards=held(CSTDCS, 2022, 2023, 2024),
        initiatives=[initiative(1, "toan_quoc", date(2023, 1, 1))],
    )
    assert chien_si_thi_dua_tinh(facts, 2024).eligible is True


def test_rule_5_cstdcs_years_consumed_by_an_earlier_cstd_tinh_are_not_reused():
    facts = person(
        awards=held(CSTDCS, 2020, 2021, 2022, 2023, 2024) + held(CSTD_TINH, 2022),
        initiatives=[PROVINCIAL_INITIATIVE],
    )
    answer = chien_si_thi_dua_tinh(facts, 2024)
    assert answer.eligible is False
    assert answer.reasons == (
        Reason("CSTDCS_YEARS_CONSUMED", {"years": [2022], "award_year": 2022}),
    )
    later = replace(facts, awards=facts.awards + held(CSTDCS, 2025))
    assert chien_si_thi_dua_tinh(later, 2025).eligible is True


def test_rule_5_consumed_years_may_be_reused_where_the_province_says_so():
    facts = person(
        awards=held(CSTDCS, 2020, 2021, 2022, 2023, 2024) + held(CSTD_TINH, 2022),
        initiatives=[PROVINCIAL_INITIATIVE],
    )
    params = Params(consumed_not_reused=False)
    assert chien_si_thi_dua_tinh(facts, 2024, params).eligible is True


def test_rule_17_a_thematic_cstdcs_does_not_count_in_the_chain():
    facts = person(
        awards=held(CSTDCS, 2022, 2024) + held(CSTDCS, 2023, kind="chuyen_de"),
        initiatives=[PROVINCIAL_INITIATIVE],
    )
    answer = chien_si_thi_dua_tinh(facts, 2024)
    assert answer.eligible is False
    assert answer.reasons[0].params["years"] == [2023]


def test_an_award_decided_after_the_receipt_date_is_not_yet_held():
    awards = (
        *held(CSTDCS, 2022, 2023),
        AwardHeld(CSTDCS, 2024, decision_date=date(2025, 1, 20)),
    )
    facts = person(awards=awards, initiatives=[PROVINCIAL_INITIATIVE])
    assert chien_si_thi_dua_tinh(facts, 2024, on=date(2025, 1, 10)).eligible is False
    assert chien_si_thi_dua_tinh(facts, 2024, on=date(2025, 2, 1)).eligible is True


# --- rule 19: maternity leave ------------------------------------------------------


def test_rule_19_an_unrated_maternity_year_does_not_break_the_chain():
    facts = person(
        {2022: "htxs", 2024: "htxs", 2025: "htxs"},
        awards=held(CSTDCS, 2022, 2024, 2025),
        initiatives=[initiative(1, "tinh", date(2025, 5, 1))],
        leaves=(Leave(date(2023, 2, 1), date(2023, 7, 31)),),
    )
    answer = chien_si_thi_dua_tinh(facts, 2025)
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ22", "NĐ 152/2025 Đ4(5)")


def test_rule_19_without_the_leave_the_same_year_is_a_gap():
    facts = person(
        {2022: "htxs", 2024: "htxs", 2025: "htxs"},
        awards=held(CSTDCS, 2022, 2024, 2025),
        initiatives=[initiative(1, "tinh", date(2025, 5, 1))],
    )
    assert chien_si_thi_dua_tinh(facts, 2025).codes == ("CSTDCS_YEARS_MISSING",)


def test_rule_19_a_rated_maternity_year_is_judged_on_its_rating():
    facts = person(
        {2022: "htxs", 2023: "htt", 2024: "htxs", 2025: "htxs"},
        awards=held(CSTDCS, 2022, 2024, 2025),
        initiatives=[initiative(1, "tinh", date(2025, 5, 1))],
        leaves=(Leave(date(2023, 2, 1), date(2023, 7, 31)),),
    )
    assert chien_si_thi_dua_tinh(facts, 2025).eligible is False


def test_rule_19_the_year_under_evaluation_still_needs_its_own_facts():
    facts = person(
        {2022: "htxs", 2023: "htxs", 2024: "htxs"},
        awards=held(CSTDCS, 2022, 2023, 2024),
        initiatives=[initiative(1, "tinh", date(2024, 5, 1))],
        leaves=(Leave(date(2025, 1, 1), date(2025, 6, 30)),),
    )
    assert chien_si_thi_dua_tinh(facts, 2025).eligible is False


def test_rule_19_maternity_leave_bridges_the_five_year_window_of_rule_16():
    facts = person(
        {2019: "htt", 2020: "htxs", 2022: "htxs", 2023: "htt", 2024: "htxs"},
        awards=held(CSTDCS, 2020, 2022, 2024) + held(BK_TINH, 2022),
        leaves=(Leave(date(2021, 1, 10), date(2021, 7, 9)),),
    )
    assert bang_khen_thu_tuong(facts, 2024, route="b").eligible is True


# --- rule 18: discipline -----------------------------------------------------------

OPEN = Hold(date(2024, 11, 1), None, level="khien_trach")


@pytest.mark.parametrize(
    "award", [*INDIVIDUAL_AWARDS, "giay_khen", BK_TINH, "bang_khen_thu_tuong"]
)
def test_rule_18_an_open_discipline_refuses_every_award(award):
    facts = person(
        dict.fromkeys(range(2015, 2025), "htxs"),
        awards=held(CSTDCS, *range(2015, 2025)) + held(CSTD_TINH, 2021, 2024),
        initiatives=[initiative(i, "toan_quoc", date(2024, 1, i)) for i in (1, 2, 3)],
        disciplines=(OPEN,),
    )
    answer = evaluate(facts, award, 2024)
    assert answer.eligible is False
    assert answer.reasons[0] == Reason(
        "DISCIPLINE_OPEN", {"level": "khien_trach", "start": date(2024, 11, 1)}
    )
    assert render_reason(answer.reasons[0]) == (
        "đang trong thời gian thi hành kỷ luật khiển trách (từ ngày 01/11/2024)"
    )


def test_rule_18_a_discipline_ending_on_the_receipt_date_is_still_open():
    hold = Hold(date(2024, 1, 1), date(2025, 3, 1), level="canh_cao")
    facts = person({2025: "htxs"}, disciplines=(hold,))
    assert lao_dong_tien_tien(facts, 2025, on=date(2025, 3, 1)).codes[0] == (
        "DISCIPLINE_OPEN"
    )


@pytest.mark.parametrize("kind", ["review", "investigation", "inspection", "complaint"])
def test_rule_18_investigations_and_complaints_also_hold(kind):
    facts = person({2024: "htxs"}, disciplines=(Hold(date(2024, 6, 1), kind=kind),))
    answer = lao_dong_tien_tien(facts, 2024)
    assert answer.eligible is False
    assert answer.codes == ("UNDER_REVIEW",)
    assert HOLD_KIND_NAMES[kind] in texts(answer)[0]


def test_rule_18_a_cleared_investigation_does_not_restart_the_windows():
    hold = Hold(date(2023, 6, 1), date(2023, 9, 1), kind="investigation")
    facts = person(
        awards=held(CSTDCS, 2022, 2023, 2024),
        initiatives=[PROVINCIAL_INITIATIVE],
        disciplines=(hold,),
    )
    assert chien_si_thi_dua_tinh(facts, 2024).eligible is True


def test_rule_18_a_discipline_ending_mid_chain_restarts_the_window():
    hold = Hold(date(2022, 3, 1), date(2023, 2, 28), level="khien_trach")
    facts = person(
        awards=held(CSTDCS, 2022, 2023, 2024, 2025, 2026),
        initiatives=[initiative(1, "tinh", date(2025, 10, 1))],
        disciplines=(hold,),
    )
    answer = chien_si_thi_dua_tinh(facts, 2025)
    assert answer.eligible is False
    assert answer.codes == ("CSTDCS_YEARS_MISSING", "DISCIPLINE_RESTART")
    assert texts(answer)[1] == (
        "thành tích chỉ được tính từ ngày chấp hành xong kỷ luật 28/02/2023, "
        "không tính năm 2023"
    )
    assert "NĐ 152/2025 Đ4(4)" in answer.legal_basis
    assert chien_si_thi_dua_tinh(facts, 2026).eligible is True


def test_rule_18_the_year_a_discipline_ended_earns_no_title():
    hold = Hold(date(2024, 1, 1), date(2024, 4, 30), level="khien_trach")
    facts = person({2024: "htxs", 2025: "htxs"}, disciplines=(hold,))
    answer = lao_dong_tien_tien(facts, 2024, on=date(2024, 12, 1))
    assert answer.eligible is False
    assert answer.codes == ("YEAR_DISCIPLINED",)
    assert lao_dong_tien_tien(facts, 2025).eligible is True


def test_rule_18_a_discipline_starting_after_the_receipt_date_is_ignored():
    facts = person({2024: "htxs"}, disciplines=(Hold(date(2025, 2, 1)),))
    assert lao_dong_tien_tien(facts, 2024, on=date(2025, 1, 5)).eligible is True


def test_rule_29_the_discipline_principle_cites_the_decree_of_the_receipt_date():
    facts = person({2025: "htxs"}, disciplines=(Hold(date(2025, 3, 1)),))
    before = lao_dong_tien_tien(facts, 2025, on=date(2025, 6, 30))
    after = lao_dong_tien_tien(facts, 2025, on=date(2025, 7, 1))
    assert before.legal_basis == ("Luật 06/2022 Đ24", "NĐ 98/2023")
    assert after.legal_basis == ("Luật 06/2022 Đ24", "NĐ 152/2025 Đ4(4)")


# --- violation listings (domain.md §2.4; issue 5) ----------------------------------


def test_a_person_listed_by_the_police_cannot_be_proposed_until_cleared():
    listing = Listing("police", date(2024, 12, 5))
    facts = person({2024: "htxs"}, listings=(listing,))
    answer = lao_dong_tien_tien(facts, 2024)
    assert answer.eligible is False
    assert texts(answer) == [
        "có tên trong danh sách vi phạm do Công an tỉnh gửi ngày 05/12/2024, chưa "
        "được xóa tên"
    ]
    cleared = replace(listing, cleared=True, cleared_on=date(2024, 12, 20))
    facts = replace(facts, listings=(cleared,))
    assert lao_dong_tien_tien(facts, 2024, on=date(2024, 12, 15)).eligible is False
    assert lao_dong_tien_tien(facts, 2024, on=date(2024, 12, 20)).eligible is True


def test_a_listing_sent_after_the_receipt_date_is_not_yet_known():
    facts = person({2024: "htxs"}, listings=(Listing("tax", date(2024, 12, 9)),))
    assert lao_dong_tien_tien(facts, 2024, on=date(2024, 12, 8)).eligible is True


# --- rule 6: Chiến sĩ thi đua toàn quốc --------------------------------------------

NATIONAL_INITIATIVE = initiative(30, "toan_quoc", date(2024, 6, 1))


def national_candidate(**kw):
    return person(
        awards=held(CSTDCS, *range(2019, 2025)) + held(CSTD_TINH, 2021, 2024),
        initiatives=[NATIONAL_INITIATIVE],
        **kw,
    )


def test_rule_6_two_consecutive_cstd_tinh_and_a_national_initiative():
    answer = chien_si_thi_dua_toan_quoc(national_candidate(), 2024)
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ21",)


def test_rule_6_the_proposal_is_made_right_after_the_second_cstd_tinh():
    """P30: a proposal received the next year for the 2024 title is in time."""
    facts = national_candidate()
    assert chien_si_thi_dua_toan_quoc(facts, 2024, on=date(2025, 11, 1)).eligible
    later = chien_si_thi_dua_toan_quoc(facts, 2025)
    assert later.eligible is False
    assert later.reasons == (
        Reason("CSTDTQ_NOT_RIGHT_AFTER", {"last_year": 2024, "year": 2025}),
    )


def test_rule_6_one_cstd_tinh_is_not_enough():
    facts = person(awards=held(CSTD_TINH, 2024), initiatives=[NATIONAL_INITIATIVE])
    answer = chien_si_thi_dua_toan_quoc(facts, 2024)
    assert answer.codes == ("CSTD_TINH_COUNT_SHORT",)
    assert texts(answer) == [
        "mới có 01 lần Chiến sĩ thi đua cấp tỉnh, cần 02 lần liên tục"
    ]


def test_rule_6_cycles_with_a_gap_between_them_are_not_consecutive():
    facts = person(
        awards=held(CSTDCS, 2016, 2017, 2018, 2022, 2023, 2024)
        + held(CSTD_TINH, 2018, 2024),
        initiatives=[NATIONAL_INITIATIVE],
    )
    answer = chien_si_thi_dua_toan_quoc(facts, 2024)
    assert answer.reasons == (
        Reason(
            "CSTD_TINH_NOT_CONSECUTIVE",
            {"first": 2018, "second": 2024, "years": [2019, 2020, 2021]},
        ),
    )
    awards_reading = Params(cstd_tinh_consecutive="awards")
    assert chien_si_thi_dua_toan_quoc(facts, 2024, awards_reading).eligible is True


def test_rule_6_a_provincial_initiative_is_not_enough():
    facts = replace(national_candidate(), initiatives=(PROVINCIAL_INITIATIVE,))
    assert chien_si_thi_dua_toan_quoc(facts, 2024).codes == ("NO_INITIATIVE",)


def test_rule_6_a_cstd_tinh_already_counted_for_a_national_title_is_not_reused():
    facts = person(
        awards=held(CSTDCS, *range(2016, 2025))
        + held(CSTD_TINH, 2018, 2021, 2024)
        + held(CSTD_TQ, 2021),
        initiatives=[NATIONAL_INITIATIVE],
    )
    answer = chien_si_thi_dua_toan_quoc(facts, 2024)
    assert answer.codes == ("CSTD_TINH_CONSUMED",)
    assert answer.reasons[0].params == {"years": [2021], "award_year": 2021}


# --- rules 7 and 8: collectives ----------------------------------------------------


def unit(ratings=None, staff=None, **kw):
    return UnitFacts(
        id=kw.pop("id", 100),
        ratings=tuple(Rating(y, r) for y, r in (ratings or {}).items()),
        staff=tuple(staff or ()),
        **kw,
    )


def summary(
    year=2024, members=10, ldtt=7, cstdcs=1, completed=10, disciplined=0, via=None
):
    return StaffSummary(year, members, ldtt, cstdcs, completed, disciplined, via=via)


def test_rule_7_ttldtt_at_70_percent_ldtt_and_no_warning():
    answer = tap_the_lao_dong_tien_tien(unit({2024: "htt"}, [summary()]), 2024)
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ28(1)",)


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (summary(ldtt=6), "LDTT_SHARE_LOW"),
        (summary(members=99, ldtt=69), "LDTT_SHARE_LOW"),
        (summary(disciplined=1), "MEMBERS_DISCIPLINED"),
        (summary(members=0, ldtt=0), "STAFF_SUMMARY_MISSING"),
    ],
)
def test_rule_7_ttldtt_refusals(row, code):
    answer = tap_the_lao_dong_tien_tien(unit({2024: "htt"}, [row]), 2024)
    assert answer.eligible is False
    assert answer.codes == (code,)


def test_rule_7_the_unit_must_complete_its_tasks_well():
    answer = tap_the_lao_dong_tien_tien(unit({2024: "ht"}, [summary()]), 2024)
    assert answer.codes == ("RATING_TOO_LOW",)


def test_rule_7_ldtt_share_message():
    answer = tap_the_lao_dong_tien_tien(unit({2024: "htt"}, [summary(ldtt=6)]), 2024)
    assert texts(answer) == [
        "mới có 6/10 thành viên đạt Lao động tiên tiến, cần từ 70% trở lên"
    ]


def test_rule_8_ttldxs_with_a_member_disciplined_by_default():
    """Law 2022 art. 27 has no discipline clause; the province may add it (⚙)."""
    facts = unit({2024: "htxs"}, [summary(disciplined=1)])
    assert tap_the_lao_dong_xuat_sac(facts, 2024).eligible is True
    strict = Params(ttldxs_discipline_condition=True)
    assert tap_the_lao_dong_xuat_sac(facts, 2024, strict).codes == (
        "MEMBERS_DISCIPLINED",
    )


@pytest.mark.parametrize(
    ("ratings", "row", "codes"),
    [
        ({2024: "htt"}, summary(), ("RATING_TOO_LOW",)),
        ({2024: "htxs"}, summary(completed=9), ("TASKS_NOT_ALL_COMPLETED",)),
        ({2024: "htxs"}, summary(ldtt=6), ("LDTT_SHARE_LOW",)),
        ({2024: "htxs"}, summary(cstdcs=0), ("NO_CSTDCS_MEMBER",)),
        ({}, None, ("RATING_MISSING", "STAFF_SUMMARY_MISSING")),
    ],
)
def test_rule_8_ttldxs_refusals(ratings, row, codes):
    facts = unit(ratings, [row] if row else [])
    answer = tap_the_lao_dong_xuat_sac(facts, 2024)
    assert answer.eligible is False
    assert answer.codes == codes


def test_a_new_unit_adds_up_its_predecessors_staff_summaries():
    facts = unit(
        {2024: "htt"},
        [summary(members=6, ldtt=5, via=11), summary(members=4, ldtt=2, via=12)],
    )
    assert tap_the_lao_dong_tien_tien(facts, 2024).eligible is True


# --- rule 9: Cờ thi đua của UBND tỉnh ----------------------------------------------

BY = 7


def flag_candidate(**kw):
    defaults = {
        "ratings": {2024: "htxs"},
        "memberships": (BlockMembership(2024, BY),),
        "elections": (Election(BY, CO_TINH, closed=True, elected=True),),
    }
    defaults.update(kw)
    return unit(**defaults)


def test_rule_9_elected_leader_of_a_province_block_rated_htxs():
    answer = co_thi_dua_tinh(flag_candidate(), 2024)
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ26",)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"memberships": ()}, "NOT_IN_PROVINCE_BLOCK"),
        (
            {"memberships": (BlockMembership(2024, BY, province_block=False),)},
            "NOT_IN_PROVINCE_BLOCK",
        ),
        ({"memberships": (BlockMembership(2023, BY),)}, "NOT_IN_PROVINCE_BLOCK"),
        ({"elections": ()}, "NOT_ELECTED"),
        (
            {"elections": (Election(BY, CO_TINH, closed=True, elected=False),)},
            "NOT_ELECTED",
        ),
        (
            {"elections": (Election(BY, CO_TINH, closed=False, elected=False),)},
            "ROUND_NOT_CLOSED",
        ),
        (
            {"elections": (Election(BY, BK_TINH, closed=True, elected=True),)},
            "NOT_ELECTED",
        ),
        (
            {"elections": (Election(8, CO_TINH, closed=True, elected=True),)},
            "NOT_ELECTED",
        ),
        ({"ratings": {2024: "htt"}}, "RATING_TOO_LOW"),
        (
            {"memberships": (BlockMembership(2024, BY, flags_taken=1),)},
            "FLAG_QUOTA_USED",
        ),
    ],
)
def test_rule_9_flag_refusals(change, code):
    answer = co_thi_dua_tinh(flag_candidate(**change), 2024)
    assert answer.eligible is False
    assert answer.codes == (code,)


def test_rule_9_the_quota_is_a_provincial_setting():
    facts = flag_candidate(memberships=(BlockMembership(2024, BY, flags_taken=1),))
    assert co_thi_dua_tinh(facts, 2024, Params(flag_quota_per_block=2)).eligible
    large = flag_candidate(
        memberships=(BlockMembership(2024, BY, flag_quota=2, flags_taken=1),)
    )
    assert co_thi_dua_tinh(large, 2024).eligible is True


def test_rule_9_a_flag_already_held_for_the_year_is_not_proposed_again():
    facts = flag_candidate(awards=held(CO_TINH, 2024))
    answer = co_thi_dua_tinh(facts, 2024)
    assert answer.codes == ("ALREADY_AWARDED",)
    assert "Luật 06/2022 Đ5(2)(c)" in answer.legal_basis


def test_rule_9_a_listed_unit_cannot_be_proposed():
    facts = flag_candidate(listings=(Listing("social_insurance", date(2024, 12, 1)),))
    assert co_thi_dua_tinh(facts, 2024).codes == ("VIOLATION_LISTED",)


# --- rule 10: Cờ thi đua của Chính phủ ---------------------------------------------


def test_rule_10_a_provincial_flag_holder_rated_htxs():
    facts = unit({2024: "htxs"}, awards=held(CO_TINH, 2024))
    answer = co_thi_dua_chinh_phu(facts, 2024)
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ25",)


def test_rule_10_a_leader_elected_by_its_block_before_the_flag_decision():
    assert co_thi_dua_chinh_phu(flag_candidate(), 2024).eligible is True


def test_rule_10_only_block_leaders():
    facts = unit({2024: "htxs"}, awards=held(CO_TINH, 2024, kind="chuyen_de"))
    assert co_thi_dua_chinh_phu(facts, 2024).codes == ("NOT_BLOCK_LEADER",)


# --- rule 14: Bằng khen tỉnh, individual route (d) ---------------------------------


def moha_77204():
    """chinhsachonline 77204: 2023 htxs + 1 initiative; 2024 htxs + 1 initiative +
    CSTĐCS (the 2024 initiative backs the CSTĐCS)."""
    return person(
        {2023: "htxs", 2024: "htxs"},
        awards=held(CSTDCS, 2024),
        initiatives=[
            initiative(1, "co_so", date(2023, 5, 1)),
            initiative(2, "co_so", date(2024, 5, 1), InitiativeUse(CSTDCS, 2024)),
        ],
    )


def test_rule_14_moha_answer_77204_is_eligible_by_default():
    answer = bang_khen_tinh(moha_77204(), 2024, route="d")
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ74(1)(d)",)


def test_rule_14_the_stricter_p5_reading_refuses_77204():
    answer = bang_khen_tinh(moha_77204(), 2024, STRICT, route="d")
    assert answer.eligible is False
    assert texts(answer) == [
        "chưa đạt tiêu chuẩn tại điểm d",
        "thiếu 01 năm Chiến sĩ thi đua cơ sở liên tục (2023)",
        "mới có 01 sáng kiến phạm vi cơ sở trong giai đoạn 2023–2024, cần 02",
        "sáng kiến đã dùng cho Chiến sĩ thi đua cơ sở năm 2024",
    ]


def test_rule_14_two_consecutive_cstdcs():
    facts = person(awards=held(CSTDCS, 2023, 2024))
    assert bang_khen_tinh(facts, 2024, route="d").eligible is True


def test_rule_14_strict_reading_wants_two_more_initiatives_with_two_cstdcs():
    facts = person(awards=held(CSTDCS, 2023, 2024))
    assert bang_khen_tinh(facts, 2024, STRICT, route="d").eligible is False
    extra = replace(
        facts,
        initiatives=(
            initiative(1, "co_so", date(2023, 8, 1)),
            initiative(2, "co_so", date(2024, 8, 1)),
        ),
    )
    assert bang_khen_tinh(extra, 2024, STRICT, route="d").eligible is True


def test_rule_14_two_htxs_years_with_two_free_initiatives_pass_both_readings():
    facts = person(
        {2023: "htxs", 2024: "htxs"},
        initiatives=[
            initiative(1, "co_so", date(2023, 8, 1)),
            initiative(2, "co_so", date(2024, 8, 1)),
        ],
    )
    assert bang_khen_tinh(facts, 2024, route="d").eligible is True
    assert bang_khen_tinh(facts, 2024, STRICT, route="d").eligible is True


def test_rule_14_htxs_years_must_be_consecutive():
    facts = person(
        {2022: "htxs", 2023: "htt", 2024: "htxs"},
        initiatives=[
            initiative(1, "co_so", date(2022, 8, 1)),
            initiative(2, "co_so", date(2024, 8, 1)),
        ],
    )
    answer = bang_khen_tinh(facts, 2024, route="d")
    assert answer.eligible is False
    assert "thiếu 01 năm hoàn thành xuất sắc nhiệm vụ liên tục (2023)" in texts(answer)


def test_rule_14_an_initiative_used_for_another_bang_khen_does_not_count():
    facts = person(
        {2023: "htxs", 2024: "htxs"},
        initiatives=[
            initiative(1, "co_so", date(2023, 8, 1)),
            initiative(2, "co_so", date(2024, 8, 1), InitiativeUse(BK_TINH, 2024, 5)),
        ],
    )
    answer = bang_khen_tinh(facts, 2024, route="d")
    assert answer.eligible is False
    assert texts(answer)[-1] == (
        "sáng kiến đã dùng cho Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024"
    )


def test_rule_14_an_initiative_behind_a_cstdcs_outside_the_window_does_not_count():
    facts = person(
        {2021: "htxs", 2022: "ht", 2023: "htxs", 2024: "htxs"},
        awards=held(CSTDCS, 2021),
        initiatives=[
            initiative(1, "co_so", date(2021, 8, 1), InitiativeUse(CSTDCS, 2021)),
            initiative(2, "co_so", date(2024, 8, 1)),
        ],
    )
    assert bang_khen_tinh(facts, 2024, route="d").eligible is False


def test_rule_14_without_route_d_the_other_routes_need_the_council():
    answer = bang_khen_tinh(person({2024: "htxs"}), 2024)
    assert answer.eligible is None
    assert answer.codes[:2] == ("MANUAL_REVIEW", "ROUTE_NOT_MET")


def test_rule_14_a_hold_refuses_even_the_qualitative_routes():
    facts = person({2024: "htxs"}, disciplines=(OPEN,))
    assert bang_khen_tinh(facts, 2024).eligible is False


# --- rule 15: Bằng khen tỉnh, collective route (d) ---------------------------------


def test_rule_15_two_years_htxs_or_ttldxs():
    facts = unit({2023: "htt", 2024: "htxs"}, awards=held(TTLDXS, 2023))
    answer = bang_khen_tinh(facts, 2024, route="d")
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ74",)


def test_rule_15_one_year_is_not_enough():
    answer = bang_khen_tinh(unit({2023: "htt", 2024: "htxs"}), 2024, route="d")
    assert answer.eligible is False
    assert texts(answer)[1] == (
        "thiếu 01 năm hoàn thành xuất sắc nhiệm vụ hoặc Tập thể lao động xuất sắc "
        "liên tục (2023)"
    )


def merged_unit(rating_11, rating_12):
    """Unit 100 formed on 01/07/2025 from units 11 and 12."""
    return UnitFacts(
        100,
        ratings=(
            Rating(2025, "htxs"),
            Rating(2024, rating_11, via=11),
            Rating(2024, rating_12, via=12),
        ),
    )


def test_rule_15_a_merged_unit_keeps_its_predecessors_years():
    assert bang_khen_tinh(merged_unit("htxs", "htxs"), 2025, route="d").eligible


def test_rule_15_by_default_every_predecessor_must_qualify():
    facts = merged_unit("htxs", "ht")
    assert bang_khen_tinh(facts, 2025, route="d").eligible is False
    any_reading = Params(lineage_merge="any")
    assert bang_khen_tinh(facts, 2025, any_reading, route="d").eligible is True


def test_rule_15_a_predecessors_ttldxs_counts_for_its_year():
    facts = UnitFacts(
        100,
        ratings=(Rating(2025, "htxs"), Rating(2024, "htt", via=11)),
        awards=held(TTLDXS, 2024, via=11),
    )
    assert bang_khen_tinh(facts, 2025, route="d").eligible is True


def test_rule_15_the_successors_own_facts_for_a_year_come_first():
    facts = UnitFacts(
        100,
        ratings=(
            Rating(2025, "htxs"),
            Rating(2024, "htt"),
            Rating(2024, "htxs", via=11),
        ),
    )
    assert bang_khen_tinh(facts, 2025, route="d").eligible is False


# --- rule 16: Bằng khen Thủ tướng, individual route (b) ----------------------------


def pm_candidate(**kw):
    defaults = {
        "ratings": {2020: "htt", 2021: "htxs", 2022: "htxs", 2023: "htt", 2024: "htxs"},
        "awards": held(CSTDCS, 2021, 2022, 2024) + held(BK_TINH, 2022),
    }
    defaults.update(kw)
    return person(**defaults)


def test_rule_16_bang_khen_tinh_five_good_years_and_three_cstdcs():
    answer = bang_khen_thu_tuong(pm_candidate(), 2024, route="b")
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ73(1)(b)",)


def test_rule_16_two_cstdcs_are_not_enough():
    facts = pm_candidate(awards=held(CSTDCS, 2021, 2024) + held(BK_TINH, 2022))
    answer = bang_khen_thu_tuong(facts, 2024, route="b")
    assert answer.codes == ("ROUTE_NOT_MET", "CSTDCS_COUNT_SHORT")
    assert texts(answer)[1] == (
        "mới có 02 lần Chiến sĩ thi đua cơ sở trong giai đoạn 2020–2024, cần 03"
    )


def test_rule_16_a_gap_year_breaks_the_five_years():
    facts = pm_candidate(
        ratings={2020: "htt", 2021: "htxs", 2022: "ht", 2023: "htt", 2024: "htxs"}
    )
    answer = bang_khen_thu_tuong(facts, 2024, route="b")
    assert "HTT_YEARS_MISSING" in answer.codes
    assert answer.eligible is False


def test_rule_16_and_17_a_thematic_bang_khen_tinh_does_not_count():
    facts = pm_candidate(
        awards=held(CSTDCS, 2021, 2022, 2024) + held(BK_TINH, 2022, kind="chuyen_de")
    )
    answer = bang_khen_thu_tuong(facts, 2024, route="b")
    assert answer.codes == ("ROUTE_NOT_MET", "BANG_KHEN_TINH_MISSING")


def test_rule_16_other_routes_and_collectives_need_the_council():
    facts = pm_candidate(awards=())
    assert bang_khen_thu_tuong(facts, 2024).eligible is None
    answer = bang_khen_thu_tuong(unit({2024: "htxs"}), 2024)
    assert answer.eligible is None
    assert answer.codes == ("MANUAL_REVIEW",)
    assert answer.legal_basis == ("Luật 06/2022 Đ73(2)",)


# --- Giấy khen ---------------------------------------------------------------------


def test_giay_khen_is_a_qualitative_judgement():
    answer = giay_khen(person({2024: "htt"}), 2024)
    assert answer.eligible is None
    assert answer.codes == ("MANUAL_REVIEW",)
    assert answer.legal_basis == ("Luật 06/2022 Đ75",)
    assert giay_khen(unit({2024: "htxs"}), 2024).eligible is None


def test_giay_khen_needs_tasks_completed_well():
    assert giay_khen(person({2024: "ht"}), 2024).eligible is False


def test_giay_khen_may_be_given_again_in_the_same_year():
    facts = person({2024: "htt"}, awards=held("giay_khen", 2024))
    assert giay_khen(facts, 2024).eligible is None


# --- the possible 2026 amendment (domain.md §2.3) ----------------------------------

FUTURE = Params(legal=LegalParams(future_law_enabled=True))


def test_the_2026_amendment_is_off_by_default():
    facts = person(
        {2026: "htt"}, initiatives=[initiative(1, "co_so", date(2026, 5, 1))]
    )
    assert chien_si_thi_dua_co_so(facts, 2026, on=date(2026, 11, 1)).eligible is True


def test_under_the_2026_amendment_cstdcs_needs_htxs_and_an_initiative():
    on = date(2026, 11, 1)
    good_with_initiative = person(
        {2026: "htt"}, initiatives=[initiative(1, "co_so", date(2026, 5, 1))]
    )
    answer = chien_si_thi_dua_co_so(good_with_initiative, 2026, FUTURE, on=on)
    assert answer.eligible is False
    assert answer.legal_basis == ("Luật 06/2026",)
    excellent_only = person({2026: "htxs"})
    assert chien_si_thi_dua_co_so(excellent_only, 2026, FUTURE, on=on).codes == (
        "NO_INITIATIVE",
    )
    both = person(
        {2026: "htxs"}, initiatives=[initiative(1, "co_so", date(2026, 5, 1))]
    )
    assert chien_si_thi_dua_co_so(both, 2026, FUTURE, on=on).eligible is True


def test_a_dossier_received_before_the_amendment_keeps_the_old_rule():
    """The modelled amendment is stricter, so the old rule stays the answer."""
    facts = person(
        {2026: "htt"}, initiatives=[initiative(1, "co_so", date(2026, 5, 1))]
    )
    answer = chien_si_thi_dua_co_so(facts, 2026, FUTURE, on=date(2026, 9, 30))
    assert answer.eligible is True
    assert answer.legal_basis == ("Luật 06/2022 Đ23",)


# --- entry points ------------------------------------------------------------------


@pytest.mark.parametrize("award", COLLECTIVE_AWARDS)
def test_collective_titles_are_not_for_people(award):
    with pytest.raises(RuleViolation) as exc:
        evaluate(person(), award, 2024)
    assert exc.value.code == "AWARD_NOT_FOR_SUBJECT"


@pytest.mark.parametrize("award", INDIVIDUAL_AWARDS)
def test_individual_titles_are_not_for_units(award):
    with pytest.raises(RuleViolation) as exc:
        evaluate(unit(), award, 2024)
    assert exc.value.code == "AWARD_NOT_FOR_SUBJECT"


def test_an_unknown_award_is_refused():
    with pytest.raises(RuleViolation) as exc:
        evaluate(person(), "huan_chuong", 2024)
    assert exc.value.code == "AWARD_UNKNOWN"


def test_every_award_slug_of_api_md_has_a_function():
    assert set(AWARDS) == set(AWARD_NAMES)
    for award in AWARDS:
        subject = unit() if award in COLLECTIVE_AWARDS else person()
        assert evaluate(subject, award, 2024).eligible in (True, False, None)


def test_evaluate_many_streams_lazily():
    def people():
        yield person({2024: "htt"}, id=1)
        yield person({2024: "ht"}, id=2)
        raise AssertionError("read too far")

    stream = evaluate_many(people(), LDTT, 2024, Params())
    assert isinstance(stream, types.GeneratorType)
    first = next(stream)
    assert first[0] == 1
    assert first[1].eligible is True
    second = next(stream)
    assert second[0] == 2
    assert second[1].eligible is False


# --- rules 1 and 2: links ----------------------------------------------------------


def test_rule_2_an_initiative_backs_one_proposal_only():
    title = Link(1, CSTDCS, 2024, initiatives=(5, 6))
    form = Link(2, BK_TINH, 2024, initiatives=(6,))
    conflicts = initiative_conflicts(form, [title])
    assert conflicts == [
        Reason(
            "INITIATIVE_ALREADY_USED",
            {"initiative": 6, "award": CSTDCS, "year": 2024, "proposal": 1},
        )
    ]
    with pytest.raises(RuleViolation) as exc:
        check_initiative_links(form, [title])
    assert exc.value.code == "INITIATIVE_ALREADY_USED"


def test_rule_2_a_returned_proposal_releases_its_initiatives():
    returned = Link(1, CSTDCS, 2024, initiatives=(6,), active=False)
    check_initiative_links(Link(2, BK_TINH, 2024, initiatives=(6,)), [returned])


def test_rule_2_a_proposal_does_not_conflict_with_itself():
    link = Link(2, BK_TINH, 2024, initiatives=(6,))
    assert initiative_conflicts(link, [link]) == []


def test_rule_2_a_past_award_recorded_on_the_initiative_counts():
    past = initiative(6, "co_so", date(2020, 1, 1), InitiativeUse(CSTDCS, 2020))
    new = Link(2, BK_TINH, 2024, initiatives=(6,))
    assert [c.params["year"] for c in initiative_conflicts(new, [], [past])] == [2020]
    mine = initiative(6, "co_so", date(2020, 1, 1), InitiativeUse(BK_TINH, 2024, 2))
    assert initiative_conflicts(new, [], [mine]) == []


def test_rule_1_one_achievement_backs_one_award():
    first = Link(1, BK_TINH, 2024, achievement=40)
    second = Link(2, "giay_khen", 2024, achievement=40)
    assert achievement_conflicts(second, [first])[0].code == "ACHIEVEMENT_ALREADY_USED"
    with pytest.raises(RuleViolation):
        check_achievement_links(second, [first])
    check_achievement_links(second, [replace(first, active=False)])
    check_achievement_links(Link(3, "giay_khen", 2024), [first])


# --- quotas ------------------------------------------------------------------------


def test_quotas_come_from_the_block_year_then_the_province():
    params = Params(flag_quota_per_block=1, bang_khen_quota_per_block=3)
    assert quota_for(CO_TINH, params) == 1
    assert quota_for(CO_TINH, params, block_quota=2) == 2
    assert quota_for(BK_TINH, params) == 3
    assert quota_for(BK_TINH, Params()) is None
    check_quota(CO_TINH, taken=0, quota=1)
    check_quota(BK_TINH, taken=50, quota=None)
    with pytest.raises(RuleViolation) as exc:
        check_quota(CO_TINH, taken=1, quota=1)
    assert exc.value.code == "QUOTA_EXCEEDED"


def test_a_cstdcs_cap_is_off_unless_the_province_sets_one():
    from fractions import Fraction

    check_cstdcs_cap(cstdcs=10, ldtt=10, params=Params())
    capped = Params(cstdcs_cap=Fraction(15, 100))
    check_cstdcs_cap(cstdcs=3, ldtt=20, params=capped)
    with pytest.raises(RuleViolation) as exc:
        check_cstdcs_cap(cstdcs=4, ldtt=20, params=capped)
    assert exc.value.params["cap_percent"] == 15


# --- rule 20: tie-break ------------------------------------------------------------


def test_rule_20_women_come_first_among_equals():
    a, b, c = Candidate(1, "male"), Candidate(2, "female"), Candidate(3, "male")
    assert [x.id for x in preferred_first([a, b, c])] == [2, 1, 3]


def test_rule_20_collectives_with_70_percent_women_come_first():
    units = [Candidate(1, members=10, women=6), Candidate(2, members=10, women=7)]
    assert [x.id for x in preferred_first(units)] == [2, 1]
    assert is_preferred(Candidate(3, members=3, women=3))
    assert not is_preferred(Candidate(4, members=0, women=0))


# --- messages ----------------------------------------------------------------------

SAMPLES = {
    "DISCIPLINE_OPEN": {"level": "canh_cao", "start": date(2024, 1, 2)},
    "UNDER_REVIEW": {"kind": "investigation", "start": date(2024, 1, 2)},
    "DISCIPLINE_RESTART": {"end": date(2023, 2, 28), "years": [2022, 2023]},
    "YEAR_DISCIPLINED": {"year": 2024, "end": date(2024, 4, 30)},
    "VIOLATION_LISTED": {"source": "tax", "listed_on": date(2024, 12, 1)},
    "ALREADY_AWARDED": {"award": CO_TINH, "year": 2024},
    "RATING_MISSING": {"year": 2024},
    "RATING_TOO_LOW": {"year": 2024, "rating": "ht", "required_rating": "htxs"},
    "HTXS_OR_INITIATIVE_MISSING": {"year": 2024},
    "NO_INITIATIVE": {"scope": "toan_quoc", "from_year": 2019},
    "INITIATIVE_USED": {"initiative": 1, "award": BK_TINH, "year": 2024},
    "INITIATIVES_SHORT": {
        "have": 1,
        "required": 2,
        "scope": "co_so",
        "from_year": 2023,
        "to_year": 2024,
    },
    "CSTDCS_YEARS_MISSING": {"missing": 1, "years": [2023], "required": 3},
    "HTXS_YEARS_MISSING": {"missing": 2, "years": [2022, 2023], "required": 2},
    "HTT_YEARS_MISSING": {"missing": 1, "years": [2022], "required": 5},
    "HTXS_OR_TTLDXS_YEARS_MISSING": {"missing": 1, "years": [2023], "required": 2},
    "CSTDCS_YEARS_CONSUMED": {"years": [2022], "award_year": 2022},
    "CSTDCS_COUNT_SHORT": {
        "have": 2,
        "required": 3,
        "from_year": 2020,
        "to_year": 2024,
    },
    "CSTD_TINH_COUNT_SHORT": {"have": 1, "required": 2},
    "CSTD_TINH_NOT_CONSECUTIVE": {"first": 2018, "second": 2024, "years": [2019]},
    "CSTD_TINH_CONSUMED": {"years": [2021], "award_year": 2021},
    "CSTDTQ_NOT_RIGHT_AFTER": {"last_year": 2024, "year": 2025},
    "BANG_KHEN_TINH_MISSING": {},
    "ROUTE_NOT_MET": {"route": "d"},
    "STAFF_SUMMARY_MISSING": {"year": 2024},
    "LDTT_SHARE_LOW": {"have": 6, "members": 10, "required_percent": 70},
    "MEMBERS_DISCIPLINED": {"count": 1, "year": 2024},
    "TASKS_NOT_ALL_COMPLETED": {"completed": 9, "members": 10},
    "NO_CSTDCS_MEMBER": {"year": 2024},
    "NOT_IN_PROVINCE_BLOCK": {"year": 2024},
    "NOT_ELECTED": {"year": 2024},
    "ROUND_NOT_CLOSED": {"year": 2024},
    "FLAG_QUOTA_USED": {"quota": 1, "taken": 1},
    "NOT_BLOCK_LEADER": {"year": 2024},
    "MANUAL_REVIEW": {"award": "giay_khen"},
    "INITIATIVE_ALREADY_USED": {"initiative": 6, "award": CSTDCS, "year": 2024},
    "ACHIEVEMENT_ALREADY_USED": {"achievement": 4, "award": BK_TINH, "year": 2024},
    "QUOTA_EXCEEDED": {"award": CO_TINH, "quota": 1},
    "CSTDCS_CAP_EXCEEDED": {"cstdcs": 4, "ldtt": 20, "cap_percent": 15},
    "COUNCIL_THRESHOLD_NOT_MET": {"yes": 18, "members": 21, "needed": 19},
    "QUORUM_NOT_MET": {"present": 15, "members": 21, "needed": 17},
    "DOSSIER_INCOMPLETE": {"missing": ["to_trinh", "bien_ban"]},
}


def test_every_reason_code_has_a_vietnamese_template_and_a_sample():
    assert set(SAMPLES) == set(MESSAGES)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_template_renders_with_named_placeholders(code):
    text = render_reason(Reason(code, SAMPLES[code]))
    assert text
    assert "%(" not in text
    assert unicodedata.is_normalized("NFC", text)


def test_all_vietnamese_text_is_nfc():
    tables = (
        MESSAGES,
        AWARD_NAMES,
        RATING_NAMES,
        SCOPE_NAMES,
        DISCIPLINE_LEVEL_NAMES,
        HOLD_KIND_NAMES,
        LISTING_SOURCE_NAMES,
        DOCUMENT_NAMES,
    )
    for table in tables:
        for text in table.values():
            assert unicodedata.is_normalized("NFC", text), text


def test_messages_name_things_in_vietnamese():
    assert render_reason(
        Reason("DOSSIER_INCOMPLETE", SAMPLES["DOSSIER_INCOMPLETE"])
    ) == ("hồ sơ còn thiếu: tờ trình, biên bản họp xét (kèm kết quả bỏ phiếu)")
    assert render_reason(Reason("ALREADY_AWARDED", SAMPLES["ALREADY_AWARDED"])) == (
        "đã được tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2024"
    )


# --- properties --------------------------------------------------------------------

YEARS = st.integers(2016, 2026)
# Evaluations are judged under Law 06/2022 (in force from 01/01/2024).
EVAL_YEARS = st.integers(2024, 2026)
DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 12, 31))
INDIVIDUAL_SLUGS = (*INDIVIDUAL_AWARDS, "giay_khen", BK_TINH, "bang_khen_thu_tuong")

ratings_st = st.lists(st.builds(Rating, YEARS, st.sampled_from(RATINGS)), max_size=12)
awards_st = st.lists(
    st.builds(
        AwardHeld,
        st.sampled_from((CSTDCS, CSTD_TINH, CSTD_TQ, BK_TINH, LDTT)),
        YEARS,
        kind=st.sampled_from(("thuong_xuyen", "thuong_xuyen", "chuyen_de")),
    ),
    max_size=12,
)
uses_st = st.none() | st.builds(
    InitiativeUse, st.sampled_from((CSTDCS, BK_TINH, CSTD_TINH)), YEARS
)
initiatives_st = st.lists(
    st.builds(
        Initiative,
        st.integers(1, 30),
        st.sampled_from(("co_so", "tinh", "toan_quoc")),
        DAYS,
        used_by=uses_st,
    ),
    max_size=6,
)
holds_st = st.lists(
    st.builds(
        Hold,
        DAYS,
        st.none() | DAYS,
        kind=st.sampled_from(("discipline", "investigation")),
        level=st.sampled_from(("khien_trach", "canh_cao")),
    ),
    max_size=3,
)
listings_st = st.lists(
    st.builds(Listing, st.sampled_from(("police", "tax")), DAYS, st.booleans()),
    max_size=2,
)
leaves_st = st.lists(
    st.builds(lambda d: Leave(d, date(d.year, 12, 31)), DAYS), max_size=2
)


@st.composite
def people(draw):
    return PersonFacts(
        id=1,
        gender=draw(st.sampled_from(("male", "female"))),
        ratings=tuple(draw(ratings_st)),
        awards=tuple(draw(awards_st)),
        initiatives=tuple(draw(initiatives_st)),
        leaves=tuple(draw(leaves_st)),
        disciplines=tuple(draw(holds_st)) if draw(st.booleans()) else (),
        listings=tuple(draw(listings_st)) if draw(st.booleans()) else (),
    )


@st.composite
def rich_people(draw):
    """People with dense histories, so that many of them are eligible."""
    years = range(2016, 2027)
    mostly = st.integers(0, 9)
    ratings = tuple(
        Rating(y, "htxs" if draw(mostly) < 8 else draw(st.sampled_from(RATINGS)))
        for y in years
        if draw(mostly) < 9
    )
    awards = tuple(AwardHeld(CSTDCS, y) for y in years if draw(mostly) < 8)
    awards += tuple(
        AwardHeld(draw(st.sampled_from((CSTD_TINH, BK_TINH))), y)
        for y in years
        if draw(mostly) < 2
    )
    initiatives = tuple(
        Initiative(
            i,
            draw(st.sampled_from(("co_so", "tinh"))),
            date(y, 6, 1),
            used_by=draw(uses_st),
        )
        for i, y in enumerate(years)
        if draw(mostly) < 6
    )
    return PersonFacts(
        1,
        ratings=ratings,
        awards=awards,
        initiatives=initiatives,
        leaves=tuple(draw(leaves_st)),
    )


def shuffled(draw, facts):
    return PersonFacts(
        id=facts.id,
        gender=facts.gender,
        ratings=tuple(draw(st.permutations(facts.ratings))),
        awards=tuple(draw(st.permutations(facts.awards))),
        initiatives=tuple(draw(st.permutations(facts.initiatives))),
        leaves=tuple(draw(st.permutations(facts.leaves))),
        disciplines=tuple(draw(st.permutations(facts.disciplines))),
        listings=tuple(draw(st.permutations(facts.listings))),
    )


@settings(max_examples=60, deadline=None)
@given(st.data(), people(), st.sampled_from(INDIVIDUAL_SLUGS), EVAL_YEARS)
def test_eligibility_never_depends_on_the_order_facts_were_entered(
    data, facts, award, year
):
    other = shuffled(data.draw, facts)
    assert evaluate(facts, award, year) == evaluate(other, award, year)
    assert evaluate(facts, award, year, STRICT) == evaluate(other, award, year, STRICT)


@settings(max_examples=60, deadline=None)
@given(rich_people(), EVAL_YEARS, YEARS)
def test_adding_an_htxs_year_never_makes_an_ldtt_ineligible(facts, year, added):
    if not lao_dong_tien_tien(facts, year).eligible:
        return
    more = replace(facts, ratings=(*facts.ratings, Rating(added, "htxs")))
    assert lao_dong_tien_tien(more, year).eligible is True


@settings(max_examples=60, deadline=None)
@given(
    rich_people(),
    EVAL_YEARS,
    YEARS,
    st.sampled_from((LDTT, CSTDCS, CSTD_TINH, BK_TINH, "bang_khen_thu_tuong")),
)
def test_adding_a_qualifying_year_never_makes_an_eligible_person_ineligible(
    facts, year, added, award
):
    """A qualifying year: an htxs rating and a regular CSTĐCS for that year (but
    never the very title under evaluation)."""
    if evaluate(facts, award, year).eligible is not True:
        return
    more = replace(
        facts,
        ratings=(*facts.ratings, Rating(added, "htxs")),
        awards=(*facts.awards, AwardHeld(CSTDCS, added))
        if added != year or award != CSTDCS
        else facts.awards,
    )
    assert evaluate(more, award, year).eligible is True


@settings(max_examples=80, deadline=None)
@given(
    people(),
    st.sampled_from(INDIVIDUAL_SLUGS),
    EVAL_YEARS,
    st.sampled_from(["discipline", "investigation", "complaint"]),
)
def test_rule_18_a_person_under_an_open_hold_is_never_eligible(
    facts, award, year, kind
):
    on = date(year, 12, 31)
    held_facts = replace(facts, disciplines=(Hold(date(year, 6, 1), None, kind=kind),))
    answer = evaluate(held_facts, award, year, on=on)
    assert answer.eligible is False
    assert answer.codes[0] in ("DISCIPLINE_OPEN", "UNDER_REVIEW")


@settings(max_examples=80, deadline=None)
@given(rich_people(), EVAL_YEARS)
def test_rule_14_what_the_strict_reading_accepts_the_default_accepts(facts, year):
    if bang_khen_tinh(facts, year, STRICT, route="d").eligible:
        assert bang_khen_tinh(facts, year, route="d").eligible is True


@settings(max_examples=60, deadline=None)
@given(people(), st.sampled_from(INDIVIDUAL_SLUGS), EVAL_YEARS)
def test_every_reason_found_renders_in_vietnamese(facts, award, year):
    answer = evaluate(facts, award, year)
    for reason in answer.reasons:
        assert render_reason(reason)
    assert answer.legal_basis
    if answer.eligible is None:
        assert answer.codes[0] == "MANUAL_REVIEW"
