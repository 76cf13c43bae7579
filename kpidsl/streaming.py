"""`kpi eval data.csv -o out.csv` in chunks: read, evaluate and write `CHUNK_ROWS` rows at a time,
so memory stays flat in the number of rows (issue 12).

A run streams when every record can be evaluated on its own: one CSV file in, a CSV file out, no
population rule, aggregate or period column (those need the whole period at once: the run then
reads the whole file, and `-v` says why), no `--period`, `--overrides`, `--record` or `--explain`.
Otherwise, and for a file the chunk reader does not settle (`data/stream.py`), `stream` returns
None and the caller reads the file whole.

It is as strict as reading the whole file: the output goes to a temporary file that replaces the
target only when every row was read and evaluated, so a bad cell in row 900,000 still names its
row and column, exits 1 and leaves no output file (nor a part of one). Data errors in any chunk
are reported before evaluation errors (as when the whole file is typed first), up to the same
limits; an id used twice is found across chunks; a column empty in every row is warned about
once, after the last chunk; the run summary is gathered chunk by chunk (`summary.Tally`).

A run the columnar engine can take is first given to `csvrun.py`, which writes every line and
counts the summary in the engine, with no Python object per record but for the records the engine
leaves to the interpreter (`csvleft.py`: `-v` says how many); when it finds anything this module
would report or read differently (`csvrun.Fallback`), the run starts again here, record by
record, and `-v` says why (`the output was not written by the columnar engine but record by
record: ...`).
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .csvguard import FormulaGuard
from .errors import Diagnostic, KpiDataError, KpiEvalError

if TYPE_CHECKING:
    from .api import Scheme
    from .csvrun import CsvRun
    from .data.percent_columns import Column
    from .data.readers import Table
    from .data.records import ColumnMap
    from .data.stream import Chunks, SeenIds
    from .eval_options import EvalOptions
    from .outcome import RecordData
    from .report import OutputFormat
    from .summary import RunSummary, Tally
    from .values import Env

#: Rows read, evaluated and written at a time.
CHUNK_ROWS = 5_000


def why_not(scheme: Scheme, data: tuple[str, ...], fmt: OutputFormat, output: str | None, opts: EvalOptions) -> str | None:
    """None when the run streams; else why it reads the whole data (for `-v`)."""
    from .data.readers import FORMATS
    from .messages import engine as msg

    ir = scheme.ir
    if output is None:
        return msg.whole_to_stdout()
    if fmt.name != "csv":
        return msg.whole_not_csv_output()
    if len(data) != 1 or FORMATS.get(Path(data[0]).suffix.lower()) != "csv":
        return msg.whole_not_one_csv()
    if opts.period or opts.overrides_path or opts.record_path or opts.explain_ids:
        return msg.whole_options()
    if ir.rules or ir.aggregates:
        return msg.whole_population()
    if ir.period_input is not None:
        return msg.whole_periods()
    return None


class _Run:
    """One streamed run's state: errors so far, ids seen, columns ever filled, the summary."""

    def __init__(self, scheme: Scheme, chunks: Chunks, opts: EvalOptions, warned: Callable[[list[Diagnostic]], None]) -> None:
        self.scheme, self.chunks, self.opts, self.warned = scheme, chunks, opts, warned
        self.data_errors: list[Diagnostic] = []
        self.eval_errors: list[Diagnostic] = []
        self._seen_ids: SeenIds | None = None
        self.filled: set[str] = set()
        self.noticed: list[Diagnostic] = []
        self.number = 1
        self.count = 0
        self.tally: Tally | None = None
        self.columns: list[str] | None = None
        self.engine: str | None = None
        self.note: str | None = None
        self.progress: Callable[[int], None] | None = None
        self.guard = FormulaGuard(opts.csv_formulas)
        self.percent: dict[str, Column] | None = None

    @property
    def seen_ids(self) -> SeenIds:
        """The ids of the chunks read so far (made when the first chunk is typed)."""
        from .data.stream import SeenIds

        if self._seen_ids is None:
            self._seen_ids = SeenIds()
        return self._seen_ids

    def close(self) -> None:
        if self._seen_ids is not None:
            self._seen_ids.close()

    def prepare(self, table: Table, cmap: ColumnMap) -> list[tuple[str, Env]] | None:
        """The chunk's typed records, or None after recording its data errors."""
        from .data.records import MAX_DATA_ERRORS, prepare_table
        from .data.stream import survey_percent

        if self.percent is None:
            self.percent = survey_percent(self.scheme.ir, self.chunks.path, self.chunks.encoding, self.chunks.rows, cmap)
        new: dict[str, int] = {}  # the chunk's ids, kept apart until the chunk is read without error
        earlier = self.seen_ids.earlier(table, cmap.id_index)
        try:
            prepared = prepare_table(self.scheme.ir, table, cmap, seen_ids=ChainMap(new, earlier), first=self.number,
                                     percent=self.percent)
        except KpiDataError as exc:
            found = exc.diagnostics
            # Again with each cell's column and the chunk's lines, for the caret under the cell.
            placed = self.chunks.with_places(table)
            assert placed.source is not None
            self.scheme.program.sources[placed.path] = placed.source
            new = {}  # read again: the chunk's ids as that reading records them
            try:
                prepare_table(self.scheme.ir, placed, cmap, seen_ids=ChainMap(new, earlier), first=self.number,
                              percent=self.percent)
            except KpiDataError as again:
                found = again.diagnostics
            self.data_errors += found[: MAX_DATA_ERRORS - len(self.data_errors)]
            # A later row that repeats one of these ids is still named (as when the file is read
            # whole): a chunk with a bad cell used to keep its ids to itself.
            self.seen_ids.add(new)
            return None
        finally:
            self._guards(table, cmap)
        self.seen_ids.add(new)
        self.number += len(prepared)
        return prepared

    def _guards(self, table: Table, cmap: ColumnMap) -> None:
        """What the data guards noticed in the chunk; a column's emptiness is judged at the end."""
        found = [d for d in table.warnings if d.code != "K-D0214"]
        if found:
            self.noticed += found
            self.warned(found)
        for name, col in cmap.by_input.items():
            if name not in self.filled and any(col < len(r.cells) and str(r.cells[col]).strip() for r in table.rows):
                self.filled.add(name)

    def evaluate(self, prepared: list[tuple[str, Env]]) -> Sequence[RecordData] | None:
        from .interp.run import MAX_RECORD_ERRORS

        try:
            records = self.scheme.evaluate_records(prepared, engine=self.opts.engine)
        except ValueError as exc:  # --engine columnar for a scheme it does not cover: as the whole-data run says
            import click

            raise click.UsageError(str(exc.args[0])) from None
        except KpiEvalError as exc:
            self.eval_errors += exc.diagnostics[: MAX_RECORD_ERRORS - len(self.eval_errors)]
            return None
        if self.engine is None:
            self.engine, self.note = self.scheme.engine_used, self.scheme.engine_note
        return records

    def stop(self) -> bool:
        from .data.records import MAX_DATA_ERRORS

        return len(self.data_errors) >= MAX_DATA_ERRORS

    def empty_columns(self, table: Table, cmap: ColumnMap) -> None:
        """The warning for each input column with no value in any row of the file."""
        from .data import guards
        from .data.readers import Row, Table

        empty = {name: col for name, col in cmap.by_input.items() if name not in self.filled}
        if not empty:
            return
        blank = Table(table.path, table.columns, [Row(("",) * len(table.columns), 0)], table.kind)
        guards.empty_columns(self.scheme.ir, blank, empty)
        if blank.warnings:
            self.noticed += blank.warnings
            self.warned(blank.warnings)


def stream(scheme: Scheme, path: str, output: str, opts: EvalOptions, warned: Callable[[list[Diagnostic]], None],
           err: Callable[[str], None], progress: Callable[[int], None] | None = None) -> RunSummary | None:
    """Evaluate `path` into `output` chunk by chunk (see the module docstring); None when the file
    must be read whole after all (nothing was written then). `progress` is told the rows done.

    Raises:
        KpiDataError, KpiEvalError: as reading and evaluating the whole file would.
    """
    from .atomic import write_atomic
    from .csvrun import Fallback, unsupported
    from .data.stream import Chunks, NotStreamable

    why = unsupported(scheme, opts)
    if why is None:
        try:
            return _by_engine(scheme, path, output, opts, warned, err, progress)
        except Fallback as exc:
            why = str(exc)
        except NotStreamable:
            return None
    if opts.verbose:
        from .messages import engine as engine_msg

        err(engine_msg.record_by_record(reason=why))
    try:
        chunks = Chunks(scheme.ir, path, opts.encoding, CHUNK_ROWS)
    except NotStreamable:
        return None
    run = _Run(scheme, chunks, opts, warned)
    run.progress = progress
    try:
        write_atomic(Path(output), lambda tmp: _write(run, tmp, err))
    except NotStreamable:
        return None
    finally:
        chunks.close()
        run.close()
    if opts.verbose:
        from .messages import engine as engine_msg

        engine = run.engine or "python"
        used = engine_msg.engine_because(engine=engine, reason=run.note) if run.note else engine_msg.engine_used(engine=engine, why="")
        err(used + engine_msg.streamed(rows=CHUNK_ROWS))
        run.guard.tell(err)
    assert run.tally is not None
    return run.tally.summary(run.noticed)


def _by_engine(scheme: Scheme, path: str, output: str, opts: EvalOptions, warned: Callable[[list[Diagnostic]], None],
               err: Callable[[str], None], progress: Callable[[int], None] | None) -> RunSummary:
    """The run with every line written by the engine (`csvrun.py`).

    Raises:
        Fallback: the run must be written record by record; NotStreamable: read whole.
    """
    from .atomic import write_atomic
    from .csvrun import CHUNK_ROWS as ENGINE_ROWS
    from .csvrun import write
    from .data.stream import Chunks
    from .summary import Tally

    chunks = Chunks(scheme.ir, path, opts.encoding, CHUNK_ROWS, places=False)  # the first chunk; then ENGINE_ROWS at a time
    run = _Run(scheme, chunks, opts, warned)
    done: list[tuple[CsvRun, Table, ColumnMap]] = []

    def made(table: Table, cmap: ColumnMap) -> Tally:
        run.tally = Tally(scheme.ir, opts.by)
        return run.tally

    try:
        write_atomic(Path(output), lambda tmp: done.append(write(scheme, chunks, opts, tmp, made, progress)))
    finally:
        chunks.close()
        run.close()
    engine_run, table, cmap = done[0]
    if opts.verbose:
        from .messages import data as data_msg
        from .messages import engine as engine_msg

        if cmap.unused:
            from .i18n import listing

            err(data_msg.unused_columns(path=table.path, columns=listing(cmap.unused)))
        err(data_msg.read_as(path=table.path, encoding=chunks.encoding))
    run.filled = engine_run.filled
    run.empty_columns(table, cmap)
    if opts.verbose:
        from .engines import columnar_reason

        err(engine_msg.engine_because(engine="columnar", reason=columnar_reason(opts.engine)) + engine_msg.streamed(rows=ENGINE_ROWS))
        left = engine_run.left
        if left.count:
            err(engine_msg.left_to_interpreter(rows=left.count, reason=left.reason or "", id=left.first or ""))
        engine_run.guard.tell(err)
    assert run.tally is not None
    return run.tally.summary(run.noticed)


def _write(run: _Run, tmp: Path, err: Callable[[str], None]) -> None:
    from .data.records import map_columns
    from .messages import data as data_msg
    from .summary import Tally

    scheme, opts = run.scheme, run.opts
    with tmp.open("w", encoding="utf-8-sig", newline="") as out:
        cmap = None
        table = None
        for table in run.chunks:
            if cmap is None:
                cmap = map_columns(scheme.ir, table, opts.id_column)
                if opts.verbose and cmap.unused:
                    from .i18n import listing

                    err(data_msg.unused_columns(path=table.path, columns=listing(cmap.unused)))
                if opts.verbose:
                    err(data_msg.read_as(path=table.path, encoding=run.chunks.encoding))
                run.tally = Tally(scheme.ir, opts.by)
            prepared = run.prepare(table, cmap)
            if run.stop():
                break
            if prepared is None or run.data_errors or run.eval_errors:
                continue
            records = run.evaluate(prepared)
            if records is not None:
                _emit(run, out, records, prepared)
        if run.data_errors:
            raise KpiDataError(run.data_errors)
        if run.eval_errors:
            raise KpiEvalError(run.eval_errors)
        assert table is not None and cmap is not None
        run.empty_columns(table, cmap)


def _emit(run: _Run, out: TextIO, records: Sequence[RecordData], prepared: list[tuple[str, Env]]) -> None:
    """One chunk's rows of the CSV (the header before the first), and its part of the summary."""
    from .columns import attach_inputs
    from .report import render_csv, specs_for

    scheme, opts = run.scheme, run.opts
    rows = list(records)
    first = run.columns is None
    if run.columns is None:
        try:
            run.columns = scheme.output_columns(rows, opts.columns)
        except ValueError as exc:
            import click

            raise click.UsageError(exc.args[0]) from None
    attach_inputs(rows, prepared, scheme.ir, [*run.columns, *(opts.by or ())])
    assert run.tally is not None
    run.tally.add(rows)
    out.write(render_csv(rows, specs_for(scheme.ir, run.columns, opts.headers), "\r\n", header=first, guard=run.guard))
    run.count += len(rows)
    if run.progress is not None:
        run.progress(run.count)
