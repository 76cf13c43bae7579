"""Lint rules for ladders and grade bands: gaps, overlaps, shadowed and unreachable tiers,
scores that run against the declared direction, and bounds the rounding makes meaningless.

Each tier takes what its condition accepts minus what earlier tiers took (tiers are tried in
order), within the domain of values the indicator can actually have (`ranges.py`).
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from .. import ir
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


def is_integral(ctx: LintContext, e: ir.Expr | None) -> bool:
    """True when an expression can only give whole numbers (counts and integer arithmetic on them),
    so a gap such as (0, 1) between `== 0` and `== 1` holds no value it can take."""
    match e:
        case ir.Literal(value=Decimal() as v) | ir.Constant(value=Decimal() as v):
            return v == v.to_integral_value()
        case ir.Folded(shown=shown):
            return is_integral(ctx, shown)
        case ir.Read(ref=InputRef(name=name)):
            inp = ctx.ir.input(name)
            return inp is not None and inp.type.name == "count"
        case ir.Neg(operand=o):
            return is_integral(ctx, o)
        case ir.Binary(op="+" | "-" | "*", left=a, right=b):
            return is_integral(ctx, a) and is_integral(ctx, b)
        case ir.Call(func="min" | "max" | "abs" | "sum", args=args):
            return all(is_integral(ctx, a) for a in args)
    return False


def analyse_tiers(ctx: LintContext, tiers: tuple[ir.Tier, ...], domain_range: Range, what: str,
                  direction: str | None, percent: bool, integral: bool = False) -> None:
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
                ctx.warn("K-L0103", f"the `else` tier of {what} can never apply: the tiers above cover every value", tier.cond.span,
                         "remove it, or keep it as a guard and suppress this warning")
            else:
                reached.append((reach, tier))
            taken = taken.union(domain)
            continue
        in_domain = s.intersect(domain)
        reach = in_domain.minus(taken)
        if not in_domain:
            hull = domain_range
            ctx.warn("K-L0104", f"tier `{tier.cond.text}` of {what} can never apply: the value is always in "
                     f"{_domain(hull).text(percent)}", tier.cond.span,
                     "check the bound (a percentage written without %?) or the input's declared range")
        elif not reach:
            ctx.error("K-L0103", f"tier `{tier.cond.text}` of {what} can never apply: earlier tiers already take "
                      f"{in_domain.text(percent)}", tier.cond.span, "tiers are tried in order; reorder or fix the bounds")
        else:
            overlap = in_domain.intersect(taken)
            if overlap:
                ctx.warn("K-L0102", f"tier `{tier.cond.text}` of {what} overlaps an earlier tier on "
                         f"{overlap.text(percent)}; the earlier tier wins there", tier.cond.span,
                         "make the bounds meet exactly: [a, b) then [b, c)")
            reached.append((reach, tier))
        taken = taken.union(s)
    gaps = domain.minus(taken)
    if integral and gaps and not gaps.has_multiple_of(Decimal(1)):
        gaps = IvSet()
    if gaps and not has_else:
        where = "" if known else " (no range is declared for the value, so every number counts)"
        ctx.error("K-L0101", f"{what} has no tier for {gaps.text(percent)}{where}", tiers[-1].span,
                  "add the missing tier, an `else` tier, or declare the input's range with `in`")
    if direction in ("higher", "lower"):
        points = []
        for _reach, tier in sorted(reached, key=lambda rt: _key(rt[0])):
            v = _const_value(ctx, tier.result)
            if v is None:
                return
            points.append((v, tier))
        for (a, _ta), (b, tb) in itertools.pairwise(points):
            if (direction == "higher" and b < a) or (direction == "lower" and b > a):
                better = "higher" if direction == "higher" else "lower"
                ctx.warn("K-L0105", f"{what} is declared `direction {direction}`, but tier `{tb.cond.text}` "
                         f"gives {b} while the tier below it gives {a}", tb.span,
                         f"with `direction {direction}`, {better} values should never score less")
                break


def _key(s: IvSet) -> tuple[int, Decimal]:
    first = s.parts[0]
    return (0, Decimal(0)) if first.lo is None else (1, first.lo)


def rule_ladders(ctx: LintContext) -> None:
    """K-L0101..K-L0105 on every ladder an indicator scores with."""
    for node in ctx.ir.indicators:
        sc = node.scoring
        if not isinstance(sc, ir.LadderScoring):
            continue
        domain = ctx.ranges.value.get(node.name, ANY)
        name = f"ladder '{sc.ladder.name}' (in '{node.name}')" if sc.named else f"the ladder of '{node.name}'"
        value = node.value.expr if node.value is not None else None
        analyse_tiers(ctx, sc.ladder.tiers, domain, name, node.direction, sc.ladder.uses_percent, is_integral(ctx, value))


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
                    ctx.warn("K-L0203", f"grade band {band.label} has the bound {b.text}, but the grade reads the total "
                             f"rounded to {places} places", b.span,
                             f"write the bound with at most {places} decimals, or use `grade on exact`")
        in_domain = s.intersect(domain)
        if total.bounded and not in_domain:
            ctx.warn("K-L0204", f"grade {band.label} can never be given: the total is always in {domain.text()}", band.span,
                     "check the band's bounds against the reachable total (kpi lint --summary)")
        elif in_domain and not in_domain.minus(taken):
            ctx.warn("K-L0202", f"grade {band.label} can never be given: earlier bands take {in_domain.text()}", band.span)
        elif in_domain.intersect(taken):
            ctx.warn("K-L0202", f"grade band {band.label} overlaps an earlier band on {in_domain.intersect(taken).text()}; "
                     "the earlier band wins there", band.span)
        taken = taken.union(s)
    gaps = domain.minus(taken)
    if gaps and (quantum is None or gaps.has_multiple_of(quantum)):
        ctx.error("K-L0201", f"grade bands leave totals in {gaps.text()} without a grade", grade.span,
                  "add a band for them or end with `else`")
