"""Binding names: the scheme's scope, and every name in a formula, bound at its place."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .. import nodes as n
from .. import nodewalk
from ..builtins import AGGREGATES, BUILTINS
from ..errors import Diagnostic, Severity
from ..messages import names as msg
from ..printer import format_aggregate
from ..refs import (
    ALL_RESULTS,
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
    TableRef,
)
from ..source import Span
from ..suggest import did_you_mean
from .model import (
    AFTER_KINDS,
    HISTORY,
    RESERVED,
    SELF_VALUE,
    TABLE_KINDS,
    TABLES,
    Binding,
    DefKind,
    Place,
    Reference,
    Resolution,
    article,
    def_kind,
    head_span,
    kind_word,
    tail_span,
)


class Binder:
    """Binds names into a `Resolution`, reporting those that cannot be bound."""

    def __init__(self, resolution: Resolution) -> None:
        self.r = resolution
        self.scope = resolution.scope

    # ------------------------------------------------------------------ reporting
    def error(self, code: str, message: str, span: Span | None, hints: Iterable[str] = ()) -> None:
        self.r.diagnostics.append(Diagnostic(code, message, span, Severity.ERROR, tuple(hints)))

    def warning(self, code: str, message: str, span: Span | None, hints: Iterable[str] = ()) -> None:
        self.r.diagnostics.append(Diagnostic(code, message, span, Severity.WARNING, tuple(hints)))

    def bind(self, node: n.Node | None, span: Span, name: str, target: Ref | Callee, binding: Binding | None) -> None:
        """Record one occurrence (and mark its definition used)."""
        ref = Reference(span, name, target, binding)
        self.r.references.append(ref)
        if node is not None:
            self.r._by_node[id(node)] = ref
        if binding is not None:
            self.r.used.add(binding.name)

    def depend(self, place: Place, name: str) -> None:
        if place.feeds is not None:
            self.r.depends.setdefault(place.feeds, set()).add(name)

    def edge(self, place: Place, target: Ref) -> None:
        """The step of `place` reads the step that computes `target` (the stage graph)."""
        step = step_of(target)
        if place.node is not None and step is not None:
            self.r.reads.setdefault(place.node, set()).add(step)

    # ------------------------------------------------------------------ scope
    def build_scope(self) -> None:
        """Every definition the scheme can see, in one namespace: imported symbols, then the
        scheme's own definitions, inputs, groups, indicators and population rules."""
        program, scheme = self.r.program, self.r.scheme
        for name, sym in program.symbols.items():
            self.scope[name] = Binding(name, def_kind(sym.node), sym.node, sym.node.name_span, sym.module, sym.imported)
        path = program.module.path
        for d in scheme.definitions:
            self._add(d.name, def_kind(d), d, d.name_span, path)
        for inp in scheme.inputs:
            self._add(inp.name, DefKind.INPUT, inp, inp.name_span, inp.span.path)
        for g in self.r.groups:
            self._add(g.name, DefKind.GROUP, g, g.name_span, path)
        for ind in self.r.indicators:
            self._add(ind.name, DefKind.INDICATOR, ind, ind.name_span, path)
        for rule in scheme.population:
            self._add(rule.name, DefKind.RULE, rule, rule.name_span, path)
        for f in scheme.fields:
            self._add(f.name, DefKind.FIELD, f, f.name_span, path)

    def _add(self, name: str, kind: DefKind, node: n.Node, span: Span, module: str) -> None:
        if name in RESERVED:
            self.error("K-E0101", msg.builtin_name(name=name, what=_result_word(name)), span, [msg.choose_another_name()])
            return
        existing = self.scope.get(name)
        if existing is not None and existing.kind is DefKind.TEMPLATE and isinstance(node, n.Indicator) and node.template == name:
            existing = None  # `indicator 准时交付率 from 准时交付率`: the indicator is that template's instance
        if existing is not None:
            sym = self.r.program.symbols.get(name)
            if sym is not None and sym.node is existing.node and sym.imported:
                self.warning("K-W0101", msg.replaces_import(name=name, kind=kind_word(existing.kind), module=sym.module), span,
                             [msg.replaces_import_hint()])
            else:
                self.error("K-E0101", msg.defined_twice(name=name, kind=article(existing.kind)), span,
                           [msg.first_definition(location=str(existing.span))])
                return
        self.scope[name] = Binding(name, kind, node, span, module)

    # ------------------------------------------------------------------ formulas
    def expr(self, e: n.Expr, place: Place) -> None:
        """Bind every name in a formula written at `place`."""
        match e:
            case n.Name():
                self.name(e, place)
            case n.Attribute():
                self.attribute(e, place)
            case n.Call():
                self.call(e, place)
            case n.Membership(operand=o, condition=c):
                self.expr(o, place)
                self.condition(c)
            case n.Neg(operand=o) | n.Not(operand=o):
                self.expr(o, place)
            case n.Binary(left=a, right=b) | n.Compare(left=a, right=b):
                self.expr(a, place)
                self.expr(b, place)
            case n.Logical(operands=ops):
                for o in ops:
                    self.expr(o, place)
            case n.IfExpr(cond=c, then=t, otherwise=o):
                self.expr(c, place)
                self.expr(t, place)
                self.expr(o, place)
            case n.Aggregate():
                self.aggregate(e, place)
            case _:
                pass

    def name(self, e: n.Name, place: Place) -> None:
        name = e.id
        if any(name == r.value for r in place.results):
            result = ResultRef(Result(name))
            self.bind(e, e.span, name, result, None)
            self.edge(place, result)
            return
        if name == SELF_VALUE and place.owner is not None and name not in self.scope:
            self._self_value(e, place)
            return
        b = self.scope.get(name)
        if b is None or b.kind not in place.readable:
            self._unreadable(e, b, place)
        elif b.kind in TABLE_KINDS:
            self.error("K-E0103", msg.call_table(name=name, kind=article(b.kind)), e.span)
        elif b.kind is DefKind.RULE and name not in place.rules_before:
            self.error("K-E0151", msg.computed_after(name=name), e.span, [msg.computed_after_hint()])
        else:
            target = _value_ref(b)
            self.bind(e, e.span, name, target, b)
            self.edge(place, target)
            if b.kind is DefKind.INDICATOR:
                self.depend(place, name)

    def _self_value(self, e: n.Name, place: Place) -> None:
        if place.own_value:
            self.error("K-E0121", msg.reads_own_value(name=place.owner or ""), e.span, [msg.reads_own_value_hint()])
        elif place.self_value:
            self.bind(e, e.span, SELF_VALUE, SelfValue(), None)
        else:
            self.error("K-E0102", msg.value_without_clause(name=place.owner or ""), e.span, [msg.value_without_clause_hint()])

    def _unreadable(self, e: n.Name, b: Binding | None, place: Place) -> None:
        name = e.id
        if b is None:
            cands = self.r.names(place.readable) + [r.value for r in place.results]
            self.error("K-E0102", msg.unknown_name(name=name), e.span, did_you_mean(name, cands))
        elif b.kind in TABLE_KINDS:
            self.error("K-E0103", msg.call_table(name=name, kind=article(b.kind)), e.span)
        else:
            hints: list[str]
            if b.kind is DefKind.RULE:
                hints = [msg.hint_rules_later()]
            elif place.hint and (b.kind is DefKind.GROUP or place.consts_only or DefKind.INDICATOR not in place.readable):
                hints = [place.hint]
            else:
                hints = []
            self.error("K-E0104", msg.cannot_use_here(kind=article(b.kind), name=name, where=place.where), e.span, hints)

    def attribute(self, e: n.Attribute, place: Place) -> None:
        base, attr = e.base, e.attr
        b = self.scope.get(base)
        if b is not None and b.kind is DefKind.RULE:
            self._rule_part(e, b, place)
            return
        if b is None or b.kind not in (DefKind.INDICATOR, DefKind.GROUP):
            cands = self.r.names((DefKind.INDICATOR, DefKind.GROUP))
            self.error("K-E0102", msg.unknown_item(name=base), e.span, did_you_mean(base, cands))
            return
        allowed = ("value", "score", "contribution") if place.combined else ("value", "score")
        is_group = b.kind is DefKind.GROUP
        if is_group and place.owner is not None:
            self.error("K-E0104", msg.indicator_reads_group(name=base), e.span, [msg.hint_groups_combined_later()])
        elif b.kind not in place.readable:
            self.error("K-E0104", msg.cannot_use_here(kind=article(b.kind), name=base, where=place.where), e.span,
                       [place.hint] if place.hint else [])
        elif attr not in allowed or (is_group and attr == "value"):
            usable = ", ".join(base + "." + x for x in allowed if not (is_group and x == "value"))
            self.error("K-E0103", msg.not_available_here(name=f"{base}.{attr}"), e.span, [msg.use_instead(names=usable)])
        else:
            target: Ref = GroupRef(base, Field(attr)) if is_group else IndicatorRef(base, Field(attr))
            self.bind(e, head_span(e.span, base), base, target, b)
            self.edge(place, target)
            if not is_group:
                self.depend(place, base)

    def _rule_part(self, e: n.Attribute, b: Binding, place: Place) -> None:
        """`标准分.average`: a step of a population rule that exposes its steps (normalise)."""
        parts = RULE_PARTS.get(type(b.node), ())
        if DefKind.RULE not in place.readable:
            self.error("K-E0104", msg.rule_not_here(name=b.name, where=place.where), e.span, [msg.hint_rules_in_field()])
        elif b.name not in place.rules_before:
            self.error("K-E0151", msg.computed_after(name=b.name), e.span, [msg.computed_after_hint()])
        elif e.attr not in parts:
            usable = ", ".join(f"{b.name}.{p}" for p in parts) if parts else msg.no_steps(name=b.name)
            self.error("K-E0103", msg.not_a_step(part=f"{b.name}.{e.attr}", name=b.name), e.span, [msg.use_instead(names=usable)])
        else:
            target = RuleRef(b.name, e.attr)
            self.bind(e, head_span(e.span, b.name), b.name, target, b)
            self.edge(place, target)

    def aggregate(self, e: n.Aggregate, place: Place) -> None:
        """`mean(x within 部门)`: its columns are inputs; `x` and `where` are read on every record of
        the group, so they bind as formulas of their own step (the aggregate), which the step of
        `place` reads."""
        agg_id = "aggregate:" + format_aggregate(e)
        if not place.aggregates:
            self.error("K-E0104", msg.aggregate_not_here(where=place.where), e.span, [place.hint or msg.hint_aggregates()])
            return
        if e.func not in AGGREGATES:
            self.error("K-E0105", msg.unknown_aggregate(name=e.func), e.func_span,
                       did_you_mean(e.func, AGGREGATES) or [msg.known_aggregates(items=", ".join(AGGREGATES))])
            return
        if e.arg is None and e.func != "count":
            self.error("K-E0105", msg.aggregate_needs_value(func=e.func), e.span, [msg.aggregate_needs_value_hint(func=e.func)])
            return
        for scope in (e.within, e.per):
            for col, span in zip(scope.columns if scope else (), scope.spans if scope else (), strict=True):
                self.input_name(col, span, msg.within_not_input(name=col))
        inner = dataclasses.replace(place, owner=None, feeds=None, self_value=False, own_value=False, node=agg_id)
        for part in (e.arg, e.where):
            if part is not None:
                self.expr(part, inner)
        self.r.aggregates.setdefault(agg_id, e)
        self.r._aggregate_ids[id(e)] = agg_id
        target = AggregateRef(agg_id)
        self.bind(e, e.func_span, e.func, target, None)
        self.edge(place, target)

    def call(self, e: n.Call, place: Place) -> None:
        func = e.func
        if func in HISTORY and func not in self.scope:
            self._history(e, place)
            return
        for arg in e.args:
            self.expr(arg, place)
        b = self.scope.get(func)
        if b is not None and b.kind in TABLE_KINDS and b.kind in place.readable | {DefKind.BANDS}:
            self.bind(e, e.func_span, func, TableRef(TABLES[b.kind], func), b)
        elif func in BUILTINS:
            self.bind(e, e.func_span, func, BuiltinRef(func), None)
        elif func in AGGREGATES:
            self.error("K-E0105", msg.aggregate_which_records(func=func), e.span, [msg.aggregate_which_records_hint(func=func)])
        else:
            cands = list(BUILTINS) + self.r.names(TABLE_KINDS)
            self.error("K-E0105", msg.unknown_function(name=func), e.func_span,
                       did_you_mean(func, cands) or [msg.known_functions(items=", ".join(sorted(BUILTINS)))])

    def _history(self, e: n.Call, place: Place) -> None:
        self.r.history_uses.append(e.func_span)
        if len(e.args) != 1 or not isinstance(e.args[0], (n.Name, n.Attribute)):
            self.error("K-E0105", msg.history_one_name(func=e.func), e.span, [msg.history_one_name_hint(func=e.func)])
            return
        if not place.history:
            self.error("K-E0104", msg.history_not_here(func=e.func, where=place.where), e.func_span, [msg.history_not_here_hint()])
            return
        arg = e.args[0]
        # Everything of the other period is known by then, scores and population outputs included.
        other = Place(AFTER_KINDS | {DefKind.RULE}, msg.place_history(func=e.func), results=ALL_RESULTS, combined=True,
                      rules_before=frozenset(self.r.names((DefKind.RULE,))))
        self.expr(arg, other)
        inner = self.r.ref(arg)
        if inner is not None and isinstance(inner.target, Ref):
            self.bind(e, e.func_span, e.func, HistoryRef(HISTORY[e.func], inner.target), None)

    def condition(self, cond: n.Condition) -> None:
        """Bounds in tiers, bands and ranges are numbers or names of constants."""
        for b in nodewalk.condition_bounds(cond):
            if b.name is None:
                continue
            binding = self.scope.get(b.name)
            if binding is None or binding.kind is not DefKind.CONST:
                self.error("K-E0102", msg.unknown_bound_constant(name=b.name), b.span,
                           did_you_mean(b.name, self.r.names((DefKind.CONST,))) or [msg.bound_hint()])
            else:
                self.bind(b, tail_span(b.span, b.name), b.name, ConstRef(b.name), binding)

    def input_name(self, name: str, span: Span, unknown: str) -> None:
        """A name that must be an input (a rater, a `within` column); `unknown` is the message
        when it is not."""
        b = self.scope.get(name)
        if b is None or b.kind is not DefKind.INPUT:
            self.error("K-E0102", unknown, span, did_you_mean(name, self.r.names((DefKind.INPUT,))))
        else:
            self.bind(None, span, name, InputRef(name), b)

    def expect(self, name: str, kind: DefKind, span: Span, node: n.Node | None = None) -> Binding | None:
        """A name that must be a definition of one kind (`ladder L`, `scale S`, `grade 五级`)."""
        b = self.scope.get(name)
        if b is None or b.kind is not kind:
            cands = self.r.names((kind,))
            if b is not None:
                self.error("K-E0103", msg.wrong_kind(name=name, kind=article(b.kind), wanted=article(kind)), span,
                           did_you_mean(name, cands))
            else:
                self.error("K-E0102", msg.unknown_of_kind(kind=kind_word(kind), name=name), span, did_you_mean(name, cands))
            return None
        target: Ref | Callee = TableRef(TABLES[kind], name) if kind in TABLES else _value_ref(b)
        self.bind(node, tail_span(span, name), name, target, b)
        return b


def _value_ref(b: Binding) -> Ref:
    """The reference reading a definition's value by its bare name."""
    match b.kind:
        case DefKind.INPUT:
            return InputRef(b.name)
        case DefKind.CONST:
            return ConstRef(b.name)
        case DefKind.INDICATOR:
            return IndicatorRef(b.name)
        case DefKind.GROUP:
            return GroupRef(b.name)
        case DefKind.FIELD:
            return FieldRef(b.name)
        case _:
            return RuleRef(b.name)


#: The steps a population rule exposes as values (`标准分.average`), by the rule's node type.
RULE_PARTS: dict[type, tuple[str, ...]] = {
    n.NormaliseRule: ("average", "ratio", "first", "department", "weight", "cap", "rooted"),
}

#: The step that computes a result of the scheme (the stage graph's name for it).
RESULT_STEPS = {Result.BASE_SCORE: "base", Result.DEDUCTIONS: "total", Result.BONUSES: "total", Result.TOTAL: "total",
                Result.TOTAL_EXACT: "total", Result.GRADE: "grade:final"}


def step_of(target: Ref) -> str | None:
    """The step (an IR id) that computes the value `target` reads; None for inputs, constants and
    other periods, which are known before any step."""
    match target:
        case IndicatorRef(name=name, field=f):
            return "base" if f is Field.CONTRIBUTION else f"indicator:{name}"
        case GroupRef(name=name, field=f):
            return "base" if f is Field.CONTRIBUTION else f"group:{name}"
        case ResultRef(result=result):
            return RESULT_STEPS[result]
        case FieldRef(name=name):
            return f"field:{name}"
        case AggregateRef(id=agg_id):
            return agg_id
        case RuleRef(name=name):
            return f"rule:{name}"
    return None


def _result_word(name: str) -> str:
    """One of the scheme's own results, in words (`base_score` -> base score, 基础得分)."""
    return {"total": msg.result_total, "total_exact": msg.result_total_exact, "base_score": msg.result_base_score,
            "deductions": msg.result_deductions, "bonuses": msg.result_bonuses, "grade": msg.result_grade}[name]()
