"""Run every benchmark in one command and write the results (issue 8).

    .venv/bin/python benchmarks/run.py [--small] [--database-url URL ...]
        [--output PATH] [--seconds S] [--keep]

For each database (``--database-url``, repeatable; ``sqlite`` or nothing: a SQLite
file in a temporary directory; a ``postgres://`` URL: a fresh database created on
that server beside the one named, dropped at the end unless ``--keep``), it
migrates, fills the database with ``generate_synthetic`` (one province by default;
``--small``: a tiny one so the run takes seconds), starts gunicorn (2 workers) on
127.0.0.1 and, for each page and endpoint of ``ENDPOINTS``, measures requests/s
and p50/p95 latency with 10 concurrent clients (threads + http.client) beside the
bare ``/healthz`` view measured in the same run. The queries and the peak memory
of one request come from the test client in-process against the same database
(the memory with tracemalloc, in a request of its own). Then each benchmark of
``BENCHMARKS``: the eligibility batch (people/s), ballot casting and tally
(``bench_ballots.py``), the XLSX import of 50,000 people beside openpyxl's bare
read (``bench_import.py``), the documents (``bench_documents.py``).

Prints a table and writes it, with the machine and the dataset size, to
``benchmarks/RESULTS.md`` (or ``--output``): one section per database vendor, so a
run on PostgreSQL keeps the SQLite section of the file and the reverse.

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
import tracemalloc
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 10
MAX_REQUESTS = 200_000  # per endpoint, whatever the duration
P95_BAR_MS = 250
RATIO_BAR = 0.10
MEMORY_BAR_MB = 100
IMPORT_BAR = 1 / 3
ELIGIBILITY_BAR = 5_000
FULL = {"provinces": 1, "blocks": 60, "units": 500, "people": 50_000, "years": 10}
SMALL = {"provinces": 1, "blocks": 3, "units": 24, "people": 240, "years": 2}

# --- What is measured ----------------------------------------------------------------
# Pages and endpoints under load: (label, path, authentication: "none", "api" for
# the API token, "session" for the signed-in browser). Paths are filled from
# ``_targets()``: {province}, {block_year} (a year with a published ranking),
# {block}, {unit}. Add a row to measure a page; the awards pages (award history,
# eligibility of a unit, proposals list) belong here once they exist. The first row
# is the baseline every other is read against.
ENDPOINTS = [
    ("bare view /healthz (baseline)", "/healthz", "none"),
    ("API units of a province", "/api/v1/units?province={province}", "api"),
    ("API blocks", "/api/v1/blocks", "api"),
    ("API block year", "/api/v1/block-years/{block_year}", "api"),
    (
        "API ranking",
        "/api/v1/block-years/{block_year}/ranking?period=year",
        "api",
    ),
    ("page: province", "/provinces/{province}/", "session"),
    ("page: block year", "/block-years/{block_year}/", "session"),
    ("page: ranking", "/block-years/{block_year}/ranking/", "session"),
    # Issue 5: award history, eligibility of a unit, proposals.
    ("API award history of a unit", "/api/v1/units/{unit}/awards", "api"),
    (
        "API eligibility of a unit",
        "/api/v1/units/{unit}/eligibility?award=tap_the_lao_dong_tien_tien&year={year}",
        "api",
    ),
    ("API proposals", "/api/v1/proposals?province={province}", "api"),
    ("page: unit awards", "/units/{unit}/awards/", "session"),
    ("page: proposals", "/proposals/?year={year}", "session"),
    ("page: province awards", "/awards/?year={previous_year}", "session"),
]

# Benchmarks run after the load test, against the same database: (name, function).
# Each function takes the parsed arguments and returns ``{"summary": [lines to
# print], "section": "## Markdown for RESULTS.md"}``; a new benchmark module
# (benchmarks/bench_*.py) is added with one function and one row here.
BENCHMARKS = [
    ("eligibility batch", lambda args: _eligibility(args)),
    ("eligibility through the database", lambda args: _eligibility_shell(args)),
    ("ballots", lambda args: _ballots(args)),
    ("XLSX import", lambda args: _import(args)),
    # --- issue 6: official documents (bench_documents.py) ---
    ("documents", lambda args: _documents(args.small, args.seed)),
    # --- end issue 6 ---
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="tiny sizes (CI)")
    parser.add_argument(
        "--database-url",
        action="append",
        default=None,
        help="sqlite, or a postgres:// server URL (a fresh database is created "
        "beside the one named); repeat to run on several databases",
    )
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    parser.add_argument("--seconds", type=float, default=None, help="per endpoint")
    parser.add_argument("--provinces", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database"
    )
    # Internal: write this database's section to a file (several databases run one
    # child process each, as Django is set up once per process).
    parser.add_argument("--section-to", default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    urls = args.database_url or ["sqlite"]
    started = time.perf_counter()
    if len(urls) > 1:
        sections = [_child(args, url) for url in urls]
    else:
        sections = [_one_database(args, urls[0])]
    if args.section_to:
        Path(args.section_to).write_text(sections[0], encoding="utf-8")
        return
    _write_report(Path(args.output), sections)
    print(f"\nwrote {args.output} in {time.perf_counter() - started:.1f} s")


def _child(args, url: str) -> str:
    """Run one database in a child process; its section of the report."""
    with tempfile.NamedTemporaryFile(suffix=".md", delete=False) as handle:
        section_file = Path(handle.name)
    command = [
        sys.executable,
        __file__,
        "--database-url",
        url,
        "--seed",
        str(args.seed),
    ]
    command += ["--section-to", str(section_file)]
    if args.small:
        command.append("--small")
    if args.keep:
        command.append("--keep")
    if args.seconds:
        command += ["--seconds", str(args.seconds)]
    if args.provinces:
        command += ["--provinces", str(args.provinces)]
    try:
        subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603
        return section_file.read_text(encoding="utf-8")
    finally:
        section_file.unlink(missing_ok=True)


def _one_database(args, url: str) -> str:
    sizes = dict(SMALL if args.small else FULL)
    if args.provinces:
        sizes["provinces"] = args.provinces
    seconds = args.seconds or (0.5 if args.small else 4.0)
    with (
        tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp,
        _scratch_database(url, tmp, keep=args.keep) as database_url,
    ):
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DATABASE_URL": database_url,
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
            return run(args, env, sizes, seconds)
        finally:
            from django.db import connections

            connections.close_all()


@contextlib.contextmanager
def _scratch_database(url: str, tmp: str, *, keep: bool):
    """The database URL to use: a SQLite file in ``tmp``, or a PostgreSQL database
    created for this run on the server of ``url`` (named after the database in
    ``url`` with a random suffix) and dropped afterwards."""
    if url in ("sqlite", "") or url.startswith("sqlite"):
        yield url if url.startswith("sqlite:") else f"sqlite:///{tmp}/bench.sqlite3"
        return
    import psycopg

    parts = urlsplit(url)
    base = (parts.path.lstrip("/") or "thidua_bench").replace("-", "_")
    name = f"{base}_{secrets.token_hex(3)}"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"created PostgreSQL database {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        if keep:
            print(f"kept PostgreSQL database {name}")
        else:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args, env, sizes, seconds) -> str:
    """Measure everything on the configured database; its section of the report."""
    from django.core.management import call_command
    from django.db import connection

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
    database = _database_name()
    print(f"database: {database}; {generated}")

    target = _targets()
    endpoints = [
        (label, path.format(**target), auth) for label, path, auth in ENDPOINTS
    ]
    headers = {
        "none": {},
        "api": {"Authorization": f"Bearer {target['api_token']}"},
        "session": {"Cookie": f"sessionid={target['session']}"},
    }
    measured = {path: _in_process(path, headers[auth]) for _, path, auth in endpoints}
    connection.close()

    rows = []
    with _gunicorn(env) as server:
        for label, path, auth in endpoints:
            stats = _load(server["port"], path, headers[auth], seconds)
            rows.append({"label": label, "path": path, **stats, **measured[path]})
            print(
                f"  {label:<34} {stats['rps']:>8,.0f} req/s  p50 {stats['p50']:6.1f} ms"
                f"  p95 {stats['p95']:6.1f} ms  queries {measured[path]['queries']}"
                f"  peak {measured[path]['peak_mb']:5.1f} MB  errors {stats['errors']}"
            )
        workers = _workers_peak_rss(server["pid"])
    bare = rows[0]["rps"] or 1.0
    for row in rows:
        row["ratio"] = row["rps"] / bare
    print(
        "  gunicorn workers' peak RSS over the load test: "
        + (", ".join(f"{mb:,.0f} MB" for mb in workers) or "?")
    )

    sections = []
    for _name, bench in BENCHMARKS:
        result = bench(args)
        for line in result["summary"]:
            print(f"  {line}")
        sections.append(result["section"].strip())

    print()
    print(_table(rows))
    return _section(
        args, sizes, database, generated, generate_seconds, rows, workers, sections
    )


def _database_name() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"{connection.vendor} {version}".replace("postgresql", "PostgreSQL")


def _targets() -> dict:
    """A province, a block year with a published ranking, its block and a member
    unit, an API token and a session of a superuser (scope checks pass; the queries
    are those of a Board member who sees everything)."""
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
    unit = block_year.memberships.order_by("unit_id").values_list("unit_id", flat=True)
    user = get_user_model().objects.create_superuser(
        f"bench-{secrets.token_hex(4)}", "bench@example.invalid", None
    )
    token, _ = issue_token(user)
    client = Client()
    client.force_login(user)
    return {
        "province": province.pk,
        "block_year": block_year.pk,
        "block": block_year.block_id,
        "unit": unit.first(),
        "year": block_year.year,
        "previous_year": block_year.year - 1,
        "api_token": token,
        "session": client.cookies["sessionid"].value,
    }


def _in_process(path: str, headers: dict) -> dict:
    """One request through the test client after a warm-up: its queries; then
    another under tracemalloc: the peak of memory Python allocated for it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=headers)
    client.get(path)  # warm caches (content types, sessions) as a server would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries = len(captured)  # before the next request resets the log
    tracemalloc.start()
    try:
        client.get(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {
        "queries": queries,
        "status": response.status_code,
        "peak_mb": peak / 1e6,
    }


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
        yield {"port": port, "pid": server.pid}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _workers_peak_rss(master: int) -> list[float]:
    """The peak resident memory (VmHWM, MB) of each gunicorn worker so far (Linux;
    empty elsewhere)."""
    peaks = []
    with contextlib.suppress(OSError, ValueError):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return peaks


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


# --- Benchmarks after the load test (BENCHMARKS) -------------------------------------


def _eligibility(args) -> dict:
    """evaluate_many over synthetic PersonFacts built in-process (a decade of
    ratings and awards each); baseline: building the same facts."""
    import random

    from thidua.rules import eligibility as e

    n = 1_000 if args.small else 50_000
    rng = random.Random(args.seed)
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
    rate = min(rates.values())
    listed = ", ".join(f"{k} {v:,.0f}/s" for k, v in rates.items())
    verdict = "meets" if rate >= ELIGIBILITY_BAR else "misses"
    return {
        "summary": [
            f"eligibility batch: {rate:,.0f} people/s ({n:,} people; baseline "
            f"building the facts: {baseline:,.0f}/s)"
        ],
        "section": f"""### Eligibility batch

`thidua.rules.eligibility.evaluate_many` over {n:,} synthetic people (ten years of
ratings and awards each, built in-process): {listed}; building the facts alone runs
at {baseline:,.0f}/s.

- **eligibility**: {verdict} the bar of {ELIGIBILITY_BAR:,} people/s (slowest award
  {rate:,.0f}/s).
""",
    }


def _ballots(args) -> dict:
    """Cast and tally through bench_ballots.run (same database, its own province)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_ballots

    n = 200 if args.small else 5_000
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench_ballots.run(argparse.Namespace(ballots=n, seed=args.seed))
    text = out.getvalue()
    summary = [
        line for line in text.splitlines() if line.startswith(("casting:", "tallying:"))
    ]
    cast = re.search(r"casting:\s+([\d,]+) ballots/s", text)
    tally = re.search(r"tallying:\s+([\d,]+) ballots/s", text)
    return {
        "summary": summary,
        "section": f"""### Ballots

`benchmarks/bench_ballots.py` with {n:,} ballots, same database:

```
{text.strip()}
```

- **casting**: {cast.group(1) if cast else "?"} ballots/s through `cast_ballot`, one
  transaction each; read beside the bare one-row INSERT transaction above.
- **tally**: {tally.group(1) if tally else "?"} ballots/s closing the round; read
  beside a bulk_create of the same rows above.
""",
    }


def _import(args) -> dict:
    """People from XLSX through bench_import.run (same database, its own provinces):
    50,000 people (300 with ``--small``) beside openpyxl's bare read."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_import

    n = 300 if args.small else 50_000
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = bench_import.run(
            argparse.Namespace(people=n, seed=args.seed, no_memory=False)
        )
    text = out.getvalue()
    verdict = "meets" if result["ratio"] >= IMPORT_BAR else "misses"
    memory = (
        f"; peak memory of one import request of {min(n, result['per_file']):,} "
        f"rows {result['peak_mb']:.1f} MB"
        if result["peak_mb"] is not None
        else ""
    )
    return {
        "summary": [
            f"import: {result['rate']:,.0f} rows/s, {result['ratio']:.2f}x openpyxl's "
            f"bare read ({result['bare']:,.0f} rows/s){memory}"
        ],
        "section": f"""### XLSX import

`benchmarks/bench_import.py`: {n:,} people into a province of 500 units through
`POST /api/v1/imports/people` (files of at most {result["per_file"]:,} rows, the
import's limit), each file also read bare by openpyxl (read-only, values) in the
same run:

```
{text.strip()}
```

- **import**: {verdict} the bar of 1/3 of openpyxl's bare read
  ({result["rate"]:,.0f} rows/s, {result["ratio"]:.2f}x){memory}.
""",
    }


# --- issue 6: official documents -------------------------------------------------


def _eligibility_shell(args) -> dict:
    """bench_eligibility.py on the province already generated: facts read from the
    database (a fixed number of queries per 2,000 people) into the rules, beside
    the rules alone on the same facts."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_eligibility

    lines = bench_eligibility.summary(args.small, args.seed)
    body = "\n".join(f"- {line}" for line in lines)
    section = f"""## Eligibility through the database

`benchmarks/bench_eligibility.py --existing`: every person of the synthetic province,
their facts read by `awards.selectors.person_facts_many` and judged by
`rules.eligibility.evaluate_many` (bar: 5,000 people/s).

{body}
"""
    return {"summary": lines, "section": section}


def _documents(small: bool, seed: int) -> dict:
    """Render a block's documents and dossier through bench_documents.run (same
    database, its own province): 40 member units, or 6 with ``--small``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_documents

    out = io.StringIO()
    argv = ["--seed", str(seed)] + (["--small"] if small else [])
    with contextlib.redirect_stdout(out):
        bench_documents.run(bench_documents.parse_args(argv))
    text = out.getvalue()
    summary = [
        line
        for line in text.splitlines()
        if line.startswith(("dossier:", "documents:"))
    ]
    units = 6 if small else 40
    section = f"""## Documents

`benchmarks/bench_documents.py` with a {units}-unit block year (a full year of data:
scores, files, a conference and a closed round), same database; each document's
selector (build) and drawing beside a bare python-docx / WeasyPrint render of the
same number of paragraphs, tables and rows, without data access:

```
{text.strip()}
```
"""
    return {"text": text.strip(), "summary": summary, "section": section}


# --- end issue 6 -------------------------------------------------------------------


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
    if row["peak_mb"] >= MEMORY_BAR_MB:
        misses.append(f"a request peaks at {MEMORY_BAR_MB} MB or more")
    if misses:
        return "misses the bar: " + ", ".join(misses) + "."
    return (
        f"meets the bars (p95 < {P95_BAR_MS} ms, ≥ {RATIO_BAR:.0%} of bare, "
        f"under {MEMORY_BAR_MB} MB)."
    )


def _table(rows) -> str:
    lines = [
        "| endpoint | path | req/s | × bare | p50 ms | p95 ms | queries "
        "| peak MB | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | `{r['path']}` | {r['rps']:,.0f} | {r['ratio']:.2f} "
            f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['queries']} "
            f"| {r['peak_mb']:.1f} | {r['errors']} |"
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


def _load_average() -> str:
    with contextlib.suppress(OSError, AttributeError):
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return "?"


def _section(
    args, sizes, database, generated, generate_seconds, rows, workers, sections
) -> str:
    vendor = database.split()[0].lower()
    readings = "\n".join(f"- **{r['label']}**: {_reading(r)}" for r in rows)
    command = "benchmarks/run.py" + (" --small" if args.small else "")
    if vendor != "sqlite":
        command += " --database-url postgres://…"
    others = "\n\n".join(re.sub(r"^## ", "### ", s, flags=re.M) for s in sections)
    rss = ", ".join(f"{mb:,.0f} MB" for mb in workers) or "?"
    return f"""<!-- section:{vendor} -->
## {database}

Written by `.venv/bin/python {command}` on {time.strftime("%Y-%m-%d")}.

- Machine: {_machine()}; load average at the end {_load_average()}
- Dataset: {sizes["provinces"]} province(s) × {sizes["blocks"]} blocks,
  {sizes["units"]:,} units, {sizes["people"]:,} people, {sizes["years"]} years
  (seed {args.seed}); generated in {generate_seconds:.1f} s — {generated}
- Load: gunicorn, 2 workers, 127.0.0.1; {CLIENTS} concurrent clients (threads +
  http.client, a new connection per request), a few seconds per endpoint; a
  superuser's session or API token. Queries: one request through the test client
  in-process, after a warm-up request. Peak MB: the memory Python allocated for one
  such request (tracemalloc). The gunicorn workers' peak resident memory over the
  whole load test: {rss}.

{_table(rows)}

{readings}

{others}
<!-- /section:{vendor} -->
"""


HEADER = """# Benchmark results

Written by `.venv/bin/python benchmarks/run.py` (issue 8; README "Benchmarks").
Figures are measured, never asserted; each page and endpoint is read beside the bare
`/healthz` view measured in the same run, on the same machine. The bars: p95 under
{p95} ms at {clients} concurrent clients and at least {ratio:.0%} of the bare view's
requests per second; a query count that does not grow with the rows shown (pinned by
the query-count tests); no request over {memory} MB; the eligibility batch at
{elig:,} people/s; the XLSX import at 1/3 of openpyxl's bare read. The machine is
shared: a load average well above 0 at the end of a section means other work ran
beside the benchmark and lowered its figures (the ratios less than the rates).
"""


def _write_report(path: Path, sections: list[str]) -> None:
    """The header, then one section per database vendor: the ones just measured
    replace those of the same vendor already in the file; the others stay."""
    kept: dict[str, str] = {}
    if path.exists():
        old = path.read_text(encoding="utf-8")
        for match in re.finditer(
            r"<!-- section:(\w+) -->.*?<!-- /section:\1 -->\n", old, flags=re.S
        ):
            kept[match.group(1)] = match.group(0)
    for section in sections:
        vendor = re.match(r"<!-- section:(\w+) -->", section).group(1)
        kept[vendor] = section
    order = sorted(kept, key=lambda v: (v != "sqlite", v))
    header = HEADER.format(
        p95=P95_BAR_MS,
        clients=CLIENTS,
        ratio=RATIO_BAR,
        memory=MEMORY_BAR_MB,
        elig=ELIGIBILITY_BAR,
    )
    path.write_text(header + "\n" + "\n".join(kept[v] for v in order), encoding="utf-8")


if __name__ == "__main__":
    main()
