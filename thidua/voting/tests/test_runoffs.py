"""Run-offs and the round limit (domain.md §6.7, §9 rule 13; api.md: rounds are
independent unless ``runoff_of`` names an earlier round; the limit counts a round and
its run-offs only; then the head and deputy decision is recorded with a reason)."""

from fractions import Fraction

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import selectors, services
from thidua.voting.models import BallotRound


def refused(code, fn, **kwargs):
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.code == code, exc.value.code
    return exc.value


def tied_round(hall, **kwargs):
    """A closed one-seat round where units 0 and 1 tie (4 votes each of 8)."""
    u = hall.units
    round, tokens = hall.opened(candidates=u[:3], **kwargs)
    for token, i in zip(tokens, [0, 0, 0, 0, 1, 1, 1, 1], strict=True):
        hall.cast(round, token, u[i])
    hall.close(round)
    return round


def runoff(hall, earlier, **kwargs):
    return hall.round(
        runoff_of=earlier, candidates=kwargs.pop("candidates", None), **kwargs
    )


def test_a_tie_leads_to_a_runoff_among_the_tied(hall):
    first = tied_round(hall)
    view = selectors.result_of(first)
    assert view.tie is True
    second = runoff(hall, first)
    assert second.runoff_of == first
    assert selectors.candidate_ids(second) == [hall.units[0].pk, hall.units[1].pk]
    assert selectors.rounds_held(second) == 2


def test_a_runoff_elects_and_resolves(hall):
    first = tied_round(hall)
    second = runoff(hall, first)
    tokens = services.open_round(
        actor=hall.secretary, round=second, voters=hall.delegates
    )[1]
    for token, i in zip(tokens, [0, 0, 0, 0, 0, 1, 1, 1], strict=True):
        hall.cast(second, token, hall.units[i])
    hall.close(second)
    assert selectors.elected_units(hall.block_year, "co_thi_dua_tinh") == {
        hall.units[0].pk
    }
    refused(
        "RUNOFF_NOT_NEEDED",
        services.create_round,
        actor=hall.secretary,
        conference=hall.conference,
        award="co_thi_dua_tinh",
        seats=1,
        threshold=Fraction(1, 2),
        threshold_base="members",
        mode="electronic",
        runoff_of=second,
    )


def test_the_round_limit_counts_a_round_and_its_runoffs(hall):
    first = tied_round(hall)
    second = runoff(hall, first)
    services.open_round(actor=hall.secretary, round=second, voters=hall.delegates)
    hall.close(second)  # nobody voted: still unresolved
    error = refused(
        "ROUND_LIMIT_REACHED",
        hall.round,
        runoff_of=second,
        candidates=hall.units[:2],
    )
    assert error.details == {"limit": 2}
    # Independent rounds do not count: another selection starts afresh.
    other = hall.round(award="bang_khen_tinh")
    assert selectors.rounds_held(other) == 1


def test_the_limit_is_a_provincial_setting(hall, world):
    world.P.settings = {"ballot_round_limit": 3}
    world.P.save(update_fields=["settings"])
    first = tied_round(hall)
    second = runoff(hall, first)
    services.open_round(actor=hall.secretary, round=second, voters=hall.delegates)
    hall.close(second)
    third = runoff(hall, second)
    assert selectors.rounds_held(third) == 3


def test_a_round_has_one_runoff(hall):
    first = tied_round(hall)
    runoff(hall, first)
    refused("RUNOFF_EXISTS", runoff, hall=hall, earlier=first)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"award": "bang_khen_tinh"}, "RUNOFF_OF_INVALID"),
        ({"seats": 2}, "RUNOFF_SEATS_INVALID"),
        ({"candidates": "third"}, "NOT_A_RUNOFF_CANDIDATE"),
    ],
)
def test_a_runoff_stays_within_its_round(hall, changes, code):
    first = tied_round(hall)
    if changes.get("candidates") == "third":
        changes["candidates"] = [hall.units[0], hall.units[2]]
    refused(code, runoff, hall=hall, earlier=first, **changes)


def test_a_runoff_follows_a_closed_round_only(hall):
    open_round, _ = hall.opened()
    refused("RUNOFF_OF_INVALID", runoff, hall=hall, earlier=open_round)


def test_unfilled_seats_go_to_a_runoff_among_the_best_of_the_rest(hall):
    u = hall.units
    round, tokens = hall.opened(seats=2, candidates=u[:4])
    for token, marks in zip(
        tokens, [[0, 1], [0, 1], [0, 1], [0, 1], [0, 2], [2], [3], []], strict=True
    ):
        hall.cast(round, token, *[u[i] for i in marks])
    hall.close(round)
    view = selectors.result_of(round)
    assert [c.elected for c in view.candidates] == [True, True, False, False]
    assert view.outcome.resolved
    assert not view.tie


def test_the_head_and_deputy_decide_after_the_last_round(hall):
    first = tied_round(hall)
    refused(
        "DECISION_NOT_DUE",
        services.record_decision,
        actor=hall.secretary,
        round=first,
        units=[hall.units[0]],
        reason="Tiêu biểu hơn",
    )
    second = runoff(hall, first)
    refused(
        "ROUND_NOT_CLOSED",
        services.record_decision,
        actor=hall.secretary,
        round=second,
        units=[hall.units[0]],
        reason="x",
    )
    tokens = services.open_round(
        actor=hall.secretary, round=second, voters=hall.delegates
    )[1]
    for token, i in zip(tokens, [0, 0, 0, 0, 1, 1, 1, 1], strict=True):
        hall.cast(second, token, hall.units[i])
    hall.close(second)
    refused(
        "DECISION_REASON_REQUIRED",
        services.record_decision,
        actor=hall.secretary,
        round=second,
        units=[hall.units[0]],
        reason="   ",
    )
    refused(
        "TOO_MANY_CHOICES",
        services.record_decision,
        actor=hall.secretary,
        round=second,
        units=hall.units[:2],
        reason="Cả hai",
    )
    decision = services.record_decision(
        actor=hall.secretary,
        round=second,
        units=[hall.units[0]],
        reason="Trưởng khối và Phó khối thống nhất: đơn vị tiêu biểu hơn",
    )
    assert list(decision.units.all()) == [hall.units[0]]
    assert selectors.elected_units(hall.block_year, "co_thi_dua_tinh") == {
        hall.units[0].pk
    }
    event = AuditEvent.objects.get(verb="voting.round.decided")
    assert event.after == {
        "units": [hall.units[0].pk],
        "reason": "Trưởng khối và Phó khối thống nhất: đơn vị tiêu biểu hơn",
    }
    refused(
        "DECISION_EXISTS",
        services.record_decision,
        actor=hall.secretary,
        round=second,
        units=[],
        reason="Lần nữa",
    )


def test_rounds_of_a_conference_are_independent(hall):
    flag = hall.round()
    merit = hall.round(award="bang_khen_tinh", seats=2)
    assert flag.runoff_of is None and merit.runoff_of is None
    assert BallotRound.objects.filter(conference=hall.conference).count() == 2
