"""The embedding API: load a scheme, check it, evaluate records, explain one.

`Scheme` is the one entry object (like jinja's `Environment`). It holds no global state: two
schemes can be evaluated side by side, and one scheme from several threads, because the compiled
plan is immutable and every evaluation runs in its own decimal context.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import Analysis, analyse, check_module_definitions
from .compiler import Env
from .data.readers import Table, read_table
from .errors import Diagnostic, KpiCheckError, KpiError, KpiEvalError, Severity, render_text
from .evaluator import Plan, RecordData
from .explain import TraceEvent
from .explain import render_text as render_trace
from .i18n import Lang
from .loader import Loader, Program
from .messages.data import in_file, no_records, where_record
from .numbers import evaluation_context, fmt
from .records import ColumnMap, locate_header, map_columns, prepare_mapping, prepare_table

if TYPE_CHECKING:  # the pydantic result models are imported where they are built, not by `kpi lint`
    from .results import RecordResult, Results

#: Most records whose evaluation errors are reported at once.
MAX_RECORD_ERRORS = 20


@dataclass(frozen=True)
class Explanation:
    """The explain trace of one record: its result, the events, and their text rendering."""

    record: RecordResult
    events: tuple[TraceEvent, ...]
    text: str


class Scheme:
    """A loaded `.kpi` file. Use `load()` or `loads()` to make one."""

    def __init__(self, program: Program) -> None:
        from .templates import expand

        self.program, self._expansion_problems = expand(program)
        self._analysis: Analysis | None = None
        self._plan: Plan | None = None

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
        if self._analysis is None:
            self._analysis = analyse(self.program, self._expansion_problems)
        return self._analysis

    # ---------------------------------------------------------------- checking
    def check(self) -> list[Diagnostic]:
        """Every diagnostic the static checks find (errors and warnings), in file order."""
        if not self.has_scheme:
            return [*self.program.warnings, *check_module_definitions(self.program)]
        return self.analysis.bag.sorted()

    def render(self, diagnostics: Iterable[Diagnostic]) -> str:
        """Diagnostics as text with source lines and carets (for scheme and data files alike)."""
        return render_text(diagnostics, self.program.line)

    @property
    def plan(self) -> Plan:
        """The compiled evaluation plan.

        Raises:
            KpiCheckError: the scheme has errors; they are all in the exception.
        """
        if self._plan is None:
            if not self.has_scheme:
                raise KpiCheckError.single("K-E0100", f"{self.path} defines no scheme (it is a module of definitions)", None,
                                           ["evaluate a file with a `scheme \"...\" { ... }` block"])
            errors = [d for d in self.check() if d.severity is Severity.ERROR]
            if errors:
                raise KpiCheckError(errors)
            self._plan = Plan(self.analysis)
        return self._plan

    # ---------------------------------------------------------------- evaluating
    def read(self, path: str | Path, *, encoding: str | None = None, sheet: str | None = None,
             fmt: str | None = None) -> Table:
        """Read a data file (CSV, .xlsx, JSON, JSONL) for `evaluate_table`.

        The file's text is remembered so that data errors render with the offending line.
        """
        table = read_table(Path(path), encoding=encoding, sheet=sheet, fmt=fmt)
        if table.source is not None:
            self.program.sources[table.path] = table.source
        if self.has_scheme and not self.check_errors():
            table = locate_header(self.plan, table)
            if not table.rows:
                from .errors import KpiDataError

                raise KpiDataError.single("K-D0201", in_file(path=table.path, message=no_records()))
        return table

    def check_errors(self) -> list[Diagnostic]:
        """The error-level diagnostics of `check()`."""
        return [d for d in self.check() if d.severity is Severity.ERROR]

    def columns(self, table: Table, id_column: str | None = None) -> ColumnMap:
        """How the table's columns map to the scheme's inputs (raises KpiDataError)."""
        return map_columns(self.plan, table, id_column)

    def prepare(self, table: Table, id_column: str | None = None) -> list[tuple[str, Env]]:
        """Typed records of a table, keyed by id (raises KpiDataError)."""
        plan = self.plan
        return prepare_table(plan, table, map_columns(plan, table, id_column))

    def evaluate_table(self, table: Table, *, id_column: str | None = None, trace: bool = False) -> Results:
        """Evaluate every record of a data table."""
        return self._evaluate_prepared(self.prepare(table, id_column), trace)

    def evaluate(self, records: Iterable[Mapping[str, object]], *, trace: bool = False, id_key: str | None = None) -> Results:
        """Evaluate plain dicts keyed by input name, label or alias.

        The record id is `id_key`'s value when given (or the scheme's `id` input), else its position.

        Raises:
            KpiCheckError: the scheme has errors.
            KpiDataError: a value does not fit its input.
            KpiEvalError: a record cannot be evaluated (all such records are reported).
        """
        plan = self.plan
        prepared = []
        for i, rec in enumerate(records, start=1):
            env = prepare_mapping(plan, rec, where_record(number=i))
            key = id_key or plan.id_input
            rid = str(rec.get(key, "")).strip() if key else ""
            prepared.append((rid or f"#{i}", env))
        return self._evaluate_prepared(prepared, trace)

    def evaluate_one(self, record: Mapping[str, object], *, trace: bool = False, record_id: str = "#1") -> RecordResult:
        """Evaluate one plain dict."""
        from .results import to_model

        env = prepare_mapping(self.plan, record)
        return to_model(self._run([(record_id, env)], trace)[0])

    def evaluate_records(self, prepared: list[tuple[str, Env]], *, trace: bool = False) -> list[RecordData]:
        """Evaluate prepared records and return the evaluator's own records (the fast path used by
        the CLI and the benchmark; `Results` models are built from these)."""
        return self._run(prepared, trace)

    def _evaluate_prepared(self, prepared: list[tuple[str, Env]], trace: bool) -> Results:
        return self.results(self._run(prepared, trace))

    def results(self, datas: Iterable[RecordData], period: str | None = None) -> Results:
        """The public `Results` model for records from `evaluate_records`."""
        from .results import Results, to_model

        s = self.program.scheme
        assert s is not None
        version = s.meta_value("version")
        declared = s.meta_value("period")
        return Results.model_construct(
            scheme=s.title,
            version=str(version) if version is not None else None,
            period=period or (str(declared) if declared is not None else None),
            records=[to_model(d) for d in datas],
        )

    def _run(self, prepared: list[tuple[str, Env]], trace: bool, target: str | None = None,
             target_period: str | None = None) -> list[RecordData]:
        """Evaluate records, then the population rules. With a period column, period by period,
        oldest first, so each record sees the same employee's previous period and the same period
        last year (`prev`, `last_year`, flags, roll-ups); without one, all records are one batch."""
        from .periods import previous, same_last_year
        from .population import run_population

        plan = self.plan
        unit = plan.period_unit or "month"
        history: dict[tuple[str, str], Env] = {}
        out: list[RecordData] = []
        problems: list[Diagnostic] = []
        with decimal.localcontext(evaluation_context()):
            for label, batch in self._batches(prepared):
                datas: list[RecordData] = []
                for rid, env in batch:
                    e = dict(env)
                    if label is not None:
                        e["__prev__"] = history.get((rid, previous(label, unit)))
                        e["__last_year__"] = history.get((rid, same_last_year(label, unit)))
                    wanted = rid == target and target_period in (None, label)
                    try:
                        d = plan.evaluate(e, rid, trace or wanted)
                    except KpiEvalError as exc:
                        problems.extend(exc.diagnostics)
                        if len(problems) >= MAX_RECORD_ERRORS:
                            break
                        continue
                    except (decimal.Overflow, decimal.InvalidOperation) as exc:
                        problems.append(Diagnostic("K-R0306", f"record '{rid}': a number grew beyond the exact range "
                                                   f"({type(exc).__name__})", None, Severity.ERROR,
                                                   ("check the formulas for runaway multiplication",)))
                        continue
                    d.period = label
                    datas.append(d)
                if problems:
                    break
                run_population(plan, datas, target if target_period in (None, label) else None, history, unit)
                if label is not None:
                    for d in datas:
                        assert d.env is not None
                        history[(d.id, label)] = d.env
                out.extend(datas)
        if problems:
            raise KpiEvalError(problems[:MAX_RECORD_ERRORS])
        return out

    def _batches(self, prepared: list[tuple[str, Env]]) -> list[tuple[str | None, list[tuple[str, Env]]]]:
        """Records grouped by period, oldest first; one batch when the scheme has no period column."""
        from .periods import ordinal

        key = self.plan.period_input
        if key is None:
            return [(None, prepared)]
        unit = self.plan.period_unit or "month"
        by_period: dict[str, list[tuple[str, Env]]] = {}
        for rid, env in prepared:
            label = env.get(key)
            if not isinstance(label, str):
                raise KpiEvalError.single("K-R0314", f"record '{rid}' has no period", None, [f"fill the '{key}' column on every row"])
            by_period.setdefault(label, []).append((rid, env))
        return [(label, by_period[label]) for label in sorted(by_period, key=lambda p: ordinal(p, unit))]

    # ---------------------------------------------------------------- explaining
    def explain(self, record: Mapping[str, object] | tuple[str, Env], *, record_id: str = "#1",
                population: list[tuple[str, Env]] | None = None) -> Explanation:
        """The full explain trace of one record (a plain dict, or a prepared (id, record) pair).

        With population rules, pass every prepared record of the period as `population`: ranks,
        quotas and pools depend on everyone, and the trace shows this record's part in them.
        """
        if isinstance(record, tuple):
            rid, env = record
        else:
            rid, env = record_id, prepare_mapping(self.plan, record)
        if population is not None and (self.plan.scheme.population or self.plan.period_input):
            period = env.get(self.plan.period_input) if self.plan.period_input else None
            data = next(d for d in self._run(population, False, target=rid, target_period=period)
                        if d.id == rid and d.period == period)
        else:
            data = self._run([(rid, env)], True, target=rid)[0]
        from .results import to_model

        model = to_model(data)
        events = tuple(data.trace or ())
        return Explanation(model, events, self.explain_text(data))

    def explain_text(self, data: RecordData) -> str:
        s = self.program.scheme
        assert s is not None
        head = [f"{s.title} — record {data.id}" + (f", period {data.period}" if data.period else ""), f"scheme file: {self.path}"]
        version = s.meta_value("version")
        if version is not None:
            head.append(f"scheme version: {version}")
        body = render_trace(head, data.trace or (), self.path)
        summary = [f"total: {fmt(data.total)}"]
        if data.grade is not None:
            summary.append(f"grade: {data.grade}")
        if not data.bonus_eligible:
            summary.append("performance bonus: withheld by veto (" + ", ".join(v.label for v in data.vetoes if v.effect == "no_bonus") + ")")
        return body + "result: " + "; ".join(summary) + "\n"


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


def render_error(exc: KpiError, scheme: Scheme | None = None, lang: Lang | None = None) -> str:
    """Render an exception's diagnostics with source lines, when the source is known, in `lang`
    (default: the current language, `kpidsl.language`)."""
    lines = scheme.program.line if scheme is not None else (lambda p, n: "")
    return render_text(exc.diagnostics, lines, lang)
