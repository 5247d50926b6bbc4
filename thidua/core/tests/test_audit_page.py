import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core import audit


def _events(world, user, n):
    for _ in range(n):
        audit.record(
            actor=user,
            verb="organizations.unit.updated",
            target=world.U1,
            province_id=world.P.pk,
        )


def test_the_board_browses_and_filters_its_province_trail(world, client_as):
    admin = world.users["province_admin"]
    audit.record(
        actor=admin,
        verb="organizations.unit.updated",
        target=world.U1,
        province_id=world.P.pk,
    )
    audit.record(
        actor=None,
        verb="organizations.unit.updated",
        target=world.V1,
        province_id=world.Q.pk,
    )
    audit.record(
        actor=None,
        verb="organizations.block.created",
        target=world.B,
        province_id=world.P.pk,
    )
    response = client_as(admin).get(
        reverse("audit_list"), {"verb": "organizations.unit.updated"}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["event"].target_id for r in rows] == [str(world.U1.pk)]
    assert rows[0]["actor"] == "tinh"


def test_the_export_holds_the_filtered_events(world, client_as):
    admin = world.users["province_admin"]
    _events(world, admin, 2)
    response = client_as(admin).get(
        reverse("audit_export"), {"verb": "organizations.unit.updated"}
    )
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 3
    assert values[1][2] == "organizations.unit.updated"
    assert values[1][3] == "tinh"


def test_the_audit_page_runs_a_fixed_number_of_queries(world, client_as):
    client = client_as(world.users["province_admin"])
    _events(world, world.users["viewer"], 3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit_list"))
    _events(world, world.users["leader"], 30)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("audit_list"))
    assert len(many) == len(few)
