"""Can a denominator be 0? Interval arithmetic that keeps each end open or closed.

The range analysis (`ranges.py`) works on closed ranges, which is sound but turns `in > 0` and
`in (0, 1000]` into [0, ...] and then warns that the divisor "can be 0" although `kpi eval`
rejects 0 for such an input. Here an input's declared condition is taken exactly (open ends, and
`!= 0`), and `+ - *` and negation keep track of which ends are open; anything else falls back to
the closed range, so the answer stays conservative: "cannot be 0" is only said when it is true.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from .. import ir
from ..refs import InputRef
from .context import LintContext
from .facts import input_set, non_negative
from .intervals import Iv, IvSet
from .ranges import Range

_ZERO = Decimal(0)
#: Ends are added and multiplied with more digits than evaluation keeps, so that no rounding moves
#: an end across 0 (the values come from 34-digit evaluation arithmetic).
_EXACT = decimal.Context(prec=200)


def can_be_zero(ctx: LintContext, e: ir.Expr) -> bool:
    """True unless the expression provably never evaluates to 0 within the declared inputs."""
    return _set(ctx, e).intersect(IvSet([Iv(_ZERO, True, _ZERO, True)])) != IvSet()


def _set(ctx: LintContext, e: ir.Expr) -> IvSet:
    match e:
        case ir.Literal(value=Decimal() as v) | ir.Constant(value=Decimal() as v) | ir.Folded(value=Decimal() as v):
            return IvSet([Iv(v, True, v, True)])
        case ir.Read(ref=InputRef(name=name)) if ctx.ir.input(name) is not None:
            return _declared(ctx, name)
        case ir.Neg(operand=o):
            return IvSet([_neg(p) for p in _set(ctx, o)])
        case ir.Binary(op="+" | "-" | "*", left=left, right=right):
            a, b = _set(ctx, left).hull(), _set(ctx, right).hull()
            if a is None or b is None:
                return IvSet()
            if e.op == "-":
                b = _neg(b)
            return IvSet([_mul(a, b) if e.op == "*" else _add(a, b)])
    return _closed(ctx.ranges.expr(e))


def _declared(ctx: LintContext, name: str) -> IvSet:
    inp = ctx.ir.input(name)
    assert inp is not None
    out = IvSet([Iv(None, False, None, False)])
    if non_negative(inp.type.name):
        out = IvSet([Iv(_ZERO, True, None, False)])
    s = input_set(ctx, name)
    if s is not None:
        out = out.intersect(s)
    return out


def _closed(r: Range) -> IvSet:
    return IvSet([Iv(r.lo if r.lo.is_finite() else None, True, r.hi if r.hi.is_finite() else None, True)])


def _neg(p: Iv) -> Iv:
    return Iv(p.hi.copy_negate() if p.hi is not None else None, p.hi_inc, p.lo.copy_negate() if p.lo is not None else None, p.lo_inc)


def _add(a: Iv, b: Iv) -> Iv:
    lo = _EXACT.add(a.lo, b.lo) if a.lo is not None and b.lo is not None else None
    hi = _EXACT.add(a.hi, b.hi) if a.hi is not None and b.hi is not None else None
    return Iv(lo, a.lo_inc and b.lo_inc, hi, a.hi_inc and b.hi_inc)


#: An end of an interval for multiplication: its value (None = infinite, with a sign) and whether
#: it is included.
_End = tuple[Decimal | None, int, bool]


def _mul(a: Iv, b: Iv) -> Iv:
    """The product's hull from the four corner products, each end open if either factor's end is
    (a product with an exact, included 0 is an included 0)."""
    if a.empty or b.empty:
        return a if a.empty else b
    corners = [_corner(x, y) for x in _ends(a) for y in _ends(b)]
    lo = min(corners, key=_order_lo)
    hi = max(corners, key=_order_hi)
    return Iv(lo[0], lo[2], hi[0], hi[2])


def _ends(iv: Iv) -> list[_End]:
    return [(iv.lo, -1 if iv.lo is None else 0, iv.lo_inc), (iv.hi, 1 if iv.hi is None else 0, iv.hi_inc)]


def _corner(x: _End, y: _End) -> _End:
    xv, xs, xi = x
    yv, ys, yi = y
    if (xv is not None and xv == 0 and xi) or (yv is not None and yv == 0 and yi):
        return (_ZERO, 0, True)
    if xv is None or yv is None:
        sx = xs if xv is None else (1 if xv > 0 else -1)
        sy = ys if yv is None else (1 if yv > 0 else -1)
        if (xv is not None and xv == 0) or (yv is not None and yv == 0):
            return (_ZERO, 0, False)  # an open 0 times infinity: values near 0 times large ones
        return (None, sx * sy, False)
    return (_EXACT.multiply(xv, yv), 0, xi and yi)


def _order_lo(c: _End) -> tuple[int, Decimal, int]:
    v, s, inc = c
    if v is None:
        return (s, _ZERO, 0)
    return (0, v, 0 if inc else 1)


def _order_hi(c: _End) -> tuple[int, Decimal, int]:
    v, s, inc = c
    if v is None:
        return (s, _ZERO, 0)
    return (0, v, 1 if inc else 0)
