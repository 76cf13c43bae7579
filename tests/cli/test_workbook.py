"""The payroll workbook, read back with openpyxl: sheet names, headers in the chosen language, input
columns, cell types, number formats from the declared places, widths fitted to Chinese text,
the frozen bold header, one sheet per period, and the hook for further sheets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl
from kpidsl.i18n import language
from kpidsl.source import display_width
from kpidsl.workbook import Column, number_format, sheet_name, write_workbook

FD = EXAMPLES / "forced_distribution"
WD = EXAMPLES / "workshop_director"
QP = EXAMPLES / "quarterly_promotion"


def _book(tmp_path: Path, example: Path, *args: str) -> Any:
    out = tmp_path / "results.xlsx"
    r = run_kpi("eval", str(example / "scheme.kpi"), str(example / "data.csv"), "-o", str(out), *args)
    assert r.code == 0, r.err
    return openpyxl.load_workbook(out)


def _cells(ws: Any, header: str) -> list[Any]:
    col = [c.value for c in ws[1]].index(header) + 1
    return [ws.cell(row=i, column=col) for i in range(2, ws.max_row + 1)]


def test_payroll_columns_in_chinese(tmp_path: Path) -> None:
    wb = _book(tmp_path, FD, "--columns", "id,姓名,部门,total,grade,bonus,强制分布,绩效系数,绩效工资,百分位", "--lang", "zh")
    assert wb.sheetnames == ["绩效工资分配", "汇总"]  # named after the scheme, never "results"; the run summary
    ws = wb.active
    assert [c.value for c in ws[1]] == ["工号", "姓名", "部门", "总分", "等级", "绩效奖金", "强制分布", "绩效系数", "绩效工资", "百分位"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{ws.max_row}"
    assert ws.max_row == 21
    s01 = [c.value for c in ws[2]]
    assert s01[:3] == ["S01", "甲一", "销售部"]
    assert s01[5] == "发放"
    pay = _cells(ws, "绩效工资")
    assert all(isinstance(c.value, (int, float)) for c in pay)  # numbers stay numbers
    assert Decimal(str(pay[0].value)) == Decimal("16470.59")
    assert {c.number_format for c in pay} == {"0.00"}  # the pool's `places 2`
    assert {c.number_format for c in _cells(ws, "总分")} == {"0.0"}  # the scheme's `round 1`
    assert {c.number_format for c in _cells(ws, "绩效系数")} == {"0.0"}  # 1.4, 1.2, 1.0: one place, on every row
    assert {c.number_format for c in _cells(ws, "百分位")} == {"0.0000"}  # undeclared: 88.8888 (cut after 6 digits)
    assert Decimal(str(_cells(ws, "百分位")[1].value)) == Decimal("88.8888")  # the cell holds what CSV and the table show
    assert all(c.number_format == "General" and isinstance(c.value, str) for c in _cells(ws, "姓名"))


def test_headers_in_english_and_the_default_columns(tmp_path: Path) -> None:
    wb = _book(tmp_path, FD)
    heads = [c.value for c in wb.active[1]]
    assert heads[:4] == ["工号", "综合得分", "Total", "Grade"]


def test_widths_fit_chinese_text(tmp_path: Path) -> None:
    wb = _book(tmp_path, WD, "--columns", "id,姓名,total,成本控制,品质达成率,损失金额", "--lang", "zh")
    ws = wb.active
    widths = {ws.cell(row=1, column=j).value: ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width
              for j in range(1, ws.max_column + 1)}
    assert widths["部门品质达成率"] == display_width("部门品质达成率") + 2 == 16  # the input's label, 7 wide characters
    assert widths["当月损失金额(元)"] == display_width("当月损失金额(元)") + 2
    assert widths["姓名"] >= display_width("周建国") + 2
    assert all(w >= 6 for w in widths.values())


def test_input_columns_keep_their_types_and_formats(tmp_path: Path) -> None:
    wb = _book(tmp_path, WD, "--columns", "id,姓名,total,品质达成率,损失金额,延误次数", "--lang", "zh")
    ws = wb.active
    rate = _cells(ws, "部门品质达成率")
    assert [c.value for c in rate[:2]] == [1, 0.998]
    assert {c.number_format for c in rate} == {"0.00%"}  # 96.99% needs two places, so every row shows two
    money = _cells(ws, "当月损失金额(元)")
    assert {c.number_format for c in money} == {"#,##0.00"}  # 299.99
    assert {c.number_format for c in _cells(ws, "延误生产计划次数")} == {"0"}


def test_one_sheet_per_period(tmp_path: Path) -> None:
    wb = _book(tmp_path, QP, "--lang", "zh")
    assert wb.sheetnames == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "汇总"]
    ws = wb["2024Q3"]
    assert [c.value for c in ws[1]][:2] == ["工号", "考核季度"]  # the period input's own label
    assert {c.value for c in _cells(ws, "考核季度")} == {"2024Q3"}
    for header in ("季度绩效", "年度平均", "季度奖金"):  # one format per column across every sheet
        periods = [sheet for sheet in wb if sheet.title != "汇总"]
        assert len({c.number_format for sheet in periods for c in _cells(sheet, header)}) == 1, header
    only = _book(tmp_path, QP, "--period", "2024Q4")
    assert only.sheetnames == ["2024Q4", "summary"]


def test_input_columns_in_table_and_csv() -> None:
    r = run_kpi("eval", str(FD / "scheme.kpi"), str(FD / "data.csv"), "--columns", "id,姓名,部门,total", "--format", "csv")
    assert r.code == 0 and r.out.splitlines()[1] == "S01,甲一,销售部,95.0"
    bad = run_kpi("eval", str(FD / "scheme.kpi"), str(FD / "data.csv"), "--columns", "id,性名")
    assert bad.code == 2 and "did you mean '姓名'" in bad.err


@pytest.mark.parametrize(
    ("text", "name"),
    [("2024Q3", "2024Q3"), ("a/b:c*d?[e]\\f", "a_b_c_d__e__f"), ("'引号'", "引号"), ("", "results"),
     ("很长的方案名称" * 6, ("很长的方案名称" * 6)[:31])],
)
def test_sheet_names_follow_excel_rules(text: str, name: str) -> None:
    assert sheet_name(text, set()) == name


def test_sheet_names_are_unique() -> None:
    taken: set[str] = set()
    assert [sheet_name("月", taken) for _ in range(3)] == ["月", "月 (2)", "月 (3)"]


def test_number_formats() -> None:
    d = Decimal
    assert number_format(Column("x", "x", 2), [d("1"), d("2.5")]) == "0.00"
    assert number_format(Column("x", "x"), [d("79"), d("79.5")]) == "0.0"  # one format for the whole column
    assert number_format(Column("x", "x"), [d(1) / d(3)]) == "0.000000"  # 0.333333: six significant digits
    assert number_format(Column("x", "x"), [d("80.00")]) == "0"
    assert number_format(Column("x", "x", None, "percent"), [d("0.95")]) == "0%"
    assert number_format(Column("x", "x", None, "money"), [d("1200")]) == "#,##0"


def test_the_api_writes_further_sheets_through_hooks(tmp_path: Path) -> None:
    scheme = kpidsl.load(FD / "scheme.kpi")
    prepared = scheme.prepare(scheme.read(FD / "data.csv"))
    records = scheme.evaluate_records(prepared)

    def summary(wb: Any) -> None:
        wb.create_sheet("汇总").append(["人数", len(records)])

    with language("zh-CN"):
        write_workbook(tmp_path / "r.xlsx", scheme.ir, scheme.results(records), records, ["id", "total", "grade"],
                       extra_sheets=[summary])
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["绩效工资分配", "汇总"]
    assert [c.value for c in wb["绩效工资分配"][1]] == ["工号", "总分", "等级"]
    assert wb["汇总"]["B1"].value == 20


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    scheme = kpidsl.load(FD / "scheme.kpi")
    records = scheme.evaluate_records(scheme.prepare(scheme.read(FD / "data.csv")))

    def broken(wb: Any) -> None:
        raise RuntimeError("disk full")

    target = tmp_path / "r.xlsx"
    with pytest.raises(RuntimeError):
        write_workbook(target, scheme.ir, scheme.results(records), records, ["id"], extra_sheets=[broken])
    assert list(tmp_path.iterdir()) == []
