"""Shared by the `kpi sql` tests of each dialect: the examples the query covers, their data as a
staging table of text cells (the shipped rows plus seeded variants aimed at the edges: empty
cells, zeros that become zero denominators, values off by a last-place unit, thirds that leave
20-place quotients, values outside a declared range), the interpreter's result for every row,
and the comparison of a query's rows with it."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa
from conftest import EXAMPLE_NAMES, EXAMPLES, run_kpi

import kpidsl
from kpidsl.columnar.bulk import input_columns
from kpidsl.columnar.export import header
from kpidsl.engines import columnar_engine
from kpidsl.errors import KpiError
from kpidsl.outcome import RecordData

SUPPORTED = [n for n in EXAMPLE_NAMES if columnar_engine(kpidsl.load(EXAMPLES / n / "scheme.kpi"))[0] is not None]
#: Decimal places the tests' queries read (`kpi sql --places`).
PLACES = 4
#: Generated rows per example, besides the shipped ones.
VARIANTS = 40

Row = dict[str, str | None]


#: A scheme reading a date from text cells (no example's columnar-covered scheme does).
DATED = """scheme "入职" {
  id 工号
  input 工号: text
  input 入职日期: date
  input 得分: score in [0, 100]

  indicator 工作 weight 100% {
    score 得分
  }
}
"""
DATED_ROWS: list[Row] = [{"工号": f"E{i}", "入职日期": d, "得分": s} for i, (d, s) in enumerate(
    [("2024-03-31", "90"), ("2024-2-30", "80"), ("2024年3月1日", "85.5"), ("", "70"), ("2024/13/1", "60"), ("2023-02-29", "88"),
     ("2024-02-29", "77"), (" 2024.1.5 ", "66")])]


def scheme_of(name: str) -> kpidsl.Scheme:
    return kpidsl.load(EXAMPLES / name / "scheme.kpi")


def staging_rows(scheme: kpidsl.Scheme, name: str) -> list[Row]:
    """The example's data as text cells keyed by input name, then the seeded variants."""
    table = scheme.read(EXAMPLES / name / "data.csv")
    columns = input_columns(scheme.ir, table.columns)
    rows: list[Row] = []
    for r in table.rows:
        row: Row = {}
        for spec in scheme.ir.inputs:
            col = columns[spec.name]
            i = table.columns.index(col) if col is not None else None
            row[spec.name] = None if i is None or i >= len(r.cells) else str(r.cells[i])
        rows.append(row)
    return rows + _variants(scheme, rows, random.Random(name))


def _variants(scheme: kpidsl.Scheme, rows: list[Row], rng: random.Random) -> list[Row]:
    numbers = [spec.name for spec in scheme.ir.inputs if spec.type.kind.value == "number" and spec.name != scheme.ir.id_input]
    out: list[Row] = []
    for k in range(VARIANTS):
        row = dict(rng.choice(rows))
        if scheme.ir.id_input is not None:
            row[scheme.ir.id_input] = f"V{k:03d}"
        for name in numbers:
            if rng.random() < 0.25:
                row[name] = _edge(row[name], rng)
        out.append(row)
    return out


def _edge(cell: str | None, rng: random.Random) -> str | None:
    try:
        d = Decimal((cell or "0").replace(",", "").rstrip("%")) * (Decimal("0.01") if (cell or "").endswith("%") else 1)
    except ArithmeticError:
        d = Decimal(0)
    unit = Decimal("0.0001")
    choices = [None, "", "0", str(d + unit), str(d - unit), str((d / 3).quantize(unit)), str((d * Decimal("1.5")).quantize(unit)),
               str(d.quantize(Decimal("0.01")) + Decimal("0.005")), "-1", f"{rng.randint(0, 2000)}.{rng.randint(0, 9999):04d}",
               str(d) + ("0000005" if "." in str(d) else ".0000005")]
    return rng.choice(choices)


def interpreter(scheme: kpidsl.Scheme, rows: list[Row]) -> list[RecordData | None]:
    """Each row's record from the interpreter, or None where it stops with an error."""
    out: list[RecordData | None] = []
    for row in rows:
        try:
            out.append(scheme.evaluate([row], engine="python").record_data[0])
        except KpiError:
            out.append(None)
    return out


def compare(scheme: kpidsl.Scheme, got_rows: list[dict[str, Any]], expected: list[RecordData | None]) -> int:
    """Assert every row the query decides equals the interpreter's (value for value; exact
    decimals) and that every row the interpreter refuses is marked `needs_kpidsl`; return how many
    rows the query decided."""
    assert len(got_rows) == len(expected)
    decided = 0
    for i, (got, want) in enumerate(zip(got_rows, expected, strict=True)):
        if got["needs_kpidsl"]:
            continue
        assert want is not None, f"row {i}: the interpreter stops with an error, the query gave {got}"
        decided += 1
        if scheme.ir.id_input is not None:
            assert got[scheme.ir.id_input] == want.id
        pairs = {"total": want.total, "total_exact": want.total_exact, "base_score": want.base_score,
                 "deductions": want.deductions, "bonuses": want.bonuses, "bonus_eligible": want.bonus_eligible}
        if "grade" in got:
            pairs["grade"] = want.grade
        pairs |= {item.name: item.score for item in want.items}
        for column, value in pairs.items():
            assert _same(got[column], value), (i, column, got[column], value)
        if scheme.ir.total.round_places is not None:  # the published total at its declared places, digit for digit
            assert str(got["total"]) == str(want.total), (i, got["total"], want.total)
    return decided


def _same(got: object, want: object) -> bool:
    if isinstance(want, Decimal) and got is not None:
        return Decimal(str(got)) == want
    return got == want


#: Runs a printed query (all its statements) over a staging table of rows with these input names.
Runner = Callable[[str, list[Row], list[str]], list[dict[str, Any]]]


def run_duckdb(text: str, rows: list[Row], names: list[str]) -> list[dict[str, Any]]:
    con = duckdb.connect()
    con.register("kpi_inputs", pa.table({n: pa.array([r[n] for r in rows], pa.string()) for n in names}))
    result = con.execute(text)
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, r, strict=True)) for r in result.fetchall()]


def check_example(name: str, dialect: str, run: Runner) -> None:
    """The dialect's printed query over the example's staging rows: every decided row is the
    interpreter's, at least a quarter of the rows are decided, and the rows left to kpidsl are
    exactly those DuckDB's query leaves."""
    path = EXAMPLES / name / "scheme.kpi"
    printed = run_kpi("sql", str(path), "--dialect", dialect, "--places", str(PLACES), "--columns-by", "name")
    assert printed.code == 0, printed.err
    scheme = scheme_of(name)
    rows = staging_rows(scheme, name)
    names = [spec.name for spec in scheme.ir.inputs]
    got = run(printed.out, rows, names)
    decided = compare(scheme, got, interpreter(scheme, rows))
    assert decided >= len(rows) // 4
    in_duckdb = run_duckdb(run_kpi("sql", str(path), "--places", str(PLACES), "--columns-by", "name").out, rows, names)
    assert [r["needs_kpidsl"] for r in got] == [r["needs_kpidsl"] for r in in_duckdb]


def check_labelled_export(dialect: str, run: Runner) -> None:
    """`kpi sql`'s default `--columns label` over a staging table named as the purchasing example's
    export (按时完成单数, 总供货量(件): the inputs' labels): the interpreter's results."""
    name = "purchasing_manager"
    printed = run_kpi("sql", str(EXAMPLES / name / "scheme.kpi"), "--dialect", dialect, "--places", str(PLACES))
    assert printed.code == 0, printed.err
    scheme = scheme_of(name)
    rows = staging_rows(scheme, name)
    headers = {spec.name: header(spec, "label") for spec in scheme.ir.inputs}
    assert headers["总供货量"] == "总供货量(件)"
    exported: list[Row] = [{headers[n]: v for n, v in r.items() if n in headers} for r in rows]
    got = run(printed.out, exported, list(headers.values()))
    assert compare(scheme, got, interpreter(scheme, rows)) >= len(rows) // 4
