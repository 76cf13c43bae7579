"""Ranks, percentiles and forced distribution (强制分布) within groups of records."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from ... import ir
from ...choices import Boundary, DistMode, Rounding, VetoEffect
from ...numbers import HUNDRED, div, round_half_up
from ...outcome import RecordData
from ...trace import Ev
from ...values import Value
from . import Block, Ctx, Sorted, cached_sort, groups, key_values, numbers_only, set_blocks, set_value, sort_group, sorted_groups


def rank(ctx: Ctx, rule: ir.RankRule) -> None:
    """Competition ranking (1, 2, 2, 4): each block of ties takes the place of its first record."""
    for group in sorted_groups(ctx, rule, rule.keys, rule.within):
        places, place = [], 1
        for at in group.at:
            places.append(Decimal(place))
            place += len(at)
        set_blocks(group, rule.name, places)
        if ctx.traced:
            _explain_rank(ctx, rule, group, places)


def _explain_rank(ctx: Ctx, rule: ir.RankRule, group: Sorted, places: list[Decimal]) -> None:
    keys = group.keys_of()
    for place, (_, block) in zip(places, group.blocks(), strict=True):
        for r in block:
            if ctx.wants(r):
                ctx.emit(r, Ev.RANK, rule, result=place, size=len(group.members), group=group.label,
                         keys=keys[r.id], tied=len(block) - 1)


def percentile(ctx: Ctx, rule: ir.PercentileRule) -> None:
    """The share of the group's other records ranked strictly lower: those after the record's
    block of ties in the best-first order (strictly below for `desc` keys, above for `asc`)."""
    for group in sorted_groups(ctx, rule, (rule.key,), rule.within):
        numbers_only(rule, group, rule.key.span)  # a percentile needs numbers
        size = len(group.members)
        pcts, lowers, end = [], [], 0
        for at in group.at:
            end += len(at)
            lowers.append(size - end)
            pcts.append(HUNDRED if size == 1 else div(Decimal(size - end) * HUNDRED, Decimal(size - 1)))
        set_blocks(group, rule.name, pcts)
        if ctx.traced:
            for pct, lower, (_, block) in zip(pcts, lowers, group.blocks(), strict=True):
                for r in block:
                    if ctx.wants(r):
                        ctx.emit(r, Ev.PERCENTILE, rule, result=pct, lower=lower, size=size, group=group.label)


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
    if not record.vetoes:
        return None
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
    earlier = cached_sort(ctx, rule.keys, rule.within)  # a rank by the same keys sorted the groups
    grading = any(v.effect is VetoEffect.GRADE for v in ctx.interp.ir.vetoes)  # else no record is vetoed to a grade
    for label, members in groups(ctx, rule.within):
        vetoed = {r.id: g for r in members if r.vetoes and (g := veto_grade(r)) is not None} if grading else {}
        for r in members:
            if r.id in vetoed:
                _assign(ctx, rule, r, vetoed[r.id], labels)
                ctx.emit(r, Ev.DIST_VETO, rule, result=vetoed[r.id], group=label, size=len(members),
                         veto=next(v.label for v in r.vetoes if v.grade == vetoed[r.id]), counted=vetoed[r.id] in labels)
        ranked = [r for r in members if r.id not in vetoed] if vetoed else members
        size = len(members) - sum(1 for g in vetoed.values() if g not in labels)
        if rule.min_group is not None and size < rule.min_group:
            for r in ranked:
                grade = r.grade if rule.fallback == "bands" else rule.fallback
                _assign(ctx, rule, r, grade, labels)
                ctx.emit(r, Ev.DIST_FALLBACK, rule, result=grade, group=label, size=size)
            continue
        counts = headcounts(size, quotas, rule.rounding)
        left = places_left(counts, labels, [g for g in vetoed.values() if g in labels])
        bounds = []  # grade index for each position
        for i, c in enumerate(left):
            bounds.extend([i] * c)
        group = earlier[label] if earlier is not None else sort_group(ctx, rule, rule.keys, label, ranked)
        if earlier is not None and vetoed:  # a vetoed record's place is not ranked (its keys may be missing)
            blocks = [(k, kept) for k, block in group.blocks() if (kept := [r for r in block if r.id not in vetoed])]
        elif rule.mode is DistMode.SEPARATE and rule.boundary is not Boundary.STRICT and not ctx.traced:
            # the common case: nothing but a grade for each block of ties to set
            set_blocks(group, rule.name, _block_grades(rule, group.at, bounds, labels))
            continue
        else:
            blocks = group.blocks()
        _grade_blocks(ctx, rule, blocks, bounds, labels)
        if ctx.traced:
            taken = tuple(c - k for c, k in zip(counts, left, strict=True))
            _explain_positions(ctx, rule, ranked, blocks, (size, label, tuple(counts), taken), bounds)


def _block_grades(rule: ir.DistributeRule, blocks: list[list[int]], bounds: list[int], labels: list[str]) -> list[str]:
    """The grade of each block of ties (best first) that takes one (`boundary higher` or `lower`)."""
    grades, pos = [], 0
    for block in blocks:
        grades.append(labels[_grade_at(rule, bounds, pos, 0, len(block))])
        pos += len(block)
    return grades


def _grade_blocks(ctx: Ctx, rule: ir.DistributeRule, blocks: list[Block], bounds: list[int], labels: list[str]) -> None:
    """Each record its grade by its position, best first; a block of ties across a quota line
    takes its first position's grade (`boundary higher`), its last's (`lower`), or each its own."""
    pos = 0
    for _, block in blocks:
        n = len(block)
        if rule.boundary is Boundary.STRICT:
            for j, r in enumerate(block):
                _assign(ctx, rule, r, labels[bounds[pos + j]], labels)
        else:
            grade = labels[_grade_at(rule, bounds, pos, 0, n)]
            for r in block:
                _assign(ctx, rule, r, grade, labels)
        pos += n


def _explain_positions(ctx: Ctx, rule: ir.DistributeRule, ranked: list[RecordData], blocks: list[Block],
                       facts: tuple[int, str, tuple[int, ...], tuple[int, ...]], bounds: list[int]) -> None:
    keys: dict[str, tuple[Value, ...]] | None = None
    given: list[int] | None = None  # each position's grade as assigned (ties across a line move it)
    pos = 0
    for _, block in blocks:
        for j, r in enumerate(block):
            if ctx.wants(r):
                if keys is None:  # the ranked records' own key values (a vetoed record's are never read)
                    keys = key_values(ctx, rule, rule.keys, ranked)
                if given is None:
                    given = _given(rule, blocks, bounds)
                gi = _grade_at(rule, bounds, pos, j, len(block))
                _explain_position(ctx, rule, r, facts, gi, pos, j, block, bounds, keys[r.id], given)
        pos += len(block)


def _given(rule: ir.DistributeRule, blocks: list[Block], bounds: list[int]) -> list[int]:
    """The grade index each position was given, best first: the quota's (`bounds`), except where a
    block of ties across a quota line took one grade (`boundary higher` or `lower`)."""
    out: list[int] = []
    pos = 0
    for _, block in blocks:
        out += [_grade_at(rule, bounds, pos, j, len(block)) for j in range(len(block))]
        pos += len(block)
    return out


def _grade_at(rule: ir.DistributeRule, bounds: list[int], pos: int, j: int, n: int) -> int:
    """The grade index of the `j`th record of a block of `n` ties at position `pos`."""
    if rule.boundary is Boundary.HIGHER:
        return bounds[pos]
    if rule.boundary is Boundary.LOWER:
        return bounds[pos + n - 1]
    return bounds[pos + j]


def _explain_position(ctx: Ctx, rule: ir.DistributeRule, r: RecordData,
                      group: tuple[int, str, tuple[int, ...], tuple[int, ...]], gi: int, pos: int, j: int,
                      block: list[RecordData], bounds: list[int], keys: tuple[object, ...], given: list[int]) -> None:
    size, label, counts, taken = group
    labels = [q.label for q in rule.quotas]
    # how many people each grade was given: the quota's, unless a tie across a line moved it
    got = tuple(given.count(i) + taken[i] for i in range(len(labels)))
    ctx.emit(r, Ev.DIST_HEADCOUNTS, rule, size=size, group=label, counts=counts, taken=taken, given=got)
    crossed = tuple(dict.fromkeys(labels[bounds[pos + k]] for k in range(len(block))))
    first = given.index(gi) + 1  # the positions that were given this grade, not the quota's
    last = first + given.count(gi) - 1
    facts = {"position": pos + j + 1, "keys": keys, "first": first, "last": last}
    if len(block) > 1 and len(crossed) > 1:
        ctx.emit(r, Ev.DIST_TIE, rule, 1, labels[gi], tie=(pos + 1, pos + len(block)), crossed=crossed, **facts)
    else:
        ctx.emit(r, Ev.DIST_POSITION, rule, 1, labels[gi], **facts)


def _assign(ctx: Ctx, rule: ir.DistributeRule, r: RecordData, grade: str | None, labels: list[str]) -> None:
    set_value(r, rule.name, grade)
    if rule.mode is DistMode.SEPARATE:
        return
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
