"""The English phrases of explain output: one function per kind of trace event.

Every sentence of the English full trace is written here, and only here. A function gets the
event (its values and facts) and the scheme's IR (to look up the node it names: an indicator's
weight, a ladder's tiers, a rule's options) and returns a `Phrase`. `chinese.py` is the same
table in Chinese (`tests/unit/test_explain.py` checks that each covers every event kind); the
appeal reply's words are in `english_reply.py`. Numbers follow the display rule (`display.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .. import ir
from ..columns import written_places
from ..ir.text import format_expr
from ..numbers import HUNDRED
from ..outcome import SKIP_REASONS, RecordData
from ..trace import Ev, TraceEvent
from ..values import Value, describe
from . import Language, Phrase, subject_of
from .common import (
    Gap,
    band_gap,
    fmt_display,
    fmt_percent,
    fmt_plain,
    fmt_rounding,
    formula,
    indicator_of,
    is_ratio,
    item_value,
    member_score,
    member_weight,
    num,
    plain_names,
    show,
    tier_points,
    value_text,
)
from .english_fields import aggregate_full, exclude_full, field_full
from .english_periods import rollup_whole
from .english_reply import REPLY
from .english_words import places as english_places
from .facts import input_value

Scheme = ir.Scheme
_num = num
_indicator = indicator_of


def _show(v: object) -> str:
    """A number by the display rule (`display.py`)."""
    return fmt_display(_num(v))


def _plain(v: object) -> str:
    return fmt_plain(_num(v))


def _node(s: Scheme, node_id: str) -> Any:
    return s.node(node_id)


# ------------------------------------------------------------------------------ inputs, indicators


def _input(ev: TraceEvent, s: Scheme) -> Phrase:
    inp = _node(s, ev.node)
    label = f' (column "{inp.label}")' if inp.label and inp.label != inp.name else ""
    note = "not in the data; the declared default is used" if ev.fact("defaulted") else None
    return Phrase(f"{inp.name}{label} = {describe(ev.result) if isinstance(ev.result, str) else input_value(inp, ev.result)}", None, note)


def _indicator_head(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = _indicator(s, ev)
    meta = ", ".join(x for x in (f"from template {ind.template}" if ind.template else None, ind.code,
                                  f"category {ind.category}" if ind.category else None) if x)
    return Phrase(ind.name + (f" ({meta})" if meta else "") + (f", weight {ind.weight.text}" if ind.weight else ""))


def _value(ev: TraceEvent, s: Scheme) -> Phrase:
    f = _node(s, ev.node)
    return Phrase(formula(f.expr, ev.values(), s), item_value(s, ev))


def _value_zero(ev: TraceEvent, s: Scheme) -> Phrase:
    f = _node(s, ev.node)
    return Phrase(formula(f.expr, ev.values()), None, f"{ev.fact('denominator')} is 0")


#: What made an outcome apply (and an item skipped). In English these are the words the results'
#: `reason` field holds; another language translates them here.
CAUSES = SKIP_REASONS


def _outcome(ev: TraceEvent, s: Scheme) -> Phrase:
    o = _node(s, ev.node)
    what = CAUSES[ev.fact("cause")]
    kind = "on zero" if "zero" in what else "on missing"
    assert o.value is not None
    return Phrase(f"{what}, so `{kind} -> {format_expr(o.value.expr)}` applies", describe(ev.result))


def _skip(ev: TraceEvent, s: Scheme) -> Phrase:
    name = _indicator(s, ev).name
    return Phrase(f"{name} is skipped ({CAUSES[ev.fact('cause')]}); its weight is shared out among the other items")


# ------------------------------------------------------------------------------ scoring


def _score_ladder(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = _node(s, ev.node)
    ladder: ir.Ladder = sc.ladder
    tier = ladder.tiers[ev.fact("tier")]
    v = ev.fact("value")
    shown = f"{fmt_display(v)} ({fmt_percent(v)})" if ladder.uses_percent else fmt_display(v)
    where = f"ladder {ladder.name}" if sc.named else "ladder"
    return Phrase(f"score: {shown} is in tier `{tier.cond.text}` of {where} -> {describe(ev.result)}", None,
                  gap_words(s, ev, ladder.uses_percent))


def gap_words(s: Scheme, ev: TraceEvent, ratio: bool) -> str | None:
    """How far the next better tier is: `1.5 percentage points short of tier `>= 95%` (100): 3 more 按时完成采购单数 (190 needed)`."""
    gap = Gap.of(s, ev)
    if gap is None:
        return None
    more = "more than " if gap.strict else ""
    text = (f"{more}{gap.amount(ratio, ' percentage points', ' percentage point')} {'short of' if gap.up else 'above'} tier "
            f"`{gap.tier.cond.text}` ({tier_points(gap.tier)})")
    if gap.units is not None:
        name, now, needed = gap.units
        change = fmt_display(abs(needed - now))
        text += f": {change} more {name} ({fmt_display(needed)} needed)" if needed > now else \
            f": {change} fewer {name} ({fmt_display(needed)} at most)"
    return text


def _score_scale(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = _node(s, ev.node)
    return Phrase(f"score: {describe(ev.fact('value'))} is level '{ev.fact('level')}' of scale {sc.scale.name} -> "
                  f"{_show(ev.result)}")


def _score_proportional(ev: TraceEvent, s: Scheme) -> Phrase:
    ratio = is_ratio(s, indicator_of(s, ev))  # a rate and its target as the reply shows them (90% / 100%)
    v, t = (value_text(ev.fact(x), ratio) for x in ("value", "target"))
    return Phrase(f"score = value / target x full = {v} / {t} x {fmt_display(ev.fact('full'))}", _show(ev.result))


def _score_formula(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("score = " + formula(_node(s, ev.node).expr, ev.values()), describe(ev.result))


def _score_value(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("score = value", describe(ev.result))


def _branch(ev: TraceEvent, s: Scheme) -> Phrase:
    node = _node(s, ev.node)
    found = next((e for e in ir.walk(node.expr) if isinstance(e, ir.If) and e.span == ev.span), None)
    cond = format_expr(found.cond) if found is not None else "the condition"
    holds = ev.fact("branch") == "then"
    return Phrase(f"if {cond}: {'yes, then' if holds else 'no, else'}")


def _lookup(ev: TraceEvent, s: Scheme) -> Phrase:
    row = _node(s, ev.fact("row"))
    table = ev.fact("row").rsplit("/", 1)[0]
    name = table.split(":", 1)[1] if ":" in table else table
    value = describe(ev.fact("value"))
    if isinstance(row, ir.Tier):
        return Phrase(f"{value} is in tier `{row.cond.text}` of ladder {name} -> {describe(ev.result)}", None)
    if isinstance(row, ir.Level):
        return Phrase(f"{value} is level '{row.label}' of scale {name} -> {describe(ev.result)}", None)
    return Phrase(f"{value} falls in band {row.label} `{row.cond.text}` of {name}", None)


def _rater(ev: TraceEvent, s: Scheme) -> Phrase:
    r = _node(s, ev.node)
    avg = _show(ev.result)
    marks = ev.facts.get("marks")
    if marks is not None:
        scale = _node(s, ev.node.rsplit("/rater:", 1)[0]).scale
        shown = ", ".join(f"{describe(m)} -> {describe(v)}" for m, v in zip(marks, ev.fact("values"), strict=True)
                          if m is not None)
        detail = f"rater {r.role}: {shown} (scale {scale.name})"
        return Phrase(f"{detail}; mean of {ev.fact('given')}", avg) if len(r.inputs) > 1 else Phrase(detail)
    if len(r.inputs) > 1:
        shown = ", ".join(describe(v) for v in ev.fact("values"))
        given = ev.fact("given")
        return Phrase(f"rater {r.role}: mean of {given} {'score' if given == 1 else 'scores'} ({shown})", avg)
    return Phrase(f"rater {r.role}: {r.inputs[0]} = {avg}")


def _raters_missing(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = _node(s, ev.node)
    absent = ev.fact("absent")
    names = ", ".join(absent)
    if len(absent) == 1:
        if sc.missing.value == "zero":
            return Phrase(f"missing rater {names} counts as 0 (`missing -> zero`)")
        return Phrase(f"missing rater {names} left out; the others are re-weighted (`missing -> exclude`)")
    if sc.missing.value == "zero":
        return Phrase(f"missing raters {names} count as 0 (`missing -> zero`)")
    return Phrase(f"missing raters {names} left out; the others are re-weighted (`missing -> exclude`)")


def _score_raters(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = _node(s, ev.node)
    present: tuple[tuple[str, Decimal], ...] = ev.fact("present")
    if sc.method.value == "weighted":
        weights = {r.role: r.weight for r in sc.raters}
        detail = " + ".join(f"{fmt_display(v)} x {weights[role].text}" for role, v in present if weights[role])
        if ev.fact("weight_sum") != 1:
            detail = f"({detail}) / {fmt_display(ev.fact('weight_sum'))}"
    elif sc.method.value == "trimmed":
        k = sc.trim
        detail = f"mean of {', '.join(fmt_display(v) for v in ev.fact('kept'))} (dropped {k} highest and {k} lowest)"
    else:
        detail = f"mean of {', '.join(fmt_display(v) for _, v in present)}"
    return Phrase(f"score = {detail}", _show(ev.result))


def _cap(ev: TraceEvent, s: Scheme, what: str = "score") -> Phrase:
    before, cap = ev.fact("before"), _num(ev.result)
    return Phrase(f"{what} {fmt_display(before)} is above the cap {fmt_display(cap)}; {fmt_display(before - cap)} is cut",
                  fmt_display(cap))


def _floor(ev: TraceEvent, s: Scheme) -> Phrase:
    before, floor = ev.fact("before"), _num(ev.result)
    return Phrase(f"score {fmt_display(before)} is below the floor {fmt_display(floor)}; raised by {fmt_display(floor - before)}",
                  fmt_display(floor))


def _deduct_from(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = _node(s, ev.node)
    taken, rest = fmt_display(ev.fact("taken")), ev.fact("rest")
    if rest > 0 and adj.spill:
        note = f"{taken} taken from {adj.source}'s points; the remaining {fmt_display(rest)} is deducted from the total (spill)"
    elif rest > 0:
        note = f"only {taken} could be taken from {adj.source}'s points; the other {fmt_display(rest)} is not deducted (no `spill`)"
    else:
        note = f"{taken} taken from {adj.source}'s points"
    return Phrase(f"{note}; {adj.source} keeps {_show(ev.result)}")  # the item's points left, not `= 0` after the spill


def _round_score(ev: TraceEvent, s: Scheme) -> Phrase:
    places = _indicator(s, ev).round_places
    return Phrase(f"score rounded half-up to {english_places(places)}: {fmt_rounding(ev.fact('before'), places)} -> {show(ev.result, places)}")


# ------------------------------------------------------------------------------ combining


def _weights(ev: TraceEvent, s: Scheme) -> Phrase:
    label = subject_of(ev, s)
    heading = f"{label}: weighted sum"
    skipped = ev.fact("skipped")
    if skipped:
        heading += (f"; {', '.join(skipped)} skipped, so each remaining weight is scaled by "
                    f"{fmt_percent(ev.fact('all'))} / {fmt_percent(ev.fact('present'))}")
    return Phrase(heading)



def _weighted(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{ev.fact('member')}: {member_score(ev, s)} x {member_weight(ev, s, 'x', '/')}", _show(ev.result))


def _group_mean(ev: TraceEvent, s: Scheme) -> Phrase:
    label = subject_of(ev, s)
    return Phrase(f"{label} = mean of {', '.join(fmt_display(v) for v in ev.fact('parts'))}", _show(ev.result))


def _group_sum(ev: TraceEvent, s: Scheme) -> Phrase:
    label = subject_of(ev, s)
    return Phrase(f"{label} = " + " + ".join(fmt_display(v) for v in ev.fact("parts")), _show(ev.result))


def _base(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("base score = " + " + ".join(fmt_display(v) for v in ev.fact("parts")), _show(ev.result))


# ------------------------------------------------------------------------------ after combining


def _adjustment(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = _node(s, ev.node)
    verb = adj.kind.value
    cap = ev.fact("cap")
    note = f"capped at {fmt_display(cap)}; {fmt_display(_num(ev.result) - cap)} not counted" if cap is not None else None
    return Phrase(f"{verb} {adj.label}: {formula(adj.amount.expr, ev.values())}", _show(ev.result), note)


def _total(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("total = " + formula(_node(s, ev.node).expr, ev.values()), _show(ev.result))


def _total_default(ev: TraceEvent, s: Scheme) -> Phrase:
    b, d, bo = (fmt_display(ev.fact(x)) for x in ("base", "deductions", "bonuses"))
    return Phrase(f"total = base score - deductions + bonuses = {b} - {d} + {bo}", _show(ev.result))


def _total_floor(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"total {fmt_display(ev.fact('before'))} is below the floor {_show(ev.result)}", _show(ev.result))


def _round_total(ev: TraceEvent, s: Scheme) -> Phrase:
    places = s.total.round_places
    published = show(ev.result, places)
    return Phrase(f"total rounded half-up to {english_places(places)}: {fmt_rounding(ev.fact('exact'), places)} -> {published}", published, None,
                  True)


def _veto(ev: TraceEvent, s: Scheme) -> Phrase:
    v = _node(s, ev.node)
    hit = bool(ev.result)
    note = None
    if hit:
        note = "no performance bonus this period, whatever the score" if v.effect.value == "no_bonus" else f"grade is set to {v.grade}"
    return Phrase(f"veto {v.label}: {formula(v.condition.expr, ev.values(), s)} -> {'applies' if hit else 'does not apply'}", None, note)


def _grade(ev: TraceEvent, s: Scheme) -> Phrase:
    band = _node(s, ev.node)
    cond = band.cond.text
    where = "no earlier band (`else`)" if cond == "else" else f"band `{cond}`"
    places = s.total.round_places if ev.fact("reads") == "rounded" else None
    return Phrase(f"grade {band.label}: the {ev.fact('reads')} total {show(ev.fact('total'), places)} falls in {where}", None,
                  grade_gap(s, ev))


def grade_gap(s: Scheme, ev: TraceEvent) -> str | None:
    found = band_gap(s, ev)
    if found is None:
        return None
    band, _, gap, strict = found
    return f"{'more than ' if strict else ''}{fmt_display(gap)} short of grade {band.label} (`{band.cond.text}`)"


def _grade_veto(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"grade set to {ev.result} by a veto (score grade was {ev.fact('before')})", str(ev.result))


PHRASES_RECORD: dict[Ev, Callable[[TraceEvent, Scheme], Phrase]] = {
    Ev.INPUT: _input, Ev.INDICATOR: _indicator_head, Ev.VALUE: _value, Ev.VALUE_ZERO: _value_zero, Ev.OUTCOME: _outcome,
    Ev.SKIP: _skip, Ev.SCORE_LADDER: _score_ladder, Ev.SCORE_SCALE: _score_scale, Ev.SCORE_PROPORTIONAL: _score_proportional,
    Ev.SCORE_FORMULA: _score_formula, Ev.SCORE_VALUE: _score_value, Ev.BRANCH: _branch, Ev.LOOKUP: _lookup, Ev.RATER: _rater, Ev.RATERS_MISSING: _raters_missing,
    Ev.SCORE_RATERS: _score_raters, Ev.CAP: _cap, Ev.FLOOR: _floor, Ev.DEDUCT_FROM: _deduct_from, Ev.ROUND_SCORE: _round_score,
    Ev.WEIGHTS: _weights, Ev.WEIGHTED: _weighted, Ev.GROUP_MEAN: _group_mean, Ev.GROUP_SUM: _group_sum, Ev.BASE: _base,
    Ev.ADJUSTMENT: _adjustment, Ev.TOTAL: _total, Ev.TOTAL_DEFAULT: _total_default,
    Ev.TOTAL_CAP: lambda ev, s: _cap(ev, s, "total"), Ev.TOTAL_FLOOR: _total_floor, Ev.ROUND_TOTAL: _round_total,
    Ev.VETO: _veto, Ev.GRADE: _grade, Ev.GRADE_VETO: _grade_veto, Ev.EXCLUDE: exclude_full, Ev.FIELD: field_full,
}


# ------------------------------------------------------------------------------ population rules


def _keys_text(keys: tuple[ir.SortKey, ...], values: tuple[Value, ...]) -> str:
    return ", ".join(f"{format_expr(k.formula.expr)} {describe(v)}" for k, v in zip(keys, values, strict=True))


def _rank(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    tied = ev.fact("tied")
    return Phrase(f"{rule.name}: rank {ev.result} of {ev.fact('size')} in {ev.fact('group')} by {_keys_text(rule.keys, ev.fact('keys'))}",
                  None, (f"tied with {tied} other" if tied == 1 else f"tied with {tied} others") if tied else None)


def _percentile(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    return Phrase(f"{rule.name}: {ev.fact('lower')} of the other {ev.fact('size') - 1} in {ev.fact('group')} rank lower -> "
                  f"percentile {_show(ev.result)}")


def _dist_fallback(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    absolute = "the absolute grade " if rule.fallback == "bands" else ""
    return Phrase(f"{rule.name}: {ev.fact('group')} has {ev.fact('size')} people, fewer than {rule.min_group}, so no quotas apply: "
                  f"{absolute}{ev.result}")


def _dist_headcounts(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    plan = ", ".join(f"{q.label} {fmt_percent(q.value)} -> {c}" for q, c in zip(rule.quotas, ev.fact("counts"), strict=True))
    taken = ev.facts.get("taken", ())
    vetoed = ", ".join(f"{q.label} {n}" for q, n in zip(rule.quotas, taken, strict=True) if n)
    note = f"; vetoed people take their veto grade's places ({vetoed}), the others are ranked into the places left" if vetoed else ""
    given = ev.facts.get("given")
    if given is not None and tuple(given) != tuple(ev.fact("counts")):  # a tie across a line moved it
        got = ", ".join(f"{q.label} {n}" for q, n in zip(rule.quotas, given, strict=True))
        note += f"; a tie across a quota line (`boundary {rule.boundary.value}`) gave: {got}"
    return Phrase(f"{rule.name}: {ev.fact('size')} people in {ev.fact('group')}; headcounts by "
                  f"{rule.rounding.value.replace('_', ' ')}: {plan}{note}")


def _here(ev: TraceEvent, rule: Any) -> str:
    return f"your position {ev.fact('position')} ({_keys_text(rule.keys, ev.fact('keys'))})"


def _dist_veto(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    counted = f"takes one of grade {ev.result}'s places" if ev.fact("counted") else "takes no grade's place"
    return Phrase(f"{rule.name}: the veto “{ev.fact('veto')}” sets grade {ev.result}, not ranked against the others; it {counted}")


def _dist_position(ev: TraceEvent, s: Scheme) -> Phrase:
    first, last = ev.fact("first"), ev.fact("last")
    where = f"positions {first}-{last}" if last > first else f"position {first}"
    return Phrase(f"{_here(ev, _node(s, ev.node))} falls in grade {ev.result} ({where})")


def _dist_tie(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    lo, hi = ev.fact("tie")
    return Phrase(f"{_here(ev, rule)} is in a tie at positions {lo}-{hi}, across the {'/'.join(ev.fact('crossed'))} quota line; "
                  f"`boundary {rule.boundary.value}` gives {ev.result}")


def _grade_capped(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"grade capped by {_node(s, ev.node).name}: {ev.fact('before')} -> {ev.result}")


def _coefficient(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    return Phrase(f"{rule.name}: grade {ev.fact('label')} -> coefficient {show(ev.result, written_places(rule.values))}")


def _pool(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    amount, total = fmt_plain(ev.fact("amount")), fmt_display(ev.fact("total_weight"))
    weight = "weights (coefficient x proration)" if rule.prorate is not None else "coefficients"
    if rule.rounding.value == "each":
        note = (f"rounded half-up to {english_places(rule.places)} on its own, as `each half_up` says; the shares paid add up to "
                f"{show(ev.fact('paid'), rule.places)}, not necessarily the pool")
    else:
        note = f"rounded to {english_places(rule.places)} by largest remainder, so that the shares add up to the pool exactly"
    if ev.facts.get("withheld"):
        note = "a `no bonus` veto withholds the bonus this period: the share is 0"
    vetoed: tuple[Decimal, ...] = tuple(ev.fact("vetoed")) if "vetoed" in ev.facts else ()
    one = "weight" if rule.prorate is not None else "coefficient"
    left_out = ""
    if len(vetoed) == 1:
        left_out = f", leaving out the {one} {fmt_display(vetoed[0])} of 1 person whose bonus a `no bonus` veto withholds"
    elif vetoed:
        left_out = (f", leaving out the {one}s ({fmt_display(sum(vetoed, Decimal(0)))} in all) of {len(vetoed)} people "
                    "whose bonus a `no bonus` veto withholds")
    return Phrase(f"{rule.name}: pool {amount} for {ev.fact('group')} ({ev.fact('size')} people, {weight} sum to {total}{left_out}); "
                  f"your share = {amount} x {fmt_display(ev.fact('weight'))} / {total} = "
                  f"{fmt_rounding(ev.fact('exact'), rule.places)} -> {show(ev.result, rule.places)}", None, note)


def _shares(ev: TraceEvent, s: Scheme) -> Phrase:
    rank, tied = ev.fact("rank"), ev.fact("tied")
    note = f"{tied} people share rank {rank}: positions {rank}-{rank + tied - 1} are pooled and split equally" if tied > 1 else None
    if ev.facts.get("withheld"):
        note = "a `no bonus` veto withholds the bonus this period: the share is 0"
    return Phrase(f"{_node(s, ev.node).name}: rank {rank} in {ev.fact('group')} -> {fmt_display(ev.fact('share') * HUNDRED)}% of "
                  f"{fmt_plain(ev.fact('amount'))} = {show(ev.result, _node(s, ev.node).places)}", None, note)


def _normalise_first(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    avg = fmt_display(ev.fact("average"))
    rounded = [f"{step} to {english_places(p)}" for step, p in rule.rounding if step in ("average", "ratio", "first")]
    note = f"rounded half-up: {', '.join(rounded)}" if rounded else None
    if rule.places("ratio") is not None:
        ratio = fmt_display(ev.fact("ratio"))
        return Phrase(f"{rule.name}: {ev.fact('group')} average {avg}; ratio 100 / {avg} = {ratio}; first adjustment "
                      f"{fmt_display(ev.fact('score'))} x {ratio} = {_show(ev.result)}", None, note)
    return Phrase(f"{rule.name}: {ev.fact('group')} average {avg}; first adjustment {fmt_display(ev.fact('score'))} "
                  f"x 100 / {avg} = {_show(ev.result)}", None, note)


def _normalise_weight(ev: TraceEvent, s: Scheme) -> Phrase:
    cap = ev.fact("cap")
    cap_text = fmt_display(cap) if cap is not None else "n/a"
    ratio = f"{fmt_display(ev.fact('department'))} / lowest {fmt_display(ev.fact('lowest'))}"
    if ev.fact("rooted"):
        before = fmt_display(ev.fact("unrooted"))
        return Phrase(f"department weight = {ratio} = {before}; the largest weight exceeds the cap {cap_text}, so every "
                      f"weight is square-rooted: √{before} = {_show(ev.result)}")
    return Phrase(f"department weight = {ratio} (cap {cap_text} not exceeded) = {_show(ev.result)}")


def _normalise_result(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"normalised score = {fmt_display(ev.fact('first'))} x {fmt_display(ev.fact('weight'))} = "
                  f"{_show(ev.result)}")


def _flag(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    cond = rule.condition.expr
    evidence = []
    for label, values, ok in ev.fact("evidence"):
        if values is None:
            evidence.append(f"{label}: no record")
        else:
            lookup = plain_names(dict(values))
            evidence.append(f"{label}: {format_expr(cond, lookup)} -> {'yes' if ok else 'no'}")
    return Phrase(f"{rule.name}: `{format_expr(cond)}` for {rule.periods} consecutive {'period' if rule.periods == 1 else 'periods'} -> {'yes' if ev.result else 'no'}",
                  None, "; ".join(reversed(evidence)) + " (a flag for a person to decide on)")


def _rollup(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = _node(s, ev.node)
    over = rule.over.value.replace("_", "-")
    parts = ev.fact("parts")
    if rule.method.value == "weighted":
        listing = ", ".join(f"{p} {fmt_display(v)} x {fmt_display(w)}" for (p, v), w in zip(parts, ev.fact("weights"), strict=True))
        return Phrase(f"{rule.name}: weighted over the {over} so far ({listing}) / {fmt_display(ev.fact('weight_sum'))} = "
                      f"{_show(ev.result)}")
    listing = ", ".join(f"{p} {fmt_display(v)}" for p, v in parts)
    return Phrase(f"{rule.name}: {rule.method.value} over the {over} so far ({listing}) = {_show(ev.result)}")


def _any(v: object) -> str:
    """A value of any field (a number as explain shows it, a grade as written)."""
    return _show(v) if isinstance(v, Decimal) else describe(v)  # type: ignore[arg-type]


def _override(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{ev.fact('field')}: overridden, computed {_any(ev.fact('computed'))}, final {_any(ev.result)}",
                  _any(ev.result), f"reason: {ev.fact('reason')}; approved by {ev.fact('approver')}; "
                  f"{ev.fact('file')} row {ev.fact('row')}", result_in_detail=True)


PHRASES_POPULATION: dict[Ev, Callable[[TraceEvent, Scheme], Phrase]] = {
    Ev.RANK: _rank, Ev.PERCENTILE: _percentile, Ev.DIST_FALLBACK: _dist_fallback, Ev.DIST_HEADCOUNTS: _dist_headcounts,
    Ev.DIST_POSITION: _dist_position, Ev.DIST_TIE: _dist_tie, Ev.DIST_VETO: _dist_veto, Ev.GRADE_CAPPED: _grade_capped, Ev.COEFFICIENT: _coefficient,
    Ev.POOL: _pool, Ev.SHARES: _shares, Ev.NORMALISE_FIRST: _normalise_first, Ev.NORMALISE_WEIGHT: _normalise_weight,
    Ev.NORMALISE_RESULT: _normalise_result, Ev.FLAG: _flag, Ev.ROLLUP: _rollup, Ev.ROLLUP_WHOLE: rollup_whole, Ev.AGGREGATE: aggregate_full,
    Ev.OVERRIDE: _override,
}

SECTIONS = {
    "input": "Inputs (from the data)",
    "indicator": "Indicators",
    "weight": "Combining the scores",
    "group": "Combining the scores",
    "base": "Combining the scores",
    "deduct": "Deductions and bonuses",
    "bonus": "Deductions and bonuses",
    "total": "Total",
    "veto": "Vetoes",
    "grade": "Grade",
    "population": "Population rules (computed over everyone in the period)",
    "periods": "Across periods (from the employee's own periods)",
    "exclude": "Eligibility",
    "field": "Values shown (not scored)",
    "aggregate": "Group values (computed over the records of the period)",
    "override": "Overrides (changed by people after calibration)",
}


def _header(s: Scheme, data: RecordData, main: str) -> list[str]:
    head = [f"{s.title} — record {data.id}" + (f", period {data.period}" if data.period else ""), f"scheme file: {main}"]
    if s.version is not None:
        head.append(f"scheme version: {s.version}")
    return head


def _summary(s: Scheme, data: RecordData) -> str:
    if data.excluded is not None:
        return f"result: not appraised ({data.excluded})"
    parts = [f"total: {show(data.total, s.total.round_places)}"]
    if data.grade is not None:
        parts.append(f"grade: {data.grade}")
    if not data.bonus_eligible:
        parts.append("performance bonus: withheld by veto (" + ", ".join(v.label for v in data.vetoes if v.effect == "no_bonus") + ")")
    if data.overrides:
        parts.append("overridden: " + ", ".join(f"{o.field} {_any(o.computed)} -> {_any(o.final)}" for o in data.overrides))
    return "result: " + "; ".join(parts)


#: English.
ENGLISH = Language({**PHRASES_RECORD, **PHRASES_POPULATION}, SECTIONS, _header, _summary, reply=REPLY)
