"""Score sheets, ranking and publication over the API (api.md "The block's year")."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.core.models import AuditEvent
from thidua.cycles.tests.helpers import (
    add_requirement,
    media,  # noqa: F401 (fixture)
    on_day,
    submit_on,
    write_covenant,
)
from thidua.organizations.models import Membership
from thidua.organizations.tests import factories as f

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def year(world):
    write_covenant(world)
    return world


def sheet_url(world, unit):
    return f"/api/v1/block-years/{world.BY.pk}/scores/{unit.pk}"


def put(client, world, unit, **body):
    body.setdefault("period", "year")
    body.setdefault("scores", {"1.1": 50, "2.1": 30})
    return client.put(sheet_url(world, unit), body, format="json")


def ranking(client, world, query=""):
    return client.get(f"/api/v1/block-years/{world.BY.pk}/ranking{query}")


def publish(client, world, period="year"):
    return client.post(
        f"/api/v1/block-years/{world.BY.pk}/ranking/publish",
        {"period": period},
        format="json",
    )


# --- writing sheets ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit", "stage", "status"),
    [
        ("unit_officer", "U3", "self", 200),
        ("unit_officer", "U1", "self", 403),
        ("unit_officer", "U3", "review", 403),  # its own unit
        ("unit_officer", "U1", "review", 200),
        ("unit_officer", "U3", "final", 403),
        ("leader", "U3", "self", 403),
        ("leader", "U1", "review", 403),
        ("viewer", "U3", "self", 403),
        ("viewer", "U3", "final", 403),
        ("outsider", "U3", "final", 403),
        ("block_secretary", "U3", "review", 200),
        ("block_secretary", "U3", "final", 200),
        ("province_admin", "U3", "final", 200),
        ("superuser", "U3", "self", 200),
    ],
)
def test_who_writes_which_stage(year, api_as, persona, unit, stage, status):
    response = put(api_as(year.users[persona]), year, getattr(year, unit), stage=stage)
    assert response.status_code == status, response.content
    if status == 403:
        assert response.json()["code"] == "PERMISSION_DENIED"


def test_anonymous_writes_nothing(year, api_as):
    assert put(api_as(None), year, year.U3, stage="self").status_code == 401


def test_the_sheet_answers_base_bonus_deductions_and_total(year, api_as):
    plan = add_requirement(year, kind="plan", due=date(2024, 1, 31))
    submit_on(year, plan, year.U3, date(2024, 2, 1))
    with on_day(date(2024, 12, 1)):
        response = put(
            api_as(year.users["block_secretary"]),
            year,
            year.U3,
            stage="final",
            scores={"1.1": 55.5, "2.1": 30.25},
            bonus=2,
        )
    body = response.json()
    assert response.status_code == 200
    assert (body["unit"], body["unit_name"], body["period"], body["stage"]) == (
        year.U3.pk,
        "Ủy ban Kiểm tra Tỉnh ủy",
        "year",
        "final",
    )
    assert body["scores"] == {"1.1": 55.5, "2.1": 30.25}
    assert (body["base"], body["bonus"], body["deductions"], body["total"]) == (
        85.75,
        2.0,
        2.0,
        85.75,
    )


@pytest.mark.parametrize(
    "value", ["-1", "-0.01", "60.01", "61", "100000", "-100000", "1e30", '"75"']
)
@pytest.mark.parametrize("stage", ["self", "final"])
def test_any_score_outside_zero_to_max_is_422_score_out_of_range(
    year, api_as, value, stage
):
    persona = "unit_officer" if stage == "self" else "block_secretary"
    response = api_as(year.users[persona]).generic(
        "PUT",
        sheet_url(year, year.U3),
        '{"period": "year", "stage": "'
        + stage
        + '", "scores": {"1.1": '
        + value
        + "}}",
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "SCORE_OUT_OF_RANGE"
    assert response.json()["details"]["code"] == "1.1"


@pytest.mark.parametrize(
    "body",
    [
        {"period": "year", "stage": "final"},
        {"period": "q3", "stage": "final", "scores": {}},
        {"period": "year", "stage": "draft", "scores": {}},
        {"period": "year", "stage": "final", "scores": {"1.1": "abc"}},
        {"period": "year", "stage": "final", "scores": {"1.1": True}},
        {"period": "year", "stage": "final", "scores": {"1.1": 7.555}},
        {"period": "year", "stage": "final", "scores": [50]},
    ],
)
def test_a_malformed_sheet_is_400(year, api_as, body):
    response = api_as(year.users["block_secretary"]).put(
        sheet_url(year, year.U3), body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


def test_a_bonus_over_the_ceiling_is_422(year, api_as):
    response = put(
        api_as(year.users["block_secretary"]), year, year.U3, stage="final", bonus=6
    )
    assert response.status_code == 422
    assert response.json()["code"] == "BONUS_OUT_OF_RANGE"


def test_reason_required_only_where_a_self_score_exists_and_differs(year, api_as):
    put(api_as(year.users["unit_officer"]), year, year.U3, stage="self")
    secretary = api_as(year.users["block_secretary"])
    refused = put(
        secretary, year, year.U3, stage="final", scores={"1.1": 45, "2.1": 30}
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "REASON_REQUIRED"
    assert refused.json()["details"] == {"codes": ["1.1"]}
    accepted = put(
        secretary,
        year,
        year.U3,
        stage="final",
        scores={"1.1": 45, "2.1": 30},
        reasons={"1.1": "Chưa đủ minh chứng"},
    )
    assert accepted.status_code == 200
    assert accepted.json()["reasons"] == {"1.1": "Chưa đủ minh chứng"}
    # U1 has no self sheet: its final needs no reason.
    assert put(secretary, year, year.U1, stage="final").status_code == 200


def test_a_score_change_is_in_the_audit_trail(year, api_as):
    put(api_as(year.users["unit_officer"]), year, year.U3, stage="self")
    put(
        api_as(year.users["block_secretary"]),
        year,
        year.U3,
        stage="final",
        scores={"1.1": 45},
        reasons={"1.1": "Chưa đủ minh chứng"},
    )
    event = AuditEvent.objects.get(verb="scoring.sheet.final_scored")
    assert event.actor_id == year.users["block_secretary"].pk
    assert event.after["changes"] == [
        {"code": "1.1", "old": None, "new": "45", "reason": "Chưa đủ minh chứng"}
    ]


def test_a_unit_outside_the_block_is_422_and_another_province_404(year, api_as):
    su = api_as(year.users["superuser"])
    outside = put(su, year, year.U4, stage="final")
    assert (outside.status_code, outside.json()["code"]) == (422, "UNIT_NOT_MEMBER")
    secretary = api_as(year.users["block_secretary"])
    assert put(secretary, year, year.V1, stage="final").status_code == 404


# --- reading sheets ----------------------------------------------------------------


def test_a_unit_officer_cannot_read_another_units_unpublished_sheet(year, api_as):
    put(api_as(year.users["superuser"]), year, year.U1, stage="self")
    put(api_as(year.users["block_secretary"]), year, year.U1, stage="final")
    officer = api_as(year.users["unit_officer"])
    for stage in ("self", "final"):
        response = officer.get(sheet_url(year, year.U1) + f"?stage={stage}")
        assert response.status_code == 404
        assert response.json()["code"] == "NOT_FOUND"
    assert publish(api_as(year.users["block_secretary"]), year).status_code == 200
    published = officer.get(sheet_url(year, year.U1) + "?stage=final&period=year")
    assert published.status_code == 200
    assert published.json()["total"] == 80.0
    # Self sheets stay private after publication.
    assert officer.get(sheet_url(year, year.U1) + "?stage=self").status_code == 404


def test_a_unit_reads_its_own_sheet(year, api_as):
    put(api_as(year.users["unit_officer"]), year, year.U3, stage="self")
    for persona in ("unit_officer", "leader", "block_secretary"):
        response = api_as(year.users[persona]).get(
            sheet_url(year, year.U3) + "?stage=self"
        )
        assert response.status_code == 200
        assert response.json()["scores"] == {"1.1": 50.0, "2.1": 30.0}


# --- ranking -----------------------------------------------------------------------


def test_the_ranking_is_a_plain_list_best_first_with_shared_ranks(year, api_as):
    u4 = f.UnitFactory(province=year.P, name="Văn phòng Tỉnh ủy")
    u5 = f.UnitFactory(province=year.P, name="Báo Hòa Bình")
    for u in (u4, u5):
        Membership.objects.create(block_year=year.BY, unit=u, role="member", year=2024)
    secretary = api_as(year.users["block_secretary"])
    for unit, points in ((year.U1, 50), (year.U2, 45), (year.U3, 45), (u4, 40)):
        put(secretary, year, unit, stage="final", scores={"1.1": points})
    # A self sheet does not rank.
    put(secretary, year, u5, stage="self", scores={"1.1": 60, "2.1": 40})
    body = ranking(secretary, year).json()
    assert isinstance(body, list)
    assert [(r["unit"], r["total"], r["rank"]) for r in body] == [
        (year.U1.pk, 50.0, 1),
        (year.U2.pk, 45.0, 2),
        (year.U3.pk, 45.0, 2),
        (u4.pk, 40.0, 4),
        (u5.pk, None, None),
    ]
    assert body[0] == {
        "unit": year.U1.pk,
        "unit_name": "Ban Tuyên giáo Tỉnh ủy",
        "base": 50.0,
        "bonus": 0.0,
        "deductions": 0.0,
        "total": 50.0,
        "rank": 1,
        "tied": False,
    }
    assert body[-1]["base"] is None


def test_the_ranking_defaults_to_the_year_and_takes_mid(year, api_as):
    secretary = api_as(year.users["block_secretary"])
    put(secretary, year, year.U1, stage="final", period="mid", scores={"1.1": 10})
    put(secretary, year, year.U3, stage="final", period="year", scores={"1.1": 20})
    assert ranking(secretary, year).json()[0]["unit"] == year.U3.pk
    assert ranking(secretary, year, "?period=year").json()[0]["unit"] == year.U3.pk
    assert ranking(secretary, year, "?period=mid").json()[0]["unit"] == year.U1.pk
    assert ranking(secretary, year, "?period=q3").status_code == 400


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("superuser", 200),
        ("province_admin", 200),
        ("block_secretary", 200),
        ("unit_officer", 200),
        ("leader", 200),
        ("viewer", 403),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_who_sees_the_ranking_before_and_after_publication(
    year, api_as, persona, status
):
    client = api_as(year.users[persona])
    before = ranking(client, year)
    assert before.status_code == status
    if status == 403:
        assert before.json()["code"] == "RANKING_NOT_PUBLISHED"
    publish(api_as(year.users["block_secretary"]), year)
    assert ranking(client, year).status_code == (401 if status == 401 else 200)


def test_the_ranking_takes_the_same_queries_for_8_or_40_units(year, api_as):
    secretary = api_as(year.users["block_secretary"])

    def grow_to(n):
        have = Membership.objects.filter(block_year=year.BY).count()
        units = f.UnitFactory.create_batch(n - have, province=year.P)
        Membership.objects.bulk_create(
            [
                Membership(block_year=year.BY, unit=u, role="member", year=2024)
                for u in units
            ]
        )
        for u in units[::2]:
            put(secretary, year, u, stage="final", scores={"1.1": 30})
        add_requirement(year, due=date(2024, 3, n % 28 + 1))

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = ranking(secretary, year)
        assert response.status_code == 200
        return len(queries), len(response.json())

    grow_to(8)
    small = count()
    grow_to(40)
    large = count()
    assert (small[1], large[1]) == (8, 40)
    assert small[0] == large[0]


# --- publication -------------------------------------------------------------------


def test_publish_answers_the_ranking_and_locks_the_period(year, api_as):
    secretary = api_as(year.users["block_secretary"])
    put(secretary, year, year.U1, stage="final", scores={"1.1": 50})
    response = publish(secretary, year)
    assert response.status_code == 200
    body = response.json()
    assert (body["block_year"], body["period"]) == (year.BY.pk, "year")
    assert body["ranking"][0]["unit"] == year.U1.pk
    for client, unit, stage in [
        (secretary, year.U1, "final"),
        (api_as(year.users["unit_officer"]), year.U3, "self"),
        (api_as(year.users["unit_officer"]), year.U1, "review"),
    ]:
        locked = put(client, year, unit, stage=stage)
        assert locked.status_code == 409
        assert locked.json()["code"] == "PERIOD_LOCKED"
    again = publish(api_as(year.users["province_admin"]), year)
    assert (again.status_code, again.json()["code"]) == (409, "PERIOD_LOCKED")
    assert AuditEvent.objects.filter(verb="scoring.period.published").count() == 1
    # The mid period is still open.
    assert put(secretary, year, year.U1, stage="final", period="mid").status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("unit_officer", 403), ("leader", 403), ("viewer", 403), ("outsider", 403)],
)
def test_only_the_secretariat_publishes(year, api_as, persona, status):
    assert publish(api_as(year.users[persona]), year).status_code == status


def test_publish_needs_a_period(year, api_as):
    response = api_as(year.users["block_secretary"]).post(
        f"/api/v1/block-years/{year.BY.pk}/ranking/publish", {}, format="json"
    )
    assert response.status_code == 400


def test_the_published_ranking_keeps_its_deductions(year, api_as):
    plan = add_requirement(year, kind="plan", due=date(2024, 1, 31))
    submit_on(year, plan, year.U1, date(2024, 1, 30))
    secretary = api_as(year.users["block_secretary"])
    put(secretary, year, year.U1, stage="final", scores={"1.1": 50})
    put(secretary, year, year.U3, stage="final", scores={"1.1": 51})
    with on_day(date(2024, 12, 20)):
        body = publish(secretary, year).json()["ranking"]
    assert [(r["unit"], r["deductions"], r["total"]) for r in body[:2]] == [
        (year.U1.pk, 0.0, 50.0),
        (year.U3.pk, 2.0, 49.0),
    ]
    with on_day(date(2025, 3, 1)):
        assert json.loads(ranking(secretary, year).content)[:2] == body[:2]
