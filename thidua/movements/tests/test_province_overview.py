"""The province's overview: every block at once, in a fixed number of queries
whatever the number of blocks (issue 7: "the test pins it")."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.cycles.models import Covenant, Requirement, Signature, Submission
from thidua.movements.models import AdvancedModel, Registration
from thidua.movements.selectors import province_overview
from thidua.organizations.tests import factories as f
from thidua.scoring.models import Publication, ScoreSheet

YEAR = 2024
# Session, user, the bell's COUNT; province, grants; then the overview: blocks,
# block years, members, covenants, signatures, requirements, first receipts, score
# sheets, publications, registrations, years; memberships of every year, published
# models, published annual rankings.
OVERVIEW_QUERIES = 19


def add_blocks(world, n, *, start=0):
    """Blocks of P with a 2024 year of three new units, a covenant signed by one,
    a required document sent late by one, sheets, a ranking published for every
    other block, registrations and a published advanced model."""
    admin = world.users["superuser"]
    for i in range(start, start + n):
        block = f.BlockFactory(province=world.P, name=f"Khối số {i:03d}")
        by = f.BlockYearFactory(block=block, year=YEAR)
        units = [f.UnitFactory(province=world.P) for _ in range(3)]
        f.add_members(by, units[0], [units[1]], [units[2]])
        covenant = Covenant.objects.create(block_year=by)
        Signature.objects.create(covenant=covenant, unit=units[0], signed_by=admin)
        requirement = Requirement.objects.create(
            block_year=by, title="Kế hoạch", kind="plan", due_date=date(YEAR, 3, 1)
        )
        sub = Submission.objects.create(
            requirement=requirement,
            unit=units[0],
            file=ContentFile(b"%PDF-1.4", name="kh.pdf"),
            original_name="kh.pdf",
            content_type="application/pdf",
            submitted_by=admin,
        )
        Submission.objects.filter(pk=sub.pk).update(
            received_at=timezone.make_aware(
                timezone.datetime(YEAR, 3, 1) + timedelta(days=3)
            )
        )
        ScoreSheet.objects.create(
            block_year=by, unit=units[0], period="year", stage="final"
        )
        if i % 2 == 0:
            Publication.objects.create(block_year=by, period="year", published_by=admin)
        Registration.objects.create(
            unit=units[0], year=YEAR, status="submitted", created_by=admin
        )
        Registration.objects.create(
            unit=units[1], year=YEAR, status="approved", created_by=admin
        )
        AdvancedModel.objects.create(
            unit=units[2],
            year=YEAR,
            collective_name="Tổ công tác",
            achievement="Mô hình",
            status="published",
            created_by=admin,
        )


def _measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@time_machine.travel(date(YEAR, 12, 1), tick=False)
def test_the_overview_runs_the_same_queries_for_3_and_30_blocks(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("movements:province_overview", args=[world.P.pk]) + f"?year={YEAR}"
    client.get(url)  # warm up: session, translations, templates
    add_blocks(world, 3)
    small_response, small = _measure(client, url)
    add_blocks(world, 27, start=3)
    large_response, large = _measure(client, url)
    assert small == large == OVERVIEW_QUERIES
    html = large_response.content.decode()
    # The world's two blocks and the thirty added ones.
    assert html.count('class="overview-row') == 32
    assert small_response.content.decode().count('class="overview-row') == 5


@time_machine.travel(date(YEAR, 12, 1), tick=False)
def test_each_block_row_tells_the_board_where_to_act(world):
    add_blocks(world, 2)
    overview = province_overview(world.P, YEAR)
    rows = {r.block.name: r for r in overview.rows}
    first, second = rows["Khối số 000"], rows["Khối số 001"]
    assert first.members == 3
    assert first.head is not None
    assert (first.has_covenant, first.signed) == (True, 1)
    assert first.documents == {"on_time": 0, "late": 1, "missing": 2, "pending": 0}
    assert first.final_sheets == 1
    assert first.published == ["year"]
    assert second.published == []
    assert first.registrations == {"submitted": 1, "approved": 1}
    assert set(first.attention) == {
        "unsigned",
        "documents_late",
        "registrations_waiting",
    }
    assert "ranking_unpublished" in second.attention
    # The world's blocks have a year but no covenant.
    assert "no_covenant" in rows[world.B.name].attention
    chart = overview.documents_chart
    assert chart["labels"][: len(rows)] == [r.block.name for r in overview.rows]
    assert overview.results_chart["labels"] == ["2024"]
    series = {s["label"]: s for s in overview.results_chart["series"]}
    assert series["Khối số 000"]["models"] == [1]
    assert series["Khối số 000"]["rankings"] == [1]


def test_a_block_without_a_year_asks_for_one(world):
    f.BlockFactory(province=world.P, name="Khối mới")
    rows = {r.block.name: r for r in province_overview(world.P, YEAR).rows}
    assert rows["Khối mới"].attention == ["no_year"]


@pytest.mark.parametrize("persona", ["block_secretary", "unit_officer", "viewer"])
def test_only_the_board_sees_the_overview(world, client_as, persona):
    url = reverse("movements:province_overview", args=[world.P.pk])
    assert client_as(world.users[persona]).get(url).status_code == 403


def test_the_charts_take_their_data_from_json_blocks(world, client_as):
    url = reverse("movements:province_overview", args=[world.P.pk]) + f"?year={YEAR}"
    html = client_as(world.users["province_admin"]).get(url).content.decode()
    assert 'id="documents-chart-data" type="application/json"' in html
    assert 'id="results-chart-data" type="application/json"' in html
    assert "js/overview-charts.js" in html
    assert "<script>" not in html
