"""Checks of what follows the scoring: deductions and bonuses, vetoes, the total, the grade."""

from __future__ import annotations

from .. import nodes as n
from ..i18n import listing
from ..kinds import Base
from ..messages import check as msg
from ..resolve import DefKind
from ..suggest import did_you_mean
from . import Analysis
from .definitions import check_bands


def check_adjustments(a: Analysis) -> None:
    inf = a.inference
    for adj in a.scheme.adjustments:
        kind = inf.expr(adj.amount)
        if kind is not None and kind.base is not Base.NUMBER:
            a.bag.error("K-E0110", msg.amount_not_number(label=adj.label, kind=kind.phrase), adj.amount.span)
        if adj.cap is not None:
            kc = inf.expr(adj.cap)
            if kc is not None and kc.base is not Base.NUMBER:
                a.bag.error("K-E0110", msg.cap_not_number(), adj.cap.span)
        if adj.source is not None:
            assert adj.source_span is not None
            source = a.scope.get(adj.source)
            if adj.kind == "bonus" and source is not None and source.kind is DefKind.INDICATOR:
                a.bag.error("K-E0112", msg.from_deductions_only(), adj.source_span)
        elif adj.spill:
            a.bag.error("K-E0112", msg.spill_needs_from(), adj.span, [msg.spill_hint()])


def grade_labels(a: Analysis) -> list[str] | None:
    """The labels the grade gives, or None without a `grade` (or with unknown bands)."""
    g = a.scheme.grade
    if g is None:
        return None
    if g.ref is not None:
        b = a.scope.get(g.ref)
        if b is None or not isinstance(b.node, n.BandsDef):
            return None
        return [band.label for band in b.node.bands]
    return [band.label for band in g.bands]


def check_vetoes_total_grade(a: Analysis) -> None:
    inf = a.inference
    labels = grade_labels(a)
    for v in a.scheme.vetoes:
        kind = inf.expr(v.condition)
        if kind is not None and kind.base is not Base.BOOL:
            a.bag.error("K-E0110", msg.veto_condition(label=v.label, kind=kind.phrase), v.condition.span,
                        [msg.veto_condition_hint()])
        if v.effect == "grade":
            if a.scheme.grade is None:
                a.bag.error("K-E0113", msg.veto_grade_without_grade(label=v.label), v.effect_span)
            elif labels is not None and v.grade not in labels:
                a.bag.error("K-E0113", msg.veto_unknown_grade(label=v.label, grade=str(v.grade), labels=listing(labels)),
                            v.effect_span, did_you_mean(str(v.grade), labels))
    t = a.scheme.total
    if t is not None:
        for e in (t.expr, t.cap, t.floor):
            if e is not None:
                kind = inf.expr(e)
                if kind is not None and kind.base is not Base.NUMBER:
                    a.bag.error("K-E0110", msg.total_not_number(kind=kind.phrase), e.span)
    g = a.scheme.grade
    if g is not None:
        if g.reads not in ("rounded", "exact"):
            a.bag.error("K-E0107", msg.grade_reads(reads=g.reads), g.reads_span or g.span)
        if g.ref is None:
            check_bands(a, g.bands)
