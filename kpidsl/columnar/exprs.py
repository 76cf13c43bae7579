"""IR expressions compiled to SQL, with exactly when the interpreter would raise.

A compiled expression is its value (`V`: NULL where the interpreter gives a missing value) and two
conditions, each exact and never NULL: `zero`, the interpreter would reach a division by zero (its
owner's `on zero` decides), and `fail`, it would reach a value in no tier of a ladder, scale or
band set (the record fails). They follow the interpreter's order of evaluation: the right side of
`a + b` is only evaluated when the left is not missing, an `if` evaluates one branch, `and` stops
at the first false. Reads come from a scope: the SQL value of every record value by `Ref.key`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from sqlglot import exp

from .. import ir
from ..kinds import Base
from ..messages import engine as msg
from ..prebuilt import dataclass
from ..refs import HistoryRef, TableKind
from . import sql
from .sql import K, Unsupported, V

Cond = exp.Expr | None  # None: never


def either(*conds: Cond) -> Cond:
    found = [c for c in conds if c is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else sql.or_(*(exp.Paren(this=c) for c in found))


def both(a: exp.Expr, b: Cond) -> Cond:
    return None if b is None else sql.and_(exp.Paren(this=a), exp.Paren(this=b))


def sql_cond(c: Cond) -> exp.Expr:
    return sql.false() if c is None else c


@dataclass(frozen=True, slots=True)
class C:
    v: V
    zero: Cond = None
    fail: Cond = None


KINDS = {Base.NUMBER: K.NUM, Base.TEXT: K.TEXT, Base.BOOL: K.BOOL, Base.DATE: K.DATE}


def kind_of(e: ir.Expr) -> K:
    found = KINDS.get(e.kind.base)
    if found is None:
        raise Unsupported(msg.no_value_kind(kind=str(e.kind.base)))
    return found


def literal(value: object, kind: K) -> V:
    """A constant value as SQL: numbers at their own places."""
    if value is None:
        return sql.null(kind)
    if isinstance(value, bool):
        return V(sql.true() if value else sql.false(), K.BOOL)
    if isinstance(value, Decimal):
        return sql.number(format(value, "f"))
    if isinstance(value, str):
        return V(exp.Literal.string(value), K.TEXT)
    raise Unsupported(msg.no_constant(type=type(value).__name__))


def compare(op: str, a: V, b: V) -> exp.Expr:
    """a op b, numbers at one scale (exact)."""
    a, b = sql.unify([a, b]) if a.kind is K.NUM and b.kind is K.NUM else (a, b)
    cls = {">=": exp.GTE, ">": exp.GT, "<=": exp.LTE, "<": exp.LT, "==": exp.EQ, "!=": exp.NEQ}[op]
    return cls(this=a.e, expression=b.e)


def holds(cond: ir.Cond, x: V) -> exp.Expr:
    """The condition of a tier, band or range on x (x not NULL)."""
    match cond:
        case ir.Interval(low=lo, high=hi, low_inclusive=li, high_inclusive=hi_inc):
            return sql.and_(compare(">=" if li else ">", x, sql.number(format(lo.value, "f"))),
                            compare("<=" if hi_inc else "<", x, sql.number(format(hi.value, "f"))))
        case ir.Comparison(op=op, bound=b):
            return compare(op, x, sql.number(format(b.value, "f")))
    return sql.true()


class ExprCompiler:
    """Compiles IR expressions against a scope of SQL values (`Ref.key` -> V)."""

    def __init__(self, scope: Mapping[str, V], tables: Mapping[str, ir.Table], bind: sql.Bind | None = None) -> None:
        self.scope = scope
        self.tables = tables
        #: Where given (the planner's columns), a quotient's steps are columns (`sql.div`).
        self.bind = bind

    def __call__(self, e: ir.Expr) -> C:
        match e:
            case ir.Literal(value=v) | ir.Constant(value=v) | ir.Folded(value=v):
                return C(literal(v, kind_of(e)))
            case ir.Read(ref=HistoryRef()):
                raise Unsupported(msg.no_history())
            case ir.Read(ref=ref):
                found = self.scope.get(ref.key)
                if found is None:
                    raise Unsupported(msg.no_reading(key=str(ref.key)))
                return C(found)
            case ir.Neg(operand=o):
                c = self(o)
                return C(sql.neg(c.v), c.zero, c.fail)
            case ir.Not(operand=o):
                c = self(o)
                return C(V(sql.sqlnot(c.v.e), K.BOOL), c.zero, c.fail)
            case ir.Binary():
                return self._binary(e)
            case ir.Compare(op=op, left=left, right=right):
                return self._strict(left, right, lambda a, b: V(compare(op, a, b), K.BOOL))
            case ir.Logical(op=op, operands=ops):
                return self._logical(op, ops)
            case ir.Member(operand=o, cond=cond):
                c = self(o)
                return C(V(holds(cond, c.v), K.BOOL), c.zero, c.fail)
            case ir.If(cond=cond, then=then, otherwise=other):
                return self._if(cond, then, other)
            case ir.Call(func=func, args=args):
                return self._call(func, args, kind_of(e))
            case ir.Lookup(table=ref, arg=arg):
                return self._lookup(ref.kind, self.tables[ref.name], self(arg))
        raise Unsupported(msg.no_expression(node=type(e).__name__))

    # ------------------------------------------------------------------ operators
    def _strict(self, left: ir.Expr, right: ir.Expr, fn: Callable[[V, V], V]) -> C:
        """Missing if either side is; the right side is reached only when the left is present."""
        a, b = self(left), self(right)
        present = sql.not_null(a.v.e)
        return C(fn(a.v, b.v), either(a.zero, both(present, b.zero)), either(a.fail, both(present, b.fail)))

    def _binary(self, e: ir.Binary) -> C:
        if e.op != "/":
            fn = {"+": sql.add, "-": sql.sub, "*": sql.mul}[e.op]
            return self._strict(e.left, e.right, fn)
        a, b = self(e.left), self(e.right)
        # The interpreter evaluates both sides, then checks: a zero denominator with a present dividend.
        hit = sql.and_(sql.not_null(a.v.e), sql.not_null(b.v.e), compare("==", b.v, sql.number("0")))
        return C(sql.div(a.v, b.v, self.bind), either(a.zero, b.zero, hit), either(a.fail, b.fail))

    def _logical(self, op: str, ops: tuple[ir.Expr, ...]) -> C:
        parts = [self(o) for o in ops]
        joined = sql.and_(*(exp.Paren(this=p.v.e) for p in parts)) if op == "and" else sql.or_(*(exp.Paren(this=p.v.e) for p in parts))
        zero: Cond = None
        fail: Cond = None
        reached: exp.Expr | None = None  # the operands so far did not decide the result
        for p in parts:
            zero = either(zero, p.zero if reached is None else both(reached, p.zero))
            fail = either(fail, p.fail if reached is None else both(reached, p.fail))
            undecided = exp.Is(this=exp.Paren(this=p.v.e), expression=exp.Null())
            keep = sql.or_(undecided, p.v.e if op == "and" else sql.sqlnot(p.v.e))
            reached = keep if reached is None else sql.and_(exp.Paren(this=reached), exp.Paren(this=keep))
        return C(V(joined, K.BOOL), zero, fail)

    def _if(self, cond: ir.Expr, then: ir.Expr, other: ir.Expr) -> C:
        c, t, o = self(cond), self(then), self(other)
        is_true = exp.Is(this=exp.Paren(this=c.v.e), expression=exp.true())
        is_false = exp.Is(this=exp.Paren(this=c.v.e), expression=exp.false())
        value = sql.case([(sql.is_null(c.v.e), sql.null(t.v.kind, t.v.scale)), (is_true, t.v)], o.v)
        return C(value, either(c.zero, both(is_true, t.zero), both(is_false, o.zero)),
                 either(c.fail, both(is_true, t.fail), both(is_false, o.fail)))

    def _call(self, func: str, args: tuple[ir.Expr, ...], kind: K) -> C:
        parts = [self(a) for a in args]
        zero, fail = either(*(p.zero for p in parts)), either(*(p.fail for p in parts))
        vs = [p.v for p in parts]
        if func == "coalesce":
            vs = sql.unify(vs)
            return C(V(exp.Coalesce(this=vs[0].e, expressions=[v.e for v in vs[1:]]), vs[0].kind, vs[0].scale), zero, fail)
        if func == "present":
            return C(V(sql.not_null(vs[0].e), K.BOOL), zero, fail)
        return C(_number_call(func, vs), zero, fail)

    def _lookup(self, kind: TableKind, table: ir.Table, arg: C) -> C:
        x = arg.v
        if kind is TableKind.LADDER:
            assert isinstance(table, ir.Ladder)
            value, none = ladder(table, x, self)
        elif kind is TableKind.SCALE:
            assert isinstance(table, ir.Scale)
            value, none = scale(table, x)
        else:
            assert isinstance(table, ir.Bands)
            value, none = bands(table, x)
        return C(value, arg.zero, either(arg.fail, both(sql.not_null(x.e), none)))


def _number_call(func: str, vs: list[V]) -> V:
    missing = sql.any_null(vs)
    if func in ("min", "max", "clamp"):
        us = sql.unify(vs)
        if func == "clamp":
            inner = exp.Greatest(this=us[0].e, expressions=[us[1].e])
            e: exp.Expr = exp.Least(this=inner, expressions=[us[2].e])
        else:
            cls = exp.Least if func == "min" else exp.Greatest
            e = cls(this=us[0].e, expressions=[u.e for u in us[1:]])
        return sql.case([(missing, sql.null(K.NUM, us[0].scale))], V(e, K.NUM, us[0].scale))
    if func == "abs":
        return V(exp.Abs(this=vs[0].e), K.NUM, vs[0].scale)
    if func in ("sum", "avg"):
        total = vs[0]
        for v in vs[1:]:
            total = sql.add(total, v)
        return total if func == "sum" else sql.div(total, sql.number(str(len(vs))))
    if func == "round":
        places = _constant_places(vs[1]) if len(vs) > 1 else 0
        return sql.round_half_up(vs[0], places)
    raise Unsupported(msg.no_function(function=str(func)))


def _constant_places(v: V) -> int:
    node = v.e
    while isinstance(node, exp.Cast):
        node = node.this
    if isinstance(node, exp.Literal):
        return int(Decimal(node.this))
    raise Unsupported(msg.no_round_places())


def ladder(table: ir.Ladder, x: V, exprs: ExprCompiler) -> tuple[V, exp.Expr]:
    """The first tier that holds (NULL for none), and the condition that none holds."""
    branches = []
    for t in table.tiers:
        r = exprs(t.result)
        if r.zero is not None or r.fail is not None:
            raise Unsupported(msg.no_ladder_tier())
        branches.append((holds(t.cond, x), r.v))
    if not branches:
        raise Unsupported(msg.no_empty_ladder())
    none = _none_holds([c for c, _ in branches])
    return sql.case([(sql.is_null(x.e), sql.null(branches[0][1].kind)), *branches], sql.null(branches[0][1].kind)), none


def tier_label(table: ir.Ladder, x: V) -> V:
    """The condition text of the tier x falls in (results show it as `tier`)."""
    return sql.case([(sql.is_null(x.e), sql.null(K.TEXT)), *((holds(t.cond, x), V(exp.Literal.string(t.cond.text), K.TEXT)) for t in table.tiers)],
                    sql.null(K.TEXT))


def scale(table: ir.Scale, x: V) -> tuple[V, exp.Expr]:
    """A label's points (a range level's label is no tier), or a number inside some level."""
    if x.kind is K.TEXT:
        fixed = [(exp.EQ(this=x.e, expression=exp.Literal.string(lv.label)), sql.number(format(lv.low, "f")))
                 for lv in table.levels if not lv.is_range]
        value = sql.case(fixed, sql.null(K.NUM)) if fixed else sql.null(K.NUM)
        return value, _none_holds([c for c, _ in fixed])
    inside = [_within(lv, x) for lv in table.levels]
    return sql.case([(sql.or_(*inside), x)], sql.null(K.NUM, x.scale)), _none_holds(inside)


def scale_label(table: ir.Scale, x: V) -> V:
    if x.kind is K.TEXT:
        return x
    return sql.case([(_within(lv, x), V(exp.Literal.string(lv.label), K.TEXT)) for lv in table.levels], sql.null(K.TEXT))


def _within(lv: ir.Level, x: V) -> exp.Expr:
    return sql.and_(compare(">=", x, sql.number(format(lv.low, "f"))), compare("<=", x, sql.number(format(lv.high, "f"))))


def bands(table: ir.Bands, x: V) -> tuple[V, exp.Expr]:
    branches = [(holds(b.cond, x), V(exp.Literal.string(b.label), K.TEXT)) for b in table.bands]
    return sql.case([(sql.is_null(x.e), sql.null(K.TEXT)), *branches], sql.null(K.TEXT)), _none_holds([c for c, _ in branches])


def _none_holds(conds: list[exp.Expr]) -> exp.Expr:
    if not conds:
        return sql.true()
    return sql.sqlnot(sql.or_(*(exp.Paren(this=c) for c in conds)))
