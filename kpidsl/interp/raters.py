"""Scoring by raters: each rater group's mean, missing groups as the scheme says, then the mean,
the weighted mean or the trimmed mean of the groups."""

from __future__ import annotations

from decimal import Decimal

from .. import ir
from ..choices import MissingRater, RaterMethod
from ..i18n import listing
from ..messages import runtime as msg
from ..numbers import ZERO, div
from ..trace import Ev
from ..values import Value
from .expr import scale_level
from .state import RecordError, RecordState, event


def raters_score(ind: ir.Indicator, sc: ir.RatersScoring, st: RecordState) -> Value:
    env, tr = st.env, st.trace
    present: list[tuple[ir.Rater, Decimal]] = []
    absent: list[ir.Rater] = []
    for r in sc.raters:
        marks = [env.get(i) for i in r.inputs]
        # Raters who mark with a scale's labels: each label is its points (an unknown label is in no tier).
        levels = [scale_level(sc.scale, v) if sc.scale is not None and v is not None else None for v in marks]
        vals = [v if lv is None else lv[0] for v, lv in zip(marks, levels, strict=True)]
        given = [v for v in vals if v is not None]
        if not given:
            absent.append(r)
            continue
        avg = div(sum((v for v in given if isinstance(v, Decimal)), ZERO), Decimal(len(given)))
        present.append((r, avg))
        if tr is not None:
            tr.append(event(Ev.RATER, r.id, r.span, 1, tuple(zip(r.inputs, marks, strict=True)), avg,
                            values=tuple(vals), given=len(given), marks=tuple(marks) if sc.scale is not None else None,
                            levels=tuple(lv[1].id for lv in levels if lv is not None)))
    if absent:
        names = listing(r.role for r in absent)
        if sc.missing is MissingRater.ERROR:
            raise RecordError("K-R0305", msg.of_indicator(name=ind.name, problem=msg.raters_missing(count=len(absent), names=names)), sc.span,
                              (msg.raters_missing_hint(),))
        if sc.missing is MissingRater.ZERO:
            present.extend((r, ZERO) for r in absent)
        if tr is not None:
            tr.append(event(Ev.RATERS_MISSING, sc.id, sc.missing_span or sc.span, 1, absent=tuple(r.role for r in absent)))
    if not present:
        return None
    kept: tuple[Decimal, ...] = ()
    wsum = ZERO
    if sc.method is RaterMethod.WEIGHTED:
        wsum = sum((r.weight.value for r, _ in present if r.weight), ZERO)
        score = div(sum((v * r.weight.value for r, v in present if r.weight), ZERO), wsum)
    elif sc.method is RaterMethod.TRIMMED:
        values = sorted(v for _, v in present)
        k = sc.trim
        if len(values) <= 2 * k:
            raise RecordError("K-R0305", msg.of_indicator(name=ind.name, problem=msg.trimmed_too_few(trim=k, scored=len(values))),
                              sc.method_span or sc.span, (msg.trimmed_too_few_hint(),))
        kept = tuple(values[k : len(values) - k])
        score = div(sum(kept, ZERO), Decimal(len(kept)))
    else:
        score = div(sum((v for _, v in present), ZERO), Decimal(len(present)))
    if tr is not None:
        tr.append(event(Ev.SCORE_RATERS, sc.id, sc.span, 1, result=score,
                        present=tuple((r.role, v) for r, v in present), kept=kept, weight_sum=wsum))
    return score
