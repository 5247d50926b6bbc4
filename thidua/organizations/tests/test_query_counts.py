"""List pages and list endpoints run a fixed number of queries, however many rows
they show (house-style "Testing": pin query counts on list pages).

Each case is measured with 3 rows, then with 30, as the province administrator (a
user whose grants are loaded from the database, unlike a superuser's). Rows carry
every relation the answer shows: parents, predecessors and successors, members.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from thidua.core.api_auth import issue_token
from thidua.organizations.models import Block, Succession
from thidua.organizations.tests import factories as f


def add_units(world, n):
    for _ in range(n):
        unit = f.UnitFactory(province=world.P, parent=world.U1)
        Succession.objects.create(
            predecessor=world.U5, successor=unit, effective_on="2024-01-01"
        )


def add_people(world, n):
    for _ in range(n):
        f.PersonFactory(unit=world.U1)


def add_people_in_new_units(world, n):
    for _ in range(n):
        f.PersonFactory(unit=f.UnitFactory(province=world.P))


def add_blocks(world, n):
    """Blocks of P, each with a year (its own) and three member units."""
    start = 1800 + Block.objects.count()  # years no other block year uses
    for year in range(start, start + n):
        block = f.BlockFactory(province=world.P)
        f.add_members(
            f.BlockYearFactory(block=block, year=year), world.U1, [world.U2], [world.U3]
        )


def add_block_years(world, n):
    """Years of block B, each with a head, a deputy and a member."""
    start = 1900 + world.B.years.count()
    for year in range(start, start + n):
        by = f.BlockYearFactory(block=world.B, year=year)
        f.add_members(by, world.U1, [world.U2], [world.U3])


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "api" or "page"
    url: Any  # world -> url
    grow: Any  # (world, n) -> None
    rows: Any  # (world, response) -> number of rows shown
    # The pinned count. API: token, grants, COUNT, rows, then one query per
    # prefetched relation (units: predecessors, successors; block years: members; the
    # block itself first). Pages add the session and the user, and what the page
    # shows besides the rows (the province menu, permission checks on the unit), and
    # the notification bell's COUNT (templates/base.html).
    queries: int


def _api_count(world, response):
    return response.json()["count"]


def _page_rows(marker):
    def count(world, response):
        return response.content.decode().count(marker)

    return count


CASES = [
    Case(
        "api_units",
        "api",
        lambda w: f"/api/v1/units?province={w.P.pk}&limit=500",
        add_units,
        _api_count,
        queries=6,
    ),
    Case(
        "api_people",
        "api",
        lambda w: "/api/v1/people?limit=500",
        add_people_in_new_units,
        _api_count,
        queries=4,
    ),
    Case(
        "api_blocks",
        "api",
        lambda w: "/api/v1/blocks?limit=500",
        add_blocks,
        _api_count,
        queries=4,
    ),
    Case(
        "api_block_years",
        "api",
        lambda w: f"/api/v1/blocks/{w.B.pk}/years?limit=500",
        add_block_years,
        _api_count,
        queries=6,
    ),
    Case(
        "page_unit_list",
        "page",
        lambda w: reverse("organizations:unit_list") + f"?province={w.P.pk}",
        add_units,
        _page_rows("/units/"),
        queries=9,
    ),
    Case(
        "page_people_list",
        "page",
        lambda w: reverse("organizations:unit_people", args=[w.U1.pk]),
        add_people,
        _page_rows('href="/people/'),
        queries=12,
    ),
    Case(
        "page_province_detail",
        "page",
        lambda w: reverse("organizations:province_detail", args=[w.P.pk]),
        add_blocks,
        _page_rows('href="/blocks/'),
        queries=10,  # +1: the latest year, to keep five years of head history
    ),
    Case(
        "page_block_detail",
        "page",
        lambda w: reverse("organizations:block_detail", args=[w.B.pk]),
        add_block_years,
        _page_rows('<li class="member">'),
        queries=7,
    ),
]


def _measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_query_count_does_not_grow_with_rows(
    world, client_as, django_assert_num_queries, case
):
    user = world.users["province_admin"]
    if case.kind == "api":
        # A bearer token, as integrators call: the user and grants load per request.
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")
    else:
        client = client_as(user)
    url = case.url(world)
    client.get(url)  # warm up: session, translations, template loading

    case.grow(world, 3)
    small_response, small = _measure(client, url)
    case.grow(world, 27)
    with django_assert_num_queries(small):
        large_response = client.get(url)
    assert large_response.status_code == 200
    # The rows really are there: 27 more of them in the second answer.
    shown_small = case.rows(world, small_response)
    shown_large = case.rows(world, large_response)
    per_row = 3 if case.name == "page_block_detail" else 1
    assert shown_large - shown_small == 27 * per_row
    assert small == case.queries
