"""Scoring by raters as SQL: each rater group's mean of the inputs it lists that have a value,
missing groups as the scheme says, then the mean or the weighted mean (`interp/raters.py`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlglot import exp

from .. import ir
from ..choices import MissingRater, RaterMethod
from ..messages import engine as msg
from . import sql
from .sql import K, Unsupported, V

if TYPE_CHECKING:
    from .plan import Planner


def _count(parts: list[exp.Expr]) -> exp.Expr:
    terms = [sql.cast(sql.not_null(e), exp.DataType.build("INTEGER")) for e in parts]
    total: exp.Expr = terms[0]
    for t in terms[1:]:
        total = exp.Add(this=total, expression=t)
    return total


def raters(p: Planner, ind: ir.Indicator, sc: ir.RatersScoring, reach: exp.Expr) -> V:
    if sc.method not in (RaterMethod.MEAN, RaterMethod.WEIGHTED):
        raise Unsupported(msg.no_rater_method(indicator=ind.name, method=str(sc.method)))
    if sc.scale is not None:
        raise Unsupported(msg.no_rater_scale(indicator=ind.name, scale=sc.scale.name))
    if sc.missing not in (MissingRater.EXCLUDE, MissingRater.ZERO, MissingRater.ERROR):
        raise Unsupported(msg.no_rater_missing(indicator=ind.name, missing=str(sc.missing)))
    zero = sql.number("0")
    groups: list[tuple[ir.Rater, V, exp.Expr]] = []  # rater, its mean (NULL: absent), absent
    for r in sc.raters:
        vals = [p.scope[i] for i in r.inputs]
        if any(v.kind is not K.NUM for v in vals):
            raise Unsupported(msg.no_rater_number(indicator=ind.name))
        given = p.col(V(_count([v.e for v in vals]), K.NUM, 0), "rn")
        total = vals[0] if len(vals) == 1 else None
        summed = [sql.case([(sql.is_null(v.e), sql.as_scale(zero, v.scale))], v) for v in vals]
        total = summed[0]
        for v in summed[1:]:
            total = sql.add(total, v)
        absent = exp.EQ(this=given.e, expression=exp.Literal.number(0))
        mean = sql.div(total, V(sql.cast(given.e, sql.decimal_type(0)), K.NUM, 0))
        groups.append((r, p.col(sql.case([(absent, sql.null(K.NUM, mean.scale))], mean), "rm"), absent))
    absent_any = sql.or_(*(a for _, _, a in groups))
    if sc.missing is MissingRater.ERROR:
        p.flag(sql.and_(reach, absent_any))
    counted = [(r, sql.case([(a, zero)], m) if sc.missing is MissingRater.ZERO else m,
                sql.false() if sc.missing is MissingRater.ZERO else a) for r, m, a in groups]
    n = p.col(V(_count([exp.Case().when(a, exp.Null()).else_(exp.Literal.number(1)) for _, _, a in counted]), K.NUM, 0), "rc")
    nobody = exp.EQ(this=n.e, expression=exp.Literal.number(0))
    if sc.method is RaterMethod.WEIGHTED:
        weights = [sql.number(format(r.weight.value if r.weight else Decimal(0), "f")) for r, _, _ in counted]
        num = sql.total([sql.case([(a, sql.as_scale(zero, m.scale + w.scale))], sql.mul(m, w)) for (_, m, a), w in zip(counted, weights, strict=True)])
        den = sql.total([sql.case([(a, sql.as_scale(zero, w.scale))], w) for (_, _, a), w in zip(counted, weights, strict=True)])
        score = sql.div(num, den)
    else:
        total = sql.total([sql.case([(a, sql.as_scale(zero, m.scale))], m) for _, m, a in counted])
        score = sql.div(total, V(sql.cast(n.e, sql.decimal_type(0)), K.NUM, 0))
    return sql.case([(nobody, sql.null(K.NUM, score.scale))], score)
