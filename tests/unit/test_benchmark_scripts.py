"""The benchmark scripts still run (on tiny inputs) and their correctness checks hold.

Not timing tests: the figures they print are not looked at. What is checked is that each script
runs to the end, that the bulk API's answers equal the hand-written exact Decimal loop's on the
benchmark workload, and that the seeded data generator is deterministic.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH / args[0]), *args[1:]], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bulk_api_benchmark_agrees_with_the_decimal_loop() -> None:
    out = _run("bench_eval.py", "api", "--records", "400", "--repeat", "1")
    assert "totals and grades differing from the Decimal loop: dicts 0, Arrow 0, Arrow out 0" in out


@pytest.mark.parametrize(("args", "expected"), [
    (("bench_eval.py", "cli", "--records", "200", "--full-width-cell"), "one ２ cell"),
    (("bench_lint.py", "--runs", "1", "--indicators", "20"), "target: under 1 s -> met"),
    (("bench_population.py", "--employees", "300", "--departments", "5"), "x the baseline"),
    (("bench_aggregates.py", "--records", "300", "--departments", "5", "--repeat", "1"), "x (target <= 1.5x)"),
    (("bench_fmt.py", "--runs", "1"), "ratio kpi fmt / baseline"),
    (("bench_rollups.py", "--employees", "20", "--repeat", "1"), "year-end values differing from the Decimal loop: 0"),
])
def test_benchmark_script_runs(args: tuple[str, ...], expected: str) -> None:
    out = _run(*args)
    assert expected in out
    assert "exit " not in out  # a measured child process that failed shows its exit code


def test_workload_data_is_seeded() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import workload
    finally:
        sys.path.remove(str(BENCH))
    assert list(workload.rows(50)) == list(workload.rows(50))
    assert list(workload.rows(50, seed=1)) != list(workload.rows(50, seed=2))
