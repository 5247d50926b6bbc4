"""Fuzzing the XLSX importers (issue 9): whatever bytes or cells arrive, the answer
is a documented refusal or a clean import — never a crash."""

import io
from datetime import date, datetime

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.core import xlsx
from thidua.core.errors import DomainError
from thidua.organizations import spreadsheets
from thidua.organizations.services.imports import import_people, import_units

COLUMNS = {
    import_units: spreadsheets.UNIT_COLUMNS,
    import_people: spreadsheets.PERSON_COLUMNS,
}

DOCUMENTED = {
    "FILE_TYPE_NOT_ALLOWED",
    "FILE_TOO_LARGE",
    "IMPORT_INVALID",
    "PERMISSION_DENIED",
}
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)

cells = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),  # noqa: DTZ001 (Excel cells are naive)
    st.sampled_from(
        ["=1+1", "Nam", "Nữ", "Có", "Không", "31/02/2024", "Ban Tuyên giáo Tỉnh ủy"]
    ),
)
UNIT_HEADERS = ["Tên đơn vị", "Tên viết tắt", "Đơn vị cấp trên", "Hiệu lực từ"]
PEOPLE_HEADERS = ["Họ và tên", "Giới tính", "Đơn vị", "Chức vụ", "Lãnh đạo", "Email"]


def _workbook(headers, rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "fuzz.xlsx"
    out.size = len(out.getvalue())
    return out


def _run(fn, world, upload):
    """The same path as the API: read the file, then import its rows."""
    try:
        rows = xlsx.read_rows(upload, COLUMNS[fn])
        fn(actor=world.users["province_admin"], province=world.P, rows=rows)
    except DomainError as error:
        assert error.code in DOCUMENTED, error.code


@given(data=st.binary(max_size=4096))
@FUZZ
def test_random_bytes_are_refused_cleanly(world, data):
    upload = io.BytesIO(data)
    upload.name = "fuzz.xlsx"
    upload.size = len(data)
    _run(import_units, world, upload)
    _run(import_people, world, upload)


@given(rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=8))
@FUZZ
def test_random_unit_rows_import_or_are_reported(world, rows):
    _run(import_units, world, _workbook(UNIT_HEADERS, rows))


@given(rows=st.lists(st.lists(cells, min_size=0, max_size=8), max_size=8))
@FUZZ
def test_random_people_rows_import_or_are_reported(world, rows):
    _run(import_people, world, _workbook(PEOPLE_HEADERS, rows))
