"""K-L0702: the items' maxima do not add up to the form's total; K-L0701: the declared
`full_marks` differs from what the total can reach.

A points table (考核表) states each item's points and the form's total, and a transcription with
one item's maximum wrong adds up to 110 instead of 100. The range analysis already knows each
item's reachable maximum, so every container is checked without being asked:

- a points table (items without weights, `combine sum`): the items' maxima must add up to the
  container's maximum;
- items with multiplier weights (`weight 4`): the maxima times the weights must add up to it;
- items with percentage weights, or combined by `mean`: each item must reach the maximum itself.

The container's maximum is the scheme's `full_marks`, else 100, at the top level; a group with a
percentage weight must reach its parent's maximum; other groups state none and are checked only
as items of their parent. Without `full_marks` only an excess over 100 is reported (a form that
totals less may be on another scale; declaring `full_marks` has it checked both ways). A
`total cap` says the items may add up to more than the total, so only shortfalls are reported then.
"""

from __future__ import annotations

from decimal import Decimal

from .. import nodes as n
from ..numbers import fmt_plain
from ..source import Span
from .context import LintContext
from .facts import item_range, title_span, total_reads_base
from .ranges import describe

_HUNDRED = Decimal(100)


def rule_points(ctx: LintContext) -> None:
    scheme = ctx.analysis.scheme
    declared = scheme.meta_node("full_marks")
    full = declared.value if declared is not None and isinstance(declared.value, Decimal) else None
    explained = False
    if total_reads_base(scheme):
        expected = full if full is not None else _HUNDRED
        capped = scheme.total is not None and scheme.total.cap is not None
        where = declared.span if declared is not None else title_span(scheme)
        explained = _container(ctx, scheme.items, "sum", expected, "the scheme", where, capped, declared is not None)
    if full is not None and declared is not None and not explained:
        hi = ctx.ranges.total.hi
        if hi != full:
            ctx.warn("K-L0701", f"the scheme declares full marks {fmt_plain(full)}, but the total can reach {describe(ctx.ranges.total)}",
                     declared.span, "check the weights and the items' maximum points (kpi lint --summary shows every score)")


def _container(ctx: LintContext, items: tuple[n.Indicator | n.Group, ...], combine: str, expected: Decimal | None,
               what: str, span: Span, capped: bool = False, stated: bool = False) -> bool:
    """Check one container and its groups; True when this container drew a finding."""
    found = False
    if expected is not None and items:
        found = _check(ctx, items, combine, expected, what, span, capped, stated)
    for item in items:
        if isinstance(item, n.Group):
            inner = expected if item.weight is not None and item.weight.is_percent else None
            _container(ctx, item.members, item.combine, inner, f"group '{item.name}'", item.name_span, capped, stated)
    return found


def _check(ctx: LintContext, items: tuple[n.Indicator | n.Group, ...], combine: str, expected: Decimal, what: str,
           span: Span, capped: bool, stated: bool) -> bool:
    maxima = [item_range(ctx, i).hi for i in items]
    if not all(m.is_finite() for m in maxima):
        return False  # an unbounded item: nothing to compare (declare the inputs' ranges)
    weights = [i.weight for i in items]
    basis = "its `full_marks`" if stated else "implied; declare `full_marks N` if the form totals N"
    if combine == "mean" or (all(w is not None and w.is_percent for w in weights)):
        # A group with a percentage weight is checked inside, where the item that is off is named.
        off = [(i, m) for i, m in zip(items, maxima, strict=True)
               if not (isinstance(i, n.Group) and i.weight is not None and i.weight.is_percent)
               and ((m > expected and not capped) or (m < expected and stated))]
        if not off:
            return False
        listed = ", ".join(f"'{i.name}' reaches {fmt_plain(m)} ({_by(m, expected)})" for i, m in off)
        ctx.warn("K-L0702", f"each item of {what} should reach {fmt_plain(expected)} ({basis}): {listed}", span,
                 "fix the maximum of the items named (a ladder's top tier, a cap, a scale), or the full marks")
        return True
    if any(w is not None and w.is_percent for w in weights) or (any(w is None for w in weights) and any(weights)):
        return False  # mixed weights: the checks report K-E0131
    factors = [w.value if w is not None else Decimal(1) for w in weights]
    total = sum((m * f for m, f in zip(maxima, factors, strict=True)), Decimal(0))
    if total == expected or (capped and total > expected) or (total < expected and not stated):
        return False
    parts = ", ".join(f"'{i.name}' {fmt_plain(m)}" + (f" x {fmt_plain(f)}" if f != 1 else "")
                      for i, m, f in zip(items, maxima, factors, strict=True))
    ctx.warn("K-L0702", f"the items of {what} add up to {fmt_plain(total)} points, {_by(total, expected)} than {fmt_plain(expected)} ({basis}): {parts}", span,
             "find the item whose maximum differs from the form (a ladder's top tier, a cap, a rating range), or correct the full marks")
    return True


def _by(value: Decimal, expected: Decimal) -> str:
    d = value - expected
    return f"{fmt_plain(d)} more" if d > 0 else f"{fmt_plain(-d)} less"
