"""Evaluating many records: period by period (oldest first, each seeing the history before it),
each record alone, then the population rules over the period; errors collected up to a limit."""

from __future__ import annotations

import decimal
from collections.abc import Callable

from ..errors import Diagnostic, KpiEvalError, Severity
from ..ir import Stage
from ..messages import runtime as msg
from ..numbers import evaluation_context
from ..outcome import RecordData
from ..periods import ordinal, previous, same_last_year
from ..refs import When
from ..values import Env
from .expr import HISTORY_SLOTS, ZeroInAggregate
from .population import run_population
from .record import Interpreter

#: Most records whose evaluation errors are reported at once.
MAX_RECORD_ERRORS = 20

Prepared = list[tuple[str, Env]]

#: Told how many records have been evaluated so far (`kpi eval`'s progress bar).
Progress = Callable[[int], None]

#: Records evaluated between two calls of a `Progress`.
PROGRESS_STEP = 256


def batches(interp: Interpreter, prepared: Prepared) -> list[tuple[str | None, Prepared]]:
    """Records grouped by period, oldest first; one batch when the scheme has no period column.

    Raises:
        KpiEvalError: a record has no period.
    """
    key = interp.ir.period_input
    if key is None:
        return [(None, prepared)]
    unit = interp.ir.period_unit or "month"
    by_period: dict[str, Prepared] = {}
    for rid, env in prepared:
        label = env.get(key)
        if not isinstance(label, str):
            raise KpiEvalError.single("K-R0314", msg.no_period(record=rid), None, [msg.no_period_hint(column=key)])
        by_period.setdefault(label, []).append((rid, env))
    return [(label, by_period[label]) for label in sorted(by_period, key=lambda p: ordinal(p, unit))]


#: Applies a layer of overrides to one period's records between the population rules that run
#: before the overrides and those that run after them (`kpidsl/audit/overrides.py`).
Layer = Callable[[str | None, list[RecordData]], None]


def run(interp: Interpreter, prepared: Prepared, trace: bool, target: str | None = None,
        target_period: str | None = None, layer: Layer | None = None, progress: Progress | None = None) -> list[RecordData]:
    """Evaluate records, then the population rules. With a period column, period by period,
    oldest first, so each record sees the same employee's previous period and the same period
    last year (`prev`, `last_year`, flags, roll-ups); without one, all records are one batch.
    `progress` is told the count of records evaluated every `PROGRESS_STEP` records.

    Raises:
        KpiEvalError: records that cannot be evaluated (up to MAX_RECORD_ERRORS of them).
    """
    unit = interp.ir.period_unit or "month"
    history: dict[tuple[str, str], Env] = {}
    out: list[RecordData] = []
    problems: list[Diagnostic] = []
    if layer is not None and interp.staged:
        raise KpiEvalError.single("K-D0230", msg.overrides_unsupported(), None, [msg.overrides_unsupported_hint()])
    with decimal.localcontext(evaluation_context()):
        for label, batch in batches(interp, prepared):
            who = target if target_period in (None, label) else None
            offset = _offset(progress, len(out))
            if interp.staged:
                datas = _staged(interp, batch, label, history, unit, trace, who, problems, offset)
            else:
                datas = _batch(interp, batch, label, history, unit, trace, target, target_period, problems, offset)
                if not problems:
                    _population(interp, datas, who, history, unit, layer, label)
            if problems:
                break
            if label is not None:
                for d in datas:
                    assert d.env is not None
                    history[(d.id, label)] = d.env
            out.extend(datas)
    if problems:
        raise KpiEvalError(problems[:MAX_RECORD_ERRORS])
    return out


def _population(interp: Interpreter, datas: list[RecordData], who: str | None, history: dict[tuple[str, str], Env],
                unit: str, layer: Layer | None, label: str | None) -> None:
    """The population rules of one period; with overrides, those before them, the overrides, and
    each rule after them followed by the overrides again."""
    if layer is None:
        run_population(interp, datas, who, history, unit)
        return
    before, after = interp.ir.population_phases()
    run_population(interp, datas, who, history, unit, before)
    layer(label, datas)
    for rule in after:  # an override of a rule's own output replaces it before later rules read it
        run_population(interp, datas, who, history, unit, (rule,))
        layer(label, datas)


def _env(rid: str, env: Env, label: str | None, history: dict[tuple[str, str], Env], unit: str) -> Env:
    e = dict(env)
    if label is not None:
        e[HISTORY_SLOTS[When.PREV]] = history.get((rid, previous(label, unit)))
        e[HISTORY_SLOTS[When.LAST_YEAR]] = history.get((rid, same_last_year(label, unit)))
    return e


def _failed(problems: list[Diagnostic], rid: str, exc: Exception) -> None:
    if isinstance(exc, KpiEvalError):
        problems.extend(exc.diagnostics)
    else:
        problem = msg.number_overflow(problem=type(exc).__name__)
        problems.append(Diagnostic("K-R0306", msg.in_record(record=rid, message=problem), None, Severity.ERROR,
                                   (msg.number_overflow_hint(),)))


def _staged(interp: Interpreter, batch: Prepared, label: str | None, history: dict[tuple[str, str], Env], unit: str,
            trace: bool, target: str | None, problems: list[Diagnostic], progress: Progress | None = None) -> list[RecordData]:
    """Records evaluated stage by stage: each record stage for every record, then the population
    steps (aggregates, rules) over the records not excluded, and so on (ir.Scheme.stages). The
    progress counts records through their first record stage."""
    states = [interp.start(_env(rid, env, label, history, unit), rid, trace or rid == target) for rid, env in batch]
    first = True
    last_record = max(i for i, (stage, _, _) in enumerate(interp.plan) if stage is Stage.RECORD)
    for i, (stage, compiled, steps) in enumerate(interp.plan):
        if stage is Stage.RECORD:
            for n, st in enumerate(states, start=1):
                if first and progress is not None and n % PROGRESS_STEP == 0:
                    progress(n)
                try:
                    interp.run(st, compiled)
                except (KpiEvalError, decimal.Overflow, decimal.InvalidOperation, decimal.Inexact) as exc:
                    _failed(problems, st.id, exc)
                    if len(problems) >= MAX_RECORD_ERRORS:
                        break
            first = False
            if problems:
                return []
            if i < last_record:  # the population stage after it reads the records as results
                for st in states:
                    interp.finish(st).period = label
        else:
            live = [st.data for st in states if st.data is not None and st.excluded is None]
            run_population(interp, live, target, history, unit, steps)
    datas = [interp.finish(st) for st in states]
    for d in datas:
        d.period = label
        if d.env is not None:  # a zero denominator inside an aggregate was its readers' to handle; now it is no value
            for agg in interp.ir.aggregates:
                if isinstance(d.env.get(agg.id), ZeroInAggregate):
                    d.env[agg.id] = None
    return datas


def _offset(progress: Progress | None, before: int) -> Progress | None:
    """`progress` for a batch that follows `before` records."""
    return None if progress is None else (lambda done: progress(before + done))


def _batch(interp: Interpreter, batch: Prepared, label: str | None, history: dict[tuple[str, str], Env], unit: str,
           trace: bool, target: str | None, target_period: str | None, problems: list[Diagnostic],
           progress: Progress | None = None) -> list[RecordData]:
    datas: list[RecordData] = []
    for n, (rid, env) in enumerate(batch, start=1):
        if progress is not None and n % PROGRESS_STEP == 0:
            progress(n)
        wanted = rid == target and target_period in (None, label)
        try:
            d = interp.evaluate(_env(rid, env, label, history, unit), rid, trace or wanted)
        except (KpiEvalError, decimal.Overflow, decimal.InvalidOperation, decimal.Inexact) as exc:
            _failed(problems, rid, exc)
            if len(problems) >= MAX_RECORD_ERRORS:
                break
            continue
        d.period = label
        datas.append(d)
    return datas
