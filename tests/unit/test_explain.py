"""Explain in two languages at two levels of detail: every trace event has words in both, the
appeal reply says what an employee needs (data, rule, result, the distance to the next tier,
the rule quoted, deductions with their sum), and the API renders any explanation in any
language at any detail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLES
from helpers import scheme

import kpidsl
from kpidsl.explain import Detail, language_for, render
from kpidsl.explain.chinese import CHINESE
from kpidsl.explain.english import ENGLISH
from kpidsl.i18n import Lang
from kpidsl.trace import Ev


@pytest.mark.parametrize("language", [ENGLISH, CHINESE], ids=["en", "zh-CN"])
def test_every_event_kind_has_words_in_both_languages(language: kpidsl.explain.Language) -> None:
    assert set(language.phrases) == set(Ev)
    assert language.reply is not None and set(language.reply.phrases) <= set(Ev)
    assert set(language.sections) == set(ENGLISH.sections)
    assert set(language.reply.sections) == set(ENGLISH.reply.sections)  # type: ignore[union-attr]


def test_the_language_follows_the_choice() -> None:
    assert language_for(Lang.ZH) is CHINESE and language_for(Lang.EN) is ENGLISH
    with kpidsl.language("zh-CN"):
        assert language_for() is CHINESE


def _e003() -> kpidsl.api.Explanation:
    s = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    prepared = s.read_records([EXAMPLES / "purchasing_manager" / "data.csv"])
    return s.explain_record(prepared, "E003")[0]


def test_the_reply_says_how_far_the_next_tier_is_in_orders() -> None:
    """Issue 13's sentence: 完成率 94.5%，距 95% 档还差 0.5 个百分点，差 1 单 (189 of 200 orders on time)."""
    zh = _e003().render("zh-CN")
    assert ("按时完成采购单数 189 ÷ 计划采购单数 200 = 94.5%，属于“90%（含）至 95%（不含）”档，得 80 分；"
            "距“95% 及以上”档（100 分）还差 0.5 个百分点，即按时完成采购单数还差 1 单（需达到 190）。") in zh
    en = _e003().render("en")
    assert "0.5 percentage points short of the tier “95% or more” (100 points), that is 1 more 按时完成采购单数 (190 needed)" in en


def test_the_reply_quotes_the_rule_and_what_the_template_made_of_it() -> None:
    zh = _e003().render("zh-CN")
    assert "标准库 indicators/purchasing.kpi 第 29 行「[良好线, 优秀线) -> 良好分」（即 [90%, 95%) -> 80）" in zh
    assert "方案第 51 行「B [80, 90)」" in zh and "[line" not in zh


def test_the_reply_opens_with_the_conclusion_and_closes_with_the_grade_gap() -> None:
    zh = _e003().render("zh-CN").splitlines()
    assert zh[0] == "采购部经理 KPI：考核结果说明" and "结论：总分 84.60 分，等级 B。" in zh
    assert any("距 A 级（90 分）还差 5.4 分" in line for line in zh)


def test_deductions_are_listed_with_their_sum_and_the_zero_ones_left_out() -> None:
    s = scheme('input 得分: score\ninput 迟到次数: count\ninput 大过次数: count\ninput 表扬次数: count\n'
               'indicator 业绩 { value 得分  score value }\n'
               'deduct "迟到" 迟到次数 * 0.5\ndeduct "大过" 大过次数 * 9\nbonus "表扬" 表扬次数 * 1')
    explanation = s.explain({"得分": 90, "迟到次数": 0, "大过次数": 1, "表扬次数": 0})
    zh = explanation.render("zh-CN")
    assert "扣分“大过”：大过次数 1 × 9 = 9 分。" in zh and "扣分“迟到”" not in zh and "加分“表扬”" not in zh
    assert "其余各项均为 0，未列出。" in zh and "计入总分的扣分合计 9 分，加分合计 0 分。" in zh
    assert "加分“表扬”：表扬次数 * 1 = 0 * 1" in explanation.render("zh-CN", "full")  # the full trace keeps every step


def test_a_veto_grade_is_not_followed_by_a_distance() -> None:
    s = kpidsl.load(EXAMPLES / "it_desktop_ops" / "scheme.kpi")
    prepared = s.read_records([EXAMPLES / "it_desktop_ops" / "data.csv"])
    zh = s.explain_record(prepared, "T07")[0].render("zh-CN")
    assert "等级为 B，但因一票否决，等级改为 D。" in zh and "距 A 级" not in zh


def test_render_any_language_at_any_detail_whatever_the_current_one() -> None:
    s = scheme('input a: number\ninput 缺: number = 0\ninput 是否: bool\nindicator x { score a }\n'
               'veto "否决" when 是否 -> no bonus')
    explanation = s.explain({"a": 80, "是否": True})
    with kpidsl.language("en"):
        zh = explanation.render(Lang.ZH, Detail.FULL)
        assert "是否 = 是" in zh and "一票否决“否决”" in zh  # the value words follow the explanation, not the context
        assert "是否 = yes" in explanation.render("en", "full")
        assert explanation.render("zh").startswith("t：考核结果说明")
        assert [e["detail"] for e in explanation.json("zh-CN")][0].startswith("a = 80")
    data = s.evaluate_records([("#1", kpidsl.data.records.prepare_mapping(s.ir, {"a": 80, "是否": False}))], trace=True)[0]
    assert render(s.ir, data, "t.kpi", lang=Lang.EN, detail=Detail.REPLY).startswith("t: how your result was computed")
    with pytest.raises(ValueError, match="unknown language"):
        explanation.render("fr")


def test_the_explain_sheet_rows() -> None:
    rows = _e003().rows("zh-CN")
    assert rows[0] == ("输入（取自数据）", "工号 = “E003”", "", "第 16 行")
    assert any(detail.strip().startswith("得分：0.945（94.5%）落在阶梯") for _, detail, _, _ in rows)


def test_the_distance_is_exact_where_a_count_moves_the_value() -> None:
    s = scheme("input a: count\ninput b: count\nindicator x { value a / b  score ladder { >= 95% -> 100  [90%, 95%) -> 80"
               "  else -> 0 } }")
    events = s.explain({"a": 1870, "b": 2000}).events  # 93.5%: 1900 of 2000 reach 95%
    ladder = next(e for e in events if e.kind is Ev.SCORE_LADDER)
    assert ladder.fact("target") == Decimal("0.95") and ladder.fact("units") == ("a", Decimal(1870), Decimal(1900))
    text = s.explain({"a": 1870, "b": 2000}).render("zh-CN")
    assert "距“95% 及以上”档（100 分）还差 1.5 个百分点，即 a 还差 30（需达到 1900）" in text


def test_numbers_in_their_declared_places() -> None:
    s = scheme("round 2\ninput a: number\nindicator x weight 50% { score a / 3  round 1 }\n"
               "indicator y weight 50% { score a }")
    zh = s.explain({"a": 85}).render("zh-CN")
    assert "四舍五入保留 1 位小数为 28.3 分" in zh and "x 28.3 × 50% = 14.15" in zh  # the score as declared
    assert "为 56.65 分" in zh  # the total, 2 places
