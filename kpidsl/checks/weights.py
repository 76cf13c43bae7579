"""Weights within each container (the scheme's top level, each group): all or none, one form,
above zero, percentages adding up to 100%, and `skip` only where weights can be shared out."""

from __future__ import annotations

from decimal import Decimal

from .. import nodes as n
from ..choices import Combine, words
from ..i18n import listing
from ..messages import check as msg
from ..numbers import ONE
from ..source import Span
from ..suggest import did_you_mean
from . import Analysis
from .indicators import pct


def check_weights(a: Analysis) -> None:
    s = a.scheme
    if s.items:
        _container(a, s.items, "sum", msg.scheme_named(name=s.title), s.items[0].span)
    for g in a.groups:
        if g.combine not in words(Combine):
            a.bag.error("K-E0107", msg.unknown_combine(rule=g.combine), g.combine_span or g.span,
                        did_you_mean(g.combine, words(Combine)) or [msg.combine_rules()])
            continue
        if not g.members:
            a.bag.error("K-E0111", msg.empty_group(name=g.name), g.name_span)
            continue
        _container(a, g.members, g.combine, msg.group_named(name=g.name), g.name_span)


def _container(a: Analysis, members: tuple[n.Indicator | n.Group, ...], combine: str, what: str, span: Span) -> None:
    weighted = [m for m in members if m.weight is not None]
    for m in weighted:
        assert m.weight is not None
        if m.weight.value <= 0:
            a.bag.error("K-E0133", msg.weight_positive(name=m.name, weight=m.weight.text), m.weight.span)
    if combine == "mean":
        if weighted:
            w = weighted[0].weight
            assert w is not None
            a.bag.error("K-E0132", msg.mean_ignores_weights(what=what), w.span, [msg.mean_ignores_weights_hint()])
        return
    if weighted and len(weighted) != len(members):
        unweighted = [m.name for m in members if m.weight is None]
        a.bag.error("K-E0131", msg.weights_partial(what=what, names=listing(unweighted)),
                    next(m for m in members if m.weight is None).name_span, [msg.weights_partial_hint()])
        return
    forms = {m.weight.is_percent for m in weighted if m.weight is not None}
    if len(forms) > 1:
        a.bag.error("K-E0131", msg.weights_mixed(what=what), span, [msg.weights_mixed_hint()])
        return
    if forms == {True}:
        total = sum((m.weight.value for m in weighted if m.weight is not None), Decimal(0))
        if total != ONE:
            weights = listing(f"{m.name} {m.weight.text}" for m in weighted if m.weight is not None)
            a.bag.error("K-E0130", msg.weights_total(what=what, total=pct(total)), span, [msg.weights_listing(items=weights)])
    for m in members:
        if isinstance(m, n.Indicator) and not weighted:
            for outcome in (m.on_zero, m.on_missing):
                if outcome is not None and outcome.kind == "skip":
                    a.bag.error("K-E0134", msg.skip_without_weights(name=m.name, what=what), outcome.span,
                                [msg.skip_without_weights_hint()])
