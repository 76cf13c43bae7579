"""Evaluation semantics, one mechanic at a time (docs/language.md documents each)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import D, run, scheme

import kpidsl

LADDER = """
  input a: count
  input b: count
  indicator r {
    value a / b
    on zero -> 0
    score ladder {
      >= 95%       -> 100
      [90%, 95%)   -> 80
      (85%, 90%)   -> 50
      == 85%       -> 40
      < 85%        -> 0
    }
  }
"""


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [(95, 100, 100), (9499, 10000, 80), (90, 100, 80), (8999, 10000, 50), (85, 100, 40), (84, 100, 0), (0, 0, 0)],
)
def test_ladder_boundaries_are_exact(a: int, b: int, score: int) -> None:
    r = run(LADDER, {"a": a, "b": b})
    assert r.item("r").score == score


def test_zero_denominator_without_outcome_is_an_error_naming_the_denominator() -> None:
    s = scheme("input a: count\ninput b: count\nindicator r { score a / b }")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        s.evaluate_one({"a": 1, "b": 0})
    d = exc.value.diagnostics[0]
    assert d.code == "K-R0301"
    assert "b is 0" in d.message
    assert d.span is not None and d.span.line == 5  # helpers.scheme puts the body on line 3


def test_skip_renormalises_the_remaining_weights_exactly() -> None:
    body = """
      input a: count
      input b: count
      input c: score
      indicator x weight 30% { value a / b  on zero -> skip  score value * 100 }
      indicator y weight 70% { score c }
    """
    r = run(body, {"a": 1, "b": 0, "c": 80})
    assert r.item("x").skipped
    assert r.base_score == 80
    assert r.item("y").weight_applied == 1


def test_missing_value_needs_a_declared_outcome() -> None:
    body = "input a: score optional\nindicator x { score a }"
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        scheme(body).evaluate_one({})
    assert exc.value.diagnostics[0].code == "K-R0302"
    assert "a missing" in exc.value.diagnostics[0].message
    r = run("input a: score optional\nindicator x { score a  on missing -> 60 }", {})
    assert r.item("x").score == 60


def test_required_input_missing_is_a_data_error() -> None:
    with pytest.raises(kpidsl.KpiDataError):
        scheme("input a: score\nindicator x { score a }").evaluate_one({})


def test_default_fills_a_missing_cell() -> None:
    r = run("input late: count = 0\nindicator x { score 100 }\ndeduct \"迟到\" late * 0.5", {})
    assert r.total == 100


def test_missing_self_appraisal_does_not_drag_the_mean_down() -> None:
    body = """
      input self: score optional
      input boss: score
      input gm: score
      indicator x { score raters { 自评: self  上级: boss  总经理: gm  missing -> exclude } }
    """
    r = run(body, {"boss": 5, "gm": 5})
    assert r.item("x").score == 5
    zero = body.replace("missing -> exclude", "missing -> zero")
    score = run(zero, {"boss": 5, "gm": 5}).item("x").score
    assert score is not None and score.quantize(Decimal("0.000001")) == Decimal("3.333333")


def test_weighted_and_trimmed_raters() -> None:
    weighted = """
      input s: score
      input b: score
      indicator x { score raters { 自评: s weight 20%  上级: b weight 80%  method weighted } }
    """
    assert run(weighted, {"s": 10, "b": 5}).item("x").score == 6
    # The self-appraisal is missing: the supervisor's weight carries the whole score.
    trimmed = """
      input p1: score
      input p2: score
      input p3: score
      input p4: score
      indicator x { score raters { 同事: p1, p2 上级: p3 经理: p4 method trimmed } }
    """
    r = run(trimmed, {"p1": 2, "p2": 4, "p3": 9, "p4": 6})
    # groups: 同事 mean 3, 上级 9, 经理 6 -> drop 3 and 9 -> 6
    assert r.item("x").score == 6


def test_cap_and_floor_are_reported() -> None:
    s = scheme("input a: number\nindicator x { value a  score value * 2  cap 100  floor 10 }")
    high = s.explain({"a": 70})
    assert high.record.item("x").score == 100
    assert "40 is cut" in high.text
    low = s.explain({"a": 1})
    assert low.record.item("x").score == 10
    assert "raised by 8" in low.text


def test_deduction_from_an_item_spills_into_the_total() -> None:
    body = """
      input incidents: count = 0
      indicator 安全管理 { score 15 }
      indicator 其他 { score 85 }
      deduct "安全事故" incidents * 5 from 安全管理 spill
    """
    r = run(body, {"incidents": 4})
    assert r.item("安全管理").score == 0
    assert r.deductions == 5
    assert r.total == 80
    no_spill = run(body.replace(" spill", ""), {"incidents": 4})
    assert no_spill.total == 85


def test_deduction_cap_and_bonus() -> None:
    body = """
      input late: count = 0
      input praise: count = 0
      indicator x { score 90 }
      deduct "迟到" late * 0.5 cap 2
      bonus "表扬" praise * 1
      total cap 100
    """
    r = run(body, {"late": 10, "praise": 15})
    assert r.deductions == 2
    assert r.bonuses == 15
    assert r.total_exact == 100


def test_veto_withholds_bonus_and_can_set_the_grade_without_zeroing_the_score() -> None:
    body = """
      input loss: money = 0
      input major: bool = false
      indicator x { score 95 }
      veto "重大损失" when loss >= 2000 -> no bonus
      veto "重大事故" when major -> grade D
      grade { A >= 90  D else }
    """
    r = run(body, {"loss": 2000})
    assert not r.bonus_eligible and r.total == 95 and r.grade == "A"
    r2 = run(body, {"major": "是"})
    assert r2.bonus_eligible and r2.grade == "D" and r2.grade_before_veto == "A"
    r3 = run(body, {"loss": "1999.99"})
    assert r3.bonus_eligible and not r3.vetoes


def test_grade_reads_the_rounded_or_the_exact_total() -> None:
    body = "round 0\ninput a: number\nindicator x { score a }\ngrade on READS { A >= 90  B else }"
    rounded = scheme(body.replace("READS", "rounded"))
    exact = scheme(body.replace("READS", "exact"))
    assert rounded.evaluate_one({"a": "89.5"}).grade == "A"
    r = exact.evaluate_one({"a": "89.5"})
    assert r.grade == "B" and r.total == 90  # one rounded value shown; the band read the exact one


def test_xx5_rounding_of_the_total() -> None:
    body = "round 2\ninput a: number\ninput b: number\nindicator x weight 50% { score a }\nindicator y weight 50% { score b }"
    assert run(body, {"a": "84.125", "b": "84.125"}).total == D("84.13")
    assert run(body, {"a": "84.12", "b": "84.13"}).total == D("84.13")  # 84.125 -> 84.13
    assert run(body, {"a": "84.11", "b": "84.13"}).total == D("84.12")


def test_groups_combine_by_mean_and_weight() -> None:
    body = """
      input a: score
      input b: score
      input c: score
      group 业绩 weight 4 { combine mean  indicator a1 { score a }  indicator b1 { score b } }
      group 态度 weight 2 { combine mean  indicator c1 { score c } }
    """
    r = run(body, {"a": 8, "b": 6, "c": 10})
    assert r.item("业绩").score == 7
    assert r.base_score == 7 * 4 + 10 * 2


def test_scale_labels_and_ranges() -> None:
    head = """
      scale 五级 { 优秀 -> 10  良好 -> 8  一般 -> 6  较差 -> 4  极差 -> 2 }
      scale 行为 { 等级五 -> 81..100  等级四 -> 61..80 note "符合期望" }
    """
    body = "input r: text\ninput p: score\nindicator x { value r score scale 五级 }\nindicator y { value p score scale 行为 }"
    res = run(body, {"r": "良好", "p": 77}, head=head)
    assert res.item("x").score == 8 and res.item("y").score == 77 and res.item("y").tier == "等级四"
    with pytest.raises(kpidsl.KpiEvalError):
        run(body, {"r": "很好", "p": 77}, head=head)


def test_named_ladder_callable_in_formulas_and_constants_in_bounds() -> None:
    body = """
      const 达标 = 95%
      ladder L { >= 达标 -> 100  else -> 0 }
      input a: percent
      indicator x { score L(a) / 2 }
    """
    assert run(body, {"a": "95%"}).item("x").score == 50


def test_indicator_may_use_another_indicators_score() -> None:
    body = "input a: score\nindicator 基础 { score a }\nindicator 加成 { score 基础 * 2 }"
    assert run(body, {"a": 7}).item("加成").score == 14


def test_total_formula_and_floor() -> None:
    body = """
      input late: count = 0
      indicator x { score 10 }
      deduct "迟到" late * 5
      total = base_score - deductions + bonuses floor 0
    """
    assert run(body, {"late": 3}).total == 0


def test_evaluation_is_deterministic_and_independent_between_schemes() -> None:
    a = scheme("input a: number\nindicator x { score a / 3 }\nround 4")
    b = scheme("input a: number\nindicator x { score a * 3 }")
    r1 = a.evaluate([{"a": 1}, {"a": 2}])
    r2 = b.evaluate([{"a": 1}])
    r3 = a.evaluate([{"a": 1}, {"a": 2}])
    assert r1 == r3
    assert r2.records[0].total == 3


def test_results_serialise_decimals_as_strings() -> None:
    r = run("input a: number\nindicator x { score a }\nround 2", {"a": "0.1"})
    assert '"total":"0.10"' in r.model_dump_json()


def test_threads_share_one_scheme() -> None:
    from concurrent.futures import ThreadPoolExecutor

    s = scheme("input a: number\nindicator x { score a / 7 }\nround 3")
    with ThreadPoolExecutor(4) as pool:
        totals = list(pool.map(lambda i: s.evaluate_one({"a": i}).total, range(200)))
    assert totals == [s.evaluate_one({"a": i}).total for i in range(200)]


def test_nested_groups_weight_their_members() -> None:
    body = """
      input a: score
      input b: score
      input c: score
      group 结果 weight 70% {
        group 财务 weight 60% { indicator 利润 weight 100% { score a } }
        indicator 客户 weight 40% { score b }
      }
      indicator 能力 weight 30% { score c }
    """
    r = run(body, {"a": 80, "b": 90, "c": 70})
    assert r.item("财务").score == 80
    assert r.item("结果").score == Decimal(80) * Decimal("0.6") + Decimal(90) * Decimal("0.4")
    assert r.base_score == (Decimal(48) + Decimal(36)) * Decimal("0.7") + Decimal(70) * Decimal("0.3")
    assert r.item("利润").parent == "财务" and r.item("财务").parent == "结果"


def test_every_item_skipped_is_an_error() -> None:
    s = scheme("input a: count\ninput b: count\nindicator x weight 100% { value a / b  on zero -> skip }")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        s.evaluate_one({"a": 1, "b": 0})
    assert exc.value.diagnostics[0].code == "K-R0304"


def test_raters_missing_error_and_too_few_to_trim() -> None:
    body = "input p: score optional\ninput q: score optional\ninput r: score optional\n"
    strict = scheme(body + "indicator x { score raters { a: p  b: q  c: r  missing -> error } }")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        strict.evaluate_one({"p": 1, "q": 2})
    assert exc.value.diagnostics[0].code == "K-R0305" and "'x'" in exc.value.diagnostics[0].message
    trimmed = scheme(body + "indicator x { score raters { a: p  b: q  c: r  method trimmed 1 } }")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        trimmed.evaluate_one({"p": 1, "q": 2})
    assert exc.value.diagnostics[0].code == "K-R0305" and "drops 1" in exc.value.diagnostics[0].message


def test_a_number_beyond_the_exact_range_is_an_error_not_a_crash() -> None:
    # A number read from data is below 10^24 (issue 9: a 5,000-digit cell is a data error), so the
    # range is left by squaring sixteen times: 10^(23 * 2^15) is beyond the exponent limit.
    squares = "\n".join(f"field f{i} = f{i - 1} * f{i - 1}" for i in range(1, 16))
    s = scheme(f"input a: number\nfield f0 = a * a\n{squares}\nindicator x {{ score f15 }}")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        s.evaluate([{"a": "1e23"}])
    assert exc.value.diagnostics[0].code == "K-R0306"
    with pytest.raises(kpidsl.KpiDataError) as data:
        s.evaluate([{"a": "1e600000"}])
    assert data.value.diagnostics[0].code == "K-D0207"
