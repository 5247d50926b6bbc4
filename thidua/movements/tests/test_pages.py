"""The pages of issue 7 through the test client, as personas."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.movements.models import (
    AdvancedModel,
    Movement,
    ProgressReport,
    Registration,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


def test_the_board_launches_from_the_form(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("movements:movement_create", args=[world.P.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Thi đua cải cách hành chính",
            "kind": "chuyen_de",
            "issuing_authority": "UBND tỉnh",
            "start_date": "01/01/2024",
            "end_date": "31/12/2026",
            "blocks": [str(world.B.pk)],
            "awards": ["co_thi_dua_tinh"],
        },
    )
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "movements:movement_detail", args=[movement.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert 'data-flag="true"' in page


def test_the_form_refuses_a_short_thematic_flag_with_the_rule_message(world, client_as):
    response = client_as(world.users["province_admin"]).post(
        reverse("movements:movement_create", args=[world.P.pk]),
        {
            "name": "Đợt thi đua 90 ngày",
            "kind": "dot",
            "issuing_authority": "UBND tỉnh",
            "start_date": "01/03/2024",
            "end_date": "31/05/2024",
            "awards": ["co_thi_dua_tinh"],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Movement.objects.exists()


def test_a_unit_officer_registers_and_submits_from_the_form(world, client_as):
    client = client_as(world.users["unit_officer"])
    url = reverse("movements:registration_create") + "?year=2024"
    page = client.get(url)
    assert page.status_code == 200
    # One unit: chosen without asking; its people listed with a title each.
    assert page.context["unit"] == world.U3
    p3 = world.people["p3"]
    response = client.post(
        url,
        {
            "movement": "",
            "targets": "Hoàn thành 100% chỉ tiêu",
            "unit_title": "tap_the_lao_dong_tien_tien",
            f"title_{p3.pk}": "chien_si_thi_dua_co_so",
            "action": "submit",
        },
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert registration.status == "submitted"
    assert [p.title for p in registration.people.all()] == ["chien_si_thi_dua_co_so"]


def test_the_secretary_approves_and_returns_from_the_review_list(world, client_as):
    first = Registration.objects.create(
        unit=world.U3,
        year=2024,
        status="submitted",
        created_by=world.users["superuser"],
    )
    second = Registration.objects.create(
        unit=world.U1,
        year=2024,
        status="submitted",
        created_by=world.users["superuser"],
    )
    client = client_as(world.users["block_secretary"])
    listing = reverse("movements:registration_list") + "?status=submitted"
    html = client.get(listing).content.decode()
    assert f'id="approve-{first.pk}"' in html
    assert f'id="return-{second.pk}"' in html
    approved = client.post(
        reverse("movements:registration_approve", args=[first.pk]), {"next": listing}
    )
    assert approved["Location"] == listing
    blank = client.post(
        reverse("movements:registration_return", args=[second.pk]), {"reason": ""}
    )
    assert blank.status_code == 200
    client.post(
        reverse("movements:registration_return", args=[second.pk]),
        {"reason": "Thiếu chỉ tiêu", "next": listing},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "returned")
    assert second.reason == "Thiếu chỉ tiêu"


def test_the_unit_officer_sees_no_review_buttons(world, client_as):
    registration = Registration.objects.create(
        unit=world.U3,
        year=2024,
        status="submitted",
        created_by=world.users["superuser"],
    )
    html = (
        client_as(world.users["unit_officer"])
        .get(reverse("movements:registration_list"))
        .content.decode()
    )
    assert f'data-registration="{registration.pk}"' in html
    assert f'id="approve-{registration.pk}"' not in html


def test_the_board_sees_the_consolidated_registration(world, client_as):
    Registration.objects.create(
        unit=world.U3, year=2024, status="approved", created_by=world.users["superuser"]
    )
    response = client_as(world.users["province_admin"]).get(
        reverse("movements:consolidated", args=[world.P.pk]) + "?year=2024"
    )
    html = response.content.decode()
    assert html.count('class="consolidated-row"') == 5
    assert 'data-status="approved"' in html
    assert html.count('data-status="none"') == 4


def test_a_unit_records_a_model_with_photos_from_the_form(world, client_as):
    client = client_as(world.users["unit_officer"])
    url = reverse("movements:model_create") + "?year=2024"
    response = client.post(
        url,
        {
            "kind": "nguoi_tot_viec_tot",
            "person": str(world.people["p3"].pk),
            "collective_name": "",
            "achievement": "Nhặt được của rơi trả người đánh mất",
            "files": [
                SimpleUploadedFile("anh-1.png", PNG),
                SimpleUploadedFile("anh-2.png", PNG),
            ],
        },
    )
    model = AdvancedModel.objects.get()
    assert response.status_code == 302
    assert model.files.count() == 2
    assert model.kind == "nguoi_tot_viec_tot"


def test_a_unit_reports_progress_from_the_form(world, client_as, movement):
    client = client_as(world.users["unit_officer"])
    url = reverse("movements:report_create", args=[movement.pk])
    bad = client.post(
        url, {"unit": world.U3.pk, "text": "Đã làm", "figures": "Số lớp ba"}
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["figures"]
    response = client.post(
        url,
        {"unit": world.U3.pk, "text": "Đã làm", "figures": "Số lớp: 3\nTỷ lệ: 92,5"},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().figures == {"Số lớp": 3, "Tỷ lệ": 92.5}


def test_the_movement_list_offers_the_board_its_launch_and_overview(world, client_as):
    html = (
        client_as(world.users["province_admin"])
        .get(reverse("movements:movement_list"))
        .content.decode()
    )
    assert f'id="launch-{world.P.pk}"' in html
    assert f'id="overview-{world.P.pk}"' in html
    other = (
        client_as(world.users["block_secretary"])
        .get(reverse("movements:movement_list"))
        .content.decode()
    )
    assert "launch-" not in other
