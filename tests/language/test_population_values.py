"""Steps after the total and after population rules (gap 4), pool and share rounding (gap 7),
raters marking with a scale's labels (gap 8), the normalisation's rounded steps (gap 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from langkit import assert_reported, errors, run, scheme

from kpidsl.errors import KpiEvalError

D = Decimal

POOL = """  input 部门: text
  input 得分: number
  input 池: money = 100
  indicator x { score 得分 }
  grade { A >= 90  B [80, 90)  C else }
  rank 排名 by total within 部门
  coefficient 系数 from grade { A 1.2  B 1.0  C 0.8 }
  pool 均衡 = 池 split by 系数 within 部门
  pool 各自 = 池 split by 系数 within 部门 each half_up
  shares 名次奖 = 池 by 排名 within 部门 places 1 each half_up { 1 -> 50%  2 -> 30%  3 -> 20% }
  field 薪级 = if grade == "A" then 3 else if grade == "B" then 2 else 1
  field 奖金合计 = 均衡 + 名次奖 { round 2 }
"""


def test_balanced_and_half_up_shares_side_by_side() -> None:
    r = run(scheme(POOL), [{"工号": f"E{i}", "部门": "甲", "得分": 85} for i in range(3)])
    balanced = [r[f"E{i}"].population["均衡"] for i in range(3)]
    each = [r[f"E{i}"].population["各自"] for i in range(3)]
    assert sum(balanced) == 100 and sorted(balanced) == [D("33.33"), D("33.33"), D("33.34")]
    assert each == [D("33.33")] * 3  # each rounded on its own: 99.99 paid
    assert r["E0"].population["均衡"] == D("33.34")  # equal remainders and weights: the lower id (all tied in rank)
    assert [r[f"E{i}"].population["名次奖"] for i in range(3)] == [D("33.3")] * 3  # the three tied share 100%
    assert r["E0"].fields == {"薪级": D(2), "奖金合计": D("66.64")}


def test_the_leftover_cent_goes_by_ranking_then_id_never_by_row_order() -> None:
    s = scheme(POOL)
    rows = [{"工号": "E1", "部门": "甲", "得分": 85}, {"工号": "E2", "部门": "甲", "得分": 86}, {"工号": "E3", "部门": "甲", "得分": 87}]
    first = run(s, rows)
    assert first["E3"].population["均衡"] == D("33.34")  # the best-ranked of the tie (same grade, same coefficient)
    assert run(s, list(reversed(rows)))["E3"].population["均衡"] == D("33.34")


def test_fields_after_population_rules_and_the_final_grade() -> None:
    s = scheme("""  input 得分: number
  indicator x { score 得分 }
  grade { A >= 90  B else }
  distribute 强制 by total { A 50%  B 50%  mode replace }
  field 薪级 = if grade == "A" then 3 else 1""")
    r = run(s, [{"工号": "E1", "得分": 95}, {"工号": "E2", "得分": 91}])
    assert r["E2"].grade == "B" and r["E2"].fields["薪级"] == 1  # the distributed grade, not the band's A
    assert s.ir.staged


@pytest.mark.parametrize(("line", "code", "words"), [
    ("  pool p = 池 split by 系数 balance half_up", "K-E0107", "`balance half_up` is not a way to round shares"),
    ("  shares s = 池 by 排名 prorate 1 { 1 -> 10% }", "K-E0112", "`prorate` weights a pool's shares"),
    ("  indicator y { score 排名 }", "K-E0104", "read their outputs in a `field`"),
    ("  field f = g\n  rank g by f", "K-E0121", "f -> g -> f"),
])
def test_population_mistakes(line: str, code: str, words: str) -> None:
    found = errors(POOL + line)
    assert_reported(found, code, words)


RATERS = """  scale 五级 { 优秀 -> 10  良好 -> 8  一般 -> 6  较差 -> 4  极差 -> 2 }
  input 自评: text optional
  input 直属: text
  input 经理: text
  indicator 目标达成 {
    score raters {
      自评: 自评
      直属: 直属
      经理: 经理
      scale 五级
    }
  }
"""


def test_raters_mark_with_the_scales_labels() -> None:
    s = scheme(RATERS)
    r = run(s, [{"工号": "E1", "直属": "良好", "经理": "一般"}, {"工号": "E2", "自评": "优秀", "直属": "优秀", "经理": "较差"}])
    assert r["E1"].total == 7 and r["E2"].total == 8  # a missing self-appraisal is left out
    text = s.explain({"工号": "E1", "直属": "良好", "经理": "一般"}).text
    assert 'rater 直属: "良好" -> 8 (scale 五级)' in text


def test_an_unknown_label_is_in_no_tier_and_a_text_rater_needs_the_scale() -> None:
    with pytest.raises(KpiEvalError) as exc:
        scheme(RATERS).evaluate([{"工号": "E1", "直属": "很好", "经理": "一般"}])
    assert exc.value.diagnostics[0].code == "K-R0303" and '"很好"' in exc.value.diagnostics[0].message
    found = errors(RATERS.replace("      scale 五级\n", ""))
    assert any(d.code == "K-E0110" and "add `scale NAME`" in d.hints[0] for d in found)
    assert any(d.code == "K-E0102" for d in errors(RATERS.replace("scale 五级\n    }", "scale 六级\n    }")))


NORMALISE = """  input 部门: text
  input 考评分数: number
  input 部门得分: number
  indicator 考评 { score 考评分数 }
  normalise 标准分 by total within 部门 weight 部门得分 {
    round average 2
    round ratio 3
    round first 2
    round weight 3
    round cap 2
    round result 2
  }
  field 部门平均 = 标准分.average
  field 一次调比例 = 标准分.ratio
  field 一次调整后得分 = 标准分.first
  field 部门权分 = 标准分.weight
  field 权分上限 = 标准分.cap
  field 开方 = 标准分.rooted
"""


def test_the_normalisation_rounds_each_step_and_exposes_it() -> None:
    rows = [{"工号": f"A{i}", "部门": "A", "考评分数": v, "部门得分": 80} for i, v in enumerate((86, 84, 80, 78, 76, 72, 70), 1)]
    rows += [{"工号": f"B{i}", "部门": "B", "考评分数": v, "部门得分": 90} for i, v in enumerate((80, 78, 70, 60), 1)]
    r = run(scheme(NORMALISE), rows)
    a1 = r["A1"].fields
    assert a1["部门平均"] == 78 and a1["一次调比例"] == D("1.282") and a1["一次调整后得分"] == D("110.25")
    assert r["B1"].fields["一次调比例"] == D("1.389") and r["B1"].fields["部门权分"] == D("1.125")
    assert a1["权分上限"] == D("1.17") and a1["开方"] is False  # (111.12 + 83.34) / (2 x 83.34) = 1.1667; 1.125 is below
    assert r["B1"].population["标准分"] == D("125.01")  # 111.12 x 1.125 = 125.01


def test_normalisation_mistakes() -> None:
    assert any(d.code == "K-E0107" for d in errors(NORMALISE.replace("round cap 2", "round caps 2")))
    assert any(d.code == "K-E0103" and "标准分.avg" in d.message for d in errors(NORMALISE + "  field f = 标准分.avg"))
    assert any(d.code == "K-E0104" for d in errors(NORMALISE + "  indicator y { score 标准分.average }"))
