"""CSV outputs never carry a spreadsheet formula (CSV injection, kpidsl/csvguard.py): a text cell
starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading `'`, on
every path that writes CSV (the whole data, record by record, the engine's lines), byte for byte
alike; number cells never; `--csv-formulas keep` writes the text as it is; `-v` counts the cells.
The workbook keeps such a text as a text cell, unchanged; JSON is unchanged. Files are read back
with `csv` and `openpyxl`."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidsl import cli, csvguard, csvrun, streaming
from kpidsl.csvguard import FormulaGuard

PURCHASING = EXAMPLES / "purchasing_manager"
EVIL = '=HYPERLINK("http://evil","x")'

SCHEME = """
scheme "公式防护" {
  round 2
  id 工号

  input 工号: text
  input 姓名: text
  input 部门: text
  input 得分: number
  input 迟到次数: count = 0

  indicator 业绩 weight 100% { score 得分 }

  deduct "迟到" 迟到次数 * 10

  veto "-无基数" when 得分 < 10 -> no bonus

  grade on rounded {
    A >= 90
    B else
  }

  field 差额 = total - 100 { label "+差额" }
  field 备注 = if total >= 90 then "=优秀" else "-一般"
}
"""

COLUMNS = "id,姓名,部门,得分,业绩,total,grade,bonus,vetoes,-无基数,差额,备注"


def _csv_line(*cells: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells)  # a CR in a cell is quoted too
    return buf.getvalue()


def _data(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    path.write_text("".join([_csv_line("工号", "姓名", "部门", "得分", "迟到次数"), *(_csv_line(*r) for r in rows)]),
                    encoding="utf-8-sig")
    return path


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def scheme(tmp_path: Path) -> Path:
    path = tmp_path / "scheme.kpi"
    path.write_text(SCHEME, encoding="utf-8")
    return path


ROWS = [("-E1", EVIL, "+销售", "95", "0"), ("E2", "+1+2", "@部", "50", "1"), ("E3", "张三", "研发", "5", "0")]


def test_the_purchasing_example_with_a_hyperlink_for_a_name(tmp_path: Path) -> None:
    """The report's case: `kpi eval scheme.kpi d.csv -o out.csv --columns id,姓名,total`."""
    rows = _read(PURCHASING / "data.csv")
    rows[1][1], rows[2][1], rows[3][0], rows[4][1] = EVIL, "+1+2", "-E003", "@SUM(A1)"
    data = tmp_path / "d.csv"
    with data.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "out.csv"
    r = run_kpi("eval", str(PURCHASING / "scheme.kpi"), str(data), "-o", str(out), "--columns", "id,姓名,total")
    assert r.code == 0, r.err
    got = _read(out)
    assert got[0] == ["工号", "姓名", "Total"]
    assert got[1][:2] == ["E001", "'" + EVIL] and got[2][1] == "'+1+2" and got[3][0] == "'-E003" and got[4][1] == "'@SUM(A1)"
    assert got[5][:2] == ["E005", "陈静"]  # other text as it was
    assert all(Decimal(row[2]) for row in got[1:])  # the totals: numbers, no quote
    # the same CSV on stdout (the whole-data path), and in Chinese
    printed = run_kpi("eval", str(PURCHASING / "scheme.kpi"), str(data), "--format", "csv", "--columns", "id,姓名,total", "-q")
    assert printed.out.replace("\n", "\r\n").encode("utf-8-sig") == out.read_bytes()


def test_numbers_are_never_changed_and_every_text_is(tmp_path: Path, scheme: Path) -> None:
    """A negative total and a negative field stay numbers; ids, inputs, headers (a field's label, a
    veto's), a text field's values and the vetoes column are guarded; yes/no and bonus words are not."""
    out = tmp_path / "out.csv"
    r = run_kpi("eval", str(scheme), str(_data(tmp_path / "d.csv", ROWS)), "-o", str(out), "--columns", COLUMNS, "-v")
    assert r.code == 0, r.err
    header, first, second, third = _read(out)
    assert header[-3:] == ["'-无基数", "'+差额", "备注"]
    assert first == ["'-E1", "'" + EVIL, "'+销售", "95", "95", "95.00", "A", "paid", "", "no", "-5", "'=优秀"]
    assert second == ["E2", "'+1+2", "'@部", "50", "50", "40.00", "B", "paid", "", "no", "-60", "'-一般"]
    assert third == ["E3", "张三", "研发", "5", "5", "5.00", "B", "withheld", "'-无基数", "yes", "-95", "'-一般"]
    assert "11 text cells starting with =, +, -, @, a tab or a carriage return were written with a leading '" in r.err
    negative = tmp_path / "negative.csv"  # a total below zero (late 8 times): the record-by-record path
    r = run_kpi("eval", str(scheme), str(_data(tmp_path / "n.csv", [("E9", "李四", "研发", "50", "8")])), "-o", str(negative),
                "--columns", "id,total,差额", "-q")
    assert r.code == 0, r.err
    assert _read(negative)[1] == ["E9", "-30.00", "-130"]


def test_keep_writes_text_as_it_is(tmp_path: Path, scheme: Path) -> None:
    out = tmp_path / "out.csv"
    r = run_kpi("eval", str(scheme), str(_data(tmp_path / "d.csv", ROWS)), "-o", str(out), "--columns", COLUMNS,
                "--csv-formulas", "keep", "-v")
    assert r.code == 0, r.err
    header, first, *_ = _read(out)
    assert header[-3:] == ["-无基数", "+差额", "备注"]
    assert first[:3] == ["-E1", EVIL, "+销售"] and first[-1] == "=优秀"
    assert "leading '" not in r.err


def test_verbose_says_how_many_cells_in_chinese(tmp_path: Path, scheme: Path) -> None:
    data = _data(tmp_path / "d.csv", ROWS[1:2])
    r = run_kpi("eval", str(scheme), str(data), "--format", "csv", "--columns", "id,姓名", "-v", "--lang", "zh-CN")
    assert r.code == 0, r.err
    assert "E2,'+1+2" in r.out
    assert "1 个以 =、+、-、@、制表符或回车开头的文本单元格已在前面加上 '" in r.err, r.err
    r = run_kpi("eval", str(scheme), str(data), "--format", "csv", "--columns", "id,姓名", "-v")
    assert "1 text cell starting with =, +, -, @, a tab or a carriage return was written with a leading '" in r.err, r.err
    r = run_kpi("eval", str(scheme), str(data), "--format", "csv", "--columns", "id,姓名")
    assert "leading '" not in r.err  # without -v, nothing is said


def test_the_workbook_and_json_hold_the_text_unchanged(tmp_path: Path, scheme: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    data = _data(tmp_path / "d.csv", ROWS)
    book = tmp_path / "out.xlsx"
    assert run_kpi("eval", str(scheme), str(data), "-o", str(book), "--columns", COLUMNS, "-q").code == 0
    ws = next(ws for ws in openpyxl.load_workbook(book).worksheets if ws["A1"].value == "工号")
    assert [c.value for c in ws[1]][-3:] == ["-无基数", "+差额", "备注"]
    name, dept, diff, note = ws["B2"], ws["C2"], ws["K2"], ws["L2"]
    assert (name.value, name.data_type) == (EVIL, "s")  # a text cell, never a formula
    assert (dept.value, dept.data_type) == ("+销售", "s") and (note.value, note.data_type) == ("=优秀", "s")
    assert ws["A2"].value == "-E1" and ws["B3"].value == "+1+2"
    assert diff.data_type == "n" and diff.value == -5  # a number stays a number
    doc = json.loads(run_kpi("eval", str(scheme), str(data), "--format", "json", "-q").out)
    assert [r["id"] for r in doc["records"]] == ["-E1", "E2", "E3"]
    assert doc["records"][0]["fields"]["备注"] == "=优秀"


# ------------------------------------------------------------------------------ the three paths agree


@contextmanager
def _path(name: str) -> Iterator[None]:
    """Force one of the CSV writers: the engine's lines, record by record, or the whole data."""
    with pytest.MonkeyPatch.context() as m:
        if name == "record":
            m.setattr(csvrun, "unsupported", lambda *args: "forced by the test")
        elif name == "whole":
            m.setattr(streaming, "why_not", lambda *args: "forced by the test")
        yield


def _three(folder: Path, scheme: Path, data: Path, *extra: str) -> list[str]:
    """Each path's stderr, after checking that all three wrote the same bytes (or failed alike)."""
    results = {}
    for name in ("engine", "record", "whole"):
        out = folder / f"{name}.csv"
        with _path(name):
            r = run_kpi("eval", str(scheme), str(data), "-o", str(out), "-v", "--engine", "columnar", *extra)
        results[name] = (r.code, out.read_bytes() if r.code == 0 else b"", r.err)
    codes = {code for code, _, _ in results.values()}
    assert len(codes) == 1, {k: v[2] for k, v in results.items()}
    assert len({text for _, text, _ in results.values()}) == 1
    said = [[line for line in err.splitlines() if "leading '" in line] for _, _, err in results.values()]
    assert said[0] == said[1] == said[2]
    return [err for _, _, err in results.values()]


@pytest.mark.parametrize("mode", ["quote", "keep"])
def test_the_engine_record_by_record_and_whole_data_write_the_same_bytes(tmp_path: Path, scheme: Path, mode: str) -> None:
    data = _data(tmp_path / "d.csv", [*ROWS, ("@E4", "-", "=", "100", "0"), ("E5", "a,=b", '"=1"', "91", "0")])
    engine, record, whole = _three(tmp_path, scheme, data, "--columns", COLUMNS, "--csv-formulas", mode)
    assert "engine: columnar (--engine columnar); streamed" in engine and "record by record" not in engine, engine
    assert "the output was not written by the columnar engine but record by record: forced by the test" in record
    assert "reading the whole data at once: forced by the test" in whole
    written = (tmp_path / "engine.csv").read_text(encoding="utf-8-sig")
    assert ("'@E4,'-,'=," if mode == "quote" else "@E4,-,=,") in written
    _three(tmp_path, scheme, data, "--csv-formulas", mode, "--headers", "keys")  # the default columns


#: Text cells: mostly the characters that start a formula, and what CSV quotes; never blank (a missing
#: name), and without white space at the ends, which reading strips (and which the engine leaves to
#: the interpreter: the run is then written record by record).
_TEXT = st.text(alphabet=["=", "+", "-", "@", "\t", " ", "'", ",", '"', "张", "a", "1"], min_size=1, max_size=6).filter(
    lambda s: s.strip() == s != "")


# Each example runs kpi three times (some 0.3 s each): few examples, many rows each.
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["", "=", "+", "-", "@", "'"]), _TEXT, _TEXT), min_size=1, max_size=12))
def test_random_text_cells_are_written_alike_on_every_path(scheme: Path, rows: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = _data(Path(folder) / "d.csv", [(f"{p}E{i}", name, dept, "80", "0") for i, (p, name, dept) in enumerate(rows)])
        _three(Path(folder), scheme, data, "--columns", "id,姓名,部门,total,备注")


# ------------------------------------------------------------------------------ the rule itself


@pytest.mark.parametrize(("text", "written"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("x=1", "x=1"), ("'=1", "'=1"), (" =1", " =1"), ("", ""), ("张三", "张三"), ("＝1", "＝1"),
])
def test_the_rule(text: str, written: str) -> None:
    guard = FormulaGuard()
    assert guard.text(text) == written
    assert guard.count == (text != written)
    keep = FormulaGuard(csvguard.KEEP)
    assert keep.text(text) == text and keep.count == 0


def test_the_cli_offers_the_guards_modes() -> None:
    option = next(p for p in cli.eval_cmd.params if p.name == "csv_formulas")
    assert tuple(option.type.choices) == csvguard.MODES  # type: ignore[attr-defined]
    assert option.default == csvguard.QUOTE
    with pytest.raises(ValueError):
        FormulaGuard("formulas")
