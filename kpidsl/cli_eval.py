"""The work of `kpi eval` (cli.py keeps the options): read, evaluate, summarize, write, with each
phase on the progress line; the run summary's grouping columns; the workbook's explain sheet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .columns import attach_inputs
from .errors import Diagnostic, KpiError
from .eval_options import EvalOptions
from .messages import cli as msg
from .messages import run as run_msg
from .messages.common import did_you_mean

if TYPE_CHECKING:
    from .api import Scheme
    from .audit.overrides import Override
    from .outcome import RecordData
    from .progress import Progress
    from .report import OutputFormat
    from .summary import RunSummary
    from .values import Env
    from .workbook import SheetHook


def _refuse_engine(scheme: Scheme, opts: EvalOptions) -> None:
    """`--engine columnar` for a scheme the engine does not cover: refused before any data is read."""
    if opts.engine != "columnar":
        return
    from .engines import AUTO_MIN_ROWS, EngineRefused, choose

    try:
        choose(scheme, "columnar", AUTO_MIN_ROWS, trace=False)  # the evaluation's own choice, made early
    except EngineRefused as exc:
        raise _refused(scheme, exc) from None


def _refused(scheme: Scheme, exc: ValueError) -> KpiError:
    """The columnar engine's refusal as a user's error (K-E0190, exit 1, no usage banner: the
    options are right, the scheme is what the engine does not cover), with the engines that do."""
    from .messages import engine as engine_msg

    return KpiError.single("K-E0190", engine_msg.columnar_refused(path=scheme.path, refusal=exc.args[0]), None,
                           [engine_msg.columnar_refused_hint()])


def _evaluate(scheme: Scheme, prepared: list[tuple[str, Env]], overrides: Sequence[Override] | None, opts: EvalOptions,
              progress: Progress, err: Callable[[str], None]) -> Sequence[RecordData]:
    """Evaluate the records read; `-v` says which engine ran and why."""
    try:
        records = scheme.evaluate_records(prepared, trace=opts.record_path is not None, overrides=overrides,
                                          progress=progress.counter(run_msg.evaluating(), len(prepared)), engine=opts.engine)
    except ValueError as exc:  # --engine columnar for a scheme (or overrides, --record) it does not cover
        progress.clear()
        from .engines import EngineRefused

        if isinstance(exc, EngineRefused):
            raise _refused(scheme, exc) from None
        raise click.UsageError(str(exc.args[0])) from None
    if opts.verbose:
        from .messages import engine as engine_msg

        progress.clear()
        reason = scheme.engine_note
        if not reason and scheme.engine_used == "columnar":
            from .engines import columnar_reason

            reason = columnar_reason(opts.engine)
        err(engine_msg.engine_because(engine=scheme.engine_used, reason=reason) if reason
            else engine_msg.engine_used(engine=scheme.engine_used, why=""))
    return records


def evaluate_and_write(scheme: Scheme, fmt: OutputFormat, output: str | None, progress: Progress, data: tuple[str, ...],
                       opts: EvalOptions, show: Callable[[list[Diagnostic]], None], err: Callable[[str], None]) -> RunSummary:
    """Read, evaluate, summarize and write (or print); `show` prints what the data guards noticed,
    `err` any other message (both after clearing the progress line)."""
    from .csvguard import FormulaGuard
    from .report import Output, write
    from .summary import summarize

    noticed: list[Diagnostic] = []

    def warned(diagnostics: list[Diagnostic]) -> None:
        noticed.extend(diagnostics)
        progress.clear()
        show(diagnostics)

    _refuse_engine(scheme, opts)
    streamed = _streamed(scheme, fmt, output, progress, data, opts, warned, err)
    if streamed is not None:
        return streamed
    with progress.status(run_msg.reading()):
        prepared = scheme.read_records(data, encoding=opts.encoding, sheet=opts.sheet, period=opts.period,
                                       id_column=opts.id_column, notes=err if opts.verbose else None, warnings=warned)
    overrides = scheme.read_overrides(opts.overrides_path, prepared, warned) if opts.overrides_path is not None else None
    records = _evaluate(scheme, prepared, overrides, opts, progress, err)
    if opts.record_path is not None:
        from .audit.commands import record_run

        progress.clear()
        record_run(opts.record_path, scheme, data, prepared, records, overrides, opts.overrides_path,
                   {"period": opts.period, "id": opts.id_column, "encoding": opts.encoding, "sheet": opts.sheet}, err)
    if opts.level is not None:
        records, level_cols = at_level(scheme, records, opts.level, opts.period)
    elif opts.period is not None:
        # Every period was evaluated (the others are history for prev/last_year, flags,
        # roll-ups); only the chosen one is output (cli.py checked the period's label).
        records = scheme.of_period(records, opts.period, prepared)
    try:
        cols = level_cols if opts.level is not None and opts.columns is None else scheme.output_columns(records, opts.columns)
    except ValueError as exc:
        raise click.UsageError(exc.args[0]) from None
    if overrides is not None and opts.columns is None:
        from .columns import with_computed

        cols = with_computed(cols, ("total", "grade", *(r.name for r in scheme.ir.rules)))
    # The engine's records (`BulkRecords`) are built afresh at each access: held in a list, so that
    # the inputs attached to them are still there when they are written (姓名 was empty).
    records = list(records)
    attach_inputs(records, prepared, scheme.ir, [*cols, *(opts.by or ())])
    summary = summarize(scheme.ir, records, opts.by, noticed, opts.level)
    sheets = [explain_sheet(scheme, prepared, opts.explain_ids, opts.period)] if opts.explain_ids else []
    shown = opts.period or opts.level
    out = Output(scheme.results(records, shown), records, cols, scheme.ir, opts.period, summary, sheets, opts.headers,
                 FormulaGuard(opts.csv_formulas))
    if output is None:
        assert fmt.text is not None
        text = fmt.text(out)
        progress.close()
        click.echo(text, nl=False)
        if opts.verbose:
            out.guard.tell(err)
        return summary
    with progress.status(run_msg.writing(path=output)):
        write(Path(output), fmt, out)
    progress.close()
    if opts.verbose:
        out.guard.tell(err)
    if not opts.quiet:
        err(msg.wrote(count=len(records), path=output))
    return summary


def at_level(scheme: Scheme, records: Sequence[RecordData], level: str, period: str | None) -> tuple[list[RecordData], list[str]]:
    """`--level`: one row per employee and period of that unit, and its default columns."""
    from .level_rows import level_rows, level_values
    from .periods import parse_period

    rows = level_rows(scheme.ir, records, level)
    if period is not None:
        from .errors import KpiDataError
        from .i18n import listing
        from .messages import data as data_msg

        label = parse_period(period, level)
        kept = [r for r in rows if r.period == label]
        if not kept:
            raise KpiDataError.single("K-D0209", data_msg.no_records_for_period(period=label), None,
                                      [data_msg.periods_in_data(periods=listing(sorted({str(r.period) for r in rows})))])
        rows = kept
    rollups, fields = level_values(scheme.ir, level)
    return rows, ["id", "period", *rollups, *fields]


def _streamed(scheme: Scheme, fmt: OutputFormat, output: str | None, progress: Progress, data: tuple[str, ...],
              opts: EvalOptions, warned: Callable[[list[Diagnostic]], None], err: Callable[[str], None]) -> RunSummary | None:
    """The run in chunks (`streaming.py`) when it can stream; None when the data is read whole."""
    from .messages import engine as engine_msg
    from .streaming import stream, why_not

    reason = why_not(scheme, data, fmt, output, opts)
    if reason is not None:
        if opts.verbose:
            err(engine_msg.whole_data(reason=reason))
        return None
    assert output is not None
    # The rows are counted for the progress bar only when one can show (a second read of the file).
    counter = progress.counter(run_msg.evaluating(), _lines(data[0])) if progress.enabled else None
    summary = stream(scheme, data[0], output, opts, warned, err, counter)
    if summary is not None:
        progress.close()
        if not opts.quiet:
            err(msg.wrote(count=summary.records, path=output))
    return summary


def _lines(path: str) -> int:
    """The file's line count less its header: the rows of a streamed run, for its progress bar
    (blank and title lines make it a little more than the records)."""
    count = 0
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                count += block.count(b"\n")
    except OSError:
        return 1  # missing or unreadable: the reader reports it (K-D0202), not the progress bar
    return max(count - 1, 1)


def id_list(spec: str | None) -> tuple[str, ...]:
    """`E1, E2` -> ("E1", "E2")."""
    return tuple(x.strip() for x in (spec or "").split(",") if x.strip())


def by_columns(scheme: Scheme, spec: str | None) -> tuple[str, ...] | None:
    """The `--by` columns, each an input of the scheme (None: the summary's default)."""
    if spec is None:
        return None
    from .suggest import suggest

    names = [i.name for i in scheme.ir.inputs]
    wanted = id_list(spec)
    for column in wanted:
        if column not in names:
            close = suggest(column, names)
            raise click.UsageError(run_msg.unknown_by_column(column=column, known=did_you_mean(name=close) if close else
                                                         ", ".join(names)))
    return wanted


def explain_sheet(scheme: Scheme, prepared: list[tuple[str, Env]], ids: Sequence[str], period: str | None) -> SheetHook:
    """The workbook's explain sheet: one row per step for each chosen record (evaluated again,
    with its trace, among all the records: population rules depend on everyone)."""
    from .messages import output as words
    from .workbook import rows_sheet

    heads = [words.header_id(), words.col_section(), words.col_step(), words.col_result(), words.col_location()]
    rows: list[list[str | None]] = []
    for rid in ids:
        explanation = scheme.explain_record(prepared, rid, period=period)[0]
        rows += [[explanation.record.id, *row] for row in explanation.rows()]
    return rows_sheet(words.sheet_explain(), heads, rows)


