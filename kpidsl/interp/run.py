"""Evaluating many records: period by period (oldest first, each seeing the history before it),
each record alone, then the population rules over the period; errors collected up to a limit."""

from __future__ import annotations

import decimal

from ..errors import Diagnostic, KpiEvalError, Severity
from ..numbers import evaluation_context
from ..outcome import RecordData
from ..periods import ordinal, previous, same_last_year
from ..refs import When
from ..values import Env
from .expr import HISTORY_SLOTS
from .population import run_population
from .record import Interpreter

#: Most records whose evaluation errors are reported at once.
MAX_RECORD_ERRORS = 20

Prepared = list[tuple[str, Env]]


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
            raise KpiEvalError.single("K-R0314", f"record '{rid}' has no period", None, [f"fill the '{key}' column on every row"])
        by_period.setdefault(label, []).append((rid, env))
    return [(label, by_period[label]) for label in sorted(by_period, key=lambda p: ordinal(p, unit))]


def run(interp: Interpreter, prepared: Prepared, trace: bool, target: str | None = None,
        target_period: str | None = None) -> list[RecordData]:
    """Evaluate records, then the population rules. With a period column, period by period,
    oldest first, so each record sees the same employee's previous period and the same period
    last year (`prev`, `last_year`, flags, roll-ups); without one, all records are one batch.

    Raises:
        KpiEvalError: records that cannot be evaluated (up to MAX_RECORD_ERRORS of them).
    """
    unit = interp.ir.period_unit or "month"
    history: dict[tuple[str, str], Env] = {}
    out: list[RecordData] = []
    problems: list[Diagnostic] = []
    with decimal.localcontext(evaluation_context()):
        for label, batch in batches(interp, prepared):
            datas = _batch(interp, batch, label, history, unit, trace, target, target_period, problems)
            if problems:
                break
            run_population(interp, datas, target if target_period in (None, label) else None, history, unit)
            if label is not None:
                for d in datas:
                    assert d.env is not None
                    history[(d.id, label)] = d.env
            out.extend(datas)
    if problems:
        raise KpiEvalError(problems[:MAX_RECORD_ERRORS])
    return out


def _batch(interp: Interpreter, batch: Prepared, label: str | None, history: dict[tuple[str, str], Env], unit: str,
           trace: bool, target: str | None, target_period: str | None, problems: list[Diagnostic]) -> list[RecordData]:
    datas: list[RecordData] = []
    for rid, env in batch:
        e = dict(env)
        if label is not None:
            e[HISTORY_SLOTS[When.PREV]] = history.get((rid, previous(label, unit)))
            e[HISTORY_SLOTS[When.LAST_YEAR]] = history.get((rid, same_last_year(label, unit)))
        wanted = rid == target and target_period in (None, label)
        try:
            d = interp.evaluate(e, rid, trace or wanted)
        except KpiEvalError as exc:
            problems.extend(exc.diagnostics)
            if len(problems) >= MAX_RECORD_ERRORS:
                break
            continue
        except (decimal.Overflow, decimal.InvalidOperation, decimal.Inexact) as exc:
            problems.append(Diagnostic("K-R0306", f"record '{rid}': a number grew beyond the exact range ({type(exc).__name__})",
                                       None, Severity.ERROR, ("check the formulas for runaway multiplication",)))
            continue
        d.period = label
        datas.append(d)
    return datas
