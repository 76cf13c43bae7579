"""`kpi fmt` rules one at a time, its refusals, and the command line."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, run_kpi
from hypothesis import given, settings
from hypothesis import strategies as st

import kpidsl
from kpidsl.errors import KpiSyntaxError
from kpidsl.fmt import FormatError, format_text
from kpidsl.fmt.layout import ROW_COLUMNS, TABLE_BLOCKS
from kpidsl.grammar import get_parser
from kpidsl.parser import parse
from kpidsl.printer import format_expr
from kpidsl.source import display_width
from kpidsl.syntax_messages import ascii_digits


def fmt(text: str) -> str:
    return format_text(text, "t.kpi")


def test_parentheses_and_clause_order_are_the_writers() -> None:
    src = 'scheme "s" {\n  indicator x {\n    score (a / b) * 100\n    value a\n  }\n}\n'
    assert fmt(src) == src


def test_expressions_are_spaced_as_the_explain_printer_prints_them() -> None:
    src = 'scheme "s" { const c = -a*(b+1)/f( x , -2 )>=3 and not d or e in[1,2)  }\n'
    out = fmt(src)
    const = parse(out).scheme.definitions[0]  # type: ignore[union-attr]
    assert f"const c = {format_expr(const.expr)} }}" in out  # type: ignore[attr-defined]


@st.composite
def _exprs(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return draw(st.sampled_from(["a", "完成率", "1", "95%", "-2", "b.score", '"文本"', "true"]))
    form = draw(st.sampled_from(["{} + {}", "{} - {}", "{} * {}", "{} / {}", "({})", "-{}", "not {}", "{} >= {}",
                                 "{} and {}", "{} or {}", "min({}, {})", "{} in [0, 1)", "if {} then {} else {}"]))
    return form.format(*(draw(_exprs(depth + 1)) for _ in range(form.count("{}"))))


@settings(max_examples=100, deadline=None)
@given(_exprs())
def test_printer_output_is_already_formatted(expr: str) -> None:
    try:
        module = parse(f'scheme "s" {{ const c = {expr} }}')
    except KpiSyntaxError:
        return  # the generator can write `not a + 1 then ...` shapes the grammar rejects
    printed = format_expr(module.scheme.definitions[0].expr)  # type: ignore[union-attr, attr-defined]
    text = f'scheme "s" {{\n  const c = {printed}\n}}\n'
    assert fmt(text) == text


def test_display_width_agrees_with_wcwidth_on_the_characters_of_schemes() -> None:
    wcwidth = pytest.importorskip("wcwidth")
    ranges = [(0x20, 0x7F), (0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0x3040, 0x30FF), (0xAC00, 0xAC10)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            if unicodedata.category(ch) in ("Cn", "Cc"):
                continue
            assert display_width(ch) == wcwidth.wcwidth(ch), f"U+{cp:04X}"


def test_ladder_arrows_and_band_labels_align_in_display_cells() -> None:
    out = fmt('bands 等级 {\n  优秀 >= 90\n  A [60, 90)\n  待改进 else\n}\n')
    assert out.splitlines()[1:4] == ["  优秀   >= 90", "  A      [60, 90)", "  待改进 else"]


def test_blank_lines_are_kept_once_but_not_after_a_brace() -> None:
    out = fmt('scheme "s" {\n\n\n  input a: count\n\n\n\n  input b: count\n\n}\n')
    assert out == 'scheme "s" {\n  input a: count\n\n  input b: count\n}\n'


def test_an_empty_file_and_a_comment_only_file() -> None:
    assert fmt("") == ""
    assert fmt("\n\n# 只有注释  \n\n\n# 第二条\n") == "# 只有注释\n\n# 第二条\n"


def test_syntax_errors_are_reported_not_formatted() -> None:
    with pytest.raises(KpiSyntaxError) as exc:
        fmt('scheme "s" {\n  input a count\n  input b：count\n  indicater x { }\n}\n')
    assert [d.span.line for d in exc.value.diagnostics if d.span] == [2, 3, 4]


def test_a_too_wide_one_line_block_ending_in_a_suppression_stays_whole_as_docs_fmt_md_says() -> None:
    """docs/fmt.md shows such a line; formatting keeps it, and splits it once the comment is gone."""
    page = (ROOT / "docs" / "fmt.md").read_text(encoding="utf-8")
    rule = page[page.index("**A suppressed line stays whole.**") :]
    line = rule[rule.index("```\n") + 4 : rule.index("\n", rule.index("```\n") + 4)].removeprefix("  ")
    assert line.endswith("  # kpi: ignore K-L0102") and display_width(line) > 120
    src = 'scheme "s" {\n  input 完成率: percent\n' + line + "\n}\n"
    assert fmt(src) == src
    split = fmt(src.replace("  # kpi: ignore K-L0102", ""))
    assert "  indicator 质量 weight 50% {\n    value 完成率\n    score ladder {" in split


def test_a_comment_after_a_block_header_moves_after_the_brace_of_the_next_line() -> None:
    src = ('scheme "s"  # 方案\n{\n  input a: count\n  indicator 甲项 weight 50%  # 3\n  {\n    score a\n  }\n'
           '  indicator 乙项 weight 50%  # 一行的块\n  { score a }\n}\n')
    out = fmt(src)
    assert out == ('scheme "s" {  # 方案\n  input a: count\n  indicator 甲项 weight 50% {  # 3\n    score a\n  }\n'
                   '  indicator 乙项 weight 50% {  # 一行的块\n    score a\n  }\n}\n')
    assert fmt(out) == out
    # a suppression keeps its line as it is; a second comment after the `{` keeps the `{` below
    for kept in ("indicator 甲项 weight 50%  # kpi: ignore K-L0301\n      {\n", "indicator 甲项 weight 50%  # 3\n      {  # 4\n"):
        text = 'scheme "s" {\n  input a: count\n  ' + kept + '    score a\n  }\n}\n'
        assert fmt(text) == text


def _digits_in_ascii(x: object) -> object:
    if isinstance(x, str):
        return ascii_digits(x)
    if isinstance(x, dict):
        return {k: _digits_in_ascii(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_digits_in_ascii(v) for v in x]
    return x


def test_full_width_digits_of_numbers_are_written_in_ascii_and_the_results_stay() -> None:
    wide = ('scheme "全角" {\n  round 1\n  input 工号: text\n  input 完成率: percent in [0%, 100%]\n'
            '  input 得分１: number = ０  # 名称里的“１”不变，字符串 "１００" 也不变\n'
            '  indicator 完成 weight １００% {\n    value 完成率\n'
            '    score ladder { >= ９０% -> １００  [８０%, ９０%) -> 8０  else -> ０.５ }\n  }\n'
            '  deduct "扣分" 得分１ * ０.５ cap １０\n'
            '  grade { 优 >= ９０  "１００分以下" else }\n}\n')
    out = fmt(wide)
    assert "weight 100% {" in out and "score ladder { >= 90% -> 100  [80%, 90%) -> 80  else -> 0.5 }" in out
    assert 'deduct "扣分" 得分１ * 0.5 cap 10' in out
    assert "input 得分１: number = 0  # 名称里的“１”不变，字符串 \"１００\" 也不变" in out
    assert 'grade { 优 >= 90  "１００分以下" else }' in out
    assert fmt(out) == out
    records = [{"工号": f"E{i}", "完成率": r, "得分１": "1"} for i, r in enumerate(["95%", "85%", "10%", "90%", "80%"])]
    before = kpidsl.loads(wide, path="t.kpi").evaluate(records)
    after = kpidsl.loads(out, path="t.kpi").evaluate(records)
    # the same numbers, grades and everything else; a tier is shown as now written (`>= 90%`)
    assert _digits_in_ascii(after.model().model_dump()) == _digits_in_ascii(before.model().model_dump())
    assert after.model().model_dump() != before.model().model_dump()
    assert after.column("完成") == before.column("完成") and after.column("grade") == before.column("grade")
    assert after.column("total") == [Decimal("99.5"), Decimal("79.5"), Decimal("0"), Decimal("99.5"), Decimal("79.5")]


def test_a_suppression_comment_keeps_its_line_or_formatting_refuses() -> None:
    kept = 'scheme "s" {\n  input a: count  # kpi: ignore K-L0301\n}\n'
    assert fmt(kept) == kept
    with pytest.raises(FormatError) as exc:
        fmt('scheme "s" {\n  input a: count input b: count  # kpi: ignore K-L0301\n}\n')
    assert exc.value.diagnostics[0].code == "K-F0101"


def test_every_block_rule_of_the_grammar_is_classified() -> None:
    """A new `{ ... }` rule in the grammar must be declared a table or a clause block here."""
    every = get_parser().rules
    rules = {str(r.alias or r.origin.name): r for r in every}
    with_braces = {str(r.alias or r.origin.name) for r in every if any(getattr(s, "name", "") == "LBRACE" for s in r.expansion)}
    clause_blocks = {"scheme", "template_def", "indicator", "group", "test_case", "field_def", "data_block",
                     "overrides_block", "rollup_opts"}
    assert with_braces == set(TABLE_BLOCKS) | clause_blocks
    assert set(ROW_COLUMNS) <= set(rules)


# ---------------------------------------------------------------------------------- the command

MESSY = 'scheme "s" {\ninput a:count\n}\n'
TIDY = 'scheme "s" {\n  input a: count\n}\n'


def test_fmt_rewrites_in_place_and_check_then_passes(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    path.write_text(MESSY, encoding="utf-8")
    assert run_kpi("fmt", "--check", str(path)).code == 1
    assert path.read_text(encoding="utf-8") == MESSY
    result = run_kpi("fmt", str(tmp_path))
    assert result.code == 0 and "1 file reformatted" in result.err
    assert path.read_text(encoding="utf-8") == TIDY
    assert run_kpi("fmt", "--check", str(path)).code == 0


def test_fmt_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    path.write_text(MESSY, encoding="utf-8")
    result = run_kpi("fmt", "--diff", str(path))
    assert result.code == 1
    assert "-input a:count\n+  input a: count\n" in result.out
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_leaves_a_file_with_errors_untouched_and_goes_on(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.kpi", tmp_path / "good.kpi"
    bad.write_text('scheme "s" {\ninput a count\n}\n', encoding="utf-8")
    good.write_text(MESSY, encoding="utf-8")
    result = run_kpi("fmt", str(bad), str(good))
    assert result.code == 1
    assert "error[K-S0002]" in result.err and "bad.kpi:2:9" in result.err
    assert bad.read_text(encoding="utf-8") == 'scheme "s" {\ninput a count\n}\n'
    assert good.read_text(encoding="utf-8") == TIDY


def test_fmt_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.kpi"
    path.write_bytes('scheme "考核" { }\n'.encode("gb18030"))
    result = run_kpi("fmt", str(path))
    assert result.code == 1 and "K-F0102" in result.err


def test_fmt_write_cannot_be_combined_with_check() -> None:
    assert run_kpi("fmt", "--write", "--check", "x.kpi").code == 2


def test_fmt_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MESSY.encode("utf-8"))))
    result = run_kpi("fmt", "-")
    assert result.code == 0 and result.out == TIDY and result.err == ""



def test_shipped_files_are_formatted() -> None:
    """`kpi fmt examples stdlib` formats them; .ci/run checks the same."""
    result = run_kpi("fmt", "--check", "examples", "stdlib", cwd=ROOT)
    assert result.code == 0, result.err
