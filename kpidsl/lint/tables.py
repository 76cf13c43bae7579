"""Lint rules for ladders and grade bands: gaps, overlaps, shadowed and unreachable tiers,
scores that run against the declared direction, and bounds the rounding makes meaningless.

Each tier takes what its condition accepts minus what earlier tiers took (tiers are tried in
order), within the domain of values the indicator can actually have (`ranges.py`).
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from .. import ir
from ..i18n import Text
from ..kinds import Base
from ..messages import lint as msg
from ..refs import InputRef
from .context import LintContext
from .intervals import Iv, IvSet, condition_set
from .ranges import ANY, Range


def _domain(r: Range) -> IvSet:
    return IvSet([Iv(r.lo if r.lo.is_finite() else None, True, r.hi if r.hi.is_finite() else None, True)])


def _const_value(ctx: LintContext, e: ir.Expr) -> Decimal | None:
    if isinstance(e, (ir.Literal, ir.Constant)) and isinstance(e.value, Decimal):
        return e.value
    return None


def value_step(ctx: LintContext, e: ir.Expr | None) -> Decimal | None:
    """The step every value of an expression is a multiple of, when there is one: 1 for counts and
    integer arithmetic on them, 10^-N for `round(x, N)`. A gap holding no such multiple, such as
    (0, 1) between `== 0` and `== 1`, or (75, 76) under `round(x, 0)`, holds no value it can take."""
    match e:
        case ir.Literal(value=Decimal() as v) | ir.Constant(value=Decimal() as v):
            exponent = v.normalize().as_tuple().exponent if v else 0
            return Decimal(1).scaleb(min(exponent, 0)) if isinstance(exponent, int) else None
        case ir.Folded(shown=shown):
            return value_step(ctx, shown)
        case ir.Read(ref=InputRef(name=name)):
            inp = ctx.ir.input(name)
            return Decimal(1) if inp is not None and inp.type.name == "count" else None
        case ir.Neg(operand=o):
            return value_step(ctx, o)
        case ir.Call(func="round", args=(_,)):
            return Decimal(1)
        case ir.Call(func="round", args=(_, ir.Literal(value=Decimal() as places))) if places == places.to_integral_value():
            return Decimal(1).scaleb(-int(places))
        case ir.Binary(op="+" | "-", left=a, right=b):
            return _finer(value_step(ctx, a), value_step(ctx, b))
        case ir.Binary(op="*", left=a, right=b):
            sa, sb = value_step(ctx, a), value_step(ctx, b)
            return sa * sb if sa is not None and sb is not None else None
        case ir.Call(func="min" | "max" | "abs" | "sum", args=args) if args:
            steps = [value_step(ctx, a) for a in args]
            found: Decimal | None = steps[0]
            for step in steps[1:]:
                found = _finer(found, step)
            return found
    return None


def _finer(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """The step of a sum of two values with these steps (both powers of ten: the smaller)."""
    return min(a, b) if a is not None and b is not None else None


def _at_gap(tiers: tuple[ir.Tier, ...], gaps: IvSet) -> ir.Tier:
    """The tier a gap's finding points at: the one after whose bound the values fall through (its
    upper bound is where the first gap starts), else the one whose lower bound ends the gap (a gap
    below every tier), else the last tier."""
    gap = gaps.parts[0]
    sets = [(tier, condition_set(tier.cond)) for tier in tiers]
    for bound, upper in ((gap.lo, True), (gap.hi, False)):
        for tier, found in sets:
            if bound is not None and found is not None and any((iv.hi if upper else iv.lo) == bound for iv in found):
                return tier
    return tiers[-1]


def analyse_tiers(ctx: LintContext, tiers: tuple[ir.Tier, ...], domain_range: Range, what: Text,
                  direction: str | None, percent: bool, step: Decimal | None = None) -> None:
    """Report gaps, overlaps, shadowed tiers, tiers outside the domain and non-monotone points."""
    domain = _domain(domain_range)
    known = domain_range != ANY
    taken = IvSet()
    reached: list[tuple[IvSet, ir.Tier]] = []
    has_else = False
    for tier in tiers:
        s = condition_set(tier.cond)
        if s is None:
            has_else = True
            reach = domain.minus(taken)
            if not reach:
                ctx.warn("K-L0103", msg.else_unreachable(what=what), tier.cond.span, msg.else_unreachable_hint())
            else:
                reached.append((reach, tier))
            taken = taken.union(domain)
            continue
        in_domain = s.intersect(domain)
        reach = in_domain.minus(taken)
        if not in_domain:
            hull = domain_range
            ctx.warn("K-L0104", msg.tier_out_of_range(tier=tier.cond.text, what=what, domain=_domain(hull).text(percent)),
                     tier.cond.span, msg.tier_out_of_range_hint())
        elif not reach:
            ctx.error("K-L0103", msg.tier_unreachable(tier=tier.cond.text, what=what, taken=in_domain.text(percent)),
                      tier.cond.span, msg.tier_unreachable_hint())
        else:
            overlap = in_domain.intersect(taken)
            if overlap and not _cascade(s, overlap):
                ctx.warn("K-L0102", msg.tier_overlap(tier=tier.cond.text, what=what, overlap=overlap.text(percent)),
                         tier.cond.span, msg.tier_overlap_hint())
            reached.append((reach, tier))
        taken = taken.union(s)
    gaps = domain.minus(taken)
    if step is not None and gaps and not gaps.has_multiple_of(step):
        gaps = IvSet()
    if gaps and not has_else:
        why = "" if known else msg.no_range_declared()
        ctx.error("K-L0101", msg.ladder_gap(what=what, gaps=gaps.text(percent), why=why), _at_gap(tiers, gaps).span,
                  msg.ladder_gap_hint())
    if direction in ("higher", "lower"):
        points = []
        for _reach, tier in sorted(reached, key=lambda rt: _key(rt[0])):
            v = _const_value(ctx, tier.result)
            if v is None:
                return
            points.append((v, tier))
        for (a, _ta), (b, tb) in itertools.pairwise(points):
            if (direction == "higher" and b < a) or (direction == "lower" and b > a):
                hint = msg.against_direction_higher_hint() if direction == "higher" else msg.against_direction_lower_hint()
                ctx.warn("K-L0105", msg.against_direction(what=what, direction=direction, tier=tb.cond.text,
                                                          points=str(b), below=str(a)), tb.span, hint)
                break


def _cascade(s: IvSet, overlap: IvSet) -> bool:
    """A tier written as one comparison (`>= 80%` after `>= 90%`) is a first-match cascade: the
    earlier tiers take their part of it, away from its own bound, by design. That is not the
    ambiguity K-L0102 reports, where two tiers claim the same end: `[85%, 90%]` after `[90%,
    100%]`, or `<= 60%` after `>= 60%` (the overlap touches the tier's own bound)."""
    if len(s.parts) != 1:
        return False
    tier = s.parts[0]
    if tier.hi is None and tier.lo is not None:
        return all(p.lo is not None and p.lo > tier.lo for p in overlap)
    if tier.lo is None and tier.hi is not None:
        return all(p.hi is not None and p.hi < tier.hi for p in overlap)
    return False


def _key(s: IvSet) -> tuple[int, Decimal]:
    first = s.parts[0]
    return (0, Decimal(0)) if first.lo is None else (1, first.lo)


def rule_ladders(ctx: LintContext) -> None:
    """K-L0101..K-L0105 on every ladder an indicator scores with; K-L0101 on a scale of ranges
    scoring a number (`scale_gaps`)."""
    for node in ctx.ir.indicators:
        sc = node.scoring
        if isinstance(sc, ir.ScaleScoring):
            scale_gaps(ctx, node, sc.scale)
        if not isinstance(sc, ir.LadderScoring):
            continue
        domain = ctx.ranges.value.get(node.name, ANY)
        name = msg.named_ladder(ladder=str(sc.ladder.name), indicator=node.name) if sc.named else msg.ladder_of(indicator=node.name)
        value = node.value.expr if node.value is not None else None
        analyse_tiers(ctx, sc.ladder.tiers, domain, name, node.direction, sc.ladder.uses_percent, value_step(ctx, value))


def scale_gaps(ctx: LintContext, node: ir.Indicator, scale: ir.Scale) -> None:
    """A number scored on a scale must fall on a level or in a level's range (else K-R0303): the
    values between two ranges (`优 -> 91..100  良 -> 76..90` leaves (90, 91)) that the indicator
    can take are a gap, unless its values step over them (`round(x, 0)`, a count). A rater's mark
    read as it is (`value 工作效率分`) is left alone: a person picks it from the scale's own ranges;
    a computed value (`(a + b) / 2`) falls between them."""
    value = node.value.expr if node.value is not None else None
    if value is None or isinstance(value, ir.Read) or value.kind.base is not Base.NUMBER:
        return
    if not any(level.is_range for level in scale.levels):
        return
    levels = IvSet([Iv(level.low, True, level.high, True) for level in scale.levels])
    hull = levels.hull()
    if hull is None:
        return
    gaps = IvSet([hull]).intersect(_domain(ctx.ranges.value.get(node.name, ANY))).minus(levels)
    step = value_step(ctx, value)
    if gaps and (step is None or gaps.has_multiple_of(step)):
        places = max(max(-level.low.as_tuple().exponent, -level.high.as_tuple().exponent, 0)  # type: ignore[operator]
                     for level in scale.levels)
        ctx.error("K-L0101", msg.scale_gap(scale=scale.name, indicator=node.name, gaps=gaps.text()), node.scoring.span,
                  msg.scale_gap_hint(scale=scale.name, places=places))


def rule_bands(ctx: LintContext) -> None:
    """K-L0201..K-L0204: grade bands against the totals the scheme can produce."""
    grade = ctx.ir.grade
    if grade is None:
        return
    bands = grade.bands
    total = ctx.ranges.total
    domain = _domain(total)
    places = ctx.ir.round_places if grade.reads == "rounded" else None
    quantum = Decimal(1).scaleb(-places) if places is not None else None
    taken = IvSet()
    for band in bands.bands:
        s = condition_set(band.cond)
        if s is None:
            taken = taken.union(domain)
            continue
        if quantum is not None:
            for b in band.cond.bounds:
                if b.constant is None and b.value != b.value.quantize(quantum, rounding="ROUND_HALF_UP"):
                    assert places is not None
                    ctx.warn("K-L0203", msg.band_too_precise(band=band.label, bound=b.text, rounded=msg.rounded_to(places=places)), b.span,
                             msg.band_too_precise_hint(places=places))
        in_domain = s.intersect(domain)
        if total.bounded and not in_domain:
            ctx.warn("K-L0204", msg.grade_out_of_reach(band=band.label, domain=domain.text()), band.span, msg.grade_out_of_reach_hint())
        elif in_domain and not in_domain.minus(taken):
            ctx.warn("K-L0202", msg.grade_shadowed(band=band.label, taken=in_domain.text()), band.span)
        elif in_domain.intersect(taken) and not _cascade(s, in_domain.intersect(taken)):
            ctx.warn("K-L0202", msg.band_overlap(band=band.label, overlap=in_domain.intersect(taken).text()), band.span)
        taken = taken.union(s)
    gaps = domain.minus(taken)
    if gaps and (quantum is None or gaps.has_multiple_of(quantum)):
        ctx.error("K-L0201", msg.band_gap(gaps=gaps.text()), grade.span, msg.band_gap_hint())
