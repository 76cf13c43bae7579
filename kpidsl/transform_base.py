"""What every part of the transformer shares: source spans of tree nodes and tokens, labels,
and the small records clauses are collected in before they are folded into their node."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta as LarkMeta

from . import nodes as n
from .errors import KpiSyntaxError
from .messages import syntax as msg
from .prebuilt import dataclass
from .source import Span


@dataclass(frozen=True, slots=True)
class _Clause:
    """An indicator/group/adjustment/rater clause before it is folded into its node."""

    key: str
    value: Any
    span: Span


@dataclass(frozen=True, slots=True)
class _Ties:
    keys: tuple[n.SortKey, ...]


@dataclass(frozen=True, slots=True)
class _Signed:
    value: Decimal
    text: str
    span: Span


def _unquote(token: str) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = []
    i = 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _ident(token: Token) -> str:
    # NFC so that the same Chinese name typed on two machines compares equal.
    return unicodedata.normalize("NFC", str(token))


def _same(item: Any) -> Any:
    return item


def _clause_method(key: str, read: Callable[[Any], Any]) -> Callable[..., _Clause]:
    """A transformer method for a one-argument clause (`code "..."`, `value <expr>`, ...)."""

    def method(self: NodeBuilder, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause(key, read(items[0]), self._span(meta))

    return method


@v_args(meta=True)
class NodeBuilder(Transformer[Token, n.Module]):
    """The span and label helpers of `ToNodes` (transform.py), shared by its parts."""

    def __init__(self, path: str) -> None:
        super().__init__(visit_tokens=False)
        self.file_path = path

    # ------------------------------------------------------------------ spans
    def _span(self, meta: LarkMeta) -> Span:
        if meta.empty:
            return Span(self.file_path, 0, 0, 0, 0)
        return Span(self.file_path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tok(self, tok: Token) -> Span:
        return Span(
            self.file_path,
            tok.line or 0,
            tok.column or 0,
            tok.end_line or tok.line or 0,
            tok.end_column or tok.column or 0,
        )

    def _label(self, item: Any) -> tuple[str, Span]:
        tok: Token = item
        text = _unquote(tok) if tok.type == "STRING" else _ident(tok)
        return text, self._tok(tok)

    def _fail(self, message: str, span: Span, hint: str | None = None) -> KpiSyntaxError:
        return KpiSyntaxError.single("K-S0002", message, span, [hint] if hint else [])

    def _count(self, tok: Token, clause: str) -> int:
        """A whole number that counts something (people, periods, positions, raters trimmed):
        unlike decimal places it has no upper limit, and `2.5` is an error, never read as 0."""
        text = str(tok)
        if not text.isdigit():
            raise self._fail(msg.bad_count(clause=clause, text=text), self._tok(tok))
        return int(text)

    def _places(self, tok: Token) -> int:
        text = str(tok)
        if not text.isdigit() or int(text) > 12:
            raise self._fail(
                msg.bad_places(text=text),
                self._tok(tok),
            )
        return int(text)
