"""IR expressions on exact fixed-point columns (the bulk fast path), with exactly when the
interpreter would raise, as `exprs.py` compiles them to SQL.

A result is its value (`Num`, `Rat` or `Bool`, NULL where the interpreter's value is missing) and
two row masks: `zero`, the interpreter would reach a division by zero (its owner's `on zero`
decides), and `fail`, it would reach a value in no tier (the record fails). They follow the
interpreter's order of evaluation as `exprs.py` states it. A construct not implemented here raises
`Unsupported` (the scheme then always takes the DuckDB plan); a batch whose values a proof cannot
cover raises `Decline` (`fixed_values`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import numpy as np

from .. import ir
from ..kinds import Base
from ..prebuilt import dataclass
from ..refs import HistoryRef, TableKind
from . import fixed_values as fv
from .fixed_memory import calc, column, full
from .fixed_values import Bool, Ctx, Mask, Num, Rat, Txt, Unsupported, m_and, m_not, m_or

Value = Num | Rat | Bool | Txt


@dataclass(slots=True)
class C:
    v: Value
    zero: Mask = None
    fail: Mask = None


def number(value: object) -> Num:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise Unsupported(f"a constant of type {type(value).__name__}")
    return fv.decimal_num(value)


def numeric(v: Value) -> Num | Rat:
    if not isinstance(v, (Num, Rat)):
        raise Unsupported("a yes/no value or text where a number is read")
    return v


def holds(ctx: Ctx, cond: ir.Cond, x: Num | Rat) -> np.ndarray:
    """The condition of a tier, band or range on x (exact; NULL rows: the caller's)."""
    match cond:
        case ir.Interval(low=lo, high=hi, low_inclusive=li, high_inclusive=hi_inc):
            low = fv.compare(ctx, ">=" if li else ">", x, number(lo.value))
            return fv.both(low, fv.compare(ctx, "<=" if hi_inc else "<", x, number(hi.value)))
        case ir.Comparison(op=op, bound=b):
            return fv.compare(ctx, op, x, number(b.value))
    return full(ctx.n, True, bool)


class Exprs:
    """Evaluates IR expressions over a scope of columns (`Ref.key` -> value)."""

    def __init__(self, ctx: Ctx, scope: Mapping[str, Value], tables: Mapping[str, ir.Table]) -> None:
        self.ctx = ctx
        self.scope = scope
        self.tables = tables

    def __call__(self, e: ir.Expr) -> C:
        match e:
            case ir.Literal(value=v) | ir.Constant(value=v) | ir.Folded(value=v):
                if isinstance(v, bool):
                    return C(Bool(full(self.ctx.n, v, bool)))
                n = self.ctx.n
                if v is None and e.kind.base is Base.BOOL:
                    return C(Bool(full(n, False, bool), full(n, True, bool)))
                if isinstance(v, str):
                    return C(Txt(full(n, 0), [v]))
                if v is None and e.kind.base is Base.TEXT:
                    return C(Txt(full(n, 0), [""], full(n, True, bool)))
                if v is None:  # `missing`: a number unless it is a yes/no
                    return C(Num(full(n, 0), 0, 0, full(n, True, bool)))
                return C(number(v))
            case ir.Read(ref=HistoryRef()):
                raise Unsupported("prev() / last_year() over periods")
            case ir.Read(ref=ref):
                found = self.scope.get(ref.key)
                if found is None:
                    raise Unsupported(f"reading '{ref.key}'")
                return C(found)
            case ir.Neg(operand=o):
                c = self(o)
                return C(fv.neg(numeric(c.v)), c.zero, c.fail)
            case ir.Not(operand=o):
                c = self(o)
                b = _bool(c.v)
                return C(Bool(m_not(b.v, self.ctx.n), b.null), c.zero, c.fail)
            case ir.Binary():
                return self._binary(e)
            case ir.Compare(op=op, left=left, right=right):
                return self._compare(op, left, right)
            case ir.Logical(op=op, operands=ops):
                return self._logical(op, ops)
            case ir.Member(operand=o, cond=cond):
                c = self(o)
                x = numeric(c.v)
                return C(Bool(holds(self.ctx, cond, x), x.null), c.zero, c.fail)
            case ir.If(cond=cond, then=then, otherwise=other):
                return self._if(cond, then, other)
            case ir.Call(func=func, args=args):
                return self._call(func, args)
            case ir.Lookup(table=ref, arg=arg):
                return self._lookup(ref.kind, self.tables[ref.name], self(arg))
        raise Unsupported(f"the expression {type(e).__name__}")

    # ------------------------------------------------------------------ operators
    def _strict(self, left: ir.Expr, right: ir.Expr) -> tuple[C, C, Mask, Mask]:
        """Both sides, and the zero and fail masks: the right side counts only where the left is present."""
        a, b = self(left), self(right)
        present = m_not(a.v.null, self.ctx.n)
        return a, b, m_or(a.zero, m_and(present, b.zero)), m_or(a.fail, m_and(present, b.fail))

    def _binary(self, e: ir.Binary) -> C:
        if e.op == "/":
            a, b = self(e.left), self(e.right)
            x, y = numeric(a.v), numeric(b.v)
            if not isinstance(y, Num):
                raise Unsupported("a division by a quotient")
            value, zeros = fv.divide(x, y) if isinstance(x, Num) else fv.rat_divide(x, y)
            hit = m_and(zeros, m_not(m_or(x.null, y.null), self.ctx.n))
            return C(value, m_or(a.zero, b.zero, hit), m_or(a.fail, b.fail))
        a, b, zero, fail = self._strict(e.left, e.right)
        x, y = numeric(a.v), numeric(b.v)
        if e.op in ("+", "-"):
            return C(fv.plus(x, y, 1 if e.op == "+" else -1), zero, fail)
        if isinstance(x, Num) and isinstance(y, Num):
            return C(fv.mul(x, y), zero, fail)
        if isinstance(x, Rat) and isinstance(y, Num):
            return C(fv.rat_mul(x, y), zero, fail)
        if isinstance(x, Num) and isinstance(y, Rat):
            return C(fv.rat_mul(y, x), zero, fail)
        raise Unsupported("a product of two quotients")

    def _compare(self, op: str, left: ir.Expr, right: ir.Expr) -> C:
        a, b, zero, fail = self._strict(left, right)
        null = m_or(a.v.null, b.v.null)
        if isinstance(a.v, Bool) and isinstance(b.v, Bool) and op in ("==", "!="):
            same = a.v.v == b.v.v
            return C(Bool(same if op == "==" else ~same, null), zero, fail)
        if isinstance(a.v, Txt) and isinstance(b.v, Txt) and op in ("==", "!="):
            same = fv.same_text(a.v, b.v)
            return C(Bool(same if op == "==" else ~same, null), zero, fail)
        return C(Bool(fv.compare(self.ctx, op, numeric(a.v), numeric(b.v)), null), zero, fail)

    def _logical(self, op: str, ops: tuple[ir.Expr, ...]) -> C:
        """Three-valued `and` / `or`; an operand's zero and fail count only where the ones before
        it did not decide the result."""
        n = self.ctx.n
        parts = [self(o) for o in ops]
        zero: Mask = None
        fail: Mask = None
        reached: Mask = None  # None: every row (nothing decided yet)
        decided = np.zeros(n, dtype=bool)  # the result is `op == "or"` (true for or, false for and)
        unknown = np.zeros(n, dtype=bool)
        for p in parts:
            b = _bool(p.v)
            null = np.zeros(n, dtype=bool) if b.null is None else b.null
            zero = m_or(zero, p.zero if reached is None else m_and(reached, p.zero))
            fail = m_or(fail, p.fail if reached is None else m_and(reached, p.fail))
            hit = (b.v if op == "or" else ~b.v) & ~null
            decided |= hit
            unknown |= null
            keep = ~hit
            reached = keep if reached is None else (reached & keep)
        value = decided if op == "or" else ~decided
        return C(Bool(value, unknown & ~decided), zero, fail)

    def _if(self, cond: ir.Expr, then: ir.Expr, other: ir.Expr) -> C:
        c, t, o = self(cond), self(then), self(other)
        b = _bool(c.v)
        known = m_not(b.null, self.ctx.n)
        is_true, is_false = b.v & known, ~b.v & known
        zero = m_or(c.zero, m_and(is_true, t.zero), m_and(is_false, o.zero))
        fail = m_or(c.fail, m_and(is_true, t.fail), m_and(is_false, o.fail))
        if isinstance(t.v, Bool) or isinstance(o.v, Bool):
            tb, ob = _bool(t.v), _bool(o.v)
            null = m_or(b.null, fv._pick(is_true, tb.null, ob.null))
            return C(Bool((is_true & tb.v) | (~is_true & ob.v), null), zero, fail)
        value = fv.with_null(fv.select(is_true, numeric(t.v), numeric(o.v)), b.null)
        return C(value, zero, fail)

    def _call(self, func: str, args: tuple[ir.Expr, ...]) -> C:
        parts = [self(a) for a in args]
        zero, fail = m_or(*(p.zero for p in parts)), m_or(*(p.fail for p in parts))
        vs = [p.v for p in parts]
        if func == "present":
            return C(Bool(m_not(vs[0].null, self.ctx.n)), zero, fail)
        nums = [numeric(v) for v in vs]
        if func == "coalesce":
            out = nums[-1]
            for v in reversed(nums[:-1]):
                out = fv.select(m_not(v.null, self.ctx.n), _unnull(v), out)
            return C(out, zero, fail)
        missing = m_or(*(v.null for v in nums))
        if func in ("min", "max", "clamp"):
            if func == "clamp":
                low = fv.select(fv.compare(self.ctx, ">=", nums[0], nums[1]), nums[0], nums[1])
                out = fv.select(fv.compare(self.ctx, "<=", low, nums[2]), low, nums[2])
            else:
                out = nums[0]
                for v in nums[1:]:
                    keep = fv.compare(self.ctx, "<=" if func == "min" else ">=", out, v)
                    out = fv.select(keep, out, v)
            return C(fv.with_null(_unnull(out), missing), zero, fail)
        if func == "abs":
            x = nums[0]
            if not isinstance(x, Num):
                raise Unsupported("abs() of a quotient")
            return C(Num(np.abs(x.units), x.scale, x.bound, x.null), zero, fail)
        if func in ("sum", "avg"):
            total: Num | Rat = nums[0]
            for v in nums[1:]:
                total = fv.plus(total, v)
            if func == "sum":
                return C(total, zero, fail)
            count = fv.constant(len(nums), 0)
            value = fv.divide(total, count)[0] if isinstance(total, Num) else fv.rat_divide(total, count)[0]
            return C(value, zero, fail)
        if func == "round":
            places = _constant_places(args[1]) if len(args) > 1 else 0
            return C(fv.round_half_up(self.ctx, nums[0], places), zero, fail)
        raise Unsupported(f"the function {func}()")

    def _lookup(self, kind: TableKind, table: ir.Table, arg: C) -> C:
        value: Value
        if kind is TableKind.SCALE and isinstance(arg.v, Txt):
            assert isinstance(table, ir.Scale)
            value, none = scale_label(self.ctx, table, arg.v)
            return C(value, arg.zero, m_or(arg.fail, m_not(arg.v.null, self.ctx.n) & none))
        x = numeric(arg.v)
        if kind is TableKind.LADDER:
            assert isinstance(table, ir.Ladder)
            value, none = ladder(self, table, x)
        elif kind is TableKind.SCALE:
            assert isinstance(table, ir.Scale)
            value, none = scale(self.ctx, table, x)
        else:
            assert isinstance(table, ir.Bands)
            codes, none = bands(self.ctx, table, x)
            value = Txt(np.maximum(codes, 0), [b.label for b in table.bands], m_or(x.null, none))
        present = m_not(x.null, self.ctx.n)
        return C(value, arg.zero, m_or(arg.fail, present & none))


def _unnull(v: Num | Rat) -> Num | Rat:
    """`v` with its NULL mask dropped (the caller applies the one it means)."""
    if isinstance(v, Num):
        return Num(v.units, v.scale, v.bound)
    return Rat(v.num, v.den, v.nb, v.db, v.qn, v.qd, v.err, None, v.cscale)


def _bool(v: Value) -> Bool:
    if not isinstance(v, Bool):
        raise Unsupported("a number where a yes/no value is read")
    return v


def _constant_places(e: ir.Expr) -> int:
    if isinstance(e, (ir.Literal, ir.Constant, ir.Folded)) and isinstance(e.value, Decimal):
        return int(e.value)
    raise Unsupported("round(x, places) with places that are not a constant")


def ladder(exprs: Exprs, table: ir.Ladder, x: Num | Rat) -> tuple[Num, np.ndarray]:
    """The first tier that holds (NULL where x is or none does), and where none holds."""
    ctx = exprs.ctx
    results: list[Num] = []
    for t in table.tiers:
        r = exprs(t.result)
        if r.zero is not None or r.fail is not None or not isinstance(r.v, Num) or r.v.null is not None:
            raise Unsupported("a ladder tier whose result is not a number")
        results.append(r.v)
    if not results:
        raise Unsupported("an empty ladder")
    conds = [holds(ctx, t.cond, x) for t in table.tiers]
    return _first(ctx, conds, results, x.null)


def _first(ctx: Ctx, conds: list[np.ndarray], results: list[Num], null: Mask) -> tuple[Num, np.ndarray]:
    scale = max(r.scale for r in results)
    units = [fv.rescale(r, scale) for r in results]
    out: np.ndarray = full(ctx.n, 0)
    tmp = column(ctx.n)  # one scratch array, not one per tier (see `fixed_values.blend`)
    taken = column(ctx.n, bool)
    none = full(ctx.n, True, bool)
    for cond, r in zip(conds, units, strict=True):  # the first tier that holds wins
        np.bitwise_and(none, cond, out=taken)
        np.multiply(taken, r.units, out=tmp)
        out += tmp  # the tiers taken are disjoint: a sum, not a choice
        np.greater(none, cond, out=none)  # none and not cond
    return Num(out, scale, max(r.bound for r in units), m_or(null, none)), none


def scale(ctx: Ctx, table: ir.Scale, x: Num | Rat) -> tuple[Num | Rat, np.ndarray]:
    """A number inside some level of a scale is its own score; outside every level, none."""
    inside = full(ctx.n, False, bool)
    for lv in table.levels:
        inside |= m_and(fv.compare(ctx, ">=", x, number(lv.low)), fv.compare(ctx, "<=", x, number(lv.high)))
    outside = m_not(inside, ctx.n)
    return fv.with_null(x, outside), outside


def scale_label(ctx: Ctx, table: ir.Scale, x: Txt) -> tuple[Num, np.ndarray]:
    """A label's points (a range level's label is no tier); none where the label is no level's."""
    points = {lv.label: number(lv.low) for lv in table.levels if not lv.is_range}
    if not points:
        return Num(np.zeros(ctx.n, dtype=np.int64), 0, 0, np.ones(ctx.n, dtype=bool)), np.ones(ctx.n, dtype=bool)
    scale = max(p.scale for p in points.values())
    found = [fv.rescale(points[v], scale) if v in points else None for v in x.vocab]
    units = np.array([0 if f is None else int(f.units) for f in found] or [0], dtype=np.int64)[x.codes]
    none = np.array([f is None for f in found] or [True], dtype=bool)[x.codes]
    bound = max((f.bound for f in found if f is not None), default=0)
    return Num(units, scale, bound, m_or(x.null, none)), none


def bands(ctx: Ctx, table: ir.Bands, x: Num | Rat) -> tuple[np.ndarray, np.ndarray]:
    """The index of the band x falls in (-1 where none), and where none holds (x not NULL)."""
    out: np.ndarray = full(ctx.n, -1)
    tmp = column(ctx.n)
    now = column(ctx.n, bool)
    left = full(ctx.n, True, bool)
    for i, b in enumerate(table.bands):  # the first band that holds wins
        np.bitwise_and(left, holds(ctx, b.cond, x), out=now)
        np.multiply(now, i + 1, out=tmp)
        out += tmp  # from -1 to i
        np.greater(left, now, out=left)  # left and not now
    none = calc(np.less, out, 0, dtype=bool)
    if x.null is not None:
        np.greater(none, x.null, out=none)  # none and not NULL
    return out, none
