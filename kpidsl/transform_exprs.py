"""The transformer's rules for expressions: operators, literals (`empty`, `date "..."`), names,
calls and aggregates (`ToNodes` in transform.py inherits them, through `RuleNodes`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lark import Token, v_args
from lark.tree import Meta as LarkMeta

from . import nodes as n
from .messages import syntax as msg
from .numbers import parse_literal
from .source import Span
from .transform_base import NodeBuilder, _ident, _unquote


@v_args(meta=True)
class ExprNodes(NodeBuilder):
    """Builds the nodes of expressions."""

    # ------------------------------------------------------------------ expressions
    def if_expr(self, meta: LarkMeta, items: list[Any]) -> n.IfExpr:
        return n.IfExpr(self._span(meta), items[0], items[1], items[2])

    def or_chain(self, meta: LarkMeta, items: list[Any]) -> n.Logical:
        return n.Logical(self._span(meta), "or", tuple(items))

    def and_chain(self, meta: LarkMeta, items: list[Any]) -> n.Logical:
        return n.Logical(self._span(meta), "and", tuple(items))

    def not_expr(self, meta: LarkMeta, items: list[Any]) -> n.Not:
        return n.Not(self._span(meta), items[0])

    def compare(self, meta: LarkMeta, items: list[Any]) -> n.Compare:
        return n.Compare(self._span(meta), str(items[1]), items[0], items[2])

    def membership(self, meta: LarkMeta, items: list[Any]) -> n.Membership:
        return n.Membership(self._span(meta), items[0], items[1])

    def arith_chain(self, meta: LarkMeta, items: list[Any]) -> n.Expr:
        # Left-associative fold; the grammar keeps chains flat so long sums do not nest deeply.
        left: n.Expr = items[0]
        for i in range(1, len(items), 2):
            right: n.Expr = items[i + 1]
            span = Span(self.file_path, left.span.line, left.span.col, right.span.end_line, right.span.end_col)
            left = n.Binary(span, str(items[i]), left, right)
        return left

    def neg(self, meta: LarkMeta, items: list[Any]) -> n.Expr:
        operand: n.Expr = items[1]
        if isinstance(operand, n.Number) and not operand.text.startswith("-"):
            return n.Number(self._span(meta), -operand.value, "-" + operand.text)
        return n.Neg(self._span(meta), operand)

    def number(self, meta: LarkMeta, items: list[Token]) -> n.Number:
        return n.Number(self._span(meta), parse_literal(str(items[0])), str(items[0]))

    def string(self, meta: LarkMeta, items: list[Token]) -> n.String:
        return n.String(self._span(meta), _unquote(items[0]))

    def true(self, meta: LarkMeta, items: list[Token]) -> n.Bool:
        return n.Bool(self._span(meta), True)

    def false(self, meta: LarkMeta, items: list[Token]) -> n.Bool:
        return n.Bool(self._span(meta), False)

    def name(self, meta: LarkMeta, items: list[Token]) -> n.Name:
        return n.Name(self._span(meta), _ident(items[0]))

    def attribute(self, meta: LarkMeta, items: list[Token]) -> n.Attribute:
        return n.Attribute(self._span(meta), _ident(items[0]), _ident(items[1]))

    def call(self, meta: LarkMeta, items: list[Any]) -> n.Call:
        args = tuple(a for a in items[1:] if a is not None)
        return n.Call(self._span(meta), _ident(items[0]), args, self._tok(items[0]))

    def aggregate(self, meta: LarkMeta, items: list[Any]) -> n.Aggregate:
        func, arg, scope, where = items
        within, per = scope
        return n.Aggregate(self._span(meta), _ident(func), self._tok(func), arg, within, per, where)

    def agg_within(self, meta: LarkMeta, items: list[Any]) -> tuple[n.Within | None, n.Within | None]:
        per = items[-1] if isinstance(items[-1], n.Within) else None
        names = [t for t in items if isinstance(t, Token)]
        return self._within(meta, names), per

    def agg_all(self, meta: LarkMeta, items: list[Any]) -> tuple[n.Within | None, n.Within | None]:
        return None, items[0] if items and isinstance(items[0], n.Within) else None

    def agg_per(self, meta: LarkMeta, items: list[Token]) -> n.Within:
        return self._within(meta, items)

    def _within(self, meta: LarkMeta, items: list[Token]) -> n.Within:
        return n.Within(self._span(meta), tuple(_ident(t) for t in items), tuple(self._tok(t) for t in items))

    def empty(self, meta: LarkMeta, items: list[Any]) -> n.Empty:
        return n.Empty(self._span(meta))

    def date_literal(self, meta: LarkMeta, items: list[Token]) -> n.DateLiteral:
        text = _unquote(items[0])
        try:
            value = dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            value = None
        if value is None:
            raise self._fail(msg.bad_date(text=text), self._tok(items[0]), msg.bad_date_hint())
        return n.DateLiteral(self._span(meta), value, str(items[0]))
