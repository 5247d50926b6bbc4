"""Number, symbol, place and date of official documents (Decree 30/2020/NĐ-CP)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.numbering import (
    BODY_ABBREVIATIONS,
    MAX_NUMBER,
    TYPE_ABBREVIATIONS,
    DocumentNumber,
    day_in_words,
    document_number,
    format_document_number,
    next_document_number,
    parse_document_number,
    place_and_date,
)


def test_numbers_below_ten_take_a_leading_zero():
    assert str(document_number(5, "to_trinh", "khoi")) == "05/TTr-KTĐ"
    assert str(document_number(12, "bien_ban", "cum")) == "12/BB-CTĐ"


def test_the_symbol_joins_type_and_body():
    assert document_number(1, "bao_cao", "khoi").symbol == "BC-KTĐ"


def test_date_in_words_pads_days_below_ten_and_months_one_and_two():
    assert place_and_date("Hòa Bình", date(2025, 1, 2)) == (
        "Hòa Bình, ngày 02 tháng 01 năm 2025"
    )
    assert day_in_words(date(2025, 2, 28)) == "ngày 28 tháng 02 năm 2025"
    assert day_in_words(date(2025, 3, 5)) == "ngày 05 tháng 3 năm 2025"
    assert day_in_words(date(2025, 12, 10)) == "ngày 10 tháng 12 năm 2025"


def test_place_drops_tinh_and_thanh_pho():
    assert place_and_date("Tỉnh Hòa Bình", date(2025, 7, 1)).startswith("Hòa Bình, ")
    assert place_and_date("Thành phố Hải Phòng", date(2025, 7, 1)).startswith(
        "Hải Phòng, "
    )


def test_the_sequence_starts_at_one_and_counts_up():
    assert next_document_number(0) == 1
    assert next_document_number(41) == 42
    with pytest.raises(RuleViolation) as exc:
        next_document_number(-1)
    assert exc.value.code == "DOCUMENT_SEQUENCE_INVALID"
    with pytest.raises(RuleViolation) as exc:
        next_document_number(MAX_NUMBER)
    assert exc.value.code == "DOCUMENT_SEQUENCE_EXHAUSTED"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5/TTr-KTĐ",
        "005/TTr-KTĐ",
        "00/TTr-KTĐ",
        "05/TTr",
        "05-TTr-KTĐ",
        "05/ttr-KTĐ",
        "05/TTr-",
        "05/TTr-KTĐ-",
        "٠٥/TTr-KTĐ",
        "05/TTr-KTĐ\n06/TTr-KTĐ",
        "1234567/TTr-KTĐ",
    ],
)
def test_malformed_numbers_are_refused(text):
    with pytest.raises(RuleViolation) as exc:
        parse_document_number(text)
    assert exc.value.code == "DOCUMENT_NUMBER_MALFORMED"


def test_a_printed_number_is_read_back():
    assert parse_document_number("Số: 05/TTr-KTĐ") == DocumentNumber(5, "TTr", "KTĐ")
    assert parse_document_number(" 123/BB-KTĐ-VP ") == DocumentNumber(
        123, "BB", "KTĐ-VP"
    )


@given(st.one_of(st.text(max_size=100), st.binary(), st.integers(), st.none()))
def test_parsing_any_input_answers_a_number_or_a_rule_violation(value):
    try:
        parsed = parse_document_number(value)
    except RuleViolation as exc:
        assert exc.code == "DOCUMENT_NUMBER_MALFORMED"
    else:
        assert 1 <= parsed.number <= MAX_NUMBER


@given(
    st.integers(min_value=1, max_value=MAX_NUMBER),
    st.sampled_from(sorted(TYPE_ABBREVIATIONS)),
    st.sampled_from(sorted(BODY_ABBREVIATIONS)),
)
def test_format_then_parse_is_the_identity(number, type_key, body):
    doc = document_number(number, type_key, body)
    text = format_document_number(doc)
    assert parse_document_number(text) == doc
    assert format_document_number(parse_document_number(text)) == text


@given(st.dates())
def test_date_in_words_round_trips(day):
    words = day_in_words(day)
    _, d, _, m, _, y = words.split(" ")
    assert date(int(y), int(m), int(d)) == day
    assert len(d) == 2 or day.day >= 10
    assert (len(m) == 2) == (day.month in (1, 2, 10, 11, 12))
