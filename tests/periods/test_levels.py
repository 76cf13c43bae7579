"""Periods as clients keep them: a period made from several cells, roll-ups of whole periods
(chains, rounding, `at least`, `missing ->`, empty), output by level, and the checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl
from kpidsl.periods import PartError, compose, enclosing_label, parse_period, previous, read_part


@pytest.mark.parametrize(("cell", "part", "number"), [
    ("2024", "year", 2024), ("2024年", "year", 2024), ("2024年度", "year", 2024), (2024.0, "year", 2024),
    ("一季度", "quarter", 1), ("第一季度", "quarter", 1), ("第3季度", "quarter", 3), ("Q4", "quarter", 4), ("2", "quarter", 2),
    ("3", "month", 3), ("03", "month", 3), ("3月", "month", 3), ("三月", "month", 3), ("十二月", "month", 12),
    ("十一月", "month", 11), ("10月份", "month", 10), (7.0, "month", 7), ("上半年", "half_year", 1), ("H2", "half_year", 2),
    ("W2", "week", 2), ("第2周", "week", 2), ("5", "week", 5),
])
def test_parts_of_a_period(cell: object, part: str, number: int) -> None:
    assert read_part(cell, part) == number


@pytest.mark.parametrize(("cell", "part"), [("五季度", "quarter"), ("13", "month"), ("十三月", "month"), ("24", "year"),
                                            ("", "month"), ("W6", "week"), ("三", "half_year")])
def test_cells_that_are_no_part(cell: str, part: str) -> None:
    with pytest.raises(PartError):
        read_part(cell, part)


def test_periods_in_chinese_explain() -> None:
    from kpidsl.explain.chinese_periods import label_zh

    assert [label_zh(x) for x in ("2024Q4", "2024-03", "2024-03W2", "2024H1", "2024H2", "2024")] == [
        "2024年第4季度", "2024年3月", "2024年3月第2周", "2024年上半年", "2024年下半年", "2024年"]


def test_the_week_calendar() -> None:
    assert parse_period("2024年3月第2周", "week") == "2024-03W2" == compose((2024, 3, 2), "week")
    assert enclosing_label("2024-03W2", "week", "month") == "2024-03"
    assert enclosing_label("2024-12W5", "week", "quarter") == "2024Q4"
    assert enclosing_label("2024-05", "month", "half_year") == "2024H1"
    assert previous("2024-03W1", "week") == "2024-02W5"
    assert compose((2024, 3), "quarter") == "2024Q3" and compose((2024, 11), "month") == "2024-11"


QUARTERS = """scheme "q" {
  period quarter
  id 工号
  input 工号: text
  input 期间: period from 年度, 季度
  input 得分: score in [0, 100]
  indicator 季度绩效 { score 得分 }
  indicator 同比 { value 得分 - last_year(得分)  on missing -> 0 }
  total = 季度绩效
}
"""


def _files(tmp_path: Path, scheme: str, **files: str) -> list[str]:
    (tmp_path / "s.kpi").write_text(scheme, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / "s.kpi"), *(str(tmp_path / name) for name in files)]


def test_a_period_from_year_and_quarter_columns(tmp_path: Path) -> None:
    paths = _files(tmp_path, QUARTERS, **{"d.csv": "工号,年度,季度,得分\na,2024,一季度,90\na,2023年,第一季度,80\nb,2024,4,70\n"})
    r = run_kpi("eval", *paths, "--format", "csv", "--columns", "id,period,同比", "-v")
    assert r.code == 0, r.err
    assert r.out.splitlines()[1:] == ["a,2023Q1,0", "a,2024Q1,10", "b,2024Q4,0"]
    assert "period made from '年度', '季度'" in r.err and "not used" not in r.err


def test_a_period_that_cannot_be_made_names_the_row_and_both_cells(tmp_path: Path) -> None:
    paths = _files(tmp_path, QUARTERS, **{"d.csv": "工号,年度,季度,得分\na,2024,一季度,90\nb,2024,五季度,80\n"})
    r = run_kpi("eval", *paths)
    assert r.code == 1
    assert "K-D0220" in r.err and "line 3, column '季度'" in r.err
    assert "年度 '2024'" in r.err and "季度 '五季度'" in r.err and "expected a quarter" in r.err
    assert "b,2024,五季度,80" in r.err and "^^^" in r.err  # the row, with a caret under the cell
    zh = run_kpi("--lang", "zh-CN", "eval", *paths)
    assert "无法由年度“2024”、季度“五季度”组成考核期间" in zh.err


def test_a_duplicate_employee_and_period_is_an_error(tmp_path: Path) -> None:
    paths = _files(tmp_path, QUARTERS, **{"d.csv": "工号,年度,季度,得分\na,2024,1,90\na,2024,一季度,91\n"})
    r = run_kpi("eval", *paths)
    assert r.code == 1 and "K-D0208" in r.err and "line 3" in r.err and "2024Q1" in r.err


MONTHS = """scheme "m" {
  period month
  id 工号
  input 工号: text
  input 期间: period from 月份
  input 得分: score in [0, 100]
  indicator 月度绩效 { score 得分 }
  rollup 年终 = mean total over year { round 2  at least 2 months }
}
"""


def test_the_year_from_the_file_name(tmp_path: Path) -> None:
    paths = _files(tmp_path, MONTHS, **{"2024年月度考核.csv": "工号,月份,得分\na,1月,90\na,三月,91\nb,12,70\na,2,80\n"})
    r = run_kpi("eval", *paths, "--format", "csv", "--columns", "id,period,年终", "-v")
    assert r.code == 0, r.err
    assert r.out.splitlines()[1:] == ["a,2024-01,87.00", "a,2024-02,87.00", "a,2024-03,87.00", "b,2024-12,"]
    assert "the year 2024 of the file name" in r.err
    none = _files(tmp_path, MONTHS, **{"月度考核.csv": "工号,月份,得分\na,1月,90\n"})
    r = run_kpi("eval", *none)
    assert r.code == 1 and "K-D0220" in r.err and "the year is not in the file name" in r.err


WEEKS = """scheme "康信" {
  period week
  round 1
  id 工号
  bands 年终档 { 优 >= 90  良 [80, 90)  中 else }
  input 工号: text
  input 期间: period from 年度, 月份, 周次
  input 周得分: score in [0, 100] optional
  indicator 周记录 { score 周得分  on missing -> 0 }
  total = 周记录
  rollup 月度得分 = mean 周得分 over month { round 1 }
  rollup 年终得分 = mean 月度得分 over year { round 2  at least 3 months {missing} }
  field 年终等级 = 年终档(年终得分)
}
"""


def _weeks(missing: str = "", rows: str = "") -> dict[tuple[str, str | None], kpidsl.RecordResult]:
    s = kpidsl.loads(WEEKS.replace("{missing}", missing))
    assert not s.check(), s.render(s.check())
    data = rows or ("a,2024,1,1,90\na,2024,1,2,91.5\na,2024,2,1,80\na,2024,3,1,88.84\na,2024,3,2,\n"
                    "b,2024,1,1,70\nb,2024,2,1,\nc,2024,1,1,95\nc,2024,2,1,96\nc,2024,3,1,97\n")
    records = []
    for line in data.strip().splitlines():
        who, year, month, week, score = line.split(",")
        records.append({"工号": who, "年度": year, "月份": month, "周次": week, "期间": f"{year}-{int(month):02d}W{week}",
                        "周得分": score or None})
    return {(r.id, r.period): r for r in s.evaluate(records).records}


def test_a_chain_of_roll_ups_rounds_at_each_level() -> None:
    res = _weeks()
    # 2024-01: (90 + 91.5) / 2 = 90.75 -> 90.8; 2024-03: 88.84 (the empty week is left out) -> 88.8
    assert res[("a", "2024-01W2")].population["月度得分"] == Decimal("90.8")
    assert res[("a", "2024-03W2")].population["月度得分"] == Decimal("88.8")
    # the year: one value per month, not per week: (90.8 + 80 + 88.8) / 3 = 86.5333 -> 86.53
    for week in ("2024-01W1", "2024-02W1", "2024-03W2"):
        assert res[("a", week)].population["年终得分"] == Decimal("86.53")
        assert res[("a", week)].fields["年终等级"] == "良"
    assert res[("c", "2024-01W1")].fields["年终等级"] == "优"


def test_empty_stays_empty_and_at_least_withholds_the_grade() -> None:
    res = _weeks()
    assert res[("b", "2024-02W1")].population["月度得分"] is None  # no week of February has a value
    assert res[("b", "2024-01W1")].population["年终得分"] is None  # 1 of 3 months: fewer than 3
    assert res[("b", "2024-01W1")].fields["年终等级"] is None


def test_missing_zero_and_error() -> None:
    zero = _weeks("missing -> zero")
    # b: January 70, February empty -> 0, March absent -> 0; only one month has a value, still short
    assert zero[("b", "2024-01W1")].population["年终得分"] is None
    short = _weeks("missing -> zero", "a,2024,1,1,90\na,2024,2,1,80\na,2024,3,1,70\nb,2024,1,1,60\nb,2024,2,1,60\nb,2024,3,1,60\n"
                   "b,2024,4,1,60\n")
    assert short[("a", "2024-01W1")].population["年终得分"] == Decimal("60.00")  # (90 + 80 + 70 + 0) / 4
    with pytest.raises(kpidsl.KpiError) as exc:
        _weeks("missing -> error")
    assert "K-R0320" in str(exc.value.diagnostics[0].code) and "'b'" in exc.value.diagnostics[0].message


def test_explain_names_the_periods_the_values_and_the_missing_ones(tmp_path: Path) -> None:
    paths = _files(tmp_path, WEEKS.replace("{missing}", ""),
                   **{"d.csv": "工号,年度,月份,周次,周得分\na,2024,1,1,90\na,2024,1,2,91.5\na,2024,2,1,80\na,2024,3,1,88.84\n"
                                "b,2024,1,1,70\nb,2024,2,1,\n"})
    r = run_kpi("explain", *paths, "--id", "a", "--detail", "full")
    assert r.code == 0, r.err
    assert ("年终得分: the mean of 月度得分 over 2024 (3 of 3 months with a value: 2024-01 90.8, 2024-02 80.0, 2024-03 88.8)"
            " = 86.53, 86.5333… rounded half-up to 2 places") in r.out
    b = run_kpi("explain", *paths, "--id", "b", "--lang", "zh-CN")
    assert "2024年2月、2024年3月 无数值（不计入）" in b.out and "至少需要 3 个月，因此不给出数值" in b.out


def test_output_by_level(tmp_path: Path) -> None:
    paths = _files(tmp_path, WEEKS.replace("{missing}", ""),
                   **{"d.csv": "工号,年度,月份,周次,周得分\nb,2024,1,1,70\na,2024,1,1,90\na,2024,1,2,91.5\na,2024,2,1,80\n"
                                "a,2024,3,1,88.84\n"})
    year = run_kpi("eval", *paths, "--level", "year", "--format", "csv")
    assert year.code == 0, year.err
    assert year.out.splitlines() == ["工号,期间,年终得分,年终等级", "a,2024,86.53,良", "b,2024,,"]
    month = run_kpi("eval", *paths, "--level", "month", "--format", "csv", "--headers", "keys")
    assert month.out.splitlines() == ["id,period,月度得分", "a,2024-01,90.8", "b,2024-01,70.0", "a,2024-02,80.0", "a,2024-03,88.8"]
    js = run_kpi("eval", *paths, "--level", "year", "--period", "2024", "--format", "json")
    assert '"total": null' in js.out and '"年终等级": "良"' in js.out
    none = run_kpi("eval", *paths, "--level", "year", "--period", "2023")
    assert none.code == 1 and "no records for period 2023" in none.err and "periods in the data: 2024" in none.err
    finer = run_kpi("eval", *paths[:1], str(tmp_path / "d.csv"), "--level", "year", "--period", "2024Q1")
    assert finer.code == 2 and "expected a year" in finer.err


def test_a_level_finer_than_the_scheme_is_a_usage_error(tmp_path: Path) -> None:
    paths = _files(tmp_path, QUARTERS, **{"d.csv": "工号,年度,季度,得分\na,2024,1,90\n"})
    r = run_kpi("eval", *paths, "--level", "month")
    assert r.code == 2 and "finer than the scheme's period (quarter)" in r.err


def test_a_running_roll_up_is_rounded_and_empty_without_values() -> None:
    s = kpidsl.loads(QUARTERS.replace("total = 季度绩效", "total = 季度绩效\n  rollup 累计 = mean 得分 over year to date { round 1 }")
                     .replace("score in [0, 100]", "score in [0, 100] optional").replace("{ score 得分 }", "{ score 得分  on missing -> 0 }"))
    res = {(r.id, r.period): r for r in s.evaluate([{"工号": "a", "期间": "2024Q1", "得分": 90},
                                                    {"工号": "a", "期间": "2024Q2", "得分": Decimal("90.25")},
                                                    {"工号": "b", "期间": "2024Q1", "得分": None}]).records}
    assert res[("a", "2024Q2")].population["累计"] == Decimal("90.1")
    assert res[("b", "2024Q1")].population["累计"] is None


@pytest.mark.parametrize(("rules", "code", "fragment"), [
    ("rollup 年 = mean total over year\n  rank 名次 by 年", "K-E0165", "roll-up of the whole year"),
    ("rollup 年 = mean total over year\n  field f = 年 * 2\n  rank 名次 by f", "K-E0165", "cannot read it"),
    ("rollup 季 = mean total over quarter\n  rollup 年 = mean 季 over year to date", "K-E0165", "cannot read it"),
    ("rollup 年 = mean total over year { missing -> maybe }", "K-E0166", "unknown `missing -> maybe`"),
    ("rollup 年 = mean total over year { at least 6 months }", "K-E0166", "write `at least 6 quarters`"),
    ("rollup 年 = mean total over year { at least 5 quarters }", "K-E0166", "a year has at most 4"),
    ("rollup 年 = mean total over year to date { at least 2 quarters }", "K-E0166", "takes only `round N`"),
    ("rollup 半 = mean total over half_year\n  rollup 年 = mean 半 + 得分 over year", "K-E0166", "roll-up of roll-ups"),
    ("rollup 年 = mean total over year\n  rollup 季 = mean 年 over quarter", "K-E0166", "coarser than"),
])
def test_roll_up_checks(rules: str, code: str, fragment: str) -> None:
    s = kpidsl.loads(QUARTERS.replace("total = 季度绩效", f"total = 季度绩效\n  {rules}"))
    found = [d for d in s.check() if d.code == code]
    assert found and any(fragment in d.message for d in found), s.render(s.check())


@pytest.mark.parametrize(("decl", "fragment"), [
    ("input 期间: period from 年度, 季度, 月份", "list 2 column(s), or 1 with the year in the file name"),
    ("input 期间: period from 年度", ""),
])
def test_period_from_checks(decl: str, fragment: str) -> None:
    s = kpidsl.loads(QUARTERS.replace("input 期间: period from 年度, 季度", decl))
    found = [d for d in s.check() if d.code == "K-E0166"]
    assert bool(found) == bool(fragment) and all(fragment in d.message for d in found)
    other = kpidsl.loads(QUARTERS.replace("input 得分: score in [0, 100]", "input 得分: score in [0, 100] from 年度, 季度"))
    assert any("`period from` is for a period input" in d.message for d in other.check())


def test_a_finer_label_says_how_to_read_such_data(tmp_path: Path) -> None:
    paths = _files(tmp_path, QUARTERS.replace("period from 年度, 季度", "period"), **{"d.csv": "工号,期间,得分\na,2024-03,90\n"})
    r = run_kpi("eval", *paths)
    assert r.code == 1 and "2024-03 is a month" in r.err and "declare `period month`" in r.err and "over quarter" in r.err


def test_the_api_makes_the_period_from_its_parts() -> None:
    s = kpidsl.loads(QUARTERS)
    res = s.evaluate([{"工号": "a", "年度": "2024", "季度": "三季度", "得分": 91}, {"工号": "a", "期间": "2024Q2", "得分": 80}])
    assert [(r.period, r.total) for r in res.records] == [("2024Q2", Decimal(80)), ("2024Q3", Decimal(91))]
    with pytest.raises(kpidsl.KpiError) as exc:
        s.evaluate([{"工号": "a", "年度": "2024", "季度": "五季度", "得分": 91}])
    assert exc.value.diagnostics[0].code == "K-D0220" and "季度 '五季度'" in exc.value.diagnostics[0].message


def test_the_year_from_a_title_above_the_header(tmp_path: Path) -> None:
    paths = _files(tmp_path, MONTHS, **{"考核.csv": "2024年度销售月度考核表,,\n工号,月份,得分\na,1月,90\na,三月,91\n"})
    r = run_kpi("eval", *paths, "--format", "csv", "--columns", "id,period", "-v")
    assert r.code == 0, r.err
    assert r.out.splitlines()[1:] == ["a,2024-01", "a,2024-03"] and "the year 2024 of the title above the header" in r.err


def test_a_year_end_formula_of_several_parts_is_a_field_over_roll_ups(tmp_path: Path) -> None:
    scheme = """scheme "管理人员" {
  period month
  round 1
  id 工号
  input 工号: text
  input 期间: period
  input 月考评: score in [0, 100]
  input 年终关键业绩: score in [0, 100] optional
  indicator 月度 { score 月考评 }
  rollup 月度均分 = mean total over year { round 2 }
  rollup 年终业绩 = mean 年终关键业绩 over year
  field 年终总分 = 月度均分 * 40% + 年终业绩 * 60% { round 2 }
}
"""
    paths = _files(tmp_path, scheme, **{"d.csv": "工号,期间,月考评,年终关键业绩\na,2024-11,80,\na,2024-12,90.5,95\n"})
    r = run_kpi("eval", *paths, "--level", "year", "--format", "csv", "--headers", "keys")
    assert r.out.splitlines() == ["id,period,月度均分,年终业绩,年终总分", "a,2024,85.25,95,91.10"]  # 34.1 + 57


TRIAL_YEAR = """scheme "月度考核与年终汇总" {
  period month
  round 1
  id 工号
  input 工号: text
  input 期间: period from 年度, 月份
  input 业绩得分: score in [0, 100] optional
  exclude "当月无考核数据" when not present(业绩得分)
  indicator 业绩 { score 业绩得分 }
  bands 年终档 { A [90, 100]  B [80, 90)  C [70, 80)  D else }
  grade 年终档
  rollup 年终得分 = mean total over year { round 2 at least 2 months }
  field 年终等级 = 年终档(年终得分)
}
"""


def test_the_summary_at_a_level_counts_the_grades_its_rows_show(tmp_path: Path) -> None:
    """A user's trial: at `--level year` the summary said `A 0, B 0, C 0, D 0` (the months' grade,
    empty at the level) while the table showed year-end grades."""
    paths = _files(tmp_path, TRIAL_YEAR, **{"d.csv": "工号,年度,月份,业绩得分\na,2024,1,85\na,2024,2,87\nb,2024,1,70\n"
                                                     "b,2024,2,72\nc,2024,3,95\n"})
    year = run_kpi("eval", *paths, "--level", "year", "--format", "json")
    assert year.code == 0, year.err
    import json

    grades = json.loads(year.out)["summary"]["grades"]
    assert grades == [{"source": "年终等级", "rule": None, "counts": [
        {"label": "A", "count": 0, "quota": None}, {"label": "B", "count": 1, "quota": None},
        {"label": "C", "count": 1, "quota": None}, {"label": "D", "count": 0, "quota": None}]}]
    text = run_kpi("eval", *paths, "--level", "year")
    assert "Grades of '年终等级'" in text.err and "B        1        50%" in text.err
    quarters = run_kpi("eval", *paths, "--level", "quarter", "--format", "json")
    assert json.loads(quarters.out)["summary"]["grades"] == []  # the quarter rows show no grade: no table


def test_explain_of_a_roll_up_short_of_at_least_lists_the_values_it_had(tmp_path: Path) -> None:
    """A user's trial: a joiner's explain said "4 of 12 months with a value … at least 6 are
    needed" without the four months' values (it lists them when the roll-up has a value)."""
    paths = _files(tmp_path, WEEKS.replace("{missing}", ""),
                   **{"d.csv": "工号,年度,月份,周次,周得分\nb,2024,1,1,70\nb,2024,2,1,\nb,2024,3,1,80\n"})
    zh = run_kpi("explain", *paths, "--id", "b", "--lang", "zh-CN")
    assert zh.code == 0, zh.err
    assert ("年终得分：2024年各期“月度得分”的平均：3 个月中有 2 个月有数值（2024年1月 70.0，2024年3月 80.0）；"
            "2024年2月 无数值（不计入）；至少需要 3 个月，因此不给出数值") in zh.out
    en = run_kpi("explain", *paths, "--id", "b")
    assert ("only 2 of 3 months with a value (2024-01 70.0, 2024-03 80.0); no value for 2024-02 (left out); "
            "at least 3 months are needed, so it has no value") in en.out


def test_groups_at_a_level_read_the_inputs_and_show_no_mean_total(tmp_path: Path) -> None:
    """`--by 姓名` at `--level year` groups by the employees' names (as of the year's latest period),
    and the mean total is empty: a level's rows have no total of their own (it showed 0)."""
    import json

    out = tmp_path / "year.json"
    ex = EXAMPLES / "weekly_year_end"
    r = run_kpi("eval", str(ex / "scheme.kpi"), str(ex / "data.csv"), "--level", "year", "--by", "姓名", "-o", str(out))
    assert r.code == 0, r.err
    rows = json.loads(out.read_text(encoding="utf-8"))["summary"]["groups"]["rows"]
    assert {row["values"]["姓名"] for row in rows} >= {"张伟", "李娜"}
    assert all(row["mean_total"] is None for row in rows)
