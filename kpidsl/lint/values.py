"""Lint rules of report-only fields, aggregates and exclusions: an aggregate over a value that is
always empty (K-L1001), a hidden field nothing reads (K-L1002), an exclusion that can never apply
or always applies (K-L1003). A circle among fields, aggregates and rules is the resolver's K-E0121."""

from __future__ import annotations

from .. import ir
from ..kinds import Base
from ..messages import lint as msg
from ..refs import AggregateRef, Field, FieldRef, IndicatorRef
from .context import LintContext


def rule_values(ctx: LintContext) -> None:
    _always_empty_aggregates(ctx)
    _unread_fields(ctx)
    _exclusions(ctx)


def always_empty(ctx: LintContext, e: ir.Expr, seen: frozenset[str] = frozenset()) -> bool:
    """True when the expression can only ever be empty: `empty`, the value of an indicator with
    no `value` clause, a field whose formula is always empty, or an operation on such a value
    (`coalesce` and `present` excepted: they exist to handle it)."""
    match e:
        case ir.Literal(value=None):
            return True
        case ir.Read(ref=IndicatorRef(name=name, field=Field.VALUE)):
            return ctx.ir.indicator(name).value is None
        case ir.Read(ref=FieldRef(name=name)) if name not in seen:
            f = next((x for x in ctx.ir.fields if x.name == name), None)
            return f is not None and f.on_zero is None and always_empty(ctx, f.formula.expr, seen | {name})
        case ir.Read(ref=AggregateRef(id=agg_id)) if agg_id not in seen:
            agg = ctx.ir.node(agg_id)
            return isinstance(agg, ir.Aggregate) and agg.expr is not None and agg.func.value != "count" and \
                always_empty(ctx, agg.expr.expr, seen | {agg_id})
        case ir.Call(func="coalesce", args=args):
            return all(always_empty(ctx, a, seen) for a in args)
        case ir.Call(func="present"):
            return False
        case ir.If(then=t, otherwise=o):
            return always_empty(ctx, t, seen) and always_empty(ctx, o, seen)
        case ir.Logical():
            return False  # `false and empty` is false
    kids = ir.children(e)
    return bool(kids) and any(always_empty(ctx, k, seen) for k in kids)


def _always_empty_aggregates(ctx: LintContext) -> None:
    """K-L1001: an aggregate of a value no record can have is empty (or a count of 0) for everyone."""
    for agg in ctx.ir.aggregates:
        if agg.expr is not None and always_empty(ctx, agg.expr.expr):
            said = msg.aggregate_always_empty_count if agg.func.value == "count" else msg.aggregate_always_empty
            ctx.warn("K-L1001", said(aggregate=agg.text), agg.expr.span, msg.aggregate_always_empty_hint())


def _unread_fields(ctx: LintContext) -> None:
    """K-L1002: a hidden field is for other formulas to read; one that nothing reads does nothing."""
    read = {ref.name for f in _formulas(ctx.ir) for ref in f.reads if isinstance(ref, FieldRef)}
    for f in ctx.ir.fields:
        if f.hidden and f.name not in read:
            span = ctx.analysis.scope[f.name].span if f.name in ctx.analysis.scope else f.span
            ctx.warn("K-L1002", msg.hidden_field_unread(name=f.name), span, msg.hidden_field_unread_hint())


def _exclusions(ctx: LintContext) -> None:
    """K-L1003: an exclusion that can never apply (a threshold in the wrong unit, an impossible
    date), or that applies to every record (nobody would be appraised)."""
    for ex in ctx.ir.exclusions:
        if ex.condition.kind.base is not Base.BOOL:
            continue
        truth = ctx.ranges.truth(ex.condition.expr)
        if True not in truth:
            ctx.warn("K-L1003", msg.exclusion_never(reason=ex.reason), ex.condition.span, msg.exclusion_never_hint())
        elif False not in truth:
            ctx.warn("K-L1003", msg.exclusion_always(reason=ex.reason), ex.condition.span)


def _formulas(scheme: ir.Scheme) -> list[ir.Formula]:
    """Every formula of the scheme (each node's, found through the index)."""
    return [x for x in scheme.index.values() if isinstance(x, ir.Formula)]
