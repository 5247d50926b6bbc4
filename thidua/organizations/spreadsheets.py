"""Organisation spreadsheets: the columns of the import files, their blank
templates, and the unit list export (api.md "Documents and exports").

Headers are Vietnamese, as the files are read and written by people in the
provinces; the import recognises them ignoring case and diacritics.
"""

from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils.text import slugify

from thidua.core.xlsx import Column, write_workbook
from thidua.organizations.models import Province, Unit
from thidua.rules.text import fold

UNIT_COLUMNS = (
    Column("name", "Tên đơn vị", required=True, width=50),
    Column("short_name", "Tên viết tắt", width=16),
    Column("parent", "Đơn vị cấp trên", width=40),
    Column("valid_from", "Hiệu lực từ", width=14),
)
UNIT_EXPORT_EXTRA = (
    Column("valid_to", "Hiệu lực đến", width=14),
    Column("id", "Mã số", width=10),
)

PERSON_COLUMNS = (
    Column("full_name", "Họ và tên", required=True, aliases=("Họ tên",), width=30),
    Column("gender", "Giới tính", required=True, width=10),
    Column("unit", "Đơn vị", required=True, width=40),
    Column("position", "Chức vụ", width=30),
    Column("is_leader", "Lãnh đạo", width=10),
    Column("email", "Email", aliases=("E-mail", "Thư điện tử"), width=30),
)


def template_workbook(columns: Sequence[Column], title: str) -> bytes:
    """A blank import file: the header row only."""
    return write_workbook(
        headers=[c.header for c in columns],
        rows=[],
        title=title,
        widths=[c.width for c in columns],
    )


def units_workbook(units: QuerySet[Unit]) -> bytes:
    """The unit list as a spreadsheet the unit import reads back.

    ``units`` is a queryset from ``selectors.visible_units``: one query, with the
    parents joined, whatever the number of rows.
    """
    units = units.select_related("parent").prefetch_related(None)
    columns = (*UNIT_COLUMNS, *UNIT_EXPORT_EXTRA)
    rows = [
        [
            unit.name,
            unit.short_name or None,
            unit.parent.name if unit.parent_id else None,
            unit.valid_from,
            unit.valid_to,
            unit.pk,
        ]
        for unit in units
    ]
    return write_workbook(
        headers=[c.header for c in columns],
        rows=rows,
        title="Đơn vị",
        widths=[c.width for c in columns],
    )


def units_filename(province: Province | None) -> str:
    if province is None:
        return "don-vi.xlsx"
    return f"don-vi-{slugify(fold(province.name)) or province.pk}.xlsx"


UNITS_TEMPLATE_FILENAME = "mau-nhap-don-vi.xlsx"
PEOPLE_TEMPLATE_FILENAME = "mau-nhap-ca-nhan.xlsx"
