"""K-L0403: `a - b / b` where the handbook's formula means `(a - b) / b`.

The seed tables print rates of change without brackets ("完成时间-规定时间/规定时间",
"基准费用-当期设备维修费用/基准"), and transcribing them literally divides first: `a - b / b` is
a - 1. The rule looks for `x ± y / z`, written without brackets around `y / z`, where either

- `z` is `x` or `y` (the same name or formula), which is the printed handbook form; or
- `y` and `z` are inputs of the same kind (two amounts of days, money, counts), so `y / z` is a
  ratio, and `x` is such an amount: days minus a ratio is a unit clash.

The fix offered is the bracketed form, `(x - y) / z`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import nodes as n
from ..nodewalk import iter_indicators, walk_expr
from ..printer import format_expr
from .context import LintContext
from .facts import UNIT_TYPES, input_type


def rule_precedence(ctx: LintContext) -> None:
    for where, expr in _formulas(ctx.analysis.scheme):
        for e in walk_expr(expr):
            if isinstance(e, n.Binary) and e.op in ("+", "-") and isinstance(e.right, n.Binary) and e.right.op == "/":
                _check(ctx, e, e.right, where)


def _check(ctx: LintContext, outer: n.Binary, div: n.Binary, where: str) -> None:
    if _bracketed(ctx, div):
        return
    x, y, z = outer.left, div.left, div.right
    fixed = f"({format_expr(n.Binary(outer.span, outer.op, x, y))}) / {format_expr(z)}"
    written = format_expr(outer)
    same = format_expr(z) in (format_expr(x), format_expr(y))
    tx, ty, tz = input_type(ctx, x), input_type(ctx, y), input_type(ctx, z)
    clash = tx in UNIT_TYPES and ty in UNIT_TYPES and ty == tz
    if not (same or clash):
        return
    why = f"'{format_expr(y)} / {format_expr(z)}' is divided first"
    if clash:
        why += f": {tx} {'minus' if outer.op == '-' else 'plus'} a ratio of two {ty} amounts"
    elif format_expr(z) == format_expr(y):
        why += ", which is always 1 (or fails on 0)"
    ctx.warn("K-L0403", f"in {where}, `{written}` reads as {format_expr(x)} {outer.op} ({format_expr(y)} / {format_expr(z)}); "
             f"{why}", outer.span, f"did you mean `{fixed}`? Write the brackets either way, so the formula says what it means")


def _bracketed(ctx: LintContext, e: n.Expr) -> bool:
    """True when the source shows `(` just before the expression (the user wrote the brackets)."""
    line = ctx.analysis.program.line(e.span.path, e.span.line)
    before = line[: e.span.col - 1].rstrip()
    return before.endswith("(")


def _formulas(s: n.Scheme) -> Iterator[tuple[str, n.Expr]]:
    for ind in iter_indicators(s.items):
        for e in (ind.value, ind.cap, ind.floor):
            if e is not None:
                yield f"'{ind.name}'", e
        if isinstance(ind.scoring, n.ExprScore):
            yield f"'{ind.name}'", ind.scoring.expr
    for a in s.adjustments:
        yield f"'{a.label}'", a.amount
    for v in s.vetoes:
        yield f"veto '{v.label}'", v.condition
    if s.total is not None and s.total.expr is not None:
        yield "the total", s.total.expr
