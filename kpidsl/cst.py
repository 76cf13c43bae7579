"""The concrete syntax of one file: every token, every comment, and the rules that group them.

The typed nodes (`nodes.py`) keep what a scheme *means* and drop how it is written: keywords,
brackets a reader added for clarity, the order of an indicator's clauses, `given a = 1, b = 2`
against two `given` lines. A formatter must keep all of that, so it works on this tree instead:
the grammar's rules (their names and aliases, as in `grammar/kpidsl.lark`) over the exact tokens
the parser read. Only `kpi fmt` and tools like it use this; the checks and the evaluator read nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lark import Token as LarkToken
from lark import Tree as LarkTree

from .prebuilt import dataclass
from .recovery import Parsed, comment_spans
from .syntax_messages import ascii_digits

if TYPE_CHECKING:
    from .source import Source


@dataclass(frozen=True, slots=True)
class Token:
    """One token as the parser read it (a repaired full-width character carries its ASCII text, and
    a number its digits in ASCII: `１００%` is `100%`)."""

    kind: str  # the terminal: NAME, NUMBER, STRING, CMP_OP, LBRACE, SCORE, ... (keywords in capitals)
    text: str
    start: int  # offsets into the source text
    end: int
    context: str  # the rule the token belongs to directly, e.g. `neg` for a unary minus


@dataclass(frozen=True, slots=True)
class Tree:
    """One grammar rule over its tokens and sub-rules, in source order."""

    kind: str  # the rule or alias name: scheme, indicator, tier, interval_co, arith_chain, ...
    children: tuple[Tree | Token, ...]
    start: int
    end: int

    def tokens(self) -> list[Token]:
        """Every token under this rule, in order."""
        out: list[Token] = []
        stack: list[Tree | Token] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, Token):
                out.append(item)
            else:
                stack.extend(reversed(item.children))
        return out


@dataclass(frozen=True, slots=True)
class Comment:
    """A `#` comment: its offsets and its text (from the `#`, trailing blanks removed)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Concrete:
    """One file's concrete syntax."""

    source: Source
    root: Tree
    tokens: tuple[Token, ...]
    comments: tuple[Comment, ...]


def build(parsed: Parsed) -> Concrete:
    """The concrete syntax of a reading whose tree is complete (`parsed.tree` is not None).

    Lark's tree holds the named tokens; the anonymous ones (keywords, brackets, arrows) are put
    back from the token stream by position, into the innermost rule whose extent covers them.
    """
    assert parsed.tree is not None
    lark_tokens = parsed.tokens
    builder = _Builder(lark_tokens)
    root = builder.tree(parsed.tree)
    text = parsed.source.text
    comments = tuple(Comment(s, e, text[s:e].rstrip()) for s, e in comment_spans(text, lark_tokens))
    return Concrete(parsed.source, root, tuple(builder.out), comments)


class _Builder:
    def __init__(self, tokens: list[LarkToken]) -> None:
        self.tokens = tokens
        self.k = 0  # the next token of the stream to place
        self.out: list[Token] = []

    def _token(self, kind: str) -> Token:
        tok = self.tokens[self.k]
        self.k += 1
        text = ascii_digits(str(tok)) if tok.type == "NUMBER" else str(tok)
        made = Token(tok.type, text, tok.start_pos or 0, tok.end_pos or 0, kind)
        self.out.append(made)
        return made

    def tree(self, lark: LarkTree[LarkToken]) -> Tree:
        kind = str(lark.data)
        children: list[Tree | Token] = []
        for child in lark.children:
            if child is None:  # an optional part that is absent
                continue
            if isinstance(child, LarkToken):
                start = child.start_pos or 0
            elif child.meta.empty:
                continue
            else:
                start = child.meta.start_pos
            while self.k < len(self.tokens) and (self.tokens[self.k].start_pos or 0) < start:
                children.append(self._token(kind))
            if isinstance(child, LarkToken):
                children.append(self._token(kind))
            else:
                children.append(self.tree(child))
        end = lark.meta.end_pos if not lark.meta.empty else 0
        while self.k < len(self.tokens) and ((self.tokens[self.k].end_pos or 0) <= end or kind == "start"):
            children.append(self._token(kind))
        first, last = children[0] if children else None, children[-1] if children else None
        return Tree(kind, tuple(children), first.start if first else 0, last.end if last else 0)
