"""`kpi test --coverage`: which tiers, levels, bands, vetoes, adjustments, outcomes, exclusions and
branches a scheme's tests reach, read from the trace events of their evaluations; and K-L1101, the lint
configuration's minimum."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_kpi

import kpidsl
from kpidsl.coverage import measure
from kpidsl.lint import lint, load_config
from kpidsl.testing import coverage_of, run_tests

SCHEME = """\
from std.scales import 五级评分
scheme "覆盖" {
  round 1
  input a: percent in [0%, 100%]
  input plan: count = 0
  input done: count = 0
  input late: count = 0
  input praise: count = 0
  input self: score optional
  input level: text = "良好"
  ladder 阶梯 {
    >= 90%      -> 100
    [80%, 90%)  -> 80
    < 80%       -> 0
  }
  indicator x weight 40% { value a  score ladder 阶梯 }
  indicator y weight 20% { value done / plan  on zero -> skip  score if value >= 1 then 100 else 50 }
  indicator z weight 20% { score 阶梯(a) / 2 + self * 0  on missing -> 0 }
  indicator w weight 20% { value level  score scale 五级评分 }
  deduct "迟到" late * 1
  bonus "表扬" praise * 2
  veto "全勤否决" when late >= 5 -> no bonus
  grade on rounded { A >= 90  B [60, 90)  C else }
}
test "满分" {
  given a = 95%, plan = 2, done = 2, level = "优秀", self = 0
  expect x.score = 100, y.score = 100, z.score = 50, w.score = 10, total = 72, grade = "B"
}
test "没有计划" {
  given a = 85%, late = 1
  expect x.score = 80, y.skipped = true, z.score = 0, total = 41, grade = "C"
}
"""


def _scheme(tmp_path: Path, text: str = SCHEME) -> tuple[Path, kpidsl.Scheme]:
    path = tmp_path / "scheme.kpi"
    path.write_text(text, encoding="utf-8")
    return path, kpidsl.load(path)


def _state(report_items: list, kind: str) -> dict[str, int]:
    return {c.target.what: c.hits for c in report_items if c.target.kind == kind}


def test_targets_and_what_the_tests_reach(tmp_path: Path) -> None:
    _, scheme = _scheme(tmp_path)
    outcomes = run_tests(scheme, trace=True)
    assert all(o.passed for o in outcomes), [o.mismatches or o.error for o in outcomes]
    report = coverage_of(scheme, outcomes)
    tiers = _state(report.items, "tier")
    # `score ladder 阶梯` (x) and the call `阶梯(a)` (z) share the three tiers: one target each, hits count tests.
    assert tiers == {"tier `>= 90%` of ladder 阶梯": 1, "tier `[80%, 90%)` of ladder 阶梯": 1, "tier `< 80%` of ladder 阶梯": 0}
    assert _state(report.items, "branch") == {"`then` of `if value >= 1` at line 17": 1, "`else` of `if value >= 1` at line 17": 0}
    assert _state(report.items, "outcome") == {"`on zero` of 'y'": 1, "`on missing` of 'z'": 1}
    assert _state(report.items, "deduction") == {"deduction '迟到' takes points": 1}
    assert _state(report.items, "bonus") == {"bonus '表扬' gives points": 0}
    assert _state(report.items, "veto") == {"veto '全勤否决' fires": 0}
    bands = _state(report.items, "band")
    assert bands == {"band A `>= 90` of the grade": 0, "band B `[60, 90)` of the grade": 1, "band C `else` of the grade": 1}
    levels = _state(report.items, "level")
    assert levels["level '优秀' of scale 五级评分"] == 1 and levels["level '良好' of scale 五级评分"] == 1
    assert levels["level '极差' of scale 五级评分"] == 0
    missed = {c.target.what for c in report.missed()}
    assert len(missed) == report.total - report.covered
    assert (report.covered, report.total, str(report.percent)) == (10, 18, "55.6")  # 10/18 = 55.55..., half-up


def test_lines_and_json(tmp_path: Path) -> None:
    path, _ = _scheme(tmp_path)
    r = run_kpi("test", str(path), "--coverage", "--format", "json")
    assert r.code == 0, r.out + r.err
    doc = json.loads(r.out)
    assert doc["passed"] == 2 and doc["failed"] == 0
    (cov,) = doc["coverage"]
    mine = cov["files"][str(path)]
    assert 14 in mine["not_covered_lines"]  # `< 80%`
    assert 12 in mine["covered_lines"] and 13 in mine["covered_lines"]
    assert 17 in mine["not_covered_lines"]  # the `if`'s else branch is on the same line as its then
    assert {t["kind"] for t in mine["targets"]} == {"tier", "outcome", "branch", "deduction", "bonus", "veto", "band"}
    stdlib = [k for k in cov["files"] if k.startswith("std:")]
    assert stdlib == ["std:scales.kpi"]  # the scale's levels are written in the stdlib
    assert cov["by_kind"]["tier"] == {"covered": 2, "total": 3}
    assert cov["coverage"] == str(round(100 * cov["covered"] / cov["total"], 1))


def test_text_report(tmp_path: Path) -> None:
    path, _ = _scheme(tmp_path)
    r = run_kpi("test", str(path), "--coverage")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0] == f"PASS {path}: 满分"
    head = next(line for line in lines if line.startswith("coverage of"))
    assert "reached by 2 tests" in head
    assert any(line.split() == ["14", "MISSED", "tier", "`<", "80%`", "of", "ladder", "阶梯"] for line in lines)
    assert any(line.split()[:2] == ["12", "1x"] for line in lines)
    assert lines[-1] == "2 passed, 0 failed"


def test_a_skipped_item_and_branches_inside_tier_results_are_reached_through_events(tmp_path: Path) -> None:
    text = """scheme "s" {
  input a: number = 0
  ladder L { >= 1 -> 10  else -> 0 }
  indicator x { score if a > 5 then L(a) else L(a - a) }
  test "big" { given a = 9  expect x.score = 10 }
}
"""
    _, scheme = _scheme(tmp_path, text)
    report = coverage_of(scheme, run_tests(scheme, trace=True))
    assert {c.target.what: c.hits for c in report.items} == {
        "`then` of `if a > 5` at line 4": 1, "`else` of `if a > 5` at line 4": 0,
        "tier `>= 1` of ladder L": 1, "tier `else` of ladder L": 0,
    }


STAGED = """\
scheme "分阶段" {
  id 工号
  input 工号: text
  input 部门: text
  input x: score in [0, 100]
  input 缺勤: days = 0
  input 目标: count = 0
  indicator 得分 { score x }
  exclude "缺勤过多" when 缺勤 >= 30
  field 达成 = x / 目标 { on zero -> empty }
  field 高分比例 = mean(if x >= 60 then 1 else 0 within 部门)
  field 优秀人数 = count(within 部门 where (if x >= 90 then "优" else "良") == "优")
  field 高于平均 = if total > mean(total within 部门) then "是" else "否"
}
test "高分" {
  given 工号 = "T1", 部门 = "A", x = 95
  expect total = 95, 达成 = missing, 高分比例 = 1, 优秀人数 = 1, 高于平均 = "否"
}
"""


def test_exclusions_field_outcomes_and_branches_of_fields_and_aggregates_are_targets(tmp_path: Path) -> None:
    # A field read after a population stage, an aggregate's value and `where` (a test of one record
    # is a group of one), an exclusion that applies and a field's `on zero` are all reached through
    # the events of the test's own evaluation.
    _, scheme = _scheme(tmp_path, STAGED)
    assert scheme.ir.staged
    outcomes = run_tests(scheme, trace=True)
    assert all(o.passed for o in outcomes), [o.mismatches or o.error for o in outcomes]
    report = coverage_of(scheme, outcomes)
    assert _state(report.items, "exclusion") == {"exclusion '缺勤过多' applies": 0}
    assert _state(report.items, "outcome") == {"`on zero` of field '达成'": 1}
    assert _state(report.items, "branch") == {
        "`then` of `if x >= 60` at line 11": 1, "`else` of `if x >= 60` at line 11": 0,
        "`then` of `if x >= 90` at line 12": 1, "`else` of `if x >= 90` at line 12": 0,
        "`then` of `if total > mean(total within 部门)` at line 13": 0, "`else` of `if total > mean(total within 部门)` at line 13": 1,
    }
    more = STAGED + """test "缺勤" {
  given 工号 = "T2", 部门 = "A", x = 50, 缺勤 = 31, 目标 = 1
  expect excluded = "缺勤过多", total = missing
}
test "低分" {
  given 工号 = "T3", 部门 = "A", x = 50, 目标 = 2
  expect total = 50, 达成 = 25, 高分比例 = 0, 优秀人数 = 0, 高于平均 = "否"
}
"""
    _, scheme = _scheme(tmp_path, more)
    outcomes = run_tests(scheme, trace=True)
    assert all(o.passed for o in outcomes), [o.mismatches or o.error for o in outcomes]
    report = coverage_of(scheme, outcomes)
    assert _state(report.items, "exclusion") == {"exclusion '缺勤过多' applies": 1}
    assert [c.target.what for c in report.missed()] == ["`then` of `if total > mean(total within 部门)` at line 13"]  # a group of one is never above its mean
    assert report.by_kind()["exclusion"] == (1, 1)
    r = run_kpi("--lang", "zh-CN", "test", str(tmp_path / "scheme.kpi"), "--coverage")
    assert "不参加考核条件“缺勤过多”成立" in r.out and "字段“达成”的 `on zero`" in r.out


def test_the_levels_raters_mark_with_are_reached(tmp_path: Path) -> None:
    text = """scheme "s" {
  input 自评: text optional
  input 上级: text
  scale 尺度 { 优秀 -> 10  良好 -> 8  一般 -> 6 }
  indicator x { score raters { 自评: 自评  上级: 上级  scale 尺度  missing -> exclude } }
  test "t" { given 自评 = "优秀", 上级 = "良好"  expect x.score = 9 }
  test "u" { given 上级 = "良好"  expect x.score = 8 }
}
"""
    _, scheme = _scheme(tmp_path, text)
    report = coverage_of(scheme, run_tests(scheme, trace=True))
    assert _state(report.items, "level") == {"level '优秀' of scale 尺度": 1, "level '良好' of scale 尺度": 2, "level '一般' of scale 尺度": 0}


def test_no_tests_means_no_coverage_and_nothing_to_cover_is_full(tmp_path: Path) -> None:
    _, scheme = _scheme(tmp_path, 'scheme "s" {\n  input a: number\n  indicator x { score a }\n}\n')
    report = coverage_of(scheme, run_tests(scheme, trace=True))
    assert report.total == 0 and str(report.percent) == "100"
    assert measure("x.kpi", [], 0).total == 0


def test_template_examples_of_a_stdlib_module_count() -> None:
    from conftest import ROOT

    r = run_kpi("test", "-q", str(ROOT / "stdlib" / "indicators" / "purchasing.kpi"), "--coverage")
    assert r.code == 0, r.err
    assert "tier `[85%, 90%)` of the ladder of '采购计划完成率 (example)'" in r.out


def test_lint_requires_the_configured_minimum(tmp_path: Path) -> None:
    path, scheme = _scheme(tmp_path)
    (tmp_path / "kpi.toml").write_text('[lint]\nmin-coverage = "60%"\n', encoding="utf-8")
    config = load_config(tmp_path / "kpi.toml")
    found = [d for d in lint(scheme, config).diagnostics if d.code == "K-L1101"]
    assert len(found) == 1
    d = found[0]
    assert d.severity.value == "error" and d.span is not None and d.span.line == 2
    assert "the lint configuration asks for at least 60%" in d.message
    assert re.search(r"coverage targets \([\d.]+%\) are reached by the \d test blocks?;", d.message), d.message
    assert "line 14: tier `< 80%` of ladder 阶梯" in d.hints[0]
    r = run_kpi("lint", str(path))
    assert r.code == 1 and "K-L1101" in r.out
    (tmp_path / "kpi.toml").write_text('[lint]\nmin-coverage = "10%"\n', encoding="utf-8")
    assert not [d for d in lint(scheme, load_config(tmp_path / "kpi.toml")).diagnostics if d.code == "K-L1101"]
    # without the key, the rule does not run, and a comment naming it is not judged unused
    assert not [d for d in lint(scheme).diagnostics if d.code in ("K-L1101", "K-L0902")]


def test_min_coverage_must_be_a_percentage(tmp_path: Path) -> None:
    (tmp_path / "kpi.toml").write_text("[lint]\nmin-coverage = 0.6\n", encoding="utf-8")
    with pytest.raises(kpidsl.KpiError) as exc:
        load_config(tmp_path / "kpi.toml")
    assert exc.value.diagnostics[0].code == "K-E0601" and "min-coverage" in exc.value.diagnostics[0].message


def test_the_json_layout_is_the_documented_one() -> None:
    from conftest import ROOT

    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    r = run_kpi("test", str(ROOT / "examples" / "it_desktop_ops" / "scheme.kpi"), "--coverage", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert set(doc) == {"passed", "failed", "tests", "coverage"}
    assert set(doc["tests"][0]) == {"file", "name", "line", "passed", "mismatches"}
    (cov,) = doc["coverage"]
    assert set(cov) == {"path", "tests", "covered", "total", "coverage", "by_kind", "files"}
    assert list(cov["files"]) == [str(ROOT / "examples" / "it_desktop_ops" / "scheme.kpi"), "std:indicators/it_ops.kpi"]
    one = next(iter(cov["files"].values()))
    assert set(one) == {"covered", "total", "covered_lines", "not_covered_lines", "targets"}
    assert set(one["targets"][0]) == {"kind", "what", "line", "column", "end_line", "end_column", "hits"}
    for key in ("by_kind", "covered_lines", "not_covered_lines", "targets[]", "tests[]", "coverage[]"):
        assert f"`{key}`" in docs, key


def test_the_report_speaks_chinese(tmp_path: Path) -> None:
    path, _ = _scheme(tmp_path)
    r = run_kpi("test", str(path), "--coverage", "--lang", "zh-CN")
    assert r.code == 0
    assert f"{path} 的覆盖情况：2 个测试覆盖了 18 个目标中的 10 个（55.6%）" in r.out
    assert "未覆盖  阶梯“阶梯”的档位 `< 80%`" in r.out
    assert "档位 2/3" in r.out
