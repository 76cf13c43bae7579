"""Rules over an employee's periods: flags that held for N periods running, and roll-ups over the
quarter, half-year or year so far."""

from __future__ import annotations

from decimal import Decimal

from ... import ir
from ...choices import RollupMethod
from ...numbers import ZERO, div
from ...periods import enclosing, previous
from ...trace import Ev
from ...values import EXCLUDED_KEY, Env, Value
from . import Ctx, number, set_value


def flag(ctx: Ctx, rule: ir.FlagRule) -> None:
    """True when the condition held in this period and the `periods - 1` periods just before it."""

    def cond(env: Env) -> Value:
        return ctx.value(rule.condition, env)

    for r in ctx.records:
        assert r.env is not None
        evidence: list[tuple[str | None, tuple[tuple[str, Value], ...] | None, bool]] = []
        held = True
        for k in range(rule.periods):
            label = r.period if k == 0 else (previous(r.period, ctx.unit or "month", k) if r.period else None)
            env = r.env if k == 0 else (ctx.history or {}).get((r.id, label or ""))
            if env is None or EXCLUDED_KEY in env:
                evidence.append((label, None, False))
                held = False
                break
            ok = cond(env)
            evidence.append((label, _present(rule.condition, env), ok is True))
            if ok is not True:
                held = False
                break
        set_value(r, rule.name, held)
        ctx.emit(r, Ev.FLAG, rule, result=held, evidence=tuple(evidence))


def _present(f: ir.Formula, env: Env) -> tuple[tuple[str, Value], ...]:
    """The values a period's record holds for what the condition reads (for its evidence)."""
    return tuple((ref.key, env[ref.key]) for ref in f.reads if ref.key in env)


def rollup(ctx: Ctx, rule: ir.RollupRule) -> None:
    """Mean, sum or weighted mean of a value over the periods of the enclosing unit, up to this one."""
    unit = ctx.unit or "month"
    weight = rule.weight

    def value(env: Env) -> Value:
        return ctx.value(rule.expr, env)
    for r in ctx.records:
        assert r.env is not None and r.period is not None
        here = enclosing(r.period, unit, rule.over)
        parts: list[tuple[str, Decimal]] = []
        weights: list[Decimal] = []
        k = 0
        while True:
            label = r.period if k == 0 else previous(r.period, unit, k)
            if enclosing(label, unit, rule.over) != here:
                break
            env = r.env if k == 0 else (ctx.history or {}).get((r.id, label))
            if env is not None and EXCLUDED_KEY not in env:
                v = value(env)
                if isinstance(v, Decimal):
                    parts.append((label, v))
                    if weight is not None:
                        weights.append(number(rule, r, ctx.value(weight, env), weight.span))
            k += 1
        parts.reverse()
        weights.reverse()
        total = sum((v for _, v in parts), ZERO)
        wsum = ZERO
        if rule.method is RollupMethod.WEIGHTED:
            wsum = sum(weights, ZERO)
            result = div(sum((v * w for (_, v), w in zip(parts, weights, strict=True)), ZERO), wsum) if wsum else ZERO
        else:
            result = div(total, Decimal(len(parts))) if rule.method is RollupMethod.MEAN and parts else total
        set_value(r, rule.name, result)
        ctx.emit(r, Ev.ROLLUP, rule, result=result, parts=tuple(parts), weights=tuple(weights), weight_sum=wsum)
