"""⚙ award settings → eligibility Params (domain.md §9 rules 8, 9, 11, 12, 14)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.award_settings import DEFAULTS, SPECS, award_settings, params_from
from thidua.rules.eligibility import DEFAULT_PARAMS


def test_no_overrides_give_the_rules_defaults():
    assert params_from(None) == DEFAULT_PARAMS
    assert params_from({}) == DEFAULT_PARAMS


def test_rule_9_flag_quota_is_a_setting():
    assert params_from({"flag_quota_per_block": 2}).flag_quota_per_block == 2


def test_rule_11_thresholds_per_award_are_percentages_of_members():
    params = params_from({"council_threshold_percent": {"bang_khen_tinh": 75}})
    assert params.council_thresholds == {"bang_khen_tinh": Fraction(3, 4)}


def test_rule_12_quorum_default_is_exactly_two_thirds():
    assert params_from({}).quorum_session == Fraction(2, 3)
    assert params_from({"quorum_session_percent": 70}).quorum_session == Fraction(7, 10)


def test_cstdcs_cap_percent():
    assert params_from({"cstdcs_cap_percent": 15}).cstdcs_cap == Fraction(3, 20)


def test_future_law_switch_reaches_the_legal_params():
    assert params_from({"future_law_enabled": True}).legal.future_law_enabled


@pytest.mark.parametrize(
    "overrides",
    [
        {"flag_quota_per_block": -1},
        {"flag_quota_per_block": True},
        {"flag_quota_per_block": "1"},
        {"lineage_merge": "some"},
        {"council_default_percent": 0},
        {"council_threshold_percent": {"khong_co": 50}},
        {"council_threshold_percent": {"bang_khen_tinh": 101}},
        {"council_threshold_percent": []},
    ],
)
def test_wrong_values_are_refused(overrides):
    with pytest.raises(RuleViolation) as err:
        award_settings(overrides)
    assert err.value.code == "SETTING_INVALID"


def test_every_setting_cites_its_rule():
    assert all(spec.rule for spec in SPECS)
    assert {spec.key for spec in SPECS} == set(DEFAULTS)


@given(st.dictionaries(st.text(max_size=8), st.integers()))
def test_unknown_keys_are_ignored(junk):
    known = {s.key for s in SPECS} | {"council_threshold_percent"}
    clean = {k: v for k, v in junk.items() if k not in known}
    assert params_from(clean) == DEFAULT_PARAMS


def test_rule_21_decree_98_bang_khen_coefficient_comes_from_the_province():
    from datetime import date

    from thidua.rules.legal import cash_amount

    params = params_from(
        {"coefficient_overrides": {"ND_98_2023/bang_khen_tinh/individual": "1.0"}}
    )
    cash = cash_amount("bang_khen_tinh", "individual", date(2025, 3, 1), params.legal)
    assert (cash.coefficient, cash.amount) == (1, 2_340_000)
    with pytest.raises(RuleViolation):
        cash_amount("bang_khen_tinh", "individual", date(2025, 3, 1))


def test_rule_21_an_earlier_base_salary_joins_the_dated_table():
    from datetime import date

    from thidua.rules.legal import base_salary_on

    params = params_from({"base_salaries": [["2023-07-01", 1_800_000]]})
    assert base_salary_on(date(2024, 1, 20), params.legal) == 1_800_000
    assert base_salary_on(date(2024, 7, 1), params.legal) == 2_340_000
    assert base_salary_on(date(2026, 7, 1), params.legal) == 2_530_000


@pytest.mark.parametrize(
    "overrides",
    [
        {"coefficient_overrides": {"ND_98_2023/bang_khen_tinh": "1"}},
        {"coefficient_overrides": {"ND_98_2023/khong/individual": "1"}},
        {"coefficient_overrides": {"ND_98_2023/bang_khen_tinh/individual": "abc"}},
        {"coefficient_overrides": {"ND_98_2023/bang_khen_tinh/individual": "-1"}},
        {"coefficient_overrides": ["x"]},
        {"base_salaries": [["2023-02-30", 1]]},
        {"base_salaries": [["2023-07-01", "1800000"]]},
        {"base_salaries": "2023"},
    ],
)
def test_rule_21_wrong_legal_values_are_refused(overrides):
    with pytest.raises(RuleViolation):
        award_settings(overrides)
