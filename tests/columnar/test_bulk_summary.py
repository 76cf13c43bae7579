"""The bulk API's summary plan: `Scheme.evaluate` on the columnar engine computes only the fixed
results (totals, grades, flags) and evaluates a batch with every column when a record or an item's
column is first read. Whatever is read first, and in whatever order, the values are the
interpreter's; a plan that overflows only in the columns the summary left out hands the batch to
the interpreter; the plan cache tells apart records keyed by names and by labels; two threads may
evaluate with one scheme at once."""

from __future__ import annotations

import sys
import threading
from decimal import Decimal
from typing import Any

import duckdb
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, Phase, given, settings

import kpidsl
from kpidsl.bulkresults import FIXED
from kpidsl.columnar.engine import Columnar
from kpidsl.engines import columnar_engine
from kpidsl.errors import KpiError

sys.path.insert(0, str(ROOT / "tests" / "properties"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import workload
from schemes import cases

#: Columns `column()` reads from the summary or the ids (`period` is read from records).
SUMMARY = [c for c in FIXED if c != "period"]


def _same(a: list[Any], b: list[Any]) -> bool:
    """Equal values, decimals by value (the engine's 85.50000 is the interpreter's 85.5)."""
    return len(a) == len(b) and all(
        (x == y) if not (isinstance(x, Decimal) and isinstance(y, Decimal)) else x.compare(y) == 0 for x, y in zip(a, b, strict=True))


def _columns(results: Any, names: list[str]) -> dict[str, list[Any]]:
    return {n: results.column(n) for n in names}


def _check_columns_then_records(scheme: kpidsl.Scheme, records: list[dict[str, object]]) -> bool:
    """Columns read from a fresh columnar result (summary first, then item columns, then every
    record) equal the interpreter's; False when the engine declines the scheme or the data."""
    engine, _ = columnar_engine(scheme)
    if engine is None:
        return False
    try:
        python = scheme.evaluate(records, engine="python")
    except KpiError as exc:
        try:
            with pytest.raises(KpiError) as caught:
                scheme.evaluate(records, engine="columnar")
        except ValueError as declined:  # the engine declines the data (as below), before the error
            assert "cannot read this input" in str(declined)
            return False
        assert [d.code for d in caught.value.diagnostics] == [d.code for d in exc.diagnostics]
        return True
    try:
        columnar = scheme.evaluate(records, engine="columnar")
    except ValueError as exc:
        assert "cannot read this input" in str(exc)
        return False
    items = list(scheme.ir.item_order)
    got, want = _columns(columnar, SUMMARY + items), _columns(python, SUMMARY + items)
    for name in got:
        assert _same(got[name], want[name]), name
    assert columnar == python
    return True


@settings(max_examples=40, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_summary_columns_then_records_agree_on_generated_schemes(case: tuple[str, list[dict[str, object]]]) -> None:
    text, records = case
    _check_columns_then_records(kpidsl.loads(text, path="gen.kpi"), records)


@pytest.fixture(scope="module")
def bench() -> kpidsl.Scheme:
    return kpidsl.load(workload.SCHEME)


def test_workload_boundaries_summary_equals_the_decimal_loop(bench: kpidsl.Scheme) -> None:
    """The benchmark's data hits every boundary (rates of exactly 95%, zero denominators, x.xx5
    totals, the veto's threshold): totals and grades from the summary equal the exact loop's."""
    records = list(workload.rows(3000))
    results = bench.evaluate(records, engine="columnar")
    with workload.exact_context():
        expected = [workload.by_hand_decimal(r) for r in records]
    assert list(zip(results.column("total"), results.column("grade"), strict=True)) == expected
    assert _check_columns_then_records(bench, records)


def test_an_overflow_when_expanding_hands_the_batch_to_the_interpreter(bench: kpidsl.Scheme, monkeypatch: pytest.MonkeyPatch) -> None:
    records = list(workload.rows(300))
    python = bench.evaluate(records, engine="python")
    columnar = bench.evaluate(records, engine="columnar")
    real = Columnar.run
    tries: list[int] = []

    def overflowing(self: Columnar, con: Any, table: Any, columns: Any, full: bool = True) -> Any:
        if full:
            tries.append(table.num_rows)
            raise duckdb.OutOfRangeException("Overflow in multiplication of INT128")
        return real(self, con, table, columns, full)

    monkeypatch.setattr(Columnar, "run", overflowing)
    item = bench.ir.item_order[0]
    assert _same(columnar.column(item), python.column(item))
    assert columnar == python
    assert _same(columnar.column("total"), python.column("total"))
    assert _same(columnar.column(item), python.column(item))
    assert tries == [300]  # tried once; the interpreter's records are kept


def test_records_keyed_by_labels_then_by_names_each_read_their_own_columns(bench: kpidsl.Scheme) -> None:
    by_label = list(workload.rows(200))
    labels = {spec.label: spec.name for spec in bench.ir.inputs if spec.label}
    by_name = [{labels.get(k, k): v for k, v in r.items()} for r in by_label]
    assert by_name[0].keys() != by_label[0].keys()
    first = bench.evaluate(by_label, engine="columnar")
    second = bench.evaluate(by_name, engine="columnar")
    assert first.column("total") == second.column("total") == bench.evaluate(by_name, engine="python").column("total")


def test_ids_and_summary_columns_build_no_record(bench: kpidsl.Scheme, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading ids, totals, grades and the grade before a veto runs the summary plan only."""
    records = list(workload.rows(300))
    results = bench.evaluate(records, engine="columnar")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a record or the full plan was built")

    monkeypatch.setattr("kpidsl.columnar.bulk.record", refuse)
    monkeypatch.setattr(results.record_data, "_full", refuse)
    assert results.column("id")[:2] == ["E0000000", "E0000001"]
    assert len(results.column("grade_before_veto")) == len(results.column("total")) == 300
    monkeypatch.undo()
    python = bench.evaluate(records, engine="python")
    for name in ("id", "grade_before_veto", "total", "grade"):
        assert results.column(name) == python.column(name), name


def test_two_threads_evaluate_with_one_scheme(bench: kpidsl.Scheme) -> None:
    records = list(workload.rows(500))
    expected = bench.evaluate(records, engine="python").column("total")
    got: list[list[Any]] = []

    def work() -> None:
        for _ in range(3):
            got.append(bench.evaluate(records, engine="columnar").column("total"))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 6 and all(g == expected for g in got)
