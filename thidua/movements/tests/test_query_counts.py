"""List pages and endpoints of issue 7 run the same queries for 3 and 30 rows
(house-style "Testing": pin query counts on list pages)."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from thidua.core.api_auth import issue_token
from thidua.movements.models import AdvancedModel, RegisteredPerson, Registration
from thidua.organizations.tests import factories as f


def _member_units(world, n):
    units = [f.UnitFactory(province=world.P) for _ in range(n)]
    for unit in units:
        world.BY.memberships.create(unit=unit, role="member", year=2024)
    return units


def add_registrations(world, n):
    """Submitted registrations of new member units of B, each with a person."""
    for unit in _member_units(world, n):
        registration = Registration.objects.create(
            unit=unit,
            year=2024,
            status="submitted",
            created_by=world.users["superuser"],
        )
        RegisteredPerson.objects.create(
            registration=registration,
            person=f.PersonFactory(unit=unit),
            title="lao_dong_tien_tien",
            year=2024,
        )


def add_models(world, n):
    for unit in _member_units(world, n):
        AdvancedModel.objects.create(
            unit=unit,
            year=2024,
            collective_name="Tổ công tác",
            achievement="Mô hình",
            created_by=world.users["superuser"],
        )


def add_reached_units(world, n):
    add_registrations(world, n)


@dataclass(frozen=True)
class Case:
    name: str
    persona: str
    url: Any
    grow: Any
    marker: str
    queries: int


CASES = [
    # Session, user, bell; grants, COUNT, rows + units, people (prefetch), the
    # units' blocks for the review buttons.
    Case(
        "page_registrations",
        "block_secretary",
        lambda w, m: "/registrations/?status=submitted",
        add_registrations,
        'class="registration-row"',
        queries=8,
    ),
    # Token with its user, grants, COUNT, rows, people.
    Case(
        "api_registrations",
        "province_admin",
        lambda w, m: "/api/v1/registrations?limit=500",
        add_registrations,
        '"unit_name"',
        queries=5,
    ),
    # Session, user, bell; grants, COUNT, rows, files.
    Case(
        "page_models",
        "block_secretary",
        lambda w, m: "/advanced-models/",
        add_models,
        'class="model-row"',
        queries=7,
    ),
    # Session, user, bell; grants, movement (+ blocks, units), units reached,
    # units, memberships, registrations, reports; units the actor may report for.
    Case(
        "page_movement_detail",
        "block_secretary",
        lambda w, m: f"/movements/{m.pk}/",
        add_reached_units,
        'class="progress-row"',
        queries=13,
    ),
]


def _measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_query_count_does_not_grow_with_rows(world, movement, client_as, case):
    user = world.users[case.persona]
    if case.name.startswith("api"):
        # A bearer token, as integrators call: the user and grants load per request.
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")
    else:
        client = client_as(user)
    url = case.url(world, movement)
    client.get(url)  # warm up
    case.grow(world, 3)
    small_html, small = _measure(client, url)
    case.grow(world, 27)
    large_html, large = _measure(client, url)
    assert large_html.count(case.marker) - small_html.count(case.marker) == 27
    assert small == large == case.queries
