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
from ..i18n import Text
from ..messages import lint as msg
from ..messages.common import quoted
from ..nodewalk import iter_indicators, walk_expr
from ..printer import format_expr
from .context import LintContext
from .facts import UNIT_TYPES, input_type


def rule_precedence(ctx: LintContext) -> None:
    for where, expr in _formulas(ctx.analysis.scheme):
        for e in walk_expr(expr):
            if isinstance(e, n.Binary) and e.op in ("+", "-") and isinstance(e.right, n.Binary) and e.right.op == "/":
                _check(ctx, e, e.right, where)


def _check(ctx: LintContext, outer: n.Binary, div: n.Binary, where: Text) -> None:
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
    division = f"{format_expr(y)} / {format_expr(z)}"
    if clash:
        assert tx is not None and ty is not None
        clash_msg = msg.divided_first_minus_clash if outer.op == "-" else msg.divided_first_plus_clash
        why = clash_msg(division=division, left_type=tx, right_type=ty)
    elif format_expr(z) == format_expr(y):
        why = msg.divided_first_always_one(division=division)
    else:
        why = msg.divided_first(division=division)
    ctx.warn("K-L0403", msg.precedence_slip(where=where, written=written, reading=f"{format_expr(x)} {outer.op} ({division})", why=why),
             outer.span, msg.precedence_slip_hint(fixed=fixed))


def _bracketed(ctx: LintContext, e: n.Expr) -> bool:
    """True when the source shows `(` just before the expression (the user wrote the brackets)."""
    line = ctx.analysis.program.line(e.span.path, e.span.line)
    before = line[: e.span.col - 1].rstrip()
    return before.endswith("(")


def _formulas(s: n.Scheme) -> Iterator[tuple[Text, n.Expr]]:
    for ind in iter_indicators(s.items):
        for e in (ind.value, ind.cap, ind.floor):
            if e is not None:
                yield quoted(name=ind.name), e
        if isinstance(ind.scoring, n.ExprScore):
            yield quoted(name=ind.name), ind.scoring.expr
    for a in s.adjustments:
        yield quoted(name=a.label), a.amount
    for v in s.vetoes:
        yield msg.veto_named(label=v.label), v.condition
    if s.total is not None and s.total.expr is not None:
        yield msg.the_total(), s.total.expr
