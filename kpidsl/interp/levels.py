"""After every period: roll-ups of whole periods, and the fields that read them.

A roll-up over a year needs every month of the year, so it is computed once all periods are
evaluated (`ir.Scheme.after_periods`, in order): for each employee and each period of its unit (a
month, a quarter, a year), from the values of the periods the data holds in that unit, then given
to every record of the unit. A roll-up that reads another (a year of monthly roll-ups) takes one
value per period of that roll-up's unit: its grain. Fields that read a roll-up are computed after
it, on every record. Nothing depends on the order of the rows: periods are taken in calendar
order, employees by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .. import ir
from ..choices import RollupMethod, RollupMissing
from ..errors import Diagnostic, KpiEvalError, Severity
from ..messages import periods as msg
from ..numbers import ZERO, div, round_half_up
from ..outcome import RecordData
from ..periods import enclosing_label, ordinal
from ..prebuilt import dataclass
from ..trace import Ev, TraceEvent
from ..values import Value, describe
from .expr import ZeroDenominator
from .fields import field_step
from .record import Interpreter
from .state import RecordState


@dataclass(frozen=True, slots=True)
class Part:
    """One period of a roll-up: its label, and its value (None: missing) and weight."""

    label: str
    value: Decimal | None
    weight: Decimal | None = None


def after_periods(interp: Interpreter, records: Sequence[RecordData], unit: str) -> None:
    """Compute the whole-period roll-ups and the fields that read them, in place.

    Raises:
        KpiEvalError: a roll-up with `missing -> error` misses a period, a value is not a number,
            or a field cannot be computed.
    """
    live = sorted((r for r in records if r.excluded is None and r.period is not None and r.env is not None),
                  key=lambda r: (r.id, ordinal(str(r.period), unit)))
    labels = sorted({str(r.period) for r in records if r.period is not None}, key=lambda p: ordinal(p, unit))
    for step in interp.ir.after_periods:
        if isinstance(step, ir.RollupRule):
            _rollup(interp, step, live, labels, unit)
        elif isinstance(step, ir.Field):
            compiled = field_step(interp.formulas, step)
            for r in live:
                assert r.env is not None
                st = RecordState(r.env, r.trace, id=r.id)
                interp.run(st, (compiled,))
                r.fields.update(st.fields)


def _rollup(interp: Interpreter, rule: ir.RollupRule, live: list[RecordData], labels: list[str], unit: str) -> None:
    grain = rule.grain.value if rule.grain is not None else unit
    over = rule.over.value
    # The periods of each unit the data holds, on the grain's calendar.
    periods: dict[str, list[str]] = {}
    for label in labels:
        g = enclosing_label(label, unit, grain) if grain != unit else label
        whole = enclosing_label(label, unit, over)
        if g not in periods.setdefault(whole, []):
            periods[whole].append(g)
    # Each employee's records of each unit, and the first of each grain period (all of a grain
    # period's records hold the same values of the roll-ups its formula reads).
    members: dict[tuple[str, str], list[RecordData]] = {}
    by_grain: dict[tuple[str, str], dict[str, RecordData]] = {}
    for r in live:
        key = (r.id, enclosing_label(str(r.period), unit, over))
        members.setdefault(key, []).append(r)
        by_grain.setdefault(key, {}).setdefault(enclosing_label(str(r.period), unit, grain) if grain != unit else str(r.period), r)
    for (rid, whole), mine in sorted(by_grain.items()):
        parts = [_part(interp, rule, rid, g, mine.get(g)) for g in periods[whole]]
        result, exact, facts = _combine(rule, rid, parts)
        for r in members[(rid, whole)]:
            r.population[rule.name] = result
            assert r.env is not None
            r.env[rule.name] = result
            if r.trace is not None:
                r.trace.append(TraceEvent(Ev.ROLLUP_WHOLE, rule.id, rule.span, 0, (), result,
                                          {"unit": whole, "grain": grain, "exact": exact, **facts}))


def _part(interp: Interpreter, rule: ir.RollupRule, rid: str, label: str, record: RecordData | None) -> Part:
    if record is None or record.env is None:
        return Part(label, None)
    value = _number(interp, rule, rule.expr, record, rid, label)
    weight = _number(interp, rule, rule.weight, record, rid, label) if rule.weight is not None else None
    return Part(label, value, weight)


def _number(interp: Interpreter, rule: ir.RollupRule, f: ir.Formula, record: RecordData, rid: str, label: str) -> Decimal | None:
    assert record.env is not None
    try:
        v: Value = interp.formulas(f)(record.env)
    except ZeroDenominator as z:
        raise KpiEvalError.single("K-R0301", msg.rollup_zero(id=rid, period=label, rule=rule.name), z.node.span) from None
    if v is None or isinstance(v, Decimal):
        return v
    raise KpiEvalError.single("K-R0310", msg.rollup_not_number(id=rid, period=label, rule=rule.name, value=describe(v)), f.span)


def _combine(rule: ir.RollupRule, rid: str, parts: list[Part]) -> tuple[Value, Value, dict[str, object]]:
    """The roll-up's value (rounded as declared), its exact value, and the facts explain shows."""
    missing = tuple(p.label for p in parts if p.value is None or (rule.weight is not None and p.weight is None))
    if missing and rule.missing is RollupMissing.ERROR:
        raise KpiEvalError([Diagnostic("K-R0320", msg.rollup_missing_period(id=rid, rule=rule.name, periods=", ".join(missing)),
                                       rule.span, Severity.ERROR, (msg.rollup_missing_hint(),))])
    used = [p for p in parts if p.label not in missing]
    if rule.missing is RollupMissing.ZERO:
        used = [p if p.label not in missing else Part(p.label, ZERO, p.weight if p.weight is not None else ZERO) for p in parts]
    present = len(parts) - len(missing)
    shown = [p for p in parts if p.label not in missing]  # the zeros of `missing -> zero` are named as missing
    facts: dict[str, object] = {"parts": tuple((p.label, p.value) for p in shown), "weights": tuple(p.weight for p in shown),
                                "missing": missing, "periods": len(parts), "present": present, "at_least": rule.at_least,
                                "zeroed": rule.missing is RollupMissing.ZERO}
    if rule.at_least is not None and present < rule.at_least:
        return None, None, {**facts, "why": "short"}
    values = [p.value for p in used if p.value is not None]
    if not values:
        return None, None, {**facts, "why": "none"}
    total = sum(values, ZERO)
    if rule.method is RollupMethod.WEIGHTED:
        wsum = sum((p.weight or ZERO for p in used), ZERO)
        facts["weight_sum"] = wsum
        if not wsum:
            return None, None, {**facts, "why": "no_weight"}
        exact: Decimal = div(sum(((p.value or ZERO) * (p.weight or ZERO) for p in used), ZERO), wsum)
    else:
        exact = div(total, Decimal(len(values))) if rule.method is RollupMethod.MEAN else total
    result = round_half_up(exact, rule.round_places) if rule.round_places is not None else exact
    return result, exact, facts
