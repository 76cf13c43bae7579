"""The Pygments lexer: registered by entry point, in step with the grammar, no error on any shipped file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

pygments = pytest.importorskip("pygments")

from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name  # noqa: E402
from pygments.token import Comment, Error, Keyword, Name, Number, String  # noqa: E402

from kpidsl import highlight  # noqa: E402
from kpidsl.builtins import AGGREGATES, BUILTINS  # noqa: E402
from kpidsl.grammar import get_parser  # noqa: E402
from kpidsl.syntax_messages import FULL_WIDTH  # noqa: E402
from kpidsl.values import INPUT_TYPES  # noqa: E402

SHIPPED = sorted([*ROOT.glob("examples/*/scheme.kpi"), *ROOT.glob("stdlib/**/*.kpi"), *ROOT.glob("tests/fmt/cases/*.formatted")])


def _tokens(text: str) -> list[tuple[object, str]]:
    return list(highlight.KpiLexer().get_tokens(text))


def test_pygments_finds_the_lexer_by_name_and_file_name() -> None:
    assert type(get_lexer_by_name("kpi")) is highlight.KpiLexer
    assert find_lexer_class_for_filename("scheme.kpi") is highlight.KpiLexer


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(ROOT)) for p in SHIPPED])
def test_every_shipped_file_tokenises_without_errors(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    tokens = _tokens(text)
    assert [v for t, v in tokens if t in Error] == []
    assert "".join(v for _, v in tokens) == text if text.endswith("\n") else text + "\n"


def test_the_word_lists_are_the_grammars() -> None:
    literals = {str(t.pattern.value) for t in get_parser().terminals if t.pattern.type == "str"}
    keywords = {w for w in literals if w.isidentifier()}
    listed = [*highlight.DECLARATIONS, *highlight.NAMESPACE, *highlight.OPERATOR_WORDS, *highlight.CONSTANTS, *highlight.KEYWORDS]
    assert sorted(listed) == sorted(keywords)
    assert set(highlight.TYPES) == set(INPUT_TYPES)
    assert set(highlight.FUNCTIONS) == {*BUILTINS, *AGGREGATES, "prev", "last_year"}
    assert set(highlight.FULL_WIDTH) == set(FULL_WIDTH)


def test_what_each_part_of_a_scheme_is_coloured_as() -> None:
    text = 'indicator 完成率 weight 40% { value min(a / b, 1)  score ladder { >= 95% -> 100 } }  # 注释\ninput 工号: text "工号列"\n'
    kinds = {v: t for t, v in _tokens(text) if v.strip()}
    assert kinds["indicator"] in Keyword.Declaration and kinds["完成率"] in Name.Function
    assert kinds["weight"] in Keyword and kinds["40%"] in Number and kinds["min"] in Name.Builtin
    assert kinds["# 注释"] in Comment and kinds["text"] in Keyword.Type and kinds["工号"] in Name.Variable
    assert kinds['"'] in String


def test_full_width_punctuation_is_an_error_outside_strings_only() -> None:
    tokens = _tokens('input 工号：text "全角：可以"\n')
    assert [v for t, v in tokens if t in Error] == ["："]
