"""Compile checked expressions, conditions and ladders into Python closures, once per scheme.

A compiled expression is a function of the record's environment (a dict of name -> value). There
is no `eval` or `exec`: every closure is built from the fixed set below, and names are looked up
only in the environment, which holds nothing but the scheme's own values. A missing value
propagates as `None`; a zero denominator raises `ZeroDenominator` so the indicator that owns the
formula can apply its declared `on zero` outcome.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import nodes as n
from .builtins import BUILTINS
from .source import Span
from .values import Value

Env = dict[str, Any]

#: Where a record's environment holds the same employee's environment of another period.
HISTORY_KEYS = {"prev": "__prev__", "last_year": "__last_year__"}
Compiled = Callable[[Env], Value]
Matcher = Callable[[Decimal], bool]


class ZeroDenominator(Exception):
    """Raised inside a formula when a denominator is zero; carries the division node."""

    def __init__(self, node: n.Binary) -> None:
        super().__init__("division by zero")
        self.node = node


class NoTier(Exception):
    """Raised when a value falls in no tier of a ladder, scale or band set."""

    def __init__(self, what: str, value: Value, span: Span) -> None:
        super().__init__(what)
        self.what = what
        self.value = value
        self.span = span


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def bound_value(bound: n.Bound, consts: Mapping[str, Value]) -> Decimal:
    """The number a bound stands for (constants resolved)."""
    if bound.value is not None:
        return bound.value
    assert bound.name is not None
    v = consts[bound.name]
    assert isinstance(v, Decimal)
    return -v if bound.negate else v


def compile_condition(cond: n.Condition, consts: Mapping[str, Value]) -> Matcher:
    """A predicate over one number for an interval, a comparison or `else`."""
    match cond:
        case n.Interval(low=lo, high=hi, low_inclusive=li, high_inclusive=hi_inc):
            low, high = bound_value(lo, consts), bound_value(hi, consts)
            lo_ok = operator.ge if li else operator.gt
            hi_ok = operator.le if hi_inc else operator.lt
            return lambda x: lo_ok(x, low) and hi_ok(x, high)
        case n.Comparison(op=op, bound=b):
            value = bound_value(b, consts)
            cmp = _COMPARE[op]
            return lambda x: cmp(x, value)
        case _:
            return lambda x: True


@dataclass(frozen=True, slots=True)
class CompiledTier:
    node: n.Tier
    matches: Matcher
    result: Compiled
    text: str  # the condition as written, for results and explain


@dataclass(frozen=True, slots=True)
class CompiledLadder:
    """Tiers tried in order; the first that matches gives the result."""

    name: str
    tiers: tuple[CompiledTier, ...]
    span: Span
    uses_percent: bool

    def lookup(self, value: Decimal, env: Env) -> tuple[Value, CompiledTier]:
        for tier in self.tiers:
            if tier.matches(value):
                return tier.result(env), tier
        raise NoTier(self.name, value, self.span)


@dataclass(frozen=True, slots=True)
class CompiledScale:
    """A rating scale: a label gives its points; a number must lie in some level's range."""

    name: str
    levels: tuple[n.Level, ...]
    span: Span

    def lookup(self, value: Value) -> tuple[Decimal, n.Level]:
        if isinstance(value, str):
            for lvl in self.levels:
                if lvl.label == value:
                    if lvl.is_range:
                        raise NoTier(f"{self.name}: level '{value}' is a range; give the points", value, self.span)
                    return lvl.low, lvl
            raise NoTier(self.name, value, self.span)
        assert isinstance(value, Decimal)
        for lvl in self.levels:
            if lvl.low <= value <= lvl.high:
                return value, lvl
        raise NoTier(self.name, value, self.span)


@dataclass(frozen=True, slots=True)
class CompiledBand:
    label: str
    node: n.Band
    matches: Matcher


@dataclass(frozen=True, slots=True)
class CompiledBands:
    name: str
    bands: tuple[CompiledBand, ...]
    span: Span

    def lookup(self, value: Decimal) -> CompiledBand:
        for band in self.bands:
            if band.matches(value):
                return band
        raise NoTier(self.name, value, self.span)


def uses_percent(tiers: tuple[n.Tier, ...]) -> bool:
    """True when a ladder's bounds are written as percentages (explain then shows 96% too)."""
    for t in tiers:
        c = t.condition
        if any(b.text.endswith("%") for b in n.condition_bounds(c)):
            return True
    return False


class Compiler:
    """Turns nodes into closures; holds the constants and the compiled ladders, scales, bands."""

    def __init__(self, consts: Mapping[str, Value]) -> None:
        self.consts = consts
        self.ladders: dict[str, CompiledLadder] = {}
        self.scales: dict[str, CompiledScale] = {}
        self.bands: dict[str, CompiledBands] = {}
        #: The indicator whose clauses are being compiled: `value` there means its own value.
        self.owner: str | None = None

    def ladder(self, name: str, tiers: tuple[n.Tier, ...], span: Span) -> CompiledLadder:
        from .printer import format_condition

        compiled = tuple(
            CompiledTier(t, compile_condition(t.condition, self.consts), self.expr(t.result), format_condition(t.condition))
            for t in tiers
        )
        return CompiledLadder(name, compiled, span, uses_percent(tiers))

    def band_set(self, name: str, bands: tuple[n.Band, ...], span: Span) -> CompiledBands:
        compiled = tuple(CompiledBand(b.label, b, compile_condition(b.condition, self.consts)) for b in bands)
        return CompiledBands(name, compiled, span)

    def expr(self, e: n.Expr) -> Compiled:
        """Compile one checked expression."""
        match e:
            case n.Number(value=v) | n.Bool(value=v) | n.String(value=v):
                const: Value = v
                return lambda env: const
            case n.Name(id=name):
                if name in self.consts:
                    cv = self.consts[name]
                    return lambda env: cv
                if name == "value" and self.owner is not None:
                    return operator.itemgetter(f"{self.owner}.value")
                # Every input is in the record after `prepare`, and indicators run in dependency
                # order, so the key is always there; itemgetter is the fastest lookup Python has.
                return operator.itemgetter(name)
            case n.Attribute(base=b, attr=a):
                return operator.itemgetter(b if a == "score" else f"{b}.{a}")
            case n.Neg(operand=o):
                f = self.expr(o)

                def neg(env: Env) -> Value:
                    x = f(env)
                    return None if x is None else -x  # type: ignore[operator,return-value]

                return neg
            case n.Not(operand=o):
                f = self.expr(o)

                def not_(env: Env) -> Value:
                    x = f(env)
                    return None if x is None else not x

                return not_
            case n.Binary():
                return self._binary(e)
            case n.Compare(op=op, left=left, right=right):
                cmp = _COMPARE[op]
                fl, fr = self.expr(left), self.expr(right)

                def compare(env: Env) -> Value:
                    a = fl(env)
                    if a is None:
                        return None
                    b = fr(env)
                    if b is None:
                        return None
                    return cmp(a, b)

                return compare
            case n.Logical(op=op, operands=ops):
                fs = tuple(self.expr(o) for o in ops)
                return _and(fs) if op == "and" else _or(fs)
            case n.Membership(operand=o, condition=c):
                f = self.expr(o)
                m = compile_condition(c, self.consts)

                def member(env: Env) -> Value:
                    x = f(env)
                    return None if x is None else m(x)  # type: ignore[arg-type]

                return member
            case n.IfExpr(cond=c, then=t, otherwise=o):
                fc, ft, fo = self.expr(c), self.expr(t), self.expr(o)

                def if_(env: Env) -> Value:
                    x = fc(env)
                    if x is None:
                        return None
                    return ft(env) if x else fo(env)

                return if_
            case n.Call():
                return self._call(e)
        raise TypeError(f"cannot compile {type(e).__name__}")

    def _binary(self, e: n.Binary) -> Compiled:
        fl, fr = self.expr(e.left), self.expr(e.right)
        op = e.op
        if op == "/":

            def div(env: Env) -> Value:
                a = fl(env)
                b = fr(env)
                if a is None or b is None:
                    return None
                if b == 0:
                    raise ZeroDenominator(e)
                return a / b  # type: ignore[operator,return-value]

            return div
        fn = {"+": operator.add, "-": operator.sub, "*": operator.mul}[op]

        def arith(env: Env) -> Value:
            a = fl(env)
            if a is None:
                return None
            b = fr(env)
            if b is None:
                return None
            return fn(a, b)  # type: ignore[no-any-return]

        return arith

    def _call(self, e: n.Call) -> Compiled:
        name = e.func
        if name in HISTORY_KEYS and name not in self.ladders and name not in self.scales and name not in self.bands:
            arg = e.args[0]
            key = arg.id if isinstance(arg, n.Name) else f"{arg.base}.{arg.attr}" if isinstance(arg, n.Attribute) else ""
            slot = HISTORY_KEYS[name]

            def history(env: Env) -> Value:
                other = env.get(slot)
                return None if other is None else other.get(key)

            return history
        args = tuple(self.expr(a) for a in e.args)
        if name in self.ladders:
            ladder = self.ladders[name]
            return _lift(args[0], lambda x, env: ladder.lookup(x, env)[0])
        if name in self.scales:
            scale = self.scales[name]
            return _lift(args[0], lambda x, env: scale.lookup(x)[0])
        if name in self.bands:
            bands = self.bands[name]
            return _lift(args[0], lambda x, env: bands.lookup(x).label)
        fn = BUILTINS[name]
        impl = fn.fn
        return lambda env: impl([a(env) for a in args])


def _lift(arg: Compiled, fn: Callable[[Any, Env], Value]) -> Compiled:
    """A call of a ladder, scale or band set: a missing argument gives a missing result."""

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
