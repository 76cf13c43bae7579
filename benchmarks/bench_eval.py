"""Evaluation speed of the documented paths, each against a hand-written baseline in the same run.

Run:
  python benchmarks/bench_eval.py api [--records 100000] [--repeat 3]
  python benchmarks/bench_eval.py cli [--records 100000 1000000] [--memory-limit-mb 4096]

The workload is `workload.kpi` (the purchasing-manager scheme with deductions, a floor and a veto;
see workload.py), on seeded data that hits every boundary.

`api`: the documented bulk path `scheme.evaluate(data)` read as columns (`results.column("total")`),
on the plain dicts and on the same records as a typed Arrow table, and Arrow in, Arrow out
(`scheme.evaluate(table).to_arrow(...)`: a table of decimal128 totals and text grades), against a hand-written
plain-float loop over the dicts (fast, not exact: what a spreadsheet macro does) and a hand-written
exact `Decimal` loop (what kpidsl must match; checked here row by row). Rows per CPU second of this
process, all threads counted (best of `--repeat`), and the ratios.

`cli`: `kpi eval data.csv -o out.csv` as a whole process against `baseline_eval.py` (stdlib csv and
floats, streamed; rows as dicts by header, and the leaner `--positional` script, whose ratio is
printed too): CPU seconds and peak memory of each child process, and the ratios. The baselines
write three columns (id, total, grade) where `kpi eval` writes all thirteen of the scheme's, so the
run is also timed with `--columns id,total,grade` (like for like). The kpi child
runs under a memory limit so that a run that would exhaust the shared machine stops instead.

A measurement, not a test: the machines are shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import procstat
import workload

import kpidsl


def best_cpu(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The smallest CPU time of `repeat` runs of `fn`, and its last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t)
    return best, out


def arrow_table(records: list[dict[str, object]]) -> object:
    """The records as a typed Arrow table (counts int64, scores and money decimal128(18, 2)), as a
    client's warehouse or DataFrame hands them over."""
    from decimal import Decimal

    import pyarrow as pa

    arrays = {}
    for c in workload.COLUMNS:
        values = [r[c] for r in records]
        if isinstance(values[0], str):
            arrays[c] = pa.array(values)
        elif all(isinstance(v, int) for v in values):
            arrays[c] = pa.array(values, pa.int64())
        else:
            arrays[c] = pa.array([Decimal(repr(float(v))) for v in values], pa.decimal128(18, 2))  # type: ignore[arg-type]
    return pa.table(arrays)


#: The columns the Arrow-out line asks for: those the other lines read (`to_arrow()` with every
#: column evaluates the batches again for the unrounded ones and the items: its own line).
ARROW_OUT = ["id", "total", "grade"]


def bench_api(n: int, repeat: int) -> None:
    records = list(workload.rows(n))
    table = arrow_table(records)
    scheme = kpidsl.load(workload.SCHEME)
    scheme.evaluate(records[: min(n, 1000)])  # compile once, as a long-running caller would have

    def float_loop() -> list[tuple[float, str]]:
        return [workload.by_hand_float(r) for r in records]

    def decimal_loop() -> list[object]:
        with workload.exact_context():
            return [workload.by_hand_decimal(r) for r in records]

    def api(data: object) -> list[tuple[object, object]]:
        results = scheme.evaluate(data)  # the documented bulk path: BulkResults, read as columns
        return list(zip(results.column("total"), results.column("grade"), strict=True))

    t_float, _ = best_cpu(float_loop, repeat)
    t_dec, expected = best_cpu(decimal_loop, repeat)
    t_api, got = best_cpu(lambda: api(records), repeat)
    t_arrow, got_arrow = best_cpu(lambda: api(table), repeat)
    t_python, _ = best_cpu(lambda: scheme.evaluate(records, engine="python").column("total"), 1)
    t_arrow_out, got_table = best_cpu(lambda: scheme.evaluate(table).to_arrow(ARROW_OUT), repeat)
    t_arrow_all, _ = best_cpu(lambda: scheme.evaluate(table).to_arrow(), 1)

    mismatches = sum(1 for a, b in zip(got, expected, strict=True) if a != b)  # type: ignore[call-overload]
    mismatches_arrow = sum(1 for a, b in zip(got_arrow, expected, strict=True) if a != b)  # type: ignore[call-overload]
    out = got_table.to_pydict()  # type: ignore[attr-defined]
    mismatches_out = sum(1 for a, b in zip(zip(out["total"], out["grade"], strict=True), expected, strict=True) if a != b)  # type: ignore[call-overload]

    def line(label: str, seconds: float) -> str:
        return f"  {label:<44} {n / seconds:>12,.0f} rows/s   ({seconds:6.2f} s CPU)"

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"bulk API on {n:,} records (benchmarks/workload.kpi), best of {repeat}; CPU of this process (all threads)")
    print(line("hand-written float loop (dicts)", t_float))
    print(line("hand-written Decimal loop (dicts)", t_dec))
    print(line("Scheme.evaluate(dicts), auto engine", t_api))
    print(line("Scheme.evaluate(Arrow table), auto engine", t_arrow))
    print(line("Scheme.evaluate(dicts, engine='python'), 1 run", t_python))
    print(line("Scheme.evaluate(Arrow table).to_arrow(id, total, grade)", t_arrow_out))
    print(line("Scheme.evaluate(Arrow table).to_arrow(), every column, 1 run", t_arrow_all))
    print(f"  dicts vs float loop:        {t_float / t_api:8.4f}x   (target >= 1x)")
    print(f"  Arrow table vs float loop:  {t_float / t_arrow:8.4f}x   (target >= 5x)")
    print(f"  Arrow in, Arrow out vs float loop: {t_float / t_arrow_out:8.4f}x   (id, total, grade)")
    print(f"  Arrow in, every column out vs float loop: {t_float / t_arrow_all:8.4f}x")
    print(f"  dicts vs Decimal loop:      {t_dec / t_api:8.4f}x")
    print(f"  totals and grades differing from the Decimal loop: dicts {mismatches}, Arrow {mismatches_arrow}, "
          f"Arrow out {mismatches_out}")


def bench_cli(sizes: list[int], memory_limit_mb: int, full_width: bool = False) -> None:
    kpi = procstat.kpi()
    baseline = [sys.executable, str(procstat.HERE / "baseline_eval.py")]
    print("kpi eval data.csv -o out.csv as a whole process, against a stdlib csv + float script")
    print(f"  {'rows':>10} {'program':<10} {'wall s':>8} {'CPU s':>8} {'peak MB':>9} {'CPU ratio':>10} {'MB ratio':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        procstat.run([*kpi, "--version"])  # the parser cache and bytecode are warm before timing
        for n in sizes:
            data, out = folder / f"data_{n}.csv", folder / f"out_{n}.csv"
            workload.write_csv(data, n)
            base = procstat.run([*baseline, str(data), str(out)])
            lean = procstat.run([*baseline, str(data), str(out), "--positional"])
            ours = procstat.run([*kpi, "eval", str(workload.SCHEME), str(data), "-o", str(out)], memory_limit_mb)
            print(f"  {n:>10,} {'baseline':<10} {base.wall:8.2f} {base.cpu:8.2f} {base.peak_mb:9.0f}")
            print(f"  {n:>10,} {'lean base':<10} {lean.wall:8.2f} {lean.cpu:8.2f} {lean.peak_mb:9.0f}")
            note = "" if ours.code == 0 else f"   exit {ours.code}: stopped at the {memory_limit_mb} MB limit?"
            print(f"  {n:>10,} {'kpi eval':<10} {ours.wall:8.2f} {ours.cpu:8.2f} {ours.peak_mb:9.0f} "
                  f"{ours.cpu / base.cpu:9.1f}x {ours.peak_mb / base.peak_mb:8.1f}x{note}"
                  f"   ({ours.cpu / lean.cpu:.2f}x the lean baseline's CPU)")
            # The baselines write three columns (id, total, grade); kpi eval writes every column of
            # the scheme (13 here: each item's score, the unrounded base score, deductions, ...).
            # The same three columns, like for like:
            same = procstat.run([*kpi, "eval", str(workload.SCHEME), str(data), "-o", str(out), "--columns", "id,total,grade"],
                                memory_limit_mb)
            print(f"  {n:>10,} {'3 columns':<10} {same.wall:8.2f} {same.cpu:8.2f} {same.peak_mb:9.0f} "
                  f"{same.cpu / base.cpu:9.1f}x {same.peak_mb / base.peak_mb:8.1f}x"
                  f"   ({same.cpu / lean.cpu:.2f}x the lean baseline's CPU; kpi eval --columns id,total,grade)")
            if full_width:  # the same file with one full-width cell (２) in its middle record
                workload.write_csv(data, n, full_width_at=n // 2)
                odd = procstat.run([*kpi, "eval", str(workload.SCHEME), str(data), "-o", str(out)], memory_limit_mb)
                note = "" if odd.code == 0 else f"   exit {odd.code}"
                print(f"  {n:>10,} {'one ２ cell':<10} {odd.wall:8.2f} {odd.cpu:8.2f} {odd.peak_mb:9.0f} "
                      f"{odd.cpu / base.cpu:9.1f}x {odd.peak_mb / base.peak_mb:8.1f}x{note}")
            data.unlink()
            out.unlink(missing_ok=True)
    print("  targets at 1M rows: CPU <= 2x the baseline, peak memory < 300 MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    api = sub.add_parser("api", help="Scheme.evaluate on plain dicts")
    api.add_argument("--records", type=int, default=100_000)
    api.add_argument("--repeat", type=int, default=3, help="runs per path; the fastest is reported")
    cli = sub.add_parser("cli", help="kpi eval CSV -> CSV as a process")
    cli.add_argument("--records", type=int, nargs="+", default=[100_000])
    cli.add_argument("--memory-limit-mb", type=int, default=4096, help="address-space limit of the kpi child")
    cli.add_argument("--full-width-cell", action="store_true",
                     help="also run kpi eval on the same file with one full-width cell (２) in its middle record")
    args = ap.parse_args()
    if args.what == "api":
        bench_api(args.records, args.repeat)
    else:
        bench_cli(args.records, args.memory_limit_mb, args.full_width_cell)


if __name__ == "__main__":
    main()
