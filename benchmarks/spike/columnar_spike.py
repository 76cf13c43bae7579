"""SPIKE (issue 12): run the workload on DuckDB, numpy and polars; verify; print rows per second.
Not product code.

Run: python benchmarks/spike/columnar_spike.py [--rows 100000 1000000] [--interpreter-rows 100000]

For each size: seeded data (workload.rows) with boundary values; the exact reference (the
hand-written Decimal loop, itself checked against kpidsl's interpreter on the first
--interpreter-rows rows); then each engine
  - from plain dicts (the per-row step of pulling columns out of the dicts is included),
  - from an Arrow table (typed: int64, decimal128(18, 2); the table is built untimed),
  - CSV -> CSV as a separate process (CPU seconds and peak memory of that process),
and the number of rows whose s1, s2, published total or grade differs from the reference.
Baselines in the same run: the hand-written float loop over the same dicts, and the stdlib csv +
float script (benchmarks/baseline_eval.py) for CSV -> CSV.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import common
import engine_duckdb
import engine_numpy
import engine_polars
import numpy as np
from common import Output, Timing, timed

sys.path.insert(0, str(common.HERE.parent))
import procstat  # noqa: E402
import workload  # noqa: E402

CSV_RUNNERS = {
    "duckdb": "import engine_duckdb as e; e.csv_to_csv(e.connect(), *map(__import__('pathlib').Path, sys.argv[1:]))",
    "numpy": "import engine_numpy as e; e.csv_to_csv(*sys.argv[1:])",
    "polars": "import engine_polars as e; e.csv_to_csv(*map(__import__('pathlib').Path, sys.argv[1:]))",
}


def csv_mismatches(path: Path, ref: Output) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    if len(rows) != len(ref.cents):
        return abs(len(rows) - len(ref.cents)) or 1
    want = [f"{c // 100}.{c % 100:02d}" for c in ref.cents.tolist()]
    return sum(1 for r, t, g in zip(rows, want, ref.grade.tolist(), strict=True) if r[1] != t or r[2] != g)


def run_size(n: int, interpreter_rows: int, repeat: int) -> None:
    rows = list(workload.rows(n))
    ref = common.reference(rows)
    print(f"\n== {n:,} rows; boundary rows: {common.boundary_counts(rows[:100_000], ref)} (in the first 100k)")
    if interpreter_rows:
        k = min(n, interpreter_rows)
        bad = common.verify_reference_against_interpreter(rows[:k], Output(ref.s1[:k], ref.s2[:k], ref.cents[:k], ref.grade[:k]))
        print(f"   reference vs kpidsl interpreter on the first {k:,} rows: {bad} mismatches")
    base, _ = timed(lambda: Output(*(np.zeros(0),) * 3, [workload.by_hand_float(r) for r in rows]), repeat)  # type: ignore[arg-type]
    print(f"   {'engine':<8} {'input':<8} {'rows/s (CPU)':>14} {'rows/s (wall)':>14} {'x float loop':>13} {'mismatches':>11}")
    print(f"   {'python':<8} {'dicts':<8} {n / base.cpu:>14,.0f} {n / base.wall:>14,.0f} {1:>13.2f} {'(float)':>11}")
    table = common.arrow_table(rows)
    con = engine_duckdb.connect()
    paths: dict[str, dict[str, Callable[[], Output]]] = {
        "duckdb": {"dicts": lambda: engine_duckdb.from_columns(con, common.columns_from_dicts(rows)),
                   "arrow": lambda: engine_duckdb.from_arrow(con, table),
                   "arrow64": lambda: engine_duckdb.from_arrow_int(con, table)},
        "numpy": {"dicts": lambda: engine_numpy.from_columns(common.columns_from_dicts(rows)),
                  "arrow": lambda: engine_numpy.from_arrow(table)},
        "polars": {"dicts": lambda: engine_polars.from_columns(common.columns_from_dicts(rows)),
                   "arrow": lambda: engine_polars.from_arrow(table)},
    }
    for engine, inputs in paths.items():
        for shape, fn in inputs.items():
            t, out = timed(fn, repeat)
            print(f"   {engine:<8} {shape:<8} {n / t.cpu:>14,.0f} {n / t.wall:>14,.0f} {base.cpu / t.cpu:>13.2f} "
                  f"{common.mismatches(out, ref):>11}")
    del table, con
    csv_to_csv(n, rows, ref)


def csv_to_csv(n: int, rows: list[dict[str, object]], ref: Output) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "data.csv", Path(tmp) / "out.csv"
        workload.write_csv(src, n)
        base = procstat.run([sys.executable, str(common.HERE.parent / "baseline_eval.py"), str(src), str(dst)])
        print(f"   CSV -> CSV as a process   {'CPU s':>7} {'wall s':>7} {'peak MB':>8} {'rows/CPU-s':>12} {'x script':>9} {'mismatches':>11}")
        print(f"   {'stdlib csv + floats':<25} {base.cpu:7.2f} {base.wall:7.2f} {base.peak_mb:8.0f} {n / base.cpu:12,.0f} {1:9.2f}")
        for engine, code in CSV_RUNNERS.items():
            use = procstat.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(common.HERE)!r}); {code}", str(src), str(dst)])
            bad = csv_mismatches(dst, ref) if use.code == 0 else f"exit {use.code}"
            print(f"   {engine:<25} {use.cpu:7.2f} {use.wall:7.2f} {use.peak_mb:8.0f} {n / use.cpu:12,.0f} {base.cpu / use.cpu:9.2f} {bad:>11}")
            dst.unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000])
    ap.add_argument("--interpreter-rows", type=int, default=100_000, help="rows also checked against the interpreter (0: none)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for n in args.rows:
        run_size(n, args.interpreter_rows, args.repeat)


if __name__ == "__main__":
    main()
