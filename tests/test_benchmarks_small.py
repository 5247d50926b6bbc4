"""The benchmark command runs in CI in its small mode so that it cannot rot (issue 8).

It asserts that the run completes and prints every row; never anything about times.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = [
    "bare view /healthz (baseline)",
    "API units of a province",
    "API blocks",
    "API block year",
    "API ranking",
    "page: province",
    "page: block year",
    "page: ranking",
    "eligibility batch:",
    "casting:",
    "tallying:",
]


def test_small_benchmark_runs_and_prints_every_row(tmp_path):
    output = tmp_path / "RESULTS.md"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--small",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for row in ROWS:
        assert row in result.stdout, row
    report = output.read_text(encoding="utf-8")
    assert "ERRORS" not in report
    for row in ROWS[:8]:
        assert f"| {row} |" in report, row
