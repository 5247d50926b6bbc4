"""The sector's yearly statistical forms (domain.md §7.4; Circular 02/2023/TT-BNV,
forms 0601.N–0605.N/BNV-TĐKT, received 15 December of the reporting year).

What each form counts and how its table is laid out, over plain counts the shell
gathers from the data. A figure the data cannot give (e.g. the council's members,
the staff's gender) is None: the sheet leaves the cell empty for the clerk to fill.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from thidua.rules.eligibility import (
    BK_TINH,
    BK_TTG,
    CO_CP,
    CO_TINH,
    CSTD_TINH,
    CSTD_TQ,
    CSTDCS,
    GIAY_KHEN,
    LDTT,
    TTLDTT,
    TTLDXS,
)

CIRCULAR = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ"
FORMS = ("0601", "0602", "0603", "0604", "0605")
RECEIPT = (12, 15)  # rule 23: received 15/12 of the reporting year


@dataclass(frozen=True)
class Row:
    code: str  # "01", "02"… as on the printed form
    label: str
    values: tuple[int | None, ...]
    bold: bool = False


@dataclass(frozen=True)
class StatForm:
    code: str  # "0601.N/BNV-TĐKT"
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    year: int
    reporting_body: str
    receiving_body: str = "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)"

    @property
    def receipt_date(self) -> date:
        return date(self.year, *RECEIPT)


# --- 0601.N: emulation movements -----------------------------------------------------

MOVEMENT_KINDS = (
    ("thuong_xuyen", "Phong trào thi đua thường xuyên"),
    ("chuyen_de", "Phong trào thi đua theo chuyên đề"),
    ("dot", "Phong trào thi đua theo đợt"),
)

# --- 0602.N and 0603.N: awards -------------------------------------------------------

STATE_AWARDS = (
    (CO_CP, "Cờ thi đua của Chính phủ"),
    (CSTD_TQ, "Chiến sĩ thi đua toàn quốc"),
    (BK_TTG, "Bằng khen của Thủ tướng Chính phủ"),
)
PROVINCE_TITLES = (
    (CO_TINH, "Cờ thi đua của Ủy ban nhân dân tỉnh"),
    (CSTD_TINH, "Chiến sĩ thi đua cấp tỉnh"),
    (TTLDXS, "Tập thể lao động xuất sắc"),
    (TTLDTT, "Tập thể lao động tiên tiến"),
    (CSTDCS, "Chiến sĩ thi đua cơ sở"),
    (LDTT, "Lao động tiên tiến"),
)
PROVINCE_FORMS = (
    (BK_TINH, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
    (GIAY_KHEN, "Giấy khen"),
)
AWARD_COLUMNS = ("Tổng số", "Tập thể", "Cá nhân", "Trong đó: cá nhân nữ")


@dataclass(frozen=True)
class AwardCount:
    collective: int = 0
    individual: int = 0
    women: int = 0


def _award_row(code: str, label: str, count: AwardCount, bold: bool = False) -> Row:
    total = count.collective + count.individual
    return Row(
        code, label, (total, count.collective, count.individual, count.women), bold
    )


def _sum(counts: list[AwardCount]) -> AwardCount:
    return AwardCount(
        sum(c.collective for c in counts),
        sum(c.individual for c in counts),
        sum(c.women for c in counts),
    )


def form_0601(year: int, body: str, movements: Mapping[str, int]) -> StatForm:
    """Movements launched in the year, by kind (launched by the province)."""
    rows = [
        Row(f"{i:02d}", label, (movements.get(kind, 0),))
        for i, (kind, label) in enumerate(MOVEMENT_KINDS, start=2)
    ]
    total = sum(r.values[0] or 0 for r in rows)
    return StatForm(
        "0601.N/BNV-TĐKT",
        "SỐ PHONG TRÀO THI ĐUA",
        ("Số phong trào",),
        (Row("01", "Tổng số", (total,), True), *rows),
        year,
        body,
    )


def _awards_form(
    code: str,
    title: str,
    year: int,
    body: str,
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...],
    counts: Mapping[str, AwardCount],
) -> StatForm:
    rows: list[Row] = []
    number = 2
    group_rows: list[Row] = []
    all_counts: list[AwardCount] = []
    for group_label, awards in groups:
        members = [counts.get(slug, AwardCount()) for slug, _ in awards]
        all_counts += members
        if group_label:
            group_rows.append(
                _award_row(f"{number:02d}", group_label, _sum(members), True)
            )
            number += 1
        for (_slug, label), count in zip(awards, members, strict=True):
            group_rows.append(_award_row(f"{number:02d}", f"- {label}", count))
            number += 1
    rows.append(_award_row("01", "Tổng số", _sum(all_counts), True))
    rows += group_rows
    return StatForm(code, title, AWARD_COLUMNS, tuple(rows), year, body)


def form_0602(year: int, body: str, counts: Mapping[str, AwardCount]) -> StatForm:
    """State-level awards decided in the year for the province's subjects."""
    return _awards_form(
        "0602.N/BNV-TĐKT",
        "SỐ KHEN THƯỞNG CẤP NHÀ NƯỚC",
        year,
        body,
        (("", STATE_AWARDS),),
        counts,
    )


def form_0603(year: int, body: str, counts: Mapping[str, AwardCount]) -> StatForm:
    """Provincial-level titles and forms decided in the year."""
    return _awards_form(
        "0603.N/BNV-TĐKT",
        "SỐ KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH",
        year,
        body,
        (
            ("Danh hiệu thi đua", PROVINCE_TITLES),
            ("Hình thức khen thưởng", PROVINCE_FORMS),
        ),
        counts,
    )


def form_0604(
    year: int, body: str, *, blocks: int, member_units: int, councils: int | None
) -> StatForm:
    """Organisations doing emulation work: the blocks and clusters, their member
    units, the councils (not kept here: left for the clerk)."""
    return StatForm(
        "0604.N/BNV-TĐKT",
        "SỐ TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
        ("Số lượng",),
        (
            Row("01", "Cụm, khối thi đua do tỉnh tổ chức", (blocks,)),
            Row("02", "Đơn vị thành viên các cụm, khối thi đua", (member_units,)),
            Row("03", "Hội đồng Thi đua - Khen thưởng các cấp", (councils,)),
        ),
        year,
        body,
    )


def form_0605(year: int, body: str, *, full_time: int, part_time: int) -> StatForm:
    """People doing emulation work: the Board's officers (full-time) and the block
    secretariats' and units' officers (part-time), counted from their accounts;
    gender is not kept for accounts (left for the clerk)."""
    return StatForm(
        "0605.N/BNV-TĐKT",
        "SỐ CÔNG CHỨC, VIÊN CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
        ("Tổng số", "Trong đó: nữ"),
        (
            Row("01", "Tổng số", (full_time + part_time, None), True),
            Row("02", "Chuyên trách", (full_time, None)),
            Row("03", "Kiêm nhiệm", (part_time, None)),
        ),
        year,
        body,
    )
