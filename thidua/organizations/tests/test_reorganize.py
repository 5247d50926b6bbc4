"""Mergers and splits: POST /api/v1/units/reorganize and reorganize_units
(api.md "Organisations"; domain.md §2.2 item 3: history follows the successors)."""

import unicodedata
from datetime import date

import pytest

from thidua.core.errors import DomainError
from thidua.organizations import selectors, services
from thidua.organizations.models import Membership, Person, Succession, Unit
from thidua.organizations.tests import factories as f

URL = "/api/v1/units/reorganize"


@pytest.fixture
def su(world, api_as):
    return api_as(world.users["superuser"])


def reorganize(client, **body):
    return client.post(URL, body, format="json")


def membership(unit, year):
    return Membership.objects.get(unit=unit, year=year)


# --- Successors and predecessors --------------------------------------------------


def test_merge_into_a_new_unit_ends_the_sources_the_day_before(world, su):
    response = reorganize(
        su,
        sources=[world.U1.pk, world.U2.pk],
        targets=[{"name": "Ban Tuyên giáo và Dân vận Tỉnh ủy", "short_name": "BTGDV"}],
        date="2025-03-01",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"items", "count"}
    assert body["count"] == 1
    new = body["items"][0]
    assert new["name"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert new["short_name"] == "BTGDV"
    assert new["province"] == world.P.pk
    assert new["valid_from"] == "2025-03-01"
    assert new["valid_to"] is None
    assert new["predecessors"] == sorted([world.U1.pk, world.U2.pk])
    assert new["successors"] == []
    for source in (world.U1, world.U2):
        detail = su.get(f"/api/v1/units/{source.pk}").json()
        assert detail["valid_to"] == "2025-02-28"
        assert detail["successors"] == [new["id"]]
    assert Succession.objects.filter(successor_id=new["id"]).count() == 2
    assert {s.effective_on for s in Succession.objects.all()} == {date(2025, 3, 1)}


def test_split_into_several_new_units(world, su):
    response = reorganize(
        su,
        sources=[world.U4.pk],
        targets=[{"name": "Sở Tư pháp A"}, {"name": "Sở Tư pháp B"}],
        date="2025-01-01",
    )
    assert response.status_code == 201
    ids = sorted(u["id"] for u in response.json()["items"])
    assert response.json()["count"] == 2
    assert su.get(f"/api/v1/units/{world.U4.pk}").json()["successors"] == ids
    for unit_id in ids:
        assert su.get(f"/api/v1/units/{unit_id}").json()["predecessors"] == [
            world.U4.pk
        ]
    # With more than one successor the people stay where they were.
    assert Person.objects.get(pk=world.people["p4"].pk).unit_id == world.U4.pk


def test_merge_into_an_existing_target(world, su):
    response = reorganize(
        su, sources=[world.U2.pk], target=world.U1.pk, date="2025-01-01"
    )
    assert response.status_code == 201
    body = response.json()
    assert [u["id"] for u in body["items"]] == [world.U1.pk]
    assert body["items"][0]["predecessors"] == [world.U2.pk]
    assert su.get(f"/api/v1/units/{world.U2.pk}").json()["valid_to"] == "2024-12-31"


def test_successor_names_sent_decomposed_are_stored_composed(world, su):
    name = "Ban Nội chính Tỉnh ủy"
    body = reorganize(
        su,
        sources=[world.U3.pk],
        targets=[{"name": unicodedata.normalize("NFD", name)}],
        date="2025-01-01",
    ).json()
    assert body["items"][0]["name"] == name
    assert Unit.objects.get(pk=body["items"][0]["id"]).name == name


def test_people_follow_a_single_successor(world, su):
    body = reorganize(
        su,
        sources=[world.U1.pk, world.U3.pk],
        targets=[{"name": "Ban Xây dựng Đảng"}],
        date="2025-01-01",
    ).json()
    new_id = body["items"][0]["id"]
    assert set(Person.objects.filter(unit_id=new_id).values_list("pk", flat=True)) == {
        world.people["p1"].pk,
        world.people["p3"].pk,
    }


def test_reorganised_units_remain_findable(world, su):
    reorganize(
        su,
        sources=[world.U5.pk],
        targets=[{"name": "Thanh tra mới"}],
        date="2025-01-01",
    )
    page = su.get("/api/v1/units", {"q": "thanh tra"}).json()
    assert page["count"] == 2


# --- Memberships ------------------------------------------------------------------


def test_mid_year_date_splits_the_block_membership(world, su):
    new_id = reorganize(
        su,
        sources=[world.U1.pk],
        targets=[{"name": "Ban Tuyên giáo mới"}],
        date="2024-07-01",
    ).json()["items"][0]["id"]
    old = membership(world.U1, 2024)
    assert old.block_year == world.BY
    assert old.role == "head"
    assert old.valid_from is None
    assert old.valid_to == date(2024, 6, 30)
    heir = Membership.objects.get(unit_id=new_id, year=2024)
    assert heir.block_year == world.BY
    assert heir.role == "head"
    assert heir.valid_from == date(2024, 7, 1)
    assert heir.valid_to is None
    # The block year's head is now the successor; both appear with their dates.
    body = su.get(f"/api/v1/block-years/{world.BY.pk}").json()
    assert body["head_unit"] == new_id
    by_unit = {m["id"]: m for m in body["members"]}
    assert by_unit[world.U1.pk]["valid_to"] == "2024-06-30"
    assert by_unit[world.U1.pk]["role"] == "head"
    assert by_unit[new_id]["valid_from"] == "2024-07-01"
    assert by_unit[new_id]["role"] == "head"
    # The unit list filtered by block and year knows both.
    in_block = su.get("/api/v1/units", {"block": world.B.pk, "year": 2024}).json()
    assert new_id in {u["id"] for u in in_block["items"]}


def test_merged_units_give_the_successor_the_most_senior_role(world, su):
    new_id = reorganize(
        su,
        sources=[world.U2.pk, world.U3.pk],
        targets=[{"name": "Ban Dân vận - Kiểm tra"}],
        date="2024-07-01",
    ).json()["items"][0]["id"]
    heir = Membership.objects.get(unit_id=new_id, year=2024)
    assert heir.role == "deputy"
    assert membership(world.U2, 2024).valid_to == date(2024, 6, 30)
    assert membership(world.U3, 2024).valid_to == date(2024, 6, 30)
    assert membership(world.U1, 2024).role == "head"


def test_memberships_of_later_years_move_to_the_successor(world, su):
    by_2025 = f.BlockYearFactory(block=world.B, year=2025)
    f.add_members(by_2025, world.U3, [world.U1], [world.U2])
    new_id = reorganize(
        su,
        sources=[world.U1.pk],
        targets=[{"name": "Ban Tuyên giáo mới"}],
        date="2024-07-01",
    ).json()["items"][0]["id"]
    assert not Membership.objects.filter(unit=world.U1, year=2025).exists()
    moved = Membership.objects.get(unit_id=new_id, year=2025)
    assert moved.block_year == by_2025
    assert moved.role == "deputy"
    assert moved.valid_from is None
    assert moved.valid_to is None
    assert membership(world.U1, 2024).valid_to == date(2024, 6, 30)


def test_memberships_before_the_date_stay_with_the_source(world, su):
    by_2023 = f.BlockYearFactory(block=world.B, year=2023)
    f.add_members(by_2023, world.U1, [world.U2])
    reorganize(su, sources=[world.U1.pk], targets=[{"name": "Mới"}], date="2024-07-01")
    old = membership(world.U1, 2023)
    assert old.valid_to is None
    assert old.role == "head"
    assert Membership.objects.filter(year=2023).count() == 2


def test_reorganisation_on_the_first_of_january_hands_over_the_whole_year(world, su):
    new_id = reorganize(
        su, sources=[world.U1.pk], targets=[{"name": "Mới"}], date="2024-01-01"
    ).json()["items"][0]["id"]
    assert not Membership.objects.filter(unit=world.U1, year=2024).exists()
    heir = Membership.objects.get(unit_id=new_id, year=2024)
    assert (heir.role, heir.valid_from, heir.valid_to) == ("head", None, None)


# --- Refusals ---------------------------------------------------------------------


def test_reorganising_an_ended_unit_is_a_conflict(world, su):
    first = reorganize(
        su, sources=[world.U1.pk], targets=[{"name": "Mới"}], date="2024-07-01"
    )
    assert first.status_code == 201
    for day in ("2024-07-01", "2025-01-01", "2024-03-01"):
        again = reorganize(
            su, sources=[world.U1.pk], targets=[{"name": "Mới nữa"}], date=day
        )
        assert again.status_code == 409, day
        assert again.json()["code"] == "UNIT_ALREADY_REORGANIZED"
        assert again.json()["details"]["units"] == [world.U1.pk]
    assert Unit.objects.get(pk=world.U1.pk).valid_to == date(2024, 6, 30)
    assert not Unit.objects.filter(name="Mới nữa").exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"sources": ["U1", "U1"], "targets": [{"name": "X"}]}, "DUPLICATE_SOURCE"),
        ({"sources": ["U1", "U2"], "target": "U2"}, "TARGET_IS_SOURCE"),
        ({"sources": ["U1", "V1"], "targets": [{"name": "X"}]}, "PROVINCE_UNKNOWN"),
    ],
)
def test_malformed_reorganisations_are_refused(world, su, body, code):
    ids = {"U1": world.U1.pk, "U2": world.U2.pk, "V1": world.V1.pk}
    body = {
        **body,
        "sources": [ids[s] for s in body["sources"]],
        "date": "2025-01-01",
    }
    if "target" in body:
        body["target"] = ids[body["target"]]
    response = su.post(URL, body, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert not Succession.objects.exists()
    assert Unit.objects.filter(valid_to__isnull=False).count() == 0


def test_unknown_sources_answer_404(world, su):
    response = reorganize(
        su, sources=[999999], targets=[{"name": "X"}], date="2025-01-01"
    )
    assert response.status_code == 404
    assert response.json()["details"]["ids"] == [999999]


def test_only_province_admins_reorganise(world, api_as):
    for persona in ("block_secretary", "unit_officer", "viewer"):
        response = reorganize(
            api_as(world.users[persona]),
            sources=[world.U3.pk],
            targets=[{"name": "X"}],
            date="2025-01-01",
        )
        assert response.status_code == 403, persona
    response = reorganize(
        api_as(world.users["province_admin"]),
        sources=[world.U3.pk],
        targets=[{"name": "X"}],
        date="2025-01-01",
    )
    assert response.status_code == 201


# --- Lineage ----------------------------------------------------------------------


def test_unit_with_predecessors_follows_a_chain_of_two_reorganisations(world):
    actor = world.users["superuser"]
    [b] = services.reorganize_units(
        actor=actor,
        sources=[world.U1, world.U2],
        effective=date(2023, 1, 1),
        new_units=[services.NewUnit(name="B")],
    )
    [c] = services.reorganize_units(
        actor=actor,
        sources=[b, world.U3],
        effective=date(2024, 7, 1),
        new_units=[services.NewUnit(name="C")],
    )
    chain = selectors.unit_with_predecessors(c)
    assert chain[0] == c.pk
    assert chain[1:3] == sorted([b.pk, world.U3.pk])
    assert sorted(chain[3:]) == sorted([world.U1.pk, world.U2.pk])
    assert len(chain) == len(set(chain)) == 5
    assert selectors.unit_with_predecessors(b) == [b.pk, world.U1.pk, world.U2.pk]
    assert selectors.unit_with_predecessors(world.U4) == [world.U4.pk]


def test_service_refuses_an_ended_source(world):
    actor = world.users["superuser"]
    services.reorganize_units(
        actor=actor,
        sources=[world.U4],
        effective=date(2024, 7, 1),
        new_units=[services.NewUnit(name="X")],
    )
    with pytest.raises(DomainError) as refused:
        services.reorganize_units(
            actor=actor,
            sources=[Unit.objects.get(pk=world.U4.pk)],
            effective=date(2025, 1, 1),
            target=world.U5,
        )
    assert refused.value.code == "UNIT_ALREADY_REORGANIZED"
    assert refused.value.status == 409


# --- Head rotation across a reorganisation ----------------------------------------


def test_successor_head_repeating_next_year_is_warned(world, su):
    """The head at the end of 2024 is the successor of a mid-year merger; heading
    2025 again repeats it (rule 28), on every database."""
    new_id = reorganize(
        su, sources=[world.U1.pk], targets=[{"name": "Ban mới"}], date="2024-07-01"
    ).json()["items"][0]["id"]
    response = su.post(
        f"/api/v1/blocks/{world.B.pk}/years",
        {"year": 2025, "head_unit": new_id, "deputy_unit": world.U2.pk},
        format="json",
    )
    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["HEAD_NOT_ROTATED"]


def test_earlier_head_of_a_handed_over_year_is_not_warned(world, su):
    reorganize(
        su, sources=[world.U2.pk], target=world.U3.pk, date="2024-07-01"
    )  # U1 stays head all year; nothing to hand over for the head
    other = f.UnitFactory(province=world.P, name="Ban mới")
    reorganize(su, sources=[world.U1.pk], target=other.pk, date="2024-07-01")
    # U1 headed the first half only: a new unit heading 2025 is fine, and so is U3.
    response = su.post(
        f"/api/v1/blocks/{world.B.pk}/years",
        {"year": 2025, "head_unit": world.U3.pk, "deputy_unit": other.pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["warnings"] == []
