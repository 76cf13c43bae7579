"""The hints of evaluation errors propose code that, written where the hint says, passes
`kpi lint` and makes the error go away, in either language (the code is the same in both)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import kpidsl
from kpidsl.lint import lint

CODE = re.compile(r"`([^`]+)`")
SCHEME = """scheme "t" {
  input 完成: count
  input 计划: count
  indicator 完成率 weight 100% {
    value 完成 / 计划@VALUE@
    score proportional target 1 full 100
  }
  field 比例 = 完成 / 计划@FIELD@
}
"""


def _scheme(value: str, field: str, text: str = SCHEME) -> str:
    return text.replace("@VALUE@", value).replace("@FIELD@", field)


def _error(text: str, record: dict[str, object], lang: str) -> kpidsl.Diagnostic:
    with kpidsl.language(lang), pytest.raises(kpidsl.KpiEvalError) as exc:
        kpidsl.loads(text, path="s.kpi").evaluate_one(record)
    return exc.value.diagnostics[0]


def _clean(text: str) -> kpidsl.Scheme:
    scheme = kpidsl.loads(text, path="s.kpi")
    assert [d.message for d in lint(scheme).diagnostics if d.severity is kpidsl.Severity.ERROR] == []
    return scheme


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_zero_in_an_indicator_gets_clauses_that_work(lang: str) -> None:
    d = _error(_scheme("", " { on zero -> empty }"), {"id": "E1", "完成": 0, "计划": 0}, lang)
    assert d.code == "K-R0301" and "完成率" in d.message
    clauses = [c for c in CODE.findall(d.hints[0]) if c.startswith("on zero")]
    assert clauses == ["on zero -> 0", "on zero -> skip", "on zero -> error"]
    fixed = _clean(_scheme("\n    " + clauses[0], " { on zero -> empty }"))
    assert fixed.evaluate_one({"id": "E1", "完成": 0, "计划": 0}).item("完成率").score == Decimal(0)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_zero_in_a_field_gets_a_clause_that_works(lang: str) -> None:
    d = _error(_scheme("\n    on zero -> 0", ""), {"id": "E1", "完成": 0, "计划": 0}, lang)
    assert d.code == "K-R0301" and "比例" in d.message
    [field] = [c for c in CODE.findall(d.hints[0]) if c.startswith("field")]
    clause = re.search(r"\{ (.+) \}", field)
    assert clause is not None
    fixed = _clean(_scheme("\n    on zero -> 0", " { " + clause.group(1) + " }"))
    assert fixed.evaluate_one({"id": "E1", "完成": 0, "计划": 0}).fields["比例"] is None


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_missing_value_gets_clauses_that_work(lang: str) -> None:
    text = _scheme("\n    on zero -> 0", " { on zero -> empty }", SCHEME.replace("input 计划: count", "input 计划: count optional"))
    d = _error(text, {"id": "E1", "完成": 3}, lang)
    assert d.code == "K-R0302"
    clauses = [c for c in CODE.findall(d.hints[0]) if c.startswith("on missing")]
    assert clauses == ["on missing -> 0", "on missing -> skip"]
    fixed = _clean(text.replace("on zero -> 0", "on zero -> 0\n    " + clauses[0]))
    assert fixed.evaluate_one({"id": "E1", "完成": 3}).item("完成率").score == Decimal(0)
