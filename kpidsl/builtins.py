"""The allow-listed functions a scheme may call, with their arity and argument kinds.

This table is the whole of what a formula can do beyond arithmetic: no I/O, no clock, nothing
from the host. The checks use it for arity and type errors, the planner for the implementations.
A missing argument makes the result missing (then the indicator's `on missing` outcome applies),
except for `coalesce` and `present`, which exist to handle missing values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from .kinds import Base
from .numbers import div, round_half_up
from .prebuilt import dataclass
from .values import Value


@dataclass(frozen=True, slots=True)
class Builtin:
    """One function: its arity, argument and result kinds, and its implementation. (Its one-line
    documentation, for hover and completion, is in the message catalogue: `messages.editor`.)"""

    name: str
    min_args: int
    max_args: int | None
    arg_kind: Base | None  # None: any kind, all arguments of the same kind
    result_kind: Base | None  # None: the arguments' kind
    fn: Callable[[Sequence[Value]], Value]
    signature: str


def _nums(args: Sequence[Value]) -> list[Decimal] | None:
    out: list[Decimal] = []
    for a in args:
        if a is None:
            return None
        assert isinstance(a, Decimal)
        out.append(a)
    return out


def _min(args: Sequence[Value]) -> Value:
    xs = _nums(args)
    return None if xs is None else min(xs)


def _max(args: Sequence[Value]) -> Value:
    xs = _nums(args)
    return None if xs is None else max(xs)


def _clamp(args: Sequence[Value]) -> Value:
    xs = _nums(args)
    if xs is None:
        return None
    x, lo, hi = xs
    return min(max(x, lo), hi)


def _abs(args: Sequence[Value]) -> Value:
    xs = _nums(args)
    return None if xs is None else abs(xs[0])


def _round(args: Sequence[Value]) -> Value:
    xs = _nums(args)
    if xs is None:
        return None
    places = int(xs[1]) if len(xs) > 1 else 0
    return round_half_up(xs[0], places)


def _avg(args: Sequence[Value]) -> Value:
    xs = _nums(args)
    return None if xs is None else div(sum(xs, Decimal(0)), Decimal(len(xs)))


def _sum(args: Sequence[Value]) -> Value:
    xs = _nums(args)
    return None if xs is None else sum(xs, Decimal(0))


def _coalesce(args: Sequence[Value]) -> Value:
    for a in args:
        if a is not None:
            return a
    return None


def _present(args: Sequence[Value]) -> Value:
    return args[0] is not None


def _days_between(args: Sequence[Value]) -> Value:
    start, end = args
    if start is None or end is None:
        return None
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    return Decimal((end - start).days)


#: Every function a formula can call, by name.
BUILTINS: dict[str, Builtin] = {
    b.name: b
    for b in (
        Builtin("min", 2, None, Base.NUMBER, Base.NUMBER, _min, "min(a, b, ...)"),
        Builtin("max", 2, None, Base.NUMBER, Base.NUMBER, _max, "max(a, b, ...)"),
        Builtin("clamp", 3, 3, Base.NUMBER, Base.NUMBER, _clamp, "clamp(x, low, high)"),
        Builtin("abs", 1, 1, Base.NUMBER, Base.NUMBER, _abs, "abs(x)"),
        Builtin("round", 1, 2, Base.NUMBER, Base.NUMBER, _round, "round(x, places)"),
        Builtin("avg", 2, None, Base.NUMBER, Base.NUMBER, _avg, "avg(a, b, ...)"),
        Builtin("sum", 2, None, Base.NUMBER, Base.NUMBER, _sum, "sum(a, b, ...)"),
        Builtin("coalesce", 2, None, None, None, _coalesce, "coalesce(x, fallback, ...)"),
        Builtin("present", 1, 1, None, Base.BOOL, _present, "present(x)"),
        Builtin("days_between", 2, 2, Base.DATE, Base.NUMBER, _days_between, "days_between(start, end)"),
    )
}

#: The functions that aggregate over a group of records (`mean(x within 部门)`); what each gives is
#: told in the message catalogue (`messages.editor.AGGREGATE_DOCS`).
AGGREGATES: tuple[str, ...] = ("mean", "sum", "min", "max", "median", "count")
