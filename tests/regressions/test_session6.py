"""Usability fixes of session 6: what a user sees of an explanation printed or shown in a notebook."""

from __future__ import annotations

from conftest import EXAMPLES

import kpidsl

RECORD = {"工号": "E1", "姓名": "张伟", "计划采购单数": 100, "按时完成单数": 96, "总供货量": 1000, "退货量": 30,
          "价格合理性评分": 85.5, "供应商管理评分": 90}


def test_an_explanation_prints_as_the_reply_and_shows_as_one_line() -> None:
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    explanation = scheme.explain(RECORD)
    assert repr(explanation) == f"<Explanation of E1: total 96.10, grade A, {len(explanation.events)} steps>"
    assert str(explanation) == explanation.render()
    assert "In short: total 96.10, grade A." in str(explanation) and "1. Your data\n" in str(explanation)
    with kpidsl.language("zh-CN"):
        assert str(explanation).startswith(explanation.render("zh-CN")[:20]) and "考核数据" in str(explanation)
    assert isinstance(explanation, kpidsl.Explanation)
