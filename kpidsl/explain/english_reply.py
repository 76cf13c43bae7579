"""The English appeal reply (`kpi explain --lang en`, the default detail): written for an
employee who disputes a score, in plain words.

Each indicator is one sentence: its data, the rule applied and the result, and how far the next
better tier is; formulas show each value after its name, with × ÷ − for the signs; the rule
lines are quoted under the sentence. Events not listed here use their full-trace phrase
(`english.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import ir
from ..data.guards import NAME_HEADERS
from ..outcome import RecordData
from ..refs import Ref
from ..trace import Ev, TraceEvent
from ..values import Value, describe
from . import Phrase
from .common import (
    Gap,
    Names,
    at_top,
    band_gap,
    computed,
    condition_words,
    fmt_display,
    has_branches,
    indicator_of,
    is_ratio,
    member_score,
    member_weight,
    named,
    node,
    num,
    owner_name,
    ref_name,
    show,
    single_read,
    sum_text,
    tier_result,
    value_text,
    weighted_group,
    worded,
)
from .english_fields import aggregate_reply, exclude_reply, field_reply
from .facts import conclusion_values, input_value, record_name
from .reply import Reply, ReplyPhrase

Scheme = ir.Scheme

#: The word for an indicator's own value in a formula.
OWN_VALUE = "value"

#: Why an outcome applied or an item was skipped.
CAUSES = {"zero": "the denominator is 0", "zero_in_score": "the denominator of the score is 0", "missing": "a value is missing"}


#: A condition in words (`common.condition_words`).
CONDITIONS = {">=": "{x} or more", ">": "above {x}", "<=": "{x} or less", "<": "below {x}", "==": "exactly {x}",
              "!=": "other than {x}", "[]": "from {a} to {b}", "[)": "from {a} up to (not including) {b}",
              "(]": "above {a}, up to {b}", "()": "between {a} and {b} (neither included)", "else": "any other value"}


def cond_words(cond: ir.Cond, ratio: bool) -> str:
    """A tier's or band's condition in words: `>= 95%` -> 95% or more."""
    return condition_words(cond, ratio, CONDITIONS)


#: The scheme's results, as formulas name them.
RESULT_WORDS = {"total": "total", "total_exact": "unrounded total", "base_score": "base score", "deductions": "deductions",
                "bonuses": "bonuses", "grade": "grade"}

#: Another period's value, as formulas read it.
HISTORY_WORDS = {"prev": "previous {}", "last_year": "{} last year"}

#: A part of another indicator or group (`X.value`), a step of a normalisation (`标准分.average`).
PART_WORDS = {"value": "the value of {}", "contribution": "the weighted score of {}", "skipped": "whether {} was skipped"}
STEP_WORDS = {"average": "the department average of {}", "ratio": "the adjustment ratio of {}",
              "first": "the first adjustment of {}", "department": "the department score of {}",
              "weight": "the department weight of {}", "cap": "the weight cap of {}", "rooted": "whether {} took square roots"}

#: What an aggregate computes.
AGGREGATE_WORDS = {"mean": "mean", "sum": "sum", "min": "lowest", "max": "highest", "median": "median", "count": "count"}


def aggregate_name(agg: ir.Aggregate) -> str:
    """An aggregate as a formula reads it, in words: `mean(total within 部门)` -> the mean total of
    the same 部门, `count(within 小组)` -> the number of people in the same 小组."""
    scope = f"the same {', '.join(agg.within.columns)}" if agg.within.columns else "everyone"
    if agg.where is not None:
        scope += f" where {named(agg.where.expr, lambda ref: ref_name(ref, None, NAMES))}"
    if agg.expr is None:
        what = f"number of {', '.join(agg.per.columns)}" if agg.per is not None else "number of people"
        return f"the {what} in {scope}"
    per = f" (one value per {', '.join(agg.per.columns)})" if agg.per is not None else ""
    value = named(agg.expr.expr, lambda ref: ref_name(ref, None, NAMES))
    return f"the {AGGREGATE_WORDS[agg.func.value]} {value} of {scope}{per}"


#: How English formulas name what they read.
NAMES = Names(OWN_VALUE, RESULT_WORDS, HISTORY_WORDS, PART_WORDS, STEP_WORDS, aggregate_name)


def name_in(ev: TraceEvent, s: Scheme) -> Callable[[Ref], str]:
    """How the formulas of an event name what they read."""
    return lambda ref: ref_name(ref, owner_name(ev), NAMES, s)


def _pair(label: str, value: Value) -> str:
    """A name and its value: `迟到早退次数 3`, a yes/no as `重大安全事故: yes`."""
    return f"{label}: {'yes' if value else 'no'}" if isinstance(value, bool) else f"{label} {show(value)}"


def _worded(s: Scheme, ev: TraceEvent, expr: ir.Expr) -> str:
    return worded(expr, ev.values(), name_in(ev, s), _pair)


def _computed(s: Scheme, ev: TraceEvent, expr: ir.Expr, result: str) -> str:
    """A formula and its result: substituted, or, when it chooses between values, the values it read."""
    return computed(ev, expr, result, name_in(ev, s), _pair,
                    ("by the formula below, with {values}: {result}", "by the formula below: {result}", ", "))


def points(value: object) -> str:
    """`1 point`, `2.5 points`."""
    return f"{show(value)} point{'' if value == 1 else 's'}"


def _gap(s: Scheme, ev: TraceEvent, ratio: bool) -> str | None:
    gap = Gap.of(s, ev)
    if gap is None:
        return None
    goal = f"the tier “{cond_words(gap.tier.cond, ratio)}” ({points(tier_result(gap.tier) or 0)})"
    if gap.strict:
        text = f"{goal} needs {'above' if gap.up else 'below'} {gap.bound(ratio)}"
    else:
        text = f"{gap.amount(ratio, ' percentage points', ' percentage point')} {'short of' if gap.up else 'over'} {goal}"
    if gap.units is not None:
        name, now, needed = gap.units
        change = fmt_display(abs(needed - now))
        text += (f", that is {change} more {name} ({fmt_display(needed)} needed)" if needed > now
                 else f", that is {change} fewer {name} (down to {fmt_display(needed)})")
    return text


def _input(ev: TraceEvent, s: Scheme) -> Phrase:
    inp = node(s, ev.node)
    label = f" (column “{inp.label}”)" if inp.label and inp.label != inp.name else ""
    default = " (not in the data: the scheme's default)" if ev.fact("defaulted") else ""
    return Phrase(f"{inp.name}{label}: {input_value(inp, ev.result)}{default}")


def _indicator(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = indicator_of(s, ev)
    return Phrase(f"{ind.name} (weight {ind.weight.text}):" if ind.weight else f"{ind.name}:")


def _value(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = indicator_of(s, ev)
    f = node(s, ev.node)
    shown = value_text(ev.result, is_ratio(s, ind))
    read = single_read(f.expr)
    if read is not None:
        return Phrase(f"{name_in(ev, s)(read.ref)} {'has no value' if ev.result is None else f'is {shown}'}")
    return Phrase(_computed(s, ev, f.expr, shown))


def _value_zero(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{_worded(s, ev, node(s, ev.node).expr)} cannot be computed ({ev.fact('denominator')} is 0)")


def _outcome(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"the scheme counts it as {describe(ev.result)} when {CAUSES[ev.fact('cause')]}")


def _skip(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"left out this period ({CAUSES[ev.fact('cause')]}); its weight goes to the other indicators")


def _score_ladder(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = indicator_of(s, ev)
    ratio = is_ratio(s, ind)
    tier = node(s, ev.node).ladder.tiers[ev.fact("tier")]
    gap = _gap(s, ev, ratio)
    text = f"in the tier “{cond_words(tier.cond, ratio)}”, which gives {points(ev.result)}"
    return Phrase(text + (f"; {gap}" if gap else "" if ev.facts.get("given") else ", the top tier"))


def _score_scale(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"rated “{ev.fact('level')}”, {points(ev.result)}")


def _score_proportional(ev: TraceEvent, s: Scheme) -> Phrase:
    ratio = is_ratio(s, indicator_of(s, ev))
    v, t = (value_text(ev.fact(x), ratio) for x in ("value", "target"))
    f = fmt_display(ev.fact("full"))
    return Phrase(f"scored in proportion: {v} ÷ target {t} × full marks {f} = {points(ev.result)}")


def _score_formula(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    read = single_read(f.expr)
    if read is not None and name_in(ev, s)(read.ref) == OWN_VALUE:
        return Phrase(f"which is the score: {points(ev.result)}")
    if read is not None:
        return Phrase(f"the score is {name_in(ev, s)(read.ref)}, {points(ev.result)}")
    if isinstance(f.expr, ir.Literal | ir.Constant):  # `score 10`: a fixed score, not `score = 10 = 10 points`
        return Phrase(f"the scheme gives this item {points(ev.result)}")
    if has_branches(f.expr):
        return Phrase(f"scored {_computed(s, ev, f.expr, points(ev.result))}")
    return Phrase(f"score = {_computed(s, ev, f.expr, points(ev.result))}")


def _score_value(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"which is the score: {points(ev.result)}")


def _rater(ev: TraceEvent, s: Scheme) -> Phrase:
    r = node(s, ev.node)
    marks = ev.facts.get("marks")
    if marks is not None:  # marked with a scale's labels: the label, then its points
        shown = ", ".join(f"“{m}” ({points(v)})" for m, v in zip(marks, ev.fact("values"), strict=True) if m is not None)
        return Phrase(f"{r.role} marked {shown}" + (f", {show(ev.result)} on average" if ev.fact("given") > 1 else ""))
    if len(r.inputs) > 1:
        return Phrase(f"{r.role} ({ev.fact('given')} raters) {show(ev.result)} on average")
    return Phrase(f"{r.role} {show(ev.result)}")


def _raters_missing(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    names = ", ".join(ev.fact("absent"))
    if sc.missing.value == "zero":
        return Phrase(f"{names} gave no score, which the scheme counts as 0")
    return Phrase(f"{names} gave no score and, as the scheme says, is left out of the average")


def _score_raters(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    if sc.method.value == "weighted":
        return Phrase(f"weighted together: {points(ev.result)}")
    if sc.method.value == "trimmed":
        return Phrase(f"the mean without the {sc.trim} highest and {sc.trim} lowest: {points(ev.result)}")
    return Phrase(f"the mean of the {len(ev.fact('present'))}: {points(ev.result)}")


def _cap(ev: TraceEvent, s: Scheme) -> Phrase:
    cap = show(ev.result)
    return Phrase(f"above the cap of {cap}, so {points(ev.result)}")


def _floor(ev: TraceEvent, s: Scheme) -> Phrase:
    floor = show(ev.result)
    return Phrase(f"below the floor of {floor}, so {points(ev.result)}")


def _adjustment(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = node(s, ev.node)
    amount = num(ev.result)
    cap = ev.fact("cap")
    capped = f", capped at {fmt_display(cap)}" if cap is not None else ""
    what = f"{'deduction' if adj.kind.value == 'deduct' else 'bonus'} “{adj.label}”"
    body = _computed(s, ev, adj.amount.expr, points(amount)) if ev.values() else points(amount)
    return Phrase(f"{what}: {body}{capped}")


def _deduct_from(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = node(s, ev.node)
    taken, rest = fmt_display(ev.fact("taken")), ev.fact("rest")
    text = f"{taken} taken from this indicator, which keeps {show(ev.result)}"
    if rest > 0 and adj.spill:
        text += f"; the {fmt_display(rest)} it could not cover comes off the total"
    elif rest > 0:
        text += f"; the {fmt_display(rest)} it could not cover is not deducted"
    return Phrase(text)


def _round_score(ev: TraceEvent, s: Scheme) -> Phrase:
    places = indicator_of(s, ev).round_places
    return Phrase(f"rounded half-up to {places} decimal place{'s' if places != 1 else ''}: {points(ev.result)}")


def _group_name(ev: TraceEvent, s: Scheme) -> str:
    return str(node(s, ev.node).name or "the base score")


def _weights(ev: TraceEvent, s: Scheme) -> Phrase:
    skipped = ev.fact("skipped")
    note = f" ({', '.join(skipped)} left out, the other weights scaled up)" if skipped else ""
    name = _group_name(ev, s)
    return Phrase(f"{name[0].upper()}{name[1:]} adds up the weighted scores{note}:")


def _weighted(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{ev.fact('member')} {member_score(ev, s)} × {member_weight(ev, s)} = {show(ev.result)}")


def _group_sum(ev: TraceEvent, s: Scheme) -> Phrase:
    if weighted_group(s, ev):
        return Phrase(f"{points(ev.result)} in all")
    return Phrase(f"{_group_name(ev, s)} = {sum_text(ev.fact('parts'))} = {points(ev.result)}")


def _group_mean(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{_group_name(ev, s)} is the mean of {', '.join(fmt_display(v) for v in ev.fact('parts'))}: "
                  f"{points(ev.result)}")


def _base(ev: TraceEvent, s: Scheme) -> Phrase:
    if weighted_group(s, ev):
        return Phrase(f"{points(ev.result)} in all")
    parts = ev.fact("parts")
    if len(parts) == 1:
        return Phrase(f"The base score is {points(ev.result)}")
    return Phrase(f"The base score = {sum_text(parts)} = {points(ev.result)}")


def _total(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    read = single_read(f.expr)
    if read is not None:
        return Phrase(f"The total is {name_in(ev, s)(read.ref)}, {points(ev.result)}")
    return Phrase(f"Total = {_computed(s, ev, f.expr, points(ev.result))}")


def _total_default(ev: TraceEvent, s: Scheme) -> Phrase:
    b, d, bo = (fmt_display(ev.fact(x)) for x in ("base", "deductions", "bonuses"))
    return Phrase(f"Total = base score {b} − deductions {d} + bonuses {bo} = {points(ev.result)}")


def _round_total(ev: TraceEvent, s: Scheme) -> Phrase:
    places = s.total.round_places
    return Phrase(f"rounded half-up to {places} decimal place{'s' if places != 1 else ''} as the scheme says: "
                  f"{show(ev.result, places)}")


def _veto(ev: TraceEvent, s: Scheme) -> Phrase:
    v = node(s, ev.node)
    cond = _worded(s, ev, v.condition.expr)
    plain = single_read(v.condition.expr) is not None  # a yes/no value says its own verdict (`重大投诉：否`)
    if not ev.result:  # the condition said with its verdict, never as a bare claim (`2999.99 ≥ 3000`)
        return Phrase(f"“{v.label}” ({cond}{'' if plain else ' does not hold'}): does not apply")
    effect = "no performance bonus this period, whatever the score" if v.effect.value == "no_bonus" else f"the grade is {v.grade}"
    return Phrase(f"“{v.label}” ({cond}{'' if plain else ' holds'}): it applies, so {effect}")


def _grade_gap(s: Scheme, ev: TraceEvent) -> str | None:
    found = band_gap(s, ev)
    if found is None:
        return None
    band, target, gap, strict = found
    if strict:
        return f"more than {points(gap)} short of grade {band.label} (above {fmt_display(target)})"
    return f"{points(gap)} short of grade {band.label} ({fmt_display(target)})"


def _grade(ev: TraceEvent, s: Scheme) -> Phrase:
    band = node(s, ev.node)
    places = s.total.round_places if ev.fact("reads") == "rounded" else None
    total = show(ev.fact("total"), places)
    where = "is in none of the other grades' bands" if band.cond.text == "else" else f"is in the band “{cond_words(band.cond, False)}”"
    gap = _grade_gap(s, ev)
    top = ", the top grade" if at_top(ev) else ""
    return Phrase(f"The total {total} {where}: grade {band.label}" + (f"; {gap}" if gap else top))


def _override(ev: TraceEvent, s: Scheme) -> Phrase:
    field = ev.fact("field")
    return Phrase(f"The {field} was changed by people: computed {show(ev.fact('computed'))}, changed to {show(ev.result)} "
                  f"(reason: {ev.fact('reason')}; approved by {ev.fact('approver')})")


def _grade_veto(ev: TraceEvent, s: Scheme) -> Phrase:
    if str(ev.facts.get("before")) == str(ev.result):
        return Phrase(f"and a veto sets the grade to {ev.result} as well")
    return Phrase(f"but a veto sets the grade to {ev.result}")


def _lookup(ev: TraceEvent, s: Scheme) -> Phrase:
    """A row of a named table a formula called (`等级(value)`): what the value gives there."""
    row = node(s, ev.fact("row"))
    table = ev.fact("row").rsplit("/", 1)[0]
    name = table.split(":", 1)[1] if ":" in table else table
    value = show(ev.fact("value"))
    if isinstance(row, ir.Tier):
        return Phrase(f"on the ladder {name}, {value} is in the tier “{cond_words(row.cond, False)}”: {show(ev.result)}")
    if isinstance(row, ir.Level):
        return Phrase(f"on the scale {name}, {value} is {show(ev.result)}")
    return Phrase(f"{value} is in the band {row.label} of {name} ({cond_words(row.cond, False)})")


PHRASES: dict[Ev, ReplyPhrase] = {
    Ev.INPUT: _input, Ev.INDICATOR: _indicator, Ev.VALUE: _value, Ev.VALUE_ZERO: _value_zero, Ev.OUTCOME: _outcome,
    Ev.SKIP: _skip, Ev.SCORE_LADDER: _score_ladder, Ev.SCORE_SCALE: _score_scale, Ev.SCORE_PROPORTIONAL: _score_proportional,
    Ev.SCORE_FORMULA: _score_formula, Ev.SCORE_VALUE: _score_value, Ev.RATER: _rater, Ev.RATERS_MISSING: _raters_missing,
    Ev.SCORE_RATERS: _score_raters, Ev.CAP: _cap, Ev.FLOOR: _floor, Ev.ADJUSTMENT: _adjustment, Ev.DEDUCT_FROM: _deduct_from,
    Ev.ROUND_SCORE: _round_score, Ev.WEIGHTS: _weights, Ev.WEIGHTED: _weighted, Ev.GROUP_SUM: _group_sum,
    Ev.GROUP_MEAN: _group_mean, Ev.BASE: _base, Ev.TOTAL: _total, Ev.TOTAL_DEFAULT: _total_default, Ev.TOTAL_CAP: _cap,
    Ev.TOTAL_FLOOR: _floor, Ev.ROUND_TOTAL: _round_total, Ev.VETO: _veto, Ev.GRADE: _grade, Ev.GRADE_VETO: _grade_veto,
    Ev.OVERRIDE: _override,
    Ev.EXCLUDE: lambda ev, s: exclude_reply(ev, s, name_in(ev, s), _pair),
    Ev.FIELD: lambda ev, s: field_reply(ev, s, name_in(ev, s), _pair),
    Ev.AGGREGATE: lambda ev, s: aggregate_reply(ev, s, name_in(ev, s)),
    Ev.LOOKUP: _lookup, Ev.BRANCH: lambda ev, s: None,  # the branch a formula took: its values and its quoted lines say it
}

SECTIONS = {
    "input": "Your data",
    "exclude": "Whether you are appraised",
    "aggregate": "Group values (over the records of your group this period)",
    "indicator": "Each indicator",
    "combine": "Adding up",
    "adjust": "Deductions and bonuses",
    "total": "Total",
    "veto": "Vetoes",
    "grade": "Grade",
    "population": "Ranking and pay (computed over everyone in the period)",
    "periods": "Across periods (from your own periods' values)",
    "field": "Other values shown (not part of the total)",
    "override": "Changed by people (after calibration)",
}


def _title(s: Scheme, data: RecordData, main: str) -> list[str]:
    who = [f"ID {data.id}"]
    name = record_name(data, NAME_HEADERS)
    if name:
        who.append(f"name {name}")
    if data.period:
        who.append(f"period {data.period}")
    version = f" (version {s.version})" if s.version is not None else ""
    head = [f"{s.title}: how your result was computed", ", ".join(who), f"Scheme: {main}{version}", ""]
    if data.excluded is not None:
        return [*head, f"In short: you are not appraised this period because of “{data.excluded}”, so there is no total and "
                       "no grade."]
    parts = [f"total {show(data.total, s.total.round_places)}"]
    if data.grade is not None:
        parts.append(f"grade {data.grade}")
    parts += [f"{name} {value}" for name, value in conclusion_values(s, data)]
    conclusion = ", ".join(parts)
    if not data.bonus_eligible:
        vetoed = ", ".join(f"“{v.label}”" for v in data.vetoes if v.effect == "no_bonus")
        conclusion += f"; no performance bonus this period because of the veto {vetoed}"
    if data.overrides:
        conclusion += "; changed by people: " + ", ".join(o.field for o in data.overrides) + " (see below)"
    return [*head, f"In short: {conclusion}."]


def _sentence(clauses: Sequence[str]) -> str:
    out = ""
    for c in clauses:
        out += c if not out else (" " + c if out.endswith(":") else ", " + c)
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    return out if out.endswith((".", ":")) else out + "."


def _where(place: str | None, lines: tuple[int, int]) -> str:
    first, last = lines
    numbers = f"line {first}" if first == last else f"lines {first}-{last}"
    if place is None:
        return f"scheme {numbers}"
    if place.startswith("std:"):
        return f"stdlib {place[4:]} {numbers}"
    return f"{place} {numbers}"


def _quote(place: str | None, lines: tuple[int, int], text: str, effective: str | None) -> str:
    return f"{_where(place, lines)}: “{text}”" + (f" (here: {effective})" if effective else "")


def _quoted_above(place: str | None, lines: tuple[int, int]) -> str:
    return f"{_where(place, lines)} (quoted above)"


def _section_end(key: str, shown: int, omitted: int, data: RecordData) -> list[str]:
    if key != "adjust":
        return []
    if not shown and (data.deductions or data.bonuses):  # a deduction `from` an item spilt into the total
        return [f"No deduction or bonus besides those said under the indicators above; counted in the total: "
                f"deductions {show(data.deductions)}, bonuses {show(data.bonuses)}."]
    if not shown:
        return ["Every deduction and bonus is 0."]
    lines = [] if not omitted else ["All the others are 0."]
    lines.append(f"Counted in the total: deductions {show(data.deductions)}, bonuses {show(data.bonuses)}.")
    return lines


def _closing(data: RecordData) -> list[str]:
    return ["Every step above follows the scheme as written, from the data listed in section 1. "
            "If that data differs from your own records, please say so and it will be checked."]


REPLY = Reply(PHRASES, SECTIONS, _title, lambda n, text: f"{n}. {text}", lambda i, text: f"{i}) {text}", _sentence,
              lambda note: f" ({note})", "Based on: ", _quote, _section_end, _closing,
              _quoted_above, "Where: ")
