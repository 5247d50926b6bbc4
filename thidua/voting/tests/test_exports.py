"""The XLSX downloads of the voting pages (issue 6): a block year's conferences and
a closed round's result. The page's gate and rows, Vietnamese headers, real types, a
safe Vietnamese file name, a fixed number of queries — and, for a round, only the
counts the page shows: nothing about who voted or for whom."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from thidua.voting import services

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


# --- Conferences ------------------------------------------------------------------------


def test_the_conference_export_lists_the_conferences_with_numbers(hall, client_as):
    client = client_as(hall.world.users["viewer"])
    url = reverse("voting:conference_export", args=[hall.block_year.pk])
    page = client.get(reverse("voting:conference_list", args=[hall.block_year.pk]))
    assert url in page.content.decode()
    response = client.get(url)
    assert filename(response) == "hoi-nghi-khoi-thi-dua-cac-co-quan-dang-2024.xlsx"
    rows = rows_of(workbook(response).active)
    assert rows[0] == in_vietnamese(
        "Date",
        "Kind",
        "Host unit",
        "Attendees",
        "Member units present",
        "Member units",
        "Quorum (per cent)",
        "Quorum met",
    )
    assert rows[0][0] == "Ngày"
    assert len(rows) == 2
    day, _kind, host, attendees, present, members, percent, met = rows[1]
    assert isinstance(day, datetime) and day.date() == date(2024, 12, 18)
    assert host == hall.world.U1.name
    assert (attendees, present, members) == (8, 8, 8)
    assert isinstance(percent, int)
    assert met == in_vietnamese("yes")[0]


def _conferences(hall, n):
    for i in range(n):
        services.record_conference(
            actor=hall.secretary,
            block_year=hall.block_year,
            kind="so_ket",
            date=date(2024, 7, 1 + i),
            host_unit=hall.world.U2,
            attendees=hall.delegates[: 2 + i],
        )


def test_the_conference_export_runs_a_fixed_number_of_queries(hall, client_as):
    client = client_as(hall.world.users["viewer"])
    url = reverse("voting:conference_export", args=[hall.block_year.pk])
    client.get(url)
    few = queries(client, url)
    _conferences(hall, 5)
    assert queries(client, url) == few
    rows = rows_of(workbook(client.get(url)).active)
    assert len(rows) == 7
    # The quorum is counted conference by conference: 2 of 8 units on 1 July.
    first_of_july = next(r for r in rows[1:] if r[0].date() == date(2024, 7, 1))
    assert first_of_july[3:6] == (2, 2, 8)
    assert first_of_july[7] == in_vietnamese("no")[0]


# --- A round's result -------------------------------------------------------------------


def _closed_round(hall, **kwargs):
    round, tokens = hall.opened(**kwargs)
    for token in tokens[:6]:
        hall.cast(round, token, hall.world.U3)
    for token in tokens[6:8]:
        hall.cast(round, token, hall.world.U1)
    hall.close(round)
    return round


def test_the_round_export_has_the_pages_counts_and_nothing_per_voter(hall, client_as):
    round = _closed_round(hall)
    client = client_as(hall.world.users["viewer"])
    url = reverse("voting:round_export", args=[round.pk])
    assert (
        url
        in client.get(reverse("voting:round_detail", args=[round.pk])).content.decode()
    )
    response = client.get(url)
    name = filename(response)
    assert name.startswith("ket-qua-bo-phieu-") and name.endswith("-2024.xlsx")
    assert name.isascii()
    book = workbook(response)
    result = rows_of(book.worksheets[0])
    assert result[0] == in_vietnamese("Candidate", "Votes", "Share (%)", "Elected")
    assert result[0][1] == "Số phiếu"
    by_unit = {r[0]: r for r in result[1:]}
    assert len(by_unit) == len(hall.units)
    u3 = by_unit[hall.world.U3.name]
    assert isinstance(u3[1], int) and u3[1] == 6
    assert isinstance(u3[2], int | float) and u3[2] == 75.0
    assert u3[3] == in_vietnamese("yes")[0]
    assert by_unit[hall.world.U1.name][1:3] == (2, 25.0)
    assert by_unit[hall.world.U2.name][1] == 0
    facts = dict(rows_of(book.worksheets[1])[1:])
    with translation.override("vi"):
        assert facts[gettext("Ballots cast")] == 8
        assert facts[gettext("Invalid ballots")] == 0
        assert facts[gettext("Seats")] == 1
        assert isinstance(facts[gettext("Date")], datetime)
    # Secret ballot: no voter's name anywhere in the file.
    text = " ".join(
        str(v)
        for sheet in book.worksheets
        for line in sheet.iter_rows(values_only=True)
        for v in line
    )
    assert not any(person.full_name in text for person in hall.delegates)


def test_the_round_export_runs_a_fixed_number_of_queries(hall, client_as):
    client = client_as(hall.world.users["viewer"])
    small = _closed_round(hall, candidates=hall.units[:3])
    large = _closed_round(hall, award="bang_khen_tinh", candidates=hall.units)
    small_url = reverse("voting:round_export", args=[small.pk])
    client.get(small_url)
    few = queries(client, small_url)
    assert queries(client, reverse("voting:round_export", args=[large.pk])) == few


def test_an_open_round_has_no_result_to_export(hall, client_as):
    round, _tokens = hall.opened()
    response = client_as(hall.world.users["viewer"]).get(
        reverse("voting:round_export", args=[round.pk])
    )
    assert response.status_code == 409
