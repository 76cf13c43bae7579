"""Fixes of session 7: a percent column read `as points` is judged over all of its values on every
path (a file read in chunks, dicts, an Arrow table, a DataFrame), so a ratio written by mistake
among points is K-D0212, never 0.95% without a word."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kpidsl

SCHEME = """scheme "百分" {
  round 2
  id 工号
  input 工号: text
  input 达成率: percent as points
  indicator 达成 weight 100% {
    value 达成率
    score ladder {
      >= 90% -> 100
      < 90% -> 50
    }
  }
}
"""

MIXED = [{"工号": "E1", "达成率": 92}, {"工号": "E2", "达成率": 0.95}, {"工号": "E3", "达成率": "96%"}]


def _tables() -> dict[str, object]:
    out: dict[str, object] = {"dicts": MIXED, "text dicts": [{**r, "达成率": str(r["达成率"])} for r in MIXED]}
    pa = pytest.importorskip("pyarrow")
    out["arrow"] = pa.table({"工号": ["E1", "E2", "E3"], "达成率": ["92", "0.95", "96%"]})
    out["arrow numbers"] = pa.table({"工号": ["E1", "E2"], "达成率": [92.0, 0.95]})
    return out


@pytest.mark.parametrize("engine", ["auto", "python", "columnar"])
@pytest.mark.parametrize("form", ["dicts", "text dicts", "arrow", "arrow numbers"])
def test_a_ratio_among_points_is_refused_by_the_bulk_api(engine: str, form: str) -> None:
    scheme = kpidsl.loads(SCHEME)
    with pytest.raises(kpidsl.KpiDataError) as caught:
        scheme.evaluate(_tables()[form], engine=engine)
    (diag,) = caught.value.diagnostics
    assert diag.code == "K-D0212"
    place = "row 1 (0-based, 工号 'E2'), column '达成率'" if form.startswith("arrow") else "record 2 (工号 'E2'), input '达成率'"
    assert diag.message.startswith(f"{place}: ") and "0.95" in diag.message
    assert diag.hints and "95%" in diag.hints[0]


def test_a_dataframe_is_judged_as_a_table() -> None:
    pd = pytest.importorskip("pandas")
    scheme = kpidsl.loads(SCHEME)
    with pytest.raises(kpidsl.KpiDataError, match="K-D0212|0.95"):
        scheme.evaluate(pd.DataFrame({"工号": ["E1", "E2"], "达成率": [92, 0.95]}))


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_small_values_alone_and_marked_ones_are_read_as_written(engine: str) -> None:
    """No value above 1 point: 0.95 is 0.95% (the column's own convention); `0.95%` is always read as written."""
    scheme = kpidsl.loads(SCHEME)
    small = scheme.evaluate([{"工号": "E1", "达成率": 0.5}, {"工号": "E2", "达成率": "0.95%"}], engine=engine)
    assert small.column("total") == [Decimal("50.00"), Decimal("50.00")]
    marked = scheme.evaluate([{"工号": "E1", "达成率": 92}, {"工号": "E2", "达成率": "0.95%"}, {"工号": "E3", "达成率": 0}],
                             engine=engine)
    assert marked.column("total") == [Decimal("100.00"), Decimal("50.00"), Decimal("50.00")]


LABELS = """scheme "态度" {
  id 工号
  input 工号: text
  input 工作责任心: text
  scale 责任心分 { 优 -> 30  良 -> 24  中 -> 18  差 -> 6 }
  scale 五级 { 优秀 -> 10  良好 -> 8  一般 -> 6 }
  indicator 责任心 weight 50% { score scale 责任心分 value 工作责任心 }
  indicator 综合 weight 50% { score 五级(工作责任心) }
}
"""


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_label_a_scale_lacks_is_named_as_the_datas_mistake(engine: str) -> None:
    """A misspelt 优 in the data: the message names the input and the scale's levels, points at the
    indicator's `value`, and never proposes an `else` (which would score every typo)."""
    scheme = kpidsl.loads(LABELS.replace('  indicator 综合 weight 50% { score 五级(工作责任心) }\n', "").replace(
        "weight 50%", "weight 100%"), path="态度.kpi")
    with pytest.raises(kpidsl.KpiEvalError) as caught:
        scheme.evaluate([{"工号": "R04", "工作责任心": "忧"}] * 1 + [{"工号": f"R{i}", "工作责任心": "优"} for i in range(5)],
                        engine=engine)
    (diag,) = caught.value.diagnostics
    assert diag.code == "K-R0303"
    assert diag.message == "record 'R04': \"忧\" (input '工作责任心') is not a level of 责任心分 (优, 良, 中, 差)"
    assert diag.span is not None and diag.span.line == 7
    assert len(diag.hints) == 1 and "add it to the scale" in diag.hints[0] and "misspelt" in diag.hints[0]
    with kpidsl.language("zh-CN"):
        text = kpidsl.render_error(caught.value, scheme)
    assert "“忧”（输入项“工作责任心”）不是“责任心分”的等级（优、良、中、差）" in text and "不要用 `else`" in text


def test_a_near_label_is_suggested_and_a_one_character_one_is_not() -> None:
    scheme = kpidsl.loads(LABELS.replace("weight 50% { score scale 责任心分 value 工作责任心 }", "weight 50% { score 0 }"))
    with pytest.raises(kpidsl.KpiEvalError) as caught:
        scheme.evaluate_one({"工号": "R1", "工作责任心": "优委"})
    (diag,) = caught.value.diagnostics
    assert diag.hints[0] == "did you mean '优秀'?"
    assert "input" not in diag.message  # a scale called in a formula: the message names no input


UNCLOSED = """scheme "括号" {
  input 配合协作: number
  input 人员培训: number
  indicator 配合 weight 50% { score 配合协作
  indicator 培训 weight 50% { score 人员培训 }
}
"""


def test_a_brace_left_open_is_named_at_the_next_statement() -> None:
    with pytest.raises(kpidsl.KpiSyntaxError) as caught:
        kpidsl.loads(UNCLOSED, path="括号.kpi")
    first = caught.value.diagnostics[0]
    assert first.code == "K-S0002" and first.span is not None and first.span.line == 5
    assert first.hints[0] == ("the '{' at line 4 (`indicator 配合 weight 50% {`) is never closed: if its block ends before "
                              "this line, add '}' before it")


def test_a_file_that_ends_inside_a_block_names_the_open_brace() -> None:
    with pytest.raises(kpidsl.KpiSyntaxError) as caught:
        text = UNCLOSED.replace("score 配合协作\n", "score 配合协作 }\n")
        kpidsl.loads(text[: text.rindex("}")], path="括号.kpi")  # the scheme's own '}' forgotten
    last = caught.value.diagnostics[-1]
    assert last.code == "K-S0003"
    assert last.hints == ("the '{' at line 1 (`scheme \"括号\" {`) is never closed",)


def test_a_chinese_condition_reads_in_signs_and_words() -> None:
    scheme = kpidsl.loads("""scheme "假" {
  id 工号
  input 工号: text
  input 事假天数: count
  input 病假天数: count
  indicator 出勤 weight 100% { score 100 }
  veto "事假或病假超限" when 事假天数 >= 7 or 病假天数 >= 15 -> no bonus
}
""")
    reply = scheme.explain({"工号": "E1", "事假天数": 0, "病假天数": 16}).render("zh-CN")
    assert "（事假天数 0 ≥ 7 或 病假天数 16 ≥ 15 成立）：已触发" in reply
    assert "when 事假天数 >= 7 or 病假天数 >= 15" in reply  # the scheme's line is quoted as written


def test_columns_are_named_by_their_headers_in_either_language() -> None:
    from conftest import EXAMPLES, run_kpi

    folder = EXAMPLES / "purchasing_manager"
    by_header = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--format", "csv",
                        "--columns", "工号,总分,等级,Grade,采购计划完成率")
    by_key = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--format", "csv",
                     "--columns", "id,total,grade,grade,采购计划完成率")
    assert by_header.code == 0, by_header.err
    assert by_header.out == by_key.out
    unknown = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--columns", "id,总 分")
    assert unknown.code == 2


def test_full_detail_shows_a_rate_as_the_reply_does() -> None:
    scheme = kpidsl.loads("""scheme "比例" {
  id 工号
  input 工号: text
  input 合格率: percent in [0%, 100%]
  indicator 技术评审 weight 100% {
    value 合格率
    score proportional target 100% full 25
  }
}
""")
    explanation = scheme.explain({"工号": "R03", "合格率": "90%"})
    assert "得分 = 数值 ÷ 目标值 × 满分 = 90% ÷ 100% × 25 = 22.5" in explanation.render("zh-CN", detail="full")
    assert "score = value / target x full = 90% / 100% x 25 = 22.5" in explanation.render("en", detail="full")
    assert "90% ÷ 目标 100% × 满分 25" in explanation.render("zh-CN")


def test_fields_an_indicator_reads_are_said_under_it_and_shared_rules_are_named_again() -> None:
    scheme = kpidsl.loads("""scheme "能力" {
  id 工号
  input 工号: text
  input 分析能力: text
  input 判断能力: text
  scale 能力20 { 优 -> 20  良 -> 16  中 -> 12  差 -> 4 }
  indicator 态度 weight 50% { score scale 能力20 value 分析能力 }
  indicator 团队 weight 20% { score scale 能力20 value 判断能力 }
  field 分析分 = 能力20(分析能力) { hidden }
  field 判断分 = 能力20(判断能力) { hidden }
  indicator 工作能力 weight 30% {
    value 分析分 + 判断分
    score value / 40 * 100
  }
}
""", path="能力.kpi")
    reply = scheme.explain({"工号": "R1", "分析能力": "中", "判断能力": "差"}).render("zh-CN")
    lines = reply.splitlines()
    item3 = next(i for i, line in enumerate(lines) if line.startswith("  3. 工作能力"))
    assert lines[item3 - 2].startswith("  2. 团队") and lines[item3 - 1] == "     依据：方案第 6 行（见上文）"
    under = lines[item3 + 1 : item3 + 8]
    assert under[2].startswith("     其中：按量表“能力20”，“中”为 12，分析分")
    assert under[4].startswith("           按量表“能力20”，“差”为 4，判断分 = 能力20(判断能力 “差”) = 4")
    english = scheme.explain({"工号": "R1", "分析能力": "中", "判断能力": "差"}).render("en")
    assert "Where: " in english and "(quoted above)" in english


@pytest.mark.parametrize("output", [None, "out.csv"])
def test_a_summary_row_is_reported_with_the_other_bad_cells(tmp_path: object, output: str | None) -> None:
    """A 合计 row stopped the reading at once, hiding every other bad cell until it was fixed."""
    from pathlib import Path

    from conftest import EXAMPLES, run_kpi

    folder = Path(str(tmp_path))
    data = folder / "d.csv"
    data.write_text("工号,姓名,计划采购单数,按时完成单数,总供货量(件),被退货量(件),材料价格合理性得分,供应商管理得分\n"
                    "E001,张伟,100,96,1000,30,85,90\nE002,王芳,100,abc,1000,50,90,80\n合计,,200,191,2000,80,175,170\n",
                    encoding="utf-8")
    args = ["-o", str(folder / output)] if output else []
    r = run_kpi("eval", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), str(data), *args)
    assert r.code == 1
    assert "d.csv: line 4: a summary row" in r.err and "d.csv: line 3, column '按时完成单数': 'abc'" in r.err
    assert not (folder / "out.csv").exists()


def test_a_percent_field_rounded_for_display_says_its_value() -> None:
    """89.99% shown `percent 1` is 90.0%, beside an item scored in the tier below 90%: the reply says
    the value the tier read."""
    scheme = kpidsl.loads("""scheme "达成" {
  id 工号
  input 工号: text
  input 达成率: percent
  indicator 销售计划 weight 100% {
    value 达成率
    score ladder { >= 90% -> 13  [80%, 90%) -> 10  < 80% -> 0 }
  }
  field 显示达成率 = 达成率 { percent 1 label "销售达成率" }
}
""")
    zh = scheme.explain({"工号": "M03", "达成率": "89.99%"}).render("zh-CN")
    assert "为 90.0%（实际为 89.99%，显示时四舍五入保留 1 位小数）" in zh
    en = scheme.explain({"工号": "M03", "达成率": "89.99%"}).render("en")
    assert "90.0% (in fact 89.99%, shown rounded half-up to 1 place)" in en
    exact = scheme.explain({"工号": "M01", "达成率": "92.5%"}).render("zh-CN")
    assert "实际为" not in exact


SPILL = """scheme "安全" {
  id 工号
  input 工号: text
  input 安全事故次数: count = 0
  indicator 产量 weight 50% { score 80 }
  indicator 安全管理 weight 50% { score 10 }
  input 迟到次数: count = 0
  deduct "安全事故" 安全事故次数 * 5 from 安全管理 spill
  deduct "迟到" 迟到次数 * 1
}
"""


def test_a_deduction_that_spills_into_the_total_is_not_denied_in_the_adjustments() -> None:
    """The adjustments' section said every deduction was 0 while the total subtracted the spill."""
    scheme = kpidsl.loads(SPILL)
    zh = scheme.explain({"工号": "P005", "安全事故次数": 3}).render("zh-CN")
    assert "各项扣分、加分均为 0" not in zh
    assert "除上文指标中已说明的扣分外，没有其他扣分或加分；计入总分的扣分合计 5 分，加分合计 0 分。" in zh
    assert "方案规定本项得 10 分" in zh and "得分 = 10 = 10" not in zh
    en = scheme.explain({"工号": "P005", "安全事故次数": 3}).render("en")
    assert "Every deduction and bonus is 0" not in en and "counted in the total: deductions 5, bonuses 0" in en
    full = scheme.explain({"工号": "P005", "安全事故次数": 3}).render("zh-CN", detail="full")
    assert "其余 5 从总分中扣除（spill）；“安全管理”剩 0" in full
    none = scheme.explain({"工号": "P001", "安全事故次数": 0}).render("zh-CN")
    assert "各项扣分、加分均为 0" in none


def test_kpi_diff_counts_a_bonus_a_changed_veto_cancels(tmp_path: object) -> None:
    """A lowered veto threshold cancels a bonus without moving the total or the grade: it was "0 of 8"."""
    import json
    from pathlib import Path

    from conftest import run_kpi

    folder = Path(str(tmp_path))
    old = folder / "old.kpi"
    old.write_text(SPILL.replace('  deduct "迟到" 迟到次数 * 1\n', '  deduct "迟到" 迟到次数 * 1\n'
                                 '  input 损失金额: money = 0\n  veto "损失超限" when 损失金额 >= 3000 -> no bonus\n'),
                   encoding="utf-8")
    new = folder / "new.kpi"
    new.write_text(old.read_text(encoding="utf-8").replace(">= 3000", ">= 2000"), encoding="utf-8")
    data = folder / "d.csv"
    data.write_text("工号,安全事故次数,迟到次数,损失金额\nP001,0,0,100\nP005,0,0,2999.99\n", encoding="utf-8")
    r = run_kpi("diff", str(old), str(new), str(data), "--lang", "zh")
    assert r.code == 0, r.err
    p005 = next(line for line in r.out.splitlines() if line.startswith("P005"))
    assert "发放 -> 取消" in p005 and "损失超限：未触发 => 已触发" in p005
    assert "（2 人中的 1 人）" in r.out and "各等级人数" not in r.out  # no grade bands here, no English field name
    j = json.loads(run_kpi("diff", str(old), str(new), str(data), "--format", "json").out)
    (person,) = j["people"]
    assert person["old"]["bonus"] is True and person["new"]["bonus"] is False
    assert person["causes"][0]["node"] == "veto:损失超限/condition" and person["causes"][0]["new"] == "fired"


def test_a_cut_value_in_the_workbook_shows_no_invented_digit(tmp_path: object) -> None:
    """The column's format follows its longest value (6 decimals); 14.2857 (cut from 14.285714…)
    showed as 14.285700 under it, two decimals that are not the value's."""
    from pathlib import Path

    import openpyxl
    from conftest import run_kpi

    folder = Path(str(tmp_path))
    scheme = folder / "s.kpi"
    scheme.write_text('scheme "比" {\n  id 工号\n  input 工号: text\n  input a: number\n  input b: number in > 0\n'
                      '  indicator x weight 100% { score 1 }\n  field 比值 = a / b\n}\n', encoding="utf-8")
    data = folder / "d.csv"
    data.write_text("工号,a,b\nE1,1,3\nE2,100,7\nE3,1,8\n", encoding="utf-8")
    out = folder / "o.xlsx"
    r = run_kpi("eval", str(scheme), str(data), "--columns", "id,比值", "-o", str(out))
    assert r.code == 0, r.err
    ws = openpyxl.load_workbook(out).active
    cells = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    assert (cells["E1"].value, cells["E1"].number_format) == (0.333333, "0.000000")
    assert (cells["E2"].value, cells["E2"].number_format) == (14.2857, "0.0000")  # its own decimals
    assert (cells["E3"].value, cells["E3"].number_format) == (0.125, "0.000000")  # exact: the column's format


def test_a_forced_distribution_reply_gives_the_positions_a_grade_was_given() -> None:
    """Three people tied at the B/C line all take B (`boundary higher`): C then covers positions 6-9,
    not the quota's 5-9, and the reply says the headcounts the tie gave (and no English keyword)."""
    scheme = kpidsl.loads("""scheme "分布" {
  id 工号
  input 工号: text
  input 得分: score in [0, 100]
  indicator 考评 weight 100% { score 得分 }
  distribute 强制分布 by total { A 10%  B 20%  C 40%  D 20%  E 10%  boundary higher }
}
""")
    scores = [95, 90, 80, 80, 80, 77.3, 76, 75, 74, 70, 65, 60]
    records = [{"工号": f"E{i:02d}", "得分": s} for i, s in enumerate(scores, start=1)]
    results = scheme.evaluate(records, engine="python")
    assert [r.population["强制分布"] for r in results.records] == ["A", "B", "B", "B", "B", "C", "C", "C", "C", "D", "D", "E"]
    everyone = scheme.prepare_dicts(records)
    reply = scheme.explain(records[5], population=everyone).render("zh-CN")
    assert "名额线上有并列，并列的人都取较高的等级，实际：A 1 人，B 4 人，C 4 人，D 2 人，E 1 人" in reply
    assert "落在 C 级的名额（第 6–9 位）" in reply
    tied = scheme.explain(records[2], population=everyone).render("zh-CN")
    assert "与他人并列第 3–5 位" in tied and "按 `boundary" not in tied  # the quoted rule keeps the keyword


def test_kpi_diff_gives_the_cause_when_a_veto_only_changes_what_it_does(tmp_path: object) -> None:
    """A veto that fires under both versions but now sets grade D instead of withholding the bonus."""
    from pathlib import Path

    from conftest import run_kpi

    folder = Path(str(tmp_path))
    text = ('scheme "否决" {\n  id 工号\n  input 工号: text\n  input 得分: score in [0, 100]\n  input 损失金额: money = 0\n'
            '  indicator 考评 weight 100% { score 得分 }\n  grade { A >= 90  B [80, 90)  C [60, 80)  D else }\n'
            '  veto "损失超限" when 损失金额 >= 1000 -> no bonus\n}\n')
    old, new = folder / "old.kpi", folder / "new.kpi"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("-> no bonus", "-> grade D"), encoding="utf-8")
    data = folder / "d.csv"
    data.write_text("工号,得分,损失金额\nE01,95,0\nE02,89.2,1200\n", encoding="utf-8")
    r = run_kpi("diff", str(old), str(new), str(data), "--lang", "zh")
    assert r.code == 0, r.err
    e02 = next(line for line in r.out.splitlines() if line.startswith("E02"))
    assert "B -> D" in e02 and "取消 -> 发放" in e02 and "已触发 => 已触发（等级定为 D）" in e02


def test_an_empty_cell_of_an_input_limited_to_a_scale_is_not_told_to_default_to_empty_text(tmp_path: object) -> None:
    """`= ""` is no level of the scale: the hint went round in a circle (then K-R0302, "give it a default")."""
    from pathlib import Path

    from conftest import run_kpi

    folder = Path(str(tmp_path))
    scheme = folder / "s.kpi"
    scheme.write_text('scheme "态度" {\n  id 工号\n  input 工号: text\n  input 工作态度: text in 态度分\n'
                      '  scale 态度分 { 优 -> 10  良 -> 8 }\n  indicator 态度 weight 100% { score scale 态度分 value 工作态度 }\n}\n',
                      encoding="utf-8")
    data = folder / "d.csv"
    data.write_text("工号,工作态度\nE1,优\nE2,\n", encoding="utf-8")
    r = run_kpi("eval", str(scheme), str(data))
    assert r.code == 1
    assert '= ""' not in r.err and "input 工作态度: text in 态度分 optional" in r.err
