"""Build the Lark LALR parser once per process, from `grammar/kpidsl.lark`.

The parser object is immutable after construction and holds no per-parse state (comments are
collected by `parser.py` from the text, not through lexer callbacks), so one cached instance is
safe to share between threads and between schemes.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Lark

from .resources import grammar_dir

#: The grammar file inside `grammar_dir()`.
GRAMMAR_FILE = "kpidsl.lark"


@lru_cache(maxsize=1)
def get_parser() -> Lark:
    """The shared LALR parser (built on first use, strict: a grammar conflict is a build error)."""
    text = (grammar_dir() / GRAMMAR_FILE).read_text(encoding="utf-8")
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=True,
        cache=False,
    )
