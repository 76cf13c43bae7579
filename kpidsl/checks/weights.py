"""Weights within each container (the scheme's top level, each group): all or none, one form,
above zero, percentages adding up to 100%, and `skip` only where weights can be shared out."""

from __future__ import annotations

from decimal import Decimal

from .. import nodes as n
from ..choices import Combine, words
from ..numbers import ONE
from ..source import Span
from ..suggest import did_you_mean
from . import Analysis
from .indicators import pct


def check_weights(a: Analysis) -> None:
    s = a.scheme
    if s.items:
        _container(a, s.items, "sum", f"scheme '{s.title}'", s.items[0].span)
    for g in a.groups:
        if g.combine not in words(Combine):
            a.bag.error("K-E0107", f"unknown combine rule '{g.combine}'", g.combine_span or g.span,
                        did_you_mean(g.combine, words(Combine)) or ["combine: sum, mean"])
            continue
        if not g.members:
            a.bag.error("K-E0111", f"group '{g.name}' is empty", g.name_span)
            continue
        _container(a, g.members, g.combine, f"group '{g.name}'", g.name_span)


def _container(a: Analysis, members: tuple[n.Indicator | n.Group, ...], combine: str, what: str, span: Span) -> None:
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
            a.bag.error("K-E0130", f"weights in {what} add up to {pct(total)}, not 100%", span, [f"weights: {listing}"])
    for m in members:
        if isinstance(m, n.Indicator) and not weighted:
            for outcome in (m.on_zero, m.on_missing):
                if outcome is not None and outcome.kind == "skip":
                    a.bag.error("K-E0134", f"'{m.name}' may be skipped, but {what} has no weights to share out again",
                                outcome.span, ["give the items weights, or state a value instead of skip"])
