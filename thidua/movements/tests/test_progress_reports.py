"""Units report progress on a movement; the movement page shows, unit by unit, who
registered and reported and what they achieved (issue 7)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.movements import selectors, services
from thidua.movements.tests.conftest import refused

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def report(world, movement, actor="unit_officer", unit=None, **extra):
    values = {
        "actor": world.users[actor],
        "movement": movement,
        "unit": unit or world.U3,
        "text": "Tổ chức 3 lớp tập huấn chuyển đổi số",
        "figures": {"Số lớp": 3, "Tỷ lệ hồ sơ trực tuyến": 92.5},
        **extra,
    }
    return services.report_progress(**values)


def test_a_unit_reports_with_figures_and_a_file(world, movement):
    done = report(world, movement, upload=SimpleUploadedFile("bao-cao.pdf", PDF))
    assert done.figures == {"Số lớp": 3, "Tỷ lệ hồ sơ trực tuyến": 92.5}
    assert done.original_name == "bao-cao.pdf"
    event = AuditEvent.objects.get(verb="movements.report.received")
    assert event.after["unit"] == world.U3.pk


def test_an_empty_report_is_refused(world, movement):
    refused("REPORT_EMPTY", report, world=world, movement=movement, text="  ")


def test_a_unit_outside_the_movement_cannot_report(world, movement):
    refused(
        "MOVEMENT_NOT_FOR_UNIT",
        report,
        world=world,
        movement=movement,
        actor="outsider",
        unit=world.U4,
    )


def test_the_leader_and_other_blocks_cannot_report_for_the_unit(world, movement):
    for persona in ("leader", "outsider", "viewer"):
        refused(
            "PERMISSION_DENIED",
            report,
            world=world,
            movement=movement,
            actor=persona,
        )


def test_progress_lists_every_unit_reached_with_registrations_and_reports(
    world, movement
):
    registration = services.register(
        actor=world.users["unit_officer"], unit=world.U3, year=2024, movement=movement
    )
    report(world, movement)
    latest = report(world, movement, text="Báo cáo lần 2", figures={"Số lớp": 5})
    rows = {
        r.unit.pk: r
        for r in selectors.movement_progress(world.users["viewer"], movement)
    }
    assert set(rows) == {world.U1.pk, world.U2.pk, world.U3.pk}
    # The viewer does not see the draft; the unit's officer does.
    assert rows[world.U3.pk].registrations == []
    assert rows[world.U3.pk].hidden_registrations == 1
    assert rows[world.U3.pk].latest == latest
    assert len(rows[world.U3.pk].reports) == 2
    own = {
        r.unit.pk: r
        for r in selectors.movement_progress(world.users["unit_officer"], movement)
    }
    assert own[world.U3.pk].registrations == [registration]


def test_the_movement_page_shows_the_units(world, movement, client_as):
    report(world, movement)
    response = client_as(world.users["viewer"]).get(
        reverse("movements:movement_detail", args=[movement.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-unit="{world.U3.pk}"' in html
    assert 'data-reports="1"' in html
    assert "Số lớp" in html
