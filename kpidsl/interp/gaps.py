"""How far a value is from the next better tier or grade band: facts for the explain trace.

An employee disputing a score asks what it would have taken: "完成率 93.5%，距 95% 档还差 1.5
个百分点，差 3 单". The interpreter knows the ladder, the value and the formula, so it records
this as data on the trace event (only when a trace is asked for); explain words it and never
evaluates anything itself.

- The next better tier is the one giving more points that the value reaches by the smallest
  change, up or down (a ladder may reward a lower value: fault hours). Tiers are tried in order,
  so a candidate point counts only when the first tier matching it is that better tier.
- The next better grade band is the first band above the total that differs from the current one
  (not an `else` band: above a closed top band such as `A [85, 100]` nothing is better).
- When the value is a formula over a count input that moves it in steps (a ratio of counts:
  on-time orders / planned orders), the count that reaches the tier is found exactly: the least
  whole change of that input, checked by evaluating the formula with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .. import ir
from ..kinds import Unit
from ..numbers import div
from ..refs import InputRef
from ..values import Env, Value
from .expr import Compiled, CompiledLadder, ZeroDenominator, band_of

#: How far beyond an excluded bound (`> 95%`, `[.., 90%)`) a candidate point lies.
EPSILON = Decimal("1e-20")

#: The largest change of a count considered (beyond it the tier is out of practical reach).
MAX_UNITS = 10**9


def _candidates(bounds: Sequence[Decimal]) -> list[tuple[Decimal, Decimal, bool]]:
    """Points to try: each bound itself, and just beyond it either way (bound, point, strict)."""
    out = []
    for b in dict.fromkeys(bounds):
        out += [(b, b, False), (b, b + EPSILON, True), (b, b - EPSILON, True)]
    return out


def _tier_at(ladder: CompiledLadder, x: Decimal) -> int | None:
    return next((t.index for t in ladder.tiers if t.matches(x)), None)


def _points(ladder: CompiledLadder, env: Env) -> list[Value]:
    out: list[Value] = []
    for t in ladder.tiers:
        try:
            out.append(t.result(env))
        except ZeroDenominator:
            out.append(None)
    return out


def ladder_gap(ladder: CompiledLadder, tier: int, value: Decimal, env: Env) -> dict[str, Any]:
    """Facts for a `SCORE_LADDER` event: `better` (the index of the next better tier, or None
    when none gives more points), `target` (the bound to reach), `strict` (the bound itself is
    not enough: it must be passed)."""
    points = _points(ladder, env)
    here = points[tier]
    if not isinstance(here, Decimal):
        return {"better": None}
    best: tuple[Decimal, int, Decimal, bool] | None = None
    bounds = [b.value for t in ladder.tiers for b in t.node.cond.bounds]
    for bound, point, strict in _candidates(bounds):
        j = _tier_at(ladder, point)
        got = points[j] if j is not None else None
        if j is None or not isinstance(got, Decimal) or got <= here:
            continue
        distance = abs(point - value)
        if best is None or distance < best[0]:
            best = (distance, j, bound, strict)
    if best is None:
        return {"better": None}
    return {"better": best[1], "target": best[2], "strict": best[3]}


def band_gap(bands: ir.Bands, current: ir.Band, total: Decimal) -> dict[str, Any]:
    """Facts for a `GRADE` event: `better` (the id of the next band above the total, or None at
    the top), `target`, `strict`."""
    bounds = sorted({b.value for band in bands.bands for b in band.cond.bounds if b.value >= total})
    for bound, point, strict in _candidates(bounds):
        if point <= total:
            continue
        try:
            found = band_of(bands, point)
        except Exception:  # noqa: BLE001 - a gap in the bands (lint reports it): no band there
            continue
        if found.id != current.id and not isinstance(found.cond, ir.Otherwise):  # above a closed top band: no grade
            return {"better": found.id, "target": bound, "strict": strict}
    return {"better": None}


def unit_gap(f: ir.Formula, compiled: Compiled, env: Env, reaches: Callable[[Decimal], bool]) -> tuple[str, Decimal, Decimal] | None:
    """The least whole change of a count input the formula reads that makes `reaches` true of
    the formula's value: (input, its value now, the value needed), or None when no count input
    moves the value in equal steps (checked at three points) or none reaches."""
    counts = [e.ref.name for e in ir.walk(f.expr)
              if isinstance(e, ir.Read) and isinstance(e.ref, InputRef) and e.kind.unit is Unit.COUNT]
    for name in dict.fromkeys(counts):
        now = env.get(name)
        if not isinstance(now, Decimal):
            continue
        found = _solve(compiled, env, name, now, reaches)
        if found is not None:
            return name, now, found
    return None


def ladder_facts(ladder: CompiledLadder, tier: int, value: Decimal, env: Env,
                 value_formula: tuple[ir.Formula, Compiled] | None) -> dict[str, Any]:
    """`ladder_gap`, and `units` (see `unit_gap`) when the indicator's value formula is given."""
    facts = ladder_gap(ladder, tier, value, env)
    better = facts["better"]
    facts["units"] = None
    if better is not None and value_formula is not None:
        f, compiled = value_formula
        facts["units"] = unit_gap(f, compiled, env, lambda y: _tier_at(ladder, y) == better)
    return facts


def _at(compiled: Compiled, env: Env, name: str, x: Decimal) -> Decimal | None:
    trial = dict(env)
    trial[name] = x
    try:
        v = compiled(trial)
    except ZeroDenominator:
        return None
    return v if isinstance(v, Decimal) else None


def _solve(compiled: Compiled, env: Env, name: str, now: Decimal, reaches: Callable[[Decimal], bool]) -> Decimal | None:
    # Equal steps around the value (below it when it can go lower: a cap such as min(x / y, 1)
    # may flatten the steps above).
    start = now - 1 if now >= 1 else now
    v0, v1, v2 = (_at(compiled, env, name, start + k) for k in (0, 1, 2))
    if v0 is None or v1 is None or v2 is None or v1 == v0 or v2 - v1 != v1 - v0:
        return None
    best: Decimal | None = None
    for direction in (1, -1):
        def ok(k: Decimal, d: int = direction) -> bool:
            y = _at(compiled, env, name, now + d * k)
            return y is not None and reaches(y)

        k = _least(ok, now if direction < 0 else Decimal(MAX_UNITS))
        if k is not None and (best is None or k < abs(best - now)):
            best = now + direction * k
    return best


def _least(ok: Callable[[Decimal], bool], limit: Decimal) -> Decimal | None:
    """The least whole k in 1..limit with `ok(k)`, by doubling then bisection (exact for a value
    that moves in equal steps, as checked before)."""
    hi = Decimal(1)
    while not ok(hi):
        if hi >= limit:
            return None
        hi = min(hi * 2, limit)
    lo = Decimal(0)
    while hi - lo > 1:
        mid = (div(lo + hi, Decimal(2))).to_integral_value(rounding=ROUND_FLOOR)
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi
