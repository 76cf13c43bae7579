"""`kpi sql`: the printed query, run in DuckDB on a table of text inputs (each example's data, one
column per input), gives the interpreter's totals, grades and item scores on every row it decides,
and marks the others `needs_kpidsl`; a scheme it cannot express is K-E0190."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import EXAMPLE_NAMES, EXAMPLES, run_kpi
from sqlcases import DATED

import kpidsl
from kpidsl.columnar.bulk import input_columns
from kpidsl.columnar.dialects import DIALECTS, SETTINGS, _pattern
from kpidsl.columnar.export import header
from kpidsl.engines import columnar_engine

SUPPORTED = [n for n in EXAMPLE_NAMES if columnar_engine(kpidsl.load(EXAMPLES / n / "scheme.kpi"))[0] is not None]


def _inputs(scheme: kpidsl.Scheme, name: str) -> pa.Table:
    """The example's data as a table of text columns named by the inputs' labels (a warehouse
    staging table loaded from an export: `kpi sql`'s default `--columns label`)."""
    table = scheme.read(EXAMPLES / name / "data.csv")
    columns = input_columns(scheme.ir, table.columns)
    arrays = {}
    for spec in scheme.ir.inputs:
        col = columns[spec.name]
        i = table.columns.index(col) if col is not None else None
        arrays[header(spec, "label")] = pa.array([None if i is None or i >= len(r.cells) else str(r.cells[i]) for r in table.rows], pa.string())
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
        for label, fired in want.veto_flags.items():
            assert got[label] is fired, (label, want.id)  # every veto a yes/no column, as every output has
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
    printed = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--places", "2", "--columns-by", "name")
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    row = {spec.name: "10" for spec in scheme.ir.inputs}
    rows = [dict(row, 工号="A", 价格合理性评分="85.555"), dict(row, 工号="B", 价格合理性评分="85.55")]
    con = duckdb.connect()
    con.register("kpi_inputs", pa.table({k: pa.array([r[k] for r in rows], pa.string()) for k in row}))
    flags = [r[-1] for r in con.execute(printed.out).fetchall()]
    assert flags == [True, False]


def test_an_id_used_twice_goes_to_kpidsl() -> None:
    """Two rows with one id (`kpi eval` refuses the file, K-D0208): the query marked neither and
    gave both a total, which payroll would pay twice (a new-user trial); both are marked, and the
    rows keep the table's order."""
    printed = run_kpi("sql", str(PURCHASING / "scheme.kpi"), "--columns-by", "name")
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    row = {spec.name: "10" for spec in scheme.ir.inputs}
    ids = ["E9", "E2", "E9", "E1", "E5"]
    con = duckdb.connect()
    con.register("kpi_inputs", pa.table({k: pa.array([i if k == "工号" else row[k] for i in ids], pa.string()) for k in row}))
    got = [(r[0], r[-1]) for r in con.execute(printed.out).fetchall()]
    assert got == [("E9", True), ("E2", False), ("E9", True), ("E1", False), ("E5", False)]


PURCHASING = EXAMPLES / "purchasing_manager"


def test_the_docs_duckdb_recipe_runs_verbatim_on_the_examples_export() -> None:
    """docs/cli.md: `kpi sql` then `CREATE TABLE kpi_inputs AS SELECT * FROM read_csv(..., all_varchar
    = true)` over the example's data file, whose headers are the inputs' labels (按时完成单数,
    总供货量(件)), gives `kpi eval`'s results on every row."""
    printed = run_kpi("sql", str(PURCHASING / "scheme.kpi"))
    assert printed.code == 0, printed.err
    con = duckdb.connect()
    con.execute(f"CREATE TABLE kpi_inputs AS SELECT * FROM read_csv('{PURCHASING / 'data.csv'}', all_varchar = true)")
    rows = con.execute(printed.out).fetchall()
    names = [d[0] for d in con.description]
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    expected = scheme.evaluate_table(scheme.read(PURCHASING / "data.csv"), engine="python").record_data
    assert [dict(zip(names, r, strict=True))["total"] for r in rows] == [w.total for w in expected]
    assert not any(dict(zip(names, r, strict=True))["needs_kpidsl"] for r in rows)


def test_the_docs_duckdb_block_runs_as_written(tmp_path: Path) -> None:
    """The Python block of docs/cli.md ("Running the query on a cluster or warehouse", DuckDB),
    run as it is written, from a folder laid out as the repository, after its `kpi sql` line."""
    text = (EXAMPLES.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    block = text[text.index("  ```python\n  # kpi sql examples/purchasing_manager") + len("  ```python\n"):]
    code = "\n".join(line.removeprefix("  ") for line in block[:block.index("  ```")].splitlines())
    command = code.splitlines()[0].removeprefix("# ").split()
    assert command[:2] == ["kpi", "sql"] and command[-2] == ">"
    (tmp_path / "examples").symlink_to(EXAMPLES)
    printed = run_kpi(*command[1:-2], cwd=tmp_path)
    assert printed.code == 0, printed.err
    (tmp_path / command[-1]).write_text(printed.out, encoding="utf-8")
    ran = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert ran.returncode == 0, ran.stderr
    assert "needs_kpidsl" in ran.stdout and "E001" in ran.stdout and "96.00" in ran.stdout


def test_columns_by_name_read_a_table_named_as_the_inputs() -> None:
    by_label = run_kpi("sql", str(PURCHASING / "scheme.kpi")).out
    by_name = run_kpi("sql", str(PURCHASING / "scheme.kpi"), "--columns-by", "name").out
    assert '"总供货量(件)"' in by_label and '"总供货量(件)"' not in by_name and '"总供货量"' in by_name
    con = duckdb.connect()
    con.execute(f"CREATE TABLE kpi_inputs AS SELECT * FROM read_csv('{PURCHASING / 'data.csv'}', all_varchar = true)")
    with pytest.raises(duckdb.BinderException):
        con.execute(by_name)


def test_show_columns_prints_which_column_feeds_which_input() -> None:
    r = run_kpi("sql", str(PURCHASING / "scheme.kpi"), "--show-columns")
    assert r.code == 0 and "SELECT" not in r.out
    lines = [line.split() for line in r.out.splitlines()]
    assert ["按时完成采购单数", "按时完成单数", "count"] in lines and ["总供货量", "总供货量(件)", "number"] in lines
    by_name = run_kpi("sql", str(PURCHASING / "scheme.kpi"), "--show-columns", "--columns-by", "name")
    assert ["总供货量", "总供货量", "number"] in [line.split() for line in by_name.out.splitlines()]
    zh = run_kpi("sql", str(PURCHASING / "scheme.kpi"), "--show-columns", "--lang", "zh")
    assert zh.out.split()[:3] == ["输入项", "列", "类型"]


class _Columns:
    """A stand-in for `Planner.col`: each bound value a column, a new layer where it reads one of
    the current layer's."""

    def __init__(self) -> None:
        self.layers: list[list[tuple[str, object]]] = [[]]

    def __call__(self, v: object, hint: str) -> object:
        from sqlglot import exp

        from kpidsl.columnar import sql

        name = f"{hint}_{sum(map(len, self.layers))}"
        current = {n for n, _ in self.layers[-1]}
        if current and any(c.name in current for c in v.e.find_all(exp.Column)):  # type: ignore[attr-defined]
            self.layers.append([])
        self.layers[-1].append((name, v.e))  # type: ignore[attr-defined]
        return sql.V(sql.column(name), v.kind, v.scale)  # type: ignore[attr-defined]

    def query(self, value: object) -> str:
        q = "SELECT a, b FROM t"
        for layer in self.layers:
            if layer:
                columns = ", ".join(e.sql("duckdb") + " AS " + n for n, e in layer)  # type: ignore[attr-defined]
                q = f"SELECT *, {columns} FROM ({q})"
        return "SELECT " + value.sql("duckdb") + f" FROM ({q})"  # type: ignore[attr-defined]


@given(st.integers(0, 6), st.integers(0, 6),
       st.lists(st.tuples(st.integers(-(10**19), 10**19), st.integers(-(10**11), 10**11)), min_size=1, max_size=30),
       st.sampled_from([1, 10**8 - 1, 10**8, 7, 3]))
@settings(max_examples=60, deadline=None)
def test_a_quotient_in_64_bit_steps_is_the_128_bit_one(sa: int, sb: int, pairs: list[tuple[int, int]], edge: int) -> None:
    """`sql.div` with the planner's columns: a quotient of small integers (|A| < 10^18, 0 < |B| <
    10^8 units) by BIGINT long division, the others at 128 bits: every value is `numbers.div`'s,
    NULL for a zero divisor (a row the 128-bit form overflows is left out, as the engine leaves
    its batch to the interpreter)."""
    from decimal import Decimal

    from sqlglot import exp

    from kpidsl import numbers
    from kpidsl.columnar import sql

    pairs = [*pairs, (10**18 - 1, edge), (-(10**18), edge), (5, -edge), (0, edge), (edge, 0)]
    bind = _Columns()
    a = sql.V(sql.cast(exp.column("a"), sql.decimal_type(sa)), sql.K.NUM, sa)
    b = sql.V(sql.cast(exp.column("b"), sql.decimal_type(sb)), sql.K.NUM, sb)
    query = bind.query(sql.div(a, b, bind).e)
    stepped = any(n.startswith("dq") for layer in bind.layers for n, _ in layer)
    assert stepped == (sb <= sa)  # 10^(sb + 20 - sa) at most 10^20: the 64-bit steps are there
    con = duckdb.connect()
    for x, y in pairs:
        da, db = Decimal(x).scaleb(-sa), Decimal(y).scaleb(-sb)
        con.execute("CREATE OR REPLACE TABLE t AS SELECT ? AS a, ? AS b", [str(da), str(db)])
        try:
            got = con.execute(query).fetchall()[0][0]
        except duckdb.OutOfRangeException:
            continue
        assert got == (None if y == 0 else numbers.div(da, db)), (da, db)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_printed_query_divides_without_the_64_bit_steps(dialect: str) -> None:
    """The 64-bit steps of a quotient are columns DuckDB runs layer by layer; PostgreSQL merges the
    layers into one expression per column, and the steps (each read several times by the next)
    grew it past 20 GB on the purchasing example: `kpi sql` prints the 128-bit form only."""
    printed = run_kpi("sql", str(PURCHASING / "scheme.kpi"), "--dialect", dialect)
    assert printed.code == 0, printed.err
    assert '"dq_' not in printed.out and "`dq_" not in printed.out and '"dn_' not in printed.out and "`dn_" not in printed.out
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    engine = columnar_engine(scheme)[0]
    assert engine is not None
    shape = tuple((i.name, "VARCHAR", 0, True) for i in scheme.ir.inputs)
    columns = {i.name: i.name for i in scheme.ir.inputs}
    from kpidsl.columnar.engine import ROW
    from kpidsl.columnar.sql import column

    planner, _ = engine.planner(shape, columns, column("t"), column(ROW))  # the engine's own plan has them
    assert any(name.startswith("dq_") for layer in planner.layers for name, _ in layer)
