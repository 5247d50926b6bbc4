"""Number and symbol (số, ký hiệu), place and date of an official document, in the
style of Decree 30/2020/NĐ-CP (domain.md §6.9; design.md §4).

- Art. 15 / Appendix I: the number is the document's place in the issuing body's
  sequence, which starts again at 01 on 1 January; numbers below 10 take a leading
  zero. The symbol is the abbreviation of the document type, a hyphen, and the
  abbreviation of the issuing body: ``05/TTr-KTĐ``.
- Appendix III: type abbreviations (Tờ trình TTr, Biên bản BB, Báo cáo BC,
  Thông báo TB, Quyết định QĐ, Kế hoạch KH, …).
- Place and date: ``Hòa Bình, ngày 02 tháng 01 năm 2025``; days below 10 and the
  months 1 and 2 take a leading zero (so that nobody can add a digit in front).

Pure Python: a :class:`RuleViolation` with a stable code refuses bad input.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from thidua.rules import RuleViolation

# Appendix III of Decree 30/2020: the document types the block produces.
TYPE_ABBREVIATIONS = {
    "to_trinh": "TTr",
    "bien_ban": "BB",
    "bao_cao": "BC",
    "thong_bao": "TB",
    "quyet_dinh": "QĐ",
    "ke_hoach": "KH",
}

# The issuing bodies of this system: an emulation block (khối) or cluster (cụm).
BODY_ABBREVIATIONS = {"khoi": "KTĐ", "cum": "CTĐ"}

MAX_NUMBER = 999_999
_MAX_LENGTH = 80
_UPPER = "A-ZĐ"
_TYPE = rf"[{_UPPER}][{_UPPER}a-zđ]{{0,9}}"
_BODY_PART = rf"[{_UPPER}0-9]{{1,12}}"
_PATTERN = re.compile(
    rf"(?:Số:?\s*)?(?P<number>[0-9]{{2,6}})/(?P<type>{_TYPE})"
    rf"-(?P<body>{_BODY_PART}(?:-{_BODY_PART}){{0,3}})"
)


@dataclass(frozen=True)
class DocumentNumber:
    """Số và ký hiệu: ``number`` in the body's yearly sequence, the type and body
    abbreviations."""

    number: int
    type_abbreviation: str
    body_abbreviation: str

    @property
    def symbol(self) -> str:
        return f"{self.type_abbreviation}-{self.body_abbreviation}"

    def __str__(self) -> str:
        return format_document_number(self)


def format_number(number: int) -> str:
    """``5`` → ``"05"``; ``12`` → ``"12"`` (Decree 30: numbers below 10 take a 0)."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise RuleViolation("DOCUMENT_NUMBER_INVALID", {"number": number})
    if not 1 <= number <= MAX_NUMBER:
        raise RuleViolation("DOCUMENT_NUMBER_INVALID", {"number": number})
    return f"{number:02d}"


def format_document_number(doc: DocumentNumber) -> str:
    return f"{format_number(doc.number)}/{doc.symbol}"


def document_number(number: int, type_key: str, body_kind: str) -> DocumentNumber:
    """The number of a document of type ``type_key`` issued by a body of
    ``body_kind`` (``khoi`` / ``cum``)."""
    try:
        type_abbreviation = TYPE_ABBREVIATIONS[type_key]
        body_abbreviation = BODY_ABBREVIATIONS[body_kind]
    except KeyError as exc:
        raise RuleViolation(
            "DOCUMENT_TYPE_UNKNOWN", {"type": type_key, "body": body_kind}
        ) from exc
    format_number(number)
    return DocumentNumber(number, type_abbreviation, body_abbreviation)


def next_document_number(last: int) -> int:
    """The number after ``last`` in a body's sequence of one year (0: none issued
    yet, so the first is 1). Sequences are per body and year: a new year starts a
    new sequence at 1."""
    if isinstance(last, bool) or not isinstance(last, int) or last < 0:
        raise RuleViolation("DOCUMENT_SEQUENCE_INVALID", {"last": last})
    if last >= MAX_NUMBER:
        raise RuleViolation("DOCUMENT_SEQUENCE_EXHAUSTED", {"last": last})
    return last + 1


def parse_document_number(text: object) -> DocumentNumber:
    """Read ``"05/TTr-KTĐ"`` (optionally after ``"Số: "``) back into its parts.

    Only the canonical form is accepted: two digits at least, no superfluous
    leading zero, ASCII digits, a known shape of type and body abbreviations.
    Anything else: ``DOCUMENT_NUMBER_MALFORMED``.
    """
    if not isinstance(text, str) or len(text) > _MAX_LENGTH:
        raise RuleViolation("DOCUMENT_NUMBER_MALFORMED", {"text": str(text)[:80]})
    cleaned = unicodedata.normalize("NFC", text.strip())
    match = _PATTERN.fullmatch(cleaned)
    if match is None:
        raise RuleViolation("DOCUMENT_NUMBER_MALFORMED", {"text": text})
    digits = match["number"]
    number = int(digits)
    if number < 1 or format_number(number) != digits:
        raise RuleViolation("DOCUMENT_NUMBER_MALFORMED", {"text": text})
    return DocumentNumber(number, match["type"], match["body"])


# --- Place and date ------------------------------------------------------------------

_PLACE_PREFIXES = ("thành phố ", "tỉnh ", "tp. ", "tp ")


def place_name(province_name: str) -> str:
    """The place written before the date: the province's name without "Tỉnh" or
    "Thành phố" (Decree 30 Appendix I: "Hà Nội, ngày …")."""
    name = unicodedata.normalize("NFC", " ".join(province_name.split()))
    lowered = name.lower()
    for prefix in _PLACE_PREFIXES:
        if lowered.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def day_in_words(day: date) -> str:
    """``ngày 02 tháng 01 năm 2025``; ``ngày 15 tháng 3 năm 2025``."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def place_and_date(place: str, day: date) -> str:
    """``Hòa Bình, ngày 02 tháng 01 năm 2025``."""
    return f"{place_name(place)}, {day_in_words(day)}"
