"""The population stage: rules that need every record of the period, run after each is scored.

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

import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from ... import ir
from ...errors import Diagnostic, KpiEvalError, Severity
from ...messages import runtime as msg
from ...messages.common import quoted
from ...outcome import RecordData
from ...prebuilt import dataclass
from ...refs import AggregateRef, HistoryRef, Result, ResultRef, RuleRef
from ...source import Span
from ...trace import Ev, TraceEvent
from ...values import Env, Value, describe
from ..expr import NoTier, ZeroDenominator

if TYPE_CHECKING:
    from ..record import Interpreter


class PopulationError(Exception):
    def __init__(self, code: str, message: str, span: Span | None, *hints: str | None) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, span, Severity.ERROR, tuple(h for h in hints if h))


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
    #: The groups with their records' key values and the records best first, by `within` columns
    #: and keys, for keys that read only values no population rule changes (`sorted_groups`).
    sorted: dict[tuple[object, ...], list[Sorted]] = field(default_factory=dict)

    #: Whether any record receives trace events (else the rules skip asking record by record).
    traced: bool = True

    def wants(self, record: RecordData) -> bool:
        """Whether the record receives trace events: every traced record of a run traced as a
        whole (the run record stores them all), or only the target when one record is explained."""
        return self.traced and record.trace is not None and (self.target is None or record.id == self.target)

    def emit(self, record: RecordData, kind: Ev, rule: ir.Rule | ir.Aggregate, depth: int = 0, result: Value = None,
             **facts: object) -> None:
        if self.wants(record) and record.trace is not None:
            record.trace.append(TraceEvent(kind, rule.id, rule.span, depth, (), result, facts))

    def value(self, f: ir.Formula, env: Env) -> Value:
        try:
            return self.interp.formulas(f)(env)
        except (ZeroDenominator, NoTier) as exc:
            raise formula_error(f, exc) from None


def formula_error(f: ir.Formula, exc: ZeroDenominator | NoTier) -> PopulationError:
    """A zero denominator or a value in no tier while evaluating `f`: the user's error, with its line."""
    if isinstance(exc, ZeroDenominator):
        where = quoted(name=f.id.split("/")[0].split(":", 1)[1])
        return PopulationError("K-R0301", msg.division_by_zero_in(what=where), exc.node.span)
    # a ladder or table called inside a group's value (an aggregate's argument)
    problem, hints = exc.problem()
    return PopulationError("K-R0303", problem, exc.span, *hints)


def run_population(interp: Interpreter, records: list[RecordData], target: str | None = None,
                   history: dict[tuple[str, str], Env] | None = None, unit: str | None = None,
                   steps: Sequence[ir.Step] | None = None) -> None:
    """Apply population steps (the scheme's, or some of them: one stage's aggregates and rules, or
    the rules on one side of the overrides) to the records of one period that are not excluded,
    in place.

    Raises:
        KpiEvalError: a key or amount is missing or inconsistent within a group.
    """
    from .aggregates import aggregate
    from .history import flag, rollup
    from .money import coefficient, normalise, pool, shares
    from .ranking import distribute, percentile, rank

    rules = interp.ir.steps(ir.Stage.POPULATION) if steps is None else steps
    if not rules:
        return
    ctx = Ctx(interp, [r for r in records if r.excluded is None], target, history, unit)
    ctx.traced = not all(map(operator.is_, map(_record_trace, ctx.records), itertools.repeat(None)))  # (no call per record)
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


def set_column(records: list[RecordData], name: str, values: Sequence[Value]) -> None:
    """`set_value` on each record with its value (`values` in the records' order)."""
    for r, v in zip(records, values, strict=True):
        r.population[name] = v
        r.env[name] = v  # type: ignore[index]  # population records keep their values


def groups(ctx: Ctx, within: ir.Within) -> list[tuple[str, list[RecordData]]]:
    """Records split by the `within` columns, each group in the order of record ids, the groups in
    the order of their labels: nothing a rule computes depends on the order of the data's rows."""
    found = ctx.split.get(within.columns)
    if found is None:
        found = ctx.split[within.columns] = _split(ctx, within)
    return found


def _split(ctx: Ctx, within: ir.Within) -> list[tuple[str, list[RecordData]]]:
    if not within.columns:
        records = sorted(ctx.records, key=_record_id)
        return [("all", records)] if records else []
    everyone = groups(ctx, ir.Within(()))  # every record of the stage in id order, sorted once
    records = everyone[0][1] if everyone else []
    # The records' positions by the columns' values as read (one pass, no call per record), then
    # by their text: values written alike ("" for none) are one group, in id order.
    envs = list(map(record_env, records))
    cells = [map(dict.get, envs, itertools.repeat(c)) for c in within.columns]
    column: list[Any] = list(cells[0]) if len(cells) == 1 else list(zip(*cells, strict=True))
    raw = positions_by_value(column)
    out: dict[tuple[str, ...], list[int]] = {}
    for v, at in raw.items():
        key = tuple("" if c is None else str(c) for c in (v if len(cells) > 1 else (v,)))
        seen = out.get(key)
        out[key] = at if seen is None else sorted(seen + at)
    record = records.__getitem__
    return [(", ".join(f"{c}={v}" for c, v in zip(within.columns, key, strict=True)), list(map(record, at)))
            for key, at in sorted(out.items())]


def positions_by_value(column: list[Any]) -> dict[Any, list[int]]:
    """The positions of each distinct value in `column`, in order, the values in the order they
    first come (equal values are one, however written: 70 and 70.0)."""
    out: dict[Any, list[int]] = {}
    for i, v in enumerate(column):
        found = out.get(v)
        if found is None:
            out[v] = [i]
        else:
            found.append(i)
    return out


def key_values(ctx: Ctx, rule: ir.Rule, keys: Sequence[ir.SortKey], members: list[RecordData]) -> dict[str, tuple[Value, ...]]:
    """Each record's values of the keys, by record id, record by record in id order, so the
    first missing key (an error) or failing formula is the first in id order."""
    fns = [ctx.interp.formulas(k.formula) for k in keys]
    values: dict[str, tuple[Value, ...]] = {}
    at = 0  # the key being evaluated, for the error
    try:
        for r in members:
            assert r.env is not None
            row = []
            for at, fn in enumerate(fns):
                v = fn(r.env)
                if v is None:
                    raise PopulationError("K-R0310", msg.in_record(record=r.id, message=msg.key_missing(rule=rule.name)),
                                          keys[at].span, msg.key_missing_hint())
                row.append(v)
            values[r.id] = tuple(row)
    except (ZeroDenominator, NoTier) as exc:
        raise formula_error(keys[at].formula, exc) from None
    return values


#: Records tied on every key, in id order, with their key values (as the block's first record
#: has them: tied values are equal, though `1.0` and `1.00` are written differently).
Block = tuple[tuple[Value, ...], list[RecordData]]


@dataclass(frozen=True)
class Sorted:
    """A group sorted by keys: its label, its records in id order, and the same records best
    first, in blocks of records tied on every key, as positions in the members. Rules work a
    block at a time (a rank, a percentile, a distributed grade is the block's) and set the values
    in the members' order (`set_blocks`), so each record is visited once, in the order the
    records are in memory; a record's own key values are asked for only to explain it."""

    label: str
    members: list[RecordData]
    #: The key values of each block, best first.
    keys: list[tuple[Value, ...]]
    #: The positions in `members` of each block's records (in id order).
    at: list[list[int]]
    #: Each member's key values, in the members' order: one value each for one key, else tuples.
    column: list[Any]
    width: int

    def blocks(self) -> list[Block]:
        """The blocks with their records."""
        record = self.members.__getitem__
        return [(k, list(map(record, at))) for k, at in zip(self.keys, self.at, strict=True)]

    def positions(self) -> list[int]:
        """The positions in `members` of the records best first."""
        return list(itertools.chain.from_iterable(self.at))

    def keys_of(self) -> dict[str, tuple[Value, ...]]:
        """Each record's own key values, by record id (for explain)."""
        if self.width == 1:
            return {r.id: (v,) for r, v in zip(self.members, self.column, strict=True)}
        return {r.id: v for r, v in zip(self.members, self.column, strict=True)}

    def by_member(self, values: Sequence[Value]) -> list[Value]:
        """One value per block (best first) as one per member, in the members' order."""
        out: list[Value] = [None] * len(self.members)
        for value, at in zip(values, self.at, strict=True):
            for i in at:
                out[i] = value
        return out


def set_blocks(group: Sorted, name: str, values: Sequence[Value]) -> None:
    """Each block's value (one per block, best first) set on its records."""
    set_column(group.members, name, group.by_member(values))


def sort_group(ctx: Ctx, rule: ir.Rule, keys: Sequence[ir.SortKey], label: str, members: list[RecordData],
               ordered: bool = True) -> Sorted:
    """The members (in id order) sorted by the keys into blocks of ties, best first (not
    `ordered`: the blocks in the order of their first records, for a rule that needs no order).

    The records are put in buckets by their key values (members of a bucket stay in id order),
    and only the distinct values are sorted: a group of thousands has a few dozen scores. That is
    the order a stable sort by the keys over the id order gives. The keys are read in one pass;
    when a key is missing or a formula fails, `key_values` reads them again record by record for
    the first error in id order.

    Raises:
        PopulationError: a record has no value for a key, or a key's formula divides by zero.
    """
    fns = [ctx.interp.formulas(k.formula) for k in keys]
    column: list[Any] | None
    try:
        if len(fns) == 1:
            column = list(map(fns[0], map(record_env, members)))
        else:
            column = [tuple(fn(env) for fn in fns) for env in map(record_env, members)]
    except Exception:  # noqa: BLE001  (read again record by record below, which raises the first error)
        column = None
    buckets = positions_by_value(column) if column is not None else {}  # the members' positions by key values
    if column is None or (None in buckets if len(fns) == 1 else any(None in v for v in buckets)):
        key_values(ctx, rule, keys, members)  # raises the first error in id order
        raise AssertionError("a key missing in one pass is missing record by record")
    distinct = list(buckets)
    if ordered and len(fns) == 1:
        distinct.sort(reverse=keys[0].descending)
    elif ordered:
        for i in range(len(keys) - 1, -1, -1):  # last key first (the sort is stable, `reverse` too)
            distinct.sort(key=operator.itemgetter(i), reverse=keys[i].descending)
    keys_of = [(v,) for v in distinct] if len(fns) == 1 else distinct
    return Sorted(label, members, keys_of, [buckets[v] for v in distinct], column, len(fns))


#: A record's values (`map(record_env, records)` reads them without a Python call per record).
record_env = cast(Callable[[RecordData], Env], operator.attrgetter("env"))


def sorted_groups(ctx: Ctx, rule: ir.Rule, keys: Sequence[ir.SortKey], within: ir.Within) -> Iterator[Sorted]:
    """Each group of `within` sorted by the keys. Made once per population stage for keys that
    read only values no population rule changes (inputs, indicators, the total: `rank`,
    `percentile`, `distribute`, a pool's tie order and a normalisation by total within a
    department share one sort); group by group, so errors come in the same order."""
    shared = _shared_key(keys, within)
    found = ctx.sorted.get(shared) if shared is not None else None
    if found is not None:
        yield from found
        return
    done: list[Sorted] = []
    for label, members in groups(ctx, within):
        done.append(sort_group(ctx, rule, keys, label, members))
        yield done[-1]
    if shared is not None:
        ctx.sorted[shared] = done


def cached_sort(ctx: Ctx, keys: Sequence[ir.SortKey], within: ir.Within) -> dict[str, Sorted] | None:
    """The groups `sorted_groups` made for these keys earlier in the stage, by label, if it did."""
    shared = _shared_key(keys, within)
    found = ctx.sorted.get(shared) if shared is not None else None
    return None if found is None else {g.label: g for g in found}


#: Values a population rule may change while the stage runs (a distribution's grade, rule
#: outputs, aggregates, other periods' values): keys reading them are evaluated each time.
_CHANGING = (RuleRef, AggregateRef, HistoryRef)


def _shared_key(keys: Sequence[ir.SortKey], within: ir.Within) -> tuple[object, ...] | None:
    parts: list[object] = [within.columns]
    for k in keys:
        reads = k.formula.reads
        if any(isinstance(ref, _CHANGING) or (isinstance(ref, ResultRef) and ref.result is Result.GRADE) for ref in reads):
            return None
        expr = k.formula.expr
        # `by total` in two rules is one key; any other formula is shared by its own rule only.
        parts.append((expr.ref.key if isinstance(expr, ir.Read) else k.formula.id, k.descending))
    return tuple(parts)


def number(rule: ir.Rule, record: RecordData, value: Value, span: Span) -> Decimal:
    if not isinstance(value, Decimal):
        problem = msg.rule_needs_number(rule=rule.name, value=describe(value))
        raise PopulationError("K-R0310", msg.in_record(record=record.id, message=problem), span)
    return value


def numbers_only(rule: ir.Rule, group: Sorted, span: Span) -> None:
    """Raises for the first record (in id order) whose one key is not a number, if any is not."""
    if all(isinstance(v[0], Decimal) for v in group.keys):
        return
    for r, v in zip(group.members, group.column, strict=True):
        number(rule, r, v, span)


_record_id = operator.attrgetter("id")
_record_trace = operator.attrgetter("trace")
