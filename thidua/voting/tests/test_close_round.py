"""Closing a round computes and stores the result (api.md ``close``; domain.md
§6.7): votes and share per candidate, who passes the threshold, ties."""

from fractions import Fraction

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import selectors, services
from thidua.voting.models import Ballot, BallotRound, ResultLine


def refused(code, fn, **kwargs):
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.code == code, exc.value.code


def vote(hall, round, tokens, *ballots):
    for token, marks in zip(tokens, ballots, strict=False):
        hall.cast(round, token, *[hall.units[i] for i in marks])


def test_the_result_counts_votes_shares_and_the_elected(hall):
    u = hall.units
    round, tokens = hall.opened(seats=1, candidates=u[:3])
    vote(hall, round, tokens, [2], [2], [2], [2], [2], [0], [1], [])
    stored = hall.close(round)
    view = selectors.result_of(BallotRound.objects.get(pk=round.pk))
    assert (view.ballots_cast, view.invalid, view.base, view.needed, view.tie) == (
        8,
        0,
        8,  # members: 8 member units, one vote each
        4,  # ⌈1/2 × 8⌉
        False,
    )
    assert [(c.unit, c.votes, c.share, c.elected) for c in view.candidates] == [
        (u[0].pk, 1, 1 / 8, False),
        (u[1].pk, 1, 1 / 8, False),
        (u[2].pk, 5, 5 / 8, True),
    ]
    assert stored.closed_by == hall.secretary
    round.refresh_from_db()
    assert round.status == "closed"
    event = AuditEvent.objects.get(verb="voting.round.closed")
    assert event.actor_id == hall.secretary.pk
    assert event.after["elected"] == [u[2].pk]
    assert event.after["votes"] == {str(u[0].pk): 1, str(u[1].pk): 1, str(u[2].pk): 5}


def test_members_base_counts_slips_never_cast(hall):
    u = hall.units
    round, tokens = hall.opened(seats=1, candidates=u[:2])
    vote(hall, round, tokens, [0], [0], [0], [1])  # 4 of 8 cast
    hall.close(round)
    view = selectors.result_of(round)
    assert (view.base, view.needed) == (8, 4)
    assert [c.elected for c in view.candidates] == [False, False]  # 3 < 4


def test_votes_cast_base_and_more_than(hall):
    u = hall.units
    round, tokens = hall.opened(
        seats=1,
        candidates=u[:2],
        threshold_base="votes_cast",
        threshold_rule="more_than",
    )
    vote(hall, round, tokens, [0], [0], [0], [1])
    hall.close(round)
    view = selectors.result_of(round)
    assert (view.base, view.needed) == (4, 3)  # more than 2
    assert [(c.votes, c.share, c.elected) for c in view.candidates] == [
        (3, 0.75, True),
        (1, 0.25, False),
    ]


def test_two_thirds_of_nine_needs_six_not_seven(hall, world):
    from thidua.organizations.models import Membership
    from thidua.organizations.tests import factories as f

    ninth = f.UnitFactory(province=world.P, name="Đảng ủy Khối các cơ quan tỉnh")
    Membership.objects.create(
        block_year=hall.block_year, unit=ninth, role="member", year=2024
    )
    round = hall.round(threshold=Fraction(2, 3))
    assert round.electorate == 9
    services.open_round(actor=hall.secretary, round=round, voters=hall.delegates)
    hall.close(round)
    assert selectors.result_of(round).needed == 6


def test_a_tie_for_the_last_seat_elects_none_of_the_tied(hall):
    u = hall.units
    round, tokens = hall.opened(seats=2, candidates=u[:4])
    vote(hall, round, tokens, [0, 1], [0, 1], [0, 2], [0, 2], [0, 3], [1, 2], [3], [3])
    hall.close(round)
    view = selectors.result_of(round)
    assert [c.votes for c in view.candidates] == [5, 3, 3, 3]
    # needed 4: only u0 passes; nobody else ties at the last seat — unfilled instead.
    assert [c.elected for c in view.candidates] == [True, False, False, False]
    assert view.tie is False
    assert view.outcome.runoff_seats == 1
    assert view.outcome.runoff_candidates == (u[1].pk, u[2].pk, u[3].pk)


def test_a_tie_among_passing_candidates(hall):
    u = hall.units
    round, tokens = hall.opened(seats=1, candidates=u[:2], threshold=Fraction(1, 4))
    vote(hall, round, tokens, [0], [0], [0], [1], [1], [1], [], [])
    stored = hall.close(round)
    assert stored.tie is True
    assert not ResultLine.objects.filter(result=stored, elected=True).exists()
    view = selectors.result_of(round)
    assert view.tie is True
    assert view.outcome.runoff_candidates == (u[0].pk, u[1].pk)


def test_closing_rewrites_the_ballots_under_new_keys(hall):
    round, tokens = hall.opened(seats=2)
    vote(hall, round, tokens, [0, 1], [2], [], [3, 4])
    before = dict(Ballot.objects.filter(round=round).values_list("id", "choices"))
    hall.close(round)
    after = dict(Ballot.objects.filter(round=round).values_list("id", "choices"))
    assert not set(before) & set(after)
    assert sorted(map(tuple, before.values())) == sorted(map(tuple, after.values()))


def test_nothing_leaves_a_closed_round(hall):
    round, _ = hall.opened()
    hall.close(round)
    refused(
        "INVALID_TRANSITION", services.close_round, actor=hall.secretary, round=round
    )
    refused(
        "INVALID_TRANSITION",
        services.open_round,
        actor=hall.secretary,
        round=round,
        voters=hall.delegates,
    )


def test_an_electronic_round_never_opened_cannot_close(hall):
    refused(
        "INVALID_TRANSITION",
        services.close_round,
        actor=hall.secretary,
        round=hall.round(),
    )


def test_a_result_exists_only_once_closed(hall):
    round, _ = hall.opened()
    with pytest.raises(DomainError) as exc:
        selectors.result_of(round)
    assert exc.value.code == "ROUND_NOT_CLOSED"


def test_unit_people_cannot_close_a_round(hall, world):
    round, _ = hall.opened()
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        refused(
            "PERMISSION_DENIED",
            services.close_round,
            actor=world.users[persona],
            round=round,
        )


def test_elected_units_feed_proposals(hall):
    u = hall.units
    round, tokens = hall.opened(candidates=u[:2])
    vote(hall, round, tokens, [1], [1], [1], [1], [1])
    hall.close(round)
    assert selectors.elected_units(hall.block_year, "co_thi_dua_tinh") == {u[1].pk}
    assert selectors.elected_units(hall.block_year, "bang_khen_tinh") == set()
