"""Where names stand in a scheme, and what each place may read.

One function per part of a scheme visits every name written there with the `Place` that says
what it can mean: constants read constants; a tier reads constants; an indicator reads inputs,
constants, other indicators and tables, and `value` in its score is its own value; deductions,
vetoes and the total also read groups and contributions; population rules read everything
computed before them. Names that only make sense structurally (`ladder L`, `from X`, `within 部门`,
`by 系数`) are bound here too, so every occurrence of every definition is known.
"""

from __future__ import annotations

from .. import nodes as n
from ..ids import LabelIds
from ..messages import kinds as kinds_msg
from ..messages import names as msg
from ..refs import ALL_RESULTS, TOTAL_RESULTS, Field, GroupRef, IndicatorRef, InputRef, TemplateRef
from ..suggest import did_you_mean
from ..values import INPUT_TYPES
from .binder import Binder
from .model import AFTER_KINDS, EXCLUSION_KINDS, VALUE_KINDS, Binding, DefKind, Place, const_place, head_span, tier_place
from .overrides import overrides_order


def resolve_scheme(b: Binder) -> None:
    """Bind every name of the scheme, part by part."""
    meta(b)
    definitions(b)
    inputs(b)
    exclusions(b)
    for ind in b.r.indicators:
        indicator(b, ind)
    adjustments(b)
    vetoes_total_grade(b)
    population(b)
    fields(b)
    overrides_order(b)
    tests(b)


def meta(b: Binder) -> None:
    node = b.r.scheme.meta_node("id")
    if node is None:
        return
    name = str(node.value)
    binding = b.scope.get(name)
    if binding is None or binding.kind is not DefKind.INPUT:
        b.error("K-E0102", msg.id_not_input(name=name), node.span,
                did_you_mean(name, b.r.names((DefKind.INPUT,))))
    else:
        b.bind(None, node.span, name, InputRef(name), binding)


def definitions(b: Binder) -> None:
    """Constants, and the tiers and bands of named ladders and band sets."""
    for name, binding in list(b.scope.items()):
        node = binding.node
        if isinstance(node, n.ConstDef):
            before = len(b.r.references)
            b.expr(node.expr, const_place())
            reads = [r.name for r in b.r.references[before:] if r.binding is not None and r.binding.kind is DefKind.CONST]
            b.r.const_depends[name] = list(dict.fromkeys(reads))
        elif isinstance(node, n.LadderDef):
            tiers(b, node.tiers, kinds_msg.ladder_named(name=name))
        elif isinstance(node, n.BandsDef):
            for band in node.bands:
                b.condition(band.condition)


def tiers(b: Binder, items: tuple[n.Tier, ...], what: str) -> None:
    place = tier_place(what)
    for tier in items:
        b.condition(tier.condition)
        b.expr(tier.result, place)


def inputs(b: Binder) -> None:
    for inp in b.r.scheme.inputs:
        t = INPUT_TYPES.get(inp.type_name)
        # A range on a text input is reported by the checks; its bounds are not bound.
        if inp.range is not None and t is not None and t.kind == "number":
            b.condition(inp.range)
        if inp.labels_from is not None and inp.labels_span is not None:
            b.expect(inp.labels_from, DefKind.SCALE, inp.labels_span)  # `in 责任心分`: the scale's labels


def indicator(b: Binder, ind: n.Indicator) -> None:
    name = ind.name
    sym = b.r.program.symbols.get(ind.template or "")
    if sym is not None and isinstance(sym.node, n.TemplateDef) and ind.template_span is not None:
        template = Binding(sym.name, DefKind.TEMPLATE, sym.node, sym.node.name_span, sym.module, sym.imported)
        b.bind(None, ind.template_span, sym.name, TemplateRef(sym.name), template)
    node = f"indicator:{name}"
    if ind.value is not None:
        b.expr(ind.value, Place(VALUE_KINDS, msg.place_value(name=name), owner=name, feeds=name, own_value=True, node=node))
    place = Place(VALUE_KINDS, msg.place_indicator(name=name), owner=name, feeds=name, self_value=ind.value is not None,
                  hint=msg.hint_groups_later(),
                  node=node)
    sc = ind.scoring
    match sc:
        case n.LadderRef():
            b.expect(sc.name, DefKind.LADDER, sc.span, sc)
        case n.InlineLadder():
            tiers(b, sc.tiers, kinds_msg.indicator_named(name=name))
        case n.ScaleRef():
            b.expect(sc.name, DefKind.SCALE, sc.span, sc)
        case n.Proportional(target=t, full=f):
            b.expr(t, place)
            b.expr(f, place)
        case n.Raters():
            raters(b, sc)
        case n.ExprScore(expr=e):
            b.expr(e, place)
    for clause in (ind.cap, ind.floor):
        if clause is not None:
            b.expr(clause, place)
    for outcome in (ind.on_zero, ind.on_missing):
        if outcome is not None and outcome.expr is not None:
            b.expr(outcome.expr, place)


def raters(b: Binder, sc: n.Raters) -> None:
    if sc.scale is not None and sc.scale_span is not None:
        b.expect(sc.scale, DefKind.SCALE, sc.scale_span)
    for r in sc.raters:
        for name, span in zip(r.inputs, r.input_spans, strict=True):
            b.input_name(name, span, msg.unknown_rater_input(name=name, role=r.role))


def adjustments(b: Binder) -> None:
    """General deductions and bonuses read everything combined; one taken `from` an item is
    computed while that item is scored, so it reads what an indicator reads (not groups)."""
    ids = LabelIds()
    for adj in b.r.scheme.adjustments:
        place = Place(AFTER_KINDS, msg.place_adjustment(), combined=True, node=ids.next(adj.kind, adj.label))
        if adj.source is not None and adj.source_span is not None:
            source = b.scope.get(adj.source)
            if source is None or source.kind is not DefKind.INDICATOR:
                b.error("K-E0102", msg.unknown_indicator(name=adj.source), adj.source_span,
                        did_you_mean(adj.source, b.r.names((DefKind.INDICATOR,))))
            else:
                b.bind(None, adj.source_span, adj.source, IndicatorRef(adj.source), source)
                if adj.kind == "deduct":
                    place = Place(VALUE_KINDS, msg.place_taken_from(label=adj.label, source=adj.source), feeds=adj.source,
                                  hint=msg.hint_taken_from(source=adj.source),
                                  node=f"indicator:{adj.source}")
        before = len(b.r.references)
        for e in (adj.amount, adj.cap):
            if e is not None:
                b.expr(e, place)
        if place.feeds is not None:
            _no_self_read(b, adj, before)


def _no_self_read(b: Binder, adj: n.Adjustment, before: int) -> None:
    """A deduction taken from an item cannot read that item: its score is what it changes."""
    for ref in b.r.references[before:]:
        if ref.binding is not None and ref.binding.name == adj.source and ref.binding.kind is DefKind.INDICATOR:
            b.error("K-E0121", msg.taken_from_reads_source(label=adj.label, source=adj.source or ""), ref.span,
                    [msg.taken_from_reads_source_hint()])
            b.r.depends.get(adj.source or "", set()).discard(adj.source or "")


def vetoes_total_grade(b: Binder) -> None:
    s = b.r.scheme
    ids = LabelIds()
    for v in s.vetoes:
        b.expr(v.condition, Place(AFTER_KINDS, msg.place_veto(), combined=True, node=ids.next("veto", v.label)))
    if s.total is not None:
        place = Place(AFTER_KINDS, msg.place_total(), results=TOTAL_RESULTS, combined=True, node="total")
        for e in (s.total.expr, s.total.cap, s.total.floor):
            if e is not None:
                b.expr(e, place)
    if s.grade is not None and s.grade.ref is not None:
        b.expect(s.grade.ref, DefKind.BANDS, s.grade.span, s.grade)
    elif s.grade is not None:
        for band in s.grade.bands:
            b.condition(band.condition)


def population(b: Binder) -> None:
    """Population rules, in the order written: each reads the rules before it."""
    from .rules import rule_names

    done: list[str] = []
    for rule in b.r.scheme.population:
        place = Place(AFTER_KINDS | {DefKind.RULE}, msg.place_rule(), results=ALL_RESULTS, combined=True,
                      rules_before=frozenset(done), node=f"rule:{rule.name}")
        rule_names(b, rule, place)
        done.append(rule.name)


def fields(b: Binder) -> None:
    """Fields read anything per record (and population rules' outputs); the stage graph orders
    them after what they read, and reports a circle."""
    rules = frozenset(r.name for r in b.r.scheme.population)
    for f in b.r.scheme.fields:
        place = Place(AFTER_KINDS | {DefKind.RULE}, msg.place_field(name=f.name), results=ALL_RESULTS, combined=True,
                      rules_before=rules, node=f"field:{f.name}")
        b.expr(f.expr, place)
        if f.on_zero is not None and f.on_zero.expr is not None:
            b.expr(f.on_zero.expr, place)


def exclusions(b: Binder) -> None:
    """An exclusion is decided before anything else of the record: it reads inputs and constants."""
    ids = LabelIds()
    for ex in b.r.scheme.exclusions:
        place = Place(EXCLUSION_KINDS, msg.place_exclusion(), node=ids.next("exclude", ex.reason), history=False,
                      aggregates=False, hint=msg.hint_exclusion())
        b.expr(ex.condition, place)


def tests(b: Binder) -> None:
    """Names in test blocks that can be bound (the test checks report the others)."""
    for tc in (*b.r.scheme.tests, *b.r.program.module.tests):
        for g in tc.given:
            binding = b.scope.get(g.name)
            if binding is not None and binding.kind is DefKind.INPUT:
                b.bind(None, head_span(g.span, g.name), g.name, InputRef(g.name), binding)
        for e in tc.expects:
            binding = b.scope.get(e.path[0]) if len(e.path) == 2 else None
            if binding is not None and binding.kind in (DefKind.INDICATOR, DefKind.GROUP) and e.path[1] in tuple(Field):
                ref = IndicatorRef if binding.kind is DefKind.INDICATOR else GroupRef
                b.bind(None, head_span(e.span, e.path[0]), e.path[0], ref(e.path[0], Field(e.path[1])), binding)
