"""Spreadsheets: read an uploaded XLSX workbook safely, write one with real types.

Plumbing only: which columns a sheet has and what its rows mean belong to the app
that imports or exports them. Uploads are checked by content, never by name
(api.md "Uploads"): a ZIP container holding a SpreadsheetML workbook, at most
``settings.MAX_UPLOAD_BYTES``. openpyxl parses its XML with defusedxml when that is
installed (it is a dependency), so entity tricks fail instead of expanding.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

import filetype
import openpyxl
from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from thidua.core.errors import DomainError
from thidua.rules.text import fold, normalize

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"

# A file imports at most this many data rows (a province has a few hundred units
# and some thousands of people); more is refused rather than read for minutes.
MAX_ROWS = 20_000
# The header is the first row, or one of the first few below a title line.
HEADER_SEARCH_ROWS = 10
# Uncompressed size of the whole archive: stops ZIP bombs small enough to upload.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
_SIGNATURE_BYTES = 8192
_ZIP_SIGNATURE = b"PK\x03\x04"
_NOT_WORD = re.compile(r"[^\w\s-]")
_HEADER_NOISE = re.compile(r"[\s*:.]+")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Column:
    """A column of a sheet: the field ``key`` and the Vietnamese ``header``.

    Headers are recognised ignoring case, diacritics, spaces and a trailing ``*``;
    ``aliases`` are other accepted headers (the English key is always one).
    """

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int | None = None

    def names(self) -> set[str]:
        return {_header_key(n) for n in (self.header, self.key, *self.aliases)}


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number in the sheet (as Excel shows it) and its values by
    column key (``None`` for an empty cell)."""

    number: int
    values: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def _header_key(text: Any) -> str:
    return _HEADER_NOISE.sub("", fold(str(text or "")))


# --- Reading -------------------------------------------------------------------------


def _open(upload: Any) -> tuple[IO[bytes], int]:
    """A binary file object at its start, and its size in bytes."""
    if isinstance(upload, bytes | bytearray):
        return io.BytesIO(upload), len(upload)
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    return upload, int(size)


def _is_xlsx(file: IO[bytes]) -> bool:
    head = file.read(_SIGNATURE_BYTES)
    file.seek(0)
    if not head.startswith(_ZIP_SIGNATURE):
        return False
    kind = filetype.guess(head)
    if kind is not None and kind.mime not in (XLSX_CONTENT_TYPE, "application/zip"):
        return False  # a DOCX, PPTX, ODS, EPUB… renamed .xlsx
    # filetype looks at the first entries only (some writers put the workbook
    # later, and it then says "zip"): the archive's directory decides.
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names or not any(
        n.startswith("xl/") for n in names
    ):
        return False
    if sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
        raise DomainError("FILE_TOO_LARGE")
    return True


def check_upload(upload: Any) -> IO[bytes]:
    """The upload as a file object, or 413 ``FILE_TOO_LARGE`` / 422
    ``FILE_TYPE_NOT_ALLOWED``. Size is checked before content."""
    file, size = _open(upload)
    if size > settings.MAX_UPLOAD_BYTES:
        raise DomainError("FILE_TOO_LARGE")
    if size == 0 or not _is_xlsx(file):
        raise DomainError("FILE_TYPE_NOT_ALLOWED")
    return file


def _import_error(rows: list[dict[str, Any]]) -> DomainError:
    return DomainError("IMPORT_INVALID", details={"rows": rows})


def _header_columns(
    line: tuple[Any, ...], columns: Sequence[Column]
) -> dict[int, Column]:
    """Which position of ``line`` holds which column, if ``line`` is a header."""
    found: dict[int, Column] = {}
    for position, value in enumerate(line):
        name = _header_key(value)
        if not name:
            continue
        for column in columns:
            if name in column.names() and column not in found.values():
                found[position] = column
                break
    return found


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _too_many_rows(number: int) -> DomainError:
    message = _("The file has more than %(count)d rows.") % {"count": MAX_ROWS}
    return _import_error([{"row": number, "column": "", "message": message}])


def _scan(file: IO[bytes], columns: Sequence[Column]):
    """The header line number, its columns, and the non-blank data rows."""
    header_row, found = 0, {}
    rows: list[SheetRow] = []
    workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # Some writers store a wrong size; read what is there instead.
        sheet.reset_dimensions()
        lines = sheet.iter_rows(min_row=1, values_only=True)
        for number, line in enumerate(lines, start=1):
            if not found:
                found = _header_columns(line, columns)
                header_row = number
                if not found and number >= HEADER_SEARCH_ROWS:
                    break
                continue
            values = {
                column.key: line[position] if position < len(line) else None
                for position, column in found.items()
            }
            if all(_is_blank(v) for v in values.values()):
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(number)
            rows.append(SheetRow(number=number, values=values))
    finally:
        workbook.close()
    return header_row, found, rows


def read_rows(upload: Any, columns: Sequence[Column]) -> list[SheetRow]:
    """The data rows of the first sheet, keyed by ``columns``.

    The header is the first line (of the first few) naming at least one column;
    blank lines are skipped; unknown columns are ignored. A missing required column,
    an empty sheet or too many rows answer 422 ``IMPORT_INVALID`` with
    ``details.rows``; a file that is not a readable workbook answers 422
    ``FILE_TYPE_NOT_ALLOWED``.
    """
    file = check_upload(upload)
    try:
        header_row, found, rows = _scan(file, columns)
    except DomainError:
        raise
    except Exception as exc:  # any failure to parse client content is a 422
        raise DomainError("FILE_TYPE_NOT_ALLOWED") from exc
    if not found:
        header_row = 1
    missing = [c for c in columns if c.required and c not in found.values()]
    if missing or not found:
        raise _import_error(
            [
                {
                    "row": header_row,
                    "column": c.header,
                    "message": _("The column is missing."),
                }
                for c in missing
            ]
            or [{"row": 1, "column": "", "message": _("The header row is missing.")}]
        )
    if not rows:
        message = _("The file has no rows to import.")
        raise _import_error([{"row": header_row + 1, "column": "", "message": message}])
    return rows


# --- Cell values ---------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as normalised text: numbers without a trailing ``.0``, dates d/m/Y."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return normalize(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def cell_date(value: Any) -> date | None:
    """A date cell, or text ``dd/mm/yyyy`` (also ``yyyy-mm-dd``); blank is None.

    Raises ``ValueError`` for anything else (day first: ``03/04/2025`` is 3 April).
    """
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if match := _DATE_TEXT.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _ISO_DATE_TEXT.match(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    raise ValueError(value)


def cell_int(value: Any) -> int | None:
    """A whole number written as a number or as digits; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


# --- Writing -------------------------------------------------------------------------


def _width(header: str, values: Iterable[Any]) -> int:
    longest = max(
        [len(header), *(len(cell_text(v)) for v in values if v is not None)],
        default=10,
    )
    return max(10, min(60, longest + 2))


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook written by :func:`write_sheets`."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int | None] | None = None


def write_workbook(
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "",
    widths: Sequence[int | None] | None = None,
) -> bytes:
    """An XLSX file: a bold, frozen header row, then ``rows`` with their real types
    (numbers stay numbers, dates are date cells shown ``DD/MM/YYYY``)."""
    return write_sheets([Sheet(title=title, headers=headers, rows=rows, widths=widths)])


def write_sheets(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX file of several sheets, each written as :func:`write_workbook` writes
    its one (a page with several tables exports one sheet per table)."""
    workbook = openpyxl.Workbook()
    for index, spec in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        _fill(sheet, spec)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _fill(sheet: Any, spec: Sheet) -> None:
    headers, widths = spec.headers, spec.widths
    if spec.title:
        # Sheet titles: at most 31 characters, none of []:*?/\
        sheet.title = re.sub(r"[\[\]:*?/\\]", " ", spec.title)[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    data = [list(r) for r in spec.rows]
    for line in data:
        sheet.append([_clean(v) for v in line])
    for line_cells in sheet.iter_rows(min_row=2):
        for cell in line_cells:
            if isinstance(cell.value, datetime | date):
                cell.number_format = DATE_FORMAT
            elif cell.data_type == "f":
                # Text that looks like a formula ("=HYPERLINK(…)") stays text.
                cell.data_type = "s"
    for index, header in enumerate(headers):
        given = widths[index] if widths and index < len(widths) else None
        sheet.column_dimensions[get_column_letter(index + 1)].width = given or _width(
            header, (line[index] for line in data if index < len(line))
        )
    sheet.freeze_panes = "A2"


def filename(*parts: Any) -> str:
    """A download name from Vietnamese words, safe anywhere: ``("Khối Nội chính",
    2024)`` → ``khoi-noi-chinh-2024.xlsx`` (no diacritics, no spaces)."""
    words = [
        # "15/QĐ-UBND" → "15-qd-ubnd": a separator stays a separator.
        slugify(_NOT_WORD.sub(" ", fold(str(p))))
        for p in parts
        if p not in (None, "")
    ]
    return "-".join(w for w in words if w) + ".xlsx"


def _clean(value: Any) -> Any:
    """Text without the control characters XLSX cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def response(content: bytes, filename: str) -> HttpResponse:
    """A download of an XLSX file (``Content-Disposition: attachment``)."""
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
