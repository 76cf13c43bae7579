"""What every language's phrases share: numbers by the display rule, formulas printed with their
values, the IR node an event names, and the plain reading of a tier's condition. No wording
lives here (each language writes its own); these are the facts a sentence is built from."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .. import display, ir
from ..ir.text import NOT_FOUND, Shown, format_expr
from ..kinds import Unit
from ..messages import output as out_msg
from ..prebuilt import dataclass
from ..refs import (
    AggregateRef,
    Field,
    FieldRef,
    GroupRef,
    HistoryRef,
    IndicatorRef,
    InputRef,
    Ref,
    Result,
    ResultRef,
    RuleRef,
)
from ..trace import TraceEvent
from ..values import Value, describe

Scheme = ir.Scheme


def num(v: object) -> Decimal:
    assert isinstance(v, Decimal), v
    return v


def fmt_display(v: Decimal, places: int | None = None) -> str:
    """A number by the display rule (`display.number`)."""
    return display.number(v, places)


def fmt_plain(v: Decimal) -> str:
    """A number by the display rule (kept for the phrase modules' older name)."""
    return display.number(v)


def fmt_percent(v: Decimal) -> str:
    return display.percent(v)


def fmt_rounding(before: Decimal, places: int | None) -> str:
    """A value shown next to its half-up rounding to `places`: the deciding digit is shown."""
    return display.number(before, at_least=(places or 0) + 1)


def show(v: object, places: int | None = None) -> str:
    """Any value: a number by the display rule (with `places` when declared), else `describe`."""
    if isinstance(v, Decimal):
        return display.number(v, places)
    return describe(v)  # type: ignore[arg-type]


def node(s: Scheme, node_id: str) -> Any:
    return s.node(node_id)


def indicator_of(s: Scheme, ev: TraceEvent) -> ir.Indicator:
    found = s.node(ev.node.split("/")[0])
    assert isinstance(found, ir.Indicator)
    return found


def formula(expr: ir.Expr, values: dict[str, Value], s: Scheme | None = None) -> str:
    """`written = substituted` (just `written` when nothing was substituted). Values read follow
    the display rule: yes/no in the language's words; given the scheme, a percent input as a
    percentage (`客户满意度 = 94.5%`, not 0.945)."""
    percents = {i.name for i in s.inputs if i.type.name == "percent"} if s is not None else set()

    def lookup(ref: Ref) -> object:
        value = values.get(ref.key, NOT_FOUND)
        if isinstance(value, bool):
            return Shown(out_msg.yes() if value else out_msg.no())
        if isinstance(value, Decimal) and ref.key in percents:
            return Shown(display.percent(value))
        return value

    written = format_expr(expr)
    substituted = format_expr(expr, lookup)
    return written if substituted == written else f"{written} = {substituted}"


#: The arithmetic signs of a formula as a person reads them (× ÷ −).
READABLE_SIGNS = {"*": "×", "/": "÷", "-": "−"}

#: The signs of a Chinese reply: comparisons in mathematical signs and `and`/`or` in words, so that
#: a condition reads `事假天数 0 ≥ 7 或 病假天数 0 ≥ 15`, with no English word in it.
CHINESE_SIGNS = {**READABLE_SIGNS, ">=": "≥", "<=": "≤", "==": "=", "!=": "≠", "and": "且", "or": "或"}


def _pair(label: str, value: Value) -> str:
    return f"{label} {show(value)}"


def worded(expr: ir.Expr, values: Mapping[str, Value], name_of: Callable[[Ref], str],
           pair: Callable[[str, Value], str] = _pair, signs: Mapping[str, str] = READABLE_SIGNS) -> str:
    """A formula for people: each value read shown after its name (`按时完成采购单数 96 ÷ 计划采购单数
    100`, by `pair`), with × ÷ − for the signs; a name with no value is shown as written."""

    def lookup(ref: Ref) -> object:
        if ref.key not in values:
            return NOT_FOUND
        value = values[ref.key]
        label = name_of(ref)
        return Shown(pair(label, value) if label else show(value))

    return format_expr(expr, lookup, signs)


def single_read(expr: ir.Expr) -> ir.Read | None:
    """The read a formula consists of, if it is just one name (`score 供应商管理评分`)."""
    return expr if isinstance(expr, ir.Read) else None


@dataclass(frozen=True)
class Names:
    """How one language names what a formula reads, in words: `value` of the indicator being
    explained (数值), the scheme's results (`total` -> 总分), another period's value (`prev` ->
    `上期{}`), a part of another indicator or group (`X.value` -> `X的数值`), a step of a
    population rule (`标准分.average`), and an aggregate (`mean(总分 within 部门)` -> 同部门总分平均值)."""

    own_value: str
    results: Mapping[str, str]
    history: Mapping[str, str]
    parts: Mapping[str, str]
    rule_parts: Mapping[str, str]
    aggregate: Callable[[ir.Aggregate], str]


def ref_name(ref: Ref, own: str | None, words: Names, scheme: Scheme | None = None) -> str:
    """How a worded formula names what it read (see `Names`); a name with no words of its own is
    the name as written. An aggregate is named in words when the scheme is given, else as written."""
    if isinstance(ref, IndicatorRef) and ref.field is Field.VALUE and ref.name == own:
        return words.own_value
    match ref:
        case HistoryRef(when=when, of=of):
            return words.history[when.value].format(ref_name(of, own, words, scheme))
        case InputRef(name=name):
            return name
        case ResultRef():
            return words.results.get(ref.key, ref.key)
        case IndicatorRef(name=name, field=part) | GroupRef(name=name, field=part) if part is not Field.SCORE:
            return words.parts.get(part.value, "{}." + part.value).format(name)
        case RuleRef(name=name, part=str(part)):
            return words.rule_parts.get(part, "{}." + part).format(name)
        case AggregateRef(id=agg_id):
            found = scheme.node(agg_id) if scheme is not None else None
            return words.aggregate(found) if isinstance(found, ir.Aggregate) else agg_id.split(":", 1)[1]
    return ref.key


def named(expr: ir.Expr, name_of: Callable[[Ref], str]) -> str:
    """A formula with the names it reads in words (`total` -> 总分), nothing substituted."""
    return format_expr(expr, lambda ref: Shown(name_of(ref)), READABLE_SIGNS)


def keys_text(keys: tuple[ir.SortKey, ...], values: tuple[Value, ...], name_of: Callable[[Ref], str]) -> str:
    """A ranking's keys with this record's values: `总分 85`."""
    return "、".join(f"{named(k.formula.expr, name_of)} {show(v)}" for k, v in zip(keys, values, strict=True))


def is_ratio(s: Scheme, ind: ir.Indicator) -> bool:
    """Whether an indicator's value reads as a percentage: its ladder's bounds are written as
    percentages, its value is a percent input, or a ratio of two counts (on-time orders / planned
    orders); not a quotient such as hours per fault. (An indicator's `unit "%"` is not enough:
    the stdlib writes it for scores out of 100 too.)"""
    sc = ind.scoring
    if isinstance(sc, ir.LadderScoring) and sc.ladder.uses_percent:
        return True
    if ind.value is None:
        return False
    if ind.value.kind.unit is Unit.PERCENT:
        return True
    e = ind.value.expr
    while isinstance(e, ir.Call) and e.func in ("min", "max", "clamp") and e.args:
        e = e.args[0]
    if isinstance(e, ir.Binary) and e.op == "-" and isinstance(e.left, (ir.Literal, ir.Folded, ir.Constant)):
        e = e.right
    return isinstance(e, ir.Binary) and e.op == "/" and e.left.kind.unit is Unit.COUNT and e.right.kind.unit is Unit.COUNT


def sum_text(parts: Sequence[Decimal]) -> str:
    """Parts added up as a person writes it: `89.9 − 3.6`, not `89.9 + -3.6`."""
    out = ""
    for i, p in enumerate(parts):
        if i == 0:
            out = show(p)
        else:
            out += f" − {show(-p)}" if p < 0 else f" + {show(p)}"
    return out


def has_branches(expr: ir.Expr) -> bool:
    """Whether a formula chooses between values (`if ... then ... else`): shown by its values and
    its quoted lines rather than substituted."""
    return any(isinstance(e, ir.If) for e in ir.walk(expr))


def value_text(v: Value, ratio: bool) -> str:
    """A value as explain shows it: a ratio as a percentage (`96%`), anything else as it is."""
    if ratio and isinstance(v, Decimal):
        return display.percent(v)
    return show(v)


def item_value(s: Scheme, ev: TraceEvent) -> str:
    """An indicator's value in the full trace, by the display rule: a ratio as a percentage (94.5%)."""
    if isinstance(ev.result, Decimal) and is_ratio(s, indicator_of(s, ev)):
        return display.percent(ev.result)
    return describe(ev.result)


def bound_text(b: ir.Bound, ratio: bool) -> str:
    """A bound of a tier or band: its value, as a percentage when the ladder reads ratios."""
    return display.percent(b.value) if ratio or b.text.endswith("%") else display.number(b.value)


def tier_result(t: ir.Tier) -> Value:
    """The points a tier gives, when they are a constant (they always are once folded)."""
    e = t.result
    if isinstance(e, (ir.Literal, ir.Constant, ir.Folded)):
        return e.value
    return None


def tier_points(t: ir.Tier) -> str:
    v = tier_result(t)
    return show(v) if v is not None else format_expr(t.result)


def member_score(ev: TraceEvent, s: Scheme) -> str:
    """A group member's score in a `WEIGHTED` event, in the places its indicator declares."""
    member = ev.fact("member")
    places = next((i.round_places for i in s.indicators if i.name == member), None)
    return show(ev.fact("score"), places)


def member_weight(ev: TraceEvent, s: Scheme, times: str = "×", over: str = "÷") -> str:
    """A group member's weight as written, with the re-weighting around skipped items
    (`40% × 100% ÷ 75%`)."""
    group = node(s, ev.node)
    w = dict(zip(group.members, group.member_weights, strict=True))[ev.fact("member")]
    text: str = w.text if w else ""
    if ev.fact("scaled"):
        scale = "" if ev.fact("all") == 1 else f" {times} {display.percent(ev.fact('all'))}"
        text = f"{text}{scale} {over} {display.percent(ev.fact('present'))}"
    return text


# ------------------------------------------------------------------------------ facts every language words


def condition_words(cond: ir.Cond, ratio: bool, words: Mapping[str, str]) -> str:
    """A tier's or band's condition in a language's words: `words` holds a template per operator
    (`>=`: `{x} 及以上`) and per interval shape (`[)`: `{a}（含）至 {b}（不含）`), and `else`."""
    match cond:
        case ir.Comparison(op=op, bound=b):
            return words[op].format(x=bound_text(b, ratio))
        case ir.Interval(low=lo, high=hi, low_inclusive=li, high_inclusive=hi_inc):
            shape = ("[" if li else "(") + ("]" if hi_inc else ")")
            return words[shape].format(a=bound_text(lo, ratio), b=bound_text(hi, ratio))
    return words["else"]


class Gap:
    """How far the next better tier is (the facts of a `SCORE_LADDER` event, interp/gaps.py)."""

    def __init__(self, s: Scheme, ev: TraceEvent) -> None:
        self.tier: ir.Tier = node(s, ev.node).ladder.tiers[ev.fact("better")]
        value, self.target = num(ev.fact("value")), num(ev.fact("target"))
        #: Whether the value must rise to reach the tier (else fall).
        self.up = self.target > value or (self.target == value and self.tier.cond.holds(value + abs(value) + 1))
        self.distance = abs(self.target - value)
        #: The bound itself is not in the tier: the value must pass it.
        self.strict = bool(ev.fact("strict"))
        #: (a count input, its value, the value that reaches the tier), when a count moves the value.
        self.units: tuple[str, Decimal, Decimal] | None = ev.fact("units")

    @staticmethod
    def of(s: Scheme, ev: TraceEvent) -> Gap | None:
        return Gap(s, ev) if ev.fact("better") is not None else None

    def amount(self, ratio: bool, points_word: str, one_point: str | None = None) -> str:
        """The distance: in percentage points for a ratio (`1.5 个百分点`); `one_point` is the
        word for exactly one (English: `1 percentage point`)."""
        if not ratio:
            return fmt_display(self.distance)
        word = one_point if one_point is not None and self.distance * 100 == 1 else points_word
        return f"{fmt_display(self.distance * 100)}{word}"

    def bound(self, ratio: bool) -> str:
        return bound_text(ir.Bound(self.target, "", self.tier.cond.span), ratio)


def band_gap(s: Scheme, ev: TraceEvent) -> tuple[ir.Band, Decimal, Decimal, bool] | None:
    """The next grade band above a `GRADE` event's total: (band, its bound, the distance, strict);
    None at the top (or under a veto's grade, where the event says nothing)."""
    better = ev.facts.get("better")
    if better is None:
        return None
    target = num(ev.fact("target"))
    return node(s, better), target, target - num(ev.fact("total")), bool(ev.fact("strict"))


def at_top(ev: TraceEvent) -> bool:
    """A `GRADE` event for the best band there is (not merely one with no distance given)."""
    return "better" in ev.facts and ev.facts["better"] is None


def plain_names(values: Mapping[str, Value]) -> Callable[[Ref], object]:
    """Another period's values, shown for plain names only (`X.value` and `prev(x)` as written)."""

    def lookup(ref: Ref) -> object:
        if isinstance(ref, HistoryRef) or "." in ref.key or ref.key not in values:
            return NOT_FOUND
        return values[ref.key]

    return lookup


def weighted_group(s: Scheme, ev: TraceEvent) -> bool:
    """Whether the group an event is about weights its members (else it adds points)."""
    return any(w is not None for w in node(s, ev.node).member_weights)


def owner_name(ev: TraceEvent) -> str | None:
    """The indicator an event is about (its `value` is 数值 / value in worded formulas)."""
    return ev.node.split("/")[0].split(":", 1)[1] if ev.node.startswith("indicator:") else None


def computed(ev: TraceEvent, expr: ir.Expr, result: str, name_of: Callable[[Ref], str], pair: Callable[[str, Value], str],
             templates: tuple[str, str, str], listed: Callable[[str, Value], str] | None = None) -> str:
    """A formula and its result for people: substituted (`a 3 × 0.5 = 1.5`, each value by `pair`),
    or, when it chooses between values, the values it read (by `listed`): `templates` is (with
    values: `{values}` `{result}`, without: `{result}`, the separator of the values)."""
    values = ev.values()
    if not has_branches(expr):
        return f"{worded(expr, values, name_of, pair)} = {result}"
    by_values, by_formula, separator = templates
    read = [(listed or pair)(name_of(ref), values[ref.key]) for ref in ir.reads(expr) if ref.key in values]
    return by_values.format(values=separator.join(read), result=result) if read else by_formula.format(result=result)


# ------------------------------------------------------------------------------ fields, aggregates


#: Id columns that name a person: a group's records are then people (`8 人`), else records.
PERSON_IDS = frozenset({"工号", "员工编号", "员工号", "职工号", "职工编号", "人员编号", "编号", "姓名", "id", "员工id",
                        "employee", "employee_id", "staff_id"})


def of_people(s: Scheme) -> bool:
    """Whether the scheme's records are people (its id column names a person, or it has none)."""
    return s.id_input is None or s.id_input.casefold() in PERSON_IDS


def field_value(f: ir.Field, value: Value, yes_no: tuple[str, str], empty: str) -> str:
    """A field's value in its declared form: `percent 2` as `96.00%`, `round 1` with its place,
    yes/no and empty in the language's words, a date as `2024-07-01`, text as it is."""
    if value is None:
        return empty
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if isinstance(value, Decimal):
        if f.percent is not None:
            return display.percent(value, f.percent)
        return display.number(value, f.round_places)
    return value if isinstance(value, str) else describe(value)


def percent_before_display(f: ir.Field, value: Value) -> str | None:
    """The percentage a `percent N` field holds, when showing it with N places changed it (89.99%
    shown as 90.0%): said beside the shown value, so that an employee who sees 90.0% next to an
    item scored in the tier below 90% is told the value the tier read."""
    if f.percent is None or not isinstance(value, Decimal):
        return None
    points = value * 100
    if display.shown_value(points, f.percent) == points:
        return None
    return display.percent(value)


def field_title(f: ir.Field, around: tuple[str, str]) -> str:
    """A field's name, with its column label when it has another: `出勤扣分（Ⅰ出勤）`."""
    return f"{f.name}{around[0]}{f.label}{around[1]}" if f.label and f.label != f.name else f.name


def single_aggregate(f: ir.Field) -> str | None:
    """The id of the aggregate a field merely shows (`field 小组平均 = mean(total within 小组)`)."""
    read = single_read(f.formula.expr)
    return read.ref.id if read is not None and isinstance(read.ref, AggregateRef) else None


def aggregate_places(s: Scheme, agg: ir.Aggregate) -> int | None:
    """The places an aggregate's values are shown with: those of what it reads, when it reads one
    value that declares them (a pool share in cents, a rounded field or indicator)."""
    read = single_read(agg.expr.expr) if agg.expr is not None else None
    if read is None:
        return None
    match read.ref:
        case RuleRef(name=name, part=None):
            from ..columns import rule_places

            return next((rule_places(r) for r in s.rules if r.name == name), None)
        case IndicatorRef(name=name, field=Field.SCORE):
            return next((i.round_places for i in s.indicators if i.name == name), None)
        case FieldRef(name=name):
            return next((f.round_places for f in s.fields if f.name == name), None)
        case ResultRef(result=Result.TOTAL):
            return s.total.round_places
    return None
