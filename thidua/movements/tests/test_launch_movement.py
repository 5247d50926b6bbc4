"""The Board launches a movement; the units it reaches are notified (issue 7)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import AuditEvent
from thidua.movements import selectors, services
from thidua.movements.models import Movement, Notification
from thidua.movements.tests.conftest import refused
from thidua.organizations.tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def launch(world, actor=None, **extra):
    values = {
        "actor": actor or world.users["province_admin"],
        "province": world.P,
        "name": "Phong trào chuyển đổi số",
        "kind": "chuyen_de",
        "issuing_authority": "UBND tỉnh",
        "start_date": date(2024, 1, 1),
        "end_date": date(2026, 12, 31),
        "blocks": [world.B],
        **extra,
    }
    return services.launch_movement(**values)


def test_the_board_launches_a_movement_with_its_document(world):
    movement = launch(
        world,
        document_number="  12/KH-UBND ",
        document_date=date(2023, 12, 20),
        document=SimpleUploadedFile("Kế hoạch.pdf", PDF),
        theme="Chuyển đổi số toàn diện",
        targets="100% hồ sơ trực tuyến",
        units=[world.U4],
        awards=["co_thi_dua_tinh"],
    )
    movement.refresh_from_db()
    assert movement.document_number == "12/KH-UBND"
    assert movement.document_name == "Kế hoạch.pdf"
    assert movement.document_type == "application/pdf"
    assert movement.document_file.name.endswith(".pdf")
    assert list(movement.blocks.all()) == [world.B]
    assert list(movement.units.all()) == [world.U4]
    assert movement.awards == ["co_thi_dua_tinh"]
    event = AuditEvent.objects.get(verb="movements.movement.launched")
    assert event.actor_id == world.users["province_admin"].pk
    assert event.province_id == world.P.pk
    assert event.after["blocks"] == [world.B.pk]
    assert event.after["units"] == [world.U4.pk]


@pytest.mark.parametrize(
    "persona", ["block_secretary", "unit_officer", "leader", "viewer", "outsider"]
)
def test_only_the_board_launches_movements(world, persona):
    refused("PERMISSION_DENIED", launch, world=world, actor=world.users[persona])
    assert not Movement.objects.exists()


def test_a_thematic_movement_shorter_than_three_years_leads_to_no_flag(world):
    error = refused(
        "FLAG_NEEDS_LONGER_MOVEMENT",
        launch,
        world=world,
        end_date=date(2025, 12, 31),
        awards=["co_thi_dua_tinh"],
    )
    assert error.status == 422
    assert "3" in error.message
    assert not AuditEvent.objects.filter(verb="movements.movement.launched").exists()


def test_a_period_ending_before_it_starts_is_refused(world):
    refused("PERIOD_INVALID", launch, world=world, end_date=date(2023, 12, 31))


def test_blocks_and_units_of_another_province_are_refused(world):
    other = f.BlockFactory(province=world.Q)
    refused("BLOCK_NOT_IN_PROVINCE", launch, world=world, blocks=[other])
    refused("UNIT_NOT_IN_PROVINCE", launch, world=world, blocks=[], units=[world.V1])


def test_a_document_of_another_type_is_refused(world):
    refused(
        "FILE_TYPE_NOT_ALLOWED",
        launch,
        world=world,
        document=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00"),
    )


def test_the_units_reached_are_notified_in_the_app_and_by_e_mail(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    officer = world.users["unit_officer"]
    officer.email = "donvi@example.vn"
    officer.save()
    world.people["p3"].is_leader = True
    world.people["p3"].email = "lanhdao@example.vn"
    world.people["p3"].save()
    with django_capture_on_commit_callbacks(execute=True):
        movement = launch(world)
    notified = set(Notification.objects.values_list("user__username", flat=True))
    # U3's officer and leader, B's secretary; not the Board who launched it, not
    # the viewer, not B2's secretary.
    assert notified == {"donvi", "lanhdao", "thuky"}
    note = Notification.objects.filter(user=officer).get()
    assert movement.name in note.text
    assert note.link == f"/movements/{movement.pk}/"
    assert sorted(m.to[0] for m in mailoutbox) == [
        "donvi@example.vn",
        "lanhdao@example.vn",
    ]
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert movement.name in mailoutbox[0].subject


def test_a_movement_for_no_block_or_unit_reaches_the_whole_province(world):
    movement = launch(world, blocks=[])
    reached = selectors.movement_units(movement)
    assert {world.U1.pk, world.U3.pk, world.U4.pk, world.U5.pk} <= reached
    assert world.V1.pk not in reached
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"thuky", "donvi", "lanhdao", "xem", "ngoai"}


def test_no_e_mail_leaves_when_the_launch_is_refused(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.users["unit_officer"].email = "donvi@example.vn"
    world.users["unit_officer"].save()
    with django_capture_on_commit_callbacks(execute=True):
        refused("PERIOD_INVALID", launch, world=world, end_date=date(2023, 1, 1))
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_everyone_in_the_province_sees_its_movements_and_no_other(world, movement):
    other = Movement.objects.create(
        province=world.Q,
        name="Phong trào của tỉnh khác",
        kind="dot",
        issuing_authority="UBND",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 3, 1),
        launched_by=world.users["superuser"],
    )
    for persona in ("province_admin", "unit_officer", "viewer", "outsider"):
        seen = set(selectors.visible_movements(world.users[persona]))
        assert seen == {movement}
    assert set(selectors.visible_movements(world.users["superuser"])) == {
        movement,
        other,
    }
