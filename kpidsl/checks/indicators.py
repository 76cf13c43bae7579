"""Checks of indicators: keyword values, the kind of each clause, and the scoring (ladders,
scales, proportional, raters, formulas)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .. import kinds as k
from .. import nodes as n
from ..choices import CATEGORY_WORDS, Direction, MissingRater, Period, RaterMethod, words
from ..kinds import Base, Kind
from ..messages import check as msg
from ..messages import kinds as kinds_msg
from ..numbers import HUNDRED, ONE, fmt_plain
from ..refs import TableRef
from ..resolve import DefKind
from ..suggest import did_you_mean
from ..values import INPUT_TYPES
from . import Analysis

#: The words each indicator keyword accepts.
WORDS: dict[str, Iterable[str]] = {"category": CATEGORY_WORDS, "period": words(Period), "direction": words(Direction)}


def pct(value: Decimal) -> str:
    return fmt_plain(value * HUNDRED) + "%"


def check_indicators(a: Analysis) -> None:
    """Every indicator, in evaluation order (so the kind of `X.value` is known where it is read)."""
    inf = a.inference
    for ind in a.ordered_indicators:
        for key, span in ind.word_spans:
            value = getattr(ind, key)
            allowed = WORDS[key]
            if value not in allowed:
                a.bag.error("K-E0107", msg.unknown_keyword_value(key=key, value=str(value)), span,
                            did_you_mean(value, allowed) or [msg.keyword_values(key=key, items=", ".join(allowed))])
        value_kind = inf.expr(ind.value, ind.name) if ind.value is not None else None
        if ind.value is not None and value_kind is not None and value_kind.base not in (Base.NUMBER, Base.TEXT):
            a.bag.error("K-E0110", msg.value_not_number(name=ind.name, kind=value_kind.phrase), ind.value.span)
        # Without a `value` clause, `X.value` is always missing: a number that never has a value.
        # A text value scored by a scale is a label of that scale.
        if isinstance(ind.scoring, n.ScaleRef) and value_kind is not None and value_kind.base is Base.TEXT:
            value_kind = Kind(Base.TEXT, labels=ind.scoring.name)
        inf.kinds.values[ind.name] = value_kind if ind.value is not None else k.NUMBER
        check_scoring(a, ind, value_kind)
        for clause, what in ((ind.cap, "cap"), (ind.floor, "floor")):
            if clause is not None:
                kind = inf.expr(clause, ind.name)
                if kind is not None and kind.base is not Base.NUMBER:
                    a.bag.error("K-E0110", msg.clause_not_number(clause=what), clause.span)
        for outcome, what in ((ind.on_zero, "zero"), (ind.on_missing, "missing")):
            if outcome is not None and outcome.expr is not None:
                kind = inf.expr(outcome.expr, ind.name)
                if kind is not None and kind.base is not Base.NUMBER:
                    a.bag.error("K-E0110", msg.outcome_not_number(what=what), outcome.span)


def check_scoring(a: Analysis, ind: n.Indicator, value_kind: Kind | None) -> None:
    sc = ind.scoring
    needs_value = isinstance(sc, (n.LadderRef, n.InlineLadder, n.ScaleRef, n.Proportional))
    if sc is None and ind.value is None:
        a.bag.error("K-E0111", msg.no_value_no_score(name=ind.name), ind.name_span, [msg.no_value_no_score_hint()])
        return
    if needs_value and ind.value is None:
        assert sc is not None
        a.bag.error("K-E0111", msg.scores_no_value(name=ind.name), sc.span, [msg.scores_no_value_hint()])
    if sc is None:
        if value_kind is not None and value_kind.base is not Base.NUMBER:
            a.bag.error("K-E0110", msg.no_score_not_number(name=ind.name), ind.name_span)
        return
    not_number = value_kind is not None and value_kind.base is not Base.NUMBER
    match sc:
        case n.LadderRef(name=name):
            if not_number:
                a.bag.error("K-E0110", msg.ladder_reads_number(name=ind.name, kind=k.phrase(value_kind)), sc.span)
            if isinstance(a.resolution.target(sc), TableRef) and a.kinds.ladders.get(name, k.NUMBER).base is not Base.NUMBER:
                a.bag.error("K-E0110", msg.ladder_gives_text(name=name), sc.span)
        case n.InlineLadder(tiers=tiers):
            if not_number:
                a.bag.error("K-E0110", msg.ladder_reads_number(name=ind.name, kind=k.phrase(value_kind)), sc.span)
            if a.inference.tiers(tiers, kinds_msg.indicator_named(name=ind.name)).base is not Base.NUMBER:
                a.bag.error("K-E0110", msg.score_ladder_numbers(), sc.span)
        case n.Proportional(target=t, full=f):
            for e in (t, f):
                kind = a.inference.expr(e, ind.name)
                if kind is not None and kind.base is not Base.NUMBER:
                    a.bag.error("K-E0110", msg.proportional_numbers(), e.span)
        case n.Raters():
            check_raters(a, ind, sc)
        case n.ExprScore(expr=e):
            kind = a.inference.expr(e, ind.name)
            if kind is not None and kind.base is not Base.NUMBER:
                a.bag.error("K-E0110", msg.score_not_number(name=ind.name, kind=kind.phrase), e.span)


def check_raters(a: Analysis, ind: n.Indicator, sc: n.Raters) -> None:
    methods, rules = words(RaterMethod), words(MissingRater)
    if sc.method not in methods:
        a.bag.error("K-E0107", msg.unknown_rater_method(method=sc.method), sc.method_span or sc.span,
                    did_you_mean(sc.method, methods) or [msg.rater_methods()])
    if sc.missing not in rules:
        a.bag.error("K-E0107", msg.unknown_missing_rule(rule=sc.missing), sc.missing_span or sc.span,
                    did_you_mean(sc.missing, rules) or [msg.missing_rules()])
    if not sc.raters:
        a.bag.error("K-E0111", msg.no_raters(name=ind.name), sc.span)
        return
    roles: set[str] = set()
    for r in sc.raters:
        if r.role in roles:
            a.bag.error("K-E0101", msg.rater_twice(role=r.role), r.span)
        roles.add(r.role)
        for name, span in zip(r.inputs, r.input_spans, strict=True):
            b = a.scope.get(name)
            if b is None or b.kind is not DefKind.INPUT or not isinstance(b.node, n.InputDecl):
                continue  # reported by the resolver
            t = INPUT_TYPES.get(b.node.type_name)
            if t is not None and t.kind is not Base.NUMBER and not (sc.scale is not None and t.kind is Base.TEXT):
                a.bag.error("K-E0110", msg.rater_input_type(name=name, type=t.name), span,
                            [msg.rater_needs_scale(name=name, type=t.name)] if t.kind is Base.TEXT else [])
        if r.weight is not None and r.weight.value <= 0:
            a.bag.error("K-E0133", msg.rater_weight_positive(weight=r.weight.text), r.weight.span)
    _rater_weights(a, sc)


def _rater_weights(a: Analysis, sc: n.Raters) -> None:
    weighted = [r for r in sc.raters if r.weight is not None]
    if sc.method == "weighted":
        if len(weighted) != len(sc.raters):
            a.bag.error("K-E0131", msg.weighted_needs_weights(), sc.span)
        elif all(r.weight is not None and r.weight.is_percent for r in sc.raters):
            total = sum((r.weight.value for r in sc.raters if r.weight is not None), Decimal(0))
            if total != ONE:
                a.bag.error("K-E0130", msg.rater_weights_total(total=pct(total)), sc.span)
    elif weighted:
        a.bag.error("K-E0132", msg.rater_weights_ignored(method=sc.method), weighted[0].span, [msg.rater_weights_ignored_hint()])
    if sc.method == "trimmed" and sc.trim < 1:
        a.bag.error("K-E0107", msg.trimmed_at_least_one(), sc.method_span or sc.span)
