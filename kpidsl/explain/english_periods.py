"""English words for a roll-up of a whole period: the periods and values that went in, which were
missing and what was made of them, or why it has no value (`chinese_periods.py`: in Chinese)."""

from __future__ import annotations

from .. import ir
from ..ir.text import format_expr
from ..trace import TraceEvent
from . import Phrase
from .common import fmt_display, fmt_rounding, node, show

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
        return Phrase(f"{rule.name}: {what}: only {used}{missing}; at least {counted(rule.at_least or 0, grain)} are needed, "
                      "so it has no value", "empty", result_in_detail=True)
    if why in ("none", "no_weight"):
        return Phrase(f"{rule.name}: {what}: no period has a value{missing}, so it has no value", "empty", result_in_detail=True)
    weights = ev.fact("weights")
    items = [f"{p} {fmt_display(v)}" + (f" x {fmt_display(w)}" if rule.weight is not None and w is not None else "")
             for (p, v), w in zip(ev.fact("parts"), weights, strict=True) if v is not None]
    by = f" / {fmt_display(ev.fact('weight_sum'))}" if rule.weight is not None else ""
    rounded = ""
    if rule.round_places is not None and ev.fact("exact") != ev.result:
        rounded = f", {fmt_rounding(ev.fact('exact'), rule.round_places)} rounded half-up to {rule.round_places} {'place' if rule.round_places == 1 else 'places'}"
    return Phrase(f"{rule.name}: {what} ({used}: {', '.join(items)}{by}{missing}) = {show(ev.result, rule.round_places)}{rounded}",
                  show(ev.result, rule.round_places), result_in_detail=True)
