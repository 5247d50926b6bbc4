"""A bounded load test on loopback (issue 9): gunicorn with 2 workers on this
machine, 10 clients for 10 seconds mixing reads, score writes and ballot casting.
Afterwards: zero errors, zero lost writes (counted in the database), zero double
ballots. Traffic goes only to 127.0.0.1; the loops stop by themselves."""

import json
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 10
SECONDS = 10

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env, *args) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _shell(env, script: str, marker: str) -> dict:
    out = _manage(env, "shell", "-c", f"exec(open({str(ROOT / script)!r}).read())")
    line = next(x for x in out.splitlines() if x.startswith(marker + " "))
    return json.loads(line[len(marker) + 1 :])


@pytest.fixture
def database_url(tmp_path):
    """A fresh database of the same kind as the suite's, for a separate server."""
    from django.db import connection

    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'load.sqlite3'}"
        return
    import psycopg

    name = f"thidua_load_{os.getpid()}_{secrets.token_hex(3)}"
    settings_dict = connection.settings_dict
    dsn = (
        f"host={settings_dict['HOST'] or '127.0.0.1'} port={settings_dict['PORT'] or 5432} "
        f"user={settings_dict['USER'] or 'postgres'} dbname=postgres"
    )
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield (
        f"postgres://{settings_dict['USER'] or 'postgres'}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{name}"
    )
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_mixed_load_loses_nothing_and_never_counts_a_ballot_twice(
    database_url, tmp_path
):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_RATE_LIMIT": "100000/min",
    }
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_demo")
    seed = _shell(env, "tests/load/setup_round.py", "SEED")
    before = _shell(env, "tests/load/count.py", "COUNT")
    port = _free_port()
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
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        stats = _run_clients(base, seed)
    finally:
        server.terminate()
        server.wait(timeout=20)
    after = _shell(env, "tests/load/count.py", "COUNT")

    assert stats["errors"] == [], stats["errors"][:5]
    assert stats["reads"] > 0 and stats["writes"] > 0 and stats["ballots"] > 0
    # Every acknowledged score write is in the database (each changed a value).
    assert after["score_events"] - before["score_events"] == stats["writes"]
    # Every accepted ballot is stored once; every reuse of a slip was refused.
    assert after["ballots"] - before["ballots"] == stats["ballots"]
    assert after["tokens_used"] - before["tokens_used"] == stats["ballots"]
    assert stats["reuse_refused"] == stats["reuse_attempts"]


def _call(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _run_clients(base, seed):
    lock = threading.Lock()
    tokens = list(seed["tokens"])
    used: list[str] = []
    stats = {
        "reads": 0,
        "writes": 0,
        "ballots": 0,
        "reuse_attempts": 0,
        "reuse_refused": 0,
        "errors": [],
    }
    deadline = time.monotonic() + SECONDS
    by = seed["block_year"]
    api = seed["api_token"]

    def client(n):
        rng = random.Random(n)
        unit = seed["candidates"][n % len(seed["candidates"])]
        points = 0
        while time.monotonic() < deadline:
            action = rng.choice(("read", "read", "write", "ballot"))
            if action == "read":
                status, body = _call(
                    "GET",
                    f"{base}/api/v1/block-years/{by}/ranking?period=year",
                    token=api,
                )
                ok = status == 200
                key = "reads"
            elif action == "write" and n < 9:
                points = points % 30 + 1  # always a change from the last value
                status, body = _call(
                    "PUT",
                    f"{base}/api/v1/block-years/{by}/scores/{unit}",
                    {"period": "mid", "stage": "final", "scores": {"1.1": points}},
                    token=api,
                )
                ok = status == 200
                key = "writes"
            else:
                with lock:
                    token = tokens.pop() if tokens else None
                    reuse = rng.choice(used) if used and rng.random() < 0.3 else None
                if reuse:
                    status, body = _call(
                        "POST",
                        f"{base}/api/v1/ballot-rounds/{seed['round']}/ballots",
                        {"token": reuse, "choices": [unit]},
                    )
                    with lock:
                        stats["reuse_attempts"] += 1
                        stats["reuse_refused"] += status == 409
                    if status not in (409,):
                        with lock:
                            stats["errors"].append((status, body[:200]))
                if token is None:
                    continue
                status, body = _call(
                    "POST",
                    f"{base}/api/v1/ballot-rounds/{seed['round']}/ballots",
                    {"token": token, "choices": [unit]},
                )
                ok = status == 201
                key = "ballots"
                if ok:
                    with lock:
                        used.append(token)
            with lock:
                if ok:
                    stats[key] += 1
                else:
                    stats["errors"].append((status, body[:200]))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=SECONDS + 60)
    return stats
