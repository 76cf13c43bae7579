"""Checks of population rules: the kinds of keys and amounts, quotas and shares that add up,
coefficient labels that match the grades, distribution options, roll-ups and flags. (That each
rule reads only rules written before it is the resolver's, which binds those names.)"""

from __future__ import annotations

from decimal import Decimal

from .. import kinds as k
from .. import nodes as n
from ..choices import Boundary, DistMode, Period, RollupMethod, Rounding, words
from ..i18n import listing
from ..kinds import Base, Kind
from ..messages import check as msg
from ..numbers import ONE
from ..suggest import did_you_mean
from . import Analysis
from .indicators import pct
from .results import grade_labels

PERIODS = words(Period)

#: The words each distribution option accepts.
DIST_OPTIONS = {"rounding": words(Rounding), "boundary": words(Boundary), "mode": words(DistMode)}

#: How shares of a pool may be rounded: `balance` takes the methods that keep the total, `each`
#: the ones that round every share on its own.
SHARE_ROUNDING = {"balance": ("largest_remainder",), "each": ("half_up",)}

#: The steps of a normalisation that `round STEP N` may round, in the order they are computed.
NORMALISE_STEPS = ("average", "ratio", "first", "weight", "cap", "result")


def output_kind(rule: n.PopulationRule) -> Kind:
    """The kind of value a rule gives each record."""
    if isinstance(rule, n.DistributeRule):
        return Kind(Base.TEXT, labels=rule.name)
    if isinstance(rule, n.FlagRule):
        return k.BOOL
    return k.NUMBER


def check_population(a: Analysis) -> None:
    labels = grade_labels(a)
    for rule in a.scheme.population:
        _check_rule(a, rule, labels)
        a.kinds.rules[rule.name] = output_kind(rule)


def _expect(a: Analysis, e: n.Expr, want: Base | None = Base.NUMBER) -> None:
    kind = a.inference.expr(e)
    if want is not None and kind is not None and kind.base is not want:
        a.bag.error("K-E0110", msg.expected_kind(want=k.Kind(want).phrase, kind=kind.phrase), e.span)


def _check_rule(a: Analysis, rule: n.PopulationRule, labels: list[str] | None) -> None:
    match rule:
        case n.RankRule(key=key, ties=ties) | n.DistributeRule(key=key, ties=ties):
            for sk in (key, *ties):
                _expect(a, sk.expr, None)
            if isinstance(rule, n.DistributeRule):
                _check_distribution(a, rule, labels)
        case n.PercentileRule(key=key):
            _expect(a, key.expr)
        case n.NormaliseRule(key=key, weight=weight):
            _expect(a, key.expr)
            _expect(a, weight)
            for step, _, span in rule.rounding:
                if step not in NORMALISE_STEPS:
                    a.bag.error("K-E0107", msg.not_a_normalise_step(step=step), span,
                                did_you_mean(step, NORMALISE_STEPS) or [msg.normalise_steps(items=", ".join(NORMALISE_STEPS))])
        case n.CoefficientRule():
            _check_coefficient(a, rule, labels)
        case n.PoolRule(amount=amount, prorate=prorate):
            _expect(a, amount)
            if prorate is not None:
                _expect(a, prorate)
            _check_share_rounding(a, rule.rounding)
        case n.SharesRule():
            _check_shares(a, rule)
            _check_share_rounding(a, rule.rounding)
            if rule.prorate_span is not None:
                a.bag.error("K-E0112", msg.prorate_on_shares(), rule.prorate_span, [msg.remove_clause(clause="prorate")])
        case n.FlagRule(condition=cond, periods=periods):
            _expect(a, cond, Base.BOOL)
            if periods < 1:
                a.bag.error("K-E0107", msg.flag_periods(), rule.span)
        case n.RollupRule():
            _check_rollup(a, rule)


def _check_share_rounding(a: Analysis, rounding: n.ShareRounding | None) -> None:
    if rounding is None:
        return
    allowed = SHARE_ROUNDING.get(rounding.mode, ())
    if rounding.method not in allowed:
        a.bag.error("K-E0107", msg.share_rounding(mode=rounding.mode, method=rounding.method), rounding.span,
                    [msg.share_rounding_hint()])


def _check_coefficient(a: Analysis, rule: n.CoefficientRule, grades: list[str] | None) -> None:
    if rule.source == "grade":
        labels = grades
        if labels is None:
            a.bag.error("K-E0113", msg.coefficients_need_grade(), rule.source_span)
    else:
        b = a.scope.get(rule.source)
        src = b.node if b is not None and a.resolution.target(rule) is not None else None
        labels = [q.label for q in src.quotas] if isinstance(src, n.DistributeRule) else None
    given = [v.label for v in rule.values]
    if labels is not None:
        missing = [lb for lb in labels if lb not in given]
        if missing:
            a.bag.error("K-E0152", msg.coefficient_missing(name=rule.name, labels=listing(missing)), rule.name_span)
        for v in rule.values:
            if v.label not in labels:
                a.bag.error("K-E0152", msg.coefficient_unknown_grade(label=v.label, source=rule.source), v.span,
                            did_you_mean(v.label, labels))


def _check_shares(a: Analysis, rule: n.SharesRule) -> None:
    _expect(a, rule.amount)
    positions = [p for p, _, _, _ in rule.shares]
    for p, share, text, span in rule.shares:
        if p < 1 or positions.count(p) > 1:
            a.bag.error("K-E0152", msg.share_position(position=str(p)), span)
        if share < 0:
            a.bag.error("K-E0152", msg.share_negative(share=text), span)
    total = sum((s for _, s, _, _ in rule.shares), Decimal(0))
    if total > ONE:
        a.bag.error("K-E0150", msg.shares_over(name=rule.name, total=pct(total)), rule.name_span)


def _check_rollup(a: Analysis, rule: n.RollupRule) -> None:
    _expect(a, rule.expr)
    if rule.weight is not None:
        _expect(a, rule.weight)
    methods = words(RollupMethod)
    if rule.method not in methods:
        a.bag.error("K-E0107", msg.unknown_rollup(method=rule.method), rule.method_span,
                    did_you_mean(rule.method, methods) or [msg.rollup_methods()])
    elif (rule.method == "weighted") != (rule.weight is not None):
        a.bag.error("K-E0107", msg.rollup_weight(), rule.method_span,
                    ["rollup 年度得分 = weighted total by 权重 over year"])
    unit = a.scheme.meta_value("period")
    if rule.over not in PERIODS:
        a.bag.error("K-E0107", msg.unknown_period(period=rule.over), rule.over_span, did_you_mean(rule.over, PERIODS))
    elif unit in PERIODS and _per_year(rule.over) > _per_year(str(unit)):
        a.bag.error("K-E0107", msg.rollup_unit(over=rule.over, unit=str(unit)), rule.over_span)


def _check_distribution(a: Analysis, rule: n.DistributeRule, grade_labels: list[str] | None) -> None:
    total = sum((q.value for q in rule.quotas), Decimal(0))
    if total != ONE:
        quotas = listing(f"{q.label} {q.text}" for q in rule.quotas)
        a.bag.error("K-E0150", msg.quotas_total(name=rule.name, total=pct(total)), rule.name_span, [msg.quotas_listing(items=quotas)])
    seen: set[str] = set()
    for q in rule.quotas:
        if q.label in seen:
            a.bag.error("K-E0101", msg.quota_twice(label=q.label, name=rule.name), q.span)
        seen.add(q.label)
        if q.value < 0:
            a.bag.error("K-E0150", msg.quota_negative(quota=q.text), q.span)
    spans = dict(rule.option_spans)
    for option, allowed in DIST_OPTIONS.items():
        value = getattr(rule, option)
        if value not in allowed:
            a.bag.error("K-E0107", msg.unknown_option(option=option, value=str(value)), spans.get(option, rule.span),
                        did_you_mean(value, allowed) or [msg.keyword_values(key=option, items=", ".join(allowed))])
    if rule.fallback is not None:
        if rule.fallback == "bands":
            if grade_labels is None:
                a.bag.error("K-E0113", msg.fallback_needs_grade(), spans.get("min_group", rule.span))
        elif rule.fallback not in seen:
            a.bag.error("K-E0113", msg.fallback_unknown(grade=rule.fallback, name=rule.name), spans.get("min_group", rule.span),
                        did_you_mean(rule.fallback, seen) or [msg.fallback_hint()])
    if rule.mode in ("replace", "cap"):
        if grade_labels is None:
            a.bag.error("K-E0113", msg.mode_needs_grade(mode=rule.mode), spans.get("mode", rule.span))
        elif rule.mode == "cap":
            missing = [lb for lb in grade_labels if lb not in seen]
            if missing:
                a.bag.error("K-E0113", msg.cap_mode_labels(labels=listing(missing), name=rule.name), spans.get("mode", rule.span))


def _per_year(unit: str) -> int:
    """How many periods of `unit` make a year (`periods.PER_YEAR`, imported when a rule needs it:
    the period calendar compiles its label patterns, which a scheme without periods never reads)."""
    from ..periods import PER_YEAR

    return PER_YEAR[unit]
