"""Blocks and block years through /api/v1 (api.md "Organisations"; domain rules 27–28)."""

import unicodedata
from datetime import date

import pytest

from thidua.core.errors import DomainError
from thidua.organizations import services
from thidua.organizations.models import Block, BlockYear, Membership, Unit
from thidua.organizations.tests import factories as f

BLOCK_YEAR_FIELDS = {
    "id",
    "block",
    "year",
    "theme",
    "slogan",
    "head_unit",
    "deputy_unit",
    "members",
    "decision_number",
    "decision_date",
}


@pytest.fixture
def su(world, api_as):
    return api_as(world.users["superuser"])


@pytest.fixture
def B3(world):
    """A third block of P, with no year yet."""
    return f.BlockFactory(province=world.P, name="Khối thi đua các sở")


def years_url(block):
    return f"/api/v1/blocks/{block.pk}/years"


def post_year(client, block, **body):
    return client.post(years_url(block), body, format="json")


def set_settings(world, **values):
    services.update_province_settings(
        actor=world.users["superuser"], province=world.P, values=values
    )


# --- Blocks -----------------------------------------------------------------------


def test_create_block_answers_id_province_name_kind(world, su):
    response = su.post(
        "/api/v1/blocks",
        {"province": world.P.pk, "name": "Cụm thi đua các huyện", "kind": "cum"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert {"id", "province", "name", "kind"} <= set(body)
    assert body["province"] == world.P.pk
    assert body["province_name"] == "Hòa Bình"
    assert body["name"] == "Cụm thi đua các huyện"
    assert body["kind"] == "cum"
    assert Block.objects.get(pk=body["id"]).kind == "cum"


def test_block_name_sent_decomposed_is_stored_composed(world, su):
    name = "Khối thi đua Văn hóa - Xã hội"
    body = su.post(
        "/api/v1/blocks",
        {
            "province": world.P.pk,
            "name": unicodedata.normalize("NFD", name),
            "kind": "khoi",
        },
        format="json",
    ).json()
    assert body["name"] == name
    assert Block.objects.get(pk=body["id"]).name == name


def test_block_kind_must_be_a_known_slug(world, su):
    response = su.post(
        "/api/v1/blocks",
        {"province": world.P.pk, "name": "Nhóm", "kind": "nhom"},
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.json()["details"]["fields"]


def test_block_list_is_a_searchable_page(world, su):
    page = su.get("/api/v1/blocks", {"province": world.P.pk}).json()
    assert page["count"] == 2
    assert [b["name"] for b in page["items"]] == [
        "Khối thi đua các cơ quan Đảng",
        "Khối thi đua số 3",
    ]
    found = su.get("/api/v1/blocks", {"q": "co quan dang"}).json()
    assert [b["id"] for b in found["items"]] == [world.B.pk]
    assert su.get("/api/v1/blocks", {"limit": 1}).json()["count"] == 2
    detail = su.get(f"/api/v1/blocks/{world.B.pk}").json()
    assert detail["name"] == world.B.name
    assert detail["province_name"] == "Hòa Bình"


def test_only_province_admins_create_blocks(world, api_as):
    body = {"province": world.P.pk, "name": "Khối mới", "kind": "khoi"}
    assert (
        api_as(world.users["province_admin"])
        .post("/api/v1/blocks", body, format="json")
        .status_code
        == 201
    )
    for persona in ("block_secretary", "unit_officer", "viewer"):
        response = api_as(world.users[persona]).post(
            "/api/v1/blocks", body, format="json"
        )
        assert response.status_code == 403, persona


# --- Creating a block year --------------------------------------------------------


def test_create_block_year_answers_members_with_roles(world, su, B3):
    u6 = f.UnitFactory(province=world.P, name="Sở Nội vụ")
    response = post_year(
        su,
        B3,
        year=2024,
        theme="Đoàn kết, đổi mới",
        slogan="Thi đua là yêu nước",
        head_unit=u6.pk,
        deputy_unit=world.U1.pk,
        deputy_units=[world.U2.pk],
        members=[world.U3.pk, u6.pk],
        decision_number="12/QĐ-UBND",
        decision_date="2024-01-15",
    )
    # U1–U3 are in B in 2024: the rule refuses; the same units in 2025 are fine.
    assert response.status_code == 422
    response = post_year(
        su,
        B3,
        year=2025,
        theme="Đoàn kết, đổi mới",
        slogan="Thi đua là yêu nước",
        head_unit=u6.pk,
        deputy_unit=world.U1.pk,
        deputy_units=[world.U2.pk],
        members=[world.U3.pk, u6.pk],
        decision_number="12/QĐ-UBND",
        decision_date="2025-01-15",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= BLOCK_YEAR_FIELDS
    assert body["block"] == B3.pk
    assert body["block_name"] == B3.name
    assert body["year"] == 2025
    assert body["head_unit"] == u6.pk
    assert body["head_unit_name"] == "Sở Nội vụ"
    assert body["deputy_unit"] in (world.U1.pk, world.U2.pk)
    assert body["deputy_unit_name"] in (world.U1.name, world.U2.name)
    assert sorted(body["deputy_units"]) == sorted([world.U1.pk, world.U2.pk])
    assert body["theme"] == "Đoàn kết, đổi mới"
    assert body["decision_number"] == "12/QĐ-UBND"
    assert body["decision_date"] == "2025-01-15"
    assert body["warnings"] == []
    members = body["members"]
    assert all({"id", "name", "role"} <= set(m) for m in members)
    assert {m["id"]: m["role"] for m in members} == {
        u6.pk: "head",
        world.U1.pk: "deputy",
        world.U2.pk: "deputy",
        world.U3.pk: "member",
    }
    assert members[0] == {**members[0], "id": u6.pk, "name": "Sở Nội vụ"}
    assert Membership.objects.filter(block_year_id=body["id"]).count() == 4


def test_block_year_text_sent_decomposed_is_stored_composed(world, su, B3):
    theme = "Năm thi đua đẩy mạnh chuyển đổi số"
    body = post_year(
        su,
        B3,
        year=2025,
        theme=unicodedata.normalize("NFD", theme),
        head_unit=world.U4.pk,
        deputy_unit=world.U5.pk,
    ).json()
    assert body["theme"] == theme
    assert BlockYear.objects.get(pk=body["id"]).theme == theme


def test_unit_already_in_another_block_that_year_is_refused(world, su, B3):
    response = post_year(
        su,
        B3,
        year=2024,
        head_unit=f.UnitFactory(province=world.P).pk,
        deputy_unit=world.U4.pk,
        members=[world.U3.pk],
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "UNIT_ALREADY_IN_BLOCK"
    assert sorted(body["details"]["units"]) == sorted([world.U3.pk, world.U4.pk])
    assert not BlockYear.objects.filter(block=B3).exists()


@pytest.mark.parametrize(
    "extra",
    [
        {},  # the deputy is missing too
        {"deputy_unit": "HEAD"},  # the head is also the deputy
        {"deputy_unit": "U2", "members": ["V1"]},  # a unit of another province
        {"deputy_unit": "U2", "settings": {"block_max_members": 1}},  # too many
    ],
)
def test_unit_already_in_block_is_checked_before_any_other_rule(world, su, B3, extra):
    names = {"HEAD": world.U1.pk, "U2": world.U2.pk, "V1": world.V1.pk}
    if "settings" in extra:
        set_settings(world, **extra.pop("settings"))
    body = {"year": 2024, "head_unit": world.U1.pk}
    if "deputy_unit" in extra:
        body["deputy_unit"] = names[extra["deputy_unit"]]
    if "members" in extra:
        body["members"] = [names[m] for m in extra["members"]]
    response = su.post(years_url(B3), body, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "UNIT_ALREADY_IN_BLOCK"


def test_unit_already_in_block_comes_before_block_year_exists(world, su):
    # B already has 2024, and U4 is in B2 that year.
    response = post_year(
        su, world.B, year=2024, head_unit=world.U4.pk, deputy_unit=world.U1.pk
    )
    assert response.status_code == 422
    assert response.json()["code"] == "UNIT_ALREADY_IN_BLOCK"


def test_deputy_is_required(world, su, B3):
    response = post_year(
        su, B3, year=2025, head_unit=world.U1.pk, members=[world.U2.pk]
    )
    assert response.status_code == 422
    assert response.json()["code"] == "DEPUTY_REQUIRED"
    assert not BlockYear.objects.filter(block=B3).exists()


def test_head_cannot_be_a_deputy(world, su, B3):
    for body in (
        {"deputy_unit": world.U1.pk},
        {"deputy_unit": world.U2.pk, "deputy_units": [world.U1.pk]},
    ):
        response = post_year(su, B3, year=2025, head_unit=world.U1.pk, **body)
        assert response.status_code == 422
        assert response.json()["code"] == "HEAD_IS_DEPUTY"


def test_same_block_and_year_twice_is_a_conflict(world, su, B3):
    first = post_year(su, B3, year=2025, head_unit=world.U4.pk, deputy_unit=world.U5.pk)
    assert first.status_code == 201
    again = post_year(su, B3, year=2025, head_unit=world.U5.pk, deputy_unit=world.U4.pk)
    assert again.status_code == 409
    assert again.json()["code"] == "BLOCK_YEAR_EXISTS"
    assert BlockYear.objects.filter(block=B3, year=2025).count() == 1
    assert Membership.objects.get(block_year__block=B3, unit=world.U4).role == "head"


def test_units_of_another_province_are_refused(world, su, B3):
    for body in (
        {"head_unit": world.V1.pk, "deputy_unit": world.U1.pk},
        {
            "head_unit": world.U1.pk,
            "deputy_unit": world.U2.pk,
            "members": [world.V1.pk],
        },
    ):
        response = post_year(su, B3, year=2025, **body)
        assert response.status_code == 422
        assert response.json()["code"] == "UNIT_NOT_IN_PROVINCE"
        assert response.json()["details"] == {"unit": world.V1.pk}


def test_a_unit_no_longer_in_existence_is_refused(world, su, B3):
    Unit.objects.filter(pk=world.U5.pk).update(valid_to=date(2023, 12, 31))
    response = post_year(
        su, B3, year=2025, head_unit=world.U4.pk, deputy_unit=world.U5.pk
    )
    assert response.status_code == 422
    assert response.json()["code"] == "UNIT_NOT_ACTIVE"


def test_block_size_is_not_limited_by_default(world, su, B3):
    extra = [f.UnitFactory(province=world.P).pk for _ in range(20)]
    small = post_year(su, B3, year=2025, head_unit=world.U1.pk, deputy_unit=world.U2.pk)
    assert small.status_code == 201
    big = post_year(
        su,
        f.BlockFactory(province=world.P),
        year=2025,
        head_unit=world.U3.pk,
        deputy_unit=world.U4.pk,
        members=extra,
    )
    assert big.status_code == 201
    assert len(big.json()["members"]) == 22


def test_block_size_limits_apply_once_the_province_sets_them(world, su, B3):
    set_settings(world, block_min_members=3, block_max_members=4)
    too_small = post_year(
        su, B3, year=2025, head_unit=world.U1.pk, deputy_unit=world.U2.pk
    )
    assert too_small.status_code == 422
    assert too_small.json()["code"] == "BLOCK_SIZE_OUT_OF_RANGE"
    assert too_small.json()["details"]["count"] == 2
    too_big = post_year(
        su,
        B3,
        year=2025,
        head_unit=world.U1.pk,
        deputy_unit=world.U2.pk,
        members=[world.U3.pk, world.U4.pk, world.U5.pk],
    )
    assert too_big.status_code == 422
    assert too_big.json()["code"] == "BLOCK_SIZE_OUT_OF_RANGE"
    fits = post_year(
        su,
        B3,
        year=2025,
        head_unit=world.U1.pk,
        deputy_unit=world.U2.pk,
        members=[world.U3.pk],
    )
    assert fits.status_code == 201


def test_invalid_block_size_setting_is_refused(world):
    with pytest.raises(DomainError) as refused:
        services.update_province_settings(
            actor=world.users["superuser"],
            province=world.P,
            values={"block_min_members": 5, "block_max_members": 3},
        )
    assert refused.value.code == "SETTING_INVALID"
    world.P.refresh_from_db()
    assert world.P.settings == {}


def test_repeated_head_is_a_warning_by_default(world, su):
    response = post_year(
        su, world.B, year=2025, head_unit=world.U1.pk, deputy_unit=world.U3.pk
    )
    assert response.status_code == 201
    warnings = response.json()["warnings"]
    assert [w["code"] for w in warnings] == ["HEAD_NOT_ROTATED"]
    assert warnings[0]["message"]
    assert response.json()["head_unit"] == world.U1.pk


def test_new_head_gives_no_warning(world, su):
    response = post_year(
        su, world.B, year=2025, head_unit=world.U2.pk, deputy_unit=world.U1.pk
    )
    assert response.status_code == 201
    assert response.json()["warnings"] == []


def test_repeated_head_is_refused_when_rotation_is_required(world, su):
    set_settings(world, head_rotation_required=True)
    response = post_year(
        su, world.B, year=2025, head_unit=world.U1.pk, deputy_unit=world.U3.pk
    )
    assert response.status_code == 422
    assert response.json()["code"] == "HEAD_NOT_ROTATED"
    assert not BlockYear.objects.filter(block=world.B, year=2025).exists()
    rotated = post_year(
        su, world.B, year=2025, head_unit=world.U3.pk, deputy_unit=world.U1.pk
    )
    assert rotated.status_code == 201
    assert rotated.json()["warnings"] == []


def test_block_secretary_creates_years_of_own_block_only(world, api_as, B3):
    client = api_as(world.users["block_secretary"])
    own = post_year(
        client, world.B, year=2025, head_unit=world.U2.pk, deputy_unit=world.U1.pk
    )
    assert own.status_code == 201
    other = post_year(
        client, world.B2, year=2025, head_unit=world.U5.pk, deputy_unit=world.U4.pk
    )
    assert other.status_code == 403
    assert other.json()["code"] == "PERMISSION_DENIED"
    outsider = post_year(
        api_as(world.users["outsider"]),
        world.B,
        year=2026,
        head_unit=world.U1.pk,
        deputy_unit=world.U2.pk,
    )
    assert outsider.status_code == 403


# --- Reading block years ----------------------------------------------------------


def test_block_year_detail_has_members_covenant_and_requirements(world, su):
    response = su.get(f"/api/v1/block-years/{world.BY.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= BLOCK_YEAR_FIELDS | {"covenant", "requirements"}
    assert body["block"] == world.B.pk
    assert body["head_unit"] == world.U1.pk
    assert body["head_unit_name"] == world.U1.name
    assert body["deputy_unit"] == world.U2.pk
    assert body["deputy_unit_name"] == world.U2.name
    assert [(m["id"], m["name"], m["role"]) for m in body["members"]] == [
        (world.U1.pk, world.U1.name, "head"),
        (world.U2.pk, world.U2.name, "deputy"),
        (world.U3.pk, world.U3.name, "member"),
    ]


def test_block_years_list_is_a_page_newest_first(world, su):
    post_year(su, world.B, year=2025, head_unit=world.U2.pk, deputy_unit=world.U1.pk)
    post_year(su, world.B, year=2023, head_unit=world.U3.pk, deputy_unit=world.U2.pk)
    page = su.get(years_url(world.B)).json()
    assert set(page) == {"items", "count"}
    assert page["count"] == 3
    assert [y["year"] for y in page["items"]] == [2025, 2024, 2023]
    assert [y["head_unit"] for y in page["items"]] == [
        world.U2.pk,
        world.U1.pk,
        world.U3.pk,
    ]
    second = su.get(years_url(world.B), {"limit": 1, "offset": 1}).json()
    assert [y["year"] for y in second["items"]] == [2024]
    assert second["count"] == 3


def test_block_years_of_another_province_are_not_found(world, api_as):
    other_block = f.BlockFactory(province=world.Q)
    client = api_as(world.users["province_admin"])
    assert client.get(years_url(other_block)).status_code == 404
    assert client.get(f"/api/v1/blocks/{other_block.pk}").status_code == 404
    response = post_year(
        client, other_block, year=2025, head_unit=world.U1.pk, deputy_unit=world.U2.pk
    )
    assert response.status_code == 404
