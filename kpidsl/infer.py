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

_VERBS = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}


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
                    self.error("K-E0110", f"cannot negate {kind.phrase}", e.span, _empty_hint(kind))
                    return None
                return k.negate(kind or k.NUMBER)
            case n.Not(operand=o):
                kind = self.expr(o, owner)
                if kind is not None and kind.base is not Base.BOOL:
                    self.error("K-E0110", f"`not` needs a yes/no value, not {kind.phrase}", e.span, _empty_hint(kind))
                return k.BOOL
            case n.Binary():
                return self._binary(e, owner)
            case n.Compare():
                return self._compare(e, owner)
            case n.Logical(op=op, operands=ops):
                for o in ops:
                    kind = self.expr(o, owner)
                    if kind is not None and kind.base is not Base.BOOL:
                        self.error("K-E0110", f"`{op}` needs yes/no values, not {kind.phrase}", o.span, _empty_hint(kind))
                return k.BOOL
            case n.Membership(operand=o, condition=c):
                kind = self.expr(o, owner)
                if kind is not None and kind.base is not Base.NUMBER:
                    self.error("K-E0110", f"`in` needs a number, not {kind.phrase}", e.span, _empty_hint(kind))
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
                self.error("K-E0110", f"cannot {_VERBS[e.op]} `empty`: the result would always be empty", side.span,
                           _empty_hint(kind))
                return None
            if kind is not None and kind.base is not Base.NUMBER:
                self.error("K-E0110", f"cannot {_VERBS[e.op]} {k.phrase(kl)} and {k.phrase(kr)}", e.span,
                           [f"'{short(side)}' is {kind.phrase}; arithmetic needs numbers"])
                return None
        return k.arithmetic(e.op, kl or k.NUMBER, kr or k.NUMBER)

    def _compare(self, e: n.Compare, owner: str | None) -> Kind:
        kl, kr = self.expr(e.left, owner), self.expr(e.right, owner)
        if Base.EMPTY in (kl.base if kl else None, kr.base if kr else None):
            self.error("K-E0110", "a comparison with `empty` is always empty, never yes or no", e.span,
                       ["to test whether there is a value, write present(x) or not present(x)"])
        elif kl is not None and kr is not None:
            if not kl.same_base(kr):
                self.error("K-E0110", f"cannot compare {kl.phrase} with {kr.phrase}", e.span)
            elif e.op not in ("==", "!=") and kl.base in (Base.TEXT, Base.BOOL):
                self.error("K-E0110", f"`{e.op}` needs numbers or dates, not {kl.phrase}", e.span,
                           ["text can only be compared with == or !="])
        return k.BOOL

    def _if(self, e: n.IfExpr, owner: str | None) -> Kind | None:
        kc = self.expr(e.cond, owner)
        if kc is not None and kc.base is not Base.BOOL:
            self.error("K-E0110", f"the condition of `if` must be yes/no, not {kc.phrase}", e.cond.span, _empty_hint(kc))
        kt, ko = self.expr(e.then, owner), self.expr(e.otherwise, owner)
        if kt is not None and ko is not None:
            joined = k.join((kt, ko))
            if joined is None:
                self.error("K-E0110", f"`if` gives {kt.phrase} on one branch and {ko.phrase} on the other", e.span)
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
        kind_name = target.kind.value
        if len(e.args) != 1:
            self.error("K-E0105", f"{kind_name} '{e.func}' takes one value, got {len(e.args)}", e.span)
            return None
        arg = args[0]
        if arg is not None and arg.base is Base.EMPTY:
            self.error("K-E0110", f"{kind_name} '{e.func}' of `empty` is always empty", e.span, _empty_hint(arg))
            return None
        if target.kind is TableKind.SCALE:
            if arg is not None and arg.base not in (Base.NUMBER, Base.TEXT):
                self.error("K-E0110", f"scale '{e.func}' reads a label or points, not {arg.phrase}", e.span)
            return k.NUMBER
        if arg is not None and arg.base is not Base.NUMBER:
            self.error("K-E0110", f"{kind_name} '{e.func}' needs a number, not {arg.phrase}", e.span)
        if target.kind is TableKind.BANDS:
            return Kind(Base.TEXT, labels=e.func)
        return self.kinds.ladders.get(e.func, k.NUMBER)

    def _builtin(self, e: n.Call, args: list[Kind | None]) -> Kind | None:
        fn = BUILTINS[e.func]
        count = len(e.args)
        if count < fn.min_args or (fn.max_args is not None and count > fn.max_args):
            want = (
                f"{fn.min_args}" if fn.min_args == fn.max_args
                else f"at least {fn.min_args}" if fn.max_args is None
                else f"{fn.min_args} to {fn.max_args}"
            )
            hints = [f"usage: {fn.signature}"]
            if count == 1 and fn.name in AGGREGATES:
                hints.append(f"to aggregate over records: {fn.name}(x within 部门) or {fn.name}(x over all)")
            self.error("K-E0105", f"{fn.name}() takes {want} argument{'s' if want != '1' else ''}, got {count}",
                       e.span, hints)
            return None
        known = [a for a in args if a is not None]
        if fn.arg_kind is not None:
            for arg, kind in zip(e.args, args, strict=True):
                if kind is not None and kind.base is not fn.arg_kind:
                    self.error("K-E0110", f"{fn.name}() needs {k.PHRASES[fn.arg_kind]}s, not {kind.phrase}", arg.span,
                               _empty_hint(kind))
                    return None
        elif len({a.base for a in known if a.base is not Base.EMPTY}) > 1:
            self.error("K-E0110", f"{fn.name}() arguments must be of one kind", e.span)
            return None
        if fn.name == "round" and count == 2:
            places = e.args[1]
            if not (isinstance(places, n.Number) and places.value == places.value.to_integral_value()
                    and 0 <= places.value <= 12 and not places.is_percent):
                self.error("K-E0106", "round() takes a whole number of decimal places from 0 to 12", places.span)
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
                    self.error("K-E0110", f"`on zero` gives {other.phrase}, but field '{name}' is {kind.phrase}",
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
                self.error("K-E0110", f"`where` needs a yes/no condition, not {kw.phrase}", e.where.span, _empty_hint(kw))
        arg = self.expr(e.arg) if e.arg is not None else None
        kind: Kind | None = Kind(Base.NUMBER, Unit.COUNT)
        if e.func != "count" and arg is not None:
            allowed = (Base.NUMBER,) if e.func in NUMERIC_AGGREGATES else (Base.NUMBER, Base.DATE)
            if arg.base not in allowed:
                what = "numbers" if len(allowed) == 1 else "numbers or dates"
                self.error("K-E0110", f"{e.func}() needs {what}, not {arg.phrase}", e.arg.span if e.arg else e.span,
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
                self.error("K-E0110", f"bound '{b.name}' is not a number", b.span)
        if isinstance(cond, n.Interval):
            lo, hi = cond.low.value, cond.high.value
            if lo is not None and hi is not None and (lo > hi or (lo == hi and not (cond.low_inclusive and cond.high_inclusive))):
                self.error("K-E0120", f"the interval {cond.low.text}..{cond.high.text} is empty", cond.span,
                           ["write the smaller bound first; [a, a] is the only one-point interval"])

    def tiers(self, tiers: tuple[n.Tier, ...], what: str) -> Kind:
        """A ladder's tiers: conditions, `else` last, results all of one kind (that kind)."""
        found: list[Kind] = []
        for i, tier in enumerate(tiers):
            self.condition(tier.condition)
            if isinstance(tier.condition, n.Otherwise) and i != len(tiers) - 1:
                self.error("K-E0122", f"`else` must be the last tier of {what}", tier.condition.span,
                           ["tiers are tried in order; tiers after `else` can never be used"])
            kind = self.expr(tier.result)
            if kind is not None:
                found.append(kind)
        joined = k.join(found) if found else k.NUMBER
        if joined is None:
            self.error("K-E0110", f"the tiers of {what} give both numbers and text", tiers[0].span)
            return found[0]
        return joined


def _empty_hint(kind: Kind | None) -> list[str]:
    if kind is None or kind.base is not Base.EMPTY:
        return []
    return ["`empty` has no value to compute with; write `if ... then x else empty` to give a value only sometimes"]


def result_kind(name: str, args: list[Kind]) -> Kind | None:
    """The kind a builtin gives for arguments of these kinds (the rule lowering uses too)."""
    fn = BUILTINS[name]
    if fn.result_kind is None:
        return k.join(args) if args else None
    if fn.result_kind is Base.NUMBER:
        return k.number_function(name, args)
    return Kind(fn.result_kind)
