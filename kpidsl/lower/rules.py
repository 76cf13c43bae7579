"""Lowering population rules: sort keys, amounts and conditions as formulas, options as enums."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ir
from .. import nodes as n
from ..choices import Boundary, DistMode, Period, RollupMethod, RollupMissing, Rounding, ShareRounding

if TYPE_CHECKING:
    from .exprs import ExprLowerer


def _within(w: n.Within | None) -> ir.Within:
    return ir.Within(w.columns if w is not None else ())


def _key(lw: ExprLowerer, rule_id: str, i: int, k: n.SortKey) -> ir.SortKey:
    return ir.SortKey(lw.formula(f"{rule_id}/key:{i}", k.expr), k.descending, k.span)


def _values(items: tuple[n.LabelValue, ...]) -> tuple[ir.LabelValue, ...]:
    return tuple(ir.LabelValue(v.label, v.value, v.text, v.span) for v in items)


def _share_rounding(r: n.ShareRounding | None) -> ShareRounding:
    return ShareRounding(r.mode) if r is not None else ShareRounding.BALANCE


def lower_rule(lw: ExprLowerer, rule: n.PopulationRule) -> ir.Rule:
    """The IR of one population rule (its id: `rule:NAME`)."""
    rid = f"rule:{rule.name}"
    span, name = rule.span, rule.name
    match rule:
        case n.RankRule(key=key, ties=ties, within=w):
            return ir.RankRule(rid, span, name, tuple(_key(lw, rid, i, k) for i, k in enumerate((key, *ties))), _within(w))
        case n.PercentileRule(key=key, within=w):
            return ir.PercentileRule(rid, span, name, _key(lw, rid, 0, key), _within(w))
        case n.DistributeRule():
            keys = tuple(_key(lw, rid, i, k) for i, k in enumerate((rule.key, *rule.ties)))
            return ir.DistributeRule(rid, span, name, keys, _within(rule.within), _values(rule.quotas), Rounding(rule.rounding),
                                     Boundary(rule.boundary), rule.min_group, rule.fallback, DistMode(rule.mode))
        case n.CoefficientRule(source=source, values=values):
            return ir.CoefficientRule(rid, span, name, source, _values(values))
        case n.PoolRule():
            prorate = lw.formula(f"{rid}/prorate", rule.prorate) if rule.prorate is not None else None
            return ir.PoolRule(rid, span, name, lw.formula(f"{rid}/amount", rule.amount), rule.by, _within(rule.within),
                               rule.places, prorate, _share_rounding(rule.rounding))
        case n.SharesRule():
            shares = tuple(ir.Share(p, share, text, s) for p, share, text, s in rule.shares)
            return ir.SharesRule(rid, span, name, lw.formula(f"{rid}/amount", rule.amount), rule.by, _within(rule.within), shares,
                                 rule.places, _share_rounding(rule.rounding))
        case n.NormaliseRule(key=key, within=w, weight=weight):
            return ir.NormaliseRule(rid, span, name, _key(lw, rid, 0, key), _within(w), lw.formula(f"{rid}/weight", weight),
                                    tuple((step, places) for step, places, _ in rule.rounding))
        case n.FlagRule(condition=cond, periods=periods):
            return ir.FlagRule(rid, span, name, lw.formula(f"{rid}/condition", cond), periods)
        case n.RollupRule():
            by = lw.formula(f"{rid}/weight", rule.weight) if rule.weight is not None else None
            least = rule.at_least[0] if rule.at_least is not None else None
            missing = RollupMissing(rule.missing[0]) if rule.missing is not None else RollupMissing.EXCLUDE
            return ir.RollupRule(rid, span, name, RollupMethod(rule.method), lw.formula(f"{rid}/expr", rule.expr),
                                 Period(rule.over), by, rule.to_date is not None, None, rule.round_places, least, missing)
    raise TypeError(f"cannot lower {type(rule).__name__}")
