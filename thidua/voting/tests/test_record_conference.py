"""Recording a review conference and creating its ballot rounds (issue 4; api.md
"Conferences and secret ballots")."""

from datetime import date
from fractions import Fraction

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import selectors, services
from thidua.voting.models import Attendance, Candidacy


def refused(code, fn, **kwargs):
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.code == code, exc.value.code
    return exc.value


def record(hall, **kwargs):
    args = {
        "actor": hall.secretary,
        "block_year": hall.block_year,
        "kind": "so_ket",
        "date": date(2024, 7, 10),
        "host_unit": hall.units[1],
        "attendees": hall.delegates[:4],
    }
    args.update(kwargs)
    return services.record_conference(**args)


def test_a_conference_keeps_its_attendees_units_and_the_quorum_in_force(hall):
    conference = record(hall, agenda="  Sơ kết 6 tháng đầu năm.\nBình xét.  ")
    assert conference.quorum_percent == 50
    assert conference.agenda == "Sơ kết 6 tháng đầu năm.\nBình xét."
    rows = Attendance.objects.filter(conference=conference)
    assert {(a.person_id, a.unit_id) for a in rows} == {
        (p.pk, p.unit_id) for p in hall.delegates[:4]
    }
    quorum = selectors.quorum_of(conference)
    assert (quorum.present_units, quorum.member_units, quorum.met) == (4, 8, True)
    event = AuditEvent.objects.filter(verb="voting.conference.recorded").latest("id")
    assert event.after["attendees"] == sorted(p.pk for p in hall.delegates[:4])
    assert event.after["quorum_met"] is True


def test_the_quorum_counts_member_units_not_people(hall, world):
    from thidua.organizations.tests import factories as f

    second = f.PersonFactory(unit=hall.units[0], full_name="Ngô Thị Hoa")
    guest = world.people["p4"]  # Sở Tư pháp, not a member of the block
    conference = record(hall, attendees=[*hall.delegates[:3], second, guest])
    quorum = selectors.quorum_of(conference)
    assert (quorum.present_units, quorum.member_units, quorum.met) == (3, 8, False)


def test_the_quorum_is_a_provincial_setting_kept_with_the_conference(hall, world):
    world.P.settings = {"conference_quorum": 30}
    world.P.save(update_fields=["settings"])
    conference = record(hall, attendees=hall.delegates[:3])
    assert selectors.quorum_of(conference).met is True  # 3 ≥ ⌈2.4⌉
    world.P.settings = {"conference_quorum": 100}
    world.P.save(update_fields=["settings"])
    assert selectors.quorum_of(conference).met is True  # recorded under 30 %


def test_conference_refusals(hall, world):
    refused("UNIT_NOT_IN_PROVINCE", record, hall=hall, host_unit=world.V1)
    refused("DUPLICATE_ATTENDEE", record, hall=hall, attendees=[hall.delegates[0]] * 2)
    refused(
        "ATTENDEE_NOT_IN_PROVINCE",
        record,
        hall=hall,
        attendees=[world.people["q1"]],
    )
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        refused("PERMISSION_DENIED", record, hall=hall, actor=world.users[persona])


# --- Rounds ----------------------------------------------------------------------------


def test_a_round_is_created_in_draft_with_its_candidates_in_order(hall):
    u = hall.units
    round = hall.round(seats=2, candidates=[u[4], u[0], u[2]], threshold=Fraction(2, 3))
    assert round.status == "draft"
    assert (round.threshold_numerator, round.threshold_denominator) == (2, 3)
    assert (round.votes_per, round.electorate) == ("unit", 8)
    assert list(
        Candidacy.objects.filter(round=round).values_list("unit_id", "position")
    ) == [(u[4].pk, 1), (u[0].pk, 2), (u[2].pk, 3)]
    event = AuditEvent.objects.get(verb="voting.round.created")
    assert event.after["candidates"] == [u[4].pk, u[0].pk, u[2].pk]
    assert event.after["threshold_denominator"] == 3


def test_candidates_default_to_the_ranking_order(hall, monkeypatch):
    from thidua.scoring import selectors as scoring_selectors

    u = hall.units

    class Row:
        def __init__(self, unit):
            self.unit = unit

    ranked = [u[5], u[2], u[0]]
    monkeypatch.setattr(
        scoring_selectors,
        "ranking_rows",
        lambda by, period: ([Row(x.pk) for x in ranked], None),
    )
    round = hall.round(candidates=None)
    ids = selectors.candidate_ids(round)
    assert ids[:3] == [u[5].pk, u[2].pk, u[0].pk]
    assert set(ids) == {x.pk for x in u}


def test_candidates_default_to_the_members_without_a_ranking(hall):
    round = hall.round(candidates=None)
    assert set(selectors.candidate_ids(round)) == {x.pk for x in hall.units}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"threshold": Fraction(0)}, "THRESHOLD_INVALID"),
        ({"threshold": Fraction(3, 2)}, "THRESHOLD_INVALID"),
        ({"seats": 0}, "SEATS_INVALID"),
        ({"seats": 9}, "SEATS_INVALID"),
        ({"award": "lao_dong_tien_tien"}, "AWARD_UNKNOWN"),
        ({"threshold_base": "present"}, "THRESHOLD_BASE_INVALID"),
        ({"threshold_rule": "most"}, "THRESHOLD_RULE_INVALID"),
        ({"mode": "show_of_hands"}, "VALIDATION_ERROR"),
    ],
)
def test_round_refusals(hall, changes, code):
    refused(code, hall.round, **changes)


def test_candidates_are_member_units_listed_once(hall, world):
    refused("UNIT_NOT_MEMBER", hall.round, candidates=[hall.units[0], world.U4])
    refused("DUPLICATE_CANDIDATE", hall.round, candidates=[hall.units[0]] * 2)


def test_unit_people_cannot_create_rounds(hall, world):
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        refused("PERMISSION_DENIED", hall.round, actor=world.users[persona])


def test_a_past_conference_counts_people_for_the_unit_they_then_represented(
    hall, world
):
    """After the 2025 reform moved a delegate to the successor unit (in the merged
    province), the 2024 conference still counts them for the member unit."""
    from thidua.organizations.models import Person, Succession
    from thidua.organizations.tests import factories as f

    merged = f.ProvinceFactory(name="Phú Thọ")
    world.P.successors.add(merged)
    heir = f.UnitFactory(province=merged, name="Ban Tuyên giáo Tỉnh ủy Phú Thọ")
    Succession.objects.create(
        predecessor=hall.units[0], successor=heir, effective_on=date(2025, 7, 1)
    )
    Person.objects.filter(pk=hall.delegates[0].pk).update(unit=heir)
    moved = Person.objects.get(pk=hall.delegates[0].pk)
    conference = record(hall, attendees=[moved, *hall.delegates[1:4]])
    assert (
        Attendance.objects.get(conference=conference, person=moved).unit
        == (hall.units[0])
    )
    assert selectors.quorum_of(conference).present_units == 4
    assert selectors.people_in_province([moved.pk], world.P.pk, "attendees") == [moved]
