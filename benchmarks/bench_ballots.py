"""Cast and tally secret ballots through the services; print ballots per second.

Not a test (design.md §8: benchmarks print figures and ratios against a baseline
measured in the same run, never asserting wall time). It builds one conference with
N attendees (one vote per attendee), opens an electronic round with N slips, casts N
ballots with ``cast_ballot`` — one transaction each: shared lock on the round,
compare-and-swap on the slip, the ballot, the audit event — then closes the round
(tally, rewrite of the ballots in a random order, stored result).

Baselines, same database, same run:
- inserting N ballot rows one at a time, one transaction each (what a cast costs
  without its checks and its audit event);
- inserting N ballot rows with one ``bulk_create``;
- reading N ballots back (what a tally must at least do).

Usage::

    .venv/bin/python benchmarks/bench_ballots.py [--ballots N]
        [--database-url URL]   # default: a throwaway SQLite file in /tmp
        [--keep]               # keep the throwaway file

The database given by ``--database-url`` is migrated and receives the benchmark's
rows (a province "Tỉnh đo hiệu năng"); use a scratch database.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPEN = "open: issue N slips (one transaction)"
CAST = "cast_ballot (service, one transaction each)"
CLOSE = "close_round (tally, reshuffle, store)"
TALLY = "tally_ballots (pure rule, in memory)"
INSERT = "baseline: INSERT one row, one transaction each"
READ = "baseline: read N ballots back"
BULK = "baseline: bulk_create N rows"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    return parser.parse_args()


@contextmanager
def timed(results, label, rows):
    start = time.perf_counter()
    yield
    results.append((label, rows, time.perf_counter() - start))


def main():
    args = parse_args()
    scratch = None
    if args.database_url is None:
        handle, scratch = tempfile.mkstemp(prefix="thidua-bench-", suffix=".sqlite3")
        os.close(handle)
        args.database_url = f"sqlite:///{scratch}"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if scratch and not args.keep:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(scratch + suffix).unlink(missing_ok=True)


def run(args):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from thidua.organizations.models import (
        Block,
        BlockYear,
        Membership,
        Person,
        Province,
        Unit,
    )
    from thidua.rules import ballots as ballot_rules
    from thidua.rules.text import fold, person_sort_key
    from thidua.voting import services
    from thidua.voting.models import Ballot, BallotRound

    n = args.ballots
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"ballots: {n:,}")

    # --- Set-up (not timed): a block of 10 units, N attendees, one vote each.
    User = get_user_model()
    actor = User.objects.create_superuser(
        f"bench-{time.time_ns()}", "bench@example.invalid", None
    )
    province = Province.objects.create(
        name="Tỉnh đo hiệu năng", settings={"votes_per": "attendee"}
    )
    units = [
        Unit.objects.create(province=province, name=f"Đơn vị {i + 1}")
        for i in range(10)
    ]
    block = Block.objects.create(province=province, name="Khối đo", kind="khoi")
    block_year = BlockYear.objects.create(block=block, year=2024)
    Membership.objects.bulk_create(
        Membership(
            block_year=block_year,
            unit=u,
            role="head" if i == 0 else "deputy" if i == 1 else "member",
            year=2024,
        )
        for i, u in enumerate(units)
    )
    names = [f"Đại biểu {i:05d}" for i in range(n)]
    Person.objects.bulk_create(
        (
            Person(
                unit=units[i % 10],
                full_name=name,
                gender="female",
                sort_key=person_sort_key(name),
                search_name=fold(name),
            )
            for i, name in enumerate(names)
        ),
        batch_size=1000,
    )
    people = list(Person.objects.filter(unit__province=province).select_related("unit"))
    conference = services.record_conference(
        actor=actor,
        block_year=block_year,
        kind="tong_ket",
        date=date(2024, 12, 18),
        host_unit=units[0],
        attendees=people,
    )
    round = services.create_round(
        actor=actor,
        conference=conference,
        award="bang_khen_tinh",
        seats=3,
        threshold=Fraction(1, 2),
        threshold_base="votes_cast",
        mode="electronic",
        candidates=units,
    )
    candidates = [u.pk for u in units]
    ballots = [rng.sample(candidates, rng.randint(0, 3)) for _ in range(n)]

    results: list[tuple[str, int, float]] = []
    with timed(results, OPEN, n):
        round, tokens = services.open_round(actor=actor, round=round, voters=people)
    round = BallotRound.objects.select_related("conference__block_year__block").get(
        pk=round.pk
    )

    with timed(results, CAST, n):
        for token, marks in zip(tokens, ballots, strict=True):
            services.cast_ballot(round=round, token=token, choices=marks)

    with timed(results, CLOSE, n):
        services.close_round(actor=actor, round=round)

    stored = list(Ballot.objects.filter(round=round).values_list("choices", flat=True))
    with timed(results, TALLY, n):
        ballot_rules.tally_ballots(stored, candidates, 3)

    # --- Baselines, in a scratch round of the same conference.
    scratch = services.create_round(
        actor=actor,
        conference=conference,
        award="giay_khen",
        seats=3,
        threshold=Fraction(1, 2),
        threshold_base="votes_cast",
        mode="electronic",
        candidates=units,
    )
    with timed(results, INSERT, n):
        for marks in ballots:
            with transaction.atomic():
                Ballot.objects.create(round=scratch, choices=marks)
    with timed(results, READ, n):
        list(Ballot.objects.filter(round=scratch).values_list("choices", flat=True))
    Ballot.objects.filter(round=scratch).delete()
    with timed(results, BULK, n):
        Ballot.objects.bulk_create(
            (Ballot(round=scratch, choices=m) for m in ballots), batch_size=1000
        )
    Ballot.objects.filter(round=scratch).delete()

    rate = {label: rows / seconds for label, rows, seconds in results}
    insert = rate[INSERT]
    bulk = rate[BULK]
    read = rate[READ]
    # Each operation against the baseline doing the least it must do: a cast is a
    # one-row transaction; opening and closing write N rows at once (the close reads
    # and rewrites the ballots); the pure tally reads what the rows hold.
    against = {OPEN: (bulk, "bulk"), CAST: (insert, "insert"), CLOSE: (bulk, "bulk")}
    against[TALLY] = (read, "read")
    print()
    print(f"{'operation':<46} {'seconds':>8} {'ballots/s':>11}  vs baseline")
    for label, rows, seconds in results:
        base, name = against.get(label, (None, ""))
        ratio = f"{rate[label] / base:.2f}x {name}" if base else ""
        print(f"{label:<46} {seconds:>8.3f} {rows / seconds:>11,.0f}  {ratio}")
    print()
    print(
        f"casting:  {rate[CAST]:,.0f} ballots/s "
        f"({rate[CAST] / insert:.2f}x a bare one-row INSERT transaction: {insert:,.0f}/s)"
    )
    print(
        f"tallying: {rate[CLOSE]:,.0f} ballots/s closing the round "
        f"({rate[CLOSE] / bulk:.2f}x a bulk_create of the rows: {bulk:,.0f}/s); "
        f"{rate[TALLY]:,.0f} ballots/s for the pure rule"
    )


if __name__ == "__main__":
    main()
