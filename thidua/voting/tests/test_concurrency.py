"""Fifty ballots cast at once with one slip are accepted exactly once; two slips both
count (issue 4: "each token votes once"; house-style: compare-and-swap).

PostgreSQL only: the test needs real concurrent transactions in separate connections.
pytest-django runs SQLite tests on an in-memory database that each thread's new
connection would not see (every connection opens its own empty in-memory database),
and SQLite writes one transaction at a time anyway (``BEGIN IMMEDIATE``), so there is
no race there to test.
"""

import threading

import pytest
from django.db import connection, connections

from thidua.core.errors import DomainError
from thidua.voting import services
from thidua.voting.models import Ballot, BallotRound, BallotToken

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections to one database (see the module doc)",
    ),
]

THREADS = 50


def race(jobs):
    """Run the jobs at the same moment in their own threads (and connections);
    answer what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            job()
            outcomes[i] = "accepted"
        except DomainError as error:
            outcomes[i] = error.code
        except Exception as error:  # reported by the assertion
            outcomes[i] = repr(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def test_fifty_casts_with_one_slip_are_accepted_exactly_once(hall):
    round, tokens = hall.opened(seats=1)
    choice = hall.units[2].pk

    def cast():
        fresh = BallotRound.objects.select_related("conference__block_year__block").get(
            pk=round.pk
        )
        services.cast_ballot(round=fresh, token=tokens[0], choices=[choice])

    outcomes = race([cast] * THREADS)
    assert outcomes.count("accepted") == 1, outcomes
    assert outcomes.count("TOKEN_USED") == THREADS - 1, outcomes
    assert Ballot.objects.filter(round=round).count() == 1
    assert BallotToken.objects.filter(round=round, used=True).count() == 1


def test_two_slips_cast_at_once_both_count(hall):
    round, tokens = hall.opened(seats=1)
    u = hall.units

    def cast(token, unit):
        def job():
            fresh = BallotRound.objects.select_related(
                "conference__block_year__block"
            ).get(pk=round.pk)
            services.cast_ballot(round=fresh, token=token, choices=[unit.pk])

        return job

    jobs = [cast(tokens[0], u[0]), cast(tokens[1], u[1])] * (THREADS // 2)
    outcomes = race(jobs)
    assert outcomes.count("accepted") == 2, outcomes
    assert outcomes.count("TOKEN_USED") == THREADS - 2, outcomes
    hall.close(round)
    lines = {line.unit_id: line.votes for line in round.result.lines.all()}
    assert (lines[u[0].pk], lines[u[1].pk]) == (1, 1)


def test_a_close_during_casting_counts_every_ballot_it_accepted(hall):
    """Casts hold a shared lock on the round, the close an exclusive one: every
    ballot accepted is in the result, and every cast after the close is refused."""
    round, tokens = hall.opened(seats=1)
    choice = hall.units[0].pk

    def cast(token):
        def job():
            fresh = BallotRound.objects.select_related(
                "conference__block_year__block"
            ).get(pk=round.pk)
            services.cast_ballot(round=fresh, token=token, choices=[choice])

        return job

    def close():
        services.close_round(actor=hall.secretary, round=round)

    outcomes = race([*(cast(t) for t in tokens), close])
    assert outcomes[-1] == "accepted"
    accepted = outcomes[:-1].count("accepted")
    assert outcomes[:-1].count("ROUND_CLOSED") == len(tokens) - accepted, outcomes
    round.refresh_from_db()
    assert round.result.ballots_cast == accepted
    assert Ballot.objects.filter(round=round).count() == accepted
    assert BallotToken.objects.filter(round=round, used=True).count() == accepted
