"""Kind inference: the kind of every formula, from the kinds of what its names are bound to.

It reads the resolver's bindings (never looks a name up itself) and applies the operator rules
of `kinds.py`, reporting what does not fit (text in arithmetic, a condition that is not yes/no,
a function given the wrong number or kind of arguments) with the location of the mistake. The
kinds it establishes about definitions (`Kinds`: constants, ladder results, indicator values,
rule outputs) are what later phases use: lowering gives every IR node its kind from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field

from . import kinds as k
from . import nodes as n
from . import nodewalk
from .builtins import AGGREGATES, BUILTINS
from .kinds import Base, Kind, Unit
from .messages import kinds as msg
from .prebuilt import dataclass
from .refs import (
    AggregateRef,
    BuiltinRef,
    Callee,
    ConstRef,
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
    SelfValue,
    TableKind,
    TableRef,
)
from .resolve import Resolution
from .source import Span
from .values import INPUT_TYPES

#: Reports one diagnostic: code, message, span, hints.
Report = Callable[[str, str, Span, Iterable[str]], None]

_VERBS = {"+": msg.verb_add, "-": msg.verb_subtract, "*": msg.verb_multiply, "/": msg.verb_divide}


@dataclass
class Kinds:
    """The kinds of what names stand for; filled in as definitions are inferred, in order."""

    consts: dict[str, Kind] = field(default_factory=dict)
    ladders: dict[str, Kind] = field(default_factory=dict)
    values: dict[str, Kind | None] = field(default_factory=dict)
    rules: dict[str, Kind] = field(default_factory=dict)
    #: Fields and aggregates, inferred when first read (they may be read before they are written).
    fields: dict[str, Kind | None] = field(default_factory=dict)
    aggregates: dict[str, Kind | None] = field(default_factory=dict)


#: The kind of each step a population rule exposes (`标准分.rooted` is yes/no, the others numbers).
RULE_PART_KINDS = {"rooted": k.BOOL}

#: Aggregates that need numbers (the others also take dates: the earliest, the latest).
NUMERIC_AGGREGATES = ("mean", "sum", "median")


def short(expr: n.Expr) -> str:
    from .printer import format_expr

    text = format_expr(expr)
    return text if len(text) <= 40 else text[:37] + "..."


class Inference:
    """Infers and checks the kinds of formulas of one resolved scheme."""

    def __init__(self, resolution: Resolution, report: Report) -> None:
        self.res = resolution
        self.report = report
        self.kinds = Kinds()

    def error(self, code: str, message: str, span: Span, hints: Iterable[str] = ()) -> None:
        self.report(code, message, span, hints)

    # ------------------------------------------------------------------ references
    def of(self, target: Ref | Callee | None, owner: str | None) -> Kind | None:
        """The kind of the value a reference reads (None when it cannot be known)."""
        match target:
            case InputRef(name=name):
                b = self.res.scope.get(name)
                t = INPUT_TYPES.get(b.node.type_name) if b is not None and isinstance(b.node, n.InputDecl) else None
                return t.value_kind if t is not None else None
            case ConstRef(name=name):
                return self.kinds.consts.get(name)
            case IndicatorRef(name=name, field=f):
                return self.kinds.values.get(name) if f is Field.VALUE else k.BOOL if f is Field.SKIPPED else k.NUMBER
            case ResultRef(result=Result.GRADE):
                return Kind(Base.TEXT, labels="grade")
            case GroupRef() | ResultRef():
                return k.NUMBER
            case RuleRef(name=name, part=None):
                return self.kinds.rules.get(name, k.NUMBER)
            case RuleRef(part=part):
                return RULE_PART_KINDS.get(part or "", k.NUMBER)
            case FieldRef(name=name):
                return self.field_kind(name)
            case AggregateRef(id=agg_id):
                return self.aggregate_kind(agg_id)
            case SelfValue():
                return self.kinds.values.get(owner or "")
            case HistoryRef(of=inner):
                return self.of(inner, owner)
        return None

    # ------------------------------------------------------------------ formulas
    def expr(self, e: n.Expr, owner: str | None = None) -> Kind | None:
        """The kind `e` produces, reporting kind errors; None when it cannot be known because of
        an error already reported. `owner` is the indicator whose clause `e` is."""
        match e:
            case n.Number():
                return k.NUMBER
            case n.String():
                return k.TEXT
            case n.Bool():
                return k.BOOL
            case n.Empty():
                return k.EMPTY
            case n.DateLiteral():
                return k.DATE
            case n.Name() | n.Attribute():
                return self.of(self.res.target(e), owner)
            case n.Aggregate():
                agg_id = self.res.aggregate_id(e)
                return self.aggregate_kind(agg_id) if agg_id is not None else None
            case n.Neg(operand=o):
                kind = self.expr(o, owner)
                if kind is not None and kind.base is not Base.NUMBER:
                    self.error("K-E0110", msg.cannot_negate(kind=kind.phrase), e.span, _empty_hint(kind))
                    return None
                return k.negate(kind or k.NUMBER)
            case n.Not(operand=o):
                kind = self.expr(o, owner)
                if kind is not None and kind.base is not Base.BOOL:
                    self.error("K-E0110", msg.not_needs_bool(kind=kind.phrase), e.span, _empty_hint(kind))
                return k.BOOL
            case n.Binary():
                return self._binary(e, owner)
            case n.Compare():
                return self._compare(e, owner)
            case n.Logical(op=op, operands=ops):
                for o in ops:
                    kind = self.expr(o, owner)
                    if kind is not None and kind.base is not Base.BOOL:
                        self.error("K-E0110", msg.logic_needs_bool(op=op, kind=kind.phrase), o.span, _empty_hint(kind))
                return k.BOOL
            case n.Membership(operand=o, condition=c):
                kind = self.expr(o, owner)
                if kind is not None and kind.base is not Base.NUMBER:
                    self.error("K-E0110", msg.in_needs_number(kind=kind.phrase), e.span, _empty_hint(kind))
                self.condition(c)
                return k.BOOL
            case n.IfExpr():
                return self._if(e, owner)
            case n.Call():
                return self._call(e, owner)
        raise TypeError(f"unexpected node {type(e).__name__}")

    def _binary(self, e: n.Binary, owner: str | None) -> Kind | None:
        kl, kr = self.expr(e.left, owner), self.expr(e.right, owner)
        for kind, side in ((kl, e.left), (kr, e.right)):
            if kind is not None and kind.base is Base.EMPTY:
                self.error("K-E0110", msg.arithmetic_of_empty(verb=_VERBS[e.op]()), side.span,
                           _empty_hint(kind))
                return None
            if kind is not None and kind.base is not Base.NUMBER:
                self.error("K-E0110", msg.arithmetic_kinds(verb=_VERBS[e.op](), left=k.phrase(kl), right=k.phrase(kr)), e.span,
                           [msg.arithmetic_hint(expr=short(side), kind=kind.phrase)])
                return None
        return k.arithmetic(e.op, kl or k.NUMBER, kr or k.NUMBER)

    def _compare(self, e: n.Compare, owner: str | None) -> Kind:
        kl, kr = self.expr(e.left, owner), self.expr(e.right, owner)
        if Base.EMPTY in (kl.base if kl else None, kr.base if kr else None):
            self.error("K-E0110", msg.compare_empty(), e.span, [msg.compare_empty_hint()])
        elif kl is not None and kr is not None:
            if not kl.same_base(kr):
                self.error("K-E0110", msg.cannot_compare(left=kl.phrase, right=kr.phrase), e.span)
            elif e.op not in ("==", "!=") and kl.base in (Base.TEXT, Base.BOOL):
                self.error("K-E0110", msg.order_needs_numbers(op=e.op, kind=kl.phrase), e.span, [msg.text_compare_hint()])
        return k.BOOL

    def _if(self, e: n.IfExpr, owner: str | None) -> Kind | None:
        kc = self.expr(e.cond, owner)
        if kc is not None and kc.base is not Base.BOOL:
            self.error("K-E0110", msg.if_condition(kind=kc.phrase), e.cond.span, _empty_hint(kc))
        kt, ko = self.expr(e.then, owner), self.expr(e.otherwise, owner)
        if kt is not None and ko is not None:
            joined = k.join((kt, ko))
            if joined is None:
                self.error("K-E0110", msg.if_branches(then=kt.phrase, other=ko.phrase), e.span)
            return joined
        return kt or ko

    def _call(self, e: n.Call, owner: str | None) -> Kind | None:
        target = self.res.target(e)
        if isinstance(target, HistoryRef):
            return self.of(target, owner)
        if target is None and e.func in ("prev", "last_year") and e.func not in self.res.scope:
            return None
        args = [self.expr(a, owner) for a in e.args]
        if isinstance(target, TableRef):
            return self._table_call(e, target, args)
        if isinstance(target, BuiltinRef):
            return self._builtin(e, args)
        return None

    def _table_call(self, e: n.Call, target: TableRef, args: list[Kind | None]) -> Kind | None:
        kind_name = {TableKind.LADDER: msg.table_ladder, TableKind.SCALE: msg.table_scale, TableKind.BANDS: msg.table_bands}[target.kind]()
        if len(e.args) != 1:
            self.error("K-E0105", msg.table_one_value(table=kind_name, name=e.func, count=len(e.args)), e.span)
            return None
        arg = args[0]
        if arg is not None and arg.base is Base.EMPTY:
            self.error("K-E0110", msg.table_of_empty(table=kind_name, name=e.func), e.span, _empty_hint(arg))
            return None
        if target.kind is TableKind.SCALE:
            if arg is not None and arg.base not in (Base.NUMBER, Base.TEXT):
                self.error("K-E0110", msg.scale_reads(name=e.func, kind=arg.phrase), e.span)
            return k.NUMBER
        if arg is not None and arg.base is not Base.NUMBER:
            self.error("K-E0110", msg.table_needs_number(table=kind_name, name=e.func, kind=arg.phrase), e.span)
        if target.kind is TableKind.BANDS:
            return Kind(Base.TEXT, labels=e.func)
        return self.kinds.ladders.get(e.func, k.NUMBER)

    def _builtin(self, e: n.Call, args: list[Kind | None]) -> Kind | None:
        fn = BUILTINS[e.func]
        count = len(e.args)
        if count < fn.min_args or (fn.max_args is not None and count > fn.max_args):
            want: str = (
                str(fn.min_args) if fn.min_args == fn.max_args
                else msg.at_least(n=fn.min_args) if fn.max_args is None
                else msg.between(low=fn.min_args, high=fn.max_args)
            )
            hints = [msg.usage(signature=fn.signature)]
            if count == 1 and fn.name in AGGREGATES:
                hints.append(msg.aggregate_instead(name=fn.name))
            wanted = 1 if fn.min_args == fn.max_args == 1 else 2  # the noun follows what is wanted: `1 argument`
            self.error("K-E0105", msg.builtin_arity(name=fn.name, want=want, count=count, wanted=wanted), e.span, hints)
            return None
        known = [a for a in args if a is not None]
        if fn.arg_kind is not None:
            for arg, kind in zip(e.args, args, strict=True):
                if kind is not None and kind.base is not fn.arg_kind:
                    self.error("K-E0110", msg.builtin_needs(name=fn.name, kinds=k.plural_phrase(fn.arg_kind), kind=kind.phrase), arg.span,
                               _empty_hint(kind))
                    return None
        elif len({a.base for a in known if a.base is not Base.EMPTY}) > 1:
            self.error("K-E0110", msg.builtin_one_kind(name=fn.name), e.span)
            return None
        if fn.name == "round" and count == 2:
            places = e.args[1]
            if not (isinstance(places, n.Number) and places.value == places.value.to_integral_value()
                    and 0 <= places.value <= 12 and not places.is_percent):
                self.error("K-E0106", msg.round_places(), places.span)
        return result_kind(fn.name, known)

    # ------------------------------------------------------------------ fields and aggregates
    def field_kind(self, name: str) -> Kind | None:
        """A field's kind, inferred once, when first needed (a field in a circle has none: the
        circle is reported by the resolver)."""
        if name in self.kinds.fields:
            return self.kinds.fields[name]
        self.kinds.fields[name] = None
        b = self.res.scope.get(name)
        if b is None or not isinstance(b.node, n.FieldDef):
            return None
        f = b.node
        kind = self.expr(f.expr)
        if f.on_zero is not None and f.on_zero.expr is not None:
            other = self.expr(f.on_zero.expr)
            if kind is not None and other is not None:
                joined = k.join((kind, other))
                if joined is None:
                    self.error("K-E0110", msg.field_on_zero_kind(other=other.phrase, name=name, kind=kind.phrase),
                               f.on_zero.span)
                kind = joined or kind
        self.kinds.fields[name] = kind
        return kind

    def aggregate_kind(self, agg_id: str) -> Kind | None:
        """An aggregate's kind, inferred (and checked) once: `count` is a count; the others are of
        their argument's kind, a number (`mean`, `sum`, `median`) or a number or a date."""
        if agg_id in self.kinds.aggregates:
            return self.kinds.aggregates[agg_id]
        self.kinds.aggregates[agg_id] = None
        e = self.res.aggregates.get(agg_id)
        if e is None:
            return None
        if e.where is not None:
            kw = self.expr(e.where)
            if kw is not None and kw.base is not Base.BOOL:
                self.error("K-E0110", msg.where_needs_bool(kind=kw.phrase), e.where.span, _empty_hint(kw))
        arg = self.expr(e.arg) if e.arg is not None else None
        kind: Kind | None = Kind(Base.NUMBER, Unit.COUNT)
        if e.func != "count" and arg is not None:
            allowed = (Base.NUMBER,) if e.func in NUMERIC_AGGREGATES else (Base.NUMBER, Base.DATE)
            if arg.base not in allowed:
                what = msg.kinds_number() if len(allowed) == 1 else msg.kinds_number_or_date()
                self.error("K-E0110", msg.builtin_needs(name=e.func, kinds=what, kind=arg.phrase), e.arg.span if e.arg else e.span,
                           _empty_hint(arg))
                kind = None
            else:
                kind = Kind(arg.base, arg.unit) if e.func != "sum" or arg.unit is not Unit.PERCENT else k.NUMBER
        elif e.func != "count":
            kind = None
        self.kinds.aggregates[agg_id] = kind
        return kind

    # ------------------------------------------------------------------ conditions
    def condition(self, cond: n.Condition) -> None:
        """Bounds must be numbers; an interval must not be empty."""
        for b in nodewalk.condition_bounds(cond):
            ref = self.res.ref(b)
            if ref is not None and self.kinds.consts.get(b.name or "", k.NUMBER).base is not Base.NUMBER:
                self.error("K-E0110", msg.bound_not_number(name=b.name or ""), b.span)
        if isinstance(cond, n.Interval):
            lo, hi = cond.low.value, cond.high.value
            if lo is not None and hi is not None and (lo > hi or (lo == hi and not (cond.low_inclusive and cond.high_inclusive))):
                self.error("K-E0120", msg.empty_interval(low=cond.low.text, high=cond.high.text), cond.span,
                           [msg.empty_interval_hint()])

    def tiers(self, tiers: tuple[n.Tier, ...], what: str) -> Kind:
        """A ladder's tiers: conditions, `else` last, results all of one kind (that kind)."""
        found: list[Kind] = []
        for i, tier in enumerate(tiers):
            self.condition(tier.condition)
            if isinstance(tier.condition, n.Otherwise) and i != len(tiers) - 1:
                self.error("K-E0122", msg.else_not_last(what=what), tier.condition.span, [msg.else_not_last_hint()])
            kind = self.expr(tier.result)
            if kind is not None:
                found.append(kind)
        joined = k.join(found) if found else k.NUMBER
        if joined is None:
            self.error("K-E0110", msg.tiers_mixed(what=what), tiers[0].span)
            return found[0]
        return joined


def _empty_hint(kind: Kind | None) -> list[str]:
    if kind is None or kind.base is not Base.EMPTY:
        return []
    return [msg.empty_hint()]


def result_kind(name: str, args: list[Kind]) -> Kind | None:
    """The kind a builtin gives for arguments of these kinds (the rule lowering uses too)."""
    fn = BUILTINS[name]
    if fn.result_kind is None:
        return k.join(args) if args else None
    if fn.result_kind is Base.NUMBER:
        return k.number_function(name, args)
    return Kind(fn.result_kind)
