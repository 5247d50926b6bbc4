"""Scoring spreadsheets: the ranking and the full score sheet of a period
(api.md "Documents and exports").

Headers are Vietnamese, as the files go to people in the provinces; points are
number cells. A ranking that is not published yet is marked "DỰ THẢO" in the sheet
name, the printed page header and the file name.
"""

import io
from collections.abc import Sequence

import openpyxl
from django.utils.text import slugify

from thidua.core.xlsx import write_workbook
from thidua.cycles.models import Criterion
from thidua.organizations.models import BlockYear
from thidua.rules.text import fold
from thidua.scoring.selectors import RankRow, ScoreTableRow

DRAFT = "DỰ THẢO"
STAGE_NAMES = {"self": "Tự chấm", "review": "Chấm chéo", "final": "Điểm chốt"}

RANKING_HEADERS = (
    "Hạng",
    "Đơn vị",
    "Điểm cơ bản",
    "Điểm thưởng",
    "Điểm trừ",
    "Tổng điểm",
    "Ghi chú",
)
RANKING_WIDTHS = (8, 50, 14, 14, 12, 12, 24)


def _mark_draft(content: bytes) -> bytes:
    """Print "DỰ THẢO" at the top of every printed page."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        sheet.oddHeader.center.text = DRAFT
        sheet.oddHeader.center.size = 14
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ranking_workbook(rows: Sequence[RankRow], *, published: bool) -> bytes:
    lines = [
        [
            r.rank,
            r.unit_name,
            r.base,
            r.bonus,
            r.deductions,
            r.total,
            "Đồng hạng"
            if r.tied
            else ("Chưa có điểm chốt" if r.total is None else None),
        ]
        for r in rows
    ]
    content = write_workbook(
        headers=RANKING_HEADERS,
        rows=lines,
        title="Xếp hạng" if published else f"Xếp hạng ({DRAFT})",
        widths=RANKING_WIDTHS,
    )
    return content if published else _mark_draft(content)


def _slug(block_year: BlockYear) -> str:
    return slugify(fold(block_year.block.name)) or str(block_year.block_id)


def ranking_filename(block_year: BlockYear, period: str, *, published: bool) -> str:
    draft = "" if published else "-du-thao"
    return f"xep-hang-{_slug(block_year)}-{block_year.year}-{period}{draft}.xlsx"


def scores_headers(criteria: Sequence[Criterion]) -> list[str]:
    headers = ["Đơn vị"]
    for c in criteria:
        headers += [f"{c.code} {STAGE_NAMES[s]}" for s in STAGE_NAMES]
    headers += [f"Cộng {STAGE_NAMES[s].lower()}" for s in STAGE_NAMES]
    headers += ["Điểm thưởng", "Điểm trừ", "Tổng điểm"]
    return headers


def scores_workbook(
    criteria: Sequence[Criterion], rows: Sequence[ScoreTableRow], *, published: bool
) -> bytes:
    """Unit × criterion × stage, then the sums of each stage, the final bonus, the
    late-document deductions and the final total."""
    lines = []
    for r in rows:
        line: list[object] = [r.unit_name]
        for points in r.points:
            line += [points[s] for s in STAGE_NAMES]
        line += [r.bases[s] for s in STAGE_NAMES]
        line += [r.bonus, r.deductions, r.total]
        lines.append(line)
    headers = scores_headers(criteria)
    content = write_workbook(
        headers=headers,
        rows=lines,
        title="Bảng điểm" if published else f"Bảng điểm ({DRAFT})",
        widths=[50, *([12] * (len(headers) - 1))],
    )
    return content if published else _mark_draft(content)


def scores_filename(block_year: BlockYear, period: str, *, published: bool) -> str:
    draft = "" if published else "-du-thao"
    return f"bang-diem-{_slug(block_year)}-{block_year.year}-{period}{draft}.xlsx"
