"""The population stage: rules that need every record of the period, run after each is scored.

Rules run in the order the scheme writes them; each adds one output per record (a rank, a
percentile, a distributed grade, a coefficient, a share of a pool, a normalised score) that later
rules and the results can use. Every choice that decides money is explicit and exact:

- rank: competition ranking (1, 2, 2, 4) by the key, then by the declared tie-breakers;
- percentile: the share of the other members of the group that rank strictly lower, x 100;
- distribute: headcounts per grade from the quotas, by largest remainder (floors, then the largest
  fractional parts, better grades first on equal parts: 33.3/33.4/33.3% of 4 gives 1/2/1) or half-up
  (each rounded, the difference taken from or given to the grade with the largest quota); records
  tied on every key across a quota boundary all take the better grade (`boundary higher`), the
  worse (`lower`), or are split by record id (`strict`); groups smaller than `min_group` fall back;
- pool: share = pool x coefficient / sum of coefficients, exact, then rounded to `places` by
  largest remainder so the shares add up to the pool (rounded to `places`) exactly;
- shares by rank: records tied on a rank share the positions they occupy equally;
- normalise (seed 003): score x 100 / department average; department weight = department score /
  lowest department score; if the largest weight exceeds (max + min) / (2 x min) of the first
  adjusted scores, every weight is replaced by its square root; result = first score x weight.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from . import nodes as n
from .compiler import Compiled, Env
from .errors import Diagnostic, KpiEvalError, Severity
from .evaluator import Plan
from .numbers import HUNDRED, ZERO, fmt_display, fmt_percent, fmt_plain, quantum, round_half_up
from .outcome import RecordData
from .source import Span
from .trace import TraceEvent
from .values import Value, describe


class PopulationError(Exception):
    def __init__(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, span, Severity.ERROR, (hint,) if hint else ())


@dataclass
class _Ctx:
    plan: Plan
    records: list[RecordData]
    target: str | None  # the record whose explain trace receives events
    history: dict[tuple[str, str], Env] | None = None  # (id, period) -> environment, earlier periods
    unit: str | None = None

    def emit(self, record: RecordData, detail: str, span: Span | None, note: str | None = None, depth: int = 0) -> None:
        if record.id == self.target and record.trace is not None:
            record.trace.append(TraceEvent("population", "population", detail, None, note, span, depth))


def run_population(plan: Plan, records: list[RecordData], target: str | None = None,
                   history: dict[tuple[str, str], Env] | None = None, unit: str | None = None) -> None:
    """Apply the scheme's population rules to all records (of one period), in place.

    Raises:
        KpiEvalError: a key or amount is missing or inconsistent within a group.
    """
    rules = plan.scheme.population
    if not rules:
        return
    ctx = _Ctx(plan, records, target, history, unit)
    compiled: dict[int, Compiled] = {}

    def fn(e: n.Expr) -> Compiled:
        f = compiled.get(id(e))
        if f is None:
            f = compiled[id(e)] = plan.compiler.expr(e)
        return f

    try:
        for rule in rules:
            match rule:
                case n.RankRule():
                    _rank(ctx, rule, fn)
                case n.PercentileRule():
                    _percentile(ctx, rule, fn)
                case n.DistributeRule():
                    _distribute(ctx, rule, fn)
                case n.CoefficientRule():
                    _coefficient(ctx, rule)
                case n.PoolRule():
                    _pool(ctx, rule, fn)
                case n.SharesRule():
                    _shares(ctx, rule, fn)
                case n.NormaliseRule():
                    _normalise(ctx, rule, fn)
                case n.FlagRule():
                    _flag(ctx, rule, fn)
                case n.RollupRule():
                    _rollup(ctx, rule, fn)
    except PopulationError as exc:
        raise KpiEvalError([exc.diagnostic]) from None


# ------------------------------------------------------------------------------ helpers


def _set(record: RecordData, name: str, value: Value) -> None:
    record.population[name] = value
    assert record.env is not None
    record.env[name] = value


def _groups(ctx: _Ctx, within: n.Within | None) -> list[tuple[str, list[RecordData]]]:
    """Records split by the `within` columns, in a stable order (group label, then input order)."""
    if within is None:
        return [("all", ctx.records)]
    out: dict[tuple[str, ...], list[RecordData]] = {}
    for r in ctx.records:
        assert r.env is not None
        key = tuple("" if r.env.get(c) is None else str(r.env.get(c)) for c in within.columns)
        out.setdefault(key, []).append(r)
    return [(", ".join(f"{c}={v}" for c, v in zip(within.columns, key, strict=True)), members)
            for key, members in sorted(out.items())]


def _key_values(ctx: _Ctx, rule: n.Definition, keys: Sequence[n.SortKey], fn: Callable[[n.Expr], Compiled],
                members: list[RecordData]) -> dict[str, tuple[Value, ...]]:
    values: dict[str, tuple[Value, ...]] = {}
    for r in members:
        assert r.env is not None
        row = []
        for k in keys:
            v = fn(k.expr)(r.env)
            if v is None:
                raise PopulationError("K-R0310", f"record '{r.id}': the key of '{rule.name}' is missing", k.span,
                                      "every record needs a value for the keys it is ranked by")
            row.append(v)
        values[r.id] = tuple(row)
    return values


def _number(rule: n.Definition, record: RecordData, value: Value, span: Span) -> Decimal:
    if not isinstance(value, Decimal):
        raise PopulationError("K-R0310", f"record '{record.id}': '{rule.name}' needs a number, not {describe(value)}", span)
    return value


def _rank_of(record: RecordData, rule_name: str) -> int:
    value = record.population.get(rule_name)
    assert isinstance(value, Decimal)
    return int(value)


def _order(keys: Sequence[n.SortKey], values: dict[str, tuple[Value, ...]], members: list[RecordData]) -> list[RecordData]:
    """Best first; records equal on every key keep a stable order by id."""

    def cmp(a: RecordData, b: RecordData) -> int:
        for k, x, y in zip(keys, values[a.id], values[b.id], strict=True):
            if x == y:
                continue
            better = x > y if k.descending else x < y  # type: ignore[operator]
            return -1 if better else 1
        return (a.id > b.id) - (a.id < b.id)

    return sorted(members, key=functools.cmp_to_key(cmp))


def _key_text(keys: Sequence[n.SortKey], vals: tuple[Value, ...]) -> str:
    from .printer import format_expr

    return ", ".join(f"{format_expr(k.expr)} {describe(v)}" for k, v in zip(keys, vals, strict=True))


def _competition_ranks(ordered: list[RecordData], values: dict[str, tuple[Value, ...]]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for i, r in enumerate(ordered):
        if i > 0 and values[r.id] == values[ordered[i - 1].id]:
            ranks[r.id] = ranks[ordered[i - 1].id]
        else:
            ranks[r.id] = i + 1
    return ranks


# ------------------------------------------------------------------------------ rules


def _rank(ctx: _Ctx, rule: n.RankRule, fn: Callable[[n.Expr], Compiled]) -> None:
    keys = (rule.key, *rule.ties)
    for label, members in _groups(ctx, rule.within):
        values = _key_values(ctx, rule, keys, fn, members)
        ordered = _order(keys, values, members)
        ranks = _competition_ranks(ordered, values)
        ties = Counter(ranks.values())
        for r in members:
            _set(r, rule.name, Decimal(ranks[r.id]))
            if r.id == ctx.target:
                tied = ties[ranks[r.id]] - 1
                ctx.emit(r, f"{rule.name}: rank {ranks[r.id]} of {len(members)} in {label} by {_key_text(keys, values[r.id])}",
                         rule.span, f"tied with {tied} other(s)" if tied else None)


def _percentile(ctx: _Ctx, rule: n.PercentileRule, fn: Callable[[n.Expr], Compiled]) -> None:
    for label, members in _groups(ctx, rule.within):
        values = _key_values(ctx, rule, (rule.key,), fn, members)
        size = len(members)
        nums = {r.id: _number(rule, r, values[r.id][0], rule.key.span) for r in members}
        ascending = sorted(nums.values())
        for r in members:
            v = nums[r.id]
            # Strictly lower = strictly below for `desc` keys, strictly above for `asc` ones.
            lower = bisect.bisect_left(ascending, v) if rule.key.descending else size - bisect.bisect_right(ascending, v)
            pct = HUNDRED if size == 1 else Decimal(lower) * HUNDRED / Decimal(size - 1)
            _set(r, rule.name, pct)
            ctx.emit(r, f"{rule.name}: {lower} of the other {size - 1} in {label} rank lower -> percentile {fmt_display(pct)}",
                     rule.span)


def headcounts(size: int, quotas: Sequence[Decimal], rounding: str) -> list[int]:
    """Whole people per grade for a group of `size`, adding up to `size` exactly."""
    exact = [Decimal(size) * q for q in quotas]
    if rounding == "half_up":
        counts = [int(round_half_up(e, 0)) for e in exact]
        diff = size - sum(counts)
        order = sorted(range(len(quotas)), key=lambda i: (-quotas[i], i))
        for i in order:  # the difference goes to (or comes from) the grade with the largest quota
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


def _distribute(ctx: _Ctx, rule: n.DistributeRule, fn: Callable[[n.Expr], Compiled]) -> None:
    labels = [q.label for q in rule.quotas]
    quotas = [q.value for q in rule.quotas]
    keys = (rule.key, *rule.ties)
    for label, members in _groups(ctx, rule.within):
        size = len(members)
        if rule.min_group is not None and size < rule.min_group:
            for r in members:
                grade = r.grade if rule.fallback == "bands" else rule.fallback
                _assign(ctx, rule, r, grade, labels)
                ctx.emit(r, f"{rule.name}: {label} has {size} people, fewer than {rule.min_group}, so no quotas apply: "
                         f"{'the absolute grade ' if rule.fallback == 'bands' else ''}{grade}", rule.span)
            continue
        counts = headcounts(size, quotas, rule.rounding)
        values = _key_values(ctx, rule, keys, fn, members)
        ordered = _order(keys, values, members)
        bounds = []  # grade index for each position
        for i, c in enumerate(counts):
            bounds.extend([i] * c)
        pos = 0
        while pos < len(ordered):
            block = [ordered[pos]]
            while pos + len(block) < len(ordered) and values[ordered[pos + len(block)].id] == values[ordered[pos].id]:
                block.append(ordered[pos + len(block)])
            for j, r in enumerate(block):
                if rule.boundary == "higher":
                    gi = bounds[pos]
                elif rule.boundary == "lower":
                    gi = bounds[pos + len(block) - 1]
                else:
                    gi = bounds[pos + j]
                grade = labels[gi]
                _assign(ctx, rule, r, grade, labels)
                if r.id == ctx.target:
                    plan = ", ".join(f"{lb} {fmt_percent(q)} -> {c}" for lb, q, c in zip(labels, quotas, counts, strict=True))
                    first = sum(counts[:gi]) + 1
                    last = sum(counts[: gi + 1])
                    ctx.emit(r, f"{rule.name}: {size} people in {label}; headcounts by {rule.rounding.replace('_', ' ')}: {plan}",
                             rule.span)
                    where = f"positions {first}-{last}" if last > first else f"position {first}"
                    here = f"your position {pos + j + 1} ({_key_text(keys, values[r.id])})"
                    if len(block) > 1 and len({bounds[pos + k] for k in range(len(block))}) > 1:
                        crossed = "/".join(dict.fromkeys(labels[bounds[pos + k]] for k in range(len(block))))
                        detail = (f"{here} is in a tie at positions {pos + 1}-{pos + len(block)}, across the {crossed} quota line; "
                                  f"`boundary {rule.boundary}` gives {grade}")
                    else:
                        detail = f"{here} falls in grade {grade} ({where})"
                    ctx.emit(r, detail, rule.span, None, 1)
            pos += len(block)


def _assign(ctx: _Ctx, rule: n.DistributeRule, r: RecordData, grade: str | None, labels: list[str]) -> None:
    _set(r, rule.name, grade)
    if rule.mode == "replace" and grade is not None:
        r.grade = grade
    elif rule.mode == "cap" and grade is not None and r.grade in labels:
        worse = max(labels.index(grade), labels.index(r.grade))
        if labels[worse] != r.grade:
            ctx.emit(r, f"grade capped by {rule.name}: {r.grade} -> {labels[worse]}", rule.span)
        r.grade = labels[worse]


def _coefficient(ctx: _Ctx, rule: n.CoefficientRule) -> None:
    table = {v.label: v.value for v in rule.values}
    for r in ctx.records:
        label = r.grade if rule.source == "grade" else r.population.get(rule.source)
        if label not in table:
            raise PopulationError("K-R0311", f"record '{r.id}': no coefficient for grade '{label}' in '{rule.name}'", rule.span)
        _set(r, rule.name, table[label])  # type: ignore[index]
        ctx.emit(r, f"{rule.name}: grade {label} -> coefficient {fmt_plain(table[label])}", rule.span)  # type: ignore[index]


def _one_per_group(rule: n.Definition, expr: n.Expr, fn: Callable[[n.Expr], Compiled], members: list[RecordData],
                   label: str, code: str, what: str, hint: str) -> Decimal:
    """A value that must be the same on every record of a group (a pool, a department's score)."""
    values = set()
    for r in members:
        assert r.env is not None
        v = fn(expr)(r.env)
        if not isinstance(v, Decimal):
            raise PopulationError(code, f"record '{r.id}': {what} of '{rule.name}' is missing", expr.span)
        values.add(v)
    if len(values) > 1:
        raise PopulationError(code, f"{what} of '{rule.name}' differs between records of {label}: "
                              f"{', '.join(sorted(fmt_plain(a) for a in values))}", expr.span, hint)
    return values.pop()


def _group_amount(rule: n.PoolRule | n.SharesRule, fn: Callable[[n.Expr], Compiled], members: list[RecordData], label: str) -> Decimal:
    amount = _one_per_group(rule, rule.amount, fn, members, label, "K-R0312", "the amount",
                            "a pool is one amount per group; take it from a column that is the same on every row of the group")
    if amount < 0:
        raise PopulationError("K-R0312", f"the amount of '{rule.name}' is negative ({fmt_plain(amount)})", rule.amount.span)
    return amount


def allocate(total: Decimal, weights: Sequence[Decimal], places: int, tie_order: Sequence[int] | None = None) -> list[Decimal]:
    """`total` split in proportion to `weights`, each rounded to `places`, adding up to `total`
    rounded to `places` exactly (largest remainder; on equal remainders, larger weights first)."""
    q = quantum(places)
    units_total = int(round_half_up(total, places) / q)
    wsum = sum(weights, ZERO)
    if wsum == 0 or units_total == 0:
        return [ZERO.quantize(q)] * len(weights)
    exact = [total * w / wsum / q for w in weights]
    units = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = units_total - sum(units)
    order = tie_order or list(range(len(weights)))
    rank_of = {i: k for k, i in enumerate(order)}
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - units[i]), -weights[i], rank_of[i]))
    for i in by_remainder[: max(left, 0)]:
        units[i] += 1
    return [(Decimal(u) * q).quantize(q) for u in units]


def _pool(ctx: _Ctx, rule: n.PoolRule, fn: Callable[[n.Expr], Compiled]) -> None:
    for label, members in _groups(ctx, rule.within):
        amount = _group_amount(rule, fn, members, label)
        coefs = []
        for r in members:
            c = r.population.get(rule.by)
            assert isinstance(c, Decimal)
            if rule.prorate is not None:
                assert r.env is not None
                factor = _number(rule, r, fn(rule.prorate)(r.env), rule.prorate.span)
                if factor < 0:
                    raise PopulationError("K-R0312", f"record '{r.id}': the proration factor of '{rule.name}' is negative",
                                          rule.prorate.span)
                c = c * factor
            coefs.append(c)
        shares = allocate(amount, coefs, rule.places)
        csum = sum(coefs, ZERO)
        weight = "weights (coefficient x proration)" if rule.prorate is not None else "coefficients"
        for r, c, s in zip(members, coefs, shares, strict=True):
            _set(r, rule.name, s)
            if r.id == ctx.target:
                exact = amount * c / csum if csum else ZERO
                ctx.emit(r, f"{rule.name}: pool {fmt_plain(amount)} for {label} ({len(members)} people, {weight} sum to "
                         f"{fmt_display(csum)}); your share = {fmt_plain(amount)} x {fmt_display(c)} / {fmt_display(csum)} = "
                         f"{fmt_display(exact)} -> {fmt_plain(s)}", rule.span,
                         f"rounded to {rule.places} places so that the shares add up to the pool exactly (largest remainder)")


def _shares(ctx: _Ctx, rule: n.SharesRule, fn: Callable[[n.Expr], Compiled]) -> None:
    table = {p: s for p, s, _, _ in rule.shares}
    for label, members in _groups(ctx, rule.within):
        amount = _group_amount(rule, fn, members, label)
        by_rank: dict[int, list[RecordData]] = {}
        for r in members:
            by_rank.setdefault(_rank_of(r, rule.by), []).append(r)
        weights = []
        for r in members:
            rank = _rank_of(r, rule.by)
            tied = len(by_rank[rank])
            share = sum((table.get(p, ZERO) for p in range(rank, rank + tied)), ZERO) / tied
            weights.append(share)
        paid = sum(weights, ZERO) * amount
        amounts = allocate(paid, weights, 2)
        for r, w, a in zip(members, weights, amounts, strict=True):
            _set(r, rule.name, a)
            rank = _rank_of(r, rule.by)
            tied = len(by_rank[rank])
            note = (f"{tied} people share rank {rank}: positions {rank}-{rank + tied - 1} are pooled and split equally"
                    if tied > 1 else None)
            ctx.emit(r, f"{rule.name}: rank {rank} in {label} -> {fmt_display(w * HUNDRED)}% of {fmt_plain(amount)} = {fmt_plain(a)}",
                     rule.span, note)


def _normalise(ctx: _Ctx, rule: n.NormaliseRule, fn: Callable[[n.Expr], Compiled]) -> None:
    groups = _groups(ctx, rule.within)
    first: dict[str, Decimal] = {}
    info: dict[str, tuple[str, Decimal, Decimal]] = {}
    dept_score: dict[str, Decimal] = {}
    for label, members in groups:
        values = _key_values(ctx, rule, (rule.key,), fn, members)
        nums = {r.id: _number(rule, r, values[r.id][0], rule.key.span) for r in members}
        avg = sum(nums.values(), ZERO) / len(members)
        if avg == 0:
            raise PopulationError("K-R0313", f"'{rule.name}': the average of {label} is 0, so scores cannot be divided by it",
                                  rule.key.span)
        for r in members:
            first[r.id] = nums[r.id] * HUNDRED / avg
            info[r.id] = (label, avg, nums[r.id])
        dept_score[label] = _one_per_group(rule, rule.weight, fn, members, label, "K-R0313", "the department score",
                                           "it must be one value per department (the department's own score)")
    lowest = min(dept_score.values())
    if lowest <= 0:
        raise PopulationError("K-R0313", f"'{rule.name}': department scores must be above 0", rule.weight.span)
    weights = {d: s / lowest for d, s in dept_score.items()}
    hi, lo = max(first.values()), min(first.values())
    cap = (hi + lo) / (2 * lo) if lo > 0 else None
    rooted = cap is not None and max(weights.values()) > cap
    if rooted:
        weights = {d: w.sqrt() for d, w in weights.items()}
    for label, members in groups:
        for r in members:
            w = weights[label]
            value = first[r.id] * w
            _set(r, rule.name, value)
            if r.id == ctx.target:
                _, avg, raw = info[r.id]
                ctx.emit(r, f"{rule.name}: {label} average {fmt_display(avg)}; first adjustment {fmt_display(raw)} x 100 / "
                         f"{fmt_display(avg)} = {fmt_display(first[r.id])}", rule.span)
                cap_text = fmt_display(cap) if cap is not None else "n/a"
                ctx.emit(r, f"department weight = {fmt_display(dept_score[label])} / lowest {fmt_display(lowest)}"
                         + (f", square-rooted because the largest weight exceeds the cap {cap_text}" if rooted else
                            f" (cap {cap_text} not exceeded)") + f" = {fmt_display(w)}", rule.span, None, 1)
                ctx.emit(r, f"normalised score = {fmt_display(first[r.id])} x {fmt_display(w)} = {fmt_display(value)}",
                         rule.span, None, 1)


def _flag(ctx: _Ctx, rule: n.FlagRule, fn: Callable[[n.Expr], Compiled]) -> None:
    """True when the condition held in this period and the `periods - 1` periods just before it."""
    from .periods import previous
    from .printer import format_expr

    cond = fn(rule.condition)
    for r in ctx.records:
        assert r.env is not None
        evidence: list[str] = []
        held = True
        for k in range(rule.periods):
            label = r.period if k == 0 else (previous(r.period, ctx.unit or "month", k) if r.period else None)
            env = r.env if k == 0 else (ctx.history or {}).get((r.id, label or ""))
            if env is None:
                evidence.append(f"{label}: no record")
                held = False
                break
            ok = cond(env)

            def lookup(e: n.Expr, env: Env = env) -> object:
                from .printer import not_found

                if isinstance(e, n.Name) and e.id in env:
                    return env[e.id]
                return not_found()

            evidence.append(f"{label}: {format_expr(rule.condition, lookup)} -> {'yes' if ok else 'no'}")
            if ok is not True:
                held = False
                break
        _set(r, rule.name, held)
        ctx.emit(r, f"{rule.name}: `{format_expr(rule.condition)}` for {rule.periods} consecutive period(s) -> "
                 f"{'yes' if held else 'no'}", rule.span, "; ".join(reversed(evidence)) + " (a flag for a person to decide on)")


def _rollup(ctx: _Ctx, rule: n.RollupRule, fn: Callable[[n.Expr], Compiled]) -> None:
    """Mean or sum of a value over the periods of the enclosing unit, up to this period."""
    from .periods import enclosing, previous

    unit = ctx.unit or "month"
    value = fn(rule.expr)
    weight_of = fn(rule.weight) if rule.weight is not None else None
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
            if env is not None:
                v = value(env)
                if isinstance(v, Decimal):
                    parts.append((label, v))
                    if weight_of is not None:
                        weights.append(_number(rule, r, weight_of(env), rule.weight.span if rule.weight else rule.span))
            k += 1
        parts.reverse()
        weights.reverse()
        total = sum((v for _, v in parts), ZERO)
        if rule.method == "weighted":
            wsum = sum(weights, ZERO)
            result = sum((v * w for (_, v), w in zip(parts, weights, strict=True)), ZERO) / wsum if wsum else ZERO
            listing = ", ".join(f"{p} {fmt_display(v)} x {fmt_display(w)}" for (p, v), w in zip(parts, weights, strict=True))
            _set(r, rule.name, result)
            ctx.emit(r, f"{rule.name}: weighted over the {rule.over.replace('_', '-')} so far ({listing}) / "
                     f"{fmt_display(wsum)} = {fmt_display(result)}", rule.span)
            continue
        result = total / len(parts) if rule.method == "mean" and parts else total
        _set(r, rule.name, result)
        listing = ", ".join(f"{p} {fmt_display(v)}" for p, v in parts)
        ctx.emit(r, f"{rule.name}: {rule.method} over the {rule.over.replace('_', '-')} so far ({listing}) = {fmt_display(result)}",
                 rule.span)
