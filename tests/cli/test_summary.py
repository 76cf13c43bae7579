"""The run summary of `kpi eval` (stderr, JSON's `summary`, the workbook's summary sheet), `--by`,
`-q`, and the workbook's explain sheet (`--explain-ids`)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from conftest import EXAMPLES, run_kpi

FD = EXAMPLES / "forced_distribution"
WD = EXAMPLES / "workshop_director"
BO = EXAMPLES / "back_office_admin"


def _eval(folder: Path, *args: str) -> tuple[int, str, str]:
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), *args)
    return r.code, r.out, r.err


def test_grades_against_the_quotas_groups_and_dropped_rows_on_stderr() -> None:
    code, out, err = _eval(FD)
    assert code == 0 and "Run summary" not in out  # stdout keeps the table only
    assert err.startswith("Run summary: 20 records")
    blocks = err.split("\n\n")
    quotas = next(b for b in blocks if b.startswith("Grades of '强制分布'"))
    assert "quota (强制分布)" in quotas and quotas.splitlines()[3].split() == ["A", "3", "15%", "10%"]
    groups = next(b for b in blocks if b.startswith("By 部门"))
    assert groups.splitlines()[1].split()[:3] == ["部门", "count", "mean"]
    assert ["销售部", "10", "81.9", "2", "4", "3", "1", "0"] in [line.split() for line in groups.splitlines()]
    assert "采购部  7" in groups and "75.2142…" in groups  # the mean by the display rule
    assert "Rows not evaluated" in err and "line 22" in err and "合计" in err


def test_the_summary_in_chinese_and_quiet() -> None:
    _, _, err = _eval(FD, "--lang", "zh")
    assert err.startswith("运行汇总：共 20 人") and "“强制分布”的等级分布" in err and "按部门分组" in err
    assert "规定比例（强制分布）" in err and "未参与考核的数据行" in err
    _, _, quiet = _eval(FD, "-q")
    assert quiet == ""


def test_vetoes_fired_and_items_left_out() -> None:
    _, _, err = _eval(WD)
    vetoes = next(b for b in err.split("\n\n") if b.startswith("Vetoes fired"))
    assert ["事假或病假超限", "2", "W05,", "W07"] in [line.split() for line in vetoes.splitlines()]
    _, _, err = _eval(BO, "--lang", "zh")
    assert "未计分的指标" in err and "工单处理及时率  分母为零" in err and "B05" in err
    _, _, none = _eval(BO)
    assert "Vetoes fired: none" not in none  # the scheme has no veto: nothing to say about them


def test_by_any_input_and_a_wrong_column() -> None:
    code, _, err = _eval(FD, "--by", "部门")
    assert code == 0 and "By 部门" in err
    code, _, err = _eval(WD, "--by", "姓名")
    assert code == 0 and "By 姓名" in err and "周建国" in err
    code, _, err = _eval(FD, "--by", "部们")
    assert code == 2 and "'部们' is not an input" in err and "部门" in err


def test_the_summary_section_of_json() -> None:
    _, out, _ = _eval(FD, "--format", "json", "-q")
    summary = json.loads(out)["summary"]
    assert summary["records"] == 20
    dist = next(t for t in summary["grades"] if t["source"] == "强制分布")
    assert dist["rule"] == "强制分布" and dist["counts"][0] == {"label": "A", "count": 3, "quota": "0.1"}
    assert summary["groups"]["by"] == ["部门"]
    sales = next(g for g in summary["groups"]["rows"] if g["values"] == {"部门": "销售部"})
    assert sales["count"] == 10 and sales["mean_total"] == "81.9" and sales["grades"]["B"] == 4
    assert summary["excluded"][0]["code"] == "K-D0211"
    assert summary["vetoes"] == [] and summary["skipped"] == []


def test_the_workbook_has_a_summary_sheet_and_an_explain_sheet(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    code, _, err = _eval(FD, "-o", str(out), "--explain-ids", "S01,S07", "--lang", "zh")
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["绩效工资分配", "汇总", "计算说明"]
    rows = list(wb["汇总"].iter_rows(values_only=True))
    assert rows[0][0] == "运行汇总：共 20 人" and wb["汇总"]["A1"].font.b
    dist = rows.index(("“强制分布”的等级分布", None, None, None, None, None, None, None))
    assert rows[dist + 2][:4] == ("A", 3, 0.15, 0.1)  # numbers, formatted as percentages
    assert wb["汇总"].cell(dist + 3, 3).number_format == "0%"
    explain = list(wb["计算说明"].iter_rows(values_only=True))
    assert explain[0] == ("工号", "部分", "步骤", "结果", "规则位置")
    assert {r[0] for r in explain[1:]} == {"S01", "S07"}
    assert ("S07", "全体规则（按同期所有人计算）") in {r[:2] for r in explain}
    assert any(r[0] == "S07" and "→ 11764.70（按最大余数法" in r[2] for r in explain)  # the pool share, to the cent
    assert wb["计算说明"].freeze_panes == "A2"


def test_explain_ids_need_a_workbook() -> None:
    code, _, err = _eval(FD, "--explain-ids", "S01")
    assert code == 2 and "--explain-ids" in err


def test_quiet_with_an_output_file_prints_nothing(tmp_path: Path) -> None:
    """`-q` with `-o`: no summary and no "wrote N records" line; the file is written all the same."""
    out = tmp_path / "out.csv"
    code, stdout, err = _eval(FD, "-q", "-o", str(out))
    assert (code, stdout, err) == (0, "", "")
    assert out.read_text(encoding="utf-8-sig").count("\n") == 21
    code, _, err = _eval(FD, "-o", str(out))
    assert code == 0 and f"wrote 20 records to {out}" in err


def test_quiet_on_a_streamed_run(tmp_path: Path) -> None:
    """The record-stage example streams its CSV in chunks (streaming.py): `-q` silences it too."""
    out = tmp_path / "out.csv"
    code, _, err = _eval(EXAMPLES / "purchasing_manager", "-q", "-o", str(out), "-v")
    assert code == 0 and "streamed" in err and "wrote" not in err and "Run summary" not in err and out.exists()
    code, _, err = _eval(EXAMPLES / "purchasing_manager", "-o", str(out), "-v")
    assert code == 0 and "streamed" in err and f"wrote 8 records to {out}" in err
