"""Evaluate the eligibility of every person of a synthetic province; print people
per second and the query count (issue 5's benchmark; issue 8's bar: 5,000/s).

Not a test (design.md §8: benchmarks print figures and ratios against a baseline
measured in the same run, never asserting wall time). It builds a province with
``generate_synthetic`` (50,000 people in 500 units, ten years of ratings and
awards; ``--small``: 2,000 people in 20 units), then for Chiến sĩ thi đua cơ sở and
Lao động tiên tiến of 2024:

- the shell: ``selectors.person_facts_many`` (the facts from the database, a fixed
  number of queries per 2,000 people) streamed into ``rules.evaluate_many`` — what
  a batch of the whole province costs; queries counted with CaptureQueriesContext;
- baseline: the pure engine alone, ``rules.evaluate_many`` over the same facts
  already in memory — what the rules cost without the database;
- the query count for 200 people and for 2,000 (one chunk): the same count.

Usage::

    .venv/bin/python benchmarks/bench_eligibility.py [--small] [--people N]
        [--database-url URL]   # default: a throwaway SQLite file in /tmp
        [--keep]               # keep the throwaway file
        [--existing]           # use the synthetic province already there (run.py)

The database given by ``--database-url`` is migrated and receives a synthetic
province; use a scratch database.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
AWARDS = ("chien_si_thi_dua_co_so", "lao_dong_tien_tien")
SMALL_PEOPLE = 2_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="2,000 people (CI)")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--existing", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
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
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if scratch and not args.keep:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(scratch + suffix).unlink(missing_ok=True)


def _province(args):
    """The synthetic province: generated here, or the one already there."""
    from django.core.management import call_command

    from thidua.organizations.models import Province

    if not args.existing:
        people = args.people or (SMALL_PEOPLE if args.small else 50_000)
        units = max(2, people // 100)
        call_command(
            "generate_synthetic",
            provinces=1,
            seed=args.seed,
            blocks_per_province=max(1, units // 9),
            units=units,
            people=people,
            years=args.years,
            stdout=StringIO(),
        )
    return Province.objects.filter(code="TH01").order_by("-id").first()


def _queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, len(captured)


def run(args):
    from django.db import connection

    from thidua.awards import selectors
    from thidua.organizations.models import Person
    from thidua.rules import eligibility as rules

    province = _province(args)
    ids = list(
        Person.objects.filter(unit__province=province)
        .order_by("id")
        .values_list("id", flat=True)
    )
    params = selectors.params_for(province)
    on = date(YEAR, 12, 31)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"people: {len(ids):,} of {province.name}; year {YEAR}")
    print()

    def shell(award, people):
        answers = rules.evaluate_many(
            selectors.person_facts_many(people), award, YEAR, params, on=on
        )
        return sum(1 for _ in answers)

    results = []
    for award in AWARDS:
        start = time.perf_counter()
        answered, queries = _queries(lambda award=award: shell(award, ids))
        seconds = time.perf_counter() - start
        results.append((award, answered, seconds, queries))

    # Baseline: the same facts already in memory (built once, not timed).
    facts = list(selectors.person_facts_many(ids))
    engine = {}
    for award in AWARDS:
        start = time.perf_counter()
        answered = sum(
            1 for _ in rules.evaluate_many(facts, award, YEAR, params, on=on)
        )
        engine[award] = answered / (time.perf_counter() - start)
    eligible = {
        award: sum(
            1
            for _, a in rules.evaluate_many(facts, award, YEAR, params, on=on)
            if a.eligible
        )
        for award in AWARDS
    }
    del facts

    few = min(200, len(ids))
    chunk = ids[:SMALL_PEOPLE]
    _, q_few = _queries(lambda: shell(AWARDS[0], ids[:few]))
    _, q_chunk = _queries(lambda: shell(AWARDS[0], chunk))

    print(f"{'award':<26} {'people':>8} {'seconds':>8} {'people/s':>10} {'queries':>8}")
    for award, answered, seconds, queries in results:
        print(
            f"{award:<26} {answered:>8,} {seconds:>8.2f} "
            f"{answered / seconds:>10,.0f} {queries:>8}"
        )
    print()
    for award, answered, seconds, queries in results:
        rate = answered / seconds
        print(
            f"eligibility shell {award}: {rate:,.0f} people/s, {queries} queries "
            f"for {answered:,} people ({eligible[award]:,} eligible); "
            f"pure engine on the same facts: {engine[award]:,.0f} people/s "
            f"(shell {rate / engine[award]:.2f}x engine)"
        )
    print(
        f"query count: {q_few} for {few:,} people, {q_chunk} for {len(chunk):,} "
        f"people (one chunk of {SMALL_PEOPLE:,})"
    )
    return {
        "rates": {a: n / s for a, n, s, _ in results},
        "queries": {a: q for a, _, _, q in results},
        "engine": engine,
        "query_count": (q_few, q_chunk),
    }


def summary(small: bool, seed: int) -> list[str]:
    """For ``run.py``: the summary lines, on the province it generated."""
    import contextlib

    out = StringIO()
    argv = ["--existing", "--seed", str(seed)] + (["--small"] if small else [])
    with contextlib.redirect_stdout(out):
        run(parse_args(argv))
    return [
        line
        for line in out.getvalue().splitlines()
        if line.startswith(("eligibility shell", "query count:"))
    ]


if __name__ == "__main__":
    main()
