"""Syntax-error recovery: every error of a file in one run, one message per mistake, no cascades."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidsl.errors import KpiSyntaxError
from kpidsl.parser import parse
from kpidsl.recovery import MAX_SYNTAX_ERRORS, read
from kpidsl.source import Source


def _errors(text: str) -> list[tuple[str, int, int]]:
    with pytest.raises(KpiSyntaxError) as exc:
        parse(text, "t.kpi")
    return [(d.code, d.span.line, d.span.col) for d in exc.value.diagnostics if d.span is not None]


def test_every_mistake_on_its_own_line_is_reported_once() -> None:
    text = (
        'scheme "s" {\n'  # 1
        "  input a：count\n"  # 2: full-width colon
        "  input b: count\n"  # 3
        "  indicator x weight 50% {\n"  # 4
        "    value a / / b\n"  # 5: a missing operand
        "    score ladder {\n"  # 6
        "      >= 95% : 100\n"  # 7: ':' for '->'
        "      [90%, 95%) 80\n"  # 8: missing '->'
        "      else -> 0\n"  # 9
        "    }\n"  # 10
        "  }\n"  # 11
        "  indicater y weight 50% { score 1 }\n"  # 12: keyword typo, block skipped whole
        "  grade { A >= 90  B else }\n"  # 13
        "}\n"
    )
    assert _errors(text) == [("K-S0001", 2, 10), ("K-S0002", 5, 15), ("K-S0002", 7, 14), ("K-S0002", 8, 18), ("K-S0002", 12, 3)]


def test_a_missing_closing_brace_is_inserted_and_reading_goes_on() -> None:
    text = 'scheme "s" {\n  input a: count\n  indicator x { value a\n  deduct "d" a * 2\n  veto "v" when a >= -> no bonus\n}\n'
    errors = _errors(text)
    assert [line for _, line, _ in errors] == [4, 5]


def test_a_closing_brace_ends_the_block_it_belongs_to() -> None:
    text = 'scheme "s" {\n  indicator x { score if 1 > 0 then 1 else }\n  indicator y { score 1 + }\n}\n'
    assert [line for _, line, _ in _errors(text)] == [2, 3]


def test_an_unterminated_string_is_read_to_the_end_of_its_line() -> None:
    text = 'scheme "s {\n  input a: count\n  input b: number in [0, 1\n}\n'
    assert [(code, line) for code, line, _ in _errors(text)] == [("K-S0001", 1), ("K-S0002", 4)]


def test_full_width_characters_are_each_reported_and_read_as_ascii() -> None:
    parsed = read(Source('scheme "s" { input a：count； input b：count indicator i { value a／b score 95％ } }'))
    assert parsed.repaired_only
    assert [r.text for r in parsed.repairs] == [":", ";", ":", "/", "%"]
    assert len(parsed.diagnostics) == 5
    assert [str(t) for t in parsed.tokens if t.type == "NUMBER"] == ["95%"]


def test_full_width_quotes_and_two_character_operators_are_repaired() -> None:
    parsed = read(Source('scheme “考核” { input a: count indicator i { score if a ＞＝ 1 then 1 else 0 } }'))
    assert parsed.repaired_only
    assert [r.text for r in parsed.repairs] == ['"考核"', ">="]


def test_a_full_width_character_that_does_not_fit_is_a_plain_error() -> None:
    parsed = read(Source('scheme "s" { input a: count， }'))
    assert not parsed.repaired_only and parsed.tree is None


def test_reading_stops_at_the_error_limit() -> None:
    text = 'scheme "s" {\n' + "".join(f"  input a{i}: count ,\n  const c{i} = 1\n" for i in range(MAX_SYNTAX_ERRORS + 5)) + "}\n"
    with pytest.raises(KpiSyntaxError) as exc:
        parse(text)
    diags = exc.value.diagnostics
    assert len(diags) == MAX_SYNTAX_ERRORS
    assert "stops reading" in diags[-1].notes[-1]


def test_a_clean_file_reads_the_same_tokens_as_lark() -> None:
    from kpidsl.grammar import get_parser

    text = 'scheme "s" { input a: count indicator i { value -a * (1 + 2) score ladder { >= 1 -> 1  else -> 0 } } }'
    parsed = read(Source(text))
    assert parsed.diagnostics == [] and parsed.tree == get_parser().parse(text)
    assert [str(t) for t in parsed.tokens][:6] == ["scheme", '"s"', "{", "input", "a", ":"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.sampled_from(list('scheme"{}[]()->=:,.% \n#ab1；：，（）“”＞＝ifthenelse')), max_size=120))
def test_every_error_points_into_the_text(text: str) -> None:
    parsed = read(Source(text, "f.kpi"))
    lines = text.count("\n") + 1
    for d in parsed.diagnostics:
        assert d.span is not None and 1 <= d.span.line <= lines
    assert len(parsed.diagnostics) <= MAX_SYNTAX_ERRORS


DANGLING = (
    'scheme "s" {\n'
    + "".join(f"  input 输入{i}: number\n" for i in range(1, 12))  # lines 2-12
    + "  input 销售额: money\n"  # 13
    + "  indicator 销售 weight 100% {\n"  # 14
    + "    value 销售额 *\n"  # 15: the formula ends with an operator
    + "    score 80\n"  # 16: `score` is read as the missing operand, `80` is rejected
    + "  }\n}\n"
)


def test_an_operator_ending_a_line_is_the_mistake_reported() -> None:
    from kpidsl.i18n import language

    with pytest.raises(KpiSyntaxError) as exc:
        parse(DANGLING, "t.kpi")
    (d,) = exc.value.diagnostics
    assert d.span is not None and (d.code, d.span.line, d.span.col, d.span.end_col) == ("K-S0002", 15, 15, 16)
    assert d.message == "the formula ends with '*' on line 15"
    assert d.notes == ("line 16 starts a new statement ('score'), so '80' was unexpected there",)
    assert d.hints == ("write what '*' applies to after it on line 15, or remove the '*'",)
    with language("zh"), pytest.raises(KpiSyntaxError) as exc:
        parse(DANGLING, "t.kpi")
    (d,) = exc.value.diagnostics
    assert d.message == "公式在第 15 行以“*”结尾" and "删去这个“*”" in d.hints[0] and "第 16 行" in d.notes[0]
    # the operator before a closing brace, and a comment after it
    text = DANGLING.replace("    value 销售额 *\n    score 80\n", "    score 销售额 -  # 扣减\n")
    (d,) = read(Source(text, "t.kpi")).diagnostics
    assert d.span is not None and (d.span.line, d.message) == (15, "the formula ends with '-' on line 15")
    assert d.notes == ("'}' on line 16 cannot follow it",)


def test_an_operator_ending_a_line_before_its_operand_is_no_mistake() -> None:
    text = DANGLING.replace("    score 80\n", "      输入1\n    score 80\n")
    assert parse(text, "t.kpi").scheme is not None
    # a wrong word on the continuation line is reported where it is
    wrong = DANGLING.replace("    score 80\n", "      输入1 输入2\n")
    assert _errors(wrong) == [("K-S0002", 16, 11)]
