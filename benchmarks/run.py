"""Run every benchmark in one command and write the results (issue 8).

    .venv/bin/python benchmarks/run.py [--small] [--database-url URL] [--output PATH]

Builds a fresh database (a SQLite file in a temporary directory unless
``--database-url`` names a scratch database), migrates it, fills it with
``generate_synthetic`` (one province by default; ``--small``: a tiny one so the run
takes seconds), starts gunicorn (2 workers) on 127.0.0.1 and, for each endpoint,
measures requests/s and p50/p95 latency with 10 concurrent clients (threads +
http.client) beside the bare ``/healthz`` view measured in the same run. Query
counts per request come from the test client in-process against the same database.
Then the eligibility batch (people/s) and the ballot cast/tally rates (from
``bench_ballots.py``). Prints a table and writes it, with the machine and the
dataset size, to ``benchmarks/RESULTS.md`` (or ``--output``).

Figures are printed, never asserted. Traffic goes only to 127.0.0.1; every loop is
bounded in count and in time; the server is stopped at the end.
"""

import argparse
import contextlib
import http.client
import io
import os
import platform
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 10
MAX_REQUESTS = 200_000  # per endpoint, whatever the duration
P95_BAR_MS = 250
RATIO_BAR = 0.10
FULL = {"provinces": 1, "blocks": 60, "units": 500, "people": 50_000, "years": 10}
SMALL = {"provinces": 1, "blocks": 3, "units": 24, "people": 240, "years": 2}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="tiny sizes (CI)")
    parser.add_argument("--database-url", default=None, help="a scratch database")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    parser.add_argument("--seconds", type=float, default=None, help="per endpoint")
    parser.add_argument("--provinces", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2024)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    sizes = dict(SMALL if args.small else FULL)
    if args.provinces:
        sizes["provinces"] = args.provinces
    seconds = args.seconds or (0.5 if args.small else 4.0)
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "MEDIA_ROOT": f"{tmp}/media",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "API_RATE_LIMIT": "10000000/min",
        }
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        try:
            run(args, env, sizes, seconds)
        finally:
            from django.db import connections

            connections.close_all()


def run(args, env, sizes, seconds):
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    out = io.StringIO()
    t0 = time.perf_counter()
    call_command(
        "generate_synthetic",
        provinces=sizes["provinces"],
        seed=args.seed,
        blocks_per_province=sizes["blocks"],
        units=sizes["units"],
        people=sizes["people"],
        years=sizes["years"],
        stdout=out,
    )
    generated = out.getvalue().strip().splitlines()[-1]
    generate_seconds = time.perf_counter() - t0
    print(f"database: {connection.vendor}; {generated}")

    target = _targets()
    endpoints = [
        ("bare view /healthz (baseline)", "/healthz", "none"),
        (
            "API units of a province",
            f"/api/v1/units?province={target['province']}",
            "api",
        ),
        ("API blocks", "/api/v1/blocks", "api"),
        ("API block year", f"/api/v1/block-years/{target['block_year']}", "api"),
        (
            "API ranking",
            f"/api/v1/block-years/{target['block_year']}/ranking?period=year",
            "api",
        ),
        ("page: province", f"/provinces/{target['province']}/", "session"),
        ("page: block year", f"/block-years/{target['block_year']}/", "session"),
        ("page: ranking", f"/block-years/{target['block_year']}/ranking/", "session"),
    ]
    headers = {
        "none": {},
        "api": {"Authorization": f"Bearer {target['api_token']}"},
        "session": {"Cookie": f"sessionid={target['session']}"},
    }
    queries = {path: _query_count(path, headers[auth]) for _, path, auth in endpoints}
    connection.close()

    rows = []
    with _gunicorn(env) as port:
        for label, path, auth in endpoints:
            stats = _load(port, path, headers[auth], seconds)
            rows.append({"label": label, "path": path, **stats, **queries[path]})
            print(
                f"  {label:<34} {stats['rps']:>8,.0f} req/s  p50 {stats['p50']:6.1f} ms"
                f"  p95 {stats['p95']:6.1f} ms  queries {queries[path]['queries']}"
                f"  errors {stats['errors']}"
            )
    bare = rows[0]["rps"] or 1.0
    for row in rows:
        row["ratio"] = row["rps"] / bare

    people = 1_000 if args.small else 50_000
    eligibility = _eligibility(people, args.seed)
    print(
        f"  eligibility batch: {eligibility['rate']:,.0f} people/s "
        f"({people:,} people; baseline building the facts: "
        f"{eligibility['baseline']:,.0f}/s)"
    )
    ballots = _ballots(200 if args.small else 5_000, args.seed)
    for line in ballots["summary"]:
        print(f"  {line}")

    report = _report(
        args, sizes, generated, generate_seconds, rows, eligibility, ballots
    )
    Path(args.output).write_text(report, encoding="utf-8")
    print()
    print(_table(rows))
    print(f"\nwrote {args.output} in {time.perf_counter() - started:.1f} s")


def _targets() -> dict:
    """A province, a block year with a published ranking, an API token and a
    session of a superuser (scope checks pass; the queries are those of a Board
    member who sees everything)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from thidua.core.api_auth import issue_token
    from thidua.organizations.models import BlockYear, Province

    province = Province.objects.filter(code="TH01").order_by("id").first()
    block_year = (
        BlockYear.objects.filter(block__province=province, publications__period="year")
        .order_by("-year", "block__sort_key", "id")
        .first()
    )
    user = get_user_model().objects.create_superuser(
        f"bench-{secrets.token_hex(4)}", "bench@example.invalid", None
    )
    token, _ = issue_token(user)
    client = Client()
    client.force_login(user)
    return {
        "province": province.pk,
        "block_year": block_year.pk,
        "api_token": token,
        "session": client.cookies["sessionid"].value,
        "user": user,
    }


def _query_count(path: str, headers: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=headers)
    client.get(path)  # warm caches (content types, sessions) as a server would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return {"queries": len(captured), "status": response.status_code}


@contextlib.contextmanager
def _gunicorn(env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "thidua.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                _get(port, "/healthz", {})
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer within 30 s")
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _get(port: int, path: str, headers: dict) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _load(port: int, path: str, headers: dict, seconds: float) -> dict:
    """10 clients for ``seconds`` (after a short warm-up), at most MAX_REQUESTS."""
    for _ in range(4):
        _get(port, path, headers)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    budget = [MAX_REQUESTS]
    start = time.perf_counter()
    deadline = start + seconds

    def client():
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            t = time.perf_counter()
            try:
                ok = _get(port, path, headers) == 200
            except OSError:
                ok = False
            mine.append(time.perf_counter() - t)
            bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.perf_counter() - start
    latencies.sort()
    ms = [x * 1000 for x in latencies] or [0.0]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(ms),
        "p95": ms[min(len(ms) - 1, int(len(ms) * 0.95))],
        "errors": errors[0],
    }


def _eligibility(n: int, seed: int) -> dict:
    """evaluate_many over synthetic PersonFacts built in-process (a decade of
    ratings and awards each); baseline: building the same facts."""
    import random

    from thidua.rules import eligibility as e

    rng = random.Random(seed)
    levels = (e.HTXS, e.HTXS, e.HTT, e.HTT, e.HTT, e.HT, e.KHT)

    def facts():
        for i in range(n):
            ratings = tuple(
                e.Rating(year=y, level=rng.choice(levels)) for y in range(2015, 2025)
            )
            awards = tuple(
                e.AwardHeld(award=e.LDTT, year=r.year)
                for r in ratings
                if r.level in (e.HTXS, e.HTT)
            )
            yield e.PersonFacts(
                id=i,
                gender=rng.choice(("male", "female")),
                ratings=ratings,
                awards=awards,
            )

    t = time.perf_counter()
    built = sum(1 for _ in facts())
    baseline = built / (time.perf_counter() - t)
    rates = {}
    for award in (e.LDTT, e.CSTDCS):
        t = time.perf_counter()
        answered = sum(
            1 for _ in e.evaluate_many(facts(), award, 2024, on=date(2024, 12, 31))
        )
        rates[award] = answered / (time.perf_counter() - t)
    return {"rate": min(rates.values()), "rates": rates, "baseline": baseline, "n": n}


def _ballots(n: int, seed: int) -> dict:
    """Cast and tally through bench_ballots.run (same database, its own province)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_ballots

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench_ballots.run(argparse.Namespace(ballots=n, seed=seed))
    text = out.getvalue()
    summary = [
        line for line in text.splitlines() if line.startswith(("casting:", "tallying:"))
    ]
    cast = re.search(r"casting:\s+([\d,]+) ballots/s", text)
    tally = re.search(r"tallying:\s+([\d,]+) ballots/s", text)
    return {
        "n": n,
        "text": text.strip(),
        "summary": summary,
        "cast": cast.group(1) if cast else "?",
        "tally": tally.group(1) if tally else "?",
    }


def _reading(row) -> str:
    if row["label"].startswith("bare"):
        return "the baseline: what Django and gunicorn cost with no work."
    if row["errors"] or row["status"] != 200:
        return f"ERRORS ({row['errors']}, in-process status {row['status']})."
    misses = []
    if row["p95"] >= P95_BAR_MS:
        misses.append(f"p95 ≥ {P95_BAR_MS} ms")
    if row["ratio"] < RATIO_BAR:
        misses.append(f"under {RATIO_BAR:.0%} of the bare view")
    if misses:
        return "misses the bar: " + ", ".join(misses) + "."
    return f"meets the bars (p95 < {P95_BAR_MS} ms, ≥ {RATIO_BAR:.0%} of bare)."


def _table(rows) -> str:
    lines = [
        "| endpoint | path | req/s | × bare | p50 ms | p95 ms | queries | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | `{r['path']}` | {r['rps']:,.0f} | {r['ratio']:.2f} "
            f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['queries']} | {r['errors']} |"
        )
    return "\n".join(lines)


def _machine() -> str:
    memory = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return (
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {memory} memory"
    )


def _report(args, sizes, generated, generate_seconds, rows, eligibility, ballots):
    from django.db import connection

    readings = "\n".join(f"- **{r['label']}**: {_reading(r)}" for r in rows)
    rates = ", ".join(f"{k} {v:,.0f}/s" for k, v in eligibility["rates"].items())
    elig_ok = "meets" if eligibility["rate"] >= 5_000 else "misses"
    return f"""# Benchmark results

Written by `.venv/bin/python benchmarks/run.py{" --small" if args.small else ""}`
(issue 8). Figures are measured, never asserted; each is read beside the bare
`/healthz` view measured in the same run.

- Machine: {_machine()}
- Database: {connection.vendor}
- Dataset: {sizes["provinces"]} province(s) × {sizes["blocks"]} blocks,
  {sizes["units"]:,} units, {sizes["people"]:,} people, {sizes["years"]} years
  (seed {args.seed}); generated in {generate_seconds:.1f} s — {generated}
- Load: gunicorn, 2 workers, 127.0.0.1; {CLIENTS} concurrent clients (threads +
  http.client, a new connection per request), a few seconds per endpoint; a
  superuser's session or API token. Queries: one request through the test client
  in-process, after a warm-up request.

## Pages and endpoints

{_table(rows)}

{readings}

## Eligibility batch

`thidua.rules.eligibility.evaluate_many` over {eligibility["n"]:,} synthetic people
(ten years of ratings and awards each, built in-process): {rates}; building the
facts alone runs at {eligibility["baseline"]:,.0f}/s.

- **eligibility**: {elig_ok} the bar of 5,000 people/s (slowest award
  {eligibility["rate"]:,.0f}/s).

## Ballots

`benchmarks/bench_ballots.py` with {ballots["n"]:,} ballots, same database:

```
{ballots["text"]}
```

- **casting**: {ballots["cast"]} ballots/s through `cast_ballot`, one transaction
  each; read beside the bare one-row INSERT transaction above.
- **tally**: {ballots["tally"]} ballots/s closing the round; read beside a
  bulk_create of the same rows above.

## Not measured yet

Award history, eligibility of a unit (page), proposals list, XLSX import of
50,000 people, document rendering; PostgreSQL (pass `--database-url`).
"""


if __name__ == "__main__":
    main()
