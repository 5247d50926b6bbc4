"""The counting board's double entry of a paper round (api.md: first entry awaits
confirmation; a second entry by another user that agrees is accepted, one that differs
is a mismatch, both kept; enter again)."""

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import services
from thidua.voting.models import PaperCount


def refused(code, fn, **kwargs):
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.code == code, exc.value.code
    return exc.value


@pytest.fixture
def paper(hall):
    return hall.round(mode="paper", seats=1, candidates=hall.units[:3])


def enter(hall, round, actor, votes, *, cast=8, invalid=1):
    counts = {u.pk: v for u, v in zip(hall.units[:3], votes, strict=False)}
    return services.enter_paper_count(
        actor=actor, round=round, ballots_cast=cast, invalid=invalid, counts=counts
    )


def test_two_agreeing_entries_by_two_users_accept_the_count(hall, paper):
    first = enter(hall, paper, hall.secretary, [5, 2, 0])
    assert first.outcome == "awaiting_confirmation"
    paper.refresh_from_db()
    assert paper.count_status == "awaiting_confirmation"
    second = enter(hall, paper, hall.admin, [5, 2])  # an unmarked candidate is 0
    assert second.outcome == "accepted"
    paper.refresh_from_db()
    assert paper.count_status == "accepted"
    assert [e.seq for e in PaperCount.objects.filter(round=paper)] == [1, 2]
    events = AuditEvent.objects.filter(verb="voting.paper_count.entered").order_by("id")
    assert [e.after["count_status"] for e in events] == [
        "awaiting_confirmation",
        "accepted",
    ]
    assert events[0].after["counts"] == {
        str(hall.units[0].pk): 5,
        str(hall.units[1].pk): 2,
        str(hall.units[2].pk): 0,
    }


def test_a_differing_second_entry_is_a_mismatch_and_both_are_kept(hall, paper):
    enter(hall, paper, hall.secretary, [5, 2, 0])
    assert enter(hall, paper, hall.admin, [5, 1, 1]).outcome == "mismatch"
    kept = list(PaperCount.objects.filter(round=paper).order_by("seq"))
    assert [(e.seq, e.entered_by, e.outcome) for e in kept] == [
        (1, hall.secretary, "awaiting_confirmation"),
        (2, hall.admin, "mismatch"),
    ]
    refused(
        "COUNT_NOT_CONFIRMED", services.close_round, actor=hall.secretary, round=paper
    )
    # Enter again: a new first entry, then its confirmation by another member.
    assert enter(hall, paper, hall.admin, [5, 1, 1]).outcome == "awaiting_confirmation"
    assert enter(hall, paper, hall.secretary, [5, 1, 1]).outcome == "accepted"
    assert PaperCount.objects.filter(round=paper).count() == 4


def test_a_different_invalid_count_is_a_mismatch(hall, paper):
    enter(hall, paper, hall.secretary, [5, 2, 0])
    assert enter(hall, paper, hall.admin, [5, 2, 0], invalid=0).outcome == "mismatch"


def test_the_same_user_cannot_confirm_their_own_entry(hall, paper):
    enter(hall, paper, hall.secretary, [5, 2, 0])
    refused(
        "COUNT_SAME_USER",
        services.enter_paper_count,
        actor=hall.secretary,
        round=paper,
        ballots_cast=8,
        invalid=1,
        counts={hall.units[0].pk: 5, hall.units[1].pk: 2},
    )
    assert PaperCount.objects.filter(round=paper).count() == 1


def test_an_accepted_count_is_not_entered_again_and_closes_the_round(hall, paper):
    enter(hall, paper, hall.secretary, [5, 2, 0])
    enter(hall, paper, hall.admin, [5, 2, 0])
    refused(
        "COUNT_ALREADY_ACCEPTED",
        services.enter_paper_count,
        actor=hall.secretary,
        round=paper,
        ballots_cast=8,
        invalid=1,
        counts={},
    )
    result = services.close_round(actor=hall.secretary, round=paper)
    assert (result.ballots_cast, result.invalid, result.base, result.needed) == (
        8,
        1,
        8,
        4,
    )
    assert [(line.unit, line.votes, line.elected) for line in result.lines.all()] == [
        (hall.units[0], 5, True),
        (hall.units[1], 2, False),
        (hall.units[2], 0, False),
    ]
    refused(
        "ROUND_CLOSED",
        services.enter_paper_count,
        actor=hall.admin,
        round=paper,
        ballots_cast=8,
        invalid=1,
        counts={},
    )


def test_a_paper_round_without_a_count_cannot_close(hall, paper):
    refused(
        "COUNT_NOT_CONFIRMED", services.close_round, actor=hall.secretary, round=paper
    )
    enter(hall, paper, hall.secretary, [5, 2, 0])
    refused(
        "COUNT_NOT_CONFIRMED", services.close_round, actor=hall.secretary, round=paper
    )


@pytest.mark.parametrize(
    ("cast", "invalid", "votes", "code"),
    [
        (9, 0, [5, 2, 0], "BALLOTS_EXCEED_VOTERS"),  # 8 member units
        (8, 9, [0, 0, 0], "INVALID_EXCEEDS_CAST"),
        (8, 1, [8, 0, 0], "VOTES_EXCEED_BALLOTS"),
        (8, 1, [5, 3, 0], "VOTES_EXCEED_CHOICES"),  # 8 marks on 7 valid 1-seat slips
        (8, -1, [5, 3, 0], "COUNT_NEGATIVE"),
    ],
)
def test_a_count_that_does_not_add_up_is_refused(
    hall, paper, cast, invalid, votes, code
):
    refused(
        code,
        enter,
        hall=hall,
        round=paper,
        actor=hall.secretary,
        votes=votes,
        cast=cast,
        invalid=invalid,
    )
    assert not PaperCount.objects.exists()


def test_a_count_for_a_unit_not_standing_is_refused(hall, paper):
    refused(
        "NOT_A_CANDIDATE",
        services.enter_paper_count,
        actor=hall.secretary,
        round=paper,
        ballots_cast=8,
        invalid=0,
        counts={hall.units[7].pk: 1},
    )


def test_counts_are_for_paper_rounds_only(hall):
    round = hall.round(mode="electronic")
    refused(
        "PAPER_ROUND_ONLY",
        services.enter_paper_count,
        actor=hall.secretary,
        round=round,
        ballots_cast=1,
        invalid=0,
        counts={},
    )


def test_unit_people_are_not_on_the_counting_board(hall, paper, world):
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        refused(
            "PERMISSION_DENIED",
            services.enter_paper_count,
            actor=world.users[persona],
            round=paper,
            ballots_cast=8,
            invalid=0,
            counts={},
        )
