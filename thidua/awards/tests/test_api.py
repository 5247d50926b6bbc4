"""The awards API as api.md "Awards" writes it: paths, fields, codes and statuses
(issue 5; domain.md §4, §5, §7, §9 rules 1, 2, 9, 11, 18, 21, 22)."""

from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.awards import selectors, services
from thidua.awards.models import AwardRecord, CalendarDay, Proposal, Rating
from thidua.awards.tests.conftest import htxs
from thidua.core.models import AuditEvent
from thidua.organizations.models import Succession

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HUGE = 2**70


def pdf(name="to-trinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs or None)


@pytest.fixture
def admin(world):
    return world.users["province_admin"]


@pytest.fixture
def as_admin(world, api_as):
    return api_as(world.users["province_admin"])


def assert_error(response, status, code):
    assert response.status_code == status, response.content[:400]
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    return body


def complete_dossier(proposal, actor):
    for kind in selectors.missing_documents(proposal):
        services.attach_document(
            actor=actor, proposal=proposal, kind=kind, upload=pdf()
        )


def accepted_ldtt(world, person=None):
    """An accepted Lao động tiên tiến 2024 proposal of p3 (rated htt)."""
    su = world.users["superuser"]
    person = person or world.people["p3"]
    services.set_rating(actor=su, subject=person, year=2024, level="htt")
    proposal = services.create_proposal(
        actor=su, award="lao_dong_tien_tien", year=2024, subject=person
    )
    complete_dossier(proposal, su)
    services.submit_proposal(actor=su, proposal=proposal)
    services.accept_proposal(actor=su, proposal=proposal)
    return proposal


def accepted_proposal(world, award, unit, year=2024):
    """An accepted proposal of ``award`` for ``unit``, put there directly (the
    flows to reach it are tested elsewhere)."""
    proposal = Proposal.objects.create(
        province=world.P,
        award=award,
        year=year,
        unit=unit,
        status="accepted",
        created_by=world.users["superuser"],
    )
    return proposal


# --- facts ---------------------------------------------------------------------------


def test_a_rating_answers_201_then_200_when_it_replaces_the_first(world, as_admin):
    p3 = world.people["p3"]
    first = as_admin.post(
        url("person_ratings", pk=p3.pk), {"year": 2024, "rating": "ht"}, format="json"
    )
    assert first.status_code == 201
    body = first.json()
    assert body["person"] == p3.pk and body["person_name"] == "Trần Thị Bình"
    assert body["unit"] is None and body["unit_name"] is None
    assert (body["year"], body["rating"]) == (2024, "ht")
    second = as_admin.post(
        url("person_ratings", pk=p3.pk), {"year": 2024, "rating": "htxs"}, format="json"
    )
    assert second.status_code == 200
    assert second.json()["id"] == body["id"] and second.json()["rating"] == "htxs"
    assert Rating.objects.get(person=p3, year=2024).level == "htxs"
    assert AuditEvent.objects.filter(verb="awards.rating.set").count() == 2


def test_unit_rating_by_the_secretariat_and_not_by_the_units_officer(world, api_as):
    body = {"year": 2024, "rating": "htxs"}
    ok = api_as(world.users["block_secretary"]).post(
        url("unit_ratings", pk=world.U3.pk), body, format="json"
    )
    assert ok.status_code == 201
    assert ok.json()["unit_name"] == "Ủy ban Kiểm tra Tỉnh ủy"
    refused = api_as(world.users["unit_officer"]).post(
        url("unit_ratings", pk=world.U3.pk), body, format="json"
    )
    assert_error(refused, 403, "PERMISSION_DENIED")


@pytest.mark.parametrize(
    "body",
    [
        {"year": 2024, "rating": "excellent"},
        {"year": "hai nghìn", "rating": "htt"},
        {"year": 99999, "rating": "htt"},
        {"rating": "htt"},
        {"year": True, "rating": "htt"},
    ],
)
def test_a_malformed_rating_is_400(world, as_admin, body):
    response = as_admin.post(
        url("person_ratings", pk=world.people["p3"].pk), body, format="json"
    )
    assert_error(response, 400, "VALIDATION_ERROR")


def test_unknown_huge_and_other_province_ids_are_404(world, as_admin):
    body = {"year": 2024, "rating": "htt"}
    for pk in (999_999, HUGE, world.people["q1"].pk):
        response = as_admin.post(url("person_ratings", pk=pk), body, format="json")
        assert_error(response, 404, "NOT_FOUND")
    response = as_admin.post(url("unit_ratings", pk=world.V1.pk), body, format="json")
    assert_error(response, 404, "NOT_FOUND")


def test_disciplines_of_people_and_units_with_their_kind(world, as_admin):
    p3 = world.people["p3"]
    response = as_admin.post(
        url("person_disciplines", pk=p3.pk),
        {"level": "canh_cao", "start": "2024-03-01", "end": "2024-09-01"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {
        "id": 0,
        "person": p3.pk,
        "person_name": "Trần Thị Bình",
        "unit": None,
        "unit_name": None,
        "kind": "discipline",
        "level": "canh_cao",
        "start": "2024-03-01",
        "end": "2024-09-01",
        "note": "",
    }
    response = as_admin.post(
        url("unit_disciplines", pk=world.U3.pk),
        {"kind": "investigation", "start": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["end"]) == ("investigation", None)


@pytest.mark.parametrize(
    "body",
    [
        {"start": "2024-03-01"},  # a discipline needs its level
        {"level": "canh_cao", "start": "2024-03-01", "end": "2024-02-01"},
        {"level": "canh_cao", "start": "2024-02-30"},
        {"level": "canh_cao", "start": "2024-03-01", "kind": "gossip"},
    ],
)
def test_a_malformed_discipline_is_400(world, as_admin, body):
    response = as_admin.post(
        url("person_disciplines", pk=world.people["p3"].pk), body, format="json"
    )
    assert_error(response, 400, "VALIDATION_ERROR")


def test_an_open_investigation_blocks_the_unit(world, as_admin):
    as_admin.post(
        url("unit_ratings", pk=world.U3.pk), {"year": 2024, "rating": "htt"}, "json"
    )
    as_admin.post(
        url("unit_disciplines", pk=world.U3.pk),
        {"kind": "investigation", "start": "2024-05-01"},
        format="json",
    )
    response = as_admin.get(
        url("unit_eligibility", pk=world.U3.pk),
        {"award": "giay_khen", "year": 2024},
    )
    assert response.json()["eligible"] is False


def test_maternity_leave(world, as_admin):
    p3 = world.people["p3"]
    response = as_admin.post(
        url("person_leaves", pk=p3.pk),
        {"kind": "maternity", "start": "2023-01-01", "end": "2023-06-30"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {
        "id": 0,
        "person": p3.pk,
        "person_name": "Trần Thị Bình",
        "kind": "maternity",
        "start": "2023-01-01",
        "end": "2023-06-30",
    }
    response = as_admin.post(
        url("person_leaves", pk=p3.pk),
        {"kind": "sick", "start": "2023-01-01", "end": "2023-06-30"},
        format="json",
    )
    assert_error(response, 400, "VALIDATION_ERROR")


STAFF = {
    "year": 2024,
    "members": 20,
    "lao_dong_tien_tien": 16,
    "chien_si_thi_dua_co_so": 2,
    "completed_tasks": 20,
    "disciplined_canh_cao_or_above": 0,
}


def test_staff_summary_201_then_200_and_read_by_collective_titles(world, as_admin):
    target = url("unit_staff_summary", pk=world.U3.pk)
    first = as_admin.post(target, STAFF, format="json")
    assert first.status_code == 201
    assert first.json() | {"id": 0} == {
        "id": 0,
        "unit": world.U3.pk,
        "unit_name": "Ủy ban Kiểm tra Tỉnh ủy",
        **STAFF,
        "women": None,
    }
    second = as_admin.post(target, {**STAFF, "women": 15}, format="json")
    assert second.status_code == 200 and second.json()["women"] == 15
    htxs(world, world.U3)
    answer = as_admin.get(
        url("unit_eligibility", pk=world.U3.pk),
        {"award": "tap_the_lao_dong_xuat_sac", "year": 2024},
    ).json()
    assert answer["eligible"] is True, answer


def test_staff_figures_above_the_members_are_400(world, as_admin):
    response = as_admin.post(
        url("unit_staff_summary", pk=world.U3.pk),
        {**STAFF, "lao_dong_tien_tien": 21},
        format="json",
    )
    assert_error(response, 400, "VALIDATION_ERROR")


def test_initiative_with_its_authors_and_scope(world, as_admin):
    p1, p3 = world.people["p1"], world.people["p3"]
    response = as_admin.post(
        url("initiatives"),
        {
            "title": "Số hóa hồ sơ kiểm tra đảng viên",
            "authors": [p3.pk, p1.pk],
            "scope": "tinh",
            "recognized_on": "2024-06-01",
            "decision_number": "45/QĐ-SKHCN",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert isinstance(body["id"], int)
    assert body["authors"] == sorted([p1.pk, p3.pk])
    assert set(body["author_names"]) == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert (body["scope"], body["decision_number"]) == ("tinh", "45/QĐ-SKHCN")
    assert body["province"] == world.P.pk


def test_initiative_authors_from_two_provinces_are_refused(world, api_as):
    su = api_as(world.users["superuser"])
    response = su.post(
        url("initiatives"),
        {
            "title": "Sáng kiến chung",
            "authors": [world.people["p3"].pk, world.people["q1"].pk],
            "scope": "co_so",
            "recognized_on": "2024-06-01",
            "decision_number": "1/QĐ",
        },
        format="json",
    )
    assert_error(response, 422, "UNIT_NOT_IN_PROVINCE")


def test_past_award_of_a_unit(world, as_admin):
    response = as_admin.post(
        url("award_records"),
        {
            "award": "tap_the_lao_dong_xuat_sac",
            "year": 2023,
            "unit": world.U3.pk,
            "decision_number": "9/QĐ-UBND",
            "decision_date": "2024-01-09",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["award_name"] == "Tập thể lao động xuất sắc"
    assert (body["unit"], body["person"], body["kind"]) == (
        world.U3.pk,
        None,
        "thuong_xuyen",
    )
    assert body["decision_date"] == "2024-01-09" and body["cash_amount"] is None


@pytest.mark.parametrize("subject", ["both", "neither"])
def test_a_past_award_names_a_person_or_a_unit_else_400(world, as_admin, subject):
    body = {"award": "giay_khen", "year": 2023}
    if subject == "both":
        body |= {"person": world.people["p3"].pk, "unit": world.U3.pk}
    response = as_admin.post(url("award_records"), body, format="json")
    assert_error(response, 400, "VALIDATION_ERROR")


def test_a_collective_title_for_a_person_is_422(world, as_admin):
    response = as_admin.post(
        url("award_records"),
        {"award": "co_thi_dua_tinh", "year": 2023, "person": world.people["p3"].pk},
        format="json",
    )
    assert_error(response, 422, "AWARD_NOT_FOR_SUBJECT")


# --- history -------------------------------------------------------------------------


def test_unit_history_newest_first_with_predecessors_via(world, as_admin, admin):
    services.add_award_record(
        actor=admin,
        subject=world.U4,
        award="bang_khen_tinh",
        year=2022,
        decision_number="9/QĐ-UBND",
        decision_date=date(2023, 1, 9),
    )
    services.add_award_record(
        actor=admin,
        subject=world.U5,
        award="tap_the_lao_dong_xuat_sac",
        year=2024,
        decision_number="20/QĐ-UBND",
        decision_date=date(2025, 1, 10),
    )
    Succession.objects.create(
        predecessor=world.U4, successor=world.U5, effective_on=date(2025, 3, 1)
    )
    response = as_admin.get(url("unit_awards", pk=world.U5.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [
        {k: row[k] for k in ("award", "award_name", "year", "decision_number")}
        | {"decision_date": row["decision_date"], "via": row["via"]}
        for row in body["items"]
    ] == [
        {
            "award": "tap_the_lao_dong_xuat_sac",
            "award_name": "Tập thể lao động xuất sắc",
            "year": 2024,
            "decision_number": "20/QĐ-UBND",
            "decision_date": "2025-01-10",
            "via": None,
        },
        {
            "award": "bang_khen_tinh",
            "award_name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "year": 2022,
            "decision_number": "9/QĐ-UBND",
            "decision_date": "2023-01-09",
            "via": "Sở Tư pháp",
        },
    ]
    assert body["items"][1]["via_unit"] == world.U4.pk
    page = as_admin.get(url("unit_awards", pk=world.U5.pk), {"limit": 1, "offset": 1})
    assert page.json()["count"] == 2 and page.json()["items"][0]["year"] == 2022


def test_person_history(world, api_as, admin):
    p3 = world.people["p3"]
    for year in (2022, 2023):
        services.add_award_record(
            actor=admin, subject=p3, award="chien_si_thi_dua_co_so", year=year
        )
    response = api_as(world.users["leader"]).get(url("person_awards", pk=p3.pk))
    assert response.status_code == 200
    assert [r["year"] for r in response.json()["items"]] == [2023, 2022]
    assert all(r["via"] is None for r in response.json()["items"])


# --- eligibility ---------------------------------------------------------------------


def _flag(client, unit, year=2024):
    return client.get(
        url("unit_eligibility", pk=unit.pk), {"award": "co_thi_dua_tinh", "year": year}
    )


def test_co_thi_dua_tinh_eligible_as_api_md_words_it(flag_round, hall, api_as):
    """Member of a province block in Y, elected in a closed co_thi_dua_tinh round
    of that block year, rated htxs for Y, quota not used up; no ranking at all
    (rank 1 is not required)."""
    world = hall.world
    client = api_as(world.users["viewer"])
    before = _flag(client, world.U3).json()
    assert before["eligible"] is False
    assert [r["code"] for r in before["reasons"]] == ["RATING_MISSING"]
    assert all(r["message"] for r in before["reasons"])
    htxs(world, world.U3)
    response = _flag(client, world.U3)
    assert response.status_code == 200
    body = response.json()
    assert body == {"eligible": True, "reasons": [], "legal_basis": body["legal_basis"]}
    assert any("Luật 06/2022 Đ26" in b for b in body["legal_basis"])


def test_co_thi_dua_tinh_needs_the_election(flag_round, hall, api_as):
    world = hall.world
    htxs(world, world.U1)
    body = _flag(api_as(world.users["viewer"]), world.U1).json()
    assert body["eligible"] is False
    assert "NOT_ELECTED" in [r["code"] for r in body["reasons"]]


def test_co_thi_dua_tinh_needs_htxs_not_htt(flag_round, hall, api_as):
    world = hall.world
    services.set_rating(
        actor=world.users["province_admin"], subject=world.U3, year=2024, level="htt"
    )
    body = _flag(api_as(world.users["viewer"]), world.U3).json()
    assert body["eligible"] is False
    assert [r["code"] for r in body["reasons"]] == ["RATING_TOO_LOW"]


def test_co_thi_dua_tinh_needs_a_province_block_that_year(flag_round, hall, api_as):
    world = hall.world
    htxs(world, world.U3, 2023)
    body = _flag(api_as(world.users["viewer"]), world.U3, 2023).json()
    assert body["eligible"] is False
    assert "NOT_IN_PROVINCE_BLOCK" in [r["code"] for r in body["reasons"]]


def test_co_thi_dua_tinh_quota_used_by_another_unit(flag_round, hall, api_as):
    world = hall.world
    htxs(world, world.U3)
    services.create_proposal(
        actor=world.users["province_admin"],
        award="co_thi_dua_tinh",
        year=2024,
        subject=world.U1,
        block_year=hall.block_year,
    )
    body = _flag(api_as(world.users["viewer"]), world.U3).json()
    assert body["eligible"] is False
    assert [r["code"] for r in body["reasons"]] == ["FLAG_QUOTA_USED"]


@pytest.mark.parametrize(
    "query",
    [
        {"year": 2024},
        {"award": "co_thi_dua_tinh"},
        {"award": "huan_chuong", "year": 2024},
        {"award": "co_thi_dua_tinh", "year": "năm ngoái"},
        {"award": "co_thi_dua_tinh", "year": 10**30},
        {"award": "co_thi_dua_tinh", "year": 0},
    ],
)
def test_eligibility_without_a_valid_award_or_year_is_400(world, as_admin, query):
    response = as_admin.get(url("unit_eligibility", pk=world.U3.pk), query)
    assert_error(response, 400, "VALIDATION_ERROR")


def test_a_flag_for_a_person_is_422_in_vietnamese_or_english(world, as_admin):
    target = url("person_eligibility", pk=world.people["p3"].pk)
    query = {"award": "co_thi_dua_tinh", "year": 2024}
    assert_error(as_admin.get(target, query), 422, "AWARD_NOT_FOR_SUBJECT")
    en = assert_error(
        as_admin.get(target, query, HTTP_ACCEPT_LANGUAGE="en"),
        422,
        "AWARD_NOT_FOR_SUBJECT",
    )
    assert en["message"] == (
        "This award is not given to this kind of nominee (a person or a unit)."
    )
    # (Its Vietnamese sentence comes with the catalogue's next update, locale/.)
    unit = as_admin.get(
        url("unit_eligibility", pk=world.U3.pk),
        {"award": "lao_dong_tien_tien", "year": 2024},
    )
    assert_error(unit, 422, "AWARD_NOT_FOR_SUBJECT")


def test_person_eligibility_with_reasons_and_legal_basis(world, api_as, admin):
    p3 = world.people["p3"]
    client = api_as(world.users["unit_officer"])
    target = url("person_eligibility", pk=p3.pk)
    query = {"award": "lao_dong_tien_tien", "year": 2024}
    missing = client.get(target, query).json()
    assert missing["eligible"] is False
    assert missing["reasons"][0]["code"] == "RATING_MISSING"
    assert "xếp loại" in missing["reasons"][0]["message"]
    services.set_rating(actor=admin, subject=p3, year=2024, level="htt")
    body = client.get(target, query).json()
    assert body["eligible"] is True and body["legal_basis"]


def test_eligibility_of_someone_out_of_reach_is_404(world, api_as):
    response = api_as(world.users["outsider"]).get(
        url("person_eligibility", pk=world.people["p3"].pk),
        {"award": "lao_dong_tien_tien", "year": 2024},
    )
    assert_error(response, 404, "NOT_FOUND")


# --- proposals -----------------------------------------------------------------------


def test_create_a_proposal_answers_its_eligibility_and_missing_documents(world, api_as):
    p3 = world.people["p3"]
    client = api_as(world.users["unit_officer"])
    response = client.post(
        url("proposals"),
        {"award": "lao_dong_tien_tien", "year": 2024, "person": p3.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert isinstance(body["id"], int) and body["status"] == "draft"
    assert body["eligibility"]["eligible"] is False
    assert body["eligibility"]["reasons"][0]["code"] == "RATING_MISSING"
    assert set(body["missing_documents"]) == {
        "to_trinh",
        "bao_cao_thanh_tich",
        "bien_ban",
    }
    assert (body["award"], body["year"], body["person"], body["unit"]) == (
        "lao_dong_tien_tien",
        2024,
        p3.pk,
        None,
    )
    assert body["person_name"] == "Trần Thị Bình"
    assert body["award_name"] == "Lao động tiên tiến"
    assert (body["block_year"], body["ballot_round"]) == (None, None)
    assert body["documents"] == [] and body["council_votes"] == []


def test_proposal_for_a_unit_of_a_block_year(world, as_admin):
    response = as_admin.post(
        url("proposals"),
        {
            "award": "bang_khen_tinh",
            "year": 2024,
            "unit": world.U3.pk,
            "block_year": world.BY.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["unit_name"] == "Ủy ban Kiểm tra Tỉnh ủy"
    assert body["block_year"] == world.BY.pk and body["block_year_name"]


def test_an_initiative_already_backing_a_proposal_is_422(world, as_admin, admin):
    p3 = world.people["p3"]
    initiative = services.create_initiative(
        actor=admin,
        title="Số hóa hồ sơ",
        authors=[p3],
        scope_level="co_so",
        recognized_on=date(2024, 6, 1),
        decision_number="45/QĐ",
    )
    body = {
        "award": "chien_si_thi_dua_co_so",
        "year": 2024,
        "person": p3.pk,
        "initiatives": [initiative.pk],
    }
    first = as_admin.post(url("proposals"), body, format="json")
    assert first.status_code == 201 and first.json()["initiatives"] == [initiative.pk]
    again = as_admin.post(
        url("proposals"), {**body, "award": "bang_khen_tinh"}, format="json"
    )
    error = assert_error(again, 422, "INITIATIVE_ALREADY_USED")
    assert error["details"]["award"] == "chien_si_thi_dua_co_so"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"award": "giay_khen", "year": 2024}, 400, "VALIDATION_ERROR"),
        ({"award": "giay_khen", "year": 2024, "both": True}, 400, "VALIDATION_ERROR"),
        ({"award": "giay_khen", "year": "2024x", "unit": 0}, 400, "VALIDATION_ERROR"),
        ({"award": "giay_khen", "year": 2024, "unit": 987654}, 404, "NOT_FOUND"),
        ({"award": "giay_khen", "year": 2024, "unit": HUGE}, 400, "VALIDATION_ERROR"),
        ({"award": "co_thi_dua_tinh", "year": 2024, "person": 0}, 422, None),
        ({"award": "giay_khen", "year": 2024, "initiatives": [9999]}, 404, "NOT_FOUND"),
    ],
)
def test_malformed_or_refused_proposals(world, as_admin, body, status, code):
    body = dict(body)
    if body.pop("both", False):
        body |= {"person": world.people["p3"].pk, "unit": world.U3.pk}
    if body.get("person") == 0:
        body["person"] = world.people["p3"].pk
        code = "AWARD_NOT_FOR_SUBJECT"
    if "initiatives" in body:
        body["unit"] = world.U3.pk
    response = as_admin.post(url("proposals"), body, format="json")
    assert_error(response, status, code)


def test_proposal_list_filters_and_visibility(world, api_as, admin):
    services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p3"]
    )
    services.create_proposal(
        actor=admin, award="giay_khen", year=2023, subject=world.people["p4"]
    )
    client = api_as(admin)
    body = client.get(url("proposals")).json()
    assert body["count"] == 2 and [p["year"] for p in body["items"]] == [2024, 2023]
    assert set(body["items"][0]) >= {"id", "status", "eligible", "missing_documents"}
    assert client.get(url("proposals"), {"year": 2023}).json()["count"] == 1
    assert client.get(url("proposals"), {"award": "giay_khen"}).json()["count"] == 1
    assert client.get(url("proposals"), {"status": "submitted"}).json()["count"] == 0
    assert client.get(url("proposals"), {"province": world.Q.pk}).json()["count"] == 0
    assert_error(
        client.get(url("proposals"), {"status": "won"}), 400, "VALIDATION_ERROR"
    )
    assert_error(client.get(url("proposals"), {"year": "x"}), 400, "VALIDATION_ERROR")
    # U3's officer sees U3's proposal, not U4's; the other block's secretary U4's.
    officer = api_as(world.users["unit_officer"]).get(url("proposals")).json()
    assert [p["person"] for p in officer["items"]] == [world.people["p3"].pk]
    outsider = api_as(world.users["outsider"]).get(url("proposals")).json()
    assert [p["person"] for p in outsider["items"]] == [world.people["p4"].pk]


def test_a_proposal_of_another_block_is_404(world, api_as, admin):
    proposal = services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p3"]
    )
    client = api_as(world.users["outsider"])
    assert_error(client.get(url("proposal_detail", pk=proposal.pk)), 404, "NOT_FOUND")
    assert_error(client.get(url("proposal_detail", pk=HUGE)), 404, "NOT_FOUND")


def test_the_whole_way_from_draft_to_decision(world, api_as):
    p3 = world.people["p3"]
    officer = api_as(world.users["unit_officer"])
    board = api_as(world.users["province_admin"])
    created = officer.post(
        url("proposals"),
        {"award": "lao_dong_tien_tien", "year": 2024, "person": p3.pk},
        format="json",
    ).json()
    pk = created["id"]
    # Not eligible (no rating yet), then an incomplete dossier: refused (422).
    body = assert_error(
        officer.post(url("proposal_submit", pk=pk)), 422, "NOT_ELIGIBLE"
    )
    assert body["details"]["eligible"] is False
    assert body["details"]["reasons"][0]["code"] == "RATING_MISSING"
    services.set_rating(
        actor=world.users["province_admin"], subject=p3, year=2024, level="htt"
    )
    body = assert_error(
        officer.post(url("proposal_submit", pk=pk)), 422, "DOSSIER_INCOMPLETE"
    )
    assert set(body["details"]["missing"]) == set(created["missing_documents"])
    for kind in created["missing_documents"]:
        response = officer.post(
            url("proposal_documents", pk=pk),
            {"kind": kind, "file": pdf(f"{kind}.pdf")},
            format="multipart",
        )
        assert response.status_code == 201
        document = response.json()
        assert (document["proposal"], document["kind"]) == (pk, kind)
        assert document["content_type"] == "application/pdf"
        assert document["name"] == f"{kind}.pdf"
    submitted = officer.post(url("proposal_submit", pk=pk))
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["missing_documents"] == []
    assert submitted.json()["eligibility"]["eligible"] is True
    # A second submit is a conflict with the current state.
    assert_error(officer.post(url("proposal_submit", pk=pk)), 409, "INVALID_TRANSITION")
    # The officer cannot accept; the Board can.
    assert_error(officer.post(url("proposal_accept", pk=pk)), 403, "PERMISSION_DENIED")
    accepted = board.post(url("proposal_accept", pk=pk))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    decision = board.post(
        url("decisions"),
        {
            "number": "123/QĐ-UBND",
            "date": "2025-01-20",
            "signer": "Bùi Văn Khánh",
            "authority": "Chủ tịch Ủy ban nhân dân tỉnh",
            "proposals": [pk],
        },
        format="json",
    )
    assert decision.status_code == 201
    (award,) = decision.json()["awards"]
    # Rule 21: 0.3 × 2,340,000 = 702,000, rounded up to 710,000 VND.
    assert award | {"id": 0} == {
        "id": 0,
        "proposal": pk,
        "award": "lao_dong_tien_tien",
        "award_name": "Lao động tiên tiến",
        "year": 2024,
        "person": p3.pk,
        "person_name": "Trần Thị Bình",
        "unit": None,
        "unit_name": None,
        "coefficient": 0.3,
        "base_salary": 2_340_000,
        "cash_amount": 710_000,
    }
    assert board.get(url("proposal_detail", pk=pk)).json()["status"] == "decided"
    history = officer.get(url("person_awards", pk=p3.pk)).json()
    assert history["items"][0]["decision_number"] == "123/QĐ-UBND"
    assert history["items"][0]["decision_date"] == "2025-01-20"


def test_a_wrong_file_type_is_refused(world, as_admin, admin):
    proposal = services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p3"]
    )
    fake = SimpleUploadedFile(
        "to-trinh.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
    )
    response = as_admin.post(
        url("proposal_documents", pk=proposal.pk),
        {"kind": "to_trinh", "file": fake},
        format="multipart",
    )
    assert_error(response, 422, "FILE_TYPE_NOT_ALLOWED")
    response = as_admin.post(
        url("proposal_documents", pk=proposal.pk),
        {"kind": "thu_tay", "file": pdf()},
        format="multipart",
    )
    assert_error(response, 400, "VALIDATION_ERROR")


def test_return_needs_a_reason_and_accept_needs_a_submission(world, as_admin):
    proposal = accepted_ldtt(world)
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    target = url("proposal_return", pk=proposal.pk)
    assert_error(
        as_admin.post(target, {"reason": " "}, format="json"), 422, "REASON_REQUIRED"
    )
    assert_error(as_admin.post(target, {}, format="json"), 400, "VALIDATION_ERROR")
    returned = as_admin.post(target, {"reason": "Thiếu xác nhận"}, format="json")
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["reason"]) == (
        "returned",
        "Thiếu xác nhận",
    )
    assert_error(
        as_admin.post(url("proposal_accept", pk=proposal.pk)), 409, "INVALID_TRANSITION"
    )


def test_council_vote_over_and_under_the_threshold(flag_round, hall, api_as):
    """Rule 11: the provincial flag needs ⌈80 % × members⌉ in favour."""
    world = hall.world
    (proposal,) = services.propose_from_round(
        actor=hall.secretary, ballot_round=flag_round
    )
    htxs(world, world.U3)
    complete_dossier(proposal, hall.secretary)
    services.submit_proposal(actor=hall.secretary, proposal=proposal)
    board = api_as(world.users["province_admin"])
    target = url("proposal_council_vote", pk=proposal.pk)
    under = board.post(target, {"members": 15, "present": 13, "yes": 11}, format="json")
    body = assert_error(under, 422, "COUNCIL_THRESHOLD_NOT_MET")
    assert body["details"]["needed"] == 12
    assert "11" in body["message"] and "12" in body["message"]
    vote = board.post(
        target,
        {"members": 15, "present": 13, "yes": 12, "written_opinions": 1},
        format="json",
    )
    assert vote.status_code == 201
    assert vote.json() | {"id": 0, "recorded_at": ""} == {
        "id": 0,
        "proposal": proposal.pk,
        "members": 15,
        "present": 13,
        "yes": 12,
        "written_opinions": 1,
        "needed": 12,
        "passed": True,
        "legal_basis": vote.json()["legal_basis"],
        "recorded_at": "",
    }
    detail = board.get(url("proposal_detail", pk=proposal.pk)).json()
    assert [v["yes"] for v in detail["council_votes"]] == [12]
    assert_error(
        board.post(target, {"members": "mười", "present": 1, "yes": 1}, format="json"),
        400,
        "VALIDATION_ERROR",
    )


def test_one_click_proposals_from_a_closed_round(flag_round, hall, api_as):
    client = api_as(hall.world.users["block_secretary"])
    response = client.post(url("ballot_round_proposals", pk=flag_round.pk))
    assert response.status_code == 201
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert (item["unit"], item["award"], item["year"], item["status"]) == (
        hall.world.U3.pk,
        "co_thi_dua_tinh",
        2024,
        "draft",
    )
    assert item["ballot_round"] == flag_round.pk
    assert item["block_year"] == hall.block_year.pk
    again = client.post(url("ballot_round_proposals", pk=flag_round.pk)).json()
    assert again == {"items": [], "count": 0}


def test_one_click_before_the_round_closes_is_refused(hall, api_as):
    round = hall.round()
    response = api_as(hall.world.users["block_secretary"]).post(
        url("ballot_round_proposals", pk=round.pk)
    )
    assert response.status_code in (409, 422)
    assert response.json()["code"] == "ROUND_NOT_CLOSED"


# --- decisions and money (rule 21) -----------------------------------------------------


def _decide(client, proposals, day):
    return client.post(
        url("decisions"),
        {
            "number": "50/QĐ-UBND",
            "date": day,
            "signer": "Bùi Văn Khánh",
            "authority": "Chủ tịch Ủy ban nhân dân tỉnh",
            "proposals": [p.pk for p in proposals],
        },
        format="json",
    )


def test_a_flag_decided_under_decree_98_is_8_times_the_base_salary(world, as_admin):
    flag = accepted_proposal(world, "co_thi_dua_tinh", world.U3)
    response = _decide(as_admin, [flag], "2025-01-20")
    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"id", "number", "date", "signer", "authority", "awards"}
    assert (body["number"], body["date"]) == ("50/QĐ-UBND", "2025-01-20")
    (award,) = body["awards"]
    assert (award["coefficient"], award["base_salary"], award["cash_amount"]) == (
        8.0,
        2_340_000,
        18_720_000,
    )
    assert isinstance(award["cash_amount"], int)
    assert award["unit_name"] == "Ủy ban Kiểm tra Tỉnh ủy"
    record = AwardRecord.objects.get(proposal=flag)
    assert record.decision_date == date(2025, 1, 20)


def test_the_coefficient_is_decree_98s_before_and_decree_152s_after_the_switch(
    world, as_admin
):
    """Decree 98/2023 (until 30/06/2025) has no coefficient for the provincial
    Bằng khen; Decree 152/2025 (from 01/07/2025) gives a collective 3.0 (rule 21)."""
    before = accepted_proposal(world, "bang_khen_tinh", world.U3)
    body = assert_error(
        _decide(as_admin, [before], "2025-06-30"), 422, "COEFFICIENT_UNKNOWN"
    )
    assert body["details"]["source"] == "NĐ 98/2023"
    assert not AwardRecord.objects.exists()  # nothing half-recorded
    assert Proposal.objects.get(pk=before.pk).status == "accepted"
    after = _decide(as_admin, [before], "2025-07-01")
    assert after.status_code == 201
    (award,) = after.json()["awards"]
    assert (award["coefficient"], award["base_salary"], award["cash_amount"]) == (
        3.0,
        2_340_000,
        7_020_000,
    )


def test_a_decision_for_several_proposals_and_its_reads(world, as_admin, api_as):
    ldtt = accepted_ldtt(world)
    flag = accepted_proposal(world, "tap_the_lao_dong_xuat_sac", world.U3)
    created = _decide(as_admin, [flag, ldtt], "2025-08-15").json()
    assert sorted(a["cash_amount"] for a in created["awards"]) == [710_000, 3_510_000]
    read = as_admin.get(url("decision_detail", pk=created["id"]))
    assert read.status_code == 200 and read.json() == created
    listed = api_as(world.users["viewer"]).get(url("decisions")).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == created["id"]
    assert as_admin.get(url("decisions"), {"province": world.Q.pk}).json()["count"] == 0
    assert_error(as_admin.get(url("decision_detail", pk=HUGE)), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("day", "status", "code"),
    [
        ("2024-02-30", 400, "VALIDATION_ERROR"),
        ("30/02/2024", 400, "VALIDATION_ERROR"),
        ("2024-06-30", 422, "BASE_SALARY_UNKNOWN"),
    ],
)
def test_decision_dates(world, as_admin, day, status, code):
    flag = accepted_proposal(world, "co_thi_dua_tinh", world.U3)
    assert_error(_decide(as_admin, [flag], day), status, code)


def test_decision_refusals(world, as_admin, api_as, admin):
    draft = services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p3"]
    )
    assert_error(_decide(as_admin, [draft], "2025-01-20"), 409, "INVALID_TRANSITION")
    assert_error(_decide(as_admin, [], "2025-01-20"), 422, "PROPOSALS_REQUIRED")
    flag = accepted_proposal(world, "co_thi_dua_tinh", world.U3)
    assert_error(
        _decide(api_as(world.users["block_secretary"]), [flag], "2025-01-20"),
        403,
        "PERMISSION_DENIED",
    )
    response = as_admin.post(
        url("decisions"),
        {"number": "1", "date": "2025-01-20", "proposals": [flag.pk]},
        format="json",
    )
    assert_error(response, 400, "VALIDATION_ERROR")


# --- the province's list and its spreadsheet -----------------------------------------


def _history(world):
    admin = world.users["province_admin"]
    services.add_award_record(
        actor=admin,
        subject=world.U3,
        award="tap_the_lao_dong_xuat_sac",
        year=2023,
        decision_number="9/QĐ-UBND",
        decision_date=date(2024, 1, 9),
    )
    services.add_award_record(
        actor=admin,
        subject=world.people["p4"],
        award="chien_si_thi_dua_co_so",
        year=2024,
        decision_number="10/QĐ-UBND",
        decision_date=date(2025, 1, 9),
    )


def test_the_province_list_filtered(world, as_admin):
    _history(world)
    body = as_admin.get(url("awards")).json()
    assert body["count"] == 2
    assert [i["year"] for i in body["items"]] == [2024, 2023]
    assert body["items"][0]["person_name"] == "Lê Minh Cường"
    assert body["items"][0]["subject_name"] == "Lê Minh Cường"
    assert as_admin.get(url("awards"), {"year": 2023}).json()["count"] == 1
    by_block = as_admin.get(url("awards"), {"block": world.B.pk}).json()
    assert [i["unit"] for i in by_block["items"]] == [world.U3.pk]
    assert (
        as_admin.get(url("awards"), {"award": "chien_si_thi_dua_co_so"}).json()["count"]
        == 1
    )
    assert as_admin.get(url("awards"), {"province": world.Q.pk}).json()["count"] == 0
    assert_error(as_admin.get(url("awards"), {"award": "x"}), 400, "VALIDATION_ERROR")
    assert_error(as_admin.get(url("awards"), {"block": "x"}), 400, "VALIDATION_ERROR")


def test_the_province_list_as_xlsx_with_real_types(world, as_admin, tmp_path):
    _history(world)
    flag = accepted_proposal(world, "co_thi_dua_tinh", world.U3, year=2024)
    _decide(as_admin, [flag], "2025-01-20")
    response = as_admin.get(url("awards_export"), {"year": 2024})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    target = tmp_path / "k.xlsx"
    target.write_bytes(response.content)
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Năm" and "Số tiền thưởng (đồng)" in rows[0]
    data = {r[2]: r for r in rows[1:]}
    flag_row = data["Ủy ban Kiểm tra Tỉnh ủy"]
    assert flag_row[0] == 2024 and isinstance(flag_row[0], int)
    assert flag_row[1] == "Cờ thi đua của Ủy ban nhân dân tỉnh"
    assert isinstance(flag_row[5], datetime) and flag_row[5].date() == date(2025, 1, 20)
    assert flag_row[6] == 8 and flag_row[8] == 18_720_000
    assert data["Lê Minh Cường"][3] == "Sở Tư pháp"
    assert len(rows) == 3


# --- violation listings ----------------------------------------------------------------


def test_a_listing_blocks_until_cleared_with_a_reason(world, as_admin, admin):
    p3 = world.people["p3"]
    services.set_rating(actor=admin, subject=p3, year=2024, level="htt")
    response = as_admin.post(
        url("violation_listings"),
        {
            "source": "tax",
            "person": p3.pk,
            "listed_on": "2024-12-05",
            "note": "Nợ thuế",
        },
        format="json",
    )
    assert response.status_code == 201
    listing = response.json()
    assert (listing["person_name"], listing["source"], listing["cleared_on"]) == (
        "Trần Thị Bình",
        "tax",
        None,
    )
    query = {"award": "lao_dong_tien_tien", "year": 2024}
    target = url("person_eligibility", pk=p3.pk)
    assert "VIOLATION_LISTED" in [
        r["code"] for r in as_admin.get(target, query).json()["reasons"]
    ]
    clear = url("violation_listing_clear", pk=listing["id"])
    assert_error(
        as_admin.post(clear, {"reason": ""}, format="json"), 422, "REASON_REQUIRED"
    )
    cleared = as_admin.post(clear, {"reason": "Đã nộp đủ thuế"}, format="json")
    assert cleared.status_code == 200
    assert cleared.json()["cleared_reason"] == "Đã nộp đủ thuế"
    assert as_admin.get(target, query).json()["eligible"] is True
    assert_error(
        as_admin.post(clear, {"reason": "Lần nữa"}, format="json"),
        409,
        "LISTING_ALREADY_CLEARED",
    )
    assert_error(
        as_admin.post(url("violation_listing_clear", pk=HUGE), {"reason": "x"}, "json"),
        404,
        "NOT_FOUND",
    )


# --- settings and calendar -------------------------------------------------------------


def test_award_settings_read_and_replaced_by_the_board(world, as_admin, api_as):
    target = url("award_settings", pk=world.P.pk)
    read = api_as(world.users["viewer"]).get(target)
    assert read.status_code == 200
    assert read.json()["flag_quota_per_block"] == 1
    assert read.json()["council_threshold_percent"] == {}
    written = as_admin.put(
        target,
        {"flag_quota_per_block": 2, "council_threshold_percent": {"giay_khen": 60}},
        format="json",
    )
    assert written.status_code == 200
    assert written.json()["flag_quota_per_block"] == 2
    assert written.json()["council_threshold_percent"] == {"giay_khen": 60}
    assert api_as(world.users["viewer"]).get(target).json()["flag_quota_per_block"] == 2
    # PUT replaces: a setting left out goes back to its default.
    assert as_admin.put(target, {}, format="json").json()["flag_quota_per_block"] == 1
    assert_error(
        as_admin.put(target, {"flag_quota_per_block": 99}, format="json"),
        422,
        "SETTING_INVALID",
    )
    assert_error(
        as_admin.put(target, {"flag_quota_per_block": "hai"}, format="json"),
        400,
        "VALIDATION_ERROR",
    )
    assert_error(
        api_as(world.users["block_secretary"]).put(
            target, {"flag_quota_per_block": 2}, format="json"
        ),
        403,
        "PERMISSION_DENIED",
    )
    assert_error(as_admin.get(url("award_settings", pk=world.Q.pk)), 404, "NOT_FOUND")


def test_calendar_days_added_listed_and_removed(world, as_admin, api_as):
    added = as_admin.post(
        url("calendar_days"),
        {"day": "2025-09-02", "kind": "holiday", "name": "Quốc khánh"},
        format="json",
    )
    assert added.status_code == 201
    assert added.json() == {
        "day": "2025-09-02",
        "kind": "holiday",
        "name": "Quốc khánh",
    }
    as_admin.post(
        url("calendar_days"), {"day": "2024-04-29", "kind": "holiday"}, format="json"
    )
    listed = api_as(world.users["leader"]).get(url("calendar_days"), {"year": 2025})
    assert listed.json() == {"items": [added.json()], "count": 1}
    removed = as_admin.post(
        url("calendar_days"), {"day": "2025-09-02", "kind": None}, format="json"
    )
    assert removed.status_code == 200 and removed.json()["kind"] is None
    assert not CalendarDay.objects.filter(day=date(2025, 9, 2)).exists()
    assert_error(
        as_admin.post(url("calendar_days"), {"day": "2025-09-02"}, format="json"),
        400,
        "VALIDATION_ERROR",
    )
    assert_error(
        api_as(world.users["unit_officer"]).post(
            url("calendar_days"), {"day": "2025-09-03", "kind": "holiday"}, "json"
        ),
        403,
        "PERMISSION_DENIED",
    )


def test_errors_speak_english_on_request(world, as_admin):
    target = url("person_ratings", pk=999_999)
    vi = as_admin.post(target, {"year": 2024, "rating": "htt"}, format="json").json()
    en = as_admin.post(
        target,
        {"year": 2024, "rating": "htt"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert en["message"] == "Not found."
    assert vi["message"] == "Không tìm thấy."
    bad = as_admin.post(
        url("person_ratings", pk=world.people["p3"].pk), {"year": "x"}, format="json"
    ).json()
    assert bad["code"] == "VALIDATION_ERROR"
    assert bad["message"] != "Some fields are missing or not in the right form."
