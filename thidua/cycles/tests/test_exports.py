"""The XLSX downloads of the block year's pages (issue 6): the covenant (contents,
scoring table, signatures) and the required documents' unit × document grid. The
page's gate and rows, Vietnamese headers, numbers as numbers and dates as date
cells, a safe Vietnamese file name, and a fixed number of queries whatever the
rows."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from thidua.cycles import services
from thidua.cycles.models import Signature
from thidua.organizations.tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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


def _members(world, n):
    units = [f.UnitFactory(province=world.P) for _ in range(n)]
    for unit in units:
        world.BY.memberships.create(unit=unit, role="member", year=world.BY.year)
    return units


# --- The covenant -----------------------------------------------------------------------


def write_covenant(world, criteria=2):
    return services.put_covenant(
        actor=world.users["block_secretary"],
        block_year=world.BY,
        contents=["Hoàn thành xuất sắc nhiệm vụ chính trị", "Gửi báo cáo đúng hạn"],
        criteria=[
            services.CriterionSpec(
                f"{i + 1}.1", f"Tiêu chí {i + 1}", Decimal("10.5"), "I. Nhiệm vụ"
            )
            for i in range(criteria)
        ],
        bonus_max=Decimal(5),
        late_deduction=Decimal(2),
    )


def test_the_covenant_export_has_contents_criteria_and_signatures(world, client_as):
    covenant = write_covenant(world)
    Signature.objects.create(
        covenant=covenant, unit=world.U3, signed_by=world.users["unit_officer"]
    )
    client = client_as(world.users["viewer"])
    url = reverse("cycles:covenant_export", args=[world.BY.pk])
    page = client.get(reverse("cycles:covenant_detail", args=[world.BY.pk]))
    assert url in page.content.decode()
    response = client.get(url)
    assert (
        filename(response) == "giao-uoc-thi-dua-khoi-thi-dua-cac-co-quan-dang-2024.xlsx"
    )
    contents, table, signatures = (rows_of(s) for s in workbook(response).worksheets)
    assert contents[0] == in_vietnamese("No.", "Content")
    assert contents[1] == (1, "Hoàn thành xuất sắc nhiệm vụ chính trị")
    assert table[0] == in_vietnamese("Group", "Code", "Criterion", "Maximum points")
    assert table[0][1] == "Mã"
    assert table[1] == ("I. Nhiệm vụ", "1.1", "Tiêu chí 1", 10.5)
    points = {r[2]: r[3] for r in table[3:]}
    with translation.override("vi"):
        assert points[gettext("Total")] == 21
        assert points[gettext("Bonus ceiling")] == 5
        assert points[gettext("Deduction per late document")] == 2
    assert all(isinstance(v, int | float) for v in points.values())
    assert signatures[0] == in_vietnamese("Unit", "Signed on")
    signed = dict(signatures[1:])
    assert isinstance(signed[world.U3.name], datetime)
    assert signed[world.U1.name] is None


def test_the_covenant_export_runs_a_fixed_number_of_queries(world, client_as):
    write_covenant(world, criteria=2)
    client = client_as(world.users["viewer"])
    url = reverse("cycles:covenant_export", args=[world.BY.pk])
    client.get(url)
    few = queries(client, url)
    write_covenant(world, criteria=20)
    _members(world, 10)
    assert queries(client, url) == few
    book = workbook(client.get(url))
    assert len(rows_of(book.worksheets[1])) == 1 + 20 + 4
    assert len(rows_of(book.worksheets[2])) == 1 + 13


def test_a_block_year_without_a_covenant_exports_empty_tables(world, client_as):
    book = workbook(
        client_as(world.users["viewer"]).get(
            reverse("cycles:covenant_export", args=[world.BY.pk])
        )
    )
    assert len(rows_of(book.worksheets[0])) == 1
    assert len(rows_of(book.worksheets[1])) == 1


# --- Required documents -----------------------------------------------------------------


def add_requirement(world, title, due):
    return services.add_requirement(
        actor=world.users["block_secretary"],
        block_year=world.BY,
        title=title,
        kind="plan",
        due_date=due,
    )


def upload(world, requirement, unit):
    return services.submit_document(
        actor=world.users["superuser"],
        requirement=requirement,
        unit=unit,
        upload=SimpleUploadedFile("van-ban.pdf", PDF),
    )


@time_machine.travel(date(2024, 5, 20), tick=False)
def test_the_document_export_has_the_grid_and_one_line_per_cell(world, client_as):
    plan = add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    add_requirement(world, "Báo cáo quý", date(2024, 5, 10))
    with time_machine.travel(date(2024, 3, 18), tick=False):
        upload(world, plan, world.U3)
    services.waive_deduction(
        actor=world.users["block_secretary"],
        requirement=plan,
        unit=world.U3,
        reason="Mất điện diện rộng",
    )
    client = client_as(world.users["block_secretary"])
    url = reverse("cycles:document_export", args=[world.BY.pk])
    page = client.get(reverse("cycles:document_dashboard", args=[world.BY.pk]))
    assert url in page.content.decode()
    response = client.get(url)
    assert (
        filename(response) == "van-ban-phai-nop-khoi-thi-dua-cac-co-quan-dang-2024.xlsx"
    )
    grid, details = (rows_of(s) for s in workbook(response).worksheets)
    with translation.override("vi"):
        late = ngettext("Late by %(days)s day", "Late by %(days)s days", 3) % {
            "days": 3
        }
        missing = ngettext(
            "Missing, %(days)s day overdue", "Missing, %(days)s days overdue", 10
        ) % {"days": 10}
        due = gettext("%(title)s (due %(date)s)")
    assert grid[0][0] == in_vietnamese("Unit")[0] == "Đơn vị"
    assert grid[0][1] == due % {"title": "Kế hoạch", "date": "15/03/2024"}
    assert grid[0][3:] == in_vietnamese("On time", "Late", "Missing", "Waiting")
    by_unit = {r[0]: r for r in grid[1:]}
    assert len(by_unit) == 3
    assert by_unit[world.U3.name] == (world.U3.name, late, missing, 0, 1, 1, 0)
    assert details[0] == in_vietnamese(
        "Unit",
        "Document",
        "Kind",
        "Due date",
        "Received on",
        "Status",
        "Days late",
        "Deduction waived",
        "Reason",
    )
    line = next(r for r in details[1:] if r[:2] == (world.U3.name, "Kế hoạch"))
    _unit, _title, _kind, due_on, received, status, days, waived, reason = line
    assert isinstance(due_on, datetime) and due_on.date() == date(2024, 3, 15)
    assert isinstance(received, datetime) and received.date() == date(2024, 3, 18)
    assert status == late and days == 3 and isinstance(days, int)
    assert waived == in_vietnamese("yes")[0] and reason == "Mất điện diện rộng"
    assert len(details) == 1 + 3 * 2


def test_a_unit_officer_exports_only_their_units_row(world, client_as):
    add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    response = client_as(world.users["unit_officer"]).get(
        reverse("cycles:document_export", args=[world.BY.pk])
    )
    grid, details = (rows_of(s) for s in workbook(response).worksheets)
    assert [r[0] for r in grid[1:]] == [world.U3.name]
    assert [r[0] for r in details[1:]] == [world.U3.name]


def test_the_document_export_runs_a_fixed_number_of_queries(world, client_as):
    plan = add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    add_requirement(world, "Báo cáo", date(2024, 6, 15))
    upload(world, plan, world.U3)
    client = client_as(world.users["block_secretary"])
    url = reverse("cycles:document_export", args=[world.BY.pk])
    client.get(url)
    few = queries(client, url)
    for unit in _members(world, 12):
        upload(world, plan, unit)
    add_requirement(world, "Báo cáo năm", date(2024, 12, 15))
    assert queries(client, url) == few
    grid = rows_of(workbook(client.get(url)).worksheets[0])
    assert len(grid) == 1 + 15 and len(grid[0]) == 1 + 3 + 4
