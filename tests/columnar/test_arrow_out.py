"""`BulkResults.to_arrow()`: the same table, types included, on both engines (every example and
hypothesis-generated schemes), types decided by the scheme, skipped items null, empty input, and
a value its column cannot hold refused (K-O0103), never rounded."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from conftest import EXAMPLE_NAMES, ROOT
from helpers import scheme as make_scheme
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import kpidsl
from kpidsl.arrowout import result_types
from kpidsl.engines import columnar_engine
from kpidsl.errors import KpiError

sys.path.insert(0, str(ROOT / "tests" / "properties"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import workload
from bench_eval import arrow_table
from schemes import cases
from test_differential import same_on_both
from test_fixed import example_rows

WORKLOAD = ROOT / "benchmarks" / "workload.kpi"


def arrow_outcome(scheme: kpidsl.Scheme, records: Any, engine: str) -> Any:
    """The table (checked against the scheme's layout), or the error's codes and messages."""
    try:
        res = scheme.evaluate(records, engine=engine)
    except KpiError as exc:
        return ("evaluation error", [d.code for d in exc.diagnostics])
    assert res.engine == engine
    try:
        table = res.to_arrow()
    except KpiError as exc:
        return ("to_arrow error", [(d.code, d.message) for d in exc.diagnostics])
    types = result_types(scheme.ir)
    assert table.schema == pa.schema(list(types.items()))
    assert table.num_rows == len(res)
    assert table.column("total").to_pylist() == res.column("total")
    return table


def same_tables(scheme: kpidsl.Scheme, records: Any) -> bool:
    """Both engines give equal tables (or the same refusal); False where the columnar engine declines."""
    if columnar_engine(scheme)[0] is None:
        arrow_outcome(scheme, records, "python")
        return False
    return same_on_both(scheme, records, arrow_outcome)  # a Table's == is `equals`, schema included


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_give_equal_tables_on_both_engines(name: str) -> None:
    scheme, rows = example_rows(name)
    took = same_tables(scheme, rows)
    assert took or columnar_engine(scheme)[1], name


@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_generated_schemes_give_equal_tables(case: tuple[str, list[dict[str, object]]]) -> None:
    text, records = case
    same_tables(kpidsl.loads(text, path="gen.kpi"), records)


def workload_table(n: int) -> pa.Table:
    return arrow_table(list(workload.rows(n)))  # type: ignore[no-any-return]


def test_arrow_in_arrow_out_matches_the_interpreter_and_skipped_items_are_null() -> None:
    scheme = kpidsl.load(WORKLOAD)
    table = workload_table(3000)
    fast = scheme.evaluate(table, engine="columnar").to_arrow()
    reference = scheme.evaluate(table, engine="python").to_arrow()
    assert fast.equals(reference)
    skipped = [i for i, v in enumerate(table.column("总供货量(件)").to_pylist()) if v == 0]
    assert skipped
    assert all(fast.column("供货质量合格率")[i].as_py() is None for i in skipped)
    assert fast.column("total").type == pa.decimal128(38, 2)  # the scheme's `round 2`
    assert fast.column("id").to_pylist() == table.column("工号").to_pylist()


def test_a_subset_of_columns_in_the_order_asked_and_unknown_ones_refused() -> None:
    scheme = kpidsl.load(WORKLOAD)
    res = scheme.evaluate(workload_table(2500))
    assert res.engine == "columnar"
    out = res.to_arrow(["grade", "id", "total"])
    assert out.column_names == ["grade", "id", "total"]
    assert out.column("grade").to_pylist() == res.column("grade")
    items = ["采购计划完成率", "供货质量合格率", "材料价格合理性", "供应商管理"]
    scores = res.to_arrow(["id", *items])  # the fast path's exact scores: no second evaluation
    assert not any(batch.full for _, batch, _, _ in res.record_data.batches)
    assert scores.equals(scheme.evaluate(workload_table(2500), engine="python").to_arrow(["id", *items]))
    with pytest.raises(KeyError, match="no_such"):
        res.to_arrow(["no_such"])
    assert res.to_pandas(["id", "total"])["total"].tolist() == res.column("total")
    assert res.to_polars(["id", "grade"])["grade"].to_list() == res.column("grade")


def test_ids_that_need_trimming_are_read_as_kpidsl_reads_them() -> None:
    scheme = kpidsl.load(WORKLOAD)
    table = workload_table(2500)
    ids = [f" {v}\u3000" if i % 7 == 0 else v for i, v in enumerate(table.column("工号").to_pylist())]
    table = table.set_column(0, "工号", pa.array(ids))
    fast = scheme.evaluate(table, engine="columnar").to_arrow(["id", "total"])
    assert fast.equals(scheme.evaluate(table, engine="python").to_arrow(["id", "total"]))
    assert fast.column("id")[0].as_py() == ids[0].strip()


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_empty_input_gives_an_empty_table_with_the_same_schema(engine: str) -> None:
    scheme = kpidsl.load(WORKLOAD)
    empty = workload_table(1).slice(0, 0)
    out = scheme.evaluate(empty, engine=engine).to_arrow()
    assert out.num_rows == 0
    assert out.schema == pa.schema(list(result_types(scheme.ir).items()))


UNHELD = """
input a: number
input b: number
indicator 比率 weight 100% { score a / b * 0.5 }
"""


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_value_with_more_places_than_its_column_is_refused_not_rounded(engine: str) -> None:
    scheme = make_scheme(UNHELD)
    records = [{"a": 1, "b": 4}, {"a": 1, "b": 3}] * 1500  # 1/3 is held at 20 places; x 0.5 has 21
    try:
        res = scheme.evaluate(records, engine=engine)
    except ValueError:
        pytest.skip("the columnar engine does not take this input")
    with pytest.raises(KpiError) as info:
        res.to_arrow()
    d = info.value.diagnostics[0]
    assert d.code == "K-O0103" and "'#2'" in d.message and "0.166666666666666666665" in d.message
    assert res.to_arrow(["id", "grade"]).num_rows == 3000  # the other columns are unaffected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62), st.integers(-10**6, 10**6)), max_size=40),
       st.integers(0, 6), st.integers(0, 30), st.integers(0, 5))
def test_fixed_point_columns_are_cast_to_any_scale_exactly_or_refused(units: list[int | None], scale: int, more: int,
                                                                      skip: int) -> None:
    """`fit_decimals` (the columnar engine's path: numpy words, or Arrow's cast) gives what Python's
    exact conversion gives, or refuses (K-O0103) exactly where that does; on a sliced column too."""
    from kpidsl.arrowout import fit_decimals, from_values

    source = pa.array([None if u is None else Decimal(u).scaleb(-scale) for u in units], pa.decimal128(38, scale))
    source = source.slice(min(skip, len(source)))
    target = pa.decimal128(38, min(scale + more, 38))
    ids = [f"#{i}" for i in range(len(source))]
    try:
        expected = from_values("x", source.to_pylist(), target, ids)
    except KpiError as exc:
        with pytest.raises(KpiError) as info:
            fit_decimals("x", source, target, ids)
        assert info.value.diagnostics[0].message == exc.diagnostics[0].message
        return
    got = fit_decimals("x", source, target, ids)
    assert got.type == target and got.equals(expected) and got.to_pylist() == expected.to_pylist()


def test_a_value_arrow_cannot_hold_is_refused_in_the_same_words_on_both_engines() -> None:
    """K-O0103 wrote the value as each engine held it: 380.363...9640 on the columnar engine (its
    column's scale), 380.363...964 on the interpreter (hypothesis found it): written without
    trailing zeros, the errors are equal."""
    text = ('scheme "t" {\n  id 工号\n  input 工号: text\n  input v: number\n'
            '  indicator a weight 100% { value v  score proportional target 13 full 10 }\n  bonus "b" a * 5.17\n}\n')
    scheme = kpidsl.loads(text, path="t.kpi")
    said = []
    for engine in ("columnar", "python"):
        res = scheme.evaluate([{"工号": "E1", "v": 11}], engine=engine)
        with pytest.raises(KpiError) as exc:
            res.to_arrow()
        said.append([(d.code, d.message) for d in exc.value.diagnostics])
    assert said[0] == said[1] and said[0][0][0] == "K-O0103", said
    value = said[0][0][1].split("' (")[1].split(")")[0]
    assert not value.endswith("0"), said  # no trailing zero
