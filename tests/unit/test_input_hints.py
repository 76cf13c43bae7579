"""Hints that propose a corrected input declaration: each one fits the input (a rating is left out,
never counted as 0), and each suggested declaration, pasted over the old one, passes `kpi lint`."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import kpidsl
from kpidsl.lint import lint

SCHEME = """scheme "提示" {
  id 工号
  input 工号: text
  input 姓名: text "员工姓名"
  input 自评: score in [0, 10] "自我评分"
  input 上级: score in [0, 10]
  input 经理: score in [0, 10]
  input 迟到次数: count
  input 住房补贴: bool
  input 价格评分: score in [0, 100]
  input 完成率: percent in [0%, 150%]
  input 按时完成单数: count "按时完成数"
  indicator 态度 weight 50% {
    score raters {
      自评: 自评
      上级: 上级
      经理: 经理
      missing -> {policy}
    }
  }
  indicator 价格 weight 30% { score 价格评分 }
  indicator 完成 weight 20% { value 完成率 + 按时完成单数 * 0  score value * 100 }
  deduct "迟到" 迟到次数 * 0.5
  bonus "补贴" if 住房补贴 then 1 else 0
}
"""

FULL = {"工号": "E1", "员工姓名": "张伟", "自我评分": 5, "上级": 5, "经理": 5, "迟到次数": 0, "住房补贴": "否",
        "价格评分": 80, "完成率": "95%", "按时完成数": 3}

DECLARATION = re.compile(r"`(input [^`]+)`")


def _scheme(policy: str = "exclude") -> str:
    return SCHEME.replace("{policy}", policy)


def _hints(text: str, record: dict[str, object]) -> list[str]:
    scheme = kpidsl.loads(text, path="s.kpi")
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate([record])
    return [h for d in exc.value.diagnostics for h in d.hints]


def _paste(text: str, declaration: str) -> str:
    """The scheme with the declaration of the same input replaced by `declaration`."""
    name = declaration.split()[1].rstrip(":")
    module = kpidsl.loads(text, path="s.kpi").program.module
    assert module.scheme is not None
    decl = next(i for i in module.scheme.inputs if i.name == name)
    lines = text.split("\n")
    assert decl.span.line == decl.span.end_line
    line = lines[decl.span.line - 1]
    lines[decl.span.line - 1] = line[: decl.span.col - 1] + declaration + line[decl.span.end_col - 1 :]
    return "\n".join(lines)


def _lint_errors(text: str) -> list[str]:
    report = lint(kpidsl.loads(text, path="s.kpi"))
    return [f"{d.code} {d.message}" for d in report.diagnostics if d.severity is kpidsl.Severity.ERROR]


def _without(*keys: str) -> dict[str, object]:
    return {k: v for k, v in FULL.items() if k not in keys}


CASES = {
    "text": (_without("员工姓名"), ['input 姓名: text "员工姓名" = ""', 'input 姓名: text "员工姓名" optional']),
    "rating": (_without("自我评分"), ['input 自评: score in [0, 10] "自我评分" optional']),
    "count": (_without("迟到次数"), ["input 迟到次数: count = 0"]),
    "bool": (_without("住房补贴"), ["input 住房补贴: bool = false"]),
    "score": (_without("价格评分"), ["input 价格评分: score in [0, 100] optional"]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_missing_value_gets_a_declaration_that_fits_and_lints(case: str) -> None:
    record, expected = CASES[case]
    hints = _hints(_scheme(), record)
    suggested = [m for h in hints for m in DECLARATION.findall(h)]
    assert suggested == expected
    for declaration in suggested:
        assert _lint_errors(_paste(_scheme(), declaration)) == [], declaration


def test_the_text_hint_never_proposes_a_number() -> None:
    hints = _hints(_scheme(), _without("员工姓名"))
    assert not any("= 0" in h for h in hints)


def test_a_missing_rating_is_left_out_not_counted_as_zero() -> None:
    """The hint's declaration, applied, gives what the language promises: two scores of 5 with a
    missing self-appraisal stay 5 (the old hint, `= 0`, gave 3.33)."""
    hints = _hints(_scheme(), _without("自我评分"))
    assert "not count as 0" in hints[1] and "missing -> exclude" in hints[1]
    assert "= 0" not in " ".join(hints)
    fixed = kpidsl.loads(_paste(_scheme(), DECLARATION.findall(hints[1])[0]))
    result = fixed.evaluate_one(_without("自我评分"))
    assert result.item("态度").score == Decimal(5)


def test_a_rating_the_scheme_requires_is_to_be_filled() -> None:
    hints = _hints(_scheme("error"), _without("自我评分"))
    assert "says a missing rating is an error (`missing -> error`)" in hints[1]
    assert not DECLARATION.findall(hints[1])


def test_a_column_under_another_header_gets_an_alias_that_lints(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "d.csv"
    heads = [k if k != "按时完成数" else "按时完成单数量" for k in FULL]
    data.write_text(",".join(heads) + "\n" + ",".join(str(v) for v in FULL.values()) + "\n", encoding="utf-8")
    scheme = kpidsl.loads(_scheme(), path="s.kpi")
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate_table(scheme.read(data))
    hint = exc.value.diagnostics[0].hints[0]
    [declaration] = DECLARATION.findall(hint)
    assert declaration == 'input 按时完成单数: count "按时完成数" alias "按时完成单数量"'
    fixed = _paste(_scheme(), declaration)
    assert _lint_errors(fixed) == []
    assert kpidsl.loads(fixed).evaluate_table(kpidsl.loads(fixed).read(data)).records[0].id == "E1"


def test_a_bare_percent_gets_a_declaration_that_lints() -> None:
    hints = _hints(_scheme(), {**FULL, "完成率": 95})
    [declaration] = DECLARATION.findall(hints[0])
    assert declaration == "input 完成率: percent in [0%, 150%] as points"
    fixed = _paste(_scheme(), declaration)
    assert _lint_errors(fixed) == []
    assert kpidsl.loads(fixed).evaluate_one({**FULL, "完成率": 95}).item("完成").score == Decimal(95)


def test_every_declaration_in_every_hint_of_the_data_layer_parses() -> None:
    """Whatever the input, the declaration printed back is valid syntax for the same input."""
    from kpidsl.data.input_hints import declaration

    for spec in kpidsl.loads(_scheme(), path="s.kpi").ir.inputs:
        for variant in (declaration(spec), declaration(spec, optional=True), declaration(spec, alias="x")):
            [again] = kpidsl.loads(f'scheme "t" {{ {variant} }}').ir.inputs
            assert (again.name, again.type, again.label, again.range and again.range.text) == (
                spec.name, spec.type, spec.label, spec.range and spec.range.text)
