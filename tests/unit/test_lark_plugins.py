"""The one-scanner lexer reads every text exactly as Lark's contextual lexer did (grammar.py).

`KeywordLexer` replaced the contextual lexer (with NAME accepted in every state) to save the
per-state regular expressions at start-up. The claim that makes the swap safe: a text parses with
one exactly when it parses with the other, to the same tree; a text that does not parse fails on
the same line. The first error's column may differ by one token: where a state cannot take `->`,
the contextual lexer split it into `-` and `>` and failed at the `>`, while one scanner reads `->`
and fails at it (which names the user's mistake better). The reference here is the contextual
lexer built from the same grammar, in strict mode (which also checks, with interegular, that no
two terminals can match the same text).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from kpidsl.grammar import GRAMMAR_FILE, PARSER_OPTIONS, get_parser
from kpidsl.resources import grammar_dir

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p for folder in ("examples", "stdlib", "tests", "docs") for p in (ROOT / folder).rglob("*.kpi")
)


class _NameEverywhere:
    """The post-lexer the contextual parser was built with: NAME tried in every lexer state."""

    always_accept = ("NAME",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        return stream


@lru_cache(maxsize=1)
def _contextual() -> Lark:
    text = (grammar_dir() / GRAMMAR_FILE).read_text(encoding="utf-8")
    options = {**PARSER_OPTIONS, "strict": True}
    return Lark(text, lexer="contextual", postlex=_NameEverywhere(), **options)


def _outcome(parser: Lark, text: str) -> Any:
    """The tree, or where and how the parse failed."""
    try:
        return parser.parse(text)
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        return (type(exc).__name__, exc.line, exc.column, token and (token.type, str(token)))


def _same_reading(text: str) -> None:
    """The same tree, or a failure on the same line (see the module docstring for the column)."""
    ours, theirs = _outcome(get_parser(), text), _outcome(_contextual(), text)
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        assert ours[1] == theirs[1], (ours, theirs)
        if ours[2] != theirs[2]:  # only the split of a compound symbol the state cannot take
            assert ours[3] is not None and len(ours[3][1]) > 1 and not ours[3][1].isalnum(), (ours, theirs)
            assert theirs[2] == ours[2] + 1, (ours, theirs)
    else:
        assert ours == theirs


def test_the_grammar_has_no_colliding_terminals_in_strict_mode() -> None:
    """The runtime parser is built without strict mode (no interegular import at start-up)."""
    assert _contextual().terminals


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert _outcome(get_parser(), text) == _outcome(_contextual(), text)


def test_a_compound_symbol_where_it_cannot_stand_fails_on_itself() -> None:
    """`->` after `=`: one scanner reports the `->`, the contextual lexer reported its `>`."""
    text = 'scheme "s" {\n  input a: number\n  indicator x { score a }\n  total = -> 1\n}\n'
    ours, theirs = _outcome(get_parser(), text), _outcome(_contextual(), text)
    assert ours[1] == theirs[1] == 4 and ours[3][1] == "->" and theirs[3][1] == ">"
    _same_reading(text)


_WORDS = [
    "score", "value", "date", "period", "total", "round", "exclude", "weight", "indicator", "input",
    "ladder", "veto", "bonus", "nobonus", "->", ">=", "-", ">", "[", ")", "95%", "3月", "5S管理",
    "当月", '"x"', "#c", "\n", "{", "}", ":", ",", "true", "empty", "within", "over", "year",
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(FILES[:40]),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(_WORDS), st.booleans()), max_size=4),
)
def test_edited_files_read_the_same(path: Path, edits: list[tuple[float, str, bool]]) -> None:
    """Keywords, glued words and punctuation inserted into (or replacing words of) real files."""
    text = path.read_text(encoding="utf-8", errors="replace")
    for where, word, replace in edits:
        at = int(where * len(text))
        end = at
        if replace:
            while end < len(text) and not text[end].isspace():
                end += 1
        text = f"{text[:at]} {word} {text[end:]}" if at % 2 else f"{text[:at]}{word}{text[end:]}"
    _same_reading(text)


def test_the_tables_read_from_the_cache_are_the_tables_lark_builds(tmp_path: Path) -> None:
    """`CachedTables` reads Lark's cache into the same parse table Lark's own reader builds."""
    from kpidsl.grammar import build_parser

    text = (grammar_dir() / GRAMMAR_FILE).read_text(encoding="utf-8")
    cache = tmp_path / "parser.lark-cache"
    built = build_parser(text, cache)  # writes the cache
    loaded = build_parser(text, cache)  # reads it, through CachedTables
    assert type(loaded.parser.parser).__name__ == "CachedTables"
    ours = loaded.parser.parser._parse_table
    lark_own = Lark(text, cache=str(cache), lexer=type(loaded.parser.lexer), **PARSER_OPTIONS).parser.parser._parse_table
    assert ours.states == lark_own.states == built.parser.parser._parse_table.states
    assert (ours.start_states, ours.end_states) == (lark_own.start_states, lark_own.end_states)


def test_keywords_are_told_by_a_dictionary_as_lark_s_callback_tells_them() -> None:
    """`KeywordTypes` stands in for Lark's `UnlessCallback` on NAME: the same type for every
    keyword, and NAME for every other word (a keyword's prefix, extension or other case)."""
    from lark.lexer import BasicLexer, UnlessCallback

    from kpidsl.lark_plugins import KeywordTypes

    parser = get_parser()
    ours = parser.parser.lexer.basic.callback["NAME"]
    lark_own = BasicLexer(parser.lexer_conf)
    lark_own.scanner  # noqa: B018  # builds Lark's callbacks
    reference = lark_own.callback["NAME"]
    assert isinstance(ours, KeywordTypes) and isinstance(reference, UnlessCallback)
    words = [*ours.types, *(w + "x" for w in ours.types), *(w[:-1] for w in ours.types), *(w.upper() for w in ours.types),
             "工号", "score_1", "x"]
    assert len(ours.types) > 50
    for word in words:
        assert ours(Token("NAME", word)).type == reference(Token("NAME", word)).type, word
