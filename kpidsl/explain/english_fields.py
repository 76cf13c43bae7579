"""English words for what is not scored: exclusions, fields and aggregates over a group of
records, in the full trace and in the appeal reply (`chinese_fields.py` is the same in Chinese).

An excluded employee's reply says that they were not appraised and why; a field shows its value
in its declared form (`96.00%`, yes / no, empty); an aggregate says whose values it took and what
it made of them (`小组=采购一组 has 6 people, totals 86, 66.7, ...: the mean is 71.1`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .. import ir
from ..ir.text import format_expr
from ..refs import Ref
from ..trace import TraceEvent
from ..values import Value, describe
from . import Phrase
from .common import (
    aggregate_places,
    computed,
    field_title,
    field_value,
    formula,
    has_branches,
    named,
    node,
    of_people,
    percent_before_display,
    show,
    single_aggregate,
    single_read,
    worded,
)
from .english_words import counted, places

Scheme = ir.Scheme

#: Yes / no and the empty value, as a field shows them.
YES_NO = ("yes", "no")
EMPTY = "empty"

#: What an excluded record misses (the full trace's note and the reply say it).
LEFT_OUT = "no total and no grade, and left out of every rank, quota, group value and pool"

#: What each aggregate computes.
FUNC_WORDS = {"mean": "mean", "sum": "sum", "min": "smallest", "max": "largest", "median": "median", "count": "count"}


def _noun(s: Scheme) -> tuple[str, str]:
    """What a group's records are: people, or records when the id names something else (a form)."""
    return ("person", "people") if of_people(s) else ("record", "records")


def _group(label: str) -> str:
    return "everyone" if label == "all" else label


# ------------------------------------------------------------------------------ the full trace


def exclude_full(ev: TraceEvent, s: Scheme) -> Phrase:
    ex = node(s, ev.node)
    applies = bool(ev.result)
    return Phrase(f"exclusion {ex.reason}: {formula(ex.condition.expr, ev.values())} -> {'applies' if applies else 'does not apply'}",
                  None, f"the record is not appraised: {LEFT_OUT}" if applies else None)


def field_full(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    shown = field_value(f, ev.result, YES_NO, EMPTY)
    if f.percent is not None and isinstance(ev.result, Decimal):  # the ratio, then as the results show it
        shown = f"{show(ev.result, f.round_places)} ({shown})"
    notes = []
    if ev.fact("zero") is not None:
        assert f.on_zero is not None and f.on_zero.value is not None
        notes.append(f"{ev.fact('zero')} is 0, so `on zero -> {format_expr(f.on_zero.value.expr)}` applies")
    if ev.fact("rounded"):
        notes.append(f"rounded half-up to {places(f.round_places)} from {describe(ev.fact('exact'))}")
    if f.hidden:
        notes.append("hidden: read by other formulas, not shown in the results")
    detail = f"{field_title(f, (' (', ')'))} = {formula(f.formula.expr, ev.values())}"
    plain = f" = {describe(ev.result)}"
    if shown != describe(ev.result) and detail.endswith(plain):
        detail = detail[: -len(plain)]  # `= 0.96 (96.00%)`, not `= 0.96 = 0.96 (96.00%)`
    return Phrase(detail, shown, "; ".join(notes) or None)


def _listing(ev: TraceEvent, s: Scheme) -> str:
    places = aggregate_places(s, node(s, ev.node))
    text = ", ".join(show(v, places) for v in ev.fact("values"))
    return text + (f" and {ev.fact('more')} more" if ev.fact("more") else "")


def aggregate_full(ev: TraceEvent, s: Scheme) -> Phrase:
    agg = node(s, ev.node)
    group = _group(ev.fact("group"))
    values = ev.fact("values")
    one, other = _noun(s)
    if agg.expr is None:
        counted_what = counted(show(ev.result), "subgroup") if agg.per is not None else counted(ev.fact("members"), one, other)
        detail = f"{agg.text}: {group} has {counted_what}"
    elif ev.fact("zero"):
        detail = f"{agg.text}: a value of {group} divides by zero"
    else:
        n = len(values) + ev.fact("more")
        per = f" (one per {', '.join(agg.per.columns)})" if agg.per is not None else ""
        detail = f"{agg.text}: the {FUNC_WORDS[agg.func.value]} of {group}'s {counted(n, 'value')}{per}"
        detail += f" {_listing(ev, s)}" if n else ""
    notes = []
    if ev.fact("left_out"):
        notes.append(f"{counted(ev.fact('left_out'), 'empty value')} left out")
    if ev.fact("filtered"):
        notes.append(f"{counted(ev.fact('filtered'), one, other)} not matching `where` left out")
    if ev.fact("zero"):
        notes.append("the formula that reads it follows its `on zero`")
    elif agg.expr is not None and not values:
        notes.append("no value present, so the aggregate is empty")
    return Phrase(detail, describe(ev.result), "; ".join(notes) or None, False)


# ------------------------------------------------------------------------------ the appeal reply


def exclude_reply(ev: TraceEvent, s: Scheme, names: Callable[[Ref], str], pair: Callable[[str, Value], str]) -> Phrase | None:
    """Only the exclusion that applies is said (the others are not news to the employee)."""
    if not ev.result:
        return None
    ex = node(s, ev.node)
    return Phrase(f"You fall under “{ex.reason}” ({worded(ex.condition.expr, ev.values(), names, pair)}), so you are not "
                  f"appraised this period: {LEFT_OUT}")


def field_reply(ev: TraceEvent, s: Scheme, names: Callable[[Ref], str], pair: Callable[[str, Value], str]) -> Phrase:
    f = node(s, ev.node)
    shown = field_value(f, ev.result, YES_NO, EMPTY)
    value = f"rounded half-up to {places(f.round_places)}: {shown}" if ev.fact("rounded") else shown
    exact = percent_before_display(f, ev.result)
    if exact is not None:
        value += f" (in fact {exact}, shown rounded half-up to {places(f.percent)})"
    title = field_title(f, (" (column “", "”)"))
    if ev.fact("zero") is not None:
        if single_aggregate(f) is not None:  # the aggregate's clause just before says why
            return Phrase(f"{title} is then {value}, as the scheme says")
        return Phrase(f"{title}: {ev.fact('zero')} is 0, so it cannot be computed and the scheme gives {value}")
    read = single_read(f.formula.expr)
    if single_aggregate(f) is not None:  # the reply says the aggregate just before (reply.py)
        return Phrase(f"{title} takes this value, {value}")
    if read is not None:
        return Phrase(f"{title}: {names(read.ref)}, {value}")
    templates = ("by the formula below, with {values}: {result}", "by the formula below: {result}", ", ")
    expr = f.formula.expr
    if isinstance(ev.result, bool) and isinstance(expr, (ir.Compare, ir.Logical, ir.Not, ir.Member)):
        return Phrase(f"{title}: {shown} ({worded(expr, ev.values(), names, pair)} {'holds' if ev.result else 'does not hold'})")
    if not isinstance(ev.result, Decimal):
        return Phrase(f"{title}: {computed(ev, expr, shown, names, pair, templates)}")
    result = shown if not ev.fact("rounded") else f"{describe(ev.fact('exact'))}, rounded half-up to {places(f.round_places)}: {shown}"
    return Phrase(f"{title}{': ' if has_branches(expr) else ' = '}{computed(ev, expr, result, names, pair, templates)}")


def aggregate_reply(ev: TraceEvent, s: Scheme, names: Callable[[Ref], str]) -> Phrase:
    agg = node(s, ev.node)
    one, other = _noun(s)
    group = _group(ev.fact("group"))
    members = ev.fact("members")
    where = f" ({members} where {named(agg.where.expr, names)})" if agg.where is not None else ""
    everyone = f"{group} has {counted(members + ev.fact('filtered'), one, other)}{where}"
    if agg.expr is None:
        if agg.per is None:
            return Phrase(everyone)
        return Phrase(f"{group} has {show(ev.result)} different {', '.join(agg.per.columns)}")
    what = named(agg.expr.expr, names)
    func = FUNC_WORDS[agg.func.value]
    if ev.fact("zero"):
        return Phrase(f"a {what} in {group} divides by zero, so the {func} cannot be computed")
    values = ev.fact("values")
    left = ev.fact("left_out")
    if agg.per is not None:
        listed = f"one {what} per {', '.join(agg.per.columns)}: {_listing(ev, s)}" if values else f"no {what} is present"
        text = f"{group} gives {listed}"
    elif not values:
        text = f"{everyone}, none with a {what}"
    elif left:
        text = f"{everyone}, {len(values) + ev.fact('more')} with a {what}: {_listing(ev, s)} ({left} without, left out)"
    else:
        text = f"{everyone}, with {what} {_listing(ev, s)}"
    result = f"the {func} is {show(ev.result, aggregate_places(s, agg))}" if values else f"the {func} is empty"
    return Phrase(f"{text}; {result}")
