"""What kpidsl plugs into Lark (grammar.py): its lexer, and a quicker reader of the cached tables.

Both exist for start-up time (docs/architecture.md, "Start-up"); neither changes what is parsed.
Imported only when a parser is built or loaded, so that commands which never parse need no Lark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lark import Token
from lark.common import LexerConf
from lark.lexer import BasicLexer, Lexer, LexerState, PatternStr, UnlessCallback
from lark.parsers.lalr_analysis import IntParseTable, Reduce, Shift
from lark.parsers.lalr_parser import LALR_Parser, _Parser


class KeywordLexer(Lexer):
    """One scanner over every terminal, with the contextual rule for keywords (a Lark custom lexer).

    Why not Lark's contextual lexer: it compiles one regular expression per parser state (about 50
    on a small file, most of `kpi fmt`'s and `kpi lint`'s start-up time), only to keep a keyword
    such as `score` or `value` usable as a name where the parser cannot take the keyword. That rule
    needs no per-state scanner: one scanner reads the longest word (Lark turns a NAME whose text is
    a keyword into that keyword), and a keyword the parser cannot take in its current state is read
    as a NAME. The parser's state is live while tokens are read, as the contextual lexer relies on.

    Every other terminal is decided by its text alone in this grammar (a NUMBER never holds a
    letter; a NAME never starts a punctuation token), so any text that parses gives the tree the
    contextual lexer (with NAME always accepted) gave, and a text that does not fails on the same
    line; only where a state cannot take a compound symbol such as `->` did the contextual lexer
    split it (`-`, `>`) and fail one character later. tests/unit/test_lark_plugins.py compares the
    two over every shipped file and edited texts. A glued word (`nobonus`) stays one NAME, never a
    keyword prefix.
    """

    __future_interface__ = 2

    def __init__(self, conf: LexerConf) -> None:
        self.basic = BasicLexer(conf)
        name = next(term for term in conf.terminals if term.name == "NAME")
        word = re.compile(name.pattern.to_regexp())
        self.keywords = frozenset(
            term.name for term in conf.terminals if isinstance(term.pattern, PatternStr) and word.fullmatch(term.pattern.value)
        )
        # Lark builds the scanner on the first token; built here, it is part of the parser that
        # readyparser.py pickles, so a run reading that file skips Lark's analysis of which
        # keyword each word pattern can match (~2.5 ms: every string terminal against every pattern).
        self.basic.scanner  # noqa: B018  # a property that builds and keeps the scanner
        for type_, callback in self.basic.callback.items():
            if isinstance(callback, UnlessCallback):
                self.basic.callback[type_] = KeywordTypes.of(callback, conf.g_regex_flags)

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        keywords = self.keywords
        table = parser_state.parse_conf.states
        for tok in self.basic.lex(lexer_state, parser_state):
            if tok.type in keywords and tok.type not in table[parser_state.position]:
                tok = Token.new_borrow_pos("NAME", tok.value, tok)
            yield tok


class KeywordTypes:
    """Lark's `UnlessCallback` (a NAME whose whole text is a keyword becomes that keyword) as one
    dictionary lookup instead of a regular expression of every keyword (about 2,000 characters).

    Lark matches the word against an alternation of the keywords' texts; for keywords that are
    plain strings (no flags, and no flags on the grammar) a match of the whole text is the same
    as the text being one of them. The regular expression cost ~1.5 ms to compile each time the
    parser is read back from the cache, and a `fullmatch` per word read; `of` keeps Lark's
    callback for any keyword that is not a plain string.
    """

    __slots__ = ("types",)

    def __init__(self, types: dict[str, str]) -> None:
        self.types = types

    @classmethod
    def of(cls, unless: UnlessCallback, flags: int) -> KeywordTypes | UnlessCallback:
        terms = unless.scanner.terminals
        if flags or not all(isinstance(t.pattern, PatternStr) and not t.pattern.flags for t in terms):
            return unless
        types = {t.pattern.value: t.name for t in terms}
        if len(types) != len(terms):
            return unless  # two keywords of one text: Lark's alternation takes the first, a dictionary the last
        return cls(types)

    def __call__(self, t: Token) -> Token:
        found = self.types.get(t.value)
        if found is not None:
            t.type = found
        return t


class CachedTables(LALR_Parser):
    """Lark's LALR parser, read from the cache with each table entry's rule looked up directly.

    Lark rebuilds the parse table from its cache through its generic `Serialize.deserialize`,
    several Python calls for each of the ~15,000 reduce entries (a tenth of `kpi fmt`'s start).
    The entries name their rule by its memo id (`{'@': n}`), so a dictionary lookup gives the same
    `Rule` object. Plugged in with Lark's own `_plugins={'LALR_Parser': ...}` hook, which Lark
    consults only when it loads a cached parser; a new parser is built by Lark's own class.
    """

    @classmethod
    def deserialize(  # type: ignore[override]  # Lark's LALR_Parser.deserialize takes these too
        cls, data: dict[str, Any], memo: dict[int, Any], callbacks: Any, debug: bool = False
    ) -> CachedTables:
        tokens = data["tokens"]
        states = {
            state: {
                tokens[token]: ((Reduce, memo[arg["@"]]) if action == 1 else (Shift, arg))
                for token, (action, arg) in actions.items()
            }
            for state, actions in data["states"].items()
        }
        inst = cls.__new__(cls)
        # Lark annotates the attribute as ParseTable and stores an IntParseTable, as here.
        inst._parse_table = IntParseTable(states, data["start_states"], data["end_states"])  # type: ignore[assignment]
        inst.parser = _Parser(inst._parse_table, callbacks, debug)
        return inst
