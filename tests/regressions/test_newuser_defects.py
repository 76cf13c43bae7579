"""Small defects new users met in their trials (session 9): each as a regression test, with the
shipped examples a reader can run."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

FORCED = EXAMPLES / "forced_distribution"
RULES = ("部门排名", "百分位", "强制分布", "绩效系数", "绩效工资")


@pytest.mark.parametrize("how", [("--lang", "en"), ("--lang", "zh"), ("--lang", "zh-CN")])
def test_engine_columnar_refusal_is_a_plain_error_naming_every_rule(how: tuple[str, str], tmp_path: Path) -> None:
    """It was click's usage banner (exit 2) naming only the first of the scheme's five rules."""
    out = tmp_path / "out.csv"
    r = run_kpi(*how, "eval", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--engine", "columnar", "-o", str(out))
    assert r.code == 1, r.err
    assert "Usage" not in r.err and "--help" not in r.err and "用法" not in r.err, r.err
    assert "K-E0190" in r.err and all(rule in r.err for rule in RULES), r.err
    assert "--engine auto" in r.err and "--engine python" in r.err, r.err  # the hint
    if how[1] == "en":
        assert "5 population rules ('部门排名', '百分位', '强制分布', '绩效系数', '绩效工资')" in r.err, r.err
    else:
        assert "5 条全体规则（“部门排名”、“百分位”、“强制分布”、“绩效系数”、“绩效工资”）" in r.err and "提示" in r.err, r.err
    assert not out.exists()


def test_engine_columnar_refusal_follows_kpi_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_LANG", "zh-CN")
    r = run_kpi("eval", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--engine", "columnar")
    assert r.code == 1 and "列式引擎无法计算这个方案" in r.err and "请改用 --engine auto" in r.err, r.err


def test_engine_columnar_with_a_trace_is_a_plain_error_too(tmp_path: Path) -> None:
    folder = EXAMPLES / "purchasing_manager"
    r = run_kpi("--lang", "zh", "eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--engine", "columnar",
                "--record", str(tmp_path / "run.db"))
    assert r.code == 1 and "Usage" not in r.err and "K-E0190" in r.err, r.err
    assert "列式引擎不应用覆盖值，也不记录计算过程" in r.err, r.err


def test_chinese_verbose_engine_line_is_worded_as_the_catalogue_words_it(tmp_path: Path) -> None:
    """`-v` said 总体规则 on one line and 群体规则 on the next, and put ASCII brackets in Chinese."""
    r = run_kpi("--lang", "zh", "eval", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "-v", "-o", str(tmp_path / "o.csv"))
    assert r.code == 0, r.err
    assert "计算引擎：python（20 条记录，少于 2000 条：使用 python 后端）" in r.err, r.err
    assert "全体规则和聚合需要同时读入全部记录" in r.err, r.err
    assert "群体" not in r.err and "总体规则" not in r.err and "python (" not in r.err, r.err


def test_chinese_verbose_engine_line_of_a_streamed_run_has_full_width_brackets(tmp_path: Path) -> None:
    """The streamed record-by-record run's `-v` line (a CSV in, a CSV out, no population rule)
    built its reason with ASCII brackets in Chinese too."""
    example = FORCED.parent / "purchasing_manager"
    r = run_kpi("--lang", "zh", "eval", str(example / "scheme.kpi"), str(example / "data.csv"), "-v", "-o", str(tmp_path / "o.csv"))
    assert r.code == 0, r.err
    line = next(line for line in r.err.splitlines() if line.startswith("计算引擎："))
    assert "计算引擎：python（" in line and "分块流式处理" in line and " (" not in line, line


def test_the_catalogue_has_one_chinese_word_for_population_rules() -> None:
    """全体规则, as README.zh-CN.md and the rest of the catalogue say (not 群体规则 or 总体规则)."""
    import importlib

    from kpidsl.i18n import Message
    from kpidsl.messages import AREAS

    for area in AREAS:
        for m in vars(importlib.import_module(f"kpidsl.messages.{area}")).values():
            if isinstance(m, Message):
                assert "群体" not in m.template.zh and "总体规则" not in m.template.zh, m.template.id


def _doc(name: str) -> str:
    return (EXAMPLES.parent / "docs" / name).read_text(encoding="utf-8")


def test_api_md_arrow_example_names_the_engine_two_rows_get() -> None:
    """The comment said "columnar" where the example's 2-row table runs on the interpreter."""
    import pyarrow as pa

    import kpidsl

    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    table = pa.table({"工号": ["E1", "E2"], "姓名": ["张伟", "杨磊"], "计划采购单数": [100, 0], "按时完成单数": [96, 0],
                      "总供货量": [1000, 600], "退货量": [30, 0], "价格合理性评分": [85.5, 88], "供应商管理评分": [90, 75]})
    assert scheme.evaluate(table).engine == "python"
    assert 'results.engine                                   # "python" here: 2 records' in _doc("api.md")


def test_cli_md_verbose_example_is_what_the_documented_command_prints(tmp_path: Path) -> None:
    """docs/cli.md showed the population-rule reason; the shipped example prints the record count's."""
    r = run_kpi("eval", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "-o", str(tmp_path / "out.csv"), "-v")
    line = next(x for x in r.err.splitlines() if x.startswith("engine: "))
    text = _doc("cli.md")
    assert "kpi eval examples/forced_distribution/scheme.kpi examples/forced_distribution/data.csv -o out.csv -v" in text
    assert f"`{line}`" in text, line
    refused = run_kpi("eval", "examples/forced_distribution/scheme.kpi", "examples/forced_distribution/data.csv",
                      "--engine", "columnar", cwd=EXAMPLES.parent)
    assert refused.err.strip() in text, refused.err


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "the output was not written by the columnar engine but record by record: only 8 records, too few to be "
           "worth starting the engine"),
    ("zh", "输出文件未由列式引擎写出，而是逐条记录写出：只有 8 条记录，太少，不值得启动列式引擎"),
])
def test_verbose_says_why_a_csv_run_went_record_by_record(lang: str, said: str, tmp_path: Path) -> None:
    """`rows written record by record: 8 records` read like a count of rows written so."""
    folder = EXAMPLES / "purchasing_manager"
    r = run_kpi("--lang", lang, "eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "-v", "-o", str(tmp_path / "o.csv"))
    assert r.code == 0 and said in r.err, r.err


POINTS = """scheme "points" {
  input a: score in [0, 100]
  input b: score in [0, 100]
  indicator 成本控制 { value a  score ladder { >= 90 -> 50  else -> 0 } }
  indicator 品质 { value b  score ladder { >= 90 -> 60  else -> 0 } }
}
"""


@pytest.mark.parametrize(("lang", "message", "hint"), [
    ("en", "the items of the scheme can score at most 110 points together, 10 more than the full marks, 100 "
           "(the default: no `full_marks` is declared): '成本控制' 50, '品质' 60",
     "declare `full_marks N`; for over-achievement, cap the total at 100"),
    ("zh-CN", "本方案各项最高分合计 110 分，比满分 100 分多 10（默认值：未声明 `full_marks`）：“成本控制” 50、“品质” 60",
     "声明考核表的 `full_marks N`；有意超额完成时，请把总分封顶为 100"),
])
def test_item_maxima_finding_says_what_is_wrong_and_what_to_do(lang: str, message: str, hint: str) -> None:
    """K-L0702 said 'should reach 100' of an item reaching 110, and put an instruction ("implied;
    declare `full_marks N` ...") inside the message instead of the hint."""
    import kpidsl
    from kpidsl.lint import lint

    (finding,) = [d for d in lint(kpidsl.loads(POINTS, path="p.kpi")).diagnostics if d.code == "K-L0702"]
    shown = finding.to_dict(lang)
    assert shown["message"] == message
    assert hint in shown["hints"][0]


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "postgres"])
def test_kpi_sql_prints_one_terminated_statement_after_the_settings(dialect: str) -> None:
    """docs/cli.md, "Pasting it": the query is one statement ending with `;` and a newline, after
    the dialect's `SET ...;` settings, so it pastes into the dialect's shell as it is."""
    r = run_kpi("sql", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--dialect", dialect)
    assert r.code == 0 and r.out.endswith(";\n"), r.out[-40:]
    statements = [s for s in r.out.split(";\n") if s.strip()]
    assert all(s.startswith("SET ") for s in statements[:-1]) and not statements[-1].startswith("SET ")
    assert len(statements) == (4 if dialect == "spark" else 1)


def test_kpi_sql_query_makes_a_view_to_select_from() -> None:
    """The documented way to keep or filter the results (a subquery would be ended by the `;`)."""
    import duckdb

    folder = EXAMPLES / "purchasing_manager"
    query = run_kpi("sql", str(folder / "scheme.kpi")).out
    con = duckdb.connect()
    con.execute(f"CREATE TABLE kpi_inputs AS SELECT * FROM read_csv('{folder / 'data.csv'}', all_varchar = true)")
    con.execute("CREATE VIEW kpi_results AS " + query)
    assert con.sql("SELECT count(*) FROM kpi_results WHERE NOT needs_kpidsl").fetchall() == [(8,)]
    assert "CREATE VIEW kpi_results AS" in _doc("cli.md") and "final `;` would end early" in _doc("cli.md")


GAP = """scheme "gap" {
  input 完成率: percent in [0%, 120%]
  indicator 完成 weight 100% {
    value 完成率
    score ladder {
      >= 95%       -> 100
      [90%, 94%)   -> 80
      < 90%        -> 0
    }
  }
}
"""


@pytest.mark.parametrize("both", [False, True], ids=["stdout", "2>&1"])
@pytest.mark.parametrize("command", ["eval", "eval -v", "explain", "lint"])
def test_a_closed_pipe_ends_the_command_quietly(command: str, both: bool, tmp_path: Path) -> None:
    """`kpi eval ... 2>&1 | head -3` exited 1 (click's own end of a broken pipe); the reader here
    is gone before kpi writes anything, so every write meets the closed pipe."""
    import os
    import subprocess
    import sys

    folder = EXAMPLES / "purchasing_manager"
    (tmp_path / "gap.kpi").write_text(GAP, encoding="utf-8")
    args = {"eval": ["eval", str(folder / "scheme.kpi"), str(folder / "data.csv")],
            "eval -v": ["eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "-v"],
            "explain": ["explain", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--id", "E001"],
            "lint": ["lint", str(tmp_path / "gap.kpi")]}[command]
    read, write = os.pipe()
    os.close(read)
    with subprocess.Popen([sys.executable, "-m", "kpidsl", *args], stdout=write,
                          stderr=write if both else subprocess.PIPE) as kpi:
        os.close(write)
        err = b"" if both else kpi.stderr.read()  # type: ignore[union-attr]
        assert kpi.wait(timeout=60) == 0, err
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "BrokenPipe" not in text and "Exception ignored" not in text, text


def test_an_outcomes_value_is_given_no_distance_to_a_better_tier(tmp_path: Path) -> None:
    """`on zero -> 0` put the value in the lowest tier, and explain said it was 80 percentage points
    short of the next (no sale closes a gap over a target of 0; a new-user trial, session 9); then,
    with no gap, it called the lowest tier the top one. A value an outcome gave has neither."""
    scheme = tmp_path / "z.kpi"
    scheme.write_text('scheme "z" {\n  id 工号\n  input 工号: text\n  input 实际: money\n  input 目标: money\n'
                      '  indicator 销售 weight 100% {\n    value 实际 / 目标\n    on zero -> 0\n    score ladder {\n'
                      '      >= 100% -> 100\n      [80%, 100%) -> 60\n      < 80% -> 0\n    }\n  }\n}\n', encoding="utf-8")
    data = tmp_path / "z.csv"
    data.write_text("工号,实际,目标\nA,50,0\nB,70,100\n", encoding="utf-8")
    zh = run_kpi("explain", str(scheme), str(data), "--id", "A", "--lang", "zh")
    assert zh.code == 0 and "分母为零时计为 0" in zh.out and "还差" not in zh.out and "最高档" not in zh.out, zh.out
    en = run_kpi("explain", str(scheme), str(data), "--id", "A")
    assert "short of" not in en.out and "top tier" not in en.out, en.out
    other = run_kpi("explain", str(scheme), str(data), "--id", "B", "--lang", "zh")
    assert "还差 10 个百分点" in other.out, other.out  # a computed value still has its distance


def test_a_rates_proportional_target_written_as_a_plain_number_is_warned(tmp_path: Path) -> None:
    """`score proportional target 95` over a percent input scored every 回款 0.69 instead of 69 and
    passed lint (a new-user trial, session 9): K-L0401 at the target; `target 95%` is clean, and
    so is a plain target over a value that is not a rate."""
    path = tmp_path / "t.kpi"
    body = ('scheme "t" {{\n  id 工号\n  input 工号: text\n  input 回款率: percent\n  input 件数: count\n'
            '  indicator 回款 weight 50% {{\n    value 回款率\n    score proportional target {t} full 100 cap 100\n  }}\n'
            '  indicator 产量 weight 50% {{\n    value 件数\n    score proportional target 95 full 100 cap 100\n  }}\n}}\n')
    path.write_text(body.format(t="95"), encoding="utf-8")
    r = run_kpi("lint", str(path))
    assert r.out.count("K-L0401") == 1 and "its target 95 is a plain number" in r.out and "t.kpi:8:31" in r.out, r.out
    path.write_text(body.format(t="95%"), encoding="utf-8")
    assert "K-L0401" not in run_kpi("lint", str(path)).out


def test_a_veto_giving_the_grade_the_total_gave_is_not_a_change(tmp_path: Path) -> None:
    """"总分 35.30 ... 等级为丁，但因一票否决，等级改为丁" (changed from 丁 to 丁; a new-user trial,
    session 9): a veto that sets the grade the bands gave says so as agreement."""
    scheme = tmp_path / "v.kpi"
    scheme.write_text('scheme "v" {\n  round 2\n  id 工号\n  input 工号: text\n  input 分: score\n  input 违规: bool\n'
                      '  indicator 质量 weight 100% { score 分 }\n  veto "重大违规" when 违规 -> grade 丁\n'
                      '  grade on rounded {\n    优秀 >= 90\n    合格 [60, 90)\n    丁 else\n  }\n}\n', encoding="utf-8")
    data = tmp_path / "v.csv"
    data.write_text("工号,分,违规\nA,35,是\nB,95,是\n", encoding="utf-8")
    low = run_kpi("explain", str(scheme), str(data), "--id", "A", "--lang", "zh")
    assert "一票否决也将等级定为丁" in low.out and "改为丁" not in low.out and "不在其他各等级的区间内" in low.out, low.out
    high = run_kpi("explain", str(scheme), str(data), "--id", "B", "--lang", "zh")
    assert "但因一票否决，等级改为丁" in high.out, high.out
    en = run_kpi("explain", str(scheme), str(data), "--id", "A")
    assert "a veto sets the grade to 丁 as well" in en.out, en.out


def test_a_missing_column_names_each_header_looked_for_once(tmp_path: Path) -> None:
    """An input whose label is its name: K-D0205 said "(looked for '客诉次数', '客诉次数')"."""
    scheme = tmp_path / "d.kpi"
    scheme.write_text('scheme "d" {\n  id 工号\n  input 工号: text\n  input 客诉次数: count = 0 "客诉次数"\n'
                      '  indicator a weight 100% { score 100 - 客诉次数 }\n}\n', encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("工号,客诉次数(次)\nA,1\n", encoding="utf-8")
    r = run_kpi("eval", str(scheme), str(data))
    assert r.code == 1 and "(looked for '客诉次数')" in r.err, r.err
