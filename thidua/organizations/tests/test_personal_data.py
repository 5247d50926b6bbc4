"""Personal data (PDPL 91/2025): a notice, an export of one person, corrections that
leave no copies of the old values in the audit trail."""

import json

from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.organizations import services


def test_the_notice_is_public_and_in_vietnamese(client):
    response = client.get(reverse("organizations:privacy_notice"))
    assert response.status_code == 200
    assert "91/2025" in response.content.decode()


def test_an_officer_exports_everything_kept_about_a_person(world, client_as):
    person = world.people["p3"]  # in U3, the unit officer's unit
    officer = world.users["unit_officer"]
    services.update_person(
        actor=officer,
        person=person,
        unit=world.U3,
        full_name="Trần Thị Bình An",
        gender="female",
        email="binh.an@example.vn",
    )
    response = client_as(officer).get(
        reverse("organizations:person_export", args=[person.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["full_name"] == "Trần Thị Bình An"
    assert [e["verb"] for e in data["audit_events"]] == ["organizations.person.updated"]
    assert AuditEvent.objects.filter(verb="organizations.person.exported").count() == 1


def test_a_correction_leaves_no_copy_of_the_old_name_in_the_trail(world):
    person = world.people["p1"]
    services.update_person(
        actor=world.users["province_admin"],
        person=person,
        unit=world.U1,
        full_name="Nguyễn Văn Ân",
        gender="male",
    )
    payloads = json.dumps(
        list(AuditEvent.objects.values_list("before", "after")), ensure_ascii=False
    )
    assert "Nguyễn Văn An" not in payloads
    assert "Nguyễn Văn Ân" not in payloads
