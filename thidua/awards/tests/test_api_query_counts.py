"""The awards API's lists run the same queries for 3 and 30 rows (house-style
"Testing": pin query counts on list pages)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from thidua.awards.models import (
    AwardRecord,
    CalendarDay,
    Decision,
    Initiative,
    Proposal,
    ProposalDocument,
)
from thidua.core.api_auth import issue_token
from thidua.organizations.tests import factories as f

pytestmark = pytest.mark.django_db


def _su(w):
    return w.users["superuser"]


def add_proposals(w, n):
    """Proposals of new people of U3, each with an initiative and a document."""
    for _ in range(n):
        person = f.PersonFactory(unit=w.U3)
        proposal = Proposal.objects.create(
            province=w.P,
            award="chien_si_thi_dua_co_so",
            year=2024,
            person=person,
            block_year=w.BY,
            created_by=_su(w),
        )
        initiative = Initiative.objects.create(
            province=w.P,
            title="Sáng kiến",
            scope_level="co_so",
            recognized_on=date(2024, 5, 1),
            decision_number="1/QĐ",
        )
        initiative.authors.add(person)
        proposal.initiatives.add(initiative)
        ProposalDocument.objects.create(
            proposal=proposal,
            kind="to_trinh",
            file="proposals/x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            uploaded_by=_su(w),
        )


def _award(w, **subject):
    return AwardRecord.objects.create(
        award="chien_si_thi_dua_co_so" if "person" in subject else "giay_khen",
        year=2024,
        decision_number="5/QĐ",
        decision_date=date(2025, 1, 5),
        coefficient=Decimal("1.0"),
        base_salary=2_340_000,
        cash_amount=2_340_000,
        **subject,
    )


def add_province_awards(w, n):
    for i in range(n):
        if i % 2:
            _award(w, person=f.PersonFactory(unit=w.U3))
        else:
            unit = f.UnitFactory(province=w.P)
            w.BY.memberships.create(unit=unit, role="member", year=2024)
            _award(w, unit=unit)


def add_unit_awards(w, n):
    for _ in range(n):
        _award(w, unit=w.U3)


def add_person_awards(w, n):
    for _ in range(n):
        _award(w, person=w.people["p3"])


def add_decisions(w, n):
    for _ in range(n):
        decision = Decision.objects.create(
            province=w.P,
            number="7/QĐ-UBND",
            date=date(2025, 1, 20),
            signer="Bùi Văn Khánh",
            authority="Chủ tịch Ủy ban nhân dân tỉnh",
            recorded_by=_su(w),
        )
        for award in (_award(w, unit=w.U3), _award(w, person=w.people["p3"])):
            award.decision = decision
            award.save(update_fields=["decision"])


def add_calendar_days(w, n):
    start = date(2025, 1, 1) + timedelta(days=CalendarDay.objects.count())
    CalendarDay.objects.bulk_create(
        CalendarDay(day=start + timedelta(days=i), kind="holiday") for i in range(n)
    )


@dataclass(frozen=True)
class Case:
    name: str
    persona: str
    url: Any
    grow: Any
    marker: str
    queries: int


CASES = [
    # Token with its user, grants, COUNT, rows, documents, initiatives.
    Case(
        "proposals",
        "province_admin",
        lambda w: "/api/v1/proposals?limit=500",
        add_proposals,
        '"missing_documents"',
        queries=6,
    ),
    # Token, grants, the provinces merged into the user's, COUNT, rows (subjects
    # and their units joined).
    Case(
        "awards",
        "province_admin",
        lambda w: "/api/v1/awards?limit=500",
        add_province_awards,
        '"award_name"',
        queries=5,
    ),
    # Token, grants, the unit (with its predecessors and successors), the unit's
    # blocks (org.view, then award.view), the lineage, COUNT, rows.
    Case(
        "unit_awards",
        "viewer",
        lambda w: f"/api/v1/units/{w.U3.pk}/awards?limit=500",
        add_unit_awards,
        '"award_name"',
        queries=10,
    ),
    # Token, grants, the person, their unit's blocks (looked up, then award.view),
    # COUNT, rows.
    Case(
        "person_awards",
        "viewer",
        lambda w: f"/api/v1/people/{w.people['p3'].pk}/awards?limit=500",
        add_person_awards,
        '"award_name"',
        queries=7,
    ),
    # Token, grants, COUNT, rows, their awards.
    Case(
        "decisions",
        "viewer",
        lambda w: "/api/v1/decisions?limit=500",
        add_decisions,
        '"authority"',
        queries=5,
    ),
    # Token, COUNT, rows.
    Case(
        "calendar_days",
        "leader",
        lambda w: "/api/v1/calendar-days?limit=500",
        add_calendar_days,
        '"day"',
        queries=3,
    ),
]


def _measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode(), len(ctx.captured_queries)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_query_count_does_not_grow_with_rows(world, case):
    user = world.users[case.persona]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")
    target = case.url(world)
    client.get(target)  # warm up
    case.grow(world, 3)
    small_body, small = _measure(client, target)
    case.grow(world, 27)
    large_body, large = _measure(client, target)
    assert large_body.count(case.marker) - small_body.count(case.marker) >= 27
    assert small == large == case.queries
