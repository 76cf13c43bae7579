"""Periods: the calendar, history references, flags, roll-ups, proration and --period."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl
from kpidsl.periods import PeriodError, enclosing, parse_period, previous, same_last_year

QP = EXAMPLES / "quarterly_promotion"


@pytest.mark.parametrize(("text", "unit", "label"), [
    ("2024Q3", "quarter", "2024Q3"), ("2024-q3", "quarter", "2024Q3"), ("2024年第3季度", "quarter", "2024Q3"),
    ("2024年三季度", "quarter", "2024Q3"), ("2024-07", "month", "2024-07"), ("2024/7", "month", "2024-07"),
    ("2024年7月", "month", "2024-07"), ("202407", "month", "2024-07"), ("2024H1", "half_year", "2024H1"),
    ("2024上半年", "half_year", "2024H1"), ("2024年下半年", "half_year", "2024H2"), ("2024年", "year", "2024"),
])
def test_period_labels(text: str, unit: str, label: str) -> None:
    assert parse_period(text, unit) == label


@pytest.mark.parametrize(("text", "unit"), [("2024-13", "month"), ("2024Q5", "quarter"), ("2024-07", "quarter"), ("Q3", "quarter")])
def test_bad_period_labels(text: str, unit: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, unit)


def test_calendar_steps() -> None:
    assert previous("2024Q1", "quarter") == "2023Q4"
    assert previous("2024-01", "month", 2) == "2023-11"
    assert same_last_year("2024H2", "half_year") == "2023H2"
    assert enclosing("2024-08", "month", "quarter") == (2024, 2)
    assert enclosing("2024Q4", "quarter", "half_year") == (2024, 1)


SCHEME = """scheme "p" {{
  period quarter
  id 工号
  input 工号: text
  input 期间: period
  input s: score
  indicator x {{ score s }}
  {rules}
}}
"""


def _eval(rules: str, rows: list[tuple[str, str, object]]) -> dict[tuple[str, str | None], kpidsl.RecordResult]:
    s = kpidsl.loads(SCHEME.format(rules=rules))
    res = s.evaluate([{"工号": i, "期间": p, "s": v} for i, p, v in rows])
    return {(r.id, r.period): r for r in res.records}


def test_flag_needs_consecutive_periods() -> None:
    rows = [("a", "2024Q1", 95), ("a", "2024Q2", 95), ("a", "2024Q4", 95),  # Q3 missing: a gap
            ("b", "2024Q2", 91), ("b", "2024Q3", 92), ("b", "2024Q4", 93)]
    res = _eval("flag 连续优秀 when total >= 90 for 3 periods", rows)
    assert res[("a", "2024Q4")].population["连续优秀"] is False
    assert res[("b", "2024Q4")].population["连续优秀"] is True
    assert res[("b", "2024Q3")].population["连续优秀"] is False


def test_rollup_stays_inside_its_year_and_prev_crosses_it() -> None:
    rows = [("a", "2023Q4", 60), ("a", "2024Q1", 80), ("a", "2024Q2", 90)]
    res = _eval("rollup 年度 = mean total over year to date\n  rollup 半年合计 = sum total over half_year to date", rows)
    assert res[("a", "2024Q2")].population["年度"] == 85
    assert res[("a", "2024Q1")].population["年度"] == 80  # 2023Q4 belongs to another year
    assert res[("a", "2024Q2")].population["半年合计"] == 170
    growth = _eval("", rows)  # sanity: plain scoring per period
    assert growth[("a", "2023Q4")].total == 60


def test_prev_and_last_year() -> None:
    s = kpidsl.loads(SCHEME.format(rules="").replace(
        "indicator x { score s }",
        "indicator x { score s }\n  indicator 同比 { value s - last_year(s)  on missing -> 0 }\n  indicator 环比 { value s - prev(x)  on missing -> 0 }\n  total = x"))
    res = {(r.id, r.period): r for r in s.evaluate([
        {"工号": "a", "期间": "2023Q2", "s": 70}, {"工号": "a", "期间": "2024Q1", "s": 80}, {"工号": "a", "期间": "2024Q2", "s": 85}]).records}
    assert res[("a", "2024Q2")].item("同比").score == 15
    assert res[("a", "2024Q2")].item("环比").score == 5
    assert res[("a", "2024Q1")].item("环比").score == 0  # 2023Q4 absent: the declared outcome


def test_one_row_per_employee_and_period(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("工号,期间,s\na,2024Q1,90\na,2024Q2,91\na,2024年第2季度,92\n", encoding="utf-8")
    scheme = tmp_path / "s.kpi"
    scheme.write_text(SCHEME.format(rules=""), encoding="utf-8")
    r = run_kpi("eval", str(scheme), str(data))
    assert r.code == 1 and "in period 2024Q2 was already used" in r.err


def test_a_bad_period_cell_is_a_located_data_error(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("工号,期间,s\na,2024Q5,90\n", encoding="utf-8")
    scheme = tmp_path / "s.kpi"
    scheme.write_text(SCHEME.format(rules=""), encoding="utf-8")
    r = run_kpi("eval", str(scheme), str(data))
    assert r.code == 1 and "line 2" in r.err and "expected a quarter such as 2024Q1" in r.err


@pytest.mark.parametrize(("body", "fragment"), [
    ('scheme "s" { input a: score  indicator x { score a - prev(a)  on missing -> 0 } }', "no period column"),
    ('scheme "s" { input p: period  input a: score  indicator x { score a } }', "needs the scheme's calendar"),
    ('scheme "s" { period quarter  input p: period  input q: period  input a: score  indicator x { score a } }', "one period column"),
    ('scheme "s" { period quarter  input p: period  input a: score  indicator x { score a }  rollup r = mean total over month }',
     "coarser unit"),
])
def test_period_checks(body: str, fragment: str) -> None:
    s = kpidsl.loads(body)
    assert any(fragment in d.message for d in s.check()), s.render(s.check())


def test_cli_period_selects_the_output_and_keeps_history() -> None:
    r = run_kpi("eval", str(QP / "scheme.kpi"), str(QP / "data.csv"), "--period", "2024年第4季度", "--format", "csv",
                "--columns", "id,period,晋升候选")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "工号,考核季度,晋升候选" and len(lines) == 5
    assert "H02,2024Q4,yes" in lines  # needs Q2 and Q3 as history
    bad = run_kpi("eval", str(QP / "scheme.kpi"), str(QP / "data.csv"), "--period", "2024-10")
    assert bad.code == 2 and "expected a quarter" in bad.err


def test_explain_a_chosen_period() -> None:
    r = run_kpi("explain", str(QP / "scheme.kpi"), str(QP / "data.csv"), "--id", "H01", "--period", "2024Q3", "--detail", "full")
    assert r.code == 0
    assert "record H01, period 2024Q3" in r.out
    assert "2024Q1: 92 >= 90 -> yes; 2024Q2: 90 >= 90 -> yes; 2024Q3: 93.5 >= 90 -> yes" in r.out
    latest = run_kpi("explain", str(QP / "scheme.kpi"), str(QP / "data.csv"), "--id", "H01")
    assert "period 2024Q4" in latest.out and "latest period" in latest.err


def test_proration_weights_the_pool() -> None:
    res = kpidsl.load(QP / "scheme.kpi").evaluate_table(kpidsl.load(QP / "scheme.kpi").read(QP / "data.csv"))
    q3 = [r for r in res.records if r.period == "2024Q3"]
    assert sum(r.population["季度奖金"] for r in q3) == Decimal("24000.00")  # type: ignore[misc]
    joiner = next(r for r in q3 if r.id == "H04")
    assert joiner.population["季度奖金"] == Decimal("2926.83")  # coefficient 1.0 x 45/90 of a quarter


def test_weighted_rollup() -> None:
    s = kpidsl.loads(SCHEME.format(rules="rollup 年度 = weighted total by w over year to date").replace(
        "input s: score", "input s: score\n  input w: number"))
    res = {(r.id, r.period): r for r in s.evaluate([
        {"工号": "a", "期间": "2024Q1", "s": 80, "w": 1}, {"工号": "a", "期间": "2024Q2", "s": 90, "w": 3}]).records}
    assert res[("a", "2024Q2")].population["年度"] == Decimal("87.5")


def test_one_file_per_period_takes_the_period_from_the_file_name(tmp_path: Path) -> None:
    scheme = tmp_path / "s.kpi"
    scheme.write_text(SCHEME.format(rules="flag 连续 when total >= 90 for 2 periods"), encoding="utf-8")
    (tmp_path / "绩效_2024年第1季度.csv").write_text("工号,s\na,95\nb,80\n", encoding="utf-8")
    (tmp_path / "2024Q2.csv").write_text("工号,s\na,92\nb,99\n", encoding="utf-8")
    r = run_kpi("eval", str(scheme), str(tmp_path / "绩效_2024年第1季度.csv"), str(tmp_path / "2024Q2.csv"),
                "--period", "2024Q2", "--format", "csv", "--columns", "id,period,连续", "-v")
    assert r.code == 0, r.err
    assert "period 2024Q1 taken from the file name" in r.err
    assert r.out.splitlines()[1:] == ["a,2024Q2,yes", "b,2024Q2,no"]


def test_last_place_twice_is_a_flag_over_an_ascending_rank() -> None:
    s = kpidsl.loads(SCHEME.format(rules="rank 倒数名次 by total asc within 部门\n  flag 连续末位 when 倒数名次 == 1 for 2 periods")
                     .replace("input s: score", "input s: score\n  input 部门: text"))
    rows = [("a", "2024Q1", 60), ("b", "2024Q1", 80), ("a", "2024Q2", 55), ("b", "2024Q2", 90), ("a", "2024Q3", 95), ("b", "2024Q3", 70)]
    res = {(r.id, r.period): r.population["连续末位"] for r in s.evaluate([{"工号": i, "期间": p, "部门": "d", "s": v} for i, p, v in rows]).records}
    assert res == {("a", "2024Q1"): False, ("b", "2024Q1"): False, ("a", "2024Q2"): True,
                   ("b", "2024Q2"): False, ("a", "2024Q3"): False, ("b", "2024Q3"): False}
