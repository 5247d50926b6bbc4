"""The XLSX downloads of issue 7's pages (issue 6): the movement list, the advanced
models and the province's overview. Each has the page's gate and filters,
Vietnamese headers, numbers as numbers and dates as date cells, a safe Vietnamese
file name, and a fixed number of queries whatever the rows."""

import io
from datetime import date, datetime

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from thidua.movements import services
from thidua.movements.models import AdvancedModel
from thidua.movements.tests.test_province_overview import YEAR, add_blocks

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def in_vietnamese(*msgids: str) -> tuple[str, ...]:
    with translation.override("vi"):
        return tuple(gettext(m) for m in msgids)


def filename(response) -> str:
    return response["Content-Disposition"].split("filename=")[1].strip('"')


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as run:
        response = client.get(url)
    assert response.status_code == 200
    return len(run)


# --- Movements --------------------------------------------------------------------------


def _movements(world, n, *, start=0, kind="chuyen_de"):
    for i in range(start, start + n):
        services.launch_movement(
            actor=world.users["province_admin"],
            province=world.P,
            name=f"Phong trào số {i}",
            kind=kind,
            issuing_authority="Ủy ban nhân dân tỉnh",
            document_number=f"{i}/KH-UBND",
            document_date=date(2024, 1, 5),
            start_date=date(2024, 1, 1),
            end_date=date(2025, 12, 31),
            blocks=[world.B],
        )


def test_the_movement_export_follows_the_pages_filter(world, movement, client_as):
    _movements(world, 2)
    client = client_as(world.users["viewer"])
    page = client.get(reverse("movements:movement_list"), {"kind": "chuyen_de"})
    url = reverse("movements:movement_export")
    assert f"{url}?kind=chuyen_de" in page.content.decode()
    response = client.get(url, {"kind": "chuyen_de"})
    assert filename(response) == "phong-trao-thi-dua.xlsx"
    rows = rows_of(workbook(response).active)
    assert rows[0] == in_vietnamese(
        "Movement",
        "Theme",
        "Kind",
        "Province",
        "Start",
        "End",
        "Issued by",
        "Document number",
        "Document date",
    )
    assert rows[0][0] == "Phong trào"
    # The fixture's regular movement is filtered out, as on the page.
    assert sorted(r[0] for r in rows[1:]) == ["Phong trào số 0", "Phong trào số 1"]
    _name, _theme, _kind, province, start, end, _by, number, issued = rows[1]
    assert province == world.P.name
    assert isinstance(start, datetime) and start.date() == date(2024, 1, 1)
    assert isinstance(end, datetime) and end.date() == date(2025, 12, 31)
    assert isinstance(issued, datetime) and number.endswith("/KH-UBND")


def test_the_movement_export_runs_a_fixed_number_of_queries(world, client_as):
    client = client_as(world.users["viewer"])
    url = reverse("movements:movement_export")
    _movements(world, 2)
    client.get(url)
    few = queries(client, url)
    _movements(world, 20, start=2)
    assert queries(client, url) == few
    assert len(rows_of(workbook(client.get(url)).active)) == 23


# --- Advanced models --------------------------------------------------------------------


def _models(world, n, *, status="published"):
    for i in range(n):
        AdvancedModel.objects.create(
            unit=world.U3,
            year=2024,
            collective_name=f"Tổ công tác số {i}",
            achievement="Số hóa hồ sơ",
            status=status,
            created_by=world.users["superuser"],
        )


def test_the_model_export_follows_the_pages_filters(world, client_as):
    _models(world, 2)
    _models(world, 1, status="draft")
    client = client_as(world.users["block_secretary"])
    page = client.get(reverse("movements:model_list"), {"status": "published"})
    url = reverse("movements:model_export")
    assert f"{url}?status=published" in page.content.decode()
    response = client.get(url, {"status": "published", "year": 2024})
    assert filename(response) == "dien-hinh-tien-tien.xlsx"
    rows = rows_of(workbook(response).active)
    assert rows[0] == in_vietnamese(
        "Who",
        "Unit",
        "Year",
        "Kind",
        "Status",
        "Movement",
        "Achievement",
        "How it was replicated",
    )
    assert rows[0][1] == "Đơn vị"
    assert len(rows) == 3
    who, unit, year, *_rest = rows[1]
    assert who.startswith("Tổ công tác số") and unit == world.U3.name
    assert isinstance(year, int) and year == 2024


def test_the_model_export_keeps_drafts_from_strangers(world, client_as):
    _models(world, 1, status="draft")
    client = client_as(world.users["outsider"])
    rows = rows_of(workbook(client.get(reverse("movements:model_export"))).active)
    assert len(rows) == 1


def test_the_model_export_runs_a_fixed_number_of_queries(world, client_as):
    client = client_as(world.users["block_secretary"])
    url = reverse("movements:model_export")
    _models(world, 2)
    client.get(url)
    few = queries(client, url)
    _models(world, 20)
    assert queries(client, url) == few
    assert len(rows_of(workbook(client.get(url)).active)) == 23


# --- The province's overview ------------------------------------------------------------


@time_machine.travel(date(YEAR, 12, 1), tick=False)
def test_the_overview_export_has_one_sheet_per_table(world, client_as):
    add_blocks(world, 2)
    client = client_as(world.users["province_admin"])
    url = reverse("movements:overview_export", args=[world.P.pk])
    page = client.get(reverse("movements:province_overview", args=[world.P.pk]))
    assert url in page.content.decode()
    response = client.get(url, {"year": YEAR})
    assert filename(response) == "tong-quan-hoa-binh-2024.xlsx"
    book = workbook(response)
    assert len(book.worksheets) == 2
    blocks = rows_of(book.worksheets[0])
    header = blocks[0]
    assert header[:3] == in_vietnamese("Block", "Head unit", "Member units")
    assert header[0] == "Cụm, khối thi đua"
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in blocks[1:]}
    assert len(by_name) == 4  # the world's two blocks and the two added
    added = by_name["Khối số 000"]
    with translation.override("vi"):
        assert added[gettext("Member units")] == 3
        assert added[gettext("Units that signed the covenant")] == 1
        assert added[gettext("Documents late")] == 1
        assert added[gettext("Documents missing")] == 2
        assert added[gettext("Final scores done")] == 1
        assert added[gettext("Ranking")] == gettext("Published")
        submitted = gettext("Registrations: %(status)s") % {
            "status": pgettext("registration status", "Submitted")
        }
    assert all(isinstance(added[h], int) for h in header[2:3] + header[4:11])
    assert added[submitted] == 1
    results = rows_of(book.worksheets[1])
    assert results[0] == in_vietnamese(
        "Block", "Year", "Advanced models published", "Annual ranking published"
    )
    line = next(r for r in results[1:] if r[0] == "Khối số 000" and r[1] == YEAR)
    assert isinstance(line[1], int) and line[2] == 1
    assert line[3] == in_vietnamese("yes")[0]


@time_machine.travel(date(YEAR, 12, 1), tick=False)
def test_the_overview_export_runs_a_fixed_number_of_queries(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("movements:overview_export", args=[world.P.pk]) + f"?year={YEAR}"
    client.get(url)
    add_blocks(world, 2)
    few = queries(client, url)
    add_blocks(world, 10, start=2)
    assert queries(client, url) == few
    assert len(rows_of(workbook(client.get(url)).worksheets[0])) == 15


def test_the_overview_export_is_the_boards_as_the_page_is(world, client_as):
    response = client_as(world.users["block_secretary"]).get(
        reverse("movements:overview_export", args=[world.P.pk])
    )
    assert response.status_code == 403
