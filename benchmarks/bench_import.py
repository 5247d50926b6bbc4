"""Import 50,000 people from XLSX files; print rows per second beside openpyxl's
bare read of the same files (issue 8: the import must reach 1/3 of that rate).

Not a test (design.md §8: benchmarks print figures and ratios against a baseline
measured in the same run, never asserting wall time). It builds a province of 500
units, writes the people to XLSX files in the format of ``POST
/api/v1/imports/people`` (Họ và tên, Giới tính, Đơn vị, Chức vụ, Lãnh đạo, Email;
the unit by name, one row in ten by id), and for each file:

- baseline: ``openpyxl.load_workbook(read_only=True)`` and iterating its rows
  (values only) — what any import must at least do;
- the import: ``POST /api/v1/imports/people`` through Django's test client, as a
  superuser's API token — upload checks, reading, every row checked, then all rows
  written in one transaction with their audit events.

A file holds at most ``thidua.core.xlsx.MAX_ROWS`` data rows (the import refuses
more), so 50,000 people are imported as several files. The peak memory of one
import request is measured separately on the largest file (tracemalloc, which
slows Python down, so it is not timed) into a second province.

Usage::

    .venv/bin/python benchmarks/bench_import.py [--people N]
        [--database-url URL]   # default: a throwaway SQLite file in /tmp
        [--keep]               # keep the throwaway file

The database given by ``--database-url`` is migrated and receives the benchmark's
rows (provinces "Tỉnh đo nhập liệu …"); use a scratch database.
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = 500


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the tracemalloc pass"
    )
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
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("API_RATE_LIMIT", "10000000/min")
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


def _province(label: str):
    """A province of UNITS units (set-up, not timed)."""
    from thidua.organizations.models import Province, Unit
    from thidua.rules.text import fold, sort_key

    province = Province.objects.create(
        name=f"Tỉnh đo nhập liệu {label}", code=f"NL{time.time_ns() % 10**6:06d}"
    )
    names = [f"Đơn vị nhập liệu số {i + 1}" for i in range(UNITS)]
    Unit.objects.bulk_create(
        Unit(province=province, name=n, sort_key=sort_key(n), search_name=fold(n))
        for n in names
    )
    units = list(Unit.objects.filter(province=province).order_by("id"))
    return province, units


def _rows(n: int, units, seed: int):
    """N people: Vietnamese names (distinct within a unit), a gender, the unit by
    name (one row in ten by id), a position, a leader flag, an e-mail for one in
    five."""
    from thidua.organizations.management.commands.load_demo import (
        FAMILY,
        GIVEN_F,
        GIVEN_M,
        MIDDLE_F,
        MIDDLE_M,
        POSITIONS,
    )
    from thidua.rules.text import fold

    rng = random.Random(seed)
    taken: set[tuple[str, int]] = set()  # as the import compares: folded names
    for i in range(n):
        unit = units[i % len(units)]
        female = rng.random() < 0.45
        given = GIVEN_F if female else GIVEN_M
        name = " ".join(
            (
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(given),
            )
        )
        while (fold(name), unit.pk) in taken:
            name = f"{name.rsplit(' ', 1)[0]} {rng.choice(given)} {rng.choice(given)}"
        taken.add((fold(name), unit.pk))
        yield [
            name,
            "Nữ" if female else "Nam",
            unit.pk if i % 10 == 0 else unit.name,
            rng.choice(POSITIONS),
            "Có" if i % len(units) == 0 else "Không",
            f"can.bo.{i}@example.vn" if i % 5 == 0 else None,
        ]


def _workbooks(n: int, units, seed: int, per_file: int) -> list[tuple[int, bytes]]:
    """The people in files of at most ``per_file`` rows: (rows, XLSX bytes)."""
    import openpyxl

    from thidua.organizations.spreadsheets import PERSON_COLUMNS

    files, rows = [], _rows(n, units, seed)
    left = n
    while left > 0:
        size = min(per_file, left)
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Cá nhân")
        sheet.append([c.header for c in PERSON_COLUMNS])
        for _ in range(size):
            sheet.append(next(rows))
        out = io.BytesIO()
        book.save(out)
        files.append((size, out.getvalue()))
        left -= size
    return files


def _bare_read(content: bytes) -> int:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    return count - 1  # the header


def _post(client, province, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.core.xlsx import XLSX_CONTENT_TYPE

    upload = SimpleUploadedFile("ca-nhan.xlsx", content, XLSX_CONTENT_TYPE)
    return client.post(
        "/api/v1/imports/people", {"province": province.pk, "file": upload}
    )


def run(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from thidua.core.api_auth import issue_token
    from thidua.core.xlsx import MAX_ROWS
    from thidua.organizations.models import Person

    n = args.people
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    user = get_user_model().objects.create_superuser(
        f"bench-import-{time.time_ns()}", "bench@example.invalid", None
    )
    token, _ = issue_token(user)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    province, units = _province("A")
    files = _workbooks(n, units, args.seed, MAX_ROWS)
    size = sum(len(c) for _, c in files)
    print(
        f"people: {n:,} in {len(files)} file(s) of at most {MAX_ROWS:,} rows "
        f"({size / 1e6:.1f} MB of XLSX); {UNITS} units"
    )

    bare_s = import_s = 0.0
    for rows, content in files:
        t = time.perf_counter()
        read = _bare_read(content)
        bare_s += time.perf_counter() - t
        assert read == rows, (read, rows)
        t = time.perf_counter()
        response = _post(client, province, content)
        import_s += time.perf_counter() - t
        if response.status_code != 201:
            raise RuntimeError(f"import refused: {response.content[:2000]!r}")
    created = Person.objects.filter(unit__province=province).count()
    if created != n:
        raise RuntimeError(f"{created:,} people imported, expected {n:,}")
    bare = n / bare_s
    rate = n / import_s
    ratio = rate / bare

    peak_mb = None
    if not args.no_memory:
        other, other_units = _province("B")
        rows, content = _workbooks(
            min(n, MAX_ROWS), other_units, args.seed + 1, MAX_ROWS
        )[0]
        tracemalloc.start()
        try:
            response = _post(client, other, content)
            peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        finally:
            tracemalloc.stop()
        if response.status_code != 201:
            raise RuntimeError(f"import refused: {response.content[:2000]!r}")
        print(f"peak memory of one import request ({rows:,} rows): {peak_mb:.1f} MB")

    print(f"openpyxl bare read (read_only, values): {bare:,.0f} rows/s")
    print(f"import (POST /api/v1/imports/people): {rate:,.0f} rows/s")
    verdict = "meets" if ratio >= 1 / 3 else "misses"
    print(
        f"import: {rate:,.0f} rows/s, {ratio:.2f}x openpyxl's bare read "
        f"({bare:,.0f} rows/s): {verdict} the bar of 1/3"
    )
    return {
        "people": n,
        "files": len(files),
        "per_file": MAX_ROWS,
        "megabytes": size / 1e6,
        "bare": bare,
        "rate": rate,
        "ratio": ratio,
        "import_seconds": import_s,
        "bare_seconds": bare_s,
        "peak_mb": peak_mb,
    }


if __name__ == "__main__":
    main()
