"""Vietnamese text: NFC, diacritic folding and sort keys (design.md §7)."""

import itertools
import random
import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from thidua.rules.text import fold, normalize, person_sort_key, sort_key

# The Vietnamese alphabet in order, then the Latin letters of foreign names where
# Latin order puts them; the reference for the sort tests below.
VI_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
FULL_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
VOWELS = set("aăâeêioôơuưy")
# Level, huyền, hỏi, ngã, sắc, nặng: the dictionary order of tones.
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def ordered(names: list[str], key=sort_key) -> list[str]:
    shuffled = names[:]
    random.Random(0).shuffle(shuffled)
    return sorted(shuffled, key=key)


# --- normalize and fold ----------------------------------------------------------


def test_normalize_composes_decomposed_input_to_nfc():
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ho\u0300a"
    assert decomposed != "Nguyễn Thị Hòa"
    assert normalize(decomposed) == "Nguyễn Thị Hòa"
    assert unicodedata.is_normalized("NFC", normalize(decomposed))


def test_normalize_trims_and_collapses_white_space():
    assert normalize("  Sở \t Tài\u00a0chính \n ") == "Sở Tài chính"


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_normalize_of_nothing_is_empty(empty):
    assert normalize(empty) == ""


def test_fold_ignores_tone_placement_case_and_diacritics():
    assert fold("Hòa Bình") == fold("Hoà Bình") == fold("hoa binh") == "hoa binh"
    assert fold("HÒA BÌNH") == "hoa binh"


def test_fold_turns_d_with_stroke_into_d():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("đường Điện Biên") == "duong dien bien"


def test_fold_reads_decomposed_input_like_composed_input():
    assert fold(nfd("Nguyễn Thị Thu Hương")) == fold("Nguyễn Thị Thu Hương")
    assert fold(nfd("Nguyễn Thị Thu Hương")) == "nguyen thi thu huong"


def test_fold_keeps_digits_and_punctuation():
    assert fold("Khối thi đua số 2 (Sở, ngành)") == "khoi thi dua so 2 (so, nganh)"


def test_fold_collapses_spaces_left_by_a_stray_mark():
    assert fold("Hòa \u0301 Bình") == "hoa binh"
    assert fold("Hòa \u0301") == "hoa"


@given(st.text())
@example("Hòa \u0301 Bình")
@example("\u0301 ")
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_output_has_no_combining_marks(text):
    assert not any(unicodedata.combining(ch) for ch in fold(text))


@given(st.text())
def test_fold_output_has_no_capitals_d_with_stroke_or_loose_spaces(text):
    folded = fold(text)
    assert "đ" not in folded
    assert "Đ" not in folded
    assert folded == folded.strip()
    assert "  " not in folded


# --- sort_key --------------------------------------------------------------------


def test_letters_follow_the_vietnamese_alphabet():
    keys = [sort_key(letter) for letter in VI_ALPHABET]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_foreign_letters_sit_where_latin_order_puts_them():
    keys = [sort_key(letter) for letter in FULL_ALPHABET]
    assert keys == sorted(keys)
    assert sort_key("ê") < sort_key("f") < sort_key("g")
    assert sort_key("i") < sort_key("j") < sort_key("k")
    assert sort_key("v") < sort_key("w") < sort_key("x") < sort_key("y") < sort_key("z")


def test_digits_sort_before_letters():
    assert sort_key("9") < sort_key("a")
    assert sort_key("Khối 1") < sort_key("Khối A")


def test_real_names_sort_in_vietnamese_order():
    expected = ["An Giang", "Ăn", "Ấp", "Bình Định", "Cà Mau", "Dương", "Đắk Lắk"]
    assert ordered(expected) == expected


def test_letters_with_marks_follow_their_base_letter():
    expected = ["Da", "Dương", "Đa", "Eo", "Ê Đê", "Êm", "Ó", "Ông", "Ơn", "Út", "Ưng"]
    assert ordered(expected) == expected


def test_more_provinces_sort_in_vietnamese_order():
    expected = [
        "An Giang",
        "Bắc Ninh",
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Điện Biên",
        "Đồng Nai",
        "Đồng Tháp",
        "Gia Lai",
        "Hà Nội",
        "Hà Tĩnh",
        "Hải Phòng",
        "Huế",
        "Hưng Yên",
        "Khánh Hòa",
        "Lai Châu",
        "Lạng Sơn",
        "Lào Cai",
        "Lâm Đồng",
        "Nghệ An",
        "Ninh Bình",
        "Phú Thọ",
        "Quảng Ngãi",
        "Quảng Ninh",
        "Quảng Trị",
        "Sơn La",
        "Tây Ninh",
        "Thái Nguyên",
        "Thanh Hóa",
        "Tuyên Quang",
        "Vĩnh Long",
    ]
    assert ordered(expected) == expected


def test_tones_order_level_huyen_hoi_nga_sac_nang():
    expected = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert ordered(expected) == expected


@pytest.mark.parametrize("letters", ["a", "ươ", "uyê", "Hoa", "Nguyên", "Tương"])
def test_tones_order_the_same_way_on_every_vowel(letters):
    vowel = next(i for i, ch in reversed(list(enumerate(letters))) if ch in VOWELS)
    words = [
        nfc(letters[: vowel + 1] + mark + letters[vowel + 1 :]) for mark in TONE_MARKS
    ]
    assert ordered(words) == words


def test_a_word_ends_before_any_letter():
    assert sort_key("An Bình") < sort_key("Anh")
    assert sort_key("Hà Nam") < sort_key("Hàm Yên")


@pytest.mark.parametrize(
    ("shorter", "longer"),
    [
        ("Ấp", "Ấp Bắc"),
        ("Ý", "Ý Yên"),
        ("Ủy ban nhân dân", "Ủy ban nhân dân xã Tân Lập"),
        ("Sở Y tế", "Sở Y tế tỉnh"),
        ("Mạ", "Ma Ăn"),
    ],
)
def test_a_text_sorts_before_its_continuations_whatever_its_tones(shorter, longer):
    assert sort_key(shorter) < sort_key(longer)


def test_letters_decide_before_tones_across_the_whole_text():
    assert sort_key("mạ") < sort_key("mac")
    assert sort_key("Hạ Hoà") < sort_key("Hà Nội")


def test_case_composition_and_spacing_do_not_change_the_key():
    key = sort_key("Hòa Bình")
    assert sort_key("HÒA BÌNH") == key
    assert sort_key(nfd("Hòa Bình")) == key
    assert sort_key("  Hòa   Bình ") == key


def test_punctuation_separates_words():
    assert sort_key("Hòa-Bình") == sort_key("Hòa Bình") == sort_key("Hòa, Bình")
    assert sort_key("(Hòa Bình)") == sort_key("Hòa Bình")


def test_empty_and_punctuation_only_texts_share_the_lowest_key():
    assert sort_key("") == sort_key("  ") == sort_key("--")
    assert sort_key("") < sort_key("0") < sort_key("a")


def test_other_latin_diacritics_fold_to_their_letter():
    assert sort_key("Ç") == sort_key("c")
    assert sort_key("Ö") == sort_key("o")
    assert sort_key("Pena") <= sort_key("Peña") < sort_key("Penb")


def test_old_and_new_tone_placement_share_a_key():
    assert sort_key("Hòa Bình") == sort_key("Hoà Bình")
    assert sort_key("Thủy") == sort_key("Thuỷ")
    assert sort_key("Khỏe") == sort_key("Khoẻ")


def test_tone_order_does_not_depend_on_tone_placement():
    expected = ["Thuy", "Thủy", "Thuỷ", "Thuý", "Thúy"]
    keys = [sort_key(name) for name in ordered(expected)]
    assert keys == sorted(keys)
    assert sort_key("Thủy") < sort_key("Thuý")
    assert sort_key("Thuỷ") < sort_key("Thúy")
    assert sort_key("Hòa") < sort_key("Hoá")


# --- person_sort_key -------------------------------------------------------------


def test_people_sort_by_given_name_first():
    assert person_sort_key("Trần Văn An") < person_sort_key("Nguyễn Thị Bình")
    expected = ["Trần Văn An", "Nguyễn Thị Bình", "Lê Thị Chi", "Phạm Văn Đông"]
    assert ordered(expected, person_sort_key) == expected


def test_people_with_the_same_given_name_sort_by_middle_then_family_name():
    expected = ["Trần Thị An", "Lê Văn An", "Nguyễn Văn An", "Trần Văn An"]
    assert ordered(expected, person_sort_key) == expected


def test_a_missing_middle_name_sorts_first():
    assert person_sort_key("Vũ An") < person_sort_key("Lê Bá An")
    assert person_sort_key("An") < person_sort_key("Vũ An")


def test_the_given_name_is_compared_whole_before_the_middle_name():
    assert person_sort_key("Trần Văn Anh") < person_sort_key("Lê Văn Ánh")
    assert person_sort_key("Trần Văn An") < person_sort_key("Lê Văn Anh")


def test_middle_names_of_several_words_are_one_middle_name():
    expected = ["Võ Thị An", "Nguyễn Thị Minh An", "Lê Văn An"]
    assert ordered(expected, person_sort_key) == expected


def test_person_key_ignores_case_spacing_and_composition():
    key = person_sort_key("Nguyễn Thị Hòa")
    assert person_sort_key("  nguyễn   THỊ hòa ") == key
    assert person_sort_key(nfd("Nguyễn Thị Hòa")) == key


# --- properties ------------------------------------------------------------------

LETTER = st.sampled_from(FULL_ALPHABET)
TONE = st.integers(min_value=0, max_value=len(TONE_MARKS) - 1)


@st.composite
def vi_word(draw):
    """A word as (letter, tone) pairs; one vowel at most carries the word's tone."""
    letters = draw(st.lists(LETTER, min_size=1, max_size=6))
    vowels = [i for i, ch in enumerate(letters) if ch in VOWELS]
    toned = draw(st.sampled_from(vowels)) if vowels else None
    tone = draw(TONE)
    return tuple((ch, tone if i == toned else 0) for i, ch in enumerate(letters))


vi_words = st.lists(vi_word(), min_size=0, max_size=4)


def render(words, draw_style) -> str:
    """Write words as text, in a drawn case, composition and separator."""
    upper, decompose, sep = draw_style
    text = sep.join(
        "".join(nfc(ch + TONE_MARKS[tone]) for ch, tone in word) for word in words
    )
    text = text.upper() if upper else text
    return nfd(text) if decompose else text


styles = st.tuples(st.booleans(), st.booleans(), st.sampled_from([" ", "  ", " - "]))


def reference(words):
    """Letters word by word in alphabet order, then tones word by word."""
    return (
        tuple(tuple(FULL_ALPHABET.index(ch) for ch, _ in word) for word in words),
        tuple(max(tone for _, tone in word) for word in words),
    )


def sign(a, b) -> int:
    return (a > b) - (a < b)


@given(st.text())
@example("İstanbul")
@example("ǅ ß ø ﬁ ½ ² ٣")
def test_sort_key_uses_only_lower_case_ascii_letters_and_digits(text):
    assert re.fullmatch(r"[0-9a-z]*", sort_key(text))
    assert re.fullmatch(r"[0-9a-z]*", person_sort_key(text))


AP = (("â", 4), ("p", 0))  # Ấp
BAC = (("b", 0), ("ă", 4), ("c", 0))  # Bắc
THUY_HOI_OLD = (("t", 0), ("h", 0), ("u", 2), ("y", 0))  # Thủy
THUY_SAC_NEW = (("t", 0), ("h", 0), ("u", 0), ("y", 4))  # Thuý
PLAIN = (False, False, " ")


@given(vi_words, vi_words, styles, styles)
@example([AP], [AP, BAC], PLAIN, PLAIN)
@example([THUY_HOI_OLD], [THUY_SAC_NEW], PLAIN, PLAIN)
def test_sort_key_orders_like_the_reference(a, b, style_a, style_b):
    key_a, key_b = sort_key(render(a, style_a)), sort_key(render(b, style_b))
    assert sign(key_a, key_b) == sign(reference(a), reference(b))


@given(vi_words, styles, styles)
def test_the_same_words_written_differently_share_a_key(words, style_a, style_b):
    assert sort_key(render(words, style_a)) == sort_key(render(words, style_b))


@given(vi_words, st.randoms())
def test_where_a_word_puts_its_tone_does_not_change_the_key(words, rnd):
    def move_tone(word):
        tone = max(t for _, t in word)
        vowels = [i for i, (ch, _) in enumerate(word) if ch in VOWELS]
        toned = rnd.choice(vowels) if vowels else None
        return tuple((ch, tone if i == toned else 0) for i, (ch, _) in enumerate(word))

    moved = [move_tone(word) for word in words]
    assert sort_key(render(moved, PLAIN)) == sort_key(render(words, PLAIN))


@given(st.text())
def test_sort_key_is_consistent_with_nfc_equality_modulo_case(text):
    key = sort_key(text)
    assert sort_key(nfc(text)) == key
    assert sort_key(nfd(text)) == key
    assert sort_key(text.lower()) == key
    assert sort_key(nfc(text).lower()) == key


@given(st.lists(st.text(max_size=12), max_size=12), st.randoms())
def test_sorting_by_key_is_a_total_preorder(texts, rnd):
    once = [sort_key(t) for t in sorted(texts, key=sort_key)]
    shuffled = texts[:]
    rnd.shuffle(shuffled)
    assert [sort_key(t) for t in sorted(shuffled, key=sort_key)] == once
    assert all(x <= y for x, y in itertools.pairwise(once))


@given(vi_words, vi_word(), styles)
def test_a_text_sorts_before_any_continuation(words, more, style):
    assert sort_key(render(words, style)) < sort_key(render([*words, more], style))


@given(vi_word(), st.lists(vi_word(), max_size=2), vi_word(), vi_word())
def test_person_order_is_given_then_middle_then_family(given_, middle, family, other):
    def full(fam, mid, giv):
        return render([fam, *mid, giv], PLAIN)

    a, b = full(family, middle, given_), full(family, [], other)
    expected = sign(
        (reference([given_]), reference(middle), reference([family])),
        (reference([other]), reference([]), reference([family])),
    )
    assert sign(person_sort_key(a), person_sort_key(b)) == expected


AN = (("a", 0), ("n", 0))
VU = (("v", 0), ("u", 3))  # Vũ
LE = (("l", 0), ("ê", 0))
BA = (("b", 0), ("a", 4))  # Bá


@given(
    st.lists(
        st.tuples(vi_word(), st.lists(vi_word(), max_size=2), vi_word()),
        min_size=2,
        max_size=2,
    )
)
@example([(VU, [], AN), (LE, [BA], AN)])
def test_person_order_matches_the_reference_of_its_parts(people):
    (fa, ma, ga), (fb, mb, gb) = people
    a = render([fa, *ma, ga], PLAIN)
    b = render([fb, *mb, gb], (True, True, " "))
    expected = sign(
        (reference([ga]), reference(ma), reference([fa])),
        (reference([gb]), reference(mb), reference([fb])),
    )
    assert sign(person_sort_key(a), person_sort_key(b)) == expected
