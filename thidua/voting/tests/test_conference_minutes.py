"""The minutes details of a conference — starting time, place, chair, secretary,
next year's head and host units (issue 6: what the minutes of the meeting print) —
through the service, the page and the API."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import services
from thidua.voting.models import Conference

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_secretary_records_the_minutes_details_once_audited(hall):
    conference = services.update_conference(
        actor=hall.secretary,
        conference=hall.conference,
        changes={
            "starts_at": datetime(2024, 12, 18, 8, 30, tzinfo=HANOI),
            "place": "  Hội trường   Tỉnh ủy ",
            "chair": "Hoa\u0300ng Văn Em, Trưởng khối",  # decomposed: stored NFC
            "secretary": "Bùi Thị Lan",
            "next_head_unit": hall.units[1],
            "next_host_unit": hall.units[2],
        },
    )
    conference = Conference.objects.get(pk=conference.pk)
    assert conference.place == "Hội trường Tỉnh ủy"
    assert conference.chair == "Hoàng Văn Em, Trưởng khối"
    assert conference.secretary == "Bùi Thị Lan"
    assert conference.next_head_unit == hall.units[1]
    assert conference.next_host_unit == hall.units[2]
    event = AuditEvent.objects.get(verb="voting.conference.updated")
    assert event.before["chair"] == ""
    assert event.after["next_head_unit"] == hall.units[1].pk
    # The same values again change nothing and write no event.
    services.update_conference(
        actor=hall.secretary,
        conference=conference,
        changes={"secretary": "Bùi Thị Lan"},
    )
    assert AuditEvent.objects.filter(verb="voting.conference.updated").count() == 1
    # Only the keys given change; None clears.
    services.update_conference(
        actor=hall.secretary, conference=conference, changes={"next_host_unit": None}
    )
    conference.refresh_from_db()
    assert conference.next_host_unit is None
    assert conference.next_head_unit == hall.units[1]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        (
            {"starts_at": datetime(2024, 12, 19, 8, 0, tzinfo=HANOI)},
            "STARTS_AT_NOT_ON_CONFERENCE_DATE",
        ),
        ({"agenda": "khác"}, "VALIDATION_ERROR"),
    ],
)
def test_refusals(hall, changes, code):
    with pytest.raises(DomainError) as exc:
        services.update_conference(
            actor=hall.secretary, conference=hall.conference, changes=changes
        )
    assert exc.value.code == code


def test_a_unit_of_another_province_is_refused(hall):
    with pytest.raises(DomainError) as exc:
        services.update_conference(
            actor=hall.secretary,
            conference=hall.conference,
            changes={"next_head_unit": hall.world.V1},
        )
    assert exc.value.code == "UNIT_NOT_IN_PROVINCE"


def test_a_unit_officer_cannot_change_them(hall):
    with pytest.raises(DomainError) as exc:
        services.update_conference(
            actor=hall.world.users["unit_officer"],
            conference=hall.conference,
            changes={"chair": "Ai đó"},
        )
    assert exc.value.code == "PERMISSION_DENIED"


def test_the_edit_page_saves_and_the_conference_page_shows_them(hall, client_as):
    client = client_as(hall.secretary)
    url = reverse("voting:conference_edit", args=[hall.conference.pk])
    assert b'id="conference-minutes-form"' in client.get(url).content
    answer = client.post(
        url,
        {
            "start_time": "08:30",
            "place": "Hội trường Ban Tuyên giáo",
            "chair": "Nguyễn Văn An",
            "secretary": "Trần Thị Bình",
            "next_head_unit": hall.units[1].pk,
            "next_host_unit": hall.units[3].pk,
        },
    )
    assert answer.status_code == 302
    conference = Conference.objects.get(pk=hall.conference.pk)
    assert conference.starts_at == datetime(2024, 12, 18, 8, 30, tzinfo=HANOI)
    page = client.get(answer["Location"]).content.decode()
    assert 'id="conference-edit-link"' in page
    assert "Hội trường Ban Tuyên giáo" in page
    assert ">08:30<" in page
    assert hall.units[3].name in page
    # The form shows the values again; a bad time is refused on the form.
    again = client.get(url).content.decode()
    assert 'value="08:30"' in again
    refused = client.post(url, {"start_time": "25:99"})
    assert refused.status_code == 200
    assert b"has-error" in refused.content
    # A viewer sees no edit link and cannot open the form.
    viewer = client_as(hall.world.users["viewer"])
    assert b"conference-edit-link" not in viewer.get(answer["Location"]).content
    assert viewer.get(url).status_code == 403


def test_the_api_patches_and_answers_the_fields(hall, api_as):
    client = api_as(hall.secretary)
    url = f"/api/v1/conferences/{hall.conference.pk}"
    answer = client.patch(
        url,
        {
            "starts_at": "2024-12-18T14:00:00+07:00",
            "chair": "Nguyễn Văn An",
            "next_head_unit": hall.units[1].pk,
        },
        format="json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["starts_at"] == "2024-12-18T14:00:00+07:00"
    assert body["chair"] == "Nguyễn Văn An"
    assert body["secretary"] == ""
    assert body["next_head_unit"] == hall.units[1].pk
    assert body["next_head_unit_name"] == hall.units[1].name
    assert body["next_host_unit"] is None and body["next_host_unit_name"] is None
    # Partial: the chair stays when only the place is sent.
    again = client.patch(url, {"place": "Hội trường A"}, format="json").json()
    assert again["chair"] == "Nguyễn Văn An" and again["place"] == "Hội trường A"
    wrong_day = client.patch(
        url, {"starts_at": "2024-12-19T08:00:00+07:00"}, format="json"
    )
    assert wrong_day.status_code == 422
    assert wrong_day.json()["code"] == "STARTS_AT_NOT_ON_CONFERENCE_DATE"
    # A unit of another province is not found there (as for the host unit).
    elsewhere = client.patch(url, {"next_host_unit": hall.world.V1.pk}, format="json")
    assert elsewhere.status_code == 404
    assert elsewhere.json()["details"]["field"] == "next_host_unit"
    assert api_as(hall.world.users["viewer"]).patch(url, {}).status_code == 403


def test_the_api_records_a_conference_with_its_minutes_details(hall, api_as):
    answer = api_as(hall.secretary).post(
        f"/api/v1/block-years/{hall.block_year.pk}/conferences",
        {
            "kind": "so_ket",
            "date": "2024-07-10",
            "host_unit": hall.units[2].pk,
            "attendees": [d.pk for d in hall.delegates[:5]],
            "starts_at": "2024-07-10T08:00:00+07:00",
            "secretary": "Bùi Thị Lan",
            "next_host_unit": hall.units[4].pk,
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["secretary"] == "Bùi Thị Lan"
    assert body["next_host_unit_name"] == hall.units[4].name
    assert body["starts_at"] == "2024-07-10T08:00:00+07:00"
    # Without them, the fields are empty.
    plain = api_as(hall.secretary).get(f"/api/v1/conferences/{hall.conference.pk}")
    assert plain.json()["place"] == "" and plain.json()["starts_at"] is None
