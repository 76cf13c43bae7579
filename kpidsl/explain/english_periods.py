"""English words for a roll-up of a whole period: the periods and values that went in, which were
missing and what was made of them, or why it has no value (`chinese_periods.py`: in Chinese)."""

from __future__ import annotations

from .. import ir
from ..ir.text import format_expr
from ..trace import TraceEvent
from . import Phrase
from .common import node
from .rollups import rollup_facts, rollup_parts

#: A calendar unit, one and several.
UNITS = {"week": ("week", "weeks"), "month": ("month", "months"), "quarter": ("quarter", "quarters"),
         "half_year": ("half-year", "half-years"), "year": ("year", "years")}

METHODS = {"mean": "the mean", "sum": "the sum", "weighted": "the weighted mean"}

MISSING = {"exclude": "left out", "zero": "counted as 0", "error": "an error"}


def counted(n: int, unit: str) -> str:
    one, many = UNITS.get(unit, (unit, unit))
    return f"{n} {one if n == 1 else many}"


def rollup_whole(ev: TraceEvent, s: ir.Scheme) -> Phrase:
    rule: ir.RollupRule = node(s, ev.node)
    grain, whole = ev.fact("grain"), ev.fact("unit")
    what = f"{METHODS[rule.method.value]} of {format_expr(rule.expr.expr)} over {whole}"
    present, periods = ev.fact("present"), ev.fact("periods")
    gone = ev.fact("missing")
    missing = f"; no value for {', '.join(gone)} ({MISSING[rule.missing.value]})" if gone else ""
    used = f"{present} of {counted(periods, grain)} with a value"
    why = ev.facts.get("why")
    if why == "short":
        had = ", ".join(f"{p} {v}" + (f" x {w}" if w is not None else "") for p, v, w in rollup_parts(ev, rule, s))
        used += f" ({had})" if had else ""
        return Phrase(f"{rule.name}: {what}: only {used}{missing}; at least {counted(rule.at_least or 0, grain)} {'is' if rule.at_least == 1 else 'are'} needed, "
                      "so it has no value", "empty", result_in_detail=True)
    if why in ("none", "no_weight"):
        return Phrase(f"{rule.name}: {what}: no period has a value{missing}, so it has no value", "empty", result_in_detail=True)
    f = rollup_facts(ev, rule, s)
    items = ", ".join(f"{p} {v}" + (f" x {w}" if w is not None else "") for p, v, w in f.parts)
    by = f" / {f.weight_sum}" if f.weight_sum is not None else ""
    rounded = ""
    if f.exact is not None:
        rounded = f", {f.exact} rounded half-up to {rule.round_places} {'place' if rule.round_places == 1 else 'places'}"
    return Phrase(f"{rule.name}: {what} ({used}: {items}{by}{missing}) = {f.result}{rounded}", f.result, result_in_detail=True)
