"""Where the bulk fast path keeps its columns (kpidsl/columnar/fixed_memory.py) and how it builds
the result values: columns in Arrow's memory pool compute what numpy computes, each is freed when
dropped (nothing kept from one call to the next), a result is never changed by a later call that
reuses the freed memory, and the Decimals of a result column are those pyarrow makes from text."""

from __future__ import annotations

import gc
import sys
from decimal import ROUND_FLOOR, Decimal, localcontext
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

import kpidsl
from kpidsl.columnar.bulk import _codes, from_dicts, is_fast
from kpidsl.columnar.fixed import Fixed
from kpidsl.columnar.fixed_memory import calc, column, full
from kpidsl.columnar.fixed_values import m_or
from kpidsl.columnar.records import decimal_list

sys.path.insert(0, str(ROOT / "benchmarks"))
import workload
from bench_eval import arrow_table

#: Result columns the fast path gives (the rest come from a full evaluation).
READ = ["total", "total_exact", "grade", "grade_before_veto", "base_score", "deductions", "bonuses", "bonus_eligible"]


@pytest.fixture(scope="module")
def bench() -> kpidsl.Scheme:
    return kpidsl.load(workload.SCHEME)


def read(results: Any) -> dict[str, list[Any]]:
    return {name: results.column(name) for name in READ}


def test_a_column_is_arrow_memory_freed_when_dropped() -> None:
    before = pa.total_allocated_bytes()
    x = column(10_000)
    assert isinstance(x.base, pa.Buffer) and x.flags.writeable and x.dtype == np.int64 and len(x) == 10_000
    assert pa.total_allocated_bytes() >= before + 80_000
    del x
    assert pa.total_allocated_bytes() == before
    assert full(3, True, bool).tolist() == [True, True, True] and len(column(0)) == 0


@given(st.lists(st.integers(-2**40, 2**40), min_size=1, max_size=40), st.integers(-2**20, 2**20))
def test_calc_computes_what_numpy_computes(values: list[int], k: int) -> None:
    a = np.array(values, dtype=np.int64)
    b = a[::-1].copy()
    for ufunc in (np.add, np.subtract, np.multiply):
        assert np.array_equal(calc(ufunc, a, b), ufunc(a, b))
        assert np.array_equal(calc(ufunc, a, k), ufunc(a, k))
        assert np.array_equal(calc(ufunc, np.int64(k), a), ufunc(np.int64(k), a))
    assert np.array_equal(calc(np.less, a, b, dtype=bool), a < b)
    scalar = calc(np.multiply, np.int64(k), 3)
    assert np.ndim(scalar) == 0 and scalar == k * 3  # a constant stays a constant


def test_a_result_is_not_changed_by_later_calls(bench: kpidsl.Scheme) -> None:
    """Results held unread (their values are made from the fast path's columns when first read)
    while other tables are evaluated in between, alternately: each is what a fresh run gives, and
    what the Decimal loop gives."""
    rows = {seed: list(workload.rows(3000, seed=seed)) for seed in (1, 2)}
    tables = {seed: arrow_table(r) for seed, r in rows.items()}
    fresh = {seed: read(bench.evaluate(t)) for seed, t in tables.items()}
    order = [1, 2, 2, 1, 2]
    held = [bench.evaluate(tables[seed]) for seed in order]
    for _ in range(3):
        for seed in (2, 1):
            read(bench.evaluate(tables[seed]))
    for seed, results in zip(order, held, strict=True):
        assert all(is_fast(b) for _, b, _, _ in results.record_data.batches)  # type: ignore[attr-defined]
        assert read(results) == fresh[seed]
        with workload.exact_context():
            expected = [workload.by_hand_decimal(r) for r in rows[seed]]
        assert [(str(t), g) for t, g in zip(results.column("total"), results.column("grade"), strict=True)] == [
            (str(t), g) for t, g in expected]


def test_nothing_is_kept_from_one_call_to_the_next(bench: kpidsl.Scheme) -> None:
    table = arrow_table(list(workload.rows(2000)))
    read(bench.evaluate(table))
    gc.collect()
    settled = pa.total_allocated_bytes()
    for _ in range(3):
        read(bench.evaluate(table))
        gc.collect()
        assert pa.total_allocated_bytes() == settled


def test_bad_doubles_go_to_the_interpreter_and_do_not_decline(bench: kpidsl.Scheme) -> None:
    records = list(workload.rows(40))
    records[3]["材料价格合理性得分"] = float("nan")
    records[5]["材料价格合理性得分"] = float("inf")
    records[8]["材料价格合理性得分"] = 1e300
    made = from_dicts(records, bench.ir, bench.ir.id_input)
    assert made is not None
    table, columns, _ = made
    summary = Fixed(bench.ir).run(table, columns)
    assert {3, 5, 8} <= set(summary.leave)
    assert max(abs(int(summary.numbers["published"].units.max())), abs(int(summary.numbers["published"].units.min()))) < 10**6


@given(st.integers(0, 6), st.integers(-2**63, 2**63 - 1), st.integers(0, 300), st.lists(st.integers(0, 300), min_size=1, max_size=200))
def test_decimals_are_those_of_their_text(scale: int, start: int, width: int, offsets: list[int]) -> None:
    """Dense ranges (built by addition) and sparse ones (from text), across zero and at the ends of
    int64, under a caller's context that would round: the same sign, digits and exponent."""
    low = max(min(start, 2**63 - 1 - width), -2**63)
    dense = np.array([low + o % (width + 1) for o in offsets], dtype=np.int64)
    sparse = np.array([low + o * 10**12 if low < 0 else low - o * 10**12 for o in offsets], dtype=np.int64)
    for units in (dense, sparse, dense - dense.min() - width // 2):
        want = [Decimal(f"{u}E-{scale}").as_tuple() for u in units.tolist()]
        with localcontext() as ctx:
            ctx.prec, ctx.rounding = 3, ROUND_FLOOR
            got = decimal_list(units, scale)
        assert [d.as_tuple() for d in got] == want


def test_grades_with_and_without_missing_ones() -> None:
    labels = pa.array(["A", "B", "C"])
    for codes in ([0, 1, -1, 2, -1, 0, 1, 2, 2, -1, 0], [0, 1, 2], [-1] * 9, list(range(-1, 3)) * 7):
        got = _codes(np.array(codes, dtype=np.int64), labels)
        got.validate(full=True)
        assert got.to_pylist() == [None if c < 0 else "ABC"[c] for c in codes]


def test_masks_combined_in_place_leave_their_operands_alone() -> None:
    x, y, z = np.array([True, False, False]), np.array([False, False, False]), np.array([False, False, True])
    assert m_or(x, y, z).tolist() == [True, False, True]
    assert x.tolist() == [True, False, False] and y.tolist() == [False] * 3 and z.tolist() == [False, False, True]
    assert bool(m_or(np.bool_(False), np.bool_(False), np.bool_(True)))  # constants stay constants
    assert m_or(np.bool_(True), y, z).tolist() == [True] * 3
    assert m_or(None, None) is None


def test_a_column_read_twice_is_two_lists(bench: kpidsl.Scheme) -> None:
    results = bench.evaluate(arrow_table(list(workload.rows(300))))
    for name in ("total", "grade", "base_score"):
        first = results.column(name)
        want = list(first)
        first[:] = [None] * len(first)
        assert results.column(name) == want


RANGES = """
scheme "范围" {
  round 2
  input a: number in != 0
  input b: number in [1, 5]
  input c: count
  input d: money in > 2
  indicator x weight 100% { score a + b + c + d }
  total = base_score
}
"""


@pytest.mark.parametrize("cells", [
    {},  # every cell in range: no row is left
    {"a": 0}, {"b": 0.5}, {"b": 5.01}, {"c": -1}, {"d": 2}, {"d": Decimal("1.99")},
])
def test_cells_out_of_range_or_sign_go_to_the_interpreter(cells: dict[str, object]) -> None:
    """Signs and ranges, convex ones and `!= 0` (-1 and 1 hold, 0 between them does not), over
    columns now made in Arrow's pool: a row the interpreter rejects is always left to it."""
    scheme = kpidsl.loads(RANGES, path="ranges.kpi")
    records: list[dict[str, object]] = [{"a": (-1) ** i, "b": 1 + i % 5, "c": i, "d": Decimal("2.5") + i} for i in range(8)]
    records[4] = {**records[4], **cells}
    made = from_dicts(records, scheme.ir)
    assert made is not None
    table, columns, _ = made
    summary = Fixed(scheme.ir).run(table, columns)
    assert set(summary.leave) == ({4} if cells else set())
    if cells:
        with pytest.raises(kpidsl.KpiError):
            scheme.evaluate([records[4]], engine="python")
