"""Casting an electronic ballot with a one-time slip (api.md: the order of checks;
a refused ballot does not use up its slip; house-style "Ballot secrecy")."""

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import services
from thidua.voting.models import Ballot, BallotIssue, BallotRound, BallotToken


def refused(code, fn, *args, **kwargs):
    with pytest.raises(DomainError) as exc:
        fn(*args, **kwargs)
    assert exc.value.code == code, exc.value.code
    return exc.value


def test_open_issues_one_slip_per_voter_stored_as_hashes_only(hall):
    round, tokens = hall.opened()
    assert round.status == "open"
    assert len(tokens) == len(set(tokens)) == 8
    assert all(len(t) >= 20 for t in tokens)
    stored = set(
        BallotToken.objects.filter(round=round).values_list("token_hash", flat=True)
    )
    assert stored == {services.token_hash(t) for t in tokens}
    assert not stored & set(tokens)
    assert set(
        BallotIssue.objects.filter(round=round).values_list("voter", flat=True)
    ) == {p.pk for p in hall.delegates}
    event = AuditEvent.objects.get(verb="voting.round.opened")
    assert event.after == {"status": "open", "slips": 8}
    assert not any(t in str(event.after) for t in tokens)


def test_a_ballot_is_accepted_once_and_counted(hall):
    round, tokens = hall.opened(seats=2)
    hall.cast(round, tokens[0], hall.units[0], hall.units[2])
    assert BallotToken.objects.filter(round=round, used=True).count() == 1
    ballot = Ballot.objects.get(round=round)
    assert ballot.choices == sorted([hall.units[0].pk, hall.units[2].pk])
    refused("TOKEN_USED", hall.cast, round, tokens[0], hall.units[1])
    assert Ballot.objects.filter(round=round).count() == 1


def test_the_cast_event_names_the_round_only(hall):
    round, tokens = hall.opened()
    hall.cast(round, tokens[3], hall.units[4])
    event = AuditEvent.objects.get(verb="voting.ballot.cast")
    assert event.actor_id is None
    assert (event.target_type, event.target_id) == ("voting.ballotround", str(round.pk))
    assert event.before is None and event.after is None and event.note == ""


def test_a_blank_ballot_is_cast_and_uses_its_slip(hall):
    round, tokens = hall.opened()
    hall.cast(round, tokens[0])
    assert Ballot.objects.get(round=round).choices == []
    refused("TOKEN_USED", hall.cast, round, tokens[0])


# --- The order of checks (api.md) ------------------------------------------------------


def test_a_round_not_open_refuses_first_even_an_unknown_slip(hall):
    draft = hall.round()
    refused("ROUND_CLOSED", hall.cast, draft, "no-such-slip", *hall.units)
    round, tokens = hall.opened(award="bang_khen_tinh")
    hall.close(round)
    refused("ROUND_CLOSED", hall.cast, round, tokens[0], hall.units[0])
    refused("ROUND_CLOSED", hall.cast, round, "whatever", *hall.units)


def test_a_paper_round_refuses_electronic_ballots(hall):
    paper = hall.round(mode="paper")
    refused("ROUND_CLOSED", hall.cast, paper, "x", hall.units[0])


@pytest.mark.parametrize(
    "token", ["", " ", "x" * 5000, "\x00", "\ud800", "Nguyễn", "NULL", "' OR 1=1 --"]
)
def test_any_string_never_issued_is_an_invalid_slip(hall, token):
    round, _ = hall.opened()
    refused("TOKEN_INVALID", hall.cast, round, token, *hall.units)


def test_a_slip_of_another_round_is_invalid_here(hall):
    first, tokens = hall.opened()
    second, _ = hall.opened(award="bang_khen_tinh")
    refused("TOKEN_INVALID", hall.cast, second, tokens[0], hall.units[0])
    hall.cast(first, tokens[0], hall.units[0])


def test_a_used_slip_is_refused_before_its_choices_are_read(hall):
    round, tokens = hall.opened()
    hall.cast(round, tokens[0], hall.units[0])
    refused("TOKEN_USED", hall.cast, round, tokens[0], *hall.units)


def test_too_many_choices_before_a_stranger(hall):
    round, tokens = hall.opened(seats=2, candidates=hall.units[:3])
    error = refused(
        "TOO_MANY_CHOICES", hall.cast, round, tokens[0], hall.units[5], *hall.units[6:]
    )
    assert error.details == {"seats": 2, "choices": 3}
    refused("NOT_A_CANDIDATE", hall.cast, round, tokens[0], hall.units[7])


def test_a_candidate_chosen_twice_is_refused(hall):
    round, tokens = hall.opened(seats=2)
    refused(
        "DUPLICATE_CHOICE", hall.cast, round, tokens[0], hall.units[0], hall.units[0]
    )


def test_a_refused_ballot_does_not_use_up_its_slip(hall):
    round, tokens = hall.opened(seats=1, candidates=hall.units[:3])
    refused("TOO_MANY_CHOICES", hall.cast, round, tokens[0], *hall.units[:2])
    refused("NOT_A_CANDIDATE", hall.cast, round, tokens[0], hall.units[7])
    assert not BallotToken.objects.filter(round=round, used=True).exists()
    assert not Ballot.objects.exists()
    assert not AuditEvent.objects.filter(verb="voting.ballot.cast").exists()
    hall.cast(round, tokens[0], hall.units[1])
    assert Ballot.objects.count() == 1


def test_a_stale_round_object_still_sees_the_round_closed(hall):
    round, tokens = hall.opened()
    stale = BallotRound.objects.get(pk=round.pk)
    hall.close(round)
    assert stale.status == "open"
    refused(
        "ROUND_CLOSED", services.cast_ballot, round=stale, token=tokens[0], choices=[]
    )


# --- Opening -----------------------------------------------------------------------------


def test_only_attendees_of_member_units_receive_slips(hall, world):
    guest = world.people["p4"]  # Sở Tư pháp: in province P, not in the block
    refused("VOTER_NOT_ATTENDEE", hall.opened, voters=[*hall.delegates, guest])
    refused("VOTERS_REQUIRED", hall.opened, voters=[])
    refused("DUPLICATE_VOTER", hall.opened, voters=[hall.delegates[0]] * 2)


def test_one_vote_per_member_unit_by_default(hall, world):
    from thidua.organizations.tests import factories as f
    from thidua.voting.models import Attendance

    second = f.PersonFactory(unit=hall.units[0], full_name="Ngô Thị Hoa")
    Attendance.objects.create(
        conference=hall.conference, person=second, unit=hall.units[0]
    )
    refused("ONE_VOTER_PER_UNIT", hall.opened, voters=[*hall.delegates, second])


def test_a_province_may_give_a_vote_to_every_attendee(hall, world):
    from thidua.organizations.tests import factories as f
    from thidua.voting.models import Attendance

    world.P.settings = {"votes_per": "attendee"}
    world.P.save(update_fields=["settings"])
    second = f.PersonFactory(unit=hall.units[0], full_name="Ngô Thị Hoa")
    Attendance.objects.create(
        conference=hall.conference, person=second, unit=hall.units[0]
    )
    round, tokens = hall.opened(voters=[*hall.delegates, second])
    assert round.votes_per == "attendee"
    assert round.electorate == 9
    assert len(tokens) == 9


def test_a_round_opens_once(hall):
    round, _ = hall.opened()
    refused(
        "INVALID_TRANSITION",
        services.open_round,
        actor=hall.secretary,
        round=round,
        voters=hall.delegates,
    )
    stale = BallotRound.objects.get(pk=round.pk)
    stale.status = "draft"  # another tab still shows it as a draft
    refused(
        "INVALID_TRANSITION",
        services.open_round,
        actor=hall.secretary,
        round=stale,
        voters=hall.delegates,
    )
    assert BallotToken.objects.filter(round=round).count() == 8


def test_a_paper_round_is_never_opened(hall):
    paper = hall.round(mode="paper")
    refused(
        "INVALID_TRANSITION",
        services.open_round,
        actor=hall.secretary,
        round=paper,
        voters=hall.delegates,
    )


def test_unit_people_cannot_open_a_round(hall, world):
    round = hall.round()
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        refused(
            "PERMISSION_DENIED",
            services.open_round,
            actor=world.users[persona],
            round=round,
            voters=hall.delegates,
        )
