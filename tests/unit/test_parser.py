"""Parser: nodes and spans, comments, lexing edge cases, and the readable-error tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpidsl import nodes as n
from kpidsl.errors import KpiSyntaxError
from kpidsl.parser import FULL_WIDTH, MAX_NESTING, MISTAKE_HINTS, parse


def _first_const(src: str) -> n.Expr:
    module = parse(f'scheme "s" {{ const c = {src} }}')
    assert module.scheme is not None
    d = module.scheme.definitions[0]
    assert isinstance(d, n.ConstDef)
    return d.expr


def test_percent_literals_and_precedence() -> None:
    e = _first_const("1 - 95% * 2")
    assert isinstance(e, n.Binary) and e.op == "-"
    assert isinstance(e.right, n.Binary) and e.right.op == "*"
    assert isinstance(e.right.left, n.Number) and e.right.left.value == Decimal("0.95")


def test_names_may_start_with_digits_when_a_letter_follows() -> None:
    e = _first_const("5S管理 + 5")
    assert isinstance(e, n.Binary)
    assert isinstance(e.left, n.Name) and e.left.id == "5S管理"
    assert isinstance(e.right, n.Number)


def test_long_sums_do_not_nest_in_the_parser() -> None:
    e = _first_const(" + ".join(["1"] * 5000))
    assert isinstance(e, n.Binary)


def test_spans_are_code_points_and_one_based() -> None:
    module = parse('scheme "s" {\n  input 采购单数: count\n}')
    assert module.scheme is not None
    inp = module.scheme.inputs[0]
    assert (inp.name_span.line, inp.name_span.col, inp.name_span.end_col) == (2, 9, 13)


def test_comments_are_kept_reachable_from_the_tree() -> None:
    module = parse('# 头注释\nscheme "s" { # 行尾 "not a string"\n}\n')
    assert [c.text for c in module.comments] == ["头注释", '行尾 "not a string"']
    assert module.comments[0].span.line == 1


def test_hash_inside_a_string_is_not_a_comment() -> None:
    module = parse('scheme "a # b" { }')
    assert module.scheme is not None and module.scheme.title == "a # b"
    assert module.comments == ()


@pytest.mark.parametrize(("bad", "_wanted", "hint"), MISTAKE_HINTS[:2])
def test_mistake_hints(bad: str, _wanted: str, hint: str) -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        parse(f'scheme "s" {{ ladder L {{ >= 1 {bad} 1 }} }}')
    assert hint in exc.value.diagnostics[0].hints


def test_the_sketch_style_zero_clause_gets_a_hint() -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        parse('scheme "s" { input a: count input b: count indicator i { value a / b when b == 0: 0 } }')
    assert any("on zero" in h for h in exc.value.diagnostics[0].hints)


@pytest.mark.parametrize("ch", sorted(FULL_WIDTH))
def test_full_width_characters_are_explained(ch: str) -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        parse(f'scheme "s" {{ input a{ch} count }}')
    d = exc.value.diagnostics[0]
    assert d.hints and "full-width" in d.hints[0] or d.code == "K-S0002"


def test_nesting_limit_is_our_error() -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        _first_const("(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1))
    assert exc.value.diagnostics[0].code == "K-S0005"


def test_keyword_typo_suggests_the_keyword() -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        parse('scheme "s" { indicator i { scroe 1 } }')
    assert "did you mean `score`?" in exc.value.diagnostics[0].hints


def test_duplicate_clause() -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        parse('scheme "s" { indicator i { score 1 score 2 } }')
    assert "two `score` clauses" in exc.value.diagnostics[0].message


def test_unterminated_block() -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        parse('scheme "s" {\n  input a: count\n')
    assert exc.value.diagnostics[0].code == "K-S0003"


def test_a_source_over_the_limit_is_refused() -> None:
    from kpidsl.parser import MAX_SOURCE_CHARS

    with pytest.raises(KpiSyntaxError) as exc:
        parse("#" * (MAX_SOURCE_CHARS + 1), "big.kpi")
    assert exc.value.diagnostics[0].code == "K-S0004"
