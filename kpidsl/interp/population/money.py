"""Coefficients, pools split to the cent, shares by rank, and seed 003's cross-department
normalisation."""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import cast

from ... import ir
from ...choices import ShareRounding
from ...i18n import listing
from ...messages import runtime as msg
from ...numbers import ZERO, div, fmt_plain, q20, q20_ratio, quantum, round_half_up, snap, sqrt_q20
from ...outcome import RecordData
from ...prebuilt import dataclass
from ...trace import Ev
from ...values import Value
from ..expr import NoTier, ZeroDenominator
from . import (
    Ctx,
    PopulationError,
    Sorted,
    cached_sort,
    formula_error,
    groups,
    number,
    numbers_only,
    record_env,
    set_column,
    set_value,
    sort_group,
)


def coefficient(ctx: Ctx, rule: ir.CoefficientRule) -> None:
    table: dict[Value, Decimal] = {v.label: v.value for v in rule.values}
    source = rule.source
    if source == "grade":
        labels: list[Value] = [r.grade for r in ctx.records]
    else:  # the distribution's grades, read without a call per record
        labels = list(map(dict.get, map(_population, ctx.records), itertools.repeat(source)))
    values = list(map(table.get, labels))  # None: a label the table does not list (or no label)
    if ctx.traced or not all(map(operator.is_not, values, itertools.repeat(None))):
        for r, label, value in zip(ctx.records, labels, values, strict=True):
            if value is None:
                problem = msg.no_coefficient(grade=str(label), rule=rule.name)
                raise PopulationError("K-R0311", msg.in_record(record=r.id, message=problem), rule.span)
            if ctx.wants(r):
                ctx.emit(r, Ev.COEFFICIENT, rule, result=value, label=label)
    set_column(ctx.records, rule.name, values)


_population = operator.attrgetter("population")


def one_per_group(ctx: Ctx, rule: ir.Rule, f: ir.Formula, members: list[RecordData], label: str, code: str, what: str,
                  hint: str) -> Decimal:
    """A value that must be the same on every record of a group (a pool, a department's score)."""
    fn = ctx.interp.formulas(f)
    try:  # the common case in one pass; anything else again record by record, for the first error
        column = list(map(fn, map(record_env, members)))
        # all equal to the first (comparing is cheaper than hashing each record's own number)
        if isinstance(value := column[0], Decimal) and column.count(value) == len(column):
            return value
    except (ZeroDenominator, NoTier):
        pass
    values = set()
    for r in members:
        assert r.env is not None
        try:
            v = fn(r.env)
        except (ZeroDenominator, NoTier) as exc:
            raise formula_error(f, exc) from None
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
    first, then the share earlier in `tie_order` (a permutation of the shares' indices: the
    callers pass the records' ranking, then their ids, so the order of the data's rows never
    decides a cent)."""
    q = quantum(places)
    units_total = int(round_half_up(total, places).scaleb(places))
    # The split is a declared rounding: its amount and weights are snapped like any rounded value.
    # Equal snapped weights have equal exact shares, so each distinct one is worked out once
    # (weights that differ only beyond the snap are one weight here, as they are in the sums).
    snapped_of = {w: snap(w) for w in dict.fromkeys(weights)}
    weights = list(map(snapped_of.__getitem__, weights))
    counts = Counter(weights)
    scaled = dict(zip(counts, _scaled(list(counts)), strict=True))
    wsum = sum(scaled[w] * n for w, n in counts.items())
    if wsum == 0 or units_total == 0:
        return [ZERO.quantize(q)] * len(weights)
    # Exact, in integers over one denominator: a weight's share is its floor plus remainder / den
    # (the floors and remainders decide cents, so nothing may be rounded here).
    tn, td = snap(total).as_integer_ratio()
    tn *= 10**places
    den = td * wsum
    if den < 0:
        tn, den = -tn, -den
    share = {w: divmod(tn * s, den) for w, s in scaled.items()}
    units = {w: share[w][0] for w in counts}  # each weight's shares, in units of `q`
    left = units_total - sum(units[w] * n for w, n in counts.items())
    partial: tuple[Decimal, int] | None = None  # the weight only some of whose shares get a unit more, and how many
    for w in sorted(counts, key=lambda w: (-share[w][1], -scaled[w])):  # the largest remainder first
        if left <= 0:
            break
        if counts[w] <= left:
            units[w] += 1
            left -= counts[w]
        else:
            partial, left = (w, left), 0
    cents = {w: (Decimal(u) * q).quantize(q) for w, u in units.items()}
    out = list(map(cents.__getitem__, weights))
    if partial is not None:
        _hand_out(out, weights, partial, (Decimal(units[partial[0]] + 1) * q).quantize(q), tie_order)
    return out


def _hand_out(out: list[Decimal], weights: Sequence[Decimal], partial: tuple[Decimal, int], more: Decimal,
              tie_order: Sequence[int] | None) -> None:
    """`more` (a share one unit larger) to the first shares of the weight in `partial`, as many
    as it says, in the tie order (the shares of one weight have one remainder)."""
    weight, left = partial
    for i in range(len(weights)) if tie_order is None else tie_order:
        if weights[i] == weight:
            out[i] = more
            left -= 1
            if left == 0:
                return


def _scaled(values: Sequence[Decimal]) -> list[int]:
    """The values as integers over one common denominator (so in the same ratios, exactly)."""
    ratios = [v.as_integer_ratio() for v in values]
    scale = math.lcm(1, *(d for _, d in ratios))  # each denominator is 2^a 5^b
    return [n * (scale // d) for n, d in ratios]


def each_half_up(total: Decimal, weights: Sequence[Decimal], places: int) -> list[Decimal]:
    """Each share of `total` in proportion to `weights`, rounded half-up on its own (`each
    half_up`): the shares need not add up to the total."""
    q = quantum(places)
    wsum = sum(weights, ZERO)
    if wsum == 0:
        return [ZERO.quantize(q)] * len(weights)
    paid: dict[Decimal, Decimal] = {}  # equal weights, equal shares (a coefficient table has few values)
    out = []
    for w in weights:
        share = paid.get(w)
        if share is None:
            share = paid[w] = round_half_up(div(total * w, wsum), places)
        out.append(share)
    return out


def split(rule: ir.PoolRule | ir.SharesRule, total: Decimal, weights: Sequence[Decimal], places: int,
          tie_order: Sequence[int]) -> list[Decimal]:
    if rule.rounding is ShareRounding.EACH:
        return each_half_up(total, weights, places)
    return allocate(total, weights, places, tie_order)


def _ranking(ctx: Ctx, rule: ir.PoolRule, members: list[RecordData], label: str,
             earlier: dict[str, Sorted] | None) -> list[int]:
    """The members' positions for breaking ties: by the distribution the pool's coefficients come
    from (its keys, best first; `earlier`: as a rank sorted them), else by the exact total (higher
    first); then by record id."""
    source = _source(ctx, rule)
    if earlier is not None and earlier[label].members is members:
        return earlier[label].positions()
    if source is not None:
        return sort_group(ctx, source, source.keys, label, members).positions()
    return sorted(range(len(members)), key=lambda i: (-members[i].total_exact, members[i].id))


def _source(ctx: Ctx, rule: ir.PoolRule) -> ir.DistributeRule | None:
    """The distribution the pool's coefficients come from, if they come from one."""
    coef = next((r for r in ctx.interp.ir.rules if r.name == rule.by), None)
    source = next((r for r in ctx.interp.ir.rules if isinstance(coef, ir.CoefficientRule) and r.name == coef.source), None)
    return source if isinstance(source, ir.DistributeRule) else None


def pool(ctx: Ctx, rule: ir.PoolRule) -> None:
    source = _source(ctx, rule)
    earlier = cached_sort(ctx, source.keys, rule.within) if source is not None and source.within == rule.within else None
    name = rule.name
    for label, members in groups(ctx, rule.within):
        amount = _group_amount(ctx, rule, members, label)
        coefs, vetoed = _weights(ctx, rule, members)
        paid = split(rule, amount, coefs, rule.places, _ranking(ctx, rule, members, label, earlier))
        set_column(members, name, paid)
        if ctx.traced:
            _explain_pool(ctx, rule, label, amount, members, coefs, paid, vetoed)


def _weights(ctx: Ctx, rule: ir.PoolRule, members: list[RecordData]) -> tuple[list[Decimal], list[Decimal]]:
    """Each member's weight in the pool: its coefficient (times its proration), 0 for a member a
    `no bonus` veto leaves out of every pool; and the coefficients left out (explain lists them)."""
    by = rule.by
    if rule.prorate is None:  # the common case, in one pass (None: a member left out)
        read = [r.population[by] if r.bonus_eligible else None for r in members]
        if all(map(operator.is_not, read, itertools.repeat(None))):  # (`None in`: == on each Decimal)
            return cast(list[Decimal], read), []
    coefs = []
    vetoed: list[Decimal] = []
    for r in members:
        c = r.population.get(by)
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
    return coefs, vetoed


def _explain_pool(ctx: Ctx, rule: ir.PoolRule, label: str, amount: Decimal, members: list[RecordData],
                  coefs: list[Decimal], paid: list[Decimal], vetoed: list[Decimal]) -> None:
    csum = sum(coefs, ZERO)
    paid_total = None
    for r, c, s in zip(members, coefs, paid, strict=True):
        if ctx.wants(r):
            exact = div(amount * c, csum) if csum else ZERO
            paid_total = sum(paid, ZERO) if paid_total is None else paid_total  # once, not once per record
            ctx.emit(r, Ev.POOL, rule, result=s, amount=amount, group=label, size=len(members), total_weight=csum,
                     weight=c, exact=exact, paid=paid_total, withheld=not r.bonus_eligible, vetoed=tuple(vetoed))


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
        #: The share of each rank: the positions its tied records occupy, split equally.
        by_share = {rank: div(sum((table.get(p, ZERO) for p in range(rank, rank + len(tied))), ZERO), Decimal(len(tied)))
                    for rank, tied in by_rank.items()}
        # a `no bonus` veto: its position's share is withheld
        weights = [by_share[_rank_of(r, rule.by)] if r.bonus_eligible else ZERO for r in members]
        by_position = sorted(range(len(members)), key=lambda i: (_rank_of(members[i], rule.by), members[i].id))
        amounts = split(rule, sum(weights, ZERO) * amount, weights, rule.places, by_position)
        for r, w, a in zip(members, weights, amounts, strict=True):
            set_value(r, rule.name, a)
            if ctx.traced and ctx.wants(r):
                rank = _rank_of(r, rule.by)
                ctx.emit(r, Ev.SHARES, rule, result=a, rank=rank, group=label, share=w, amount=amount,
                         tied=len(by_rank[rank]), withheld=not r.bonus_eligible)


def normalise(ctx: Ctx, rule: ir.NormaliseRule) -> None:
    """Seed 003's normalisation, computed exactly (rationals, as integer pairs per record); a step
    the rule rounds (`round average 2`) is rounded half-up there, every other step is kept exact and
    the result is rounded once (Q20) at the end, so two employees whose normalised scores are equal
    are equal (and tie in a later rank). Each step is kept in the record's values as
    `NAME.average`, `NAME.ratio`, `NAME.first`, `NAME.department`, `NAME.weight`, `NAME.cap`,
    `NAME.rooted`."""
    if not ctx.records:
        return  # every record of the period is excluded
    earlier = cached_sort(ctx, (rule.key,), rule.within)  # a rank by the same key read the scores
    parts = (earlier.values() if earlier is not None else
             (sort_group(ctx, rule, (rule.key,), label, members, ordered=False) for label, members in groups(ctx, rule.within)))
    depts = [_department(ctx, rule, group) for group in parts]
    lowest = min(d.score for d in depts)
    if lowest <= 0:
        raise PopulationError("K-R0313", msg.department_scores_positive(rule=rule.name), rule.weight.span)
    unrooted = {d.label: _step(rule, "weight", Fraction(d.score) / Fraction(lowest)) for d in depts}
    # The first adjustment is monotonic in the score within a department (score x a constant, then
    # perhaps rounded), so the highest and lowest are those of the department's extreme scores.
    firsts = [Fraction(*d.first(n)) for d in depts for n in (d.low, d.high)]
    hi, lo = max(firsts), min(firsts)
    cap = _step(rule, "cap", (hi + lo) / (2 * lo)) if lo > 0 else None
    rooted = cap is not None and max(unrooted.values()) > cap
    weights = {d: _step(rule, "weight", Fraction(sqrt_q20(w))) for d, w in unrooted.items()} if rooted else unrooted
    facts = _NormaliseFacts(lowest, q20(cap) if cap is not None else None, rooted)
    for d in depts:
        _normalise_department(ctx, rule, d, weights[d.label], q20(unrooted[d.label]), facts)


def _step(rule: ir.NormaliseRule, name: str, value: Fraction) -> Fraction:
    """A step's value: rounded half-up where the rule rounds that step, else exact."""
    places = rule.places(name)
    return Fraction(round_half_up(q20(value), places)) if places is not None else value


@dataclass(frozen=True)
class _NormaliseFacts:
    """What every department's records are told about the whole period."""

    lowest: Decimal
    cap: Decimal | None
    rooted: bool


@dataclass(frozen=True)
class _Department:
    """One department's part of a normalisation: its members' scores, average and ratio."""

    rule: ir.NormaliseRule
    #: The members by score: each block of equal scores, its score as the first of its records has it.
    group: Sorted
    scores: list[Decimal]
    avg: Fraction
    ratio: Fraction
    score: Decimal  # the department's score (its weight's numerator)

    @property
    def label(self) -> str:
        return self.group.label

    @property
    def low(self) -> Decimal:
        return min(self.scores)

    @property
    def high(self) -> Decimal:
        return max(self.scores)

    def first(self, score: Decimal) -> tuple[int, int]:
        """The first-adjusted score as numerator and denominator (not reduced, the denominator not 0)."""
        p, q = score.as_integer_ratio()
        if self.rule.places("ratio") is not None:
            n, d = p * self.ratio.numerator, q * self.ratio.denominator
        else:  # score x 100 / average in that order (one division, at the end)
            n, d = p * 100 * self.avg.denominator, q * self.avg.numerator
        places = self.rule.places("first")
        return round_half_up(q20_ratio(n, d), places).as_integer_ratio() if places is not None else (n, d)


def _department(ctx: Ctx, rule: ir.NormaliseRule, group: Sorted) -> _Department:
    label, members = group.label, group.members
    numbers_only(rule, group, rule.key.span)
    scores = [cast(Decimal, v[0]) for v in group.keys]
    # Exact (sums are never rounded), so adding each score times its count is adding them all.
    avg = _step(rule, "average", Fraction(sum((s * len(at) for s, at in zip(scores, group.at, strict=True)), ZERO)) / len(members))
    if avg == 0:
        raise PopulationError("K-R0313", msg.average_zero(rule=rule.name, group=label), rule.key.span)
    ratio = _step(rule, "ratio", 100 / avg)
    score = one_per_group(ctx, rule, rule.weight, members, label, "K-R0313", msg.the_department_score(),
                          msg.department_score_hint())
    return _Department(rule, group, scores, avg, ratio, score)


def _normalise_department(ctx: Ctx, rule: ir.NormaliseRule, dept: _Department, w: Fraction, unrooted: Decimal,
                          facts: _NormaliseFacts) -> None:
    """Each member's normalised score and steps; the steps shared by the department once, each
    score's own (first adjustment, result) once per distinct score."""
    name = rule.name
    first_key = f"{name}.first"
    # In the order records have always listed them (the first adjustment is each record's own).
    shared = {f"{name}.average": q20(dept.avg), f"{name}.ratio": q20(dept.ratio), first_key: None,
              f"{name}.department": dept.score, f"{name}.weight": q20(w), f"{name}.cap": facts.cap,
              f"{name}.rooted": facts.rooted}
    firsts, values = [], []
    for score in dept.scores:
        n, d = dept.first(score)
        firsts.append(q20_ratio(n, d))
        values.append(_result(rule, n * w.numerator, d * w.denominator))
    members = dept.group.members
    for r, value, first in zip(members, dept.group.by_member(values), dept.group.by_member(firsts), strict=True):
        r.population[name] = value
        env = r.env
        assert env is not None
        env[name] = value
        env.update(shared)
        env[first_key] = first
    if ctx.traced:
        for first, value, (_, block) in zip(firsts, values, dept.group.blocks(), strict=True):
            _explain_normalised(ctx, rule, dept, block, (first, value, unrooted), facts)


def _explain_normalised(ctx: Ctx, rule: ir.NormaliseRule, dept: _Department, block: list[RecordData],
                        found: tuple[Decimal, Decimal, Decimal], facts: _NormaliseFacts) -> None:
    first, value, unrooted = found
    name = rule.name
    for r in block:
        if ctx.wants(r):
            assert r.env is not None
            avg, ratio, weight = r.env[f"{name}.average"], r.env[f"{name}.ratio"], r.env[f"{name}.weight"]
            score = ctx.value(rule.key.formula, r.env)  # the record's own score (1.0 and 1.00 are one block)
            ctx.emit(r, Ev.NORMALISE_FIRST, rule, result=first, group=dept.label, average=avg, score=score, ratio=ratio)
            ctx.emit(r, Ev.NORMALISE_WEIGHT, rule, 1, weight, department=dept.score, lowest=facts.lowest, cap=facts.cap,
                     rooted=facts.rooted, unrooted=unrooted)
            ctx.emit(r, Ev.NORMALISE_RESULT, rule, 1, value, first=first, weight=weight)


def _result(rule: ir.NormaliseRule, num: int, den: int) -> Decimal:
    """A normalised score num / den: half-up where the rule rounds its result, else its Q20 value."""
    places = rule.places("result")
    return round_half_up(q20_ratio(num, den), places) if places is not None else q20_ratio(num, den)
