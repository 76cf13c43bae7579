"""Ranks, percentiles and forced distribution (强制分布) within groups of records."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from kpidsl import ir
from kpidsl.choices import Boundary, DistMode, Rounding, VetoEffect
from kpidsl.numbers import HUNDRED, round_half_up
from kpidsl.outcome import RecordData
from kpidsl.trace import Ev

from . import Ctx, competition_ranks, groups, key_values, number, order, set_value
from .numbers import div


def rank(ctx: Ctx, rule: ir.RankRule) -> None:
    for label, members in groups(ctx, rule.within):
        values = key_values(ctx, rule, rule.keys, members)
        ranks = competition_ranks(order(rule.keys, values, members), values)
        ties = Counter(ranks.values())
        for r in members:
            set_value(r, rule.name, Decimal(ranks[r.id]))
            if ctx.wants(r):
                ctx.emit(r, Ev.RANK, rule, result=Decimal(ranks[r.id]), size=len(members), group=label, keys=values[r.id],
                         tied=ties[ranks[r.id]] - 1)


def percentile(ctx: Ctx, rule: ir.PercentileRule) -> None:
    for label, members in groups(ctx, rule.within):
        values = key_values(ctx, rule, (rule.key,), members)
        size = len(members)
        nums = {r.id: number(rule, r, values[r.id][0], rule.key.span) for r in members}
        ascending = sorted(nums.values())
        for r in members:
            v = nums[r.id]
            # Strictly lower = strictly below for `desc` keys, strictly above for `asc` ones.
            lower = bisect.bisect_left(ascending, v) if rule.key.descending else size - bisect.bisect_right(ascending, v)
            pct = HUNDRED if size == 1 else div(Decimal(lower) * HUNDRED, Decimal(size - 1))
            set_value(r, rule.name, pct)
            ctx.emit(r, Ev.PERCENTILE, rule, result=pct, lower=lower, size=size, group=label)


def headcounts(size: int, quotas: Sequence[Decimal], rounding: str) -> list[int]:
    """Whole people per grade for a group of `size`, adding up to `size` exactly."""
    exact = [Decimal(size) * q for q in quotas]
    if rounding == Rounding.HALF_UP:
        counts = [int(round_half_up(e, 0)) for e in exact]
        diff = size - sum(counts)
        by_quota = sorted(range(len(quotas)), key=lambda i: (-quotas[i], i))
        for i in by_quota:  # the difference goes to (or comes from) the grade with the largest quota
            if diff == 0:
                break
            take = max(diff, -counts[i])
            counts[i] += take
            diff -= take
        return counts
    counts = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = size - sum(counts)
    by_remainder = sorted(range(len(quotas)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[:left]:
        counts[i] += 1
    return counts


def veto_grade(record: RecordData) -> str | None:
    """The grade a fired `-> grade` veto set (the first such veto, as the grade step takes it), or None."""
    return next((v.grade for v in record.vetoes if v.effect == VetoEffect.GRADE.value), None)


def places_left(counts: Sequence[int], labels: Sequence[str], taken: Sequence[str]) -> list[int]:
    """The headcounts left for the ranked records once each vetoed record has taken one place of
    its veto grade. When more records are vetoed to a grade than it has places, the extra places
    come out of the nearest better grade that has one left (then the nearest worse): the better
    grades never gain a place because of a veto."""
    left = list(counts)
    for grade in taken:
        i = labels.index(grade)
        nearest = [i, *range(i - 1, -1, -1), *range(i + 1, len(left))]
        j = next(k for k in nearest if left[k] > 0)
        left[j] -= 1
    return left


def distribute(ctx: Ctx, rule: ir.DistributeRule) -> None:
    """Forced distribution. A record a `-> grade` veto graded takes that grade here too, whatever
    its score: it is not ranked for the better grades, and it fills one place of its veto grade's
    headcount (the quotas are the whole group's, as HR counts them); a veto grade the distribution
    does not list leaves the record outside the quotas. Everyone else is ranked into the places left."""
    labels = [q.label for q in rule.quotas]
    quotas = [q.value for q in rule.quotas]
    for label, members in groups(ctx, rule.within):
        vetoed = {r.id: g for r in members if (g := veto_grade(r)) is not None}
        for r in members:
            if r.id in vetoed:
                _assign(ctx, rule, r, vetoed[r.id], labels)
                ctx.emit(r, Ev.DIST_VETO, rule, result=vetoed[r.id], group=label, size=len(members),
                         veto=next(v.label for v in r.vetoes if v.grade == vetoed[r.id]), counted=vetoed[r.id] in labels)
        ranked = [r for r in members if r.id not in vetoed]
        size = len(members) - sum(1 for g in vetoed.values() if g not in labels)
        if rule.min_group is not None and size < rule.min_group:
            for r in ranked:
                grade = r.grade if rule.fallback == "bands" else rule.fallback
                _assign(ctx, rule, r, grade, labels)
                ctx.emit(r, Ev.DIST_FALLBACK, rule, result=grade, group=label, size=size)
            continue
        counts = headcounts(size, quotas, rule.rounding)
        left = places_left(counts, labels, [g for g in vetoed.values() if g in labels])
        values = key_values(ctx, rule, rule.keys, ranked)
        ordered = order(rule.keys, values, ranked)
        bounds = []  # grade index for each position
        for i, c in enumerate(left):
            bounds.extend([i] * c)
        pos = 0
        while pos < len(ordered):
            block = [ordered[pos]]
            while pos + len(block) < len(ordered) and values[ordered[pos + len(block)].id] == values[ordered[pos].id]:
                block.append(ordered[pos + len(block)])
            for j, r in enumerate(block):
                if rule.boundary is Boundary.HIGHER:
                    gi = bounds[pos]
                elif rule.boundary is Boundary.LOWER:
                    gi = bounds[pos + len(block) - 1]
                else:
                    gi = bounds[pos + j]
                _assign(ctx, rule, r, labels[gi], labels)
                if ctx.wants(r):
                    taken = tuple(c - k for c, k in zip(counts, left, strict=True))
                    _explain_position(ctx, rule, r, (size, label, tuple(counts), taken), gi, pos, j, block, bounds,
                                      values[r.id], _given(rule, ordered, values, bounds))
            pos += len(block)


def _given(rule: ir.DistributeRule, ordered: list[RecordData], values: dict[str, tuple[object, ...]],
           bounds: list[int]) -> list[int]:
    """Each position's grade index as assigned (the explain facts' positions; session 7: the
    positions a grade was given, not its quota's, where a tie across a line moved them)."""
    out: list[int] = []
    pos = 0
    while pos < len(ordered):
        n = 1
        while pos + n < len(ordered) and values[ordered[pos + n].id] == values[ordered[pos].id]:
            n += 1
        for j in range(n):
            if rule.boundary is Boundary.HIGHER:
                out.append(bounds[pos])
            elif rule.boundary is Boundary.LOWER:
                out.append(bounds[pos + n - 1])
            else:
                out.append(bounds[pos + j])
        pos += n
    return out


def _explain_position(ctx: Ctx, rule: ir.DistributeRule, r: RecordData,
                      group: tuple[int, str, tuple[int, ...], tuple[int, ...]], gi: int, pos: int, j: int,
                      block: list[RecordData], bounds: list[int], keys: tuple[object, ...], given: list[int]) -> None:
    size, label, counts, taken = group
    labels = [q.label for q in rule.quotas]
    ctx.emit(r, Ev.DIST_HEADCOUNTS, rule, size=size, group=label, counts=counts, taken=taken,
             given=tuple(given.count(i) + taken[i] for i in range(len(labels))))
    crossed = tuple(dict.fromkeys(labels[bounds[pos + k]] for k in range(len(block))))
    first = given.index(gi) + 1
    last = first + given.count(gi) - 1
    facts = {"position": pos + j + 1, "keys": keys, "first": first, "last": last}
    if len(block) > 1 and len(crossed) > 1:
        ctx.emit(r, Ev.DIST_TIE, rule, 1, labels[gi], tie=(pos + 1, pos + len(block)), crossed=crossed, **facts)
    else:
        ctx.emit(r, Ev.DIST_POSITION, rule, 1, labels[gi], **facts)


def _assign(ctx: Ctx, rule: ir.DistributeRule, r: RecordData, grade: str | None, labels: list[str]) -> None:
    set_value(r, rule.name, grade)
    if rule.mode is DistMode.REPLACE and grade is not None:
        _regrade(r, grade)
    elif rule.mode is DistMode.CAP and grade is not None and r.grade in labels:
        worse = labels[max(labels.index(grade), labels.index(r.grade))]
        if worse != r.grade:
            ctx.emit(r, Ev.GRADE_CAPPED, rule, result=worse, before=r.grade)
        _regrade(r, worse)


def _regrade(r: RecordData, grade: str) -> None:
    """The record's grade, as results and later formulas (`grade` in a field) read it."""
    r.grade = grade
    if r.env is not None:
        r.env["grade"] = grade
