"""Coefficients, pools split to the cent, shares by rank, and seed 003's cross-department
normalisation."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from kpidsl import ir
from kpidsl.choices import ShareRounding
from kpidsl.i18n import listing
from kpidsl.messages import runtime as msg
from kpidsl.numbers import ZERO, fmt_plain, quantum, round_half_up, snap
from kpidsl.outcome import RecordData
from kpidsl.trace import Ev

from . import Ctx, PopulationError, groups, key_values, number, order, set_value
from .numbers import div, q20, sqrt_q20


def coefficient(ctx: Ctx, rule: ir.CoefficientRule) -> None:
    table = {v.label: v.value for v in rule.values}
    for r in ctx.records:
        label = r.grade if rule.source == "grade" else r.population.get(rule.source)
        if not isinstance(label, str) or label not in table:
            problem = msg.no_coefficient(grade=str(label), rule=rule.name)
            raise PopulationError("K-R0311", msg.in_record(record=r.id, message=problem), rule.span)
        set_value(r, rule.name, table[label])
        ctx.emit(r, Ev.COEFFICIENT, rule, result=table[label], label=label)


def one_per_group(ctx: Ctx, rule: ir.Rule, f: ir.Formula, members: list[RecordData], label: str, code: str, what: str,
                  hint: str) -> Decimal:
    """A value that must be the same on every record of a group (a pool, a department's score)."""
    values = set()
    for r in members:
        assert r.env is not None
        v = ctx.value(f, r.env)
        if not isinstance(v, Decimal):
            problem = msg.group_value_missing(what=what, rule=rule.name)
            raise PopulationError(code, msg.in_record(record=r.id, message=problem), f.span)
        values.add(v)
    if len(values) > 1:
        found = listing(sorted(fmt_plain(a) for a in values))
        raise PopulationError(code, msg.group_value_differs(what=what, rule=rule.name, group=label, values=found), f.span, hint)
    return values.pop()


def _group_amount(ctx: Ctx, rule: ir.PoolRule | ir.SharesRule, members: list[RecordData], label: str) -> Decimal:
    amount = one_per_group(ctx, rule, rule.amount, members, label, "K-R0312", msg.the_amount(), msg.pool_amount_hint())
    if amount < 0:
        raise PopulationError("K-R0312", msg.amount_negative(rule=rule.name, amount=fmt_plain(amount)), rule.amount.span)
    return amount


def allocate(total: Decimal, weights: Sequence[Decimal], places: int, tie_order: Sequence[int] | None = None) -> list[Decimal]:
    """`total` split in proportion to `weights`, each rounded to `places`, adding up to `total`
    rounded to `places` exactly (largest remainder). On equal remainders the larger weight comes
    first, then the share earlier in `tie_order` (the callers pass the records' ranking, then
    their ids, so the order of the data's rows never decides a cent)."""
    q = quantum(places)
    units_total = int(round_half_up(total, places).scaleb(places))
    # The split is a declared rounding: its amount and weights are snapped like any rounded value.
    total, weights = snap(total), [snap(w) for w in weights]
    wsum = sum(weights, ZERO)
    if wsum == 0 or units_total == 0:
        return [ZERO.quantize(q)] * len(weights)
    # Exact rationals: the floors and remainders decide cents, so nothing may be rounded here.
    exact = [Fraction(total * w) / Fraction(wsum) * 10**places for w in weights]
    units = [math.floor(e) for e in exact]
    left = units_total - sum(units)
    order = tie_order or list(range(len(weights)))
    rank_of = {i: k for k, i in enumerate(order)}
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - units[i]), -weights[i], rank_of[i]))
    for i in by_remainder[: max(left, 0)]:
        units[i] += 1
    return [(Decimal(u) * q).quantize(q) for u in units]


def each_half_up(total: Decimal, weights: Sequence[Decimal], places: int) -> list[Decimal]:
    """Each share of `total` in proportion to `weights`, rounded half-up on its own (`each
    half_up`): the shares need not add up to the total."""
    q = quantum(places)
    wsum = sum(weights, ZERO)
    if wsum == 0:
        return [ZERO.quantize(q)] * len(weights)
    return [round_half_up(div(total * w, wsum), places) for w in weights]


def split(rule: ir.PoolRule | ir.SharesRule, total: Decimal, weights: Sequence[Decimal], places: int,
          tie_order: Sequence[int]) -> list[Decimal]:
    if rule.rounding is ShareRounding.EACH:
        return each_half_up(total, weights, places)
    return allocate(total, weights, places, tie_order)


def _ranking(ctx: Ctx, rule: ir.PoolRule, members: list[RecordData]) -> list[int]:
    """The members' positions for breaking ties: by the distribution the pool's coefficients come
    from (its keys, best first), else by the exact total (higher first); then by record id."""
    coef = next((r for r in ctx.interp.ir.rules if r.name == rule.by), None)
    source = next((r for r in ctx.interp.ir.rules if isinstance(coef, ir.CoefficientRule) and r.name == coef.source), None)
    if isinstance(source, ir.DistributeRule):
        values = key_values(ctx, source, source.keys, members)
        ranked = order(source.keys, values, members)
    else:
        ranked = sorted(members, key=lambda r: (-r.total_exact, r.id))
    index = {r.id: i for i, r in enumerate(members)}
    return [index[r.id] for r in ranked]


def pool(ctx: Ctx, rule: ir.PoolRule) -> None:
    for label, members in groups(ctx, rule.within):
        amount = _group_amount(ctx, rule, members, label)
        coefs = []
        #: The coefficients of the members a `no bonus` veto leaves out (explain says so).
        vetoed: list[Decimal] = []
        for r in members:
            c = r.population.get(rule.by)
            assert isinstance(c, Decimal)
            if rule.prorate is not None:
                assert r.env is not None
                factor = number(rule, r, ctx.value(rule.prorate, r.env), rule.prorate.span)
                if factor < 0:
                    raise PopulationError("K-R0312", msg.in_record(record=r.id, message=msg.prorate_negative(rule=rule.name)),
                                          rule.prorate.span)
                c = c * factor
            coefs.append(c if r.bonus_eligible else ZERO)  # a `no bonus` veto: no share of any pool
            if not r.bonus_eligible:
                vetoed.append(c)
        paid = split(rule, amount, coefs, rule.places, _ranking(ctx, rule, members))
        csum = sum(coefs, ZERO)
        for r, c, s in zip(members, coefs, paid, strict=True):
            set_value(r, rule.name, s)
            if ctx.wants(r):
                exact = div(amount * c, csum) if csum else ZERO
                ctx.emit(r, Ev.POOL, rule, result=s, amount=amount, group=label, size=len(members), total_weight=csum,
                         weight=c, exact=exact, paid=sum(paid, ZERO), withheld=not r.bonus_eligible,
                         vetoed=tuple(vetoed))


def _rank_of(record: RecordData, rule_name: str) -> int:
    value = record.population.get(rule_name)
    assert isinstance(value, Decimal)
    return int(value)


def shares(ctx: Ctx, rule: ir.SharesRule) -> None:
    table = {s.position: s.share for s in rule.shares}
    for label, members in groups(ctx, rule.within):
        amount = _group_amount(ctx, rule, members, label)
        by_rank: dict[int, list[RecordData]] = {}
        for r in members:
            by_rank.setdefault(_rank_of(r, rule.by), []).append(r)
        weights = []
        for r in members:
            rank = _rank_of(r, rule.by)
            tied = len(by_rank[rank])
            share = div(sum((table.get(p, ZERO) for p in range(rank, rank + tied)), ZERO), Decimal(tied))
            weights.append(share if r.bonus_eligible else ZERO)  # a `no bonus` veto: its position's share is withheld
        by_position = sorted(range(len(members)), key=lambda i: (_rank_of(members[i], rule.by), members[i].id))
        amounts = split(rule, sum(weights, ZERO) * amount, weights, rule.places, by_position)
        for r, w, a in zip(members, weights, amounts, strict=True):
            set_value(r, rule.name, a)
            rank = _rank_of(r, rule.by)
            ctx.emit(r, Ev.SHARES, rule, result=a, rank=rank, group=label, share=w, amount=amount, tied=len(by_rank[rank]),
                     withheld=not r.bonus_eligible)


def normalise(ctx: Ctx, rule: ir.NormaliseRule) -> None:
    """Seed 003's normalisation, computed with exact fractions; a step the rule rounds (`round
    average 2`) is rounded half-up there, every other step is kept exact and the result is rounded
    once (Q20) at the end, so two employees whose normalised scores are equal are equal (and tie in
    a later rank). Each step is kept in the record's values as `NAME.average`, `NAME.ratio`,
    `NAME.first`, `NAME.department`, `NAME.weight`, `NAME.cap`, `NAME.rooted`."""

    def step(name: str, value: Fraction) -> Fraction:
        places = rule.places(name)
        return Fraction(round_half_up(q20(value), places)) if places is not None else value

    parts = groups(ctx, rule.within)
    if not ctx.records:
        return  # every record of the period is excluded
    first: dict[str, Fraction] = {}
    info: dict[str, tuple[Fraction, Decimal, Fraction]] = {}
    dept_score: dict[str, Decimal] = {}
    for label, members in parts:
        values = key_values(ctx, rule, (rule.key,), members)
        nums = {r.id: number(rule, r, values[r.id][0], rule.key.span) for r in members}
        avg = step("average", Fraction(sum(nums.values(), ZERO)) / len(members))
        if avg == 0:
            raise PopulationError("K-R0313", msg.average_zero(rule=rule.name, group=label), rule.key.span)
        ratio = step("ratio", 100 / avg)
        for r in members:
            # Without a rounded ratio, score x 100 / average in that order (one division, at the end).
            raw = Fraction(nums[r.id]) * ratio if rule.places("ratio") is not None else Fraction(nums[r.id]) * 100 / avg
            first[r.id] = step("first", raw)
            info[r.id] = (avg, nums[r.id], ratio)
        dept_score[label] = one_per_group(ctx, rule, rule.weight, members, label, "K-R0313", msg.the_department_score(),
                                          msg.department_score_hint())
    lowest = min(dept_score.values())
    if lowest <= 0:
        raise PopulationError("K-R0313", msg.department_scores_positive(rule=rule.name), rule.weight.span)
    weights = {d: step("weight", Fraction(s) / Fraction(lowest)) for d, s in dept_score.items()}
    unrooted = dict(weights)
    hi, lo = max(first.values()), min(first.values())
    cap = step("cap", (hi + lo) / (2 * lo)) if lo > 0 else None
    rooted = cap is not None and max(weights.values()) > cap
    if rooted:
        weights = {d: step("weight", Fraction(sqrt_q20(w))) for d, w in weights.items()}
    for label, members in parts:
        w = weights[label]
        for r in members:
            value = _result(rule, first[r.id] * w)
            set_value(r, rule.name, value)
            avg, score, ratio = info[r.id]
            assert r.env is not None
            r.env.update({f"{rule.name}.average": q20(avg), f"{rule.name}.ratio": q20(ratio),
                          f"{rule.name}.first": q20(first[r.id]), f"{rule.name}.department": dept_score[label],
                          f"{rule.name}.weight": q20(w), f"{rule.name}.cap": q20(cap) if cap is not None else None,
                          f"{rule.name}.rooted": rooted})
            if ctx.wants(r):
                ctx.emit(r, Ev.NORMALISE_FIRST, rule, result=q20(first[r.id]), group=label, average=q20(avg), score=score,
                         ratio=q20(ratio))
                ctx.emit(r, Ev.NORMALISE_WEIGHT, rule, 1, q20(w), department=dept_score[label], lowest=lowest,
                         cap=q20(cap) if cap is not None else None, rooted=rooted, unrooted=q20(unrooted[label]))
                ctx.emit(r, Ev.NORMALISE_RESULT, rule, 1, value, first=q20(first[r.id]), weight=q20(w))


def _result(rule: ir.NormaliseRule, value: Fraction) -> Decimal:
    """A normalised score: half-up where the rule rounds its result, else its Q20 value."""
    places = rule.places("result")
    return round_half_up(q20(value), places) if places is not None else q20(value)
