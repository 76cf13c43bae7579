"""Usability fixes of session 6: what a user sees of an explanation printed or shown in a notebook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl

RECORD = {"工号": "E1", "姓名": "张伟", "计划采购单数": 100, "按时完成单数": 96, "总供货量": 1000, "退货量": 30,
          "价格合理性评分": 85.5, "供应商管理评分": 90}


def test_an_explanation_prints_as_the_reply_and_shows_as_one_line() -> None:
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    explanation = scheme.explain(RECORD)
    assert repr(explanation) == f"<Explanation of E1: total 96.10, grade A, {len(explanation.events)} steps>"
    assert str(explanation) == explanation.render()
    assert "In short: total 96.10, grade A." in str(explanation) and "1. Your data\n" in str(explanation)
    with kpidsl.language("zh-CN"):
        assert str(explanation).startswith(explanation.render("zh-CN")[:20]) and "考核数据" in str(explanation)
    assert isinstance(explanation, kpidsl.Explanation)


@pytest.mark.parametrize("output", ["out.csv", "out.xlsx", None])
def test_a_missing_or_folder_data_file_is_k_d0202_on_every_path(tmp_path: Path, output: str | None) -> None:
    """CSV -> CSV streams (its progress bar counted the file's lines first): it crashed, exit 70."""
    scheme = str(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    out = ["-o", str(tmp_path / output)] if output else []
    for data, words in ((tmp_path / "nofile.csv", "data file not found"), (tmp_path, "is a folder")):
        r = run_kpi("eval", scheme, str(data), *out)
        assert (r.code, r.err.splitlines()[0].split("]")[0]) == (1, "error[K-D0202"), r.err
        assert words in r.err and "internal error" not in r.err
    assert not any(tmp_path.glob("out*"))


# --------------------------------------------------------------- the bulk API's input (trial 6)

RECORD = {"工号": "E1", "姓名": "张伟", "计划采购单数": 100, "按时完成单数": 96, "总供货量": 1000, "退货量": 30,
          "价格合理性评分": 85.5, "供应商管理评分": 90}
FRAMES = ("dicts", "arrow", "pandas", "polars")


def _place(kind: str, i: int, key: str | None = None) -> str:
    """How an error names the record at position `i` (from 0) of `_as(kind, ...)`: a dict by its
    position from 1, a pandas row by its index label (0, 1, ... here), a polars or Arrow row by its
    row from 0 (docs/api.md); with its id when `key` is given."""
    if kind == "dicts":
        return f"record {i + 1} ({key})" if key else f"record {i + 1}"
    if kind == "pandas":
        return f"index {i} ({key})" if key else f"index {i}"
    return f"row {i} (0-based, {key})" if key else f"row {i} (0-based)"


def _as(kind: str, rows: list[dict[str, object]]) -> object:
    if kind == "dicts":
        return rows
    if kind == "arrow":
        import pyarrow as pa

        return pa.Table.from_pylist(rows)
    if kind == "pandas":
        pd = pytest.importorskip("pandas")
        return pd.DataFrame(rows)
    pl = pytest.importorskip("polars")
    return pl.DataFrame(rows)


@pytest.mark.parametrize("engine", ["python", "columnar", "auto"])
@pytest.mark.parametrize("kind", FRAMES)
def test_an_id_used_twice_is_refused_by_the_api_as_by_kpi_eval(kind: str, engine: str) -> None:
    """K-D0208: the API evaluated both records (and by_id gave the first) where kpi eval refuses."""
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    rows = [{**RECORD, "工号": f"E{i}"} for i in range(2500)]
    rows[2400]["工号"] = " E7 "  # the same id as record 8 once trimmed, as kpidsl reads ids
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(_as(kind, rows), engine=engine)
    (d,) = exc.value.diagnostics
    assert d.code == "K-D0208" and d.message == _place(kind, 2400, "工号 'E7'") + f": id 'E7' was already used on {_place(kind, 7)}"
    assert d.hints == ("each record needs its own id; if the ids are in another key, name it with id_key=",)
    rows[2400]["工号"] = "E2400"
    assert len(scheme.evaluate(_as(kind, rows), engine=engine)) == 2500


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_pandas_column_of_mixed_values_is_read_as_cells_not_a_crash(engine: str) -> None:
    """pandas.read_csv makes an object column of floats and texts of a dirty column: pyarrow
    refused it (ArrowInvalid, a traceback); it is read as a data file's cells are."""
    pd = pytest.importorskip("pandas")
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    frame = pd.DataFrame([{**RECORD, "工号": f"E{i}"} for i in range(2500)])
    frame["价格合理性评分"] = frame["价格合理性评分"].astype(object)
    frame.loc[5, "价格合理性评分"] = "88"
    frame["工号"] = frame["工号"].astype(object)
    frame.loc[7, "工号"] = 7
    results = scheme.evaluate(frame, engine=engine)
    assert results.column("total")[5] == Decimal("96.60") and results.column("id")[7] == "7"
    frame.loc[9, "价格合理性评分"] = "优秀"
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(frame, engine=engine)
    assert [d.code for d in exc.value.diagnostics] == ["K-D0207"]
    assert exc.value.diagnostics[0].message.startswith("index 9 (工号 'E9'), column '价格合理性评分': '优秀' is not valid for '价格合理性评分'")


def test_an_id_used_twice_in_one_period_is_refused_and_once_per_period_is_not() -> None:
    scheme = kpidsl.load(EXAMPLES / "quarterly_promotion" / "scheme.kpi")
    rows = [{"工号": "H01", "考核季度": q, "绩效得分": 90, "本季在岗天数": 90, "季度奖金池(元)": 20000}
            for q in ("2024Q1", "2024年第2季度", "2024Q3")]
    assert len(scheme.evaluate(rows)) == 3
    rows.append({**rows[1], "考核季度": "2024-Q2"})  # the second quarter again, written otherwise
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(rows)
    assert exc.value.diagnostics[0].message == "record 4 (工号 'H01'): id 'H01' in period 2024Q2 was already used on record 2"


def test_the_arrow_check_of_ids_decides_only_what_it_can() -> None:
    import pyarrow as pa

    from kpidsl.engines import _distinct

    def col(values: list[object]) -> pa.ChunkedArray:
        return pa.chunked_array([pa.array(values)])

    assert _distinct(col(["E1", "E2", "E3"])) and _distinct(col(["E3", "E1", "E2"]))  # sorted or not
    assert not _distinct(col(["E1", "E2", "E2"])) and not _distinct(col(["E2", "E1", "E2"]))
    assert _distinct(col(["E1", "E2", None, ""]))
    assert not _distinct(col(["E1", " E1"]))  # trimmed, as ids are read
    assert not _distinct(col(["#2", None]))  # a given '#2' may meet a position: the Python check decides
    assert not _distinct(col([1, 2]))  # numbers: the Python check reads them as text


TIER_READS_AN_INPUT = """scheme "t" {
  id 工号
  const 三分之二 = 2 / 3
  input 工号: text
  input 利润: money
  input 预算: money in > 0
  indicator 利润率 {
    value 利润 / 预算
    score ladder {
      >= 三分之二 -> 100
      < 三分之二 -> (利润 / 预算 * 100)
    }
  }
}
"""


def test_a_tier_reading_an_input_is_told_how_to_score_by_a_formula() -> None:
    """The hint said 'a constant can only use numbers and other constants' of a tier."""
    d = kpidsl.loads(TIER_READS_AN_INPUT).check()[0]
    assert d.code == "K-E0104" and "cannot be used in a tier of '利润率'" in d.message
    assert d.hints[0].startswith("a tier's result is fixed when the scheme is read") and "score if value <" in d.hints[0]
    fixed = TIER_READS_AN_INPUT.replace("    score ladder {\n      >= 三分之二 -> 100\n      < 三分之二 -> (利润 / 预算 * 100)\n    }\n",
                                        "    score if value < 三分之二 then 利润 / 预算 * 100 else 阶梯(value)\n")
    fixed = fixed.replace("  indicator 利润率 {", "  ladder 阶梯 {\n    >= 三分之二 -> 100\n    else -> 0\n  }\n  indicator 利润率 {")
    got = kpidsl.loads(fixed).evaluate([{"工号": "E1", "利润": 50, "预算": 100}, {"工号": "E2", "利润": 80, "预算": 100}])
    assert got.column("total") == [Decimal("50"), Decimal("100")]


def test_verbose_names_the_record_that_sent_a_csv_run_record_by_record(tmp_path: Path) -> None:
    """One full-width number (a valid cell the engine leaves to the interpreter) made the whole
    run record by record, and -v did not say where it was. Now only that record goes to the
    interpreter (csvleft.py), and -v says so, naming it and its column."""
    folder = EXAMPLES / "purchasing_manager"
    lines = (folder / "data.csv").read_text(encoding="utf-8-sig").splitlines()
    body = [lines[1 + i % 8].split(",") for i in range(3000)]
    for i, cells in enumerate(body):
        cells[0] = f"E{i:05d}"
    body[2500][2] = "１００"
    (tmp_path / "d.csv").write_text("\n".join([lines[0], *(",".join(c) for c in body)]) + "\n", encoding="utf-8")
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(tmp_path / "d.csv"), "-o", str(tmp_path / "o.csv"), "-v")
    assert r.code == 0
    assert "1 record evaluated by the interpreter, the others by the engine: a cell in the column" in r.err, r.err
    assert "(the first: the record with id 'E02500')" in r.err and "record by record" not in r.err


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("kind", ["dicts", "pandas"])
def test_every_bad_record_is_listed_by_the_api_as_by_kpi_eval(kind: str, engine: str) -> None:
    """The API stopped at the first bad record; kpi eval lists every bad cell (up to 20)."""
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    rows = [{**RECORD, "工号": f"E{i:05d}"} for i in range(2500)]
    rows[4]["总供货量"] = "9.5万"
    rows[6]["价格合理性评分"] = "优秀"
    rows[2400]["退货量"] = "abc"
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(_as(kind, rows), engine=engine)
    columns = ["总供货量", "价格合理性评分", "退货量"] if kind != "dicts" else [None] * 3
    assert [d.message.split(":")[0] for d in exc.value.diagnostics] == [
        _place(kind, i, f"工号 'E{i:05d}'") + (f", column '{column}'" if column else "")
        for i, column in zip([4, 6, 2400], columns, strict=True)]


def test_a_mixed_pandas_column_reads_whole_floats_as_the_dicts_path_does() -> None:
    """`1234.0` in a mixed id column is the id `1234`, as a float id in a dict is (docs/api.md)."""
    pd = pytest.importorskip("pandas")
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    frame = pd.DataFrame([{**RECORD, "工号": f"E{i}"} for i in range(3)])
    frame["工号"] = pd.Series([1234.0, "E2", 0.5], dtype=object)
    assert scheme.evaluate(frame).column("id") == ["1234", "E2", "0.5"]
    assert scheme.evaluate(frame.to_dict("records")).column("id") == ["1234", "E2", "0.5"]


def test_option_choices_take_any_case() -> None:
    """`--format CSV` was refused (a trial user typed it so); the choice is read as its own spelling."""
    folder = EXAMPLES / "purchasing_manager"
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--format", "CSV", "--engine", "Python", "-q")
    assert r.code == 0 and r.out.startswith("工号,")
    assert run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--format", "XLS").code == 2
