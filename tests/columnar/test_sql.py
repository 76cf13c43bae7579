"""`kpi sql`: the printed query, run in DuckDB on a table of text inputs (each example's data, one
column per input), gives the interpreter's totals, grades and item scores on every row it decides,
and marks the others `needs_kpidsl`; a scheme it cannot express is K-E0190."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, run_kpi
from sqlcases import DATED

import kpidsl
from kpidsl.columnar.bulk import input_columns
from kpidsl.columnar.dialects import DIALECTS, SETTINGS, _pattern
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


def test_dates_from_text_are_not_offered_on_postgres(tmp_path: Path) -> None:
    """PostgreSQL has no TRY_CAST: an impossible date would stop the query instead of going to kpidsl."""
    path = tmp_path / "dated.kpi"
    path.write_text(DATED, encoding="utf-8")
    r = run_kpi("sql", str(path), "--dialect", "postgres")
    assert r.code == 1 and "K-E0190" in r.err and "TRY_CAST" in r.err and r.out == ""
    assert run_kpi("sql", str(path), "--dialect", "spark").code == 0


def test_a_scheme_sql_cannot_express_is_K_E0190() -> None:
    r = run_kpi("sql", str(EXAMPLES / "forced_distribution" / "scheme.kpi"))
    assert r.code == 1 and "K-E0190" in r.err and "population rules" in r.err


def test_only_proven_dialects_are_offered() -> None:
    """The CLI offers exactly the dialects a test runs (test_sql_spark.py, test_sql_postgres.py)."""
    r = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--dialect", "bigquery")
    assert r.code == 2
    from kpidsl.cli import sql_cmd

    choice = next(p for p in sql_cmd.params if p.name == "dialect")
    assert tuple(choice.type.choices) == DIALECTS  # type: ignore[attr-defined]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_query_never_divides_in_floating_point(dialect: str) -> None:
    r = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--dialect", dialect)
    assert "DECIMAL(38" in r.out and " / " not in r.out.replace(") / (", "") and "DOUBLE" not in r.out
    assert dialect == "duckdb" or ("INT128" not in r.out and "HUGEINT" not in r.out)
    assert dialect == "duckdb" or "REGEXP_FULL_MATCH" not in r.out


def test_spark_states_its_settings_first_and_checks_them() -> None:
    r = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--dialect", "spark")
    lines = r.out.splitlines()
    assert lines[:len(SETTINGS["spark"])] == [f"{s};" for s in SETTINGS["spark"]]
    assert "RAISE_ERROR(" in r.out and "'kpidsl: run this query after SET spark.sql.ansi.enabled = true" in r.out


@pytest.mark.parametrize(("pattern", "spark", "postgres"), [
    (r"^ *$", r"^(?: *)\z", r"^(?: *)$"),
    (r"^[^\s\x{85}\x{3000}]$", r"^(?:[^\t\n\f\r \x{85}\x{3000}])\z", r"^(?:[^\t\n\f\r \u0085\u3000])$"),
])
def test_patterns_mean_the_same_in_each_engine(pattern: str, spark: str, postgres: str) -> None:
    assert _pattern(pattern, "spark") == spark and _pattern(pattern, "postgres") == postgres


def test_a_cell_with_more_places_than_the_query_reads_goes_to_kpidsl() -> None:
    """`--places 2`: 85.555 would be rounded by the cast, so its row is marked, not computed."""
    printed = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--places", "2")
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    row = {spec.name: "10" for spec in scheme.ir.inputs}
    rows = [dict(row, 价格合理性评分="85.555"), dict(row, 价格合理性评分="85.55")]
    con = duckdb.connect()
    con.register("kpi_inputs", pa.table({k: pa.array([r[k] for r in rows], pa.string()) for k in row}))
    flags = [r[-1] for r in con.execute(printed.out).fetchall()]
    assert flags == [True, False]
