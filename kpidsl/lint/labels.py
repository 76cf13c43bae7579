"""K-L0107 labels-unchecked: a text input read only through one scale (`value 工作责任心 score
scale 责任心分`, `责任心分(工作责任心)`, raters marking with `scale 责任心分`) that does not say
`in 责任心分`. A misspelt label in its column (忧 for 优) is then found only when a record is
scored, as an evaluation error; with `in 责任心分` the readers refuse the cell, naming it."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ir
from .. import nodes as n
from ..messages import labels as msg
from ..refs import Field, IndicatorRef, InputRef, Ref, TableKind
from .context import LintContext

#: What reads a value other than a lookup on a scale (a comparison, a field, a rule, ...).
OTHER = ""


def rule_labels(ctx: LintContext) -> None:
    """K-L0107: a text input without `in SCALE` whose every read goes through that scale (one
    whose levels all have fixed points: the only kind `in` takes)."""
    for spec in ctx.ir.inputs:
        if spec.type.name != "text" or spec.labels is not None:
            continue
        scale = only_scale(ctx.ir, spec.name)
        binding = ctx.analysis.scope.get(scale) if scale is not None else None
        # A scale with a range level cannot limit a text input (K-E0114): nothing to suggest.
        if scale is not None and binding is not None and isinstance(binding.node, n.ScaleDef) \
                and all(lvl.low == lvl.high for lvl in binding.node.levels):
            where = ctx.analysis.scope[spec.name].span if spec.name in ctx.analysis.scope else spec.span
            ctx.warn("K-L0107", msg.labels_unchecked(input=spec.name, scale=scale), where,
                     msg.labels_unchecked_hint(input=spec.name, scale=scale))


def only_scale(scheme: ir.Scheme, name: str) -> str | None:
    """The one scale input `name` is read through, when every read of it is a lookup on that
    scale: directly, by raters marking with it, or as the value of an indicator (`value 工作责任心`)
    scored on it or whose value is itself read only through it."""
    ref = InputRef(name)
    found: set[str] = set()
    values: set[str] = set()  # the value clauses that are the input alone: judged by their indicator
    for ind in scheme.indicators:
        if ind.value is not None and isinstance(ind.value.expr, ir.Read) and ind.value.expr.ref == ref:
            values.add(ind.value.id)
            found.update(_uses(scheme, IndicatorRef(ind.name, Field.VALUE)))
            if isinstance(ind.scoring, ir.ScaleScoring):
                found.add(ind.scoring.scale.name)
            elif not isinstance(ind.scoring, ir.FormulaScoring):
                found.add(OTHER)
        if isinstance(ind.scoring, ir.RatersScoring) and any(name in r.inputs for r in ind.scoring.raters):
            found.add(ind.scoring.scale.name if ind.scoring.scale is not None else OTHER)
    found.update(_uses(scheme, ref, values))
    return next(iter(found)) if len(found) == 1 and OTHER not in found else None


def _uses(scheme: ir.Scheme, ref: Ref, skip: set[str] | frozenset[str] = frozenset()) -> Iterator[str]:
    """For each read of `ref` in a formula (but those in `skip`): the scale it is looked up on,
    or OTHER."""
    for f in scheme.index.values():
        if isinstance(f, ir.Formula) and f.id not in skip and ref in f.reads:
            yield from _reads(f.expr, ref, False)


def _reads(e: ir.Expr, ref: Ref, maybe: bool) -> Iterator[str]:
    """The reads of `ref` under `e`: a lookup on a scale that always runs gives the scale's name;
    one that may not run (in a branch of an `if`, after the first operand of `and`/`or`) is OTHER,
    since the records it skips may hold any text."""
    match e:
        case ir.Lookup(table=table, arg=ir.Read(ref=r)) if r == ref:
            yield OTHER if maybe or table.kind is not TableKind.SCALE else table.name
        case ir.Read(ref=r) if r == ref:
            yield OTHER
        case ir.If(cond=c, then=t, otherwise=o):
            yield from _reads(c, ref, maybe)
            yield from _reads(t, ref, True)
            yield from _reads(o, ref, True)
        case ir.Logical(operands=(first, *rest)):
            yield from _reads(first, ref, maybe)
            for x in rest:
                yield from _reads(x, ref, True)
        case _:
            for x in ir.children(e):
                yield from _reads(x, ref, maybe)
