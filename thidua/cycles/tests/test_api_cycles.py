"""The block's year over the API: covenant, signatures, requirements, submissions,
the grid and waivers (api.md "The block's year", "Conventions")."""

from datetime import date, time

import pytest

from thidua.core.models import AuditEvent
from thidua.cycles.models import Submission
from thidua.cycles.tests.helpers import (
    JPEG,
    PDF,
    PNG,
    add_requirement,
    docx_bytes,
    media,  # noqa: F401 (fixture)
    on_day,
    submit_on,
    upload,
    write_covenant,
    xlsx_bytes,
)
from thidua.organizations.tests import factories as f
from thidua.scoring import services as scoring_services

pytestmark = pytest.mark.usefixtures("media")

BODY = {
    "contents": ["Hoàn thành xuất sắc nhiệm vụ chính trị", "Gửi báo cáo đúng hạn"],
    "criteria": [
        {"code": "1.1", "group": "I", "title": "Chỉ tiêu", "max_points": 60},
        {"code": "2.1", "group": "II", "title": "Báo cáo", "max_points": 40},
    ],
    "bonus_max": 5,
    "late_deduction": 1,
}


def covenant_url(by):
    return f"/api/v1/block-years/{by.pk}/covenant"


# --- covenant ----------------------------------------------------------------------


def test_put_covenant_answers_the_covenant(world, api_as):
    response = api_as(world.users["block_secretary"]).put(
        covenant_url(world.BY), BODY, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["block_year"] == world.BY.pk
    assert body["contents"] == BODY["contents"]
    assert [(c["code"], c["max_points"]) for c in body["criteria"]] == [
        ("1.1", 60.0),
        ("2.1", 40.0),
    ]
    assert (body["bonus_max"], body["late_deduction"], body["max_total"]) == (
        5.0,
        1.0,
        100.0,
    )
    assert body["signatures"] == []
    read = api_as(world.users["viewer"]).get(covenant_url(world.BY))
    assert read.status_code == 200
    assert read.json() == body


def test_put_covenant_upserts_by_code(world, api_as):
    secretary = api_as(world.users["block_secretary"])
    secretary.put(covenant_url(world.BY), BODY, format="json")
    changed = {
        **BODY,
        "criteria": [{"code": "1.1", "title": "Chỉ tiêu mới", "max_points": 70}],
    }
    body = secretary.put(covenant_url(world.BY), changed, format="json").json()
    assert [(c["code"], c["title"], c["group"]) for c in body["criteria"]] == [
        ("1.1", "Chỉ tiêu mới", "")
    ]


def test_the_covenant_of_a_year_without_one_is_not_found(world, api_as):
    response = api_as(world.users["block_secretary"]).get(covenant_url(world.BY))
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_put_covenant_after_publication_is_409_period_locked(world, api_as):
    secretary = api_as(world.users["block_secretary"])
    secretary.put(covenant_url(world.BY), BODY, format="json")
    assert (
        secretary.post(
            f"/api/v1/block-years/{world.BY.pk}/ranking/publish",
            {"period": "year"},
            format="json",
        ).status_code
        == 200
    )
    response = secretary.put(covenant_url(world.BY), BODY, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "PERIOD_LOCKED"


def test_removing_a_scored_criterion_is_409_criterion_in_use(world, api_as):
    secretary = api_as(world.users["block_secretary"])
    secretary.put(covenant_url(world.BY), BODY, format="json")
    scoring_services.write_sheet(
        actor=world.users["block_secretary"],
        block_year=world.BY,
        unit=world.U1,
        period="year",
        stage="final",
        scores={"2.1": 30},
    )
    response = secretary.put(
        covenant_url(world.BY),
        {**BODY, "criteria": BODY["criteria"][:1]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "CRITERION_IN_USE"
    assert response.json()["details"] == {"codes": ["2.1"]}


def test_copy_from_needs_no_criteria(world, api_as):
    previous = f.BlockYearFactory(block=world.B, year=2023)
    secretary = api_as(world.users["block_secretary"])
    assert secretary.put(covenant_url(previous), BODY, format="json").status_code == 200
    response = secretary.put(
        covenant_url(world.BY), {"copy_from": previous.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert [c["code"] for c in response.json()["criteria"]] == ["1.1", "2.1"]
    assert response.json()["contents"] == BODY["contents"]


def test_copy_from_another_province_is_not_found(world, api_as):
    foreign = f.BlockYearFactory(block=f.BlockFactory(province=world.Q), year=2023)
    response = api_as(world.users["block_secretary"]).put(
        covenant_url(world.BY), {"copy_from": foreign.pk}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"contents": ["x"]}, 400, "VALIDATION_ERROR"),
        (
            {**BODY, "criteria": [{"code": "1.1", "title": "x"}]},
            400,
            "VALIDATION_ERROR",
        ),
        (
            {**BODY, "criteria": [{"code": "1.1", "title": "x", "max_points": "abc"}]},
            400,
            "VALIDATION_ERROR",
        ),
        (
            {**BODY, "criteria": BODY["criteria"] + BODY["criteria"][:1]},
            422,
            "DUPLICATE_CRITERION",
        ),
        (
            {**BODY, "criteria": [{"code": "1", "title": "x", "max_points": -5}]},
            422,
            "MAX_POINTS_INVALID",
        ),
    ],
)
def test_a_bad_covenant_is_refused_with_its_code(world, api_as, body, status, code):
    response = api_as(world.users["block_secretary"]).put(
        covenant_url(world.BY), body, format="json"
    )
    assert response.status_code == status
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("persona", "status"),
    [("unit_officer", 403), ("leader", 403), ("viewer", 403), ("outsider", 403)],
)
def test_only_the_secretariat_puts_the_covenant(world, api_as, persona, status):
    response = api_as(world.users[persona]).put(
        covenant_url(world.BY), BODY, format="json"
    )
    assert response.status_code == status


# --- signatures --------------------------------------------------------------------


def test_a_member_signs_and_the_covenant_shows_who_has_signed(world, api_as):
    write_covenant(world)
    response = api_as(world.users["unit_officer"]).post(
        f"/api/v1/block-years/{world.BY.pk}/covenant/signatures",
        {"unit": world.U3.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    [signature] = response.json()["signatures"]
    assert (signature["unit"], signature["unit_name"]) == (
        world.U3.pk,
        "Ủy ban Kiểm tra Tỉnh ủy",
    )


def test_signing_before_there_is_a_covenant_is_refused(world, api_as):
    response = api_as(world.users["unit_officer"]).post(
        f"/api/v1/block-years/{world.BY.pk}/covenant/signatures",
        {"unit": world.U3.pk},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "COVENANT_MISSING"


def test_a_unit_outside_the_block_cannot_sign(world, api_as):
    write_covenant(world)
    response = api_as(world.users["superuser"]).post(
        f"/api/v1/block-years/{world.BY.pk}/covenant/signatures",
        {"unit": world.U4.pk},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "UNIT_NOT_MEMBER"


# --- requirements ------------------------------------------------------------------


def test_requirements_are_created_and_listed(world, api_as):
    secretary = api_as(world.users["block_secretary"])
    url = f"/api/v1/block-years/{world.BY.pk}/requirements"
    made = secretary.post(
        url,
        {"title": "Kế hoạch thi đua", "kind": "plan", "due_date": "2024-01-31"},
        format="json",
    )
    assert made.status_code == 201
    assert made.json() == {
        "id": made.json()["id"],
        "block_year": world.BY.pk,
        "title": "Kế hoạch thi đua",
        "kind": "plan",
        "due_date": "2024-01-31",
    }
    listed = api_as(world.users["leader"]).get(url).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == made.json()["id"]


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x", "kind": "memo", "due_date": "2024-01-31"},
        {"title": "x", "kind": "plan", "due_date": "31/01/2024x"},
        {"title": "x", "kind": "plan"},
    ],
)
def test_a_malformed_requirement_is_400(world, api_as, body):
    response = api_as(world.users["block_secretary"]).post(
        f"/api/v1/block-years/{world.BY.pk}/requirements", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


# --- submissions -------------------------------------------------------------------


def post_file(client, requirement, unit, name, content):
    return client.post(
        f"/api/v1/requirements/{requirement.pk}/submissions",
        {"unit": unit.pk, "file": upload(name, content)},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Báo cáo.pdf", PDF, "application/pdf"),
        (
            "bao-cao.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "bang-diem.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("anh.jpg", JPEG, "image/jpeg"),
        ("anh.png", PNG, "image/png"),
        # By content, not by name: a PDF named .docx is a PDF.
        ("ten-sai.docx", PDF, "application/pdf"),
    ],
)
def test_accepted_types_are_recognised_by_content(
    world, api_as, name, content, content_type
):
    requirement = add_requirement(world, due=date(2024, 6, 15))
    with on_day(date(2024, 6, 10)):
        response = post_file(
            api_as(world.users["unit_officer"]), requirement, world.U3, name, content
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["unit"], body["requirement"], body["days_late"]) == (
        world.U3.pk,
        requirement.pk,
        0,
    )
    assert body["file_name"] == name
    assert Submission.objects.get().content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ghi-chu.pdf", b"just text, renamed"),
        ("ghi-chu.txt", b"plain text"),
        ("tep.zip", b"PK\x03\x04not really a zip"),
        ("rong.pdf", b""),
    ],
)
def test_other_content_is_422_file_type_not_allowed(world, api_as, name, content):
    requirement = add_requirement(world)
    response = post_file(
        api_as(world.users["unit_officer"]), requirement, world.U3, name, content
    )
    assert response.status_code == 422
    assert response.json()["code"] == "FILE_TYPE_NOT_ALLOWED"
    assert not Submission.objects.exists()


def test_a_file_over_the_limit_is_413(world, api_as, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    requirement = add_requirement(world)
    response = post_file(
        api_as(world.users["unit_officer"]),
        requirement,
        world.U3,
        "lon.pdf",
        PDF + b"0" * 2048,
    )
    assert response.status_code == 413
    assert response.json()["code"] == "FILE_TOO_LARGE"


def test_a_unit_outside_the_block_is_422_unit_not_member(world, api_as):
    requirement = add_requirement(world)
    response = post_file(
        api_as(world.users["superuser"]), requirement, world.U4, "a.pdf", PDF
    )
    assert response.status_code == 422
    assert response.json()["code"] == "UNIT_NOT_MEMBER"


def test_days_late_is_computed_never_typed_in(world, api_as):
    requirement = add_requirement(world, due=date(2024, 6, 15))
    with on_day(date(2024, 6, 20)):
        response = api_as(world.users["unit_officer"]).post(
            f"/api/v1/requirements/{requirement.pk}/submissions",
            {
                "unit": world.U3.pk,
                "file": upload(),
                "days_late": 0,
                "received_at": "2024-06-01T08:00:00+07:00",
            },
            format="multipart",
        )
    assert response.status_code == 201
    body = response.json()
    assert body["days_late"] == 5
    assert body["received_at"].startswith("2024-06-20T10:00:00")
    assert body["received_at"].endswith("+07:00")


@pytest.mark.parametrize(
    "data",
    [{"file": "x"}, {"unit": "abc"}, {}],
)
def test_a_malformed_upload_is_400(world, api_as, data):
    requirement = add_requirement(world)
    response = api_as(world.users["unit_officer"]).post(
        f"/api/v1/requirements/{requirement.pk}/submissions", data, format="multipart"
    )
    assert response.status_code == 400


def test_an_unknown_requirement_is_404(world, api_as):
    response = post_file(
        api_as(world.users["unit_officer"]),
        type("R", (), {"pk": 999999})(),
        world.U3,
        "a.pdf",
        PDF,
    )
    assert response.status_code == 404


# --- the grid ----------------------------------------------------------------------


def test_the_grid_answers_status_per_unit_and_requirement(world, api_as):
    plan = add_requirement(world, kind="plan", due=date(2024, 1, 31))
    submit_on(world, plan, world.U3, date(2024, 2, 2))
    submit_on(world, plan, world.U1, date(2024, 1, 30))
    with on_day(date(2024, 3, 1)):
        body = (
            api_as(world.users["block_secretary"])
            .get(f"/api/v1/block-years/{world.BY.pk}/submissions")
            .json()
        )
    assert body["count"] == 3
    cells = {c["unit"]: c for c in body["items"]}
    assert (cells[world.U3.pk]["status"], cells[world.U3.pk]["days_late"]) == (
        "late",
        2,
    )
    assert cells[world.U3.pk]["received"] is True
    assert cells[world.U1.pk]["status"] == "on_time"
    assert (cells[world.U2.pk]["status"], cells[world.U2.pk]["received_at"]) == (
        "missing",
        None,
    )
    assert cells[world.U2.pk]["days_late"] == 30


def test_a_unit_officer_sees_only_its_own_row(world, api_as):
    add_requirement(world)
    add_requirement(world, kind="report_year", due=date(2024, 11, 15))
    body = (
        api_as(world.users["unit_officer"])
        .get(f"/api/v1/block-years/{world.BY.pk}/submissions")
        .json()
    )
    assert body["count"] == 2
    assert {c["unit"] for c in body["items"]} == {world.U3.pk}


# --- waivers -----------------------------------------------------------------------


def waive(client, requirement, unit, reason):
    return client.post(
        f"/api/v1/requirements/{requirement.pk}/waivers",
        {"unit": unit.pk, "reason": reason},
        format="json",
    )


def test_a_waiver_answers_the_cell_marked_waived(world, api_as):
    requirement = add_requirement(world, due=date(2024, 6, 15))
    with on_day(date(2024, 7, 1)):
        response = waive(
            api_as(world.users["block_secretary"]),
            requirement,
            world.U3,
            "Lý do khách quan (biên bản họp khối)",
        )
    assert response.status_code == 201
    assert response.json()["waived"] is True
    assert response.json()["status"] == "missing"
    assert AuditEvent.objects.filter(verb="cycles.waiver.granted").count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_waiver_without_reason_is_422_reason_required(world, api_as, reason):
    requirement = add_requirement(world)
    response = waive(
        api_as(world.users["block_secretary"]), requirement, world.U3, reason
    )
    assert response.status_code == 422
    assert response.json()["code"] == "REASON_REQUIRED"


def test_a_waiver_without_the_reason_field_is_400(world, api_as):
    requirement = add_requirement(world)
    response = api_as(world.users["block_secretary"]).post(
        f"/api/v1/requirements/{requirement.pk}/waivers",
        {"unit": world.U3.pk},
        format="json",
    )
    assert response.status_code == 400


def test_a_waiver_for_a_unit_outside_the_block_is_422(world, api_as):
    requirement = add_requirement(world)
    response = waive(
        api_as(world.users["block_secretary"]), requirement, world.U4, "Lý do"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "UNIT_NOT_MEMBER"


def test_a_unit_officer_cannot_waive_its_own_deduction(world, api_as):
    requirement = add_requirement(world)
    response = waive(
        api_as(world.users["unit_officer"]), requirement, world.U3, "Lý do"
    )
    assert response.status_code == 403


def test_entries_in_english_get_english_messages(world, api_as):
    requirement = add_requirement(world)
    response = api_as(world.users["block_secretary"]).post(
        f"/api/v1/requirements/{requirement.pk}/waivers",
        {"unit": world.U4.pk, "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["message"] == (
        "The unit is not a member of this block that year."
    )


@pytest.mark.parametrize("hour", [time(0, 5), time(23, 55)])
def test_submissions_near_midnight_count_the_local_day(world, api_as, hour):
    requirement = add_requirement(world, due=date(2024, 6, 15))
    with on_day(date(2024, 6, 16), hour):
        response = post_file(
            api_as(world.users["unit_officer"]), requirement, world.U3, "a.pdf", PDF
        )
    assert response.json()["days_late"] == 1
