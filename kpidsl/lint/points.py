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
from ..i18n import Text, listing
from ..messages import lint as msg
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
        explained = _container(ctx, scheme.items, "sum", expected, msg.the_scheme(), where, capped, declared is not None)
    if full is not None and declared is not None and not explained:
        hi = ctx.ranges.total.hi
        if hi != full:
            ctx.warn("K-L0701", msg.full_marks_mismatch(full=fmt_plain(full), reach=describe(ctx.ranges.total)), declared.span,
                     msg.full_marks_mismatch_hint())


def _container(ctx: LintContext, items: tuple[n.Indicator | n.Group, ...], combine: str, expected: Decimal | None,
               what: Text, span: Span, capped: bool = False, stated: bool = False) -> bool:
    """Check one container and its groups; True when this container drew a finding."""
    found = False
    if expected is not None and items:
        found = _check(ctx, items, combine, expected, what, span, capped, stated)
    for item in items:
        if isinstance(item, n.Group):
            inner = expected if item.weight is not None and item.weight.is_percent else None
            _container(ctx, item.members, item.combine, inner, msg.group_named(name=item.name), item.name_span, capped, stated)
    return found


def _check(ctx: LintContext, items: tuple[n.Indicator | n.Group, ...], combine: str, expected: Decimal, what: Text,
           span: Span, capped: bool, stated: bool) -> bool:
    maxima = [item_range(ctx, i).hi for i in items]
    if not all(m.is_finite() for m in maxima):
        return False  # an unbounded item: nothing to compare (declare the inputs' ranges)
    weights = [i.weight for i in items]
    basis = msg.basis_stated() if stated else msg.basis_implied()
    if combine == "mean" or (all(w is not None and w.is_percent for w in weights)):
        # A group with a percentage weight is checked inside, where the item that is off is named.
        off = [(i, m) for i, m in zip(items, maxima, strict=True)
               if not (isinstance(i, n.Group) and i.weight is not None and i.weight.is_percent)
               and ((m > expected and not capped) or (m < expected and stated))]
        if not off:
            return False
        listed = listing(msg.item_reaches(item=i.name, most=fmt_plain(m), by=_by(m, expected)) for i, m in off)
        ctx.warn("K-L0702", msg.item_maxima(what=what, expected=fmt_plain(expected), basis=basis, items=listed), span,
                 msg.item_maxima_hint(expected=fmt_plain(expected)))
        return True
    if any(w is not None and w.is_percent for w in weights) or (any(w is None for w in weights) and any(weights)):
        return False  # mixed weights: the checks report K-E0131
    factors = [w.value if w is not None else Decimal(1) for w in weights]
    total = sum((m * f for m, f in zip(maxima, factors, strict=True)), Decimal(0))
    if total == expected or (capped and total > expected) or (total < expected and not stated):
        return False
    parts = listing(msg.item_points_weighted(item=i.name, most=fmt_plain(m), factor=fmt_plain(f)) if f != 1
                    else msg.item_points(item=i.name, most=fmt_plain(m)) for i, m, f in zip(items, maxima, factors, strict=True))
    ctx.warn("K-L0702", msg.items_sum(what=what, total=fmt_plain(total), by=_by(total, expected), expected=fmt_plain(expected),
                                      basis=basis, items=parts), span,
             msg.items_sum_hint(expected=fmt_plain(expected)))
    return True


def _by(value: Decimal, expected: Decimal) -> Text:
    d = value - expected
    return msg.more_by(amount=fmt_plain(d)) if d > 0 else msg.less_by(amount=fmt_plain(-d))
