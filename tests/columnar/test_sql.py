"""`kpi sql`: the printed query, run in DuckDB on a table of text inputs (each example's data, one
column per input), gives the interpreter's totals, grades and item scores on every row it decides,
and marks the others `needs_kpidsl`; a scheme it cannot express is K-E0190."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, run_kpi

import kpidsl
from kpidsl.columnar.bulk import input_columns
from kpidsl.engines import columnar_engine

SUPPORTED = [n for n in EXAMPLE_NAMES if columnar_engine(kpidsl.load(EXAMPLES / n / "scheme.kpi"))[0] is not None]


def _inputs(scheme: kpidsl.Scheme, name: str) -> pa.Table:
    """The example's data as a table of text columns named by input (a warehouse staging table)."""
    table = scheme.read(EXAMPLES / name / "data.csv")
    columns = input_columns(scheme.ir, table.columns)
    arrays = {}
    for spec in scheme.ir.inputs:
        col = columns[spec.name]
        i = table.columns.index(col) if col is not None else None
        arrays[spec.name] = pa.array([None if i is None or i >= len(r.cells) else str(r.cells[i]) for r in table.rows], pa.string())
    return pa.table(arrays)


@pytest.mark.parametrize("name", SUPPORTED)
def test_the_query_gives_the_interpreters_results(name: str) -> None:
    path = EXAMPLES / name / "scheme.kpi"
    printed = run_kpi("sql", str(path), "--table", "kpi_inputs")
    assert printed.code == 0, printed.err
    scheme = kpidsl.load(path)
    kpi_inputs = _inputs(scheme, name)
    con = duckdb.connect()
    con.register("kpi_inputs", kpi_inputs)
    rows = con.execute(printed.out).fetchall()
    names = [d[0] for d in con.description]
    expected = scheme.evaluate(kpi_inputs.to_pylist(), engine="python").record_data
    assert len(rows) == len(expected)
    decided = 0
    for row, want in zip(rows, expected, strict=True):
        got = dict(zip(names, row, strict=True))
        if got["needs_kpidsl"]:
            continue
        decided += 1
        assert got["total"] == want.total and got["grade"] == want.grade, (got, want.id)
        assert got["bonus_eligible"] == want.bonus_eligible
        for item in want.items:
            assert got[item.name] == item.score or (got[item.name] is None and item.score is None), item.name
    assert decided > 0


def test_a_scheme_sql_cannot_express_is_K_E0190() -> None:
    r = run_kpi("sql", str(EXAMPLES / "forced_distribution" / "scheme.kpi"))
    assert r.code == 1 and "K-E0190" in r.err and "population rules" in r.err


def test_only_proven_dialects_are_offered() -> None:
    r = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--dialect", "spark")
    assert r.code == 2


def test_the_query_never_divides_in_floating_point() -> None:
    r = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"))
    assert "DECIMAL(38" in r.out and " / " not in r.out and "DOUBLE" not in r.out
