"""The API of issue 7 in the style of api.md: paths, shapes, paging, error codes."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.movements.models import Movement, Registration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


def launch_body(world, **extra):
    return {
        "province": world.P.pk,
        "name": "Phong trào Dân vận khéo",
        "kind": "chuyen_de",
        "issuing_authority": "Tỉnh ủy",
        "document_number": "05-KH/TU",
        "document_date": "2023-12-28",
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
        "blocks": [world.B.pk],
        "awards": ["co_thi_dua_tinh", "bang_khen_tinh"],
        **extra,
    }


def test_the_board_launches_and_reads_a_movement(world, api_as):
    client = api_as(world.users["province_admin"])
    response = client.post("/api/v1/movements", launch_body(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["province_name"] == "Hòa Bình"
    assert body["blocks"] == [{"id": world.B.pk, "name": world.B.name}]
    assert body["awards"] == ["co_thi_dua_tinh", "bang_khen_tinh"]
    assert body["may_lead_to_flag"] is True
    assert body["document_url"] is None
    assert client.get(f"/api/v1/movements/{body['id']}").json() == body
    page = api_as(world.users["viewer"]).get("/api/v1/movements?year=2025").json()
    assert page["count"] == 1
    assert api_as(world.users["viewer"]).get("/api/v1/movements?year=2027").json() == {
        "items": [],
        "count": 0,
    }


def test_a_movement_with_its_document_in_multipart(world, api_as):
    body = launch_body(world, document_file=SimpleUploadedFile("kh.pdf", PDF))
    response = api_as(world.users["province_admin"]).post(
        "/api/v1/movements", body, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["document_file_name"] == "kh.pdf"
    assert response.json()["document_url"].endswith("/document/")
    assert list(Movement.objects.get().blocks.all()) == [world.B]


def test_launch_refusals_carry_their_codes(world, api_as):
    client = api_as(world.users["province_admin"])
    short = client.post(
        "/api/v1/movements",
        launch_body(world, end_date="2024-06-30"),
        format="json",
    )
    assert short.status_code == 422
    assert short.json()["code"] == "FLAG_NEEDS_LONGER_MOVEMENT"
    backwards = client.post(
        "/api/v1/movements",
        launch_body(world, end_date="2023-06-30", awards=[]),
        format="json",
    )
    assert backwards.json()["code"] == "PERIOD_INVALID"
    malformed = client.post(
        "/api/v1/movements", launch_body(world, kind="dot_xuat"), format="json"
    )
    assert malformed.status_code == 400
    assert malformed.json()["code"] == "VALIDATION_ERROR"
    missing = client.post(
        "/api/v1/movements", launch_body(world, blocks=[2**40]), format="json"
    )
    assert missing.status_code == 404
    huge = client.post(
        "/api/v1/movements", launch_body(world, blocks=[2**70]), format="json"
    )
    assert huge.status_code == 400
    english = client.post(
        "/api/v1/movements",
        launch_body(world, end_date="2024-06-30"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "3 years" in english.json()["message"]


def test_a_registration_goes_through_the_api(world, api_as):
    officer = api_as(world.users["unit_officer"])
    created = officer.post(
        "/api/v1/registrations",
        {
            "unit": world.U3.pk,
            "year": 2024,
            "targets": "Hoàn thành xuất sắc",
            "unit_title": "tap_the_lao_dong_tien_tien",
            "people": [
                {"person": world.people["p3"].pk, "title": "lao_dong_tien_tien"}
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft"
    assert body["unit_name"] == world.U3.name
    assert body["movement"] is None
    assert body["people"] == [
        {
            "person": world.people["p3"].pk,
            "person_name": "Trần Thị Bình",
            "title": "lao_dong_tien_tien",
            "title_name": body["people"][0]["title_name"],
        }
    ]
    again = officer.post(
        "/api/v1/registrations", {"unit": world.U3.pk, "year": 2024}, format="json"
    )
    assert again.status_code == 422
    assert again.json()["code"] == "ALREADY_REGISTERED"
    assert again.json()["details"] == {"registration": body["id"]}
    url = f"/api/v1/registrations/{body['id']}"
    assert officer.post(url + "/submit").json()["status"] == "submitted"
    assert officer.post(url + "/submit").status_code == 409
    secretary = api_as(world.users["block_secretary"])
    blank = secretary.post(url + "/return", {"reason": ""}, format="json")
    assert blank.status_code == 422
    assert blank.json()["code"] == "REASON_REQUIRED"
    returned = secretary.post(url + "/return", {"reason": "Bổ sung"}, format="json")
    assert returned.json()["status"] == "returned"
    assert returned.json()["reason"] == "Bổ sung"
    changed = officer.put(url, {"targets": "Đã bổ sung", "people": []}, format="json")
    assert changed.json()["people"] == []
    officer.post(url + "/submit")
    approved = secretary.post(url + "/approve").json()
    assert approved["status"] == "approved"
    assert officer.put(url, {"targets": "x"}, format="json").json()["code"] == (
        "REGISTRATION_NOT_EDITABLE"
    )


def test_the_registration_list_filters_and_hides(world, api_as):
    Registration.objects.create(
        unit=world.U3,
        year=2024,
        status="submitted",
        created_by=world.users["superuser"],
    )
    admin = api_as(world.users["province_admin"])
    assert admin.get(f"/api/v1/registrations?block={world.B.pk}").json()["count"] == 1
    assert admin.get(f"/api/v1/registrations?block={world.B2.pk}").json()["count"] == 0
    assert admin.get("/api/v1/registrations?status=approved").json()["count"] == 0
    assert admin.get("/api/v1/registrations?status=nonsense").status_code == 400
    assert admin.get("/api/v1/registrations?year=abc").json()["count"] == 0
    assert api_as(world.users["viewer"]).get("/api/v1/registrations").json() == {
        "items": [],
        "count": 0,
    }


def test_reports_and_progress(world, api_as, movement):
    officer = api_as(world.users["unit_officer"])
    url = f"/api/v1/movements/{movement.pk}"
    sent = officer.post(
        url + "/reports",
        {
            "unit": world.U3.pk,
            "text": "Đã triển khai",
            "figures": json.dumps({"Số lớp": 3}),
            "file": SimpleUploadedFile("bc.pdf", PDF),
        },
        format="multipart",
    )
    assert sent.status_code == 201, sent.json()
    assert sent.json()["figures"] == {"Số lớp": 3}
    assert sent.json()["file_url"].endswith("/file/")
    bad = officer.post(
        url + "/reports",
        {"unit": world.U3.pk, "text": "x", "figures": {"Số lớp": "ba"}},
        format="json",
    )
    assert bad.status_code == 400
    progress = officer.get(url + "/progress").json()
    assert progress["count"] == 3
    row = next(r for r in progress["items"] if r["unit"] == world.U3.pk)
    assert row["reports"] == 1
    assert row["latest_report"]["text"] == "Đã triển khai"
    assert officer.get(url + "/reports").json()["count"] == 1
    assert officer.get(url + "/progress?limit=1").json()["count"] == 3
    assert len(officer.get(url + "/progress?limit=1").json()["items"]) == 1


def test_advanced_models_through_the_api(world, api_as):
    officer = api_as(world.users["unit_officer"])
    created = officer.post(
        "/api/v1/advanced-models",
        {
            "unit": world.U3.pk,
            "year": 2024,
            "person": world.people["p3"].pk,
            "achievement": "Tiếp dân trực tuyến",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["subject_name"] == "Trần Thị Bình"
    both = officer.post(
        "/api/v1/advanced-models",
        {
            "unit": world.U3.pk,
            "year": 2024,
            "person": world.people["p3"].pk,
            "collective_name": "Chi bộ",
            "achievement": "x",
        },
        format="json",
    )
    assert both.json()["code"] == "MODEL_SUBJECT_REQUIRED"
    photo = officer.post(
        f"/api/v1/advanced-models/{pk}/files",
        {"file": SimpleUploadedFile("anh.png", PNG)},
        format="multipart",
    )
    assert photo.status_code == 201
    assert photo.json()["files"][0]["is_photo"] is True
    wrong = officer.post(
        f"/api/v1/advanced-models/{pk}/files",
        {"file": SimpleUploadedFile("a.png", b"GIF89a")},
        format="multipart",
    )
    assert wrong.json()["code"] == "FILE_TYPE_NOT_ALLOWED"
    assert (
        api_as(world.users["viewer"]).get(f"/api/v1/advanced-models/{pk}").status_code
        == 404
    )
    assert officer.post(f"/api/v1/advanced-models/{pk}/publish").status_code == 403
    published = api_as(world.users["block_secretary"]).post(
        f"/api/v1/advanced-models/{pk}/publish"
    )
    assert published.json()["status"] == "published"
    assert (
        api_as(world.users["viewer"])
        .get("/api/v1/advanced-models?status=published")
        .json()["count"]
        == 1
    )


def test_the_openapi_describes_the_new_paths_and_codes(world, client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/movements",
        "/api/v1/movements/{id}",
        "/api/v1/movements/{id}/reports",
        "/api/v1/movements/{id}/progress",
        "/api/v1/registrations",
        "/api/v1/registrations/{id}",
        "/api/v1/registrations/{id}/submit",
        "/api/v1/registrations/{id}/approve",
        "/api/v1/registrations/{id}/return",
        "/api/v1/advanced-models",
        "/api/v1/advanced-models/{id}",
        "/api/v1/advanced-models/{id}/publish",
        "/api/v1/notifications",
        "/api/v1/notifications/{id}/read",
        "/api/v1/block-years/{id}/copy-to-next-year",
    ):
        assert path in paths, path
    create = paths["/api/v1/registrations"]["post"]["responses"]["422"]
    assert "ALREADY_REGISTERED" in create["description"]
    assert "PERSON_ALREADY_REGISTERED" in create["description"]
    ret = paths["/api/v1/registrations/{id}/return"]["post"]["responses"]
    assert "INVALID_TRANSITION" in ret["409"]["description"]
    assert "REASON_REQUIRED" in ret["422"]["description"]


def test_the_consolidated_export_is_a_workbook(world, client_as):
    import openpyxl

    Registration.objects.create(
        unit=world.U3, year=2024, status="approved", created_by=world.users["superuser"]
    )
    response = client_as(world.users["province_admin"]).get(
        f"/provinces/{world.P.pk}/registrations.xlsx?year=2024"
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    units = [r[1] for r in rows[1:]]
    # Every member unit of both blocks, registered or not.
    assert set(units) == {
        u.name for u in (world.U1, world.U2, world.U3, world.U4, world.U5)
    }
    u3 = next(r for r in rows[1:] if r[1] == world.U3.name)
    assert u3[0] == world.B.name
