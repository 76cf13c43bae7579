"""Session 9: what the review of the session's own change found."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import run_kpi

import kpidsl

SCHEME = 'scheme "p" {\n  id 工号\n  input 工号: text\n  input v: number\n  indicator a weight 100% { score v }\n}\n'
LONG = "1.123456789012345678901234567"  # 27 decimal places


@pytest.mark.parametrize("shape", ["dicts", "arrow"])
def test_a_text_cell_with_more_places_than_the_engine_reads_is_never_rounded(shape: str) -> None:
    """The scale probe capped a column's places at 24 and every cell was cast to them: a cell of
    27 places was rounded by the columnar engine, silently (1.123456789012345678901235; before
    session 9, at 26 places). Such a batch now goes to the interpreter, which reads it exactly."""
    scheme = kpidsl.loads(SCHEME, path="p.kpi")
    rows = [{"工号": f"E{i}", "v": "1.5"} for i in range(2500)]
    rows[7]["v"] = LONG
    data: object = rows if shape == "dicts" else pa.table({"工号": [r["工号"] for r in rows], "v": [r["v"] for r in rows]})
    res = scheme.evaluate(data)
    assert res.column("base_score")[7] == Decimal(LONG)
    assert res.column("base_score")[8] == Decimal("1.5")


def test_a_csv_with_such_a_cell_is_written_as_the_interpreter_writes_it(tmp_path: Path) -> None:
    (tmp_path / "p.kpi").write_text(SCHEME, encoding="utf-8")
    rows = ["工号,v", *(f"E{i},1.5" for i in range(2500))]
    rows[8] = f"E7,{LONG}"
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    fast = run_kpi("eval", str(tmp_path / "p.kpi"), str(tmp_path / "p.csv"), "-o", str(tmp_path / "a.csv"), "-v")
    slow = run_kpi("eval", str(tmp_path / "p.kpi"), str(tmp_path / "p.csv"), "-o", str(tmp_path / "b.csv"), "--engine", "python")
    assert fast.code == slow.code == 0, fast.err
    assert "27 decimal places, more than the engine reads (24)" in fast.err, fast.err
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_a_division_in_a_branch_not_taken_does_not_stop_the_engine() -> None:
    """The 64-bit steps of a quotient are columns, computed on every row: written over `(a * a *
    a) / 3` they overflowed on a row whose `if` took the other branch, and the whole input went
    to the interpreter (`engine="columnar"` refused). The steps are taken only over columns and
    constants, tested on the decimals themselves."""
    scheme = kpidsl.loads('scheme "t" {\n  id 工号\n  input 工号: text\n  input a: number\n  input b: number\n'
                          '  indicator r weight 100% {\n    value if b > 0 then (a * a * a) / 3 else 0\n'
                          '    score proportional target 1 full 100\n    cap 100\n    floor 0\n  }\n}\n', path="t.kpi")
    rows = [{"工号": f"E{i}", "a": "1", "b": "1"} for i in range(2500)]
    rows[5] = {"工号": "E5", "a": "10000000000000", "b": "0"}  # a^3 = 10^39: the branch is not taken
    res = scheme.evaluate(rows, engine="columnar")
    assert res.engine == "columnar" and res.column("r")[5] == 0
    assert res.column("r")[0] == scheme.evaluate(rows, engine="python").column("r")[0]


def test_a_cast_duckdb_cannot_make_is_the_interpreters_error_not_duckdbs() -> None:
    """A 30-digit cell beside one of 10 places: DuckDB's ConversionException reached the API caller
    raw (no KpiError, no record); the interpreter now takes the input and names the cell."""
    scheme = kpidsl.loads(SCHEME, path="p.kpi")
    rows = [{"工号": f"E{i}", "v": "1"} for i in range(2500)]
    rows[5]["v"], rows[6]["v"] = "123456789012345678901234567890", "0.0000000001"
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(rows)
    assert exc.value.diagnostics[0].message.startswith("record 6 (工号 'E5')"), exc.value.diagnostics[0].message


def test_a_text_column_with_no_text_at_all_stays_on_the_fast_path() -> None:
    """An optional text input whose column holds only nulls (or empty texts): Arrow gives it a data
    buffer of no bytes, and the fixed-point fast path read its first byte (IndexError: the batch
    went to DuckDB as "the fast path failed"; the differential property test found it)."""
    scheme = kpidsl.loads('scheme "t" {\n  round 2\n  id 工号\n  input 工号: text\n  input 备注: text optional\n  input v: number\n'
                          '  indicator a weight 100% { score v }\n}\n', path="t.kpi")
    for cells in ([None] * 2500, [""] * 2500):
        table = pa.table({"工号": [f"E{i}" for i in range(2500)], "备注": pa.array(cells, pa.string()), "v": list(range(2500))})
        res = scheme.evaluate(table, engine="columnar")
        assert res.fast_note is None, res.fast_note
        assert res.column("base_score")[7] == 7
