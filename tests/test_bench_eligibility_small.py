"""The eligibility benchmark (benchmarks/bench_eligibility.py, issue 5) runs in its
small mode so that it cannot rot: it prints its figures, and the shell's query count
does not grow with the number of people (200 or 2,000, within one chunk). Times are
never asserted."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_small_eligibility_benchmark_prints_figures_and_fixed_queries():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "benchmarks" / "bench_eligibility.py"), "--small"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for award in ("chien_si_thi_dua_co_so", "lao_dong_tien_tien"):
        line = re.search(
            rf"eligibility shell {award}: ([\d,]+) people/s, (\d+) queries for "
            r"([\d,]+) people .*pure engine on the same facts: ([\d,]+) people/s",
            out,
        )
        assert line, out
        assert line.group(3) == "2,000"
        assert int(line.group(1).replace(",", "")) > 0
        assert int(line.group(4).replace(",", "")) > 0
    counts = re.search(r"query count: (\d+) for 200 people, (\d+) for 2,000", out)
    assert counts, out
    assert counts.group(1) == counts.group(2)
