"""Vietnamese text: normalisation, diacritic folding and sort keys (design.md §7).

Sort keys are made only of the characters ``0-9a-z`` in fixed-width pairs, so that
any database collation (SQLite's binary, PostgreSQL's ``C`` or ``en_US``) orders them
the same way, and pagination stays a plain ``ORDER BY sort_key``.
"""

import re
import unicodedata

# Vietnamese alphabet order, with the Latin letters used in foreign names put where
# Latin order puts them. Digits sort before letters.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Code 0 ends the letters of a key and code 1 separates words: both sort before every
# letter, and the end before a separator, so a text sorts before its continuations
# ("Ấp" < "Ấp Bắc") whatever its tones.
_RANK = {ch: i + 2 for i, ch in enumerate(_ALPHABET)}
_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tones in dictionary order: level, grave (huyền), hook (hỏi), tilde (ngã),
# acute (sắc), dot below (nặng).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SPACE_RE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC-normalise, trim and collapse inner white space."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    """Lower-case text without diacritics (``Hòa``/``Hoà``/``hoa`` → ``hoa``; đ → d)."""
    decomposed = unicodedata.normalize("NFD", normalize(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # A mark standing alone between spaces leaves two spaces behind: collapse again.
    stripped = _SPACE_RE.sub(" ", stripped).strip()
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def _letters(text: str) -> list[tuple[str, str]]:
    """Split text into (base letter with its vowel modifier, tone digit) pairs.

    Anything that is not a letter or a digit becomes a word break ``("", "")``.
    """
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = "0"
        modifier = ""
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in (_BREVE, _CIRCUMFLEX, _HORN):
                modifier = mark
        letter = unicodedata.normalize("NFC", base + modifier)
        if letter in _RANK:
            out.append((letter, tone))
        elif base.isalnum():
            # A letter outside the alphabet (rare in names): fold it.
            folded = fold(base)
            out.extend((c, "0") for c in folded if c in _RANK)
        elif out and out[-1] != ("", ""):
            out.append(("", ""))
    while out and out[-1] == ("", ""):
        out.pop()
    return out


def _code(rank: int) -> str:
    return _DIGITS36[rank // 36] + _DIGITS36[rank % 36]


def sort_key(text: str) -> str:
    """A key that orders text the Vietnamese way: letters first, tones second.

    ``a < ă < â < b … d < đ``; a word ends before any letter (``An Bình`` < ``Anh``)
    and a text before its continuations (``Ấp`` < ``Ấp Bắc``); texts that differ only
    by tone, word by word, level < huyền < hỏi < ngã < sắc < nặng, wherever the
    tone sits in its word (``Thủy`` = ``Thuỷ`` < ``Thúy`` = ``Thuý``). Keys are
    prefix-free, so keys of several fields can be joined to order by the fields in
    turn.
    """
    pairs = _letters(text)
    primary = "".join(_code(_RANK[letter]) if letter else "01" for letter, _ in pairs)
    # One tone per word (its first), so old and new tone placement sort alike.
    tones: list[str] = []
    word_tone = "0"
    for letter, tone in [*pairs, ("", "")] if pairs else []:
        if not letter:
            tones.append(word_tone)
            word_tone = "0"
        elif word_tone == "0":
            word_tone = tone
    return primary + "00" + "".join(tones)


def person_sort_key(full_name: str) -> str:
    """Vietnamese lists order people by given name, then middle name, then family name.

    ``Nguyễn Văn An`` sorts by ``An``, then ``Văn``, then ``Nguyễn`` (design.md §7),
    each name compared whole (letters, then tones) before the next; a missing middle
    name sorts first.
    """
    *rest, given = normalize(full_name).split(" ")
    family, middle = (rest[0], rest[1:]) if rest else ("", [])
    return sort_key(given) + sort_key(" ".join(middle)) + sort_key(family)
