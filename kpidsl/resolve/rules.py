"""Names in population rules: sort keys, amounts, `within` columns, and the earlier rules a
coefficient, pool or shares rule is computed from."""

from __future__ import annotations

from .. import nodes as n
from ..messages import names as msg
from ..refs import RuleRef
from ..source import Span
from ..suggest import did_you_mean
from .binder import Binder
from .model import DefKind, Place


def rule_names(b: Binder, rule: n.PopulationRule, place: Place) -> None:
    """Bind the names of one rule; `place.rules_before` are the rules it may read."""
    exprs: list[n.Expr] = []
    match rule:
        case n.RankRule(key=key, ties=ties) | n.DistributeRule(key=key, ties=ties):
            exprs += [k.expr for k in (key, *ties)]
        case n.PercentileRule(key=key):
            exprs.append(key.expr)
        case n.NormaliseRule(key=key, weight=weight):
            exprs += [key.expr, weight]
        case n.PoolRule(amount=amount, prorate=prorate):
            exprs += [amount, *([prorate] if prorate is not None else [])]
            _earlier(b, rule, rule.by, rule.by_span, place, (n.CoefficientRule,), msg.a_coefficient_rule())
        case n.SharesRule(amount=amount):
            exprs.append(amount)
            _earlier(b, rule, rule.by, rule.by_span, place, (n.RankRule,), msg.a_rank_rule())
        case n.CoefficientRule(source=source, source_span=span) if source != "grade":
            _earlier(b, rule, source, span, place, (n.DistributeRule,), msg.a_distribution())
        case n.FlagRule(condition=cond):
            exprs.append(cond)
            b.r.history_uses.append(rule.name_span)
        case n.RollupRule(expr=e, weight=w):
            exprs += [e, *([w] if w is not None else [])]
            b.r.history_uses.append(rule.name_span)
    for e in exprs:
        b.expr(e, place)
    within = getattr(rule, "within", None)
    if isinstance(within, n.Within):
        _within(b, within)


def _within(b: Binder, w: n.Within) -> None:
    for col, span in zip(w.columns, w.spans, strict=True):
        b.input_name(col, span, msg.rule_within_not_input(name=col))


def _earlier(b: Binder, rule: n.PopulationRule, name: str, span: Span, place: Place, kinds: tuple[type, ...],
             what: str) -> None:
    """`by 系数`, `from 强制分布`: an earlier rule of the right kind (bound to `rule`'s node)."""
    binding = b.scope.get(name)
    earlier = binding is not None and binding.kind is DefKind.RULE and name in place.rules_before
    if earlier and binding is not None and isinstance(binding.node, kinds):
        b.bind(rule, span, name, RuleRef(name), binding)
        return
    if binding is not None and binding.kind is DefKind.RULE and not earlier:
        b.error("K-E0151", msg.defined_after(name=name), span, [msg.move_below()])
        return
    cands = [r for r in place.rules_before if (rb := b.scope.get(r)) is not None and isinstance(rb.node, kinds)]
    b.error("K-E0102", msg.not_a(name=name, what=what), span, did_you_mean(name, cands))
