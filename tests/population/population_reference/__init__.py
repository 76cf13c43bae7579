"""The population stage as it was before the sorted-once, integer-arithmetic rewrite (branch
`popfast`), kept unchanged as the reference the differential tests compare with.

The population stage: rules that need every record of the period, run after each is scored.

Rules run in the order the scheme writes them; each gives every record one value (a rank, a
percentile, a distributed grade, a coefficient, a share of a pool, a normalised score, a flag, a
roll-up) that later rules and the results can use. Every choice that decides money is explicit
and exact (docs/language.md, "Population rules", states each rule):

- rank: competition ranking (1, 2, 2, 4) by the key, then by the declared tie-breakers;
- percentile: the share of the other members of the group that rank strictly lower, x 100;
- distribute: headcounts per grade from the quotas (largest remainder or half-up), records tied
  across a quota line take the better grade, the worse, or are split by id; small groups fall back;
- pool: share = pool x coefficient / sum of coefficients, exact, then rounded to `places` by
  largest remainder so the shares add up to the pool exactly;
- shares by rank: records tied on a rank share the positions they occupy equally;
- normalise (seed 003): score x 100 / department average, times the department's weight.

`ranking.py`, `money.py` and `history.py` hold the rules; this module runs them and holds what
they share.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from kpidsl import ir
from kpidsl.errors import KpiEvalError
from kpidsl.interp.expr import NoTier, ZeroDenominator

# The aggregates and history rules (unchanged, run from kpidsl) raise this one; so does the reference.
from kpidsl.interp.population import PopulationError
from kpidsl.messages import runtime as msg
from kpidsl.messages.common import quoted
from kpidsl.outcome import RecordData
from kpidsl.source import Span
from kpidsl.trace import Ev, TraceEvent
from kpidsl.values import Env, Value, describe

if TYPE_CHECKING:
    from kpidsl.interp.record import Interpreter


@dataclass
class Ctx:
    interp: Interpreter
    records: list[RecordData]
    target: str | None  # the record whose explain trace receives events
    history: dict[tuple[str, str], Env] | None = None  # (id, period) -> values, earlier periods
    unit: str | None = None
    #: The records split by each set of `within` columns, made once per population stage (the
    #: columns are inputs, which no step changes).
    split: dict[tuple[str, ...], list[tuple[str, list[RecordData]]]] = field(default_factory=dict)

    def wants(self, record: RecordData) -> bool:
        """Whether the record receives trace events: every traced record of a run traced as a
        whole (the run record stores them all), or only the target when one record is explained."""
        return record.trace is not None and (self.target is None or record.id == self.target)

    def emit(self, record: RecordData, kind: Ev, rule: ir.Rule | ir.Aggregate, depth: int = 0, result: Value = None,
             **facts: object) -> None:
        if self.wants(record) and record.trace is not None:
            record.trace.append(TraceEvent(kind, rule.id, rule.span, depth, (), result, facts))

    def value(self, f: ir.Formula, env: Env) -> Value:
        try:
            return self.interp.formulas(f)(env)
        except ZeroDenominator as z:
            where = quoted(name=f.id.split("/")[0].split(":", 1)[1])
            raise PopulationError("K-R0301", msg.division_by_zero_in(what=where), z.node.span) from None
        except NoTier as exc:  # a ladder or table called inside a group's value (an aggregate's argument)
            problem = msg.no_tier(value=describe(exc.value), what=exc.what)
            raise PopulationError("K-R0303", problem, exc.span, msg.no_tier_hint()) from None


def run_population(interp: Interpreter, records: list[RecordData], target: str | None = None,
                   history: dict[tuple[str, str], Env] | None = None, unit: str | None = None,
                   steps: Sequence[ir.Step] | None = None) -> None:
    """Apply population steps (the scheme's, or some of them: one stage's aggregates and rules, or
    the rules on one side of the overrides) to the records of one period that are not excluded,
    in place.

    Raises:
        KpiEvalError: a key or amount is missing or inconsistent within a group.
    """
    from kpidsl.interp.population.aggregates import aggregate
    from kpidsl.interp.population.history import flag, rollup

    from .money import coefficient, normalise, pool, shares
    from .ranking import distribute, percentile, rank

    rules = interp.ir.steps(ir.Stage.POPULATION) if steps is None else steps
    if not rules:
        return
    ctx = Ctx(interp, [r for r in records if r.excluded is None], target, history, unit)
    try:
        for rule in rules:
            match rule:
                case ir.Aggregate():
                    aggregate(ctx, rule)
                case ir.RankRule():
                    rank(ctx, rule)
                case ir.PercentileRule():
                    percentile(ctx, rule)
                case ir.DistributeRule():
                    distribute(ctx, rule)
                case ir.CoefficientRule():
                    coefficient(ctx, rule)
                case ir.PoolRule():
                    pool(ctx, rule)
                case ir.SharesRule():
                    shares(ctx, rule)
                case ir.NormaliseRule():
                    normalise(ctx, rule)
                case ir.FlagRule():
                    flag(ctx, rule)
                case ir.RollupRule():
                    rollup(ctx, rule)
    except PopulationError as exc:
        raise KpiEvalError([exc.diagnostic]) from None


# ------------------------------------------------------------------------------ helpers


def set_value(record: RecordData, name: str, value: Value) -> None:
    record.population[name] = value
    assert record.env is not None
    record.env[name] = value


def groups(ctx: Ctx, within: ir.Within) -> list[tuple[str, list[RecordData]]]:
    """Records split by the `within` columns, each group in the order of record ids, the groups in
    the order of their labels: nothing a rule computes depends on the order of the data's rows."""
    found = ctx.split.get(within.columns)
    if found is None:
        found = ctx.split[within.columns] = _split(ctx, within)
    return found


def _split(ctx: Ctx, within: ir.Within) -> list[tuple[str, list[RecordData]]]:
    records = sorted(ctx.records, key=lambda r: r.id)
    if not within.columns:
        return [("all", records)] if records else []
    out: dict[tuple[str, ...], list[RecordData]] = {}
    for r in records:
        assert r.env is not None
        key = tuple("" if r.env.get(c) is None else str(r.env.get(c)) for c in within.columns)
        out.setdefault(key, []).append(r)
    return [(", ".join(f"{c}={v}" for c, v in zip(within.columns, key, strict=True)), members)
            for key, members in sorted(out.items())]


def key_values(ctx: Ctx, rule: ir.Rule, keys: Sequence[ir.SortKey], members: list[RecordData]) -> dict[str, tuple[Value, ...]]:
    values: dict[str, tuple[Value, ...]] = {}
    for r in members:
        assert r.env is not None
        row = []
        for k in keys:
            v = ctx.value(k.formula, r.env)
            if v is None:
                raise PopulationError("K-R0310", msg.in_record(record=r.id, message=msg.key_missing(rule=rule.name)), k.span,
                                      msg.key_missing_hint())
            row.append(v)
        values[r.id] = tuple(row)
    return values


def number(rule: ir.Rule, record: RecordData, value: Value, span: Span) -> Decimal:
    if not isinstance(value, Decimal):
        problem = msg.rule_needs_number(rule=rule.name, value=describe(value))
        raise PopulationError("K-R0310", msg.in_record(record=record.id, message=problem), span)
    return value


def order(keys: Sequence[ir.SortKey], values: dict[str, tuple[Value, ...]], members: list[RecordData]) -> list[RecordData]:
    """Best first; records equal on every key keep a stable order by id."""

    def cmp(a: RecordData, b: RecordData) -> int:
        for k, x, y in zip(keys, values[a.id], values[b.id], strict=True):
            if x == y:
                continue
            better = x > y if k.descending else x < y  # type: ignore[operator]
            return -1 if better else 1
        return (a.id > b.id) - (a.id < b.id)

    return sorted(members, key=functools.cmp_to_key(cmp))


def competition_ranks(ordered: list[RecordData], values: dict[str, tuple[Value, ...]]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for i, r in enumerate(ordered):
        if i > 0 and values[r.id] == values[ordered[i - 1].id]:
            ranks[r.id] = ranks[ordered[i - 1].id]
        else:
            ranks[r.id] = i + 1
    return ranks
