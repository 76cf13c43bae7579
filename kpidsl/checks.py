"""Static checks: names, kinds of values, weights, scoring references, dependency cycles, tests.

Each check is a plain function `(Analysis) -> None` that adds diagnostics to `analysis.bag`; they
run in the order of `CHECKS`. Errors are collected, not raised at the first one, so a user fixes a
whole file in one pass. The analysis (scope, kinds, indicator order) is reused by the planner, so
the checks and the evaluator can never disagree about what a name means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from . import nodes as n
from .builtins import BUILTINS
from .errors import Diagnostic, DiagnosticBag
from .loader import Program
from .numbers import HUNDRED, ONE
from .periods import PER_YEAR
from .source import Span
from .suggest import did_you_mean as _did_you_mean
from .suggest import suggest as suggest
from .values import INPUT_TYPES, CellError, Kind, coerce

#: Evaluation periods a scheme or an indicator may declare.
PERIODS = ("month", "quarter", "half_year", "year")

#: Balanced-scorecard categories, with the Chinese names accepted for each.
CATEGORIES = {
    "F": "F",
    "C": "C",
    "P": "P",
    "L": "L",
    "财务": "F",
    "客户": "C",
    "内部流程": "P",
    "学习与成长": "L",
}

DIRECTIONS = ("higher", "lower")

#: Names a `total = ...` formula can use besides the scheme's own.
TOTAL_NAMES = ("base_score", "deductions", "bonuses")

#: Single-word result fields a test may expect.
TEST_FIELDS = ("total", "total_exact", "base_score", "deductions", "bonuses", "grade", "bonus_eligible", "vetoed", "error")

#: Per-item result fields a test may expect (`指标.score`).
ITEM_FIELDS = ("score", "value", "contribution", "skipped")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a name in a scheme's scope refers to."""

    kind: str  # input | const | ladder | scale | bands | indicator | group
    node: n.Node
    span: Span


@dataclass
class Analysis:
    """The facts the checks establish about one scheme, shared with the planner."""

    program: Program
    scheme: n.Scheme
    scope: dict[str, Entry] = field(default_factory=dict)
    bag: DiagnosticBag = field(default_factory=DiagnosticBag)
    const_kinds: dict[str, Kind] = field(default_factory=dict)
    ladder_kinds: dict[str, Kind] = field(default_factory=dict)
    indicator_deps: dict[str, set[str]] = field(default_factory=dict)
    indicator_order: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    #: Spans of `prev(...)` / `last_year(...)` calls, which need a period column.
    history_uses: list[Span] = field(default_factory=list)

    @property
    def indicators(self) -> list[n.Indicator]:
        return n.iter_indicators(self.scheme.items)

    @property
    def groups(self) -> list[n.Group]:
        return n.iter_groups(self.scheme.items)


# ----------------------------------------------------------------------------- scope


def build_scope(a: Analysis) -> None:
    """Gather every definition the scheme can see into one namespace, reporting duplicates."""
    scope = a.scope
    for name, sym in a.program.symbols.items():
        scope[name] = Entry(_def_kind(sym.node), sym.node, sym.node.name_span)

    def add(name: str, kind: str, node: n.Node, span: Span) -> None:
        existing = scope.get(name)
        if existing is not None and existing.kind == "template" and isinstance(node, n.Indicator) and node.template == name:
            existing = None  # `indicator 准时交付率 from 准时交付率`: the indicator is that template's instance
        if existing is not None:
            sym = a.program.symbols.get(name)
            if sym is not None and sym.node is existing.node and sym.imported:
                a.bag.warning(
                    "K-W0101",
                    f"'{name}' here replaces the {existing.kind} imported from {sym.module}",
                    span,
                    ["rename it if both are meant to exist"],
                )
            else:
                a.bag.error(
                    "K-E0101",
                    f"'{name}' is already defined as {_article(existing.kind)}",
                    span,
                    [f"the first definition is at {existing.span}"],
                )
                return
        scope[name] = Entry(kind, node, span)

    s = a.scheme
    for d in s.definitions:
        add(d.name, _def_kind(d), d, d.name_span)
    for inp in s.inputs:
        add(inp.name, "input", inp, inp.name_span)
    for g in a.groups:
        add(g.name, "group", g, g.name_span)
    for ind in a.indicators:
        add(ind.name, "indicator", ind, ind.name_span)
    for rule in s.population:
        add(rule.name, "population", rule, rule.name_span)
    for name in TOTAL_NAMES:
        if name in scope:
            a.bag.error(
                "K-E0102",
                f"'{name}' is a reserved name (used in the total formula)",
                scope[name].span,
                ["choose another name"],
            )


def _def_kind(node: n.Node) -> str:
    if isinstance(node, n.ConstDef):
        return "const"
    if isinstance(node, n.LadderDef):
        return "ladder"
    if isinstance(node, n.ScaleDef):
        return "scale"
    if isinstance(node, n.BandsDef):
        return "bands"
    if isinstance(node, n.InputDecl):
        return "input"
    if isinstance(node, n.TemplateDef):
        return "template"
    if isinstance(node, n.PopulationRule):
        return "population"
    if isinstance(node, n.Group):
        return "group"
    return "indicator"


def _article(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


# ----------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class ExprContext:
    """Which kinds of names an expression may use, and the indicator it belongs to (for cycles)."""

    kinds: frozenset[str]
    where: str
    owner: str | None = None
    extra: tuple[str, ...] = ()


VALUE_KINDS = frozenset({"input", "const", "indicator", "ladder", "scale", "bands"})
AFTER_KINDS = frozenset({"input", "const", "indicator", "group", "ladder", "scale", "bands"})
CONST_KINDS = frozenset({"const"})


def infer(a: Analysis, expr: n.Expr, ctx: ExprContext) -> Kind | None:
    """The kind of value `expr` produces, reporting unknown names and kind errors.

    Returns None when the kind cannot be known because of an error already reported.
    """
    bag = a.bag
    match expr:
        case n.Number():
            return Kind.NUMBER
        case n.String():
            return Kind.TEXT
        case n.Bool():
            return Kind.BOOL
        case n.Name(id=name):
            return _infer_name(a, name, expr.span, ctx)
        case n.Attribute(base=base, attr=attr):
            entry = a.scope.get(base)
            if entry is None or entry.kind not in ("indicator", "group"):
                cands = [k for k, e in a.scope.items() if e.kind in ("indicator", "group")]
                bag.error("K-E0102", f"unknown indicator or group '{base}'", expr.span, _did_you_mean(base, cands))
                return None
            allowed = ("value", "score") if ctx.owner is not None else ("value", "score", "contribution")
            if attr not in allowed or (entry.kind == "group" and attr == "value"):
                bag.error(
                    "K-E0103",
                    f"'{base}.{attr}' is not available here",
                    expr.span,
                    [f"use {', '.join(base + '.' + x for x in allowed if not (entry.kind == 'group' and x == 'value'))}"],
                )
                return None
            a.used.add(base)
            if entry.kind == "group" and ctx.owner is not None:
                bag.error("K-E0104", f"an indicator cannot use a group's score ('{base}')", expr.span,
                          ["groups are combined after every indicator is scored"])
                return None
            if ctx.owner is not None and entry.kind == "indicator":
                a.indicator_deps.setdefault(ctx.owner, set()).add(base)
            return Kind.NUMBER
        case n.Neg(operand=o):
            k = infer(a, o, ctx)
            if k is not None and k is not Kind.NUMBER:
                bag.error("K-E0110", f"cannot negate {_kind_phrase(k)}", expr.span)
                return None
            return Kind.NUMBER
        case n.Not(operand=o):
            k = infer(a, o, ctx)
            if k is not None and k is not Kind.BOOL:
                bag.error("K-E0110", f"`not` needs a yes/no value, not {_kind_phrase(k)}", expr.span)
            return Kind.BOOL
        case n.Binary(op=op, left=l, right=r):
            kl, kr = infer(a, l, ctx), infer(a, r, ctx)
            for k, side in ((kl, l), (kr, r)):
                if k is not None and k is not Kind.NUMBER:
                    verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]
                    bag.error(
                        "K-E0110",
                        f"cannot {verb} {_kind_phrase(kl)} and {_kind_phrase(kr)}",
                        expr.span,
                        [f"'{_short(side)}' is {_kind_phrase(k)}; arithmetic needs numbers"],
                    )
                    return None
            return Kind.NUMBER
        case n.Compare(op=op, left=l, right=r):
            kl, kr = infer(a, l, ctx), infer(a, r, ctx)
            if kl is not None and kr is not None:
                if kl is not kr:
                    bag.error("K-E0110", f"cannot compare {_kind_phrase(kl)} with {_kind_phrase(kr)}", expr.span)
                elif op not in ("==", "!=") and kl in (Kind.TEXT, Kind.BOOL):
                    bag.error("K-E0110", f"`{op}` needs numbers or dates, not {_kind_phrase(kl)}", expr.span,
                              ["text can only be compared with == or !="])
            return Kind.BOOL
        case n.Logical(op=op, operands=ops):
            for o in ops:
                k = infer(a, o, ctx)
                if k is not None and k is not Kind.BOOL:
                    bag.error("K-E0110", f"`{op}` needs yes/no values, not {_kind_phrase(k)}", o.span)
            return Kind.BOOL
        case n.Membership(operand=o, condition=c):
            k = infer(a, o, ctx)
            if k is not None and k is not Kind.NUMBER:
                bag.error("K-E0110", f"`in` needs a number, not {_kind_phrase(k)}", expr.span)
            check_condition(a, c)
            return Kind.BOOL
        case n.IfExpr(cond=c, then=t, otherwise=o):
            kc = infer(a, c, ctx)
            if kc is not None and kc is not Kind.BOOL:
                bag.error("K-E0110", f"the condition of `if` must be yes/no, not {_kind_phrase(kc)}", c.span)
            kt, ko = infer(a, t, ctx), infer(a, o, ctx)
            if kt is not None and ko is not None and kt is not ko:
                bag.error("K-E0110", f"`if` gives {_kind_phrase(kt)} on one branch and {_kind_phrase(ko)} on the other", expr.span)
                return None
            return kt or ko
        case n.Call():
            return _infer_call(a, expr, ctx)
    raise TypeError(f"unexpected node {type(expr).__name__}")


def _short(expr: n.Expr) -> str:
    from .printer import format_expr

    text = format_expr(expr)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind_phrase(k: Kind | None) -> str:
    return {
        Kind.NUMBER: "a number",
        Kind.TEXT: "text",
        Kind.BOOL: "a yes/no value",
        Kind.DATE: "a date",
        None: "a value",
    }[k]


#: Inside an indicator's score, cap, floor and outcomes, this name is the indicator's own value.
SELF_VALUE = "value"


def _infer_name(a: Analysis, name: str, span: Span, ctx: ExprContext) -> Kind | None:
    if name in ctx.extra:
        return Kind.NUMBER
    if name == SELF_VALUE and ctx.owner is not None and name not in a.scope:
        owner = a.scope.get(ctx.owner)
        if owner is not None and isinstance(owner.node, n.Indicator) and owner.node.value is not None:
            return Kind.NUMBER
        a.bag.error("K-E0102", f"'value' is used, but indicator '{ctx.owner}' has no `value` clause", span,
                    ["add `value <formula>` to the indicator"])
        return None
    entry = a.scope.get(name)
    if entry is None or entry.kind not in ctx.kinds:
        if entry is not None:
            if entry.kind in ("ladder", "scale", "bands"):
                a.bag.error("K-E0103", f"'{name}' is {_article(entry.kind)}; call it with a value: {name}(x)", span)
            else:
                a.bag.error("K-E0104", f"{_article(entry.kind)} ('{name}') cannot be used in {ctx.where}", span,
                            _context_hint(ctx) if entry.kind == "group" or ctx.kinds == CONST_KINDS else [])
            return None
        cands = [k for k, e in a.scope.items() if e.kind in ctx.kinds] + list(ctx.extra)
        a.bag.error("K-E0102", f"unknown name '{name}'", span, _did_you_mean(name, cands))
        return None
    a.used.add(name)
    if entry.kind == "input":
        inp = entry.node
        assert isinstance(inp, n.InputDecl)
        t = INPUT_TYPES.get(inp.type_name)
        return t.kind if t else None
    if entry.kind == "const":
        return a.const_kinds.get(name)
    if entry.kind in ("ladder", "scale", "bands"):
        a.bag.error("K-E0103", f"'{name}' is {_article(entry.kind)}; call it with a value: {name}(x)", span)
        return None
    if entry.kind == "indicator" and ctx.owner is not None:
        a.indicator_deps.setdefault(ctx.owner, set()).add(name)
    if entry.kind == "population":
        return Kind.TEXT if isinstance(entry.node, n.DistributeRule) else Kind.NUMBER
    return Kind.NUMBER


def _context_hint(ctx: ExprContext) -> list[str]:
    if ctx.kinds == CONST_KINDS:
        return ["a constant can only use numbers and other constants"]
    if "group" not in ctx.kinds:
        return ["groups are combined after every indicator is scored; use them in deductions, vetoes or the total"]
    return []


#: Functions that read the same employee's value in another period.
HISTORY_FUNCTIONS = ("prev", "last_year")


def _infer_history(a: Analysis, call: n.Call) -> Kind | None:
    a.history_uses.append(call.func_span)
    if len(call.args) != 1 or not isinstance(call.args[0], (n.Name, n.Attribute)):
        a.bag.error("K-E0105", f"{call.func}() takes one name: an input, an indicator, a group, total or a population rule",
                    call.span, [f"e.g. {call.func}(total) or {call.func}(销售额)"])
        return None
    arg = call.args[0]
    # Everything of the other period is known by then, scores and population outputs included.
    history_ctx = ExprContext(AFTER_KINDS | {"population"}, f"{call.func}()", extra=RESULT_NAMES)
    infer(a, arg, history_ctx)
    return Kind.NUMBER if not isinstance(arg, n.Name) or _name_kind(a, arg.id) is not Kind.TEXT else Kind.TEXT


def _name_kind(a: Analysis, name: str) -> Kind | None:
    entry = a.scope.get(name)
    if entry is not None and isinstance(entry.node, n.InputDecl):
        t = INPUT_TYPES.get(entry.node.type_name)
        return t.kind if t else None
    if entry is not None and isinstance(entry.node, n.DistributeRule):
        return Kind.TEXT
    return Kind.NUMBER


def _infer_call(a: Analysis, call: n.Call, ctx: ExprContext) -> Kind | None:
    bag = a.bag
    if call.func in HISTORY_FUNCTIONS and call.func not in a.scope:
        return _infer_history(a, call)
    kinds = [infer(a, arg, ctx) for arg in call.args]
    entry = a.scope.get(call.func)
    if entry is not None and entry.kind in ("ladder", "scale", "bands") and entry.kind in ctx.kinds | {"bands"}:
        a.used.add(call.func)
        if len(call.args) != 1:
            bag.error("K-E0105", f"{entry.kind} '{call.func}' takes one value, got {len(call.args)}", call.span)
            return None
        k = kinds[0]
        if entry.kind == "scale":
            if k not in (None, Kind.NUMBER, Kind.TEXT):
                bag.error("K-E0110", f"scale '{call.func}' reads a label or points, not {_kind_phrase(k)}", call.span)
            return Kind.NUMBER
        if k is not None and k is not Kind.NUMBER:
            bag.error("K-E0110", f"{entry.kind} '{call.func}' needs a number, not {_kind_phrase(k)}", call.span)
        return Kind.TEXT if entry.kind == "bands" else a.ladder_kinds.get(call.func, Kind.NUMBER)
    fn = BUILTINS.get(call.func)
    if fn is None:
        cands = list(BUILTINS) + [k for k, e in a.scope.items() if e.kind in ("ladder", "scale", "bands")]
        bag.error("K-E0105", f"unknown function '{call.func}'", call.func_span,
                  _did_you_mean(call.func, cands) or [f"functions: {', '.join(sorted(BUILTINS))}"])
        return None
    count = len(call.args)
    if count < fn.min_args or (fn.max_args is not None and count > fn.max_args):
        want = (
            f"{fn.min_args}" if fn.min_args == fn.max_args
            else f"at least {fn.min_args}" if fn.max_args is None
            else f"{fn.min_args} to {fn.max_args}"
        )
        bag.error("K-E0105", f"{fn.name}() takes {want} argument{'s' if want != '1' else ''}, got {count}",
                  call.span, [f"usage: {fn.signature}"])
        return None
    if fn.arg_kind is not None:
        for arg, k in zip(call.args, kinds, strict=True):
            if k is not None and k is not fn.arg_kind:
                bag.error("K-E0110", f"{fn.name}() needs {_kind_phrase(fn.arg_kind)}s, not {_kind_phrase(k)}", arg.span)
                return None
    else:
        known = {k for k in kinds if k is not None}
        if len(known) > 1:
            bag.error("K-E0110", f"{fn.name}() arguments must be of one kind", call.span)
            return None
    if fn.name == "round" and count == 2:
        places = call.args[1]
        if not (isinstance(places, n.Number) and places.value == places.value.to_integral_value()
                and 0 <= places.value <= 12 and not places.is_percent):
            bag.error("K-E0106", "round() takes a whole number of decimal places from 0 to 12", places.span)
    if fn.result_kind is None:
        return next((k for k in kinds if k is not None), None)
    return fn.result_kind


def check_condition(a: Analysis, cond: n.Condition) -> None:
    """Bounds in tiers, bands and ranges must be numbers or numeric constants."""
    for b in n.condition_bounds(cond):
        if b.name is None:
            continue
        entry = a.scope.get(b.name)
        if entry is None or entry.kind != "const":
            cands = [k for k, e in a.scope.items() if e.kind == "const"]
            a.bag.error("K-E0102", f"unknown constant '{b.name}' in a bound", b.span,
                        _did_you_mean(b.name, cands) or ["bounds are numbers or names of constants"])
        elif a.const_kinds.get(b.name) not in (Kind.NUMBER, None):
            a.bag.error("K-E0110", f"bound '{b.name}' is not a number", b.span)
        else:
            a.used.add(b.name)
    if isinstance(cond, n.Interval):
        lo, hi = cond.low.value, cond.high.value
        if lo is not None and hi is not None and (lo > hi or (lo == hi and not (cond.low_inclusive and cond.high_inclusive))):
            a.bag.error("K-E0120", f"the interval {cond.low.text}..{cond.high.text} is empty", cond.span,
                        ["write the smaller bound first; [a, a] is the only one-point interval"])


# ----------------------------------------------------------------------------- the checks


def check_definitions(a: Analysis) -> None:
    """Constants (in dependency order), ladders, scales and bands."""
    consts = {name: e.node for name, e in a.scope.items() if e.kind == "const"}
    state: dict[str, int] = {}

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == 2:
            return
        node = consts[name]
        assert isinstance(node, n.ConstDef)
        if state.get(name) == 1:
            a.bag.error("K-E0121", f"constant '{name}' depends on itself: {' -> '.join([*chain, name])}", node.name_span)
            a.const_kinds[name] = Kind.NUMBER
            return
        state[name] = 1
        for sub in n.walk_expr(node.expr):
            if isinstance(sub, n.Name) and sub.id in consts:
                visit(sub.id, [*chain, name])
        kind = infer(a, node.expr, ExprContext(CONST_KINDS, "a constant"))
        a.const_kinds[name] = kind or Kind.NUMBER
        state[name] = 2

    for name in consts:
        visit(name, [])

    for name, e in a.scope.items():
        if e.kind == "ladder":
            assert isinstance(e.node, n.LadderDef)
            a.ladder_kinds[name] = check_tiers(a, e.node.tiers, f"ladder '{name}'")
        elif e.kind == "bands":
            assert isinstance(e.node, n.BandsDef)
            check_bands(a, e.node.bands)
        elif e.kind == "scale":
            assert isinstance(e.node, n.ScaleDef)
            seen: set[str] = set()
            for lvl in e.node.levels:
                if lvl.label in seen:
                    a.bag.error("K-E0101", f"scale '{name}' has level '{lvl.label}' twice", lvl.span)
                seen.add(lvl.label)


def check_tiers(a: Analysis, tiers: tuple[n.Tier, ...], what: str) -> Kind:
    kinds: set[Kind] = set()
    ctx = ExprContext(frozenset({"const"}), f"a tier of {what}")
    for i, tier in enumerate(tiers):
        check_condition(a, tier.condition)
        if isinstance(tier.condition, n.Otherwise) and i != len(tiers) - 1:
            a.bag.error("K-E0122", f"`else` must be the last tier of {what}", tier.condition.span,
                        ["tiers are tried in order; tiers after `else` can never be used"])
        k = infer(a, tier.result, ctx)
        if k is not None:
            kinds.add(k)
    if len(kinds) > 1:
        a.bag.error("K-E0110", f"the tiers of {what} give both numbers and text", tiers[0].span)
    return next(iter(kinds), Kind.NUMBER)


def check_bands(a: Analysis, bands: tuple[n.Band, ...]) -> None:
    seen: dict[str, n.Band] = {}
    for i, band in enumerate(bands):
        check_condition(a, band.condition)
        if band.label in seen:
            a.bag.error("K-E0101", f"grade '{band.label}' appears twice", band.span)
        seen[band.label] = band
        if isinstance(band.condition, n.Otherwise) and i != len(bands) - 1:
            a.bag.error("K-E0122", "`else` must be the last grade band", band.condition.span)


def check_meta(a: Analysis) -> None:
    s = a.scheme
    period = s.meta_node("period")
    if period is not None and period.value not in PERIODS:
        a.bag.error("K-E0107", f"unknown period '{period.value}'", period.span,
                    _did_you_mean(str(period.value), PERIODS) or [f"periods: {', '.join(PERIODS)}"])
    id_meta = s.meta_node("id")
    if id_meta is not None:
        entry = a.scope.get(str(id_meta.value))
        if entry is None or entry.kind != "input":
            cands = [k for k, e in a.scope.items() if e.kind == "input"]
            a.bag.error("K-E0102", f"`id` names '{id_meta.value}', which is not an input", id_meta.span,
                        _did_you_mean(str(id_meta.value), cands))
        else:
            a.used.add(str(id_meta.value))


def check_inputs(a: Analysis) -> None:
    columns: dict[str, n.InputDecl] = {}
    for inp in a.scheme.inputs:
        t = INPUT_TYPES.get(inp.type_name)
        if t is None:
            a.bag.error("K-E0108", f"unknown input type '{inp.type_name}'", inp.type_span,
                        _did_you_mean(inp.type_name, INPUT_TYPES) or [f"types: {', '.join(INPUT_TYPES)}"])
            continue
        if inp.range is not None:
            if t.kind is not Kind.NUMBER:
                a.bag.error("K-E0110", f"a range needs a numeric input, and '{inp.name}' is {t.name}", inp.range.span)
            else:
                check_condition(a, inp.range)
        if inp.default is not None:
            if inp.optional:
                a.bag.error("K-E0109", f"input '{inp.name}' is both optional and has a default", inp.default.span,
                            ["a default fills a missing cell; `optional` keeps it missing. Choose one"])
            raw: object = None
            match inp.default:
                case n.Number(value=v):
                    raw = v
                case n.String(value=sv):
                    raw = sv
                case n.Bool(value=bv):
                    raw = bv
            try:
                coerce(raw, t)
            except CellError as exc:
                a.bag.error("K-E0110", f"default for '{inp.name}' does not fit its type: {exc}", inp.default.span)
        for col in (inp.name, *( [inp.label] if inp.label else []), *inp.aliases):
            other = columns.get(col)
            if other is not None and other is not inp:
                a.bag.error("K-E0101", f"column name '{col}' would match both '{other.name}' and '{inp.name}'", inp.span,
                            ["labels and aliases are used to find data columns, so they must be unique"])
            columns[col] = inp


def _indicator_ctx(ind: n.Indicator) -> ExprContext:
    return ExprContext(VALUE_KINDS, f"indicator '{ind.name}'", owner=ind.name)


def check_indicators(a: Analysis) -> None:
    for ind in a.indicators:
        ctx = _indicator_ctx(ind)
        for key, span in ind.word_spans:
            value = getattr(ind, key)
            allowed: Iterable[str] = {"category": CATEGORIES, "period": PERIODS, "direction": DIRECTIONS}[key]
            if value not in allowed:
                a.bag.error("K-E0107", f"unknown {key} '{value}'", span,
                            _did_you_mean(value, allowed) or [f"{key}: {', '.join(allowed)}"])
        value_ctx = ExprContext(VALUE_KINDS, f"the value of '{ind.name}'", owner=ind.name, extra=())
        value_kind = infer(a, ind.value, value_ctx) if ind.value is not None else None
        if ind.value is not None and value_kind is not None and value_kind not in (Kind.NUMBER, Kind.TEXT):
            a.bag.error("K-E0110", f"the value of '{ind.name}' must be a number (or a scale label), not {_kind_phrase(value_kind)}",
                        ind.value.span)
        check_scoring(a, ind, value_kind, ctx)
        for clause, what in ((ind.cap, "cap"), (ind.floor, "floor")):
            if clause is not None:
                k = infer(a, clause, ctx)
                if k is not None and k is not Kind.NUMBER:
                    a.bag.error("K-E0110", f"`{what}` must be a number", clause.span)
        for outcome, what in ((ind.on_zero, "zero"), (ind.on_missing, "missing")):
            if outcome is not None and outcome.expr is not None:
                k = infer(a, outcome.expr, ctx)
                if k is not None and k is not Kind.NUMBER:
                    a.bag.error("K-E0110", f"`on {what}` must give a number", outcome.span)


def check_scoring(a: Analysis, ind: n.Indicator, value_kind: Kind | None, ctx: ExprContext) -> None:
    sc = ind.scoring
    needs_value = isinstance(sc, (n.LadderRef, n.InlineLadder, n.ScaleRef, n.Proportional))
    if sc is None and ind.value is None:
        a.bag.error("K-E0111", f"indicator '{ind.name}' has neither a `value` nor a `score`", ind.name_span,
                    ["add `score <formula>`, or a `value` with `score ladder ...`"])
        return
    if needs_value and ind.value is None:
        assert sc is not None
        a.bag.error("K-E0111", f"indicator '{ind.name}' scores its value, but has no `value` clause", sc.span,
                    ["add `value <formula>` before `score`"])
    if sc is None:
        if value_kind is not None and value_kind is not Kind.NUMBER:
            a.bag.error("K-E0110", f"'{ind.name}' has no `score` and its value is not a number", ind.name_span)
        return
    match sc:
        case n.LadderRef(name=name):
            _expect_def(a, name, "ladder", sc.span)
            if value_kind is not None and value_kind is not Kind.NUMBER:
                a.bag.error("K-E0110", f"a ladder reads a number; the value of '{ind.name}' is {_kind_phrase(value_kind)}", sc.span)
            if a.ladder_kinds.get(name, Kind.NUMBER) is not Kind.NUMBER:
                a.bag.error("K-E0110", f"ladder '{name}' gives text; a score must be a number", sc.span)
        case n.InlineLadder(tiers=tiers):
            if value_kind is not None and value_kind is not Kind.NUMBER:
                a.bag.error("K-E0110", f"a ladder reads a number; the value of '{ind.name}' is {_kind_phrase(value_kind)}", sc.span)
            if check_tiers(a, tiers, f"'{ind.name}'") is not Kind.NUMBER:
                a.bag.error("K-E0110", "a score ladder must give numbers", sc.span)
        case n.ScaleRef(name=name):
            _expect_def(a, name, "scale", sc.span)
        case n.Proportional(target=t, full=f):
            for e in (t, f):
                k = infer(a, e, ctx)
                if k is not None and k is not Kind.NUMBER:
                    a.bag.error("K-E0110", "`proportional` needs numbers", e.span)
        case n.Raters():
            check_raters(a, ind, sc)
        case n.ExprScore(expr=e):
            k = infer(a, e, ctx)
            if k is not None and k is not Kind.NUMBER:
                a.bag.error("K-E0110", f"the score of '{ind.name}' must be a number, not {_kind_phrase(k)}", e.span)


def _expect_def(a: Analysis, name: str, kind: str, span: Span) -> None:
    entry = a.scope.get(name)
    if entry is None or entry.kind != kind:
        cands = [k for k, e in a.scope.items() if e.kind == kind]
        if entry is not None:
            a.bag.error("K-E0103", f"'{name}' is {_article(entry.kind)}, not {_article(kind)}", span, _did_you_mean(name, cands))
        else:
            a.bag.error("K-E0102", f"unknown {kind} '{name}'", span, _did_you_mean(name, cands))
        return
    a.used.add(name)


def check_raters(a: Analysis, ind: n.Indicator, sc: n.Raters) -> None:
    if sc.method not in ("mean", "weighted", "trimmed"):
        a.bag.error("K-E0107", f"unknown rater method '{sc.method}'", sc.method_span or sc.span,
                    _did_you_mean(sc.method, ("mean", "weighted", "trimmed")) or ["methods: mean, weighted, trimmed"])
    if sc.missing not in ("exclude", "zero", "error"):
        a.bag.error("K-E0107", f"unknown missing-rater rule '{sc.missing}'", sc.missing_span or sc.span,
                    _did_you_mean(sc.missing, ("exclude", "zero", "error")) or ["rules: exclude, zero, error"])
    if not sc.raters:
        a.bag.error("K-E0111", f"'{ind.name}' lists no raters", sc.span)
        return
    roles: set[str] = set()
    for r in sc.raters:
        if r.role in roles:
            a.bag.error("K-E0101", f"rater '{r.role}' is listed twice", r.span)
        roles.add(r.role)
        for name, span in zip(r.inputs, r.input_spans, strict=True):
            entry = a.scope.get(name)
            if entry is None or entry.kind != "input":
                cands = [k for k, e in a.scope.items() if e.kind == "input"]
                a.bag.error("K-E0102", f"unknown input '{name}' for rater '{r.role}'", span, _did_you_mean(name, cands))
                continue
            a.used.add(name)
            node = entry.node
            assert isinstance(node, n.InputDecl)
            t = INPUT_TYPES.get(node.type_name)
            if t is not None and t.kind is not Kind.NUMBER:
                a.bag.error("K-E0110", f"rater input '{name}' must be numeric, not {t.name}", span)
        if r.weight is not None and r.weight.value <= 0:
            a.bag.error("K-E0133", f"rater weight must be above zero, not {r.weight.text}", r.weight.span)
    weighted = [r for r in sc.raters if r.weight is not None]
    if sc.method == "weighted":
        if len(weighted) != len(sc.raters):
            a.bag.error("K-E0131", "`method weighted` needs a weight on every rater", sc.span)
        elif all(r.weight is not None and r.weight.is_percent for r in sc.raters):
            total = sum((r.weight.value for r in sc.raters if r.weight is not None), Decimal(0))
            if total != ONE:
                a.bag.error("K-E0130", f"rater weights add up to {_pct(total)}, not 100%", sc.span)
    elif weighted:
        a.bag.error("K-E0132", f"rater weights are ignored by `method {sc.method}`", weighted[0].span,
                    ["use `method weighted`, or drop the weights"])
    if sc.method == "trimmed" and sc.trim < 1:
        a.bag.error("K-E0107", "`method trimmed` drops at least one rater from each end", sc.method_span or sc.span)


def _pct(value: Decimal) -> str:
    from .numbers import fmt_plain

    return fmt_plain(value * HUNDRED) + "%"


def check_weights(a: Analysis) -> None:
    """Weights within each container: all or none, one form, positive, percents adding to 100%."""

    def container(members: tuple[n.Indicator | n.Group, ...], combine: str, what: str, span: Span) -> None:
        weighted = [m for m in members if m.weight is not None]
        for m in weighted:
            assert m.weight is not None
            if m.weight.value <= 0:
                a.bag.error("K-E0133", f"weight of '{m.name}' must be above zero, not {m.weight.text}", m.weight.span)
        if combine == "mean":
            if weighted:
                w = weighted[0].weight
                assert w is not None
                a.bag.error("K-E0132", f"{what} averages its members (`combine mean`), so member weights have no effect",
                            w.span, ["remove the weights, or use `combine sum` to weight the members"])
            return
        if weighted and len(weighted) != len(members):
            unweighted = [m.name for m in members if m.weight is None]
            a.bag.error("K-E0131", f"in {what}, some items have a weight and some do not ({', '.join(unweighted)} have none)",
                        next(m for m in members if m.weight is None).name_span,
                        ["give every item a weight, or none (then the scores are added as points)"])
            return
        forms = {m.weight.is_percent for m in weighted if m.weight is not None}
        if len(forms) > 1:
            a.bag.error("K-E0131", f"in {what}, weights mix percentages and multipliers", span,
                        ["write all weights as percentages (40%) or all as multipliers (x4 is `weight 4`)"])
            return
        if forms == {True}:
            total = sum((m.weight.value for m in weighted if m.weight is not None), Decimal(0))
            if total != ONE:
                listing = ", ".join(f"{m.name} {m.weight.text}" for m in weighted if m.weight is not None)
                a.bag.error("K-E0130", f"weights in {what} add up to {_pct(total)}, not 100%", span,
                            [f"weights: {listing}"])
        for m in members:
            if isinstance(m, n.Indicator) and not weighted:
                for outcome in (m.on_zero, m.on_missing):
                    if outcome is not None and outcome.kind == "skip":
                        a.bag.error("K-E0134", f"'{m.name}' may be skipped, but {what} has no weights to share out again",
                                    outcome.span, ["give the items weights, or state a value instead of skip"])

    s = a.scheme
    if s.items:
        container(s.items, "sum", f"scheme '{s.title}'", s.items[0].span)
    for g in a.groups:
        if g.combine not in ("sum", "mean"):
            a.bag.error("K-E0107", f"unknown combine rule '{g.combine}'", g.combine_span or g.span,
                        _did_you_mean(g.combine, ("sum", "mean")) or ["combine: sum, mean"])
            continue
        if not g.members:
            a.bag.error("K-E0111", f"group '{g.name}' is empty", g.name_span)
            continue
        container(g.members, g.combine, f"group '{g.name}'", g.name_span)


def check_cycles(a: Analysis) -> None:
    """Indicators may use other indicators' scores, but not in a circle; sets the evaluation order."""
    order: list[str] = []
    state: dict[str, int] = {}
    by_name = {i.name: i for i in a.indicators}

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            a.bag.error("K-E0121", f"indicators depend on each other in a circle: {' -> '.join([*chain, name])}",
                        by_name[name].name_span)
            return
        state[name] = 1
        for dep in sorted(a.indicator_deps.get(name, ()), key=lambda d: list(by_name).index(d) if d in by_name else 0):
            if dep in by_name:
                visit(dep, [*chain, name])
        state[name] = 2
        order.append(name)

    for name in by_name:
        visit(name, [])
    a.indicator_order = order


def check_adjustments(a: Analysis) -> None:
    ctx = ExprContext(AFTER_KINDS, "a deduction or bonus")
    for adj in a.scheme.adjustments:
        k = infer(a, adj.amount, ctx)
        if k is not None and k is not Kind.NUMBER:
            a.bag.error("K-E0110", f"the amount of '{adj.label}' must be a number, not {_kind_phrase(k)}", adj.amount.span)
        if adj.cap is not None:
            kc = infer(a, adj.cap, ctx)
            if kc is not None and kc is not Kind.NUMBER:
                a.bag.error("K-E0110", "`cap` must be a number", adj.cap.span)
        if adj.source is not None:
            assert adj.source_span is not None
            entry = a.scope.get(adj.source)
            if entry is None or entry.kind != "indicator":
                cands = [k for k, e in a.scope.items() if e.kind == "indicator"]
                a.bag.error("K-E0102", f"unknown indicator '{adj.source}'", adj.source_span, _did_you_mean(adj.source, cands))
            elif adj.kind == "bonus":
                a.bag.error("K-E0112", "`from` applies to deductions only", adj.source_span)
            else:
                a.used.add(adj.source)
        elif adj.spill:
            a.bag.error("K-E0112", "`spill` needs `from INDICATOR`", adj.span,
                        ["spill moves what an item's own points cannot cover into the general deductions"])


def _grade_labels(a: Analysis) -> list[str] | None:
    g = a.scheme.grade
    if g is None:
        return None
    if g.ref is not None:
        entry = a.scope.get(g.ref)
        if entry is None or not isinstance(entry.node, n.BandsDef):
            return None
        return [b.label for b in entry.node.bands]
    return [b.label for b in g.bands]


def check_vetoes_total_grade(a: Analysis) -> None:
    ctx = ExprContext(AFTER_KINDS, "a veto")
    labels = _grade_labels(a)
    for v in a.scheme.vetoes:
        k = infer(a, v.condition, ctx)
        if k is not None and k is not Kind.BOOL:
            a.bag.error("K-E0110", f"the condition of veto '{v.label}' must be yes/no, not {_kind_phrase(k)}", v.condition.span,
                        ["write a comparison, e.g. `loss >= 2000`"])
        if v.effect == "grade":
            if a.scheme.grade is None:
                a.bag.error("K-E0113", f"veto '{v.label}' sets a grade, but the scheme has no `grade`", v.effect_span)
            elif labels is not None and v.grade not in labels:
                a.bag.error("K-E0113", f"veto '{v.label}' sets grade '{v.grade}', which is not one of {', '.join(labels)}",
                            v.effect_span, _did_you_mean(str(v.grade), labels))
    t = a.scheme.total
    if t is not None:
        tctx = ExprContext(AFTER_KINDS, "the total", extra=TOTAL_NAMES)
        for e in (t.expr, t.cap, t.floor):
            if e is not None:
                k = infer(a, e, tctx)
                if k is not None and k is not Kind.NUMBER:
                    a.bag.error("K-E0110", f"the total must be a number, not {_kind_phrase(k)}", e.span)
    g = a.scheme.grade
    if g is not None:
        if g.reads not in ("rounded", "exact"):
            a.bag.error("K-E0107", f"grades read the `rounded` or the `exact` total, not '{g.reads}'", g.reads_span or g.span)
        if g.ref is not None:
            _expect_def(a, g.ref, "bands", g.span)
        else:
            check_bands(a, g.bands)


def check_tests(a: Analysis) -> None:
    inputs = {i.name: i for i in a.scheme.inputs}
    items = {i.name for i in a.indicators} | {g.name for g in a.groups}
    tests = list(a.scheme.tests) + list(a.program.module.tests)
    names: set[str] = set()
    for tc in tests:
        if tc.name in names:
            a.bag.error("K-E0101", f"two tests are named '{tc.name}'", tc.span)
        names.add(tc.name)
        for g in tc.given:
            inp = inputs.get(g.name)
            if inp is None:
                a.bag.error("K-E0102", f"test '{tc.name}' gives '{g.name}', which is not an input", g.span,
                            _did_you_mean(g.name, inputs))
                continue
            t = INPUT_TYPES.get(inp.type_name)
            if t is not None and g.value.value is not None:
                try:
                    coerce(g.value.value, t)
                except CellError as exc:
                    a.bag.error("K-E0110", f"test value for '{g.name}' does not fit its type: {exc}", g.value.span)
        for e in tc.expects:
            path = e.path
            ok = (len(path) == 1 and path[0] in TEST_FIELDS) or (
                len(path) == 2 and path[0] in items and path[1] in ITEM_FIELDS
            )
            if not ok:
                if len(path) == 2 and path[0] not in items:
                    hint = _did_you_mean(path[0], items)
                elif len(path) == 2:
                    hint = [f"item fields: {', '.join(ITEM_FIELDS)}"]
                else:
                    hint = _did_you_mean(path[0], TEST_FIELDS) or [f"fields: {', '.join(TEST_FIELDS)}, or ITEM.score"]
                a.bag.error("K-E0102", f"test '{tc.name}' expects unknown result '{'.'.join(path)}'", e.span, hint)


#: Names a population rule's key can use besides the scheme's own (the record's results).
RESULT_NAMES = (*TOTAL_NAMES, "total", "total_exact")

#: The words each distribution option accepts.
DIST_OPTIONS = {
    "rounding": ("largest_remainder", "half_up"),
    "boundary": ("strict", "higher", "lower"),
    "mode": ("separate", "replace", "cap"),
}


def check_population(a: Analysis) -> None:
    """Population rules: keys, groups, quotas, coefficient labels, and the order they refer to
    each other in (a rule may only use rules defined before it)."""
    rules = a.scheme.population
    if not rules:
        return
    inputs = {i.name: i for i in a.scheme.inputs}
    defined: dict[str, n.PopulationRule] = {}
    grade_labels = _grade_labels(a)

    def key_ctx() -> ExprContext:
        return ExprContext(AFTER_KINDS | {"population"}, "a population rule", extra=RESULT_NAMES)

    def check_expr(e: n.Expr, want: Kind | None = Kind.NUMBER) -> None:
        for sub in n.walk_expr(e):
            if isinstance(sub, n.Name) and sub.id in a.scope and a.scope[sub.id].kind == "population" and sub.id not in defined:
                a.bag.error("K-E0151", f"'{sub.id}' is computed after this rule", sub.span,
                            ["population rules run in the order they are written; move this rule below it"])
                return
        k = infer(a, e, key_ctx())
        if want is not None and k is not None and k is not want:
            a.bag.error("K-E0110", f"expected {_kind_phrase(want)}, not {_kind_phrase(k)}", e.span)

    def check_within(w: n.Within | None) -> None:
        if w is None:
            return
        for col, span in zip(w.columns, w.spans, strict=True):
            if col not in inputs:
                a.bag.error("K-E0102", f"`within` needs an input column; '{col}' is not an input", span,
                            _did_you_mean(col, inputs))
            else:
                a.used.add(col)

    def refer(name: str, span: Span, kinds: tuple[type, ...], what: str) -> n.PopulationRule | None:
        rule = defined.get(name)
        if rule is None or not isinstance(rule, kinds):
            cands = [k for k, r in defined.items() if isinstance(r, kinds)]
            later = a.scope.get(name)
            if later is not None and later.kind == "population" and rule is None:
                a.bag.error("K-E0151", f"'{name}' is defined after this rule", span, ["move this rule below it"])
            else:
                a.bag.error("K-E0102", f"'{name}' is not {what}", span, _did_you_mean(name, cands))
            return None
        a.used.add(name)
        return rule

    for rule in rules:
        match rule:
            case n.RankRule(key=key, ties=ties, within=within) | n.DistributeRule(key=key, ties=ties, within=within):
                for k in (key, *ties):
                    check_expr(k.expr, None)
                check_within(within)
            case n.PercentileRule(key=key, within=within):
                check_expr(key.expr)
                check_within(within)
            case n.NormaliseRule(key=key, within=within, weight=weight):
                check_expr(key.expr)
                check_expr(weight)
                check_within(within)
        if isinstance(rule, n.DistributeRule):
            _check_distribution(a, rule, grade_labels)
        elif isinstance(rule, n.CoefficientRule):
            if rule.source == "grade":
                labels = grade_labels
                if labels is None:
                    a.bag.error("K-E0113", "coefficients `from grade` need a `grade` statement", rule.source_span)
            else:
                src = refer(rule.source, rule.source_span, (n.DistributeRule,), "a distribution (or `grade`)")
                labels = [q.label for q in src.quotas] if isinstance(src, n.DistributeRule) else None
            given = [v.label for v in rule.values]
            if labels is not None:
                missing = [lb for lb in labels if lb not in given]
                if missing:
                    a.bag.error("K-E0152", f"coefficient '{rule.name}' gives no value for {', '.join(missing)}", rule.name_span)
                for v in rule.values:
                    if v.label not in labels:
                        a.bag.error("K-E0152", f"'{v.label}' is not a grade of {rule.source}", v.span, _did_you_mean(v.label, labels))
        elif isinstance(rule, n.PoolRule):
            check_expr(rule.amount)
            refer(rule.by, rule.by_span, (n.CoefficientRule,), "a coefficient rule")
            check_within(rule.within)
        elif isinstance(rule, n.SharesRule):
            check_expr(rule.amount)
            refer(rule.by, rule.by_span, (n.RankRule,), "a rank rule")
            check_within(rule.within)
            positions = [p for p, _, _, _ in rule.shares]
            for p, share, text, span in rule.shares:
                if p < 1 or positions.count(p) > 1:
                    a.bag.error("K-E0152", f"rank position {p} is not a valid, single position", span)
                if share < 0:
                    a.bag.error("K-E0152", f"share {text} is negative", span)
            total = sum((s for _, s, _, _ in rule.shares), Decimal(0))
            if total > ONE:
                a.bag.error("K-E0150", f"shares of '{rule.name}' add up to {_pct(total)}, more than the pool", rule.name_span)
        elif isinstance(rule, n.FlagRule):
            check_expr(rule.condition, Kind.BOOL)
            if rule.periods < 1:
                a.bag.error("K-E0107", "a flag needs at least 1 period", rule.span)
            a.history_uses.append(rule.name_span)
        elif isinstance(rule, n.RollupRule):
            check_expr(rule.expr)
            if rule.weight is not None:
                check_expr(rule.weight)
            if rule.method not in ("mean", "sum", "weighted"):
                a.bag.error("K-E0107", f"unknown roll-up '{rule.method}'", rule.method_span,
                            _did_you_mean(rule.method, ("mean", "sum", "weighted")) or ["roll-ups: mean, sum, weighted"])
            elif (rule.method == "weighted") != (rule.weight is not None):
                a.bag.error("K-E0107", "`weighted` needs `by WEIGHT`, and only `weighted` takes one", rule.method_span,
                            ["rollup 年度得分 = weighted total by 权重 over year"])
            unit = a.scheme.meta_value("period")
            if rule.over not in PERIODS:
                a.bag.error("K-E0107", f"unknown period '{rule.over}'", rule.over_span, _did_you_mean(rule.over, PERIODS))
            elif unit in PERIODS and PER_YEAR[rule.over] > PER_YEAR[str(unit)]:
                a.bag.error("K-E0107", f"a roll-up over {rule.over} needs a coarser unit than the scheme's period ({unit})",
                            rule.over_span)
            a.history_uses.append(rule.name_span)
        if isinstance(rule, n.PoolRule) and rule.prorate is not None:
            check_expr(rule.prorate)
        defined[rule.name] = rule


def _check_distribution(a: Analysis, rule: n.DistributeRule, grade_labels: list[str] | None) -> None:
    total = sum((q.value for q in rule.quotas), Decimal(0))
    if total != ONE:
        listing = ", ".join(f"{q.label} {q.text}" for q in rule.quotas)
        a.bag.error("K-E0150", f"quotas of '{rule.name}' add up to {_pct(total)}, not 100%", rule.name_span, [f"quotas: {listing}"])
    seen: set[str] = set()
    for q in rule.quotas:
        if q.label in seen:
            a.bag.error("K-E0101", f"grade '{q.label}' appears twice in '{rule.name}'", q.span)
        seen.add(q.label)
        if q.value < 0:
            a.bag.error("K-E0150", f"quota {q.text} is negative", q.span)
    spans = dict(rule.option_spans)
    for option, allowed in DIST_OPTIONS.items():
        value = getattr(rule, option)
        if value not in allowed:
            a.bag.error("K-E0107", f"unknown {option} '{value}'", spans.get(option, rule.span),
                        _did_you_mean(value, allowed) or [f"{option}: {', '.join(allowed)}"])
    if rule.fallback is not None:
        if rule.fallback == "bands":
            if grade_labels is None:
                a.bag.error("K-E0113", "`min_group ... -> bands` needs a `grade` statement", spans.get("min_group", rule.span))
        elif rule.fallback not in seen:
            a.bag.error("K-E0113", f"'{rule.fallback}' is not a grade of '{rule.name}'", spans.get("min_group", rule.span),
                        _did_you_mean(rule.fallback, seen) or ["write `bands` (use the absolute grade) or one of the quota grades"])
    if rule.mode in ("replace", "cap"):
        if grade_labels is None:
            a.bag.error("K-E0113", f"`mode {rule.mode}` changes the grade, but the scheme has no `grade`", spans.get("mode", rule.span))
        elif rule.mode == "cap":
            missing = [lb for lb in grade_labels if lb not in seen]
            if missing:
                a.bag.error("K-E0113", f"`mode cap` compares the band grade with the quota grade, but {', '.join(missing)} "
                            f"is not among the quotas of '{rule.name}'", spans.get("mode", rule.span))


def check_periods(a: Analysis) -> None:
    """A scheme with history (prev, last_year, flags, roll-ups) needs one period column and a calendar."""
    period_inputs = [i for i in a.scheme.inputs if i.type_name == "period"]
    for extra in period_inputs[1:]:
        a.bag.error("K-E0160", f"a scheme has one period column; '{extra.name}' is a second", extra.type_span)
    if period_inputs and a.scheme.meta_value("period") not in PERIODS:
        a.bag.error("K-E0160", f"the period column '{period_inputs[0].name}' needs the scheme's calendar",
                    period_inputs[0].type_span, ["declare it: period month | quarter | half_year | year"])
    if period_inputs:
        a.used.add(period_inputs[0].name)
    if a.history_uses and not period_inputs:
        a.bag.error("K-E0160", "this rule reads other periods, but the scheme has no period column", a.history_uses[0],
                    ["declare the column that says which period a row belongs to: input 期间: period \"考核期间\""])


#: The checks, in order. Definitions come first because expression checks need constant kinds;
#: indicators before cycles because cycle detection reads the dependencies they record.
CHECKS: tuple[Callable[[Analysis], None], ...] = (
    build_scope,
    check_meta,
    check_definitions,
    check_inputs,
    check_indicators,
    check_weights,
    check_cycles,
    check_adjustments,
    check_vetoes_total_grade,
    check_population,
    check_periods,  # after every expression check: it reads the history uses they recorded
    check_tests,
)


def analyse(program: Program, earlier: list[Diagnostic] | None = None) -> Analysis:
    """Run every check over the program's scheme; the diagnostics are in `analysis.bag`.

    `earlier` holds problems found before the checks (template expansion), reported with them.
    """
    scheme = program.scheme
    if scheme is None:
        raise ValueError("the program holds no scheme")
    a = Analysis(program, scheme)
    for w in [*program.warnings, *(earlier or [])]:
        a.bag.add(w)
    for ind in n.iter_indicators(scheme.items):
        if ind.template is not None:
            a.used.add(ind.template)
    for check in CHECKS:
        check(a)
    return a


def check_module_definitions(program: Program) -> list[Diagnostic]:
    """Checks for a file with definitions only (a stdlib or shared module): its ladders, bands,
    scales and constants."""
    placeholder = n.Scheme(program.module.span, "", (), (), (), (), (), (), None, None, ())
    a = Analysis(program, placeholder)
    build_scope(a)
    check_definitions(a)
    found = a.bag.sorted()
    from .templates import check_templates

    return found + check_templates(program)
