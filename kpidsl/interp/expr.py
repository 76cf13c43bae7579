"""Compile IR expressions into Python closures: the reference semantics of every operator.

A compiled expression is a function of a record's values (a dict keyed by `Ref.key`). There is no
`eval` or `exec`: every closure is built from the fixed set below. A missing value propagates as
`None` (then the owner's `on missing` decides); a zero denominator raises `ZeroDenominator` (then
the owner's `on zero` decides); a value in no tier raises `NoTier`. Lowering folds constant
subexpressions with these same closures, so a folded value is exactly what evaluation would give.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .. import ir
from ..builtins import BUILTINS
from ..messages import runtime as msg
from ..numbers import div
from ..prebuilt import dataclass
from ..refs import AggregateRef, HistoryRef, InputRef, TableKind, TableRef, When
from ..source import Span
from ..trace import Ev, TraceEvent
from ..values import Env, Value, describe

Compiled = Callable[[Env], Value]

#: Where a record's values hold the same employee's values of another period.
HISTORY_SLOTS = {When.PREV: "__prev__", When.LAST_YEAR: "__last_year__"}

#: Where a record's values hold the trace list while a traced evaluation runs: the closures of an
#: `if` and of a table called in a formula append their events there (a branch taken, a tier hit),
#: which is how explain and `kpi test --coverage` see inside a formula. Absent when not tracing.
TRACE_SLOT = "__trace__"


class ZeroDenominator(Exception):
    """Raised inside a formula when a denominator is zero; carries the division node."""

    def __init__(self, node: ir.Binary) -> None:
        super().__init__("division by zero")
        self.node = node


@dataclass(frozen=True, slots=True)
class ZeroInAggregate:
    """An aggregate's value when a member's value divided by zero: reading it raises
    `ZeroDenominator` in the formula that reads it, so that formula's `on zero` decides."""

    node: ir.Binary


class NoTier(Exception):
    """Raised when a value falls in no tier of a ladder, scale or band set; `levels` are a scale's
    labels when the value is a label it does not have (a misspelt 优 in the data, most likely)."""

    def __init__(self, what: str, value: Value, span: Span, levels: tuple[str, ...] = ()) -> None:
        super().__init__(what)
        self.what = what
        self.value = value
        self.span = span
        self.levels = levels
        self.source: str | None = None  # the input the value was read from, when it is one

    def read_from(self, value: ir.Formula | None) -> NoTier:
        """This error, pointing at `value` (an indicator's `value` clause) and naming its input
        when it reads one directly: where a misspelt label in the data is to be found."""
        if value is not None:
            self.span = value.span
            if isinstance(value.expr, ir.Read) and isinstance(value.expr.ref, InputRef):
                self.source = value.expr.ref.name
        return self

    def problem(self) -> tuple[str, list[str]]:
        """The K-R0303 message and hints. A label the scale lacks is the data's mistake: the hint
        lists the levels and never proposes an `else`, which would score every typo."""
        if not self.levels:
            return msg.no_tier(value=describe(self.value), what=self.what), [msg.no_tier_hint()]
        from ..i18n import listing
        from ..suggest import suggest_label

        text = str(self.value)
        close = suggest_label(text, self.levels)  # as the readers' hint for `in SCALE` (data/labels.py)
        hints = [msg.maybe_level(level=close)] if close is not None else []
        value = describe(self.value) if self.source is None else msg.value_of_input(value=describe(self.value), input=self.source)
        problem = msg.not_a_level(value=value, scale=self.what, levels=listing(list(self.levels)))
        return problem, [*hints, msg.not_a_level_hint()]


@dataclass(frozen=True, slots=True)
class CompiledTier:
    node: ir.Tier
    index: int
    matches: Callable[[Decimal], bool]
    result: Compiled


@dataclass(frozen=True, slots=True)
class CompiledLadder:
    """Tiers tried in order; the first that matches gives the result."""

    node: ir.Ladder
    name: str  # the ladder's name, or the indicator's for a ladder written inline
    tiers: tuple[CompiledTier, ...]

    def lookup(self, value: Decimal, env: Env) -> tuple[Value, CompiledTier]:
        for tier in self.tiers:
            if tier.matches(value):
                return tier.result(env), tier
        raise NoTier(self.name, value, self.node.span)


def scale_level(scale: ir.Scale, value: Value) -> tuple[Decimal, ir.Level]:
    """A label gives its level's points; a number must lie in some level's range.

    Raises:
        NoTier: an unknown label, a label of a range level, or a number in no level.
    """
    if isinstance(value, str):
        for lvl in scale.levels:
            if lvl.label == value:
                if lvl.is_range:
                    raise NoTier(msg.level_is_range(scale=scale.name, level=str(value)), value, scale.span)
                return lvl.low, lvl
        raise NoTier(scale.name, value, scale.span, tuple(lvl.label for lvl in scale.levels))
    assert isinstance(value, Decimal)
    for lvl in scale.levels:
        if lvl.low <= value <= lvl.high:
            return value, lvl
    raise NoTier(scale.name, value, scale.span)


def band_of(bands: ir.Bands, value: Decimal) -> ir.Band:
    """The first band whose condition holds.

    Raises:
        NoTier: no band holds.
    """
    for band in bands.bands:
        if band.cond.holds(value):
            return band
    raise NoTier(bands.name, value, bands.span)


class Tables:
    """Compiled ladders, by node id, compiled once (named ones are shared by every use)."""

    def __init__(self, named: Mapping[str, ir.Table]) -> None:
        self.named = named
        self._ladders: dict[str, CompiledLadder] = {}

    def ladder(self, node: ir.Ladder, name: str | None = None) -> CompiledLadder:
        found = self._ladders.get(node.id)
        if found is None:
            tiers = tuple(CompiledTier(t, i, t.cond.holds, compile_expr(t.result, self, t.id)) for i, t in enumerate(node.tiers))
            found = self._ladders[node.id] = CompiledLadder(node, node.name or name or "", tiers)
        return found

    def table(self, ref: TableRef) -> ir.Table:
        return self.named[ref.name]


def compile_expr(e: ir.Expr, tables: Tables, owner: str = "") -> Compiled:
    """Compile one expression (see the module docstring); `owner` is the id of the formula it
    belongs to, named by the trace events of its branches and table calls."""

    def sub(x: ir.Expr) -> Compiled:
        return compile_expr(x, tables, owner)

    match e:
        case ir.Literal(value=v) | ir.Constant(value=v) | ir.Folded(value=v):
            const: Value = v
            return lambda env: const
        case ir.Read(ref=HistoryRef() as ref):
            return _history(ref)
        case ir.Read(ref=AggregateRef() as ref):
            return _aggregate(ref.key)
        case ir.Read(ref=ref):
            # Every value a formula reads is in the record by the time it runs (inputs are
            # prepared; steps run in dependency order); itemgetter is the fastest lookup there is.
            return operator.itemgetter(ref.key)
        case ir.Neg(operand=o):
            return _unary(sub(o), operator.neg)
        case ir.Not(operand=o):
            return _unary(sub(o), operator.not_)
        case ir.Binary():
            return _binary(e, sub)
        case ir.Compare(op=op, left=left, right=right):
            return _strict(ir.COMPARE[op], sub(left), sub(right))
        case ir.Logical(op=op, operands=ops):
            fs = tuple(sub(o) for o in ops)
            return _and(fs) if op == "and" else _or(fs)
        case ir.Member(operand=o, cond=c):
            return _unary(sub(o), c.holds)
        case ir.If(cond=c, then=t, otherwise=o):
            return _if(sub(c), sub(t), sub(o), e, owner)
        case ir.Call(func=func, args=args):
            impl = BUILTINS[func].fn
            fargs = tuple(sub(a) for a in args)
            return lambda env: impl([a(env) for a in fargs])
        case ir.Lookup(table=ref, arg=arg):
            return _lookup(ref, sub(arg), tables, owner)
    raise TypeError(f"cannot compile {type(e).__name__}")


def _history(ref: HistoryRef) -> Compiled:
    slot, key = HISTORY_SLOTS[ref.when], ref.of.key

    def history(env: Env) -> Value:
        other = env.get(slot)
        return None if other is None else other.get(key)  # an excluded record has no computed values

    return history


def _aggregate(key: str) -> Compiled:
    def aggregate(env: Env) -> Value:
        value = env[key]
        if isinstance(value, ZeroInAggregate):
            raise ZeroDenominator(value.node)
        return value  # type: ignore[no-any-return]

    return aggregate


def _unary(f: Compiled, fn: Callable[[Any], Any]) -> Compiled:
    def unary(env: Env) -> Value:
        x = f(env)
        return None if x is None else fn(x)

    return unary


def _strict(fn: Callable[[Any, Any], Any], fl: Compiled, fr: Compiled) -> Compiled:
    """A binary operation: missing if either side is missing (the right side is not evaluated
    when the left is missing)."""

    def strict(env: Env) -> Value:
        a = fl(env)
        if a is None:
            return None
        b = fr(env)
        if b is None:
            return None
        return fn(a, b)  # type: ignore[no-any-return]

    return strict


def _binary(e: ir.Binary, sub: Callable[[ir.Expr], Compiled]) -> Compiled:
    fl, fr = sub(e.left), sub(e.right)
    if e.op != "/":
        return _strict({"+": operator.add, "-": operator.sub, "*": operator.mul}[e.op], fl, fr)

    def divide(env: Env) -> Value:
        a = fl(env)
        b = fr(env)
        if a is None or b is None:
            return None
        if b == 0:
            raise ZeroDenominator(e)
        return div(a, b)  # type: ignore[arg-type]

    return divide


def _if(fc: Compiled, ft: Compiled, fo: Compiled, node: ir.If, owner: str) -> Compiled:
    def if_(env: Env) -> Value:
        x = fc(env)
        if x is None:
            return None
        sink = env.get(TRACE_SLOT)
        if sink is not None:
            sink.append(TraceEvent(Ev.BRANCH, owner, node.span, 2, (), None, {"branch": "then" if x else "else"}))
        return ft(env) if x else fo(env)

    return if_


def _lookup(ref: TableRef, arg: Compiled, tables: Tables, owner: str) -> Compiled:
    """A call of a ladder, scale or band set: a missing argument gives a missing result. A traced
    evaluation records the tier, level or band the value fell in."""
    node = tables.table(ref)
    if ref.kind is TableKind.LADDER:
        assert isinstance(node, ir.Ladder)
        ladder = tables.ladder(node)

        def tier(x: Any, env: Env) -> Value:
            result, hit = ladder.lookup(x, env)
            _looked_up(env, owner, hit.node, x, result)
            return result

        return _lift(arg, tier)
    if ref.kind is TableKind.SCALE:
        assert isinstance(node, ir.Scale)
        scale = node

        def level(x: Any, env: Env) -> Value:
            points, lvl = scale_level(scale, x)
            _looked_up(env, owner, lvl, x, points)
            return points

        return _lift(arg, level)
    assert isinstance(node, ir.Bands)
    bands = node

    def band(x: Any, env: Env) -> Value:
        found = band_of(bands, x)
        _looked_up(env, owner, found, x, found.label)
        return found.label

    return _lift(arg, band)


def _looked_up(env: Env, owner: str, row: ir.Tier | ir.Level | ir.Band, value: Value, result: Value) -> None:
    sink = env.get(TRACE_SLOT)
    if sink is not None:
        sink.append(TraceEvent(Ev.LOOKUP, owner, row.span, 2, (), result, {"row": row.id, "value": value}))


def _lift(arg: Compiled, fn: Callable[[Any, Env], Value]) -> Compiled:
    def call(env: Env) -> Value:
        x = arg(env)
        return None if x is None else fn(x, env)

    return call


def _and(fs: tuple[Compiled, ...]) -> Compiled:
    def and_(env: Env) -> Value:
        unknown = False
        for f in fs:
            x = f(env)
            if x is None:
                unknown = True
            elif not x:
                return False
        return None if unknown else True

    return and_


def _or(fs: tuple[Compiled, ...]) -> Compiled:
    def or_(env: Env) -> Value:
        unknown = False
        for f in fs:
            x = f(env)
            if x is None:
                unknown = True
            elif x:
                return True
        return None if unknown else False

    return or_
