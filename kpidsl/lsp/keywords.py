"""The keywords of the language, and those the grammar accepts at a place in a text.

Both come from the parser built from `grammar/kpidsl.lark`: a keyword is a terminal the grammar
spells as a literal word (`"indicator"`, `"full_marks"`), and what may come next is what Lark's
LALR parser accepts after reading the text before the cursor (`recovery.accepted_after`). So a
keyword added to the grammar is offered where it fits without any list here changing.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import KpiSyntaxError
from ..grammar import get_parser
from ..recovery import accepted_after
from ..source import Source


@lru_cache(maxsize=1)
def keyword_terminals() -> dict[str, str]:
    """Terminal name -> the word it spells, for every keyword of the grammar."""
    out = {}
    for term in get_parser().terminals:
        if term.pattern.type == "str":
            word = str(term.pattern.value)
            if word.replace("_", "a").isalpha() and word.isascii():
                out[term.name] = word
    return out


def all_keywords() -> frozenset[str]:
    return frozenset(keyword_terminals().values())


def accepted(text_before: str, path: str = "<editor>") -> set[str]:
    """The terminals that may follow `text_before` (empty when it cannot be read that far)."""
    try:
        return accepted_after(Source(text_before, path))
    except KpiSyntaxError:
        return set()


def keywords_after(terminals: set[str]) -> list[str]:
    """The keywords among accepted terminals, sorted."""
    words = keyword_terminals()
    return sorted({words[t] for t in terminals if t in words})
