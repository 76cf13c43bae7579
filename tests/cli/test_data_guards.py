"""Data guards that stop before any wrong pay, through the command (exit 1, the row named) and the
API (KpiDataError): summary rows, a bare 95 in a percent column, Excel formulas without a cached
value; and the warning for an empty column."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, example_data, run_kpi

import kpidsl
from kpidsl.data.guards import summary_word

FD = EXAMPLES / "forced_distribution"
WD = EXAMPLES / "workshop_director"


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


# The shipped example is an Excel export with a 合计 row at the bottom (line 22), which its scheme
# drops with `data { drop summary_rows }`; these tests take the data or the scheme without them.
DROP = "  data { drop summary_rows }\n"


def _scheme_with(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "scheme.kpi"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _keeping_rows(tmp_path: Path) -> Path:
    """The forced-distribution scheme without its `data { drop summary_rows }`."""
    return _scheme_with(tmp_path, FD / "scheme.kpi", DROP, "")


def _employees_only(tmp_path: Path) -> Path:
    rows = _rows(FD / "data.csv")
    assert rows[-1][0] == "合计"
    return _write(tmp_path / "employees.csv", rows[:-1])


def _pay(out: str) -> dict[str, str]:
    rows = list(csv.reader(out.splitlines()))
    head = rows[0]
    return {r[0]: r[head.index("绩效工资")] for r in rows[1:]}


# ------------------------------------------------------------------------------ summary rows


def test_a_total_row_stops_the_run_and_names_the_row(tmp_path: Path) -> None:
    data, scheme = FD / "data.csv", _keeping_rows(tmp_path)
    r = run_kpi("eval", str(scheme), str(data))
    assert r.code == 1
    assert "error[K-D0211]" in r.err
    assert "line 22: a summary row, not an employee ('合计' in column '工号')" in r.err
    assert "data { drop summary_rows }" in r.err
    assert r.out == ""
    zh = run_kpi("eval", str(scheme), str(data), "--lang", "zh")
    assert "第 22 行：这是汇总行，不是员工（列“工号”中有“合计”）" in zh.err


def test_a_total_row_through_the_api(tmp_path: Path) -> None:
    scheme = kpidsl.load(_keeping_rows(tmp_path))
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate_table(scheme.read(FD / "data.csv"))
    d = exc.value.diagnostics[0]
    assert d.code == "K-D0211" and "line 22" in d.message and "合计" in d.message


def test_dropping_summary_rows_keeps_everyone_s_pay(tmp_path: Path) -> None:
    """The issue's case: a 合计 row taking a quota slot and a pool share cut S01's pay from 16470.59
    to 15000.00. Dropped as the scheme says, every result is the one without the row."""
    scheme, data = FD / "scheme.kpi", FD / "data.csv"
    clean = run_kpi("eval", str(_keeping_rows(tmp_path)), str(_employees_only(tmp_path)), "--format", "csv")
    dropped = run_kpi("eval", str(scheme), str(data), "--format", "csv")
    assert dropped.code == 0, dropped.err
    assert _pay(dropped.out) == _pay(clean.out)
    assert _pay(dropped.out)["S01"] == "16470.59"
    assert "合计" not in _pay(dropped.out)
    assert "K-D0211" not in dropped.err  # a labelled total row dropped on purpose is a note, shown with -v ...
    assert "Rows not evaluated" in dropped.err and "合计" in dropped.err  # ... and listed by the run summary
    verbose = run_kpi("eval", str(scheme), str(data), "--format", "csv", "-v")
    assert "info[K-D0211]" in verbose.err and "summary row dropped, as the scheme says" in verbose.err


def test_a_row_without_an_id_but_with_numbers(tmp_path: Path) -> None:
    rows = _rows(_employees_only(tmp_path))
    data = _write(tmp_path / "data.csv", [*rows, ["", "", "销售部", "85", "100000", "1200000", "1000000"]])
    r = run_kpi("eval", str(_keeping_rows(tmp_path)), str(data))
    assert r.code == 1
    assert "line 22: a summary row, not an employee (no id in column '工号', but numbers in the row)" in r.err
    assert "fill in the employee's id" in r.err
    dropped = run_kpi("eval", str(FD / "scheme.kpi"), str(data), "--format", "csv")
    assert dropped.code == 0 and "warning[K-D0211]" in dropped.err  # a guess is shown without -v


def test_summary_rows_in_a_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "一月"
    for row in _rows(_employees_only(tmp_path)):
        ws.append([float(c) if c.replace(".", "").isdigit() and i >= 3 else c for i, c in enumerate(row)])
    ws.append(["", "平  均", "销售部", 88.5, 100000, 1200000, 1000000])
    wb.save(tmp_path / "d.xlsx")
    r = run_kpi("eval", str(_keeping_rows(tmp_path)), str(tmp_path / "d.xlsx"))
    assert r.code == 1 and "sheet '一月', row 22: a summary row, not an employee ('平均' in column '姓名')" in r.err


@pytest.mark.parametrize(
    ("cell", "word"),
    [("合计", "合计"), ("合  计", "合计"), ("合　计：", "合计"), ("销售部小计", "小计"), ("总计(元)", "总计"), ("平均分", "平均"),
     ("Total", "Total"), ("Grand Total:", "Grand Total"), ("subtotal", "subtotal"), ("Average", "Average"),
     ("张伟", None), ("Sumner", None), ("Totalis", None), ("E001", None), (95, None), (None, None)],
)
def test_summary_words(cell: object, word: str | None) -> None:
    assert summary_word(cell) == word


# ------------------------------------------------------------------------------ percent columns


def _workshop_data(tmp_path: Path, rate: str) -> Path:
    rows = _rows(WD / "data.csv")
    col = rows[0].index("部门品质达成率")
    rows[2][col] = rate
    return _write(tmp_path / "data.csv", rows)


def test_a_bare_95_in_a_percent_column_stops_the_run(tmp_path: Path) -> None:
    data = _workshop_data(tmp_path, "99.8")
    r = run_kpi("eval", str(WD / "scheme.kpi"), str(data))
    assert r.code == 1
    assert "error[K-D0212]" in r.err
    assert "line 3, column '部门品质达成率': 99.8 is written without a percent sign in a percent column: it could mean 9980% or 99.8%" in r.err
    assert "write it as 99.8%" in r.err and "`input 品质达成率: percent in [0%, 100%] \"部门品质达成率\" as points`" in r.err
    zh = run_kpi("eval", str(WD / "scheme.kpi"), str(data), "--lang", "zh")
    assert "百分比列中的 99.8 没有写百分号：既可能是 9980%，也可能是 99.8%" in zh.err


def test_a_bare_95_through_the_api() -> None:
    scheme = kpidsl.load(WD / "scheme.kpi")
    record = {c: v for c, v in zip(_rows(WD / "data.csv")[0], _rows(WD / "data.csv")[2], strict=True)}
    record["部门品质达成率"] = "99.8"
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate([record])
    d = exc.value.diagnostics[0]
    assert d.code == "K-D0212" and d.message.startswith("record 1 (工号 'W02'), input '品质达成率': 99.8 is written without a percent sign")


def test_as_points_reads_95_as_95_percent(tmp_path: Path) -> None:
    scheme = _scheme_with(tmp_path, WD / "scheme.kpi", '"部门品质达成率"', '"部门品质达成率" as points')
    for written in ("99.8", "99.8%"):  # a % sign means what it says under either convention
        data = _workshop_data(tmp_path, written)
        r = run_kpi("eval", str(scheme), str(data), "--format", "csv")
        assert r.code == 0, r.err
        original = run_kpi("eval", str(WD / "scheme.kpi"), str(WD / "data.csv"), "--format", "csv")
        assert r.out == original.out


def test_ratios_and_excel_percent_cells_are_read_either_way(tmp_path: Path) -> None:
    s = kpidsl.loads('scheme "t" { input r: percent  indicator x { score r * 100 } }')
    assert s.evaluate_one({"r": "0.95"}).total == Decimal("95.00")
    assert s.evaluate_one({"r": "95%"}).total == Decimal("95")
    assert s.evaluate_one({"r": "1"}).total == Decimal("100")
    with pytest.raises(kpidsl.KpiDataError):
        s.evaluate_one({"r": "1.2"})  # 120% is written 120%
    assert s.evaluate_one({"r": "120%"}).total == Decimal("120")
    points = kpidsl.loads('scheme "t" { input r: percent as points  indicator x { score r * 100 } }')
    assert points.evaluate_one({"r": 95}).total == Decimal("95")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["r"])
    ws.append([0.955])
    ws["A2"].number_format = "0.0%"
    wb.save(tmp_path / "p.xlsx")
    for sch in (s, points):
        assert sch.evaluate_table(sch.read(tmp_path / "p.xlsx")).records[0].total == Decimal("95.5")


def test_as_points_on_a_count_is_an_error() -> None:
    with pytest.raises(kpidsl.KpiSyntaxError) as exc:
        kpidsl.loads('scheme "t" { input n: count as points  indicator x { score n } }')
    assert exc.value.diagnostics[0].message == "`as points` is for percent inputs; 'n' is count"


# ------------------------------------------------------------------------------ Excel formulas


def _formula_workbook(tmp_path: Path) -> Path:
    """A workbook written by a program: openpyxl stores the formula and no calculated value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "考核"
    ws.append(["工号", "完成率", "迟到次数"])
    ws.append(["E1", "96%", 1])
    ws.append(["E2", "90%", None])
    ws["C3"] = "=C2*2"
    wb.save(tmp_path / "f.xlsx")
    return tmp_path / "f.xlsx"


FORMULA_SCHEME = 'scheme "t" { id 工号  input 工号: text  input 完成率: percent  input 迟到次数: count = 0\n' \
                 '  indicator x { score 完成率 * 100 - 迟到次数 } }\n'


def test_a_formula_without_a_cached_value_is_named(tmp_path: Path) -> None:
    book = _formula_workbook(tmp_path)
    scheme = tmp_path / "s.kpi"
    scheme.write_text(FORMULA_SCHEME, encoding="utf-8")
    r = run_kpi("eval", str(scheme), str(book))
    assert r.code == 1
    assert "error[K-D0213]" in r.err
    assert "sheet '考核', row 3, cell C3, column '迟到次数': a formula with no calculated value in the file (=C2*2)" in r.err
    assert "open it in Excel" in r.err
    zh = run_kpi("eval", str(scheme), str(book), "--lang", "zh")
    assert "公式单元格没有缓存值（=C2*2）" in zh.err and "请在 Excel（或 WPS、LibreOffice）中打开并保存" in zh.err
    api = kpidsl.load(scheme)
    with pytest.raises(kpidsl.KpiDataError) as exc:
        api.evaluate_table(api.read(book))
    assert exc.value.diagnostics[0].code == "K-D0213"


def test_a_formula_with_a_cached_value_is_read(tmp_path: Path) -> None:
    """The same workbook as Excel saves it: the cached value is read, no error (the XML is edited
    to add the <v> element Excel writes)."""
    import zipfile

    book = _formula_workbook(tmp_path)
    fixed = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(fixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>C2*2</f><v />", b"<f>C2*2</f><v>2</v>")
                assert b"<v>2</v>" in data
            dst.writestr(item, data)
    scheme = kpidsl.loads(FORMULA_SCHEME)
    results = scheme.evaluate_table(scheme.read(fixed))
    assert results.by_id("E2").total == Decimal("88")


# ------------------------------------------------------------------------------ empty columns


def test_an_empty_column_is_a_warning(tmp_path: Path) -> None:
    rows = _rows(WD / "data.csv")
    col = rows[0].index("迟到早退次数")
    for row in rows[1:]:
        row[col] = ""
    data = _write(tmp_path / "data.csv", rows)
    r = run_kpi("eval", str(WD / "scheme.kpi"), str(data), "--format", "csv")
    assert r.code == 0
    assert "warning[K-D0214]" in r.err
    assert "column '迟到早退次数' (input '迟到早退次数') is empty in every row: every record gets the default, 0" in r.err
    scheme = kpidsl.load(WD / "scheme.kpi")
    table = scheme.read(data)
    scheme.evaluate_table(table)
    assert [d.code for d in table.warnings] == ["K-D0214"]


def test_every_example_still_reads_without_a_guard_firing() -> None:
    """No example's data stops at a guard or warns; the forced-distribution export's 合计 row is
    dropped as its scheme says, with a note."""
    for example in sorted(p for p in EXAMPLES.iterdir() if (p / "scheme.kpi").is_file()):
        scheme = kpidsl.load(example / "scheme.kpi")
        table = scheme.read(example_data(example.name))
        scheme.evaluate_table(table)
        notes = [(d.code, d.severity.value) for d in table.warnings]
        assert notes == ([("K-D0211", "info")] if example.name == "forced_distribution" else []), example.name


def test_shutil_copy_of_examples_is_unchanged(tmp_path: Path) -> None:
    """The guards read the shipped data as before: a copy evaluates to the expected results."""
    shutil.copy(FD / "data.csv", tmp_path / "data.csv")
    r = run_kpi("eval", str(FD / "scheme.kpi"), str(tmp_path / "data.csv"), "--format", "csv")
    assert r.code == 0 and _pay(r.out)["S01"] == "16470.59"
