"""Records that are not appraised (issue 11, gap 5), and one yes/no per veto (gap 6)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from langkit import assert_reported, errors, run, scheme

BODY = """  input 部门: text
  input 入职日期: date
  input 离职日期: date optional
  input 连续缺勤天数: days = 0
  input 得分: number
  input 池: money = 1000 column optional
  const 考核期开始 = date "2024-01-01"
  exclude "考核期开始后入职" when 入职日期 > 考核期开始
  exclude "连续缺勤三十日以上" when 连续缺勤天数 >= 30
  exclude "考核实施日已经退职" when 离职日期 <= date "2024-07-15"
  indicator x { score 得分 }
  veto "缺勤过多" when 连续缺勤天数 >= 10 -> no bonus
  grade { A >= 90  B else }
  rank 排名 by total within 部门
  coefficient 系数 from grade { A 2  B 1 }
  pool 奖金 = 池 split by 系数 within 部门
  field 部门平均 = mean(total within 部门)
"""

ROWS = [
    {"工号": "E1", "部门": "甲", "入职日期": "2020-01-01", "得分": 95},
    {"工号": "E2", "部门": "甲", "入职日期": "2024-03-01", "得分": 99},  # joined after the start
    {"工号": "E3", "部门": "甲", "入职日期": "2020-01-01", "连续缺勤天数": 40, "得分": 99, "离职日期": "2024-06-01"},
    {"工号": "E4", "部门": "甲", "入职日期": "2020-01-01", "离职日期": "2024-12-31", "连续缺勤天数": 12, "得分": 80},
]


def test_the_first_exclusion_that_applies_is_the_reason_and_the_record_takes_no_part() -> None:
    s = scheme(BODY)
    r = run(s, ROWS)
    assert r["E2"].excluded == "考核期开始后入职"
    assert r["E3"].excluded == "连续缺勤三十日以上"  # also left before the appraisal date: the first reason wins
    for rid in ("E2", "E3"):
        out = r[rid]
        assert out.total is None and out.grade is None and out.items == [] and out.population == {}
    assert r["E1"].excluded is None and r["E4"].excluded is None  # an empty 离职日期 does not exclude
    assert r["E1"].population["排名"] == 1 and r["E4"].population["排名"] == 2  # ranks among the two appraised
    assert r["E1"].population["奖金"] + r["E4"].population["奖金"] == 1000  # the pool's denominator: 2 + 1
    assert r["E1"].population["奖金"] == Decimal("666.67")
    assert r["E1"].fields["部门平均"] == Decimal("87.5")


def test_a_test_block_of_an_excluded_record_expects_its_fields_and_items_missing() -> None:
    from kpidsl.testing import run_tests

    tests = """
test "入职晚" {
  given 工号 = "T1", 部门 = "甲", 入职日期 = "2024-03-01", 得分 = 95
  expect excluded = "考核期开始后入职", total = missing, x.score = missing, 部门平均 = missing
}
test "入职晚, 期望有分" {
  given 工号 = "T2", 部门 = "甲", 入职日期 = "2024-03-01", 得分 = 95
  expect x.score = 95, 部门平均 = 95
}
"""
    passed, failed = run_tests(scheme(BODY + tests))
    assert passed.passed, passed.mismatches or passed.error
    assert not failed.passed and failed.error is None  # a diff, not an internal error
    assert [(m.path, m.expected, m.actual) for m in failed.mismatches] == [("x.score", "95", "missing"), ("部门平均", "95", "missing")]


def test_excluded_records_are_listed_with_the_reason(kpi, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "s.kpi").write_text(f'scheme "t" {{\n  id 工号\n  input 工号: text\n{BODY}}}\n', encoding="utf-8")
    (tmp_path / "d.csv").write_text("工号,部门,入职日期,离职日期,连续缺勤天数,得分\nE1,甲,2020-01-01,,0,95\n"
                                    "E2,甲,2024-03-01,,0,99\nE4,甲,2020-01-01,,12,80\n", encoding="utf-8")
    out = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "csv")
    assert out.code == 0, out.err
    lines = out.out.splitlines()
    assert lines[0] == "工号,x,Total,Grade,Performance bonus,Vetoes,缺勤过多,排名,系数,奖金,部门平均,Not appraised because"
    assert lines[2] == "E2,,,,,,,,,,,考核期开始后入职"
    assert lines[3] == "E4,80,80,B,withheld,缺勤过多,yes,2,1,333.33,87.5,"
    assert lines[1].endswith(",no,1,2,666.67,87.5,")
    keys = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "csv", "--headers", "keys")
    assert keys.out.splitlines()[0] == "id,x,total,grade,bonus,vetoes,缺勤过多,排名,系数,奖金,部门平均,excluded"
    zh = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "csv", "--lang", "zh-CN").out.splitlines()
    assert zh[0] == "工号,x,总分,等级,绩效奖金,一票否决,缺勤过多,排名,系数,奖金,部门平均,不参与考核的原因"
    assert zh[3] == "E4,80,80,B,取消,缺勤过多,是,2,1,333.33,87.5,"
    js = json.loads(kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "json").out)["records"]
    assert js[1]["excluded"] == "考核期开始后入职" and js[1]["total"] is None
    assert js[2]["veto_flags"] == {"缺勤过多": True} and js[0]["veto_flags"] == {"缺勤过多": False}
    explain = kpi("explain", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--id", "E2", "--detail", "full")
    assert "exclusion 考核期开始后入职: 入职日期 > 考核期开始 = 2024-03-01 > 2024-01-01 -> applies" in explain.out
    assert explain.out.rstrip().endswith("result: not appraised (考核期开始后入职)")
    reply = kpi("explain", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--id", "E2", "--lang", "zh-CN").out
    assert "结论：本期不参加考核，原因是“考核期开始后入职”；因此没有总分和等级。" in reply
    assert "属于“考核期开始后入职”的情形（入职日期 2024-03-01 > 2024-01-01），本期不参加考核" in reply
    summary = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--lang", "zh-CN").err
    assert "考核期开始后入职" in summary


@pytest.mark.parametrize(("line", "code", "words"), [
    ('  exclude "r" when x > 1', "K-E0104", "cannot be used in an exclusion"),
    ('  exclude "r" when 得分 + 1', "K-E0110", "must be yes/no"),
    ('  exclude "r" when prev(得分) > 1', "K-E0104", "prev() cannot be used in an exclusion"),
    ('  veto "x" when 得分 > 1 -> no bonus', "K-E0101", "clash with the indicator 'x'"),
    ('  veto "total" when 得分 > 1 -> no bonus', "K-E0101", "clash with the column 'total'"),
])
def test_exclusion_and_veto_column_mistakes(line: str, code: str, words: str) -> None:
    found = errors(BODY + line)
    assert_reported(found, code, words)
