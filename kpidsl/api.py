"""The embedding API: load a scheme, check it, evaluate records, explain one.

`Scheme` is the one entry object (like jinja's `Environment`). It holds no global state: two
schemes can be evaluated side by side, and one scheme from several threads, because the compiled
IR and interpreter are immutable and every evaluation runs in its own decimal context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ir
from .checks import Analysis, analyse, check_module_definitions
from .data.batch import read_records, select_record
from .data.readers import Table, read_table
from .data.records import ColumnMap, locate_header, map_columns, prepare_mapping, prepare_table
from .errors import Diagnostic, KpiCheckError, KpiDataError, KpiError, Severity, render_text
from .explain import Explainer
from .interp import Interpreter, run
from .loader import Loader, Program
from .lower import lower
from .outcome import RecordData
from .periods import parse_period
from .suggest import suggest
from .trace import TraceEvent
from .values import Env

if TYPE_CHECKING:  # the pydantic result models are imported where they are built, not by `kpi lint`
    from .bulkresults import BulkResults
    from .results import RecordResult, Results


@dataclass(frozen=True)
class Explanation:
    """The explain trace of one record: its result, the structured events, and their text."""

    record: RecordResult
    events: tuple[TraceEvent, ...]
    text: str
    explainer: Explainer

    def json(self) -> list[dict[str, object]]:
        """The events in their JSON form (as `kpi explain --format json` prints them)."""
        return [self.explainer.to_dict(e) for e in self.events]


class Scheme:
    """A loaded `.kpi` file. Use `load()` or `loads()` to make one."""

    def __init__(self, program: Program) -> None:
        from .templates import expand

        self.program, self._expansion_problems = expand(program)
        self._analysis: Analysis | None = None
        self._ir: ir.Scheme | None = None
        self._plan: Interpreter | None = None
        self._explainer: Explainer | None = None
        #: Why the last bulk evaluation used the interpreter rather than the columnar engine (for `-v`).
        self.engine_note: str | None = None

    # ---------------------------------------------------------------- facts
    @property
    def title(self) -> str:
        s = self.program.scheme
        return s.title if s is not None else ""

    @property
    def path(self) -> str:
        return self.program.module.path

    @property
    def has_scheme(self) -> bool:
        """False for a module of definitions only (a stdlib or shared file)."""
        return self.program.scheme is not None

    @property
    def analysis(self) -> Analysis:
        """The checks' view: the resolution (every name bound), kinds and diagnostics."""
        if self._analysis is None:
            self._analysis = analyse(self.program, self._expansion_problems)
        return self._analysis

    # ---------------------------------------------------------------- checking
    def check(self) -> list[Diagnostic]:
        """Every diagnostic the static checks find (errors and warnings), in file order."""
        if not self.has_scheme:
            return [*self.program.warnings, *check_module_definitions(self.program)]
        return self.analysis.bag.sorted()

    def check_errors(self) -> list[Diagnostic]:
        """The error-level diagnostics of `check()`."""
        return [d for d in self.check() if d.severity is Severity.ERROR]

    def render(self, diagnostics: Iterable[Diagnostic]) -> str:
        """Diagnostics as text with source lines and carets (for scheme and data files alike)."""
        return render_text(diagnostics, self.program.line)

    @property
    def ir(self) -> ir.Scheme:
        """The scheme's IR: resolved, typed, ordered (see kpidsl/ir/).

        Raises:
            KpiCheckError: the scheme has errors; they are all in the exception.
            KpiEvalError: a constant cannot be computed.
        """
        if self._ir is None:
            if not self.has_scheme:
                raise KpiCheckError.single("K-E0100", f"{self.path} defines no scheme (it is a module of definitions)", None,
                                           ["evaluate a file with a `scheme \"...\" { ... }` block"])
            errors = self.check_errors()
            if errors:
                raise KpiCheckError(errors)
            self._ir = lower(self.analysis)
        return self._ir

    @property
    def plan(self) -> Interpreter:
        """The reference interpreter compiled from the IR (raises like `ir`)."""
        if self._plan is None:
            self._plan = Interpreter(self.ir)
        return self._plan

    @property
    def explainer(self) -> Explainer:
        """Renders trace events of this scheme (English)."""
        if self._explainer is None:
            self._explainer = Explainer(self.ir)
        return self._explainer

    # ---------------------------------------------------------------- data
    def read(self, path: str | Path, *, encoding: str | None = None, sheet: str | None = None,
             fmt: str | None = None) -> Table:
        """Read a data file (CSV, .xlsx, JSON, JSONL) for `evaluate_table`.

        The file's text is remembered so that data errors render with the offending line.
        """
        table = read_table(Path(path), encoding=encoding, sheet=sheet, fmt=fmt)
        if table.source is not None:
            self.program.sources[table.path] = table.source
        if self.has_scheme and not self.check_errors():
            table = locate_header(self.ir, table)
            if not table.rows:
                raise KpiDataError.single("K-D0201", f"{table.path} has a header row but no records")
        return table

    def columns(self, table: Table, id_column: str | None = None) -> ColumnMap:
        """How the table's columns map to the scheme's inputs (raises KpiDataError)."""
        return map_columns(self.ir, table, id_column)

    def prepare(self, table: Table, id_column: str | None = None) -> list[tuple[str, Env]]:
        """Typed records of a table, keyed by id (raises KpiDataError)."""
        return prepare_table(self.ir, table, map_columns(self.ir, table, id_column))

    def read_records(self, paths: Iterable[str | Path], *, encoding: str | None = None, sheet: str | None = None,
                     period: str | None = None, id_column: str | None = None,
                     notes: Callable[[str], None] | None = None) -> list[tuple[str, Env]]:
        """Typed records from several data files (see `data/batch.py`): an id in two files is an
        error, a file without the period column takes its period from its name, and in a scheme
        without a period column `period` keeps the rows of that period. `notes` receives what
        `kpi eval -v` reports.

        Raises:
            KpiDataError: a file cannot be read or does not fit the scheme.
        """
        return read_records(self.ir, [str(p) for p in paths], lambda p: self.read(p, encoding=encoding, sheet=sheet),
                            period=period, id_column=id_column, notes=notes)

    def period_label(self, text: str) -> str:
        """A period as the scheme's calendar writes it (`2024年第3季度` -> `2024Q3`).

        Raises:
            PeriodError: the text is not a period of the scheme's calendar.
        """
        return parse_period(text, self.ir.period_unit or "month")

    # ---------------------------------------------------------------- evaluating
    def evaluate_table(self, table: Table, *, id_column: str | None = None, trace: bool = False, engine: str = "auto") -> BulkResults:
        """Evaluate every record of a data table (`read`), on `engine` as `evaluate` chooses it."""
        if trace:
            return self.bulk_results(self._run(self.prepare(table, id_column), trace), engine="python")
        records, used, why = self.evaluate_table_records(table, id_column=id_column, engine=engine)
        self.engine_note = why
        return self.bulk_results(records, engine=used)

    def evaluate_table_records(self, table: Table, *, id_column: str | None = None,
                               engine: str = "auto") -> tuple[Sequence[RecordData], str, str | None]:
        """The records of a data table, the engine that evaluated them, and why not columnar.

        Raises:
            KpiDataError, KpiEvalError: as `evaluate_table`.
            ValueError: `engine="columnar"` for a scheme the columnar engine does not support.
        """
        from .engines import evaluate_table

        return evaluate_table(self, table, id_column, engine)

    def bulk_results(self, records: Sequence[RecordData], period: str | None = None, engine: str = "python") -> BulkResults:
        """Evaluated records as the bulk API's `BulkResults` (models built when asked)."""
        from .bulkresults import BulkResults

        scheme = self.ir
        unit = period or (scheme.period_unit.value if scheme.period_unit is not None else None)
        return BulkResults(scheme.title, scheme.version, unit, records, self.explainer, engine)

    def evaluate(self, records: Iterable[Mapping[str, object]] | Any, *, trace: bool = False, id_key: str | None = None,
                 engine: str = "auto") -> BulkResults:
        """Evaluate plain dicts keyed by input name, label or alias, or a columnar table (a
        pyarrow Table, a polars or pandas DataFrame) whose columns are named so.

        The record id is `id_key`'s value when given (or the scheme's `id` input), else its
        position. `engine`: "auto" (the columnar engine where it supports the scheme and there
        are enough records, else the interpreter), "columnar" or "python" (`docs/api.md`). The
        result is the same on both, value for value.

        Raises:
            KpiCheckError: the scheme has errors.
            KpiDataError: a value does not fit its input.
            KpiEvalError: a record cannot be evaluated (all such records are reported).
            ValueError: `engine="columnar"` for a scheme the columnar engine does not support.
        """
        from .engines import evaluate_input

        datas, used, why = evaluate_input(self, records, trace=trace, id_key=id_key, engine=engine)
        self.engine_note = why
        return self.bulk_results(datas, engine=used)

    def prepare_dicts(self, records: Iterable[Mapping[str, object]], id_key: str | None = None) -> list[tuple[str, Env]]:
        """Typed records from plain dicts, as `evaluate` reads them (raises KpiDataError)."""
        scheme = self.ir
        prepared = []
        for i, rec in enumerate(records, start=1):
            env = prepare_mapping(scheme, rec, f"record {i}")
            key = id_key or scheme.id_input
            rid = str(rec.get(key, "")).strip() if key else ""
            prepared.append((rid or f"#{i}", env))
        return prepared

    def evaluate_one(self, record: Mapping[str, object], *, trace: bool = False, record_id: str = "#1") -> RecordResult:
        """Evaluate one plain dict."""
        from .results import to_model

        env = prepare_mapping(self.ir, record)
        return to_model(self._run([(record_id, env)], trace)[0], self.explainer)

    def evaluate_records(self, prepared: list[tuple[str, Env]], *, trace: bool = False) -> list[RecordData]:
        """Evaluate prepared records and return the interpreter's own records (the fast path used
        by the CLI and the benchmark; `Results` models are built from these)."""
        return self._run(prepared, trace)

    def results(self, datas: Iterable[RecordData], period: str | None = None) -> Results:
        """The public `Results` model for records from `evaluate_records`."""
        from .results import Results, to_model

        scheme = self.ir
        return Results.model_construct(
            scheme=scheme.title,
            version=scheme.version,
            period=period or (scheme.period_unit.value if scheme.period_unit is not None else None),
            records=[to_model(d, self.explainer) for d in datas],
        )

    def of_period(self, records: Sequence[RecordData], period: str, prepared: list[tuple[str, Env]]) -> Sequence[RecordData]:
        """The records of one period (every period was evaluated: earlier ones are history).

        Raises:
            PeriodError: `period` is not a period of the scheme's calendar.
            KpiDataError: no record of that period.
        """
        key = self.ir.period_input
        if key is None:
            return records
        label = self.period_label(period)
        kept = [r for r in records if r.period == label]
        if not kept:
            found = sorted({p for p in (env.get(key) for _, env in prepared) if p})
            raise KpiDataError.single("K-D0209", f"no records for period {label}", None, ["periods in the data: " + ", ".join(found)])
        return kept

    def output_columns(self, records: Sequence[RecordData], spec: str | None = None) -> list[str]:
        """The columns of table-shaped output: `spec` (comma-separated) or the default ones.

        Raises:
            ValueError: an unknown column (the message suggests a close one).
        """
        from .report import FIXED_COLUMNS, default_columns

        scheme = self.ir
        if spec is None:
            return default_columns(records, bool(scheme.adjustments) or any(i.deductions for i in scheme.indicators),
                                   bool(scheme.vetoes), scheme.grade is not None)
        names = [c.strip() for c in spec.split(",") if c.strip()]
        known = (set(FIXED_COLUMNS) | {i.name for i in scheme.indicators} | {g.name for g in scheme.groups if g.name}
                 | {r.name for r in scheme.rules})
        for c in names:
            if c not in known:
                close = suggest(c, known)
                raise ValueError(f"unknown column '{c}'" + (f"; did you mean '{close}'?" if close else f"; columns: {', '.join(sorted(known))}"))
        return names

    def _run(self, prepared: list[tuple[str, Env]], trace: bool, target: str | None = None,
             target_period: str | None = None) -> list[RecordData]:
        return run(self.plan, prepared, trace, target, target_period)

    # ---------------------------------------------------------------- explaining
    def explain(self, record: Mapping[str, object] | tuple[str, Env], *, record_id: str = "#1",
                population: list[tuple[str, Env]] | None = None) -> Explanation:
        """The full explain trace of one record (a plain dict, or a prepared (id, record) pair).

        With population rules, pass every prepared record of the period as `population`: ranks,
        quotas and pools depend on everyone, and the trace shows this record's part in them.
        """
        scheme = self.ir
        if isinstance(record, tuple):
            rid, env = record
        else:
            rid, env = record_id, prepare_mapping(scheme, record)
        if population is not None and (scheme.rules or scheme.period_input):
            period = env.get(scheme.period_input) if scheme.period_input else None
            data = next(d for d in self._run(population, False, target=rid, target_period=period)
                        if d.id == rid and d.period == period)
        else:
            data = self._run([(rid, env)], True, target=rid)[0]
        from .results import to_model

        events = tuple(data.trace or ())
        return Explanation(to_model(data, self.explainer), events, self.explain_text(data), self.explainer)

    def explain_record(self, prepared: list[tuple[str, Env]], record_id: str, *, period: str | None = None,
                       where: str = "data") -> tuple[Explanation, str | None]:
        """Explain the record with this id among `prepared` (all records read, for population
        rules and history), of `period` or else the latest; with a note saying which period was
        chosen when it was chosen for the caller.

        Raises:
            PeriodError: `period` is not a period of the scheme's calendar.
            KpiDataError: no record has that id (`where` names the data in the message).
        """
        label = self.period_label(period) if period is not None and self.ir.period_input is not None else None
        record, note = select_record(self.ir, prepared, record_id, label, where)
        return self.explain(record, population=prepared), note

    def explain_text(self, data: RecordData) -> str:
        """The explanation of an evaluated (traced) record, as text."""
        return self.explainer.document(data, self.path)


def load(path: str | Path, *, stdlib: Path | None = None) -> Scheme:
    """Load a scheme file (and its imports).

    Raises:
        KpiSyntaxError, KpiImportError: the file or an import cannot be read as a scheme.
        FileNotFoundError: the file does not exist.
    """
    return Scheme(Loader(stdlib).load_path(Path(path)))


def loads(text: str, *, path: str = "<string>", base_dir: str | Path | None = None, stdlib: Path | None = None) -> Scheme:
    """Load a scheme from text; relative imports resolve against `base_dir` (default: cwd)."""
    return Scheme(Loader(stdlib).load_text(text, path, Path(base_dir) if base_dir is not None else None))


def render_error(exc: KpiError, scheme: Scheme | None = None) -> str:
    """Render an exception's diagnostics with source lines, when the source is known."""
    if scheme is not None:
        return scheme.render(exc.diagnostics)
    return render_text(exc.diagnostics, lambda p, n: "")
