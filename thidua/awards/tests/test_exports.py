"""The XLSX downloads of the awards pages (issue 6): proposals, a decision's awards
and the violation lists. Each has the page's gate and rows, headers in the reader's
language, numbers as numbers and dates as date cells, a safe Vietnamese file name,
and a fixed number of queries whatever the rows."""

import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from thidua.awards import services
from thidua.awards.models import AwardRecord, Decision, Proposal, ViolationListing
from thidua.organizations.tests import factories as f

pytestmark = pytest.mark.django_db


def sheet_rows(response, index=0) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.worksheets[index].iter_rows(values_only=True))


def in_vietnamese(*msgids: str) -> tuple[str, ...]:
    with translation.override("vi"):
        return tuple(gettext(m) for m in msgids)


def filename(response) -> str:
    return response["Content-Disposition"].split("filename=")[1].strip('"')


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as run:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(run)


# --- Proposals --------------------------------------------------------------------------


def _proposals(world, n, *, start=0):
    admin = world.users["province_admin"]
    submitted = timezone.now() - timedelta(days=3)
    for i in range(start, start + n):
        person = f.PersonFactory(unit=world.U3, full_name=f"Người Được Đề Nghị {i}")
        Proposal.objects.create(
            province=world.P,
            person=person,
            award="lao_dong_tien_tien",
            year=2024,
            block_year=world.BY,
            status="submitted",
            submitted_at=submitted,
            eligible=True,
            created_by=admin,
        )


PROPOSAL_HEADERS = (
    "Nominee",
    "Person or unit",
    "Unit",
    "Award",
    "Year",
    "Block",
    "Eligible",
    "Status",
    "Submitted on",
    "Working days used",
    "Working days allowed",
    "Due date",
)


def test_the_proposal_export_has_the_pages_rows_with_real_types(world, client_as):
    _proposals(world, 2)
    Proposal.objects.create(
        province=world.P,
        unit=world.U3,
        award="tap_the_lao_dong_tien_tien",
        year=2024,
        created_by=world.users["province_admin"],
    )
    client = client_as(world.users["province_admin"])
    page = client.get(reverse("awards:proposal_list"), {"award": "lao_dong_tien_tien"})
    assert (
        reverse("awards:proposal_export") + "?award=lao_dong_tien_tien"
        in page.content.decode()
    )
    response = client.get(
        reverse("awards:proposal_export"), {"award": "lao_dong_tien_tien"}
    )
    rows = sheet_rows(response)
    assert filename(response) == "de-nghi-khen-thuong.xlsx"
    assert rows[0] == in_vietnamese(*PROPOSAL_HEADERS)
    assert rows[0][0] == "Tập thể, cá nhân được đề nghị" and rows[0][4] == "Năm"
    # The same filter as the page: only the two individual proposals.
    assert len(rows) == 3
    name, _kind, unit, _award, year, block, *_rest = rows[1]
    assert name.startswith("Người Được Đề Nghị") and unit == world.U3.name
    assert isinstance(year, int) and year == 2024
    assert block == world.B.name
    submitted_on, used, allowed, due = rows[1][8:12]
    assert isinstance(submitted_on, datetime)
    assert isinstance(used, int) and isinstance(allowed, int) and allowed > 0
    assert isinstance(due, datetime) and due.date() > submitted_on.date()


def test_the_proposal_export_keeps_the_readers_scope(world, client_as):
    _proposals(world, 2)
    rows = sheet_rows(
        client_as(world.users["outsider"]).get(reverse("awards:proposal_export"))
    )
    assert len(rows) == 1  # B2's secretary sees none of U3's proposals


def test_the_proposal_export_runs_a_fixed_number_of_queries(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("awards:proposal_export")
    _proposals(world, 2)
    client.get(url)
    few = queries(client, url)
    _proposals(world, 25, start=2)
    assert queries(client, url) == few
    assert len(sheet_rows(client.get(url))) == 28


# --- A decision -------------------------------------------------------------------------


def _decision(world, n):
    admin = world.users["province_admin"]
    decision = Decision.objects.create(
        province=world.P,
        number="15/QĐ-UBND",
        date=date(2025, 1, 20),
        signer="Bùi Văn Khánh",
        authority="Chủ tịch Ủy ban nhân dân tỉnh",
        recorded_by=admin,
    )
    _add_awards(world, decision, n)
    return decision


def _add_awards(world, decision, n, start=0):
    admin = world.users["province_admin"]
    for i in range(start, start + n):
        person = f.PersonFactory(unit=world.U3, full_name=f"Người Được Khen {i}")
        services.add_award_record(
            actor=admin,
            subject=person,
            award="lao_dong_tien_tien",
            year=2024,
            decision_number=decision.number,
            decision_date=decision.date,
        )
    AwardRecord.objects.update(
        decision=decision, coefficient="0.3", base_salary=2_340_000, cash_amount=702_000
    )


def test_the_decision_export_gives_the_finance_office_the_amounts(world, client_as):
    decision = _decision(world, 2)
    client = client_as(world.users["viewer"])
    page = client.get(reverse("awards:decision_detail", args=[decision.pk]))
    assert (
        reverse("awards:decision_export", args=[decision.pk]) in page.content.decode()
    )
    response = client.get(reverse("awards:decision_export", args=[decision.pk]))
    assert filename(response) == "quyet-dinh-15-qd-ubnd.xlsx"
    rows = sheet_rows(response)
    assert rows[0] == in_vietnamese(
        "Awarded to",
        "Person or unit",
        "Unit",
        "Award",
        "Year",
        "Decision number",
        "Decision date",
        "Coefficient",
        "Base salary (VND)",
        "Cash amount (VND)",
    )
    assert rows[0][0] == "Tập thể, cá nhân được khen thưởng"
    assert len(rows) == 4  # header, two awards, the total
    _name, _kind, unit, _award, year, number, day, coef, base, cash = rows[1]
    assert unit == world.U3.name and year == 2024 and number == "15/QĐ-UBND"
    assert isinstance(day, datetime) and day.date() == date(2025, 1, 20)
    assert isinstance(coef, float) and coef == 0.3
    assert isinstance(base, int) and base == 2_340_000
    assert isinstance(cash, int) and cash == 702_000
    assert rows[-1][-1] == 1_404_000


def test_the_decision_export_runs_a_fixed_number_of_queries(world, client_as):
    decision = _decision(world, 2)
    client = client_as(world.users["viewer"])
    url = reverse("awards:decision_export", args=[decision.pk])
    client.get(url)
    few = queries(client, url)
    _add_awards(world, decision, 20, start=2)
    assert queries(client, url) == few
    assert len(sheet_rows(client.get(url))) == 24


# --- Violation lists --------------------------------------------------------------------


def _listings(world, n, start=0):
    for i in range(start, start + n):
        person = f.PersonFactory(unit=world.U3, full_name=f"Người Bị Nêu {i}")
        ViolationListing.objects.create(
            person=person, source="police", listed_on=date(2024, 12, 1)
        )


def test_the_listing_export_has_dates_as_dates(world, client_as):
    _listings(world, 1)
    ViolationListing.objects.create(
        unit=world.U2,
        source="tax",
        listed_on=date(2024, 12, 5),
        cleared_on=date(2025, 1, 3),
        cleared_reason="Đã nộp đủ thuế",
    )
    client = client_as(world.users["province_admin"])
    page = client.get(reverse("awards:listing_list", args=[world.P.pk]))
    url = reverse("awards:listing_export", args=[world.P.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert filename(response).startswith("danh-sach-vi-pham-")
    assert filename(response).isascii()
    rows = sheet_rows(response)
    assert rows[0] == in_vietnamese(
        "Unit or person",
        "Person or unit",
        "Unit",
        "Sent by",
        "Listed on",
        "What was reported",
        "Status",
        "Cleared on",
        "Reason",
    )
    assert rows[0][0] == "Đơn vị, cá nhân"
    assert len(rows) == 3
    listed = {r[0]: r for r in rows[1:]}
    cleared = listed[world.U2.name]
    assert isinstance(cleared[4], datetime) and cleared[4].date() == date(2024, 12, 5)
    assert isinstance(cleared[7], datetime) and cleared[7].date() == date(2025, 1, 3)
    assert cleared[8] == "Đã nộp đủ thuế"
    assert listed["Người Bị Nêu 0"][7] is None


def test_the_listing_export_runs_a_fixed_number_of_queries(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("awards:listing_export", args=[world.P.pk])
    _listings(world, 2)
    client.get(url)
    few = queries(client, url)
    _listings(world, 20, start=2)
    assert queries(client, url) == few
    assert len(sheet_rows(client.get(url))) == 23
