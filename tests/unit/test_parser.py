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
    e = _first_const(" + ".join(["1"] * 150))
    assert isinstance(e, n.Binary)
    # Every later pass follows the folded tree recursively: a chain beyond the documented depth is
    # a located K-S0005 (issue 9), found without recursion, never a RecursionError.
    with pytest.raises(KpiSyntaxError) as exc:
        _first_const(" + ".join(["1"] * 5000))
    d = exc.value.diagnostics[0]
    assert d.code == "K-S0005" and d.span is not None and (d.span.line, d.span.col) == (1, 24)


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
    assert (d.hints and "full-width" in d.hints[0]) or d.code == "K-S0002"


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


@pytest.mark.parametrize("label", ['"旷工"', "旷工"])
def test_a_deduction_may_start_with_round(label: str) -> None:
    """A label followed by `round(` is the function, not the scheme's `round N` (issue 11)."""
    module = parse(f'scheme "s" {{ input a: number  indicator x {{ score a }}  deduct {label} round(a, 1) cap 5 }}')
    assert module.scheme is not None
    adj = module.scheme.adjustments[0]
    assert adj.label == "旷工" and isinstance(adj.amount, n.Call) and adj.amount.func == "round"
    assert adj.cap is not None


@pytest.mark.parametrize(("text", "where"), [
    ('veto "v" when a > 1 -> nobonus', "nobonus"),
    ("indicator y { valuex + 1 }", "valuex"),
    ("indicator y { score a  onzero -> 0 }", "onzero"),
])
def test_a_keyword_is_a_whole_word(text: str, where: str) -> None:
    """The lexer once read `nobonus` as `no bonus` and `valuex` as `value x`."""
    with pytest.raises(KpiSyntaxError) as exc:
        parse(f'scheme "s" {{\n  input a: number\n  indicator x {{ score a }}\n  {text}\n}}')
    d = exc.value.diagnostics[0]
    assert d.span is not None and d.span.line == 4 and where in d.message


def test_a_keyword_where_it_does_not_belong_is_still_reported_as_that_keyword() -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        parse('scheme "s" {\n  input a: count\n  indicator x { score a }\n  value a\n}')
    assert "unexpected 'value'" in exc.value.diagnostics[0].message


def test_literals_empty_and_date() -> None:
    assert isinstance(_first_const("empty"), n.Empty)
    d = _first_const('date "2024-07-01"')
    assert isinstance(d, n.DateLiteral) and d.value.isoformat() == "2024-07-01"
    with pytest.raises(KpiSyntaxError, match="not a calendar date"):
        _first_const('date "2024-02-30"')


def test_aggregates_read_their_scope_inside_the_brackets() -> None:
    e = _first_const('mean(a within 部门, 职级 per 组 where b == "x") + count(over all) + sum(a, b)')
    assert isinstance(e, n.Binary) and isinstance(e.left, n.Binary)
    agg, count, call = e.left.left, e.left.right, e.right
    assert isinstance(agg, n.Aggregate) and agg.within is not None and agg.within.columns == ("部门", "职级")
    assert agg.per is not None and agg.per.columns == ("组",) and isinstance(agg.where, n.Compare)
    assert isinstance(count, n.Aggregate) and count.arg is None and count.within is None
    assert isinstance(call, n.Call) and len(call.args) == 2
