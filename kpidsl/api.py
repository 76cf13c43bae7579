"""The embedding API: load a scheme, check it, evaluate records, explain one.

`Scheme` is the one entry object (like jinja's `Environment`). It holds no global state: two
schemes can be evaluated side by side, and one scheme from several threads, because the compiled
IR and interpreter are immutable and every evaluation runs in its own decimal context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ir
from .checks import Analysis, analyse, check_module_definitions
from .errors import (
    Diagnostic,
    KpiCheckError,
    KpiDataError,
    KpiError,
    KpiImportError,
    KpiSyntaxError,
    Severity,
    TableCell,
    render_text,
)
from .i18n import Lang, as_lang, listing
from .loader import Loader, Program
from .lower import lower
from .messages import files as api_msg
from .messages import modules as modules_msg
from .source import Span

if TYPE_CHECKING:  # what only evaluation and explain use loads on first use, not with `kpi lint` (issue 12)
    from .audit.overrides import Override
    from .bulkresults import BulkResults
    from .data.places import RecordNames
    from .data.readers import Table
    from .data.records import ColumnMap
    from .explain import Detail, Explainer
    from .explanation import Explanation
    from .interp.record import Interpreter
    from .interp.run import Layer
    from .outcome import RecordData
    from .results import RecordResult, Results
    from .values import Env


class Scheme:
    """A loaded `.kpi` file. Use `load()` or `loads()` to make one."""

    def __init__(self, program: Program) -> None:
        from .templates import expand

        self.program, self._expansion_problems = expand(program)
        self._analysis: Analysis | None = None
        self._ir: ir.Scheme | None = None
        self._plan: Interpreter | None = None
        self._explainers: dict[Lang, Explainer] = {}
        #: The engine of the last bulk evaluation, and why it was not the columnar one (for `-v`).
        self.engine_used = "python"
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
            m = self.program.module
            if not (m.definitions or m.imports or m.tests):  # an empty file, or only comments
                return [Diagnostic("K-E0100", api_msg.empty_scheme_file(path=self.path), Span(self.path, 1, 1, 1, 1), Severity.ERROR,
                                   (api_msg.empty_scheme_file_hint(),))]
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
                raise KpiCheckError.single("K-E0100", modules_msg.no_scheme(path=self.path), None, [modules_msg.no_scheme_hint()])
            errors = self.check_errors()
            if errors:
                raise KpiCheckError(errors)
            self._ir = lower(self.analysis)
        return self._ir

    @property
    def plan(self) -> Interpreter:
        """The reference interpreter compiled from the IR (raises like `ir`)."""
        if self._plan is None:
            from .interp.record import Interpreter

            self._plan = Interpreter(self.ir)
        return self._plan

    @property
    def explainer(self) -> Explainer:
        """Renders trace events of this scheme in the current language."""
        return self.explainer_for()

    def explainer_for(self, lang: Lang | str | None = None) -> Explainer:
        """Renders trace events of this scheme in `lang` (default: the current language)."""
        from .explain import Explainer, language_for

        chosen = _lang(lang)
        found = self._explainers.get(chosen)
        if found is None:
            found = self._explainers[chosen] = Explainer(self.ir, language_for(chosen), self.program.line)
        return found

    # ---------------------------------------------------------------- data
    def read(self, path: str | Path, *, encoding: str | None = None, sheet: str | None = None,
             fmt: str | None = None) -> Table:
        """Read a data file (CSV, .xlsx, JSON, JSONL) for `evaluate_table`.

        The file's text is remembered so that data errors render with the offending line.
        """
        from .data.readers import read_table
        from .data.records import locate_header
        from .messages.data import in_file, no_records

        table = read_table(Path(path), encoding=encoding, sheet=sheet, fmt=fmt)
        if table.source is not None:
            self.program.sources[table.path] = table.source
        if self.has_scheme and not self.check_errors():
            located = locate_header(self.ir, table)
            if located is not table:  # title lines above the header: kept for a year they may name
                above = len(table.rows) - len(located.rows) - 1
                located.titles = tuple(str(c) for row in ([*table.columns], *(r.cells for r in table.rows[:above]))
                                       for c in row if c is not None and str(c).strip())
            table = located
            if not table.rows:
                raise KpiDataError.single("K-D0201", in_file(path=table.path, message=no_records()))
        return table

    def columns(self, table: Table, id_column: str | None = None) -> ColumnMap:
        """How the table's columns map to the scheme's inputs (raises KpiDataError)."""
        from .data.records import map_columns

        return map_columns(self.ir, table, id_column)

    def prepare(self, table: Table, id_column: str | None = None) -> list[tuple[str, Env]]:
        """Typed records of a table, keyed by id (raises KpiDataError). A period made `from`
        several columns is made first (`data/period_cells.py`)."""
        from .data.period_cells import period_from_cells
        from .data.records import map_columns, prepare_table

        period_from_cells(self.ir, table, table.path)
        return prepare_table(self.ir, table, map_columns(self.ir, table, id_column))

    def read_records(self, paths: Iterable[str | Path], *, encoding: str | None = None, sheet: str | None = None,
                     period: str | None = None, id_column: str | None = None,
                     notes: Callable[[str], None] | None = None,
                     warnings: Callable[[list[Diagnostic]], None] | None = None) -> list[tuple[str, Env]]:
        """Typed records from several data files (see `data/batch.py`): an id in two files is an
        error, a file without the period column takes its period from its name, and in a scheme
        without a period column `period` keeps the rows of that period. `notes` receives what
        `kpi eval -v` reports; `warnings` what the data guards noticed without stopping (an empty
        column, a dropped summary row), file by file.

        Raises:
            KpiDataError: a file cannot be read or does not fit the scheme (the data guards: a
                summary row, a plain 95 in a percent column, an Excel formula with no value).
        """
        from .data.batch import read_records

        return read_records(self.ir, [str(p) for p in paths], lambda p: self.read(p, encoding=encoding, sheet=sheet),
                            period=period, id_column=id_column, notes=notes, warnings=warnings)

    def period_label(self, text: str) -> str:
        """A period as the scheme's calendar writes it (`2024年第3季度` -> `2024Q3`).

        Raises:
            PeriodError: the text is not a period of the scheme's calendar.
        """
        from .periods import parse_period

        return parse_period(text, self.ir.period_unit or "month")

    # ---------------------------------------------------------------- evaluating
    def evaluate_table(self, table: Table, *, id_column: str | None = None, trace: bool = False, engine: str = "auto") -> BulkResults:
        """Evaluate every record of a data table (`read`), on `engine` as `evaluate` chooses it."""
        if trace:
            return self.bulk_results(self._run(self.prepare(table, id_column), trace), engine="python")
        records, used, why = self.evaluate_table_records(table, id_column=id_column, engine=engine)
        self.engine_used, self.engine_note = used, why
        return self.bulk_results(records, engine=used, note=why)

    def evaluate_table_records(self, table: Table, *, id_column: str | None = None,
                               engine: str = "auto") -> tuple[Sequence[RecordData], str, str | None]:
        """The records of a data table, the engine that evaluated them, and why not columnar.

        Raises:
            KpiDataError, KpiEvalError: as `evaluate_table`.
            ValueError: `engine="columnar"` for a scheme the columnar engine does not support.
        """
        from .engines import evaluate_table

        return evaluate_table(self, table, id_column, engine)

    def bulk_results(self, records: Sequence[RecordData], period: str | None = None, engine: str = "python",
                     note: str | None = None) -> BulkResults:
        """Evaluated records as the bulk API's `BulkResults` (models built when asked)."""
        from .bulkresults import BulkResults

        scheme = self.ir
        unit = period or (scheme.period_unit.value if scheme.period_unit is not None else None)
        return BulkResults(scheme.title, scheme.version, unit, records, self.explainer, engine, note, scheme)

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
        self.engine_used, self.engine_note = used, why
        return self.bulk_results(datas, engine=used, note=why)

    def prepare_dicts(self, records: Iterable[Mapping[str, object]], id_key: str | None = None,
                      names: RecordNames | None = None) -> list[tuple[str, Env]]:
        """Typed records from plain dicts, as `evaluate` reads them (raises KpiDataError); `names`
        says how messages name them (a table's rows in its own terms: `data/places.py`)."""
        from .data.places import RecordNames
        from .data.records import MAX_DATA_ERRORS, duplicate_ids, prepare_each, refuse_duplicate_ids, require_records, value_text

        scheme = self.ir
        require_records(records)
        records = records if isinstance(records, Sequence) else list(records)
        key = id_key or scheme.id_input
        named = names or RecordNames()

        def given(rec: object) -> object:  # the record's id cell, as given
            return rec.get(key) if key and isinstance(rec, Mapping) else None

        def rid(i: int, rec: object) -> str:  # its id as results key it: the text, else the position
            return (value_text(given(rec)) if key else "") or f"#{i}"

        def typed(numbered: tuple[int, Mapping[str, object]]) -> tuple[str, Env]:
            i, rec = numbered
            env = named.read(i, key, given(rec), lambda where, cell: _typed(scheme, rec, where, cell))
            return rid(i, rec), env

        period = scheme.period_input
        try:
            prepared = prepare_each(enumerate(records, start=1), typed)
        except KpiDataError as exc:
            if period is not None:
                raise
            # The ids used twice are listed too, after the bad cells (both engines list them so).
            twice = duplicate_ids([rid(i, r) for i, r in enumerate(records, start=1)], None, key, named)
            if not twice:
                raise
            raise KpiDataError([*exc.diagnostics, *twice][:MAX_DATA_ERRORS]) from None
        refuse_duplicate_ids([rid for rid, _ in prepared], [env.get(period) for _, env in prepared] if period else None, key, named)
        return prepared

    def evaluate_one(self, record: Mapping[str, object], *, trace: bool = False, record_id: str | None = None) -> RecordResult:
        """Evaluate one plain dict; its id is `record_id`, else the scheme's `id` input, else `#1`."""
        from .results import to_model

        env = _typed(self.ir, record, _one_record(self.ir, record, record_id))
        return to_model(self._run([(record_id or self._own_id(env), env)], trace)[0], self.explainer)

    def _own_id(self, env: Env) -> str:
        """A plain dict's id: the value of the scheme's `id` input (工号), as `kpi eval` reads it."""
        value = env.get(self.ir.id_input) if self.ir.id_input else None
        text = str(value).strip() if value is not None else ""
        return text or "#1"

    def evaluate_records(self, prepared: list[tuple[str, Env]], *, trace: bool = False,
                         overrides: Sequence[Override] | None = None,
                         progress: Callable[[int], None] | None = None, engine: str = "python") -> Sequence[RecordData]:
        """Evaluate prepared records and return the interpreter's own records (the fast path used
        by the CLI and the benchmark; `Results` models are built from these). With `overrides`
        (`read_overrides`), the final records carry the computed values beside them. `progress`,
        if given, is told from time to time how many records are done (`kpi eval`'s progress bar).

        `engine` as in `evaluate` (the records are already typed; the columnar engine takes them
        as they are); `engine_used` and `engine_note` say which ran and why.

        Raises:
            KpiDataError: an override names no record of the data, or its `was` is stale.
            ValueError: `engine="columnar"` for a scheme (or overrides, a trace) it does not support.
        """
        if not overrides and not trace and engine != "python":
            from .engines import evaluate_prepared

            records, self.engine_used, self.engine_note = evaluate_prepared(self, prepared, engine, progress)
            return records
        from .engines import EngineRefused
        from .messages import fallback as fallback_msg

        self.engine_used, self.engine_note = "python", (f"--engine {engine}" if engine == "python" else
                                                        fallback_msg.overrides_or_trace())
        if engine == "columnar":
            raise EngineRefused(fallback_msg.no_overrides_or_trace())
        if not overrides:
            return self._run(prepared, trace, progress=progress)
        from .audit.overrides import check_applies, layer, mark_computed

        computed = self._run(prepared, False, progress=progress)
        check_applies(overrides, computed)
        final = self._run(prepared, trace, layer=layer(self.ir, overrides, computed))
        mark_computed(final, computed)
        return final

    def read_overrides(self, path: str | Path, prepared: Sequence[tuple[str, Env]] | None = None,
                       warnings: Callable[[list[Diagnostic]], None] | None = None) -> list[Override]:
        """An overrides file (id, field, value, reason, approver; docs/cli.md) checked against the
        scheme and, given the prepared records (`read_records`), against the data's ids, for
        `evaluate_records` and `explain_record`. `warnings` receives K-D0239: an override that
        population rules read but run before the overrides (they keep the computed value).

        Raises:
            KpiDataError: the file cannot be read or a row does not apply (all are reported).
        """
        from .audit.overrides import read_overrides

        return read_overrides(path, self.ir, None if prepared is None else {rid for rid, _ in prepared}, warnings)

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
        from .messages import data as data_msg

        key = self.ir.period_input
        if key is None:
            return records
        label = self.period_label(period)
        kept = [r for r in records if r.period == label]
        if not kept:
            found = sorted({p for p in (env.get(key) for _, env in prepared) if p})
            raise KpiDataError.single("K-D0209", data_msg.no_records_for_period(period=label), None,
                                      [data_msg.periods_in_data(periods=listing(str(p) for p in found))])
        return kept

    def output_columns(self, records: Sequence[RecordData], spec: str | None = None) -> list[str]:
        """The columns of table-shaped output: `spec` (comma-separated) or the default ones.

        Raises:
            ValueError: an unknown column (the message suggests a close one).
        """
        from .columns import FIXED_COLUMNS, default_columns
        from .messages import data as data_msg
        from .suggest import suggest

        scheme = self.ir
        if spec is None:
            return default_columns(records, bool(scheme.adjustments) or any(i.deductions for i in scheme.indicators),
                                   bool(scheme.vetoes), scheme.grade is not None, vetoes=[v.label for v in scheme.vetoes],
                                   fields=[f.name for f in scheme.fields if not f.hidden], exclusions=bool(scheme.exclusions))
        names = [c.strip() for c in spec.split(",") if c.strip()]
        if not names:
            raise ValueError(data_msg.no_columns_named(spec=spec))
        known = (set(FIXED_COLUMNS) | {i.name for i in scheme.indicators} | {g.name for g in scheme.groups if g.name}
                 | {r.name for r in scheme.rules} | {f.name for f in scheme.fields} | {v.label for v in scheme.vetoes}
                 | {i.name for i in scheme.inputs})
        from .columns import OVERRIDE_COLUMNS

        known |= {*OVERRIDE_COLUMNS, *(f"computed:{c}" for c in ("total", "grade", *(r.name for r in scheme.rules)))}
        headers = _header_keys(scheme, known)
        out = []
        for c in names:
            if c not in known and c in headers:
                c = headers[c]  # a header as the output shows it (总分, Total, 采购计划完成率(实际))
            if c not in known:
                close = suggest(c, known)
                raise ValueError(data_msg.unknown_column_near(column=c, near=close) if close
                                 else data_msg.unknown_column(column=c, known=listing(sorted(known))))
            out.append(c)
        return out

    def _run(self, prepared: list[tuple[str, Env]], trace: bool, target: str | None = None,
             target_period: str | None = None, layer: Layer | None = None,
             progress: Callable[[int], None] | None = None) -> list[RecordData]:
        from .interp.run import run

        return run(self.plan, prepared, trace, target, target_period, layer, progress)

    # ---------------------------------------------------------------- explaining
    def explain(self, record: Mapping[str, object] | tuple[str, Env], *, record_id: str | None = None,
                population: list[tuple[str, Env]] | None = None, overrides: Sequence[Override] | None = None) -> Explanation:
        """The full explain trace of one record (a plain dict, or a prepared (id, record) pair). A
        plain dict's id is `record_id`, else the scheme's `id` input (工号), else `#1`.

        With population rules, pass every prepared record of the period as `population`: ranks,
        quotas and pools depend on everyone, and the trace shows this record's part in them. With
        `overrides` (and `population`), the trace shows each override with its reason and approver.
        """
        scheme = self.ir
        if isinstance(record, tuple):
            rid, env = record
        else:
            env = _typed(scheme, record, _one_record(scheme, record, record_id))
            rid = record_id or self._own_id(env)
        if population is not None and (scheme.over_population or scheme.period_input or overrides):
            period = env.get(scheme.period_input) if scheme.period_input else None
            overlay = None
            if overrides:
                from .audit.overrides import check_applies, layer

                computed = self._run(population, False)
                check_applies(overrides, computed)
                overlay = layer(scheme, overrides, computed)
            data = next(d for d in self._run(population, False, target=rid, target_period=period, layer=overlay)
                        if d.id == rid and d.period == period)
        else:
            data = self._run([(rid, env)], True, target=rid)[0]
        from .explanation import Explanation
        from .results import to_model

        return Explanation(to_model(data, self.explainer), tuple(data.trace or ()), data, self)

    def explain_record(self, prepared: list[tuple[str, Env]], record_id: str, *, period: str | None = None,
                       where: str = "data", overrides: Sequence[Override] | None = None) -> tuple[Explanation, str | None]:
        """Explain the record with this id among `prepared` (all records read, for population
        rules and history), of `period` or else the latest; with a note saying which period was
        chosen when it was chosen for the caller.

        Raises:
            PeriodError: `period` is not a period of the scheme's calendar.
            KpiDataError: no record has that id (`where` names the data in the message).
        """
        from .data.batch import select_record

        label = self.period_label(period) if period is not None and self.ir.period_input is not None else None
        record, note = select_record(self.ir, prepared, record_id, label, where)
        return self.explain(record, population=prepared, overrides=overrides), note

    def explain_text(self, data: RecordData, detail: Detail | str = "full", lang: Lang | str | None = None) -> str:
        """The explanation of an evaluated (traced) record, as text (see `Explanation.render`)."""
        from .explain import Detail

        return self.explainer_for(lang).document(data, self.path, Detail(detail))


def _lang(lang: Lang | str | None) -> Lang:
    """A language given as a `Lang`, a tag (`zh-CN`, `en`) or None (the current language).

    Raises:
        ValueError: a tag naming no language kpidsl has.
    """
    return as_lang(lang)


def load(path: str | Path, *, stdlib: Path | None = None) -> Scheme:
    """Load a scheme file (and its imports).

    Raises:
        KpiSyntaxError, KpiImportError: the file or an import cannot be read as a scheme; the file
            does not exist, is a folder, cannot be read or is not text (K-D0202, K-S0006).
    """
    if not isinstance(path, (str, Path)):
        raise KpiImportError.single("K-D0202", api_msg.not_a_path(type=type(path).__name__))
    return Scheme(Loader(stdlib).load_path(Path(path)))


def loads(text: str, *, path: str = "<string>", base_dir: str | Path | None = None, stdlib: Path | None = None) -> Scheme:
    """Load a scheme from text; relative imports resolve against `base_dir` (default: cwd)."""
    if not isinstance(text, str):
        raise KpiSyntaxError.single("K-S0006", api_msg.not_a_string(type=type(text).__name__))
    return Scheme(Loader(stdlib).load_text(text, path, Path(base_dir) if base_dir is not None else None))


def render_error(exc: KpiError, scheme: Scheme | None = None, lang: Lang | str | None = None) -> str:
    """Render an exception's diagnostics with source lines, when the source is known, in `lang`
    (a `Lang` or a tag such as "zh-CN"; default: the current language, `kpidsl.language`).

    Raises:
        ValueError: a tag naming no language kpidsl has.
    """
    lines = scheme.program.line if scheme is not None else (lambda p, n: "")
    return render_text(exc.diagnostics, lines, as_lang(lang))


def _one_record(scheme: ir.Scheme, record: Mapping[str, object], record_id: str | None) -> str | None:
    """How messages name one plain dict: `the record (工号 'E1')` when it has an id (given, or its
    value of the scheme's `id` input under any of that input's columns), else None (`the record`)."""
    from .messages.records import the_record_id

    spec = next((i for i in scheme.inputs if i.name == scheme.id_input), None)
    if record_id is not None:
        return the_record_id(key=spec.name if spec else "id", id=record_id)
    if not isinstance(record, Mapping):  # `_typed` says what is wrong with it
        return None
    for key in spec.column_names if spec else ():
        value = record.get(key)
        if value is not None and str(value).strip():
            return the_record_id(key=key, id=str(value).strip()[:40])
    return None


def _typed(scheme: ir.Scheme, record: Mapping[str, object], where: str | None = None, cell: TableCell | None = None) -> Env:
    """A plain dict (a table's row: `cell`, `data/places.py`) as a typed record; a period made
    `from` several columns may be given by its parts (年度, 季度) instead of the period
    (`data/period_cells.py`)."""
    from .data.period_cells import period_from_mapping
    from .data.records import prepare_mapping
    from .messages.data import the_record

    return prepare_mapping(scheme, period_from_mapping(scheme, record, where or the_record()), where, cell=cell)


def _header_keys(scheme: ir.Scheme, keys: set[str]) -> dict[str, str]:
    """Each column's header, in Chinese and in English, -> its `--columns` key: a user copies the
    header the table showed them (`总分`), which names the same column as its key (`total`). A
    header that two keys share is left out (the key must then be given)."""
    from .columns import columns_for
    from .i18n import language

    found: dict[str, set[str]] = {}
    ordered = sorted(keys)
    for lang in (Lang.ZH, Lang.EN):
        with language(lang):
            for column in columns_for(scheme, ordered):
                found.setdefault(str(column.header), set()).add(column.key)
    return {header: next(iter(owners)) for header, owners in found.items() if len(owners) == 1}

