"""Aggregates over groups of records: the mean, sum, minimum, maximum, median or count of a value
over the records of this record's group (`within` columns, or the whole period), for later
formulas of every record of the group to read.

Exact, in the order of record ids (so a sum of long quotients cannot depend on the rows' order).
Records whose value is empty are left out and counted; an aggregate of no value is empty (a count
is 0). With `where`, only the records the condition holds for are members. With `per`, every
subgroup gives one value first (its records must agree on it), and the aggregate is over those.
A member whose value divides by zero makes the aggregate a zero denominator for whatever reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from ... import ir
from ...choices import Aggregation
from ...i18n import listing
from ...messages import runtime as msg
from ...numbers import ZERO, div
from ...outcome import RecordData
from ...trace import Ev
from ...values import Value, describe
from ..expr import TRACE_SLOT, NoTier, ZeroDenominator, ZeroInAggregate
from . import Ctx, PopulationError, groups

#: At most this many values are listed in explain (then "and N more").
LISTED = 20

Number = Decimal | dt.date


def aggregate(ctx: Ctx, agg: ir.Aggregate) -> None:
    value_of = ctx.interp.formulas(agg.expr) if agg.expr is not None else None
    where = ctx.interp.formulas(agg.where) if agg.where is not None else None
    for label, members in groups(ctx, agg.within):
        try:
            with _traced(ctx, members):
                kept = [m for m in members if where is None or _holds(where, m)]
                values, left_out, parts = _values(agg, kept, value_of)
        except ZeroDenominator as z:
            result: Value | ZeroInAggregate = ZeroInAggregate(z.node)
            values, left_out, parts = [], 0, 0
        except NoTier as exc:  # a ladder or table called on a member's value: a user's error, as in a record
            problem, hints = exc.problem()
            raise PopulationError("K-R0303", problem, exc.span, *hints) from None
        else:
            result = _combine(agg.func, values, parts if agg.expr is None else len(values))
        for m in members:
            m.env[agg.id] = result  # type: ignore[index]  # population records keep their values
        for m in members:
            if m.trace is not None and ctx.wants(m):
                shown = result if not isinstance(result, ZeroInAggregate) else None
                ctx.emit(m, Ev.AGGREGATE, agg, result=shown, group=label, values=tuple(values[:LISTED]),
                         more=max(len(values) - LISTED, 0), left_out=left_out, members=len(kept),
                         filtered=len(members) - len(kept), zero=isinstance(result, ZeroInAggregate))


@contextmanager
def _traced(ctx: Ctx, members: list[RecordData]) -> Iterator[None]:
    """While a group's values and `where` conditions are read, each traced member's formulas
    record the branches and table rows they take in that member's own trace, as in the record
    stage (explain shows them under the aggregate; `kpi test --coverage` counts them)."""
    traced = [(m.env, m.trace) for m in members if m.env is not None and m.trace is not None and ctx.wants(m)]
    for env, trace in traced:
        env[TRACE_SLOT] = trace
    try:
        yield
    finally:
        for env, _ in traced:
            env.pop(TRACE_SLOT, None)


def _holds(where: object, m: RecordData) -> bool:
    assert m.env is not None and callable(where)
    return where(m.env) is True


def _values(agg: ir.Aggregate, kept: list[RecordData], value_of: object) -> tuple[list[Number], int, int]:
    """The values present (one per subgroup with `per`), how many were empty, and how many
    records (or subgroups) there were."""
    if value_of is None:
        if agg.per is None:
            return [], 0, len(kept)
        return [], 0, len({_key(m, agg.per) for m in kept})
    assert callable(value_of)
    if agg.per is None:
        present: list[Number] = [v for m in kept if (v := value_of(m.env)) is not None]
        return present, len(kept) - len(present), len(kept)
    raw: list[tuple[RecordData, Value]] = [(m, value_of(m.env)) for m in kept]
    subgroups: dict[tuple[str, ...], set[Value]] = {}
    for m, v in raw:
        key = _key(m, agg.per)
        subgroups.setdefault(key, set())
        if v is not None:
            subgroups[key].add(v)
    values: list[Number] = []
    for key in sorted(subgroups):
        found = subgroups[key]
        if len(found) > 1:
            where = listing(f"{c}={k}" for c, k in zip(agg.per.columns, key, strict=True))
            values_found = listing(sorted(describe(v) for v in found))
            raise PopulationError("K-R0315", msg.aggregate_disagrees(aggregate=agg.text, where=where, values=values_found),
                                  agg.span, msg.aggregate_disagrees_hint())
        values.extend(_number(v) for v in found)
    return values, len(subgroups) - len(values), len(subgroups)


def _key(m: RecordData, per: ir.Within) -> tuple[str, ...]:
    assert m.env is not None
    return tuple("" if m.env.get(c) is None else str(m.env.get(c)) for c in per.columns)


def _number(v: Value) -> Number:
    assert isinstance(v, (Decimal, dt.date)) and not isinstance(v, bool)
    return v


def _combine(func: Aggregation, values: list[Number], counted: int) -> Value:
    """The aggregate of the values present; `counted` is what `count` gives (the values present,
    or the members when it counts records)."""
    if func is Aggregation.COUNT:
        return Decimal(counted)
    if not values:
        return None
    if func is Aggregation.MIN:
        return min(values)
    if func is Aggregation.MAX:
        return max(values)
    nums = [v for v in values if isinstance(v, Decimal)]
    if func is Aggregation.SUM:
        return sum(nums, ZERO)
    if func is Aggregation.MEAN:
        return div(sum(nums, ZERO), Decimal(len(nums)))
    ordered = sorted(nums)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else div(ordered[middle - 1] + ordered[middle], Decimal(2))
