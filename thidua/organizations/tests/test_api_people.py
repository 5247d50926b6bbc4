"""People through /api/v1 (api.md "Organisations"): fields, search, scope, audit."""

import json
import unicodedata

import pytest

from thidua.core.models import AuditEvent
from thidua.organizations import services
from thidua.organizations.models import Person
from thidua.organizations.tests import factories as f


@pytest.fixture
def su(world, api_as):
    return api_as(world.users["superuser"])


def test_create_person_answers_unit_and_unit_name(world, su):
    response = su.post(
        "/api/v1/people",
        {
            "unit": world.U1.pk,
            "full_name": "Hoàng Thị Hoa",
            "gender": "female",
            "position": "Phó Trưởng ban",
            "is_leader": True,
            "email": "Hoa.HT@HoaBinh.gov.vn",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert {"id", "unit", "unit_name", "full_name", "gender"} <= set(body)
    assert body["unit"] == world.U1.pk
    assert body["unit_name"] == "Ban Tuyên giáo Tỉnh ủy"
    assert body["full_name"] == "Hoàng Thị Hoa"
    assert body["gender"] == "female"
    assert body["position"] == "Phó Trưởng ban"
    assert body["is_leader"] is True
    assert body["email"] == "hoa.ht@hoabinh.gov.vn"
    assert Person.objects.get(pk=body["id"]).unit == world.U1


def test_optional_person_fields_have_defaults(world, su):
    body = su.post(
        "/api/v1/people",
        {"unit": world.U2.pk, "full_name": "Đinh Công Sơn", "gender": "male"},
        format="json",
    ).json()
    assert body["position"] == ""
    assert body["is_leader"] is False
    assert body["email"] == ""


def test_person_text_sent_decomposed_is_stored_composed(world, su):
    name, position = "Nguyễn Thị Ánh Tuyết", "Chuyên viên chính"
    body = su.post(
        "/api/v1/people",
        {
            "unit": world.U1.pk,
            "full_name": unicodedata.normalize("NFD", name),
            "gender": "female",
            "position": unicodedata.normalize("NFD", position),
        },
        format="json",
    ).json()
    assert body["full_name"] == name
    person = Person.objects.get(pk=body["id"])
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.full_name == name
    assert person.position == position
    detail = su.get(f"/api/v1/people/{person.pk}").json()
    assert detail["full_name"] == name
    assert detail["unit_name"] == world.U1.name


def test_people_list_is_a_page_ordered_by_given_name(world, su):
    page = su.get("/api/v1/people", {"province": world.P.pk}).json()
    assert set(page) == {"items", "count"}
    assert page["count"] == 3
    # Vietnamese order: given name first (An, Bình, Cường).
    assert [p["full_name"] for p in page["items"]] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Minh Cường",
    ]
    assert {"id", "unit", "unit_name", "full_name"} <= set(page["items"][0])
    second = su.get("/api/v1/people", {"province": world.P.pk, "limit": 1, "offset": 1})
    assert second.json() == {"items": [page["items"][1]], "count": 3}


def test_people_filter_by_unit(world, su):
    page = su.get("/api/v1/people", {"unit": world.U3.pk}).json()
    assert [p["full_name"] for p in page["items"]] == ["Trần Thị Bình"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("tran thi binh", ["Trần Thị Bình"]),
        ("TRẦN", ["Trần Thị Bình"]),
        ("binh", ["Trần Thị Bình"]),
        ("cuong", ["Lê Minh Cường"]),
        ("pham thu dung", ["Phạm Thu Dung"]),
        ("dung", ["Phạm Thu Dung"]),
        ("nobody", []),
    ],
)
def test_people_search_ignores_diacritics_and_case(world, su, q, expected):
    page = su.get("/api/v1/people", {"q": q}).json()
    assert [p["full_name"] for p in page["items"]] == expected


def test_people_search_matches_hoa_written_either_way(world, su):
    f.PersonFactory(unit=world.U1, full_name="Bùi Thị Hòa")
    f.PersonFactory(unit=world.U1, full_name="Đỗ Văn Hoà")
    names = [
        p["full_name"] for p in su.get("/api/v1/people", {"q": "Hoà"}).json()["items"]
    ]
    assert sorted(names) == ["Bùi Thị Hòa", "Đỗ Văn Hoà"]


# --- Object-level permissions -----------------------------------------------------


def test_unit_officer_sees_people_of_own_unit_only(world, api_as):
    client = api_as(world.users["unit_officer"])
    page = client.get("/api/v1/people").json()
    assert [p["full_name"] for p in page["items"]] == ["Trần Thị Bình"]
    assert client.get("/api/v1/people", {"unit": world.U1.pk}).json() == {
        "items": [],
        "count": 0,
    }
    other = client.get(f"/api/v1/people/{world.people['p1'].pk}")
    assert other.status_code == 404
    assert other.json()["code"] == "NOT_FOUND"
    own = client.get(f"/api/v1/people/{world.people['p3'].pk}")
    assert own.status_code == 200


def test_unit_officer_creates_people_in_own_unit_only(world, api_as):
    client = api_as(world.users["unit_officer"])
    own = client.post(
        "/api/v1/people",
        {"unit": world.U3.pk, "full_name": "Vũ Thị Mai", "gender": "female"},
        format="json",
    )
    assert own.status_code == 201
    assert own.json()["unit"] == world.U3.pk
    other = client.post(
        "/api/v1/people",
        {"unit": world.U1.pk, "full_name": "Vũ Thị Lan", "gender": "female"},
        format="json",
    )
    assert other.status_code == 403
    assert other.json()["code"] == "PERMISSION_DENIED"
    assert not Person.objects.filter(full_name="Vũ Thị Lan").exists()


def test_viewer_cannot_see_people(world, api_as):
    client = api_as(world.users["viewer"])
    assert client.get("/api/v1/people").json() == {"items": [], "count": 0}
    response = client.get(f"/api/v1/people/{world.people['p1'].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
    # The organisation itself is not secret to the viewer.
    assert client.get(f"/api/v1/units/{world.U1.pk}").status_code == 200


def test_block_secretary_sees_people_of_the_block_members(world, api_as):
    page = api_as(world.users["block_secretary"]).get("/api/v1/people").json()
    assert sorted(p["full_name"] for p in page["items"]) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]


def test_people_of_another_province_are_not_found(world, api_as):
    client = api_as(world.users["province_admin"])
    assert client.get(f"/api/v1/people/{world.people['q1'].pk}").status_code == 404
    response = client.post(
        "/api/v1/people",
        {"unit": world.V1.pk, "full_name": "Y Ly", "gender": "female"},
        format="json",
    )
    assert response.status_code == 404


# --- Audit ------------------------------------------------------------------------


def _audit_text(person):
    events = AuditEvent.objects.filter(
        target_type="organizations.person", target_id=str(person.pk)
    )
    return [json.dumps([e.before, e.after, e.note], ensure_ascii=False) for e in events]


def test_person_audit_keeps_no_name_or_email(world, api_as):
    body = (
        api_as(world.users["province_admin"])
        .post(
            "/api/v1/people",
            {
                "unit": world.U1.pk,
                "full_name": "Quách Thị Phượng",
                "gender": "female",
                "email": "phuong.qt@example.vn",
            },
            format="json",
        )
        .json()
    )
    person = Person.objects.get(pk=body["id"])
    services.update_person(
        actor=world.users["province_admin"],
        person=person,
        unit=world.U2,
        full_name="Quách Thị Phương",
        gender="female",
        email="phuong2@example.vn",
    )
    texts = _audit_text(person)
    assert len(texts) == 2
    for text in texts:
        for secret in (
            "Quách",
            "Phượng",
            "Phương",
            "phuong.qt@example.vn",
            "phuong2@example.vn",
        ):
            assert secret not in text
    created = AuditEvent.objects.get(verb="organizations.person.created")
    assert created.after["unit"] == world.U1.pk
    assert "full_name" not in created.after
    assert "email" not in created.after
    updated = AuditEvent.objects.get(verb="organizations.person.updated")
    assert updated.before["unit"] == world.U1.pk
    assert updated.after["unit"] == world.U2.pk
    assert updated.after["personal_fields_changed"] == ["full_name", "email"]
