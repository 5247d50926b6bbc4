"""Provinces and units through /api/v1, and the audit events of every organisations
service (api.md "Organisations"; house-style "Testing")."""

import unicodedata
from datetime import date

import pytest

from thidua.core import audit
from thidua.core.models import AuditEvent
from thidua.organizations import selectors, services
from thidua.organizations.models import Province, Unit
from thidua.organizations.tests import factories as f

UNIT_FIELDS = {
    "id",
    "province",
    "name",
    "short_name",
    "parent",
    "valid_from",
    "valid_to",
    "predecessors",
    "successors",
}


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


@pytest.fixture
def su(world, api_as):
    return api_as(world.users["superuser"])


# --- Provinces --------------------------------------------------------------------


def test_create_province_answers_id_name_code(world, su):
    response = su.post(
        "/api/v1/provinces", {"name": "Lào Cai", "code": "LCI"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert {"id", "name", "code"} <= set(body)
    assert body["name"] == "Lào Cai"
    assert body["code"] == "LCI"
    assert Province.objects.get(pk=body["id"]).name == "Lào Cai"


def test_province_code_is_optional_and_names_need_not_be_unique(world, su):
    first = su.post("/api/v1/provinces", {"name": "Hòa Bình"}, format="json")
    assert first.status_code == 201
    assert first.json()["code"] == ""
    assert Province.objects.filter(name="Hòa Bình").count() == 2


def test_province_name_sent_decomposed_is_stored_composed(world, su):
    name = "Thừa Thiên Huế"
    response = su.post("/api/v1/provinces", {"name": nfd(name)}, format="json")
    assert response.json()["name"] == name
    stored = Province.objects.get(pk=response.json()["id"]).name
    assert stored == name
    assert is_nfc(stored)


def test_only_a_superuser_creates_provinces(world, api_as):
    response = api_as(world.users["province_admin"]).post(
        "/api/v1/provinces", {"name": "Tỉnh khác"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


def test_province_list_is_paginated_and_searchable(world, su):
    page = su.get("/api/v1/provinces").json()
    assert set(page) == {"items", "count"}
    assert page["count"] == 2
    assert [p["name"] for p in page["items"]] == ["Đắk Lắk", "Hòa Bình"]
    found = su.get("/api/v1/provinces", {"q": "hoa binh"}).json()
    assert [p["id"] for p in found["items"]] == [world.P.pk]
    assert found["count"] == 1


def test_province_admin_sees_only_own_province(world, api_as):
    page = api_as(world.users["province_admin"]).get("/api/v1/provinces").json()
    assert [p["id"] for p in page["items"]] == [world.P.pk]
    other = api_as(world.users["province_admin"]).get(f"/api/v1/provinces/{world.Q.pk}")
    assert other.status_code == 404


# --- Creating units ---------------------------------------------------------------


def test_create_unit_answers_the_documented_fields(world, su):
    response = su.post(
        "/api/v1/units",
        {
            "province": world.P.pk,
            "name": "Sở Giáo dục và Đào tạo",
            "short_name": "SGDĐT",
            "parent": world.U1.pk,
            "valid_from": "2020-01-01",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) >= UNIT_FIELDS
    assert body["province"] == world.P.pk
    assert body["province_name"] == "Hòa Bình"
    assert body["name"] == "Sở Giáo dục và Đào tạo"
    assert body["short_name"] == "SGDĐT"
    assert body["parent"] == world.U1.pk
    assert body["parent_name"] == world.U1.name
    assert body["valid_from"] == "2020-01-01"
    assert body["valid_to"] is None
    assert body["predecessors"] == []
    assert body["successors"] == []


def test_unit_without_valid_from_is_open_ended(world, su):
    body = su.post(
        "/api/v1/units", {"province": world.P.pk, "name": "Sở Y tế"}, format="json"
    ).json()
    assert body["valid_from"] is None
    assert body["valid_to"] is None
    assert body["parent"] is None
    assert body["parent_name"] is None
    assert body["short_name"] == ""


def test_unit_text_sent_decomposed_is_stored_and_read_back_composed(world, su):
    name, short = "Sở Tài nguyên và Môi trường", "Sở TN&MT"
    body = su.post(
        "/api/v1/units",
        {"province": world.P.pk, "name": nfd(name), "short_name": nfd(short)},
        format="json",
    ).json()
    assert body["name"] == name
    assert body["short_name"] == short
    unit = Unit.objects.get(pk=body["id"])
    assert is_nfc(unit.name)
    assert unit.name == name
    detail = su.get(f"/api/v1/units/{unit.pk}").json()
    assert detail["name"] == name


def test_unit_parent_must_be_in_the_same_province(world, su):
    response = su.post(
        "/api/v1/units",
        {"province": world.P.pk, "name": "Phòng X", "parent": world.V1.pk},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "PARENT_NOT_IN_PROVINCE"
    assert not Unit.objects.filter(name="Phòng X").exists()


def test_unit_officer_cannot_create_units(world, api_as):
    response = api_as(world.users["unit_officer"]).post(
        "/api/v1/units", {"province": world.P.pk, "name": "Sở Mới"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


def test_unit_of_another_province_is_not_found_for_a_province_admin(world, api_as):
    client = api_as(world.users["province_admin"])
    assert client.get(f"/api/v1/units/{world.V1.pk}").status_code == 404
    response = client.post(
        "/api/v1/units", {"province": world.Q.pk, "name": "Sở Mới"}, format="json"
    )
    assert response.status_code == 404


# --- Reading units ----------------------------------------------------------------


def test_unit_detail_answers_the_unit(world, su):
    body = su.get(f"/api/v1/units/{world.U3.pk}").json()
    assert set(body) >= UNIT_FIELDS | {"province_name"}
    assert body["id"] == world.U3.pk
    assert body["name"] == "Ủy ban Kiểm tra Tỉnh ủy"
    assert body["province_name"] == "Hòa Bình"


def test_unit_list_is_a_page_in_vietnamese_order(world, su):
    page = su.get("/api/v1/units", {"province": world.P.pk}).json()
    assert set(page) == {"items", "count"}
    assert page["count"] == 5
    assert [u["name"] for u in page["items"]] == [
        "Ban Dân vận Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
        "Sở Tư pháp",
        "Thanh tra tỉnh",
        "Ủy ban Kiểm tra Tỉnh ủy",
    ]


def test_limit_and_offset_page_through_units(world, su):
    names = []
    for offset in (0, 2, 4):
        page = su.get(
            "/api/v1/units", {"province": world.P.pk, "limit": 2, "offset": offset}
        ).json()
        assert page["count"] == 5
        assert len(page["items"]) == (2 if offset < 4 else 1)
        names += [u["name"] for u in page["items"]]
    assert len(set(names)) == 5
    beyond = su.get("/api/v1/units", {"limit": 10, "offset": 50}).json()
    assert beyond == {"items": [], "count": 6}
    none = su.get("/api/v1/units", {"limit": 0}).json()
    assert none == {"items": [], "count": 6}


def test_limit_is_capped_at_500(world, su):
    for _ in range(3):
        f.UnitFactory(province=world.Q)
    page = su.get("/api/v1/units", {"limit": 100000}).json()
    assert page["count"] == 9
    assert len(page["items"]) == 9


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("hoa binh", ["Trường Chính trị Hòa Bình"]),
        ("HÒA BÌNH", ["Trường Chính trị Hòa Bình"]),
        ("Hoà", ["Trường Chính trị Hòa Bình"]),
        ("Hòa", ["Trường Chính trị Hòa Bình"]),
        ("binh hoa", ["Trường Chính trị Hòa Bình"]),
        ("hoa  binh ", ["Trường Chính trị Hòa Bình"]),
        ("dan van", ["Ban Dân vận Tỉnh ủy"]),
        ("ĐẢNG", ["Đảng ủy Khối"]),
        ("dang uy", ["Đảng ủy Khối"]),
        ("TTr", ["Thanh tra tỉnh"]),
        ("tinh uy", ["Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"]),
        ("không có", []),
    ],
)
def test_unit_search_ignores_diacritics_and_case(world, su, q, expected):
    f.UnitFactory(province=world.P, name="Trường Chính trị Hòa Bình")
    f.UnitFactory(province=world.P, name="Đảng ủy Khối")
    Unit.objects.filter(pk=world.U5.pk).update(short_name="TTr")
    Unit.objects.get(pk=world.U5.pk).save()  # refresh the search text
    Unit.objects.filter(pk=world.U3.pk).update(name="Ủy ban Kiểm tra")
    Unit.objects.get(pk=world.U3.pk).save()
    page = su.get("/api/v1/units", {"q": q}).json()
    assert [u["name"] for u in page["items"]] == expected
    assert page["count"] == len(expected)


def test_unit_search_accepts_decomposed_queries(world, su):
    f.UnitFactory(province=world.P, name="Trường Chính trị Hòa Bình")
    page = su.get("/api/v1/units", {"q": nfd("Hòa Bình")}).json()
    assert [u["name"] for u in page["items"]] == ["Trường Chính trị Hòa Bình"]


def test_unit_search_finds_names_stored_from_decomposed_text(world, su):
    su.post(
        "/api/v1/units",
        {"province": world.P.pk, "name": nfd("Bệnh viện Đa khoa Hòa Bình")},
        format="json",
    )
    page = su.get("/api/v1/units", {"q": "benh vien hoa binh"}).json()
    assert [u["name"] for u in page["items"]] == ["Bệnh viện Đa khoa Hòa Bình"]


def test_units_filter_by_block_and_year(world, su):
    f.add_members(
        f.BlockYearFactory(block=world.B, year=2025), world.U2, [world.U1], []
    )
    in_b_2024 = su.get("/api/v1/units", {"block": world.B.pk, "year": 2024}).json()
    assert {u["id"] for u in in_b_2024["items"]} == {
        world.U1.pk,
        world.U2.pk,
        world.U3.pk,
    }
    in_b_2025 = su.get("/api/v1/units", {"block": world.B.pk, "year": 2025}).json()
    assert {u["id"] for u in in_b_2025["items"]} == {world.U1.pk, world.U2.pk}
    in_2024 = su.get("/api/v1/units", {"year": 2024}).json()
    assert in_2024["count"] == 5
    in_b2 = su.get("/api/v1/units", {"block": world.B2.pk}).json()
    assert {u["id"] for u in in_b2["items"]} == {world.U4.pk, world.U5.pk}
    assert su.get("/api/v1/units", {"year": 1999}).json() == {"items": [], "count": 0}


def test_filters_with_out_of_range_ids_match_nothing(world, su):
    huge = 2**63 + 1
    assert su.get("/api/v1/units", {"province": huge}).status_code == 400
    assert selectors.visible_units(world.users["superuser"], province=huge).count() == 0
    assert (
        selectors.visible_units(
            world.users["superuser"], block=str(huge), year=70000
        ).count()
        == 0
    )


# --- Audit events of every service ------------------------------------------------


def _events_since(before_id):
    return list(AuditEvent.objects.filter(pk__gt=before_id).order_by("pk"))


def _last_id():
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_every_organisations_service_writes_its_audit_event(world):
    """Each service writes exactly one event with its registered verb (house style)."""
    actor = world.users["superuser"]
    seen = set()

    def run(verb, call):
        start = _last_id()
        result = call()
        events = _events_since(start)
        assert [e.verb for e in events] == [verb]
        assert events[0].actor_id == actor.pk
        assert verb in audit.VERBS
        seen.add(verb)
        return result, events[0]

    province, event = run(
        "organizations.province.created",
        lambda: services.create_province(actor=actor, name="Sơn La", code="SLA"),
    )
    assert event.after["name"] == "Sơn La"
    assert event.province_id == province.pk
    _, event = run(
        "organizations.province.updated",
        lambda: services.update_province(
            actor=actor, province=province, name="Sơn La mới", code="SL"
        ),
    )
    assert event.before["name"] == "Sơn La"
    assert event.after["name"] == "Sơn La mới"
    _, event = run(
        "organizations.province.settings_updated",
        lambda: services.update_province_settings(
            actor=actor, province=province, values={"block_max_members": 12}
        ),
    )
    assert event.before == {}
    assert event.after == {"block_max_members": 12}
    unit, event = run(
        "organizations.unit.created",
        lambda: services.create_unit(actor=actor, province=province, name="Sở A"),
    )
    assert event.target_type == "organizations.unit"
    assert event.target_id == str(unit.pk)
    assert event.after["province"] == province.pk
    other, _ = run(
        "organizations.unit.created",
        lambda: services.create_unit(actor=actor, province=province, name="Sở B"),
    )
    third, _ = run(
        "organizations.unit.created",
        lambda: services.create_unit(actor=actor, province=province, name="Sở C"),
    )
    _, event = run(
        "organizations.unit.updated",
        lambda: services.update_unit(
            actor=actor, unit=unit, name="Sở A1", valid_from=date(2020, 1, 1)
        ),
    )
    assert event.before["name"] == "Sở A"
    assert event.after["valid_from"] == "2020-01-01"
    person, _ = run(
        "organizations.person.created",
        lambda: services.create_person(
            actor=actor, unit=unit, full_name="Lò Văn Giàng", gender="male"
        ),
    )
    run(
        "organizations.person.updated",
        lambda: services.update_person(
            actor=actor,
            person=person,
            unit=unit,
            full_name="Lò Văn Giang",
            gender="male",
        ),
    )
    block, event = run(
        "organizations.block.created",
        lambda: services.create_block(
            actor=actor, province=province, name="Cụm 1", kind="cum"
        ),
    )
    assert event.after == {"province": province.pk, "name": "Cụm 1", "kind": "cum"}
    run(
        "organizations.block.updated",
        lambda: services.update_block(
            actor=actor, block=block, name="Cụm 2", kind="cum"
        ),
    )
    result, event = run(
        "organizations.block_year.created",
        lambda: services.create_block_year(
            actor=actor, block=block, year=2025, head=unit, deputies=[other], members=[]
        ),
    )
    assert event.after["members"] == [[unit.pk, "head"], [other.pk, "deputy"]]
    _, event = run(
        "organizations.block_year.updated",
        lambda: services.update_block_year(
            actor=actor,
            block_year=result.block_year,
            head=other,
            deputies=[unit],
            members=[third],
            theme="Đoàn kết",
        ),
    )
    assert event.before["members"] == [[unit.pk, "head"], [other.pk, "deputy"]]
    assert sorted(event.after["members"]) == sorted(
        [[unit.pk, "deputy"], [other.pk, "head"], [third.pk, "member"]]
    )
    assert event.after["theme"] == "Đoàn kết"
    _, event = run(
        "organizations.unit.reorganized",
        lambda: services.reorganize_units(
            actor=actor,
            sources=[third],
            effective=date(2025, 7, 1),
            new_units=[services.NewUnit(name="Sở D")],
        ),
    )
    assert event.after["sources"] == [third.pk]
    run(
        "organizations.person.exported",
        lambda: services.record_personal_data_export(
            actor=actor, person=world.people["p1"]
        ),
    )
    # The XLSX imports are audited by their own services (organizations.*.imported).
    organisation_verbs = {
        v
        for v in audit.VERBS
        if v.startswith("organizations.") and not v.endswith(".imported")
    }
    assert seen == organisation_verbs


def test_a_refused_service_call_writes_no_audit_event(world):
    start = _last_id()
    with pytest.raises(Exception, match="BLOCK_YEAR_EXISTS"):
        services.create_block_year(
            actor=world.users["superuser"],
            block=world.B,
            year=2024,
            head=world.U1,
            deputies=[world.U2],
            members=[],
        )
    assert _events_since(start) == []


def test_api_calls_are_audited_with_their_actor(world, api_as):
    user = world.users["province_admin"]
    start = _last_id()
    response = api_as(user).post(
        "/api/v1/units", {"province": world.P.pk, "name": "Sở Xây dựng"}, format="json"
    )
    events = _events_since(start)
    assert [e.verb for e in events] == ["organizations.unit.created"]
    assert events[0].actor_id == user.pk
    assert events[0].target_id == str(response.json()["id"])
    assert events[0].province_id == world.P.pk
