"""SPIKE (issue 12): shared pieces of the columnar prototypes. Not product code.

The workload is `benchmarks/workload.kpi`. Every engine returns the same four columns, which are
compared with the exact reference row by row:

- `s1`: the score of 采购计划完成率 (0, 50, 80, 100);
- `s2`: the score of 供货质量合格率, or -1 when it is skipped (nothing supplied);
- `cents`: the published total in hundredths (half-up to 2 places, after the floor at 0);
- `grade`: "A".."D", "D" when the loss veto fires.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import workload  # noqa: E402  (benchmarks/workload.py)

COLUMNS = workload.COLUMNS
#: Input name -> CSV header, for the engines that read the file.
ID, PLANNED, ON_TIME, SUPPLIED, RETURNED, PRICE, SUPPLIER, LATE, COMPLAINTS, LOSS = COLUMNS


def Q(name: str) -> str:  # noqa: N802 - a quoted SQL identifier
    return f'"{name}"'


@dataclass
class Output:
    s1: np.ndarray
    s2: np.ndarray
    cents: np.ndarray
    grade: np.ndarray  # of str


def reference(rows: Sequence[dict[str, object]]) -> Output:
    """The exact answers, from the hand-written Decimal loop (itself checked against the interpreter
    by `verify_reference_against_interpreter`)."""
    s1, s2, cents, grade = [], [], [], []
    with workload.exact_context():
        for r in rows:
            total, g = workload.by_hand_decimal(r)
            a, b = item_scores(r)
            s1.append(a)
            s2.append(b)
            cents.append(int(total * 100))
            grade.append(g)
    return Output(np.array(s1), np.array(s2), np.array(cents), np.array(grade))


def item_scores(r: dict[str, object]) -> tuple[int, int]:
    planned, on_time = Decimal(str(r[PLANNED])), Decimal(str(r[ON_TIME]))
    supplied, returned = Decimal(str(r[SUPPLIED])), Decimal(str(r[RETURNED]))
    rate = on_time / planned if planned else Decimal(0)
    s1 = 100 if rate >= Decimal("0.95") else 80 if rate >= Decimal("0.9") else 50 if rate >= Decimal("0.85") else 0
    if not supplied:
        return s1, -1
    q = 1 - returned / supplied
    return s1, 100 if q >= Decimal("0.95") else 70 if q >= Decimal("0.9") else 0


def verify_reference_against_interpreter(rows: Sequence[dict[str, object]], ref: Output) -> int:
    """Mismatches between the reference and kpidsl's interpreter (Scheme.evaluate) on `rows`."""
    import kpidsl

    results = kpidsl.load(workload.SCHEME).evaluate(rows).records
    bad = 0
    for i, r in enumerate(results):
        items = {it.name: it for it in r.items}
        s2 = items["供货质量合格率"]
        got = (int(items["采购计划完成率"].score), -1 if s2.skipped else int(s2.score), int(r.total * 100), r.grade)
        bad += got != (int(ref.s1[i]), int(ref.s2[i]), int(ref.cents[i]), str(ref.grade[i]))
    return bad


def mismatches(got: Output, ref: Output) -> int:
    same = (np.asarray(got.s1) == ref.s1) & (np.asarray(got.s2) == ref.s2) & (np.asarray(got.cents) == ref.cents)
    same &= np.asarray(got.grade).astype(str) == ref.grade
    return int((~same).sum())


def boundary_counts(rows: Sequence[dict[str, object]], ref: Output) -> dict[str, int]:
    """How many rows sit on each boundary the engines must get right."""
    on95 = sum(1 for r in rows if r[PLANNED] and r[ON_TIME] * 100 == 95 * r[PLANNED])  # type: ignore[operator]
    zero_planned = sum(1 for r in rows if not r[PLANNED])
    zero_supplied = sum(1 for r in rows if not r[SUPPLIED])
    with workload.exact_context():
        half = 0
        for r in rows:
            total = _unrounded_total(r)
            half += (total * 1000) % 10 == 5 and (total * 1000) == (total * 1000).to_integral_value()
    return {"rate exactly 95%": on95, "no planned orders (rate 0)": zero_planned,
            "nothing supplied (skip, /0.7)": zero_supplied, "total exactly x.xx5": half,
            "loss exactly 1200": sum(1 for r in rows if r[LOSS] == 1200)}


def _unrounded_total(r: dict[str, object]) -> Decimal:
    s1, s2 = item_scores(r)
    num = s1 * Decimal("0.4") + Decimal(repr(r[PRICE])) * Decimal("0.2") + Decimal(repr(r[SUPPLIER])) * Decimal("0.1")
    den = Decimal("0.7")
    if s2 >= 0:
        num += s2 * Decimal("0.3")
        den = Decimal(1)
    ded = min(Decimal(r[LATE]) * Decimal("0.5"), 5) + min(Decimal(r[COMPLAINTS]) * 2, 10)  # type: ignore[arg-type]
    return max(num / den - ded, Decimal(0))


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # of every thread of this process (DuckDB and polars use both cores)


def timed(fn: Callable[[], Output], repeat: int = 3) -> tuple[Timing, Output]:
    """The fastest of `repeat` runs (by CPU time) and the last output."""
    best, out = Timing(float("inf"), float("inf")), None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        t = Timing(time.perf_counter() - w, time.process_time() - c)
        best = t if t.cpu < best.cpu else best
    assert out is not None
    return best, out


INT_COLUMNS = (PLANNED, ON_TIME, SUPPLIED, RETURNED, LATE, COMPLAINTS)
DEC_COLUMNS = (PRICE, SUPPLIER, LOSS)


def columns_from_dicts(rows: Sequence[dict[str, object]]) -> dict[str, np.ndarray]:
    """The one per-row Python step of the dict path: each column pulled out into a numpy array
    (counts as int64, the two-decimal columns as float64 to be scaled exactly by the engine)."""
    n = len(rows)
    cols = {c: np.fromiter((r[c] for r in rows), dtype=np.int64, count=n) for c in INT_COLUMNS}
    cols.update({c: np.fromiter((r[c] for r in rows), dtype=np.float64, count=n) for c in DEC_COLUMNS})
    cols[ID] = np.array([r[ID] for r in rows], dtype=object)
    return cols


def scaled(x: np.ndarray, places: int = 2) -> np.ndarray:
    """Floats with at most `places` decimals as exact scaled int64; any other value is an error
    (a columnar engine must never round a cell silently)."""
    f = x * 10**places
    i = np.rint(f)
    if not (np.abs(f - i) < 1e-6).all() or (np.abs(i) > 2**53).any():
        bad = int(np.flatnonzero(np.abs(f - i) >= 1e-6)[0])
        raise ValueError(f"row {bad}: {x[bad]!r} has more than {places} decimal places")
    return i.astype(np.int64)


def arrow_table(rows: Sequence[dict[str, object]]):  # type: ignore[no-untyped-def]
    """The rows as an Arrow table with exact types: counts int64, decimals decimal128(18, 2)."""
    import pyarrow as pa

    return pa.table({
        ID: pa.array([r[ID] for r in rows], pa.string()),
        **{c: pa.array([r[c] for r in rows], pa.int64()) for c in (PLANNED, ON_TIME, SUPPLIED, RETURNED, LATE, COMPLAINTS)},
        **{c: pa.array([Decimal(repr(r[c])) for r in rows], pa.decimal128(18, 2)) for c in (PRICE, SUPPLIER, LOSS)},
    })
