"""K-L0106: an indicator that is probably lower-is-better, scored by a ladder whose points rise
with its value, and no `direction` written.

Losses, error rates, complaints, failures, costs and delays are better when lower; a ladder that
pays more for more of them is usually a transcription with the tiers upside down. The indicator's
name, English name and unit (and the input, when the value is a single input) are matched
against a short list of words (`words.py`, printed in docs/lint.md); words such as 降低率 (a
reduction) or 合格率 turn the reading around and are checked first.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from .. import ir
from .. import nodes as n
from ..messages import lint as msg
from ..nodewalk import iter_indicators
from .config import DesignSettings
from .context import LintContext
from .facts import input_decl, ladder_tiers
from .intervals import Iv, IvSet, condition_set
from .ranges import ANY
from .words import contains_any


def lower_is_better_word(ctx: LintContext, ind: n.Indicator, settings: DesignSettings) -> str | None:
    """The word that marks the indicator as probably lower-is-better, if any."""
    texts = [ind.name, ind.name_en or "", ind.unit or ""]
    if isinstance(ind.value, n.Name):
        decl = input_decl(ctx, ind.value.id)
        if decl is not None:
            texts += [decl.name, decl.label or ""]
    if any(contains_any(t, settings.higher_is_better_words) for t in texts if t):
        return None
    return next((w for t in texts if t and (w := contains_any(t, settings.lower_is_better_words))), None)


def rule_direction(ctx: LintContext, settings: DesignSettings) -> None:
    for ind in iter_indicators(ctx.analysis.scheme.items):
        if ind.direction is not None:
            continue
        tiers = ladder_tiers(ctx, ind)
        if tiers is None:
            continue
        word = lower_is_better_word(ctx, ind, settings)
        if word is None:
            continue
        rising = _rising(ctx, ind, tiers)
        if rising is not None:
            low, high = rising
            ctx.warn("K-L0106", msg.probably_lower(indicator=ind.name, word=word, low=str(low), high=str(high)), ind.name_span,
                     msg.probably_lower_hint())


def _rising(ctx: LintContext, ind: n.Indicator, tiers: tuple[ir.Tier, ...]) -> tuple[Decimal, Decimal] | None:
    """(points at the low end, points at the high end) when the points never fall and do rise as the
    value grows over the values it can take; None otherwise."""
    dom = ctx.ranges.value.get(ind.name, ANY)
    domain = IvSet([Iv(dom.lo if dom.lo.is_finite() else None, True, dom.hi if dom.hi.is_finite() else None, True)])
    taken = IvSet()
    points: list[tuple[IvSet, Decimal]] = []
    for t in tiers:
        s = condition_set(t.cond)
        reach = domain.minus(taken) if s is None else s.intersect(domain).minus(taken)
        taken = domain if s is None else taken.union(s)
        if not reach:
            continue
        v = _points(ctx, t.result)
        if v is None:
            return None
        points.append((reach, v))
    points.sort(key=lambda rv: (rv[0].parts[0].lo is not None, rv[0].parts[0].lo or Decimal(0)))
    values = [v for _, v in points]
    if len(values) < 2 or any(b < a for a, b in itertools.pairwise(values)) or values[0] == values[-1]:
        return None
    return values[0], values[-1]


def _points(ctx: LintContext, e: ir.Expr) -> Decimal | None:
    """A tier's points when they are a number or a constant (folded ones count)."""
    if isinstance(e, (ir.Literal, ir.Constant, ir.Folded)) and isinstance(e.value, Decimal):
        return e.value
    return None
