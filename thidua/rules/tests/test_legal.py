"""Legal sources by effective date and reward money (domain.md §2.1–2.3, §5.5; §9
rules 21 and 29)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.legal import (
    AMENDED_BY_FUTURE_LAW,
    BASE_SALARIES,
    COLLECTIVE,
    DECREE_98,
    DECREE_152,
    HOUSEHOLD,
    INDIVIDUAL,
    LAW_2022,
    LAW_2026,
    RULE_KEYS,
    LegalParams,
    base_salary_on,
    cash_amount,
    coefficient_for,
    decree_in_force,
    law_versions,
    round_up,
    source_for,
)

D = Decimal
LAST_DAY_98 = date(2025, 6, 30)
FIRST_DAY_152 = date(2025, 7, 1)
FUTURE = LegalParams(future_law_enabled=True)

# --- rule 29: the source in force on the receipt date ------------------------------


def test_rule_29_decree_98_until_30_june_2025_then_decree_152():
    assert decree_in_force(date(2024, 1, 1)) is DECREE_98
    assert decree_in_force(LAST_DAY_98) is DECREE_98
    assert decree_in_force(FIRST_DAY_152) is DECREE_152
    assert decree_in_force(date(2030, 1, 1)) is DECREE_152


def test_rule_29_nothing_is_in_force_before_the_2022_law_took_effect():
    with pytest.raises(RuleViolation) as exc:
        decree_in_force(date(2023, 12, 31))
    assert exc.value.code == "NO_LEGAL_SOURCE"
    with pytest.raises(RuleViolation):
        source_for("lao_dong_tien_tien", date(2023, 12, 31))


def test_rule_29_reward_amounts_moved_from_art_54_to_art_50_on_1_july_2025():
    assert str(source_for("cash_title", LAST_DAY_98)) == "NĐ 98/2023 Đ54"
    assert str(source_for("cash_title", FIRST_DAY_152)) == "NĐ 152/2025 Đ50"


def test_rule_29_principles_cite_decree_152_art_4_and_decree_98_without_a_guess():
    """domain.md gives Decree 152 art. 4; the Decree 98 article is not given."""
    assert str(source_for("discipline_hold", FIRST_DAY_152)) == "NĐ 152/2025 Đ4(4)"
    assert str(source_for("maternity_leave", FIRST_DAY_152)) == "NĐ 152/2025 Đ4(5)"
    assert str(source_for("discipline_hold", LAST_DAY_98)) == "NĐ 98/2023"


def test_rule_29_council_thresholds_cite_decree_98_art_30_7():
    assert str(source_for("council_vote", LAST_DAY_98)) == "NĐ 98/2023 Đ30(7)"
    assert str(source_for("council_vote", FIRST_DAY_152)) == "NĐ 152/2025"


def test_law_articles_do_not_change_with_the_decree():
    for day in (LAST_DAY_98, FIRST_DAY_152):
        assert str(source_for("lao_dong_tien_tien", day)) == "Luật 06/2022 Đ24"
        assert str(source_for("bang_khen_tinh.individual", day)) == (
            "Luật 06/2022 Đ74(1)(d)"
        )
        assert str(source_for("bang_khen_thu_tuong.individual", day)) == (
            "Luật 06/2022 Đ73(1)(b)"
        )


def test_a_citation_has_a_full_vietnamese_form():
    citation = source_for("bang_khen_tinh.individual", FIRST_DAY_152)
    assert citation.full == (
        "điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng số 06/2022/QH15"
    )
    assert source_for("cash_title", FIRST_DAY_152).full.startswith(
        "Điều 50 Nghị định số 152/2025/NĐ-CP"
    )


def test_the_provincial_regulation_is_named_by_the_province():
    legal = LegalParams(provincial_regulation="QĐ 86/2025/QĐ-UBND")
    assert str(source_for("council_quorum", FIRST_DAY_152, legal)) == (
        "QĐ 86/2025/QĐ-UBND"
    )


def test_every_rule_has_a_source_from_1_july_2024():
    for day in (date(2024, 7, 1), LAST_DAY_98, FIRST_DAY_152, date(2026, 7, 1)):
        for rule in RULE_KEYS:
            assert str(source_for(rule, day)), (rule, day)


def test_an_unknown_rule_is_refused():
    with pytest.raises(RuleViolation) as exc:
        source_for("no_such_rule", FIRST_DAY_152)
    assert exc.value.code == "UNKNOWN_RULE"


# --- the possible 2026 amendment (domain.md §2.3) ----------------------------------


def test_the_unconfirmed_2026_law_is_off_by_default():
    assert not LAW_2026.confirmed
    assert law_versions(date(2027, 1, 1)) == (LAW_2022.code,)
    assert str(source_for("chien_si_thi_dua_co_so", date(2027, 1, 1))) == (
        "Luật 06/2022 Đ23"
    )


def test_when_enabled_earlier_dossiers_try_the_old_law_then_the_new_one():
    """Received before 01/10/2026: Law 06/2022 unless the new rule is more favourable."""
    assert law_versions(date(2026, 9, 30), FUTURE) == (LAW_2022.code, LAW_2026.code)
    assert law_versions(date(2026, 10, 1), FUTURE) == (LAW_2026.code,)


def test_when_enabled_the_amended_rule_cites_the_amendment():
    assert {"chien_si_thi_dua_co_so"} == AMENDED_BY_FUTURE_LAW
    on = date(2026, 10, 1)
    assert str(source_for("chien_si_thi_dua_co_so", on, FUTURE)) == "Luật 06/2026"
    # Rules the amendment is not modelled to change keep Law 06/2022.
    assert str(source_for("lao_dong_tien_tien", on, FUTURE)) == "Luật 06/2022 Đ24"
    before = date(2026, 9, 30)
    assert str(source_for("chien_si_thi_dua_co_so", before, FUTURE)) == (
        "Luật 06/2022 Đ23"
    )
    assert str(
        source_for("chien_si_thi_dua_co_so", before, FUTURE, law=LAW_2026.code)
    ) == ("Luật 06/2026")


# --- rule 21: coefficients ---------------------------------------------------------

SECTION_5_5 = [
    ("chien_si_thi_dua_toan_quoc", INDIVIDUAL, "4.5"),
    ("chien_si_thi_dua_tinh", INDIVIDUAL, "3.0"),
    ("chien_si_thi_dua_co_so", INDIVIDUAL, "1.0"),
    ("lao_dong_tien_tien", INDIVIDUAL, "0.3"),
    ("tap_the_lao_dong_xuat_sac", COLLECTIVE, "1.5"),
    ("tap_the_lao_dong_tien_tien", COLLECTIVE, "0.8"),
    ("co_thi_dua_chinh_phu", COLLECTIVE, "12.0"),
    ("co_thi_dua_tinh", COLLECTIVE, "8.0"),
    ("bang_khen_thu_tuong", INDIVIDUAL, "3.5"),
    ("bang_khen_thu_tuong", COLLECTIVE, "7.0"),
    ("bang_khen_tinh", INDIVIDUAL, "1.5"),
    ("bang_khen_tinh", COLLECTIVE, "3.0"),
    ("giay_khen", INDIVIDUAL, "0.3"),
    ("giay_khen", COLLECTIVE, "0.6"),
]


@pytest.mark.parametrize(("award", "subject", "value"), SECTION_5_5)
def test_rule_21_decree_152_coefficients_are_those_of_section_5_5(
    award, subject, value
):
    coefficient = coefficient_for(award, subject, FIRST_DAY_152)
    assert coefficient.value == D(value)


def test_rule_21_the_individual_giay_khen_coefficient_is_flagged_unconfirmed():
    assert not coefficient_for("giay_khen", INDIVIDUAL, FIRST_DAY_152).confirmed
    assert coefficient_for("giay_khen", COLLECTIVE, FIRST_DAY_152).confirmed


@pytest.mark.parametrize(("award", "subject", "value"), SECTION_5_5[:8])
def test_rule_21_decree_98_has_the_same_title_coefficients(award, subject, value):
    coefficient = coefficient_for(award, subject, LAST_DAY_98)
    assert coefficient.value == D(value)
    assert str(coefficient.citation) == "NĐ 98/2023 Đ54"


@pytest.mark.parametrize(
    "award", ["bang_khen_tinh", "bang_khen_thu_tuong", "giay_khen"]
)
def test_rule_21_decree_98_form_amounts_are_unknown_until_an_administrator_sets_them(
    award,
):
    with pytest.raises(RuleViolation) as exc:
        coefficient_for(award, INDIVIDUAL, LAST_DAY_98)
    assert exc.value.code == "COEFFICIENT_UNKNOWN"
    legal = LegalParams(
        coefficient_overrides={(DECREE_98.code, award, INDIVIDUAL): D("1.0")}
    )
    assert coefficient_for(award, INDIVIDUAL, LAST_DAY_98, legal).value == D("1.0")


def test_rule_21_a_title_has_no_coefficient_for_the_wrong_subject():
    with pytest.raises(RuleViolation) as exc:
        coefficient_for("lao_dong_tien_tien", COLLECTIVE, FIRST_DAY_152)
    assert exc.value.code == "COEFFICIENT_UNKNOWN"


# --- rule 21: base salary and rounding ---------------------------------------------


def test_rule_21_base_salary_is_2_340_000_from_1_july_2024():
    assert base_salary_on(date(2024, 7, 1)) == 2_340_000
    assert base_salary_on(date(2026, 6, 30)) == 2_340_000


def test_rule_21_base_salary_switches_to_2_530_000_on_1_july_2026():
    assert base_salary_on(date(2026, 7, 1)) == 2_530_000
    assert base_salary_on(date(2030, 1, 1)) == 2_530_000


def test_rule_21_base_salary_before_july_2024_is_not_in_domain_md():
    with pytest.raises(RuleViolation) as exc:
        base_salary_on(date(2024, 6, 30))
    assert exc.value.code == "BASE_SALARY_UNKNOWN"
    legal = LegalParams(base_salaries=((date(2023, 7, 1), 1_800_000), *BASE_SALARIES))
    assert base_salary_on(date(2024, 6, 30), legal) == 1_800_000


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        (0, 0),
        (702_000, 710_000),
        (700_000, 700_000),
        (700_001, 710_000),
        (D("2339999.5"), 2_340_000),
        (3_510_000, 3_510_000),
        (5_265_000, 5_270_000),
    ],
)
def test_rule_21_amounts_are_rounded_up_to_10_000(amount, rounded):
    assert round_up(amount) == rounded


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_rule_21_rounding_up_gives_the_next_multiple_of_10_000(amount):
    rounded = round_up(amount)
    assert rounded % 10_000 == 0
    assert amount <= rounded < amount + 10_000


# --- rule 21: cash -----------------------------------------------------------------


def test_rule_21_lao_dong_tien_tien_cash_is_rounded_up():
    cash = cash_amount("lao_dong_tien_tien", INDIVIDUAL, date(2025, 12, 20))
    assert cash.coefficient == D("0.3")
    assert cash.base_salary == 2_340_000
    assert cash.amount == 710_000  # 0.3 × 2,340,000 = 702,000
    assert cash.legal_basis == (
        "NĐ 152/2025 Đ50",
        "NĐ 152/2025 Đ49(2)",
        "NĐ 73/2024 Đ3(2)",
    )


def test_rule_21_the_base_salary_is_that_of_the_decision_date():
    before = cash_amount("co_thi_dua_tinh", COLLECTIVE, date(2026, 6, 30))
    after = cash_amount("co_thi_dua_tinh", COLLECTIVE, date(2026, 7, 1))
    assert before.amount == 18_720_000
    assert after.amount == 20_240_000
    assert after.legal_basis[-1] == "NĐ 161/2026 Đ3"


def test_rule_21_collective_forms_use_their_own_coefficients():
    assert cash_amount("bang_khen_tinh", COLLECTIVE, FIRST_DAY_152).amount == 7_020_000
    assert cash_amount("bang_khen_thu_tuong", COLLECTIVE, FIRST_DAY_152).amount == (
        16_380_000
    )


def test_rule_21_a_household_receives_one_and_a_half_times_the_individual_amount():
    individual = cash_amount("bang_khen_tinh", INDIVIDUAL, FIRST_DAY_152)
    household = cash_amount("bang_khen_tinh", HOUSEHOLD, FIRST_DAY_152)
    assert individual.amount == 3_510_000
    assert household.amount == 5_270_000  # 1.5 × 3,510,000 = 5,265,000, rounded up
    assert household.coefficient == D("2.25")


def test_rule_21_a_household_gets_no_title_money():
    with pytest.raises(RuleViolation) as exc:
        cash_amount("lao_dong_tien_tien", HOUSEHOLD, FIRST_DAY_152)
    assert exc.value.code == "COEFFICIENT_UNKNOWN"


def test_rule_21_an_unknown_subject_is_refused():
    with pytest.raises(RuleViolation) as exc:
        cash_amount("lao_dong_tien_tien", "family", FIRST_DAY_152)
    assert exc.value.code == "SUBJECT_UNKNOWN"


def test_rule_21_a_decision_before_the_switch_uses_decree_98():
    cash = cash_amount("chien_si_thi_dua_co_so", INDIVIDUAL, LAST_DAY_98)
    assert cash.amount == 2_340_000
    assert cash.legal_basis[:2] == ("NĐ 98/2023 Đ54", "NĐ 98/2023")


@given(
    st.sampled_from(SECTION_5_5),
    st.dates(min_value=date(2025, 7, 1), max_value=date(2030, 12, 31)),
)
def test_rule_21_cash_is_a_multiple_of_10_000_never_below_coefficient_times_base(
    entry, day
):
    award, subject, value = entry
    cash = cash_amount(award, subject, day)
    exact = D(value) * base_salary_on(day)
    assert cash.amount % 10_000 == 0
    assert exact <= cash.amount < exact + 10_000


@given(st.dates(min_value=date(2024, 7, 1), max_value=date(2030, 12, 31)))
def test_rule_21_cash_never_falls_from_one_day_to_the_next(day):
    today = cash_amount("co_thi_dua_tinh", COLLECTIVE, day).amount
    tomorrow = cash_amount("co_thi_dua_tinh", COLLECTIVE, day + timedelta(days=1))
    assert tomorrow.amount >= today
