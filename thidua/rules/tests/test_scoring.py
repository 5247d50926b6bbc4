"""Score sheets: ranges, totals, reasons and flags (domain.md §6.6, §9 rule 25;
api.md "The block's year")."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.scoring import (
    Criterion,
    Totals,
    check_bonus,
    check_scores,
    flag_differences,
    missing_reasons,
    total_of,
)

D = Decimal
TABLE = [Criterion("1.1", D(60)), Criterion("2.1", D(30)), Criterion("3.1", D(10))]

# --- check_scores ------------------------------------------------------------------


@pytest.mark.parametrize("value", [D(0), D(60), D("59.75"), D("0.01")])
def test_a_score_between_zero_and_the_maximum_is_accepted(value):
    check_scores({"1.1": value}, TABLE)


@pytest.mark.parametrize(
    ("code", "value"),
    [("1.1", D(-1)), ("1.1", D("-0.01")), ("1.1", D("60.01")), ("3.1", D(11))],
)
def test_a_negative_score_or_one_above_the_maximum_is_refused(code, value):
    with pytest.raises(RuleViolation) as exc:
        check_scores({code: value}, TABLE)
    assert exc.value.code == "SCORE_OUT_OF_RANGE"
    assert exc.value.params["code"] == code
    assert exc.value.params["max"] == {c.code: c.max_points for c in TABLE}[code]


def test_an_unknown_criterion_is_refused_with_every_unknown_code():
    with pytest.raises(RuleViolation) as exc:
        check_scores({"9.9": D(1), "1.1": D(1), "0.0": D(1)}, TABLE)
    assert exc.value.code == "UNKNOWN_CRITERION"
    assert exc.value.params == {"codes": ["0.0", "9.9"]}


def test_an_empty_sheet_is_in_range():
    check_scores({}, TABLE)


@given(
    st.sampled_from(TABLE),
    st.decimals(min_value=-1000, max_value=1000, places=2),
)
def test_check_scores_accepts_exactly_the_closed_interval(criterion, value):
    inside = D(0) <= value <= criterion.max_points
    if inside:
        check_scores({criterion.code: value}, TABLE)
    else:
        with pytest.raises(RuleViolation) as exc:
            check_scores({criterion.code: value}, TABLE)
        assert exc.value.code == "SCORE_OUT_OF_RANGE"


# --- check_bonus -------------------------------------------------------------------


@pytest.mark.parametrize("bonus", [D(0), D(5), D("2.5")])
def test_a_bonus_up_to_the_ceiling_is_accepted(bonus):
    check_bonus(bonus, D(5))


@pytest.mark.parametrize("bonus", [D(-1), D("5.01")])
def test_a_bonus_outside_the_ceiling_is_refused(bonus):
    with pytest.raises(RuleViolation) as exc:
        check_bonus(bonus, D(5))
    assert exc.value.code == "BONUS_OUT_OF_RANGE"


def test_with_a_zero_ceiling_any_bonus_is_refused():
    with pytest.raises(RuleViolation):
        check_bonus(D("0.01"), D(0))


# --- total_of ----------------------------------------------------------------------


def test_total_is_base_plus_bonus_minus_deductions():
    totals = total_of({"1.1": D(55), "2.1": D("28.5")}, D(3), D(2))
    assert totals == Totals(
        base=D("83.5"), bonus=D(3), deductions=D(2), total=D("84.5")
    )


def test_decimal_points_stay_exact():
    assert total_of({"a": D("7.5"), "b": D("0.25")}, D(0), D(0)).total == D("7.75")


def test_an_empty_sheet_totals_the_bonus_minus_deductions():
    assert total_of({}, D(1), D(2)).total == D(-1)


@st.composite
def sheets(draw):
    """A scoring table, a sheet in range on part of it, a bonus within the ceiling."""
    maxima = draw(
        st.lists(st.decimals(min_value="0.5", max_value=100, places=2), max_size=12)
    )
    table = [Criterion(f"{i}", m) for i, m in enumerate(maxima)]
    scores = {}
    for c in table:
        if draw(st.booleans()):
            scores[c.code] = draw(
                st.decimals(min_value=0, max_value=c.max_points, places=2)
            )
    ceiling = draw(st.decimals(min_value=0, max_value=15, places=2))
    bonus = draw(st.decimals(min_value=0, max_value=ceiling, places=2))
    return table, scores, ceiling, bonus


@given(sheets(), st.decimals(min_value=0, max_value=50, places=2))
def test_a_total_never_exceeds_the_maxima_plus_the_bonus_ceiling(sheet, deductions):
    table, scores, ceiling, bonus = sheet
    check_scores(scores, table)
    check_bonus(bonus, ceiling)
    totals = total_of(scores, bonus, deductions)
    assert totals.base <= sum((c.max_points for c in table), D(0))
    assert totals.total <= sum((c.max_points for c in table), D(0)) + ceiling
    assert totals.total == totals.base + totals.bonus - totals.deductions


@given(
    sheets(),
    st.decimals(min_value=0, max_value=50, places=2),
    st.decimals(min_value=0, max_value=50, places=2),
)
def test_more_deductions_never_raise_a_total(sheet, deductions, more):
    _, scores, _, bonus = sheet
    assert (
        total_of(scores, bonus, deductions + more).total
        <= total_of(scores, bonus, deductions).total
    )


# --- missing_reasons ---------------------------------------------------------------


def test_a_reason_is_needed_where_the_final_differs_from_the_self_score():
    assert missing_reasons(
        {"1.1": D(50), "2.1": D(30)}, {"1.1": D(55), "2.1": D(30)}, {}
    ) == ["1.1"]


def test_no_reason_is_needed_without_a_self_score():
    assert missing_reasons({"1.1": D(50)}, {}, {}) == []
    assert missing_reasons({"1.1": D(50)}, {"2.1": D(1)}, {}) == []


def test_no_reason_is_needed_where_the_final_equals_the_self_score():
    assert missing_reasons({"1.1": D("50.0")}, {"1.1": D("50.00")}, {}) == []


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_blank_reason_is_no_reason(reason):
    assert missing_reasons({"1.1": D(50)}, {"1.1": D(55)}, {"1.1": reason}) == ["1.1"]


def test_a_reason_given_clears_the_criterion():
    assert (
        missing_reasons({"1.1": D(50)}, {"1.1": D(55)}, {"1.1": "Chưa đạt chỉ tiêu"})
        == []
    )


points = st.decimals(min_value=0, max_value=20, places=1)
codes = st.sampled_from(["1.1", "1.2", "2.1", "3.1", "4.1"])


@given(
    st.dictionaries(codes, points),
    st.dictionaries(codes, points),
    st.dictionaries(codes, st.sampled_from(["", " ", "lý do"])),
)
def test_missing_reasons_only_where_a_self_score_exists_and_differs(
    final, own, reasons
):
    missing = missing_reasons(final, own, reasons)
    assert missing == sorted(missing)
    for code in final:
        needed = code in own and own[code] != final[code]
        given_reason = bool((reasons.get(code) or "").strip())
        assert (code in missing) == (needed and not given_reason)
    assert set(missing) <= set(final) & set(own)


# --- flag_differences --------------------------------------------------------------


def test_differences_beyond_the_margin_are_flagged():
    own = {"1.1": D(55), "2.1": D(30), "3.1": D(10)}
    review = {"1.1": D(50), "2.1": D(28), "4.1": D(1)}
    assert flag_differences(own, review, D(2)) == ["1.1"]
    assert flag_differences(own, review, D(1)) == ["1.1", "2.1"]


@given(st.dictionaries(codes, points), st.dictionaries(codes, points), points)
def test_flags_are_symmetric_and_on_shared_criteria_only(own, review, margin):
    flagged = flag_differences(own, review, margin)
    assert flagged == flag_differences(review, own, margin)
    assert set(flagged) <= set(own) & set(review)
    assert all(abs(own[c] - review[c]) > margin for c in flagged)
