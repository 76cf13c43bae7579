"""Aggregates over groups of records (issue 11, gap 3): exact, empties left out and counted, a
group of one, a group with no value, `where`, `per`, a zero denominator inside, explained."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from langkit import assert_reported, codes, errors, run, scheme

from kpidsl.errors import KpiEvalError

D = Decimal

INPUTS = """  input 部门: text
  input 类型: text = "员工"
  input 得分: number optional
  input 分母: number = 1
  indicator x { score coalesce(得分, 0) }
"""

ROWS = [
    {"工号": "A1", "部门": "甲", "得分": 90}, {"工号": "A2", "部门": "甲", "得分": 80},
    {"工号": "A3", "部门": "甲"}, {"工号": "A4", "部门": "甲", "得分": 61, "类型": "经理"},
    {"工号": "B1", "部门": "乙", "得分": 70},
    {"工号": "C1", "部门": "丙"}, {"工号": "C2", "部门": "丙"},
]


def test_each_aggregate_over_its_group() -> None:
    s = scheme(INPUTS + """
  field 平均 = mean(得分 within 部门)
  field 合计 = sum(得分 within 部门)
  field 最低 = min(得分 within 部门)
  field 最高 = max(得分 within 部门)
  field 中位 = median(得分 within 部门)
  field 有分 = count(得分 within 部门)
  field 人数 = count(within 部门)
  field 员工平均 = mean(得分 within 部门 where 类型 == "员工")
  field 全员最高 = max(得分 over all)
""")
    r = run(s, ROWS)
    a = r["A1"].fields
    assert a["平均"] == D(231) / 3 and a["合计"] == 231 and a["最低"] == 61 and a["最高"] == 90
    assert a["中位"] == 80 and a["有分"] == 3 and a["人数"] == 4 and a["员工平均"] == 85 and a["全员最高"] == 90
    assert r["A3"].fields["平均"] == a["平均"]  # a record with no value still reads its group's
    b = r["B1"].fields  # a group of one
    assert b["平均"] == b["中位"] == b["最低"] == 70 and b["人数"] == 1
    c = r["C1"].fields  # a group where every value is empty
    assert c["平均"] is None and c["合计"] is None and c["最高"] is None and c["有分"] == 0 and c["人数"] == 2


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    s = scheme(INPUTS + "  field m = median(得分 over all)")
    r = run(s, [{"工号": f"E{i}", "部门": "甲", "得分": v} for i, v in enumerate([1, 9, 4, 5])])
    assert r["E0"].fields["m"] == D("4.5")


def test_per_takes_one_value_per_subgroup() -> None:
    s = scheme("""  input 被评部门: text
  input 评价部门: text
  input 分: number
  indicator x { score 分 }
  field 部门对部门 = mean(分 within 被评部门, 评价部门)
  field 满意度 = mean(部门对部门 within 被评部门 per 评价部门)
  field 评价部门数 = count(within 被评部门 per 评价部门)""")
    rows = [{"工号": "1", "被评部门": "HR", "评价部门": "销售", "分": 80}, {"工号": "2", "被评部门": "HR", "评价部门": "销售", "分": 90},
            {"工号": "3", "被评部门": "HR", "评价部门": "销售", "分": 70}, {"工号": "4", "被评部门": "HR", "评价部门": "生产", "分": 60}]
    f = run(s, rows)["1"].fields
    assert f["部门对部门"] == 80 and f["满意度"] == 70 and f["评价部门数"] == 2  # (80 + 60) / 2, not (80+90+70+60) / 4


def test_per_subgroups_must_agree() -> None:
    s = scheme("  input g: text\n  input h: text\n  input v: number\n  indicator x { score v }\n"
               "  field f = mean(v within g per h)")
    with pytest.raises(KpiEvalError) as exc:
        s.evaluate([{"工号": "1", "g": "a", "h": "b", "v": 1}, {"工号": "2", "g": "a", "h": "b", "v": 2}])
    assert exc.value.diagnostics[0].code == "K-R0315" and "h=b" in exc.value.diagnostics[0].message


def test_a_zero_denominator_inside_an_aggregate_follows_the_readers_outcome() -> None:
    s = scheme(INPUTS + """
  indicator 比 { value mean(得分 / 分母 within 部门)  on zero -> 0 }
  field 比值 = mean(得分 / 分母 within 部门) { on zero -> empty }""")
    r = run(s, [{"工号": "A1", "部门": "甲", "得分": 5, "分母": 0}, {"工号": "A2", "部门": "甲", "得分": 5},
                {"工号": "B1", "部门": "乙", "得分": 6, "分母": 2}])
    assert r["A2"].item("比").score == 0 and r["A2"].fields["比值"] is None
    assert r["B1"].item("比").score == 3 and r["B1"].fields["比值"] == 3
    strict = scheme(INPUTS + "  field 比值 = mean(得分 / 分母 within 部门)")
    with pytest.raises(KpiEvalError) as exc:
        strict.evaluate([{"工号": "A1", "部门": "甲", "得分": 5, "分母": 0}])
    assert exc.value.diagnostics[0].code == "K-R0301" and exc.value.diagnostics[0].span.col > 0  # type: ignore[union-attr]


def test_an_indicator_may_read_an_aggregate_and_the_total_follows() -> None:
    s = scheme("""  input 簇: text
  input 成功: count
  input 请求: count
  indicator 接通率 weight 100% {
    value sum(成功 within 簇) / sum(请求 within 簇)
    on zero -> skip
    score ladder { >= 95% -> 100  else -> 60 }
  }
  grade { A >= 90  B else }
  rank 排名 by total""")
    assert s.ir.staged
    r = run(s, [{"工号": "c1", "簇": "东", "成功": 96, "请求": 100}, {"工号": "c2", "簇": "东", "成功": 0, "请求": 0},
                {"工号": "c3", "簇": "西", "成功": 50, "请求": 100}])
    assert r["c2"].total == 100 and r["c2"].grade == "A" and r["c3"].total == 60  # the cluster's ratio, not each cell's
    assert r["c3"].population["排名"] == 3


def test_aggregates_are_explained_with_the_group_and_its_values() -> None:
    from kpidsl.data.records import prepare_mapping

    s = scheme(INPUTS + "  field 平均 = mean(得分 within 部门 where 类型 == \"员工\")")
    prepared = [(row["工号"], prepare_mapping(s.ir, row)) for row in ROWS]
    text = s.explain(prepared[0], population=prepared).text
    assert 'mean(得分 within 部门 where 类型 == "员工"): the mean of 部门=甲\'s 2 values 90, 80 = 85' in text
    assert "1 empty value left out; 1 person not matching `where` left out" in text


@pytest.mark.parametrize(("formula", "code", "words"), [
    ("mean(得分)", "K-E0105", "mean() aggregates over records"),
    ("sum(得分)", "K-E0105", "sum() takes at least 2 arguments"),
    ("average(得分 within 部门)", "K-E0105", "unknown aggregate 'average'"),
    ("mean(within 部门)", "K-E0105", "mean() needs a value"),
    ("mean(得分 within 未知)", "K-E0102", "'未知' is not an input"),
    ("mean(部门 within 部门)", "K-E0110", "mean() needs numbers, not text"),
    ("max(得分 > 1 within 部门)", "K-E0110", "max() needs numbers or dates"),
    ("count(within 部门 where 得分)", "K-E0110", "`where` needs a yes/no condition"),
])
def test_aggregate_mistakes(formula: str, code: str, words: str) -> None:
    found = errors(INPUTS + f"  field f = {formula}")
    assert_reported(found, code, words)


@pytest.mark.parametrize(("where", "text"), [
    ("  const c = sum(得分 over all)", "cannot be used in a constant"),
    ('  exclude "r" when count(within 部门) > 3', "cannot be used in an exclusion"),
    ("  ladder L { >= 1 -> (mean(得分 over all)) }\n  field f = L(1)", "cannot be used in a tier"),
])
def test_aggregates_are_not_allowed_where_nothing_is_known_of_other_records(where: str, text: str) -> None:
    found = errors(INPUTS + where)
    assert any(d.code == "K-E0104" and text in d.message for d in found), [(d.code, d.message) for d in found]


def test_an_aggregate_reading_itself_through_an_indicator_is_a_circle() -> None:
    found = errors("  input 部门: text\n  input a: number\n  indicator x { score a + mean(x within 部门) }")
    assert [d.code for d in found] == ["K-E0121"]
    assert "x -> mean(x within 部门) -> x" in found[0].message


def test_aggregates_do_not_depend_on_the_order_of_the_rows() -> None:
    s = scheme(INPUTS + "  input w: number = 3\n  field f = mean(得分 / w within 部门)\n  field g = sum(得分 / w over all)")
    base = {k: v.fields for k, v in run(s, ROWS).items()}
    for seed in range(5):
        rows = ROWS[:]
        random.Random(seed).shuffle(rows)
        assert {k: v.fields for k, v in run(s, rows).items()} == base


def test_same_aggregate_written_twice_is_one_step() -> None:
    s = scheme(INPUTS + "  field f = mean(得分 within 部门)\n  field g = mean(得分  within  部门) + 1")
    assert len(s.ir.aggregates) == 1
    assert codes(INPUTS + "  field f = mean(得分 within 部门)") == []


def test_the_run_record_stores_and_replays_a_staged_scheme(kpi, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An aggregate that divided by zero is no value once its readers are done: the run record
    stores it and `kpi replay` finds every number unchanged."""
    from conftest import EXAMPLES

    db = tmp_path / "runs.db"
    example = EXAMPLES / "network_sla"
    assert kpi("eval", str(example / "scheme.kpi"), str(example / "data.csv"), "--record", str(db)).code == 0
    replay = kpi("replay", "1", "--record", str(db))
    assert replay.code == 0 and "every number is unchanged" in replay.out + replay.err


def test_overrides_are_refused_on_a_staged_scheme(kpi, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    example = EXAMPLES / "pay_shares"
    (tmp_path / "o.csv").write_text("id,field,value,reason,approver\nY01,total,90,复核,张\n", encoding="utf-8")
    out = kpi("eval", str(example / "scheme.kpi"), str(example / "data.csv"), "--overrides", str(tmp_path / "o.csv"))
    assert out.code == 1 and "K-D0230" in out.err and "computed from population values" in out.err
