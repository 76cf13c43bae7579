"""The `kpi` command: a thin click layer over the embedding API.

Exit codes: 0 success; 1 a user error in the scheme or the data, a failing `kpi test`, or
`kpi lint` findings at error level; 2 a usage error; 70 an internal error (a bug: please report
it). A user's mistake never prints a Python traceback; set KPI_DEBUG=1 to see one for a bug.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

# Only what every command needs is imported here; each command imports the rest of kpidsl when it
# runs, so `kpi --version` and `kpi lint` do not pay for pydantic, openpyxl or tabulate.
from . import __version__
from .errors import Diagnostic, KpiError, Severity, render_json, render_text
from .report import FORMAT_NAMES

if TYPE_CHECKING:
    from .api import Scheme
    from .outcome import RecordData
    from .report import OutputFormat
    from .values import Env

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class UserError(Exception):
    """Raised inside commands to stop with exit code 1 after printing."""


def _err(text: str) -> None:
    click.echo(text, err=True)


def _load(path: str) -> Scheme:
    from .api import load

    try:
        return load(path)
    except FileNotFoundError:
        raise KpiError.single("K-D0202", f"scheme file not found: {path}") from None
    except IsADirectoryError:
        raise KpiError.single("K-D0202", f"{path} is a folder, not a scheme file") from None


def _render(diags: Sequence[Diagnostic]) -> str:
    """Render diagnostics, reading the quoted lines from the scheme or data files on disk."""
    cache: dict[str, list[str]] = {}

    def lookup(path: str, line: int) -> str:
        if path not in cache:
            cache[path] = []
            try:
                data = Path(path).read_bytes()
            except OSError:
                data = b""
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    cache[path] = data.decode(encoding).splitlines()
                    break
                except UnicodeDecodeError:
                    continue
        lines = cache[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    return render_text(diags, lookup)


def _ready(scheme: Scheme) -> None:
    """Stop with the scheme's errors if it has any (warnings are printed only with lint)."""
    scheme.ir  # noqa: B018 - compiling raises KpiCheckError with every error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kpi")
def cli() -> None:
    """kpidsl: evaluate, explain, lint and test HR performance-evaluation schemes.

    \b
    Example:
      kpi eval examples/purchasing_manager/scheme.kpi examples/purchasing_manager/data.csv
    """


# ------------------------------------------------------------------------------ eval


def _output_format(out_format: str | None, output: str | None) -> OutputFormat:
    """The format `--format` names, else the one `-o`'s extension implies, else a table."""
    from .report import FORMATS, format_for

    if output is not None and out_format in (None, "table"):
        found = format_for(output)
        if found is None:
            exts = ", ".join(e for f in FORMATS.values() for e in f.extensions[:1])
            raise click.UsageError(f"cannot tell the output format of {output}; use {exts}, or --format")
        return found
    fmt = FORMATS[out_format or "table"]
    if fmt.text is None and output is None:
        raise click.UsageError(f"{fmt.name} output needs a file: -o results{fmt.extensions[0]}")
    return fmt


def _period_label(scheme: Scheme, text: str) -> str:
    from .periods import PeriodError

    try:
        return scheme.period_label(text)
    except PeriodError as exc:
        raise click.UsageError(f"--period {text}: {exc}") from None


@cli.command("eval")
@click.argument("scheme_path", metavar="SCHEME")
@click.argument("data", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write results to a .csv, .json, .jsonl or .xlsx file.")
@click.option("--format", "out_format", type=click.Choice(list(FORMAT_NAMES)), help="Output format (default: from the -o extension, else table).")
@click.option("--id", "id_column", help="Column holding the record id (default: the scheme's `id`, else 工号/id/姓名).")
@click.option("--period", help="Output this period (2024Q3, 2024-07, ...); the earlier ones are history for prev/last_year, flags "
              "and roll-ups. Without a period column in the scheme: keep rows whose 期间/period column equals this value.")
@click.option("--columns", help="Comma-separated columns to show: id, total, grade, base_score, deductions, bonuses, bonus, vetoes, or item names.")
@click.option("--encoding", help="Force the CSV encoding (default: detect UTF-8, UTF-8 with BOM or GB18030).")
@click.option("--sheet", help="Excel sheet to read (default: the first).")
@click.option("--engine", type=click.Choice(["auto", "columnar", "python"]), default="auto", show_default=True,
              help="The backend: auto (columnar where it supports the scheme, else python; -v says why), columnar or python.")
@click.option("-v", "--verbose", is_flag=True, help="Report unused columns, detected encodings and the engine used (and why).")
def eval_cmd(scheme_path: str, data: tuple[str, ...], output: str | None, out_format: str | None, id_column: str | None,
             period: str | None, columns: str | None, encoding: str | None, sheet: str | None, engine: str, verbose: bool) -> None:
    """Evaluate every record of DATA (CSV, .xlsx, JSON, JSONL) under SCHEME.

    \b
    Examples:
      kpi eval scheme.kpi data.csv
      kpi eval scheme.kpi 一月.xlsx --sheet 考核 -o results.xlsx
      kpi eval scheme.kpi data.csv --columns id,total,grade --format json
    """
    from .report import Output, write

    scheme = _load(scheme_path)
    _ready(scheme)
    fmt = _output_format(out_format, output)
    notes = _err if verbose else None
    if engine != "python" and len(data) == 1 and period is None:
        records = _evaluate_file(scheme, data[0], encoding, sheet, id_column, engine, notes)
        prepared: list[tuple[str, Env]] = []
    else:
        if engine == "columnar":
            raise click.UsageError("--engine columnar reads one data file without --period; use --engine auto")
        prepared = scheme.read_records(data, encoding=encoding, sheet=sheet, period=period, id_column=id_column, notes=notes)
        records = _evaluate_with_progress(scheme, prepared)
        if notes is not None:
            notes("engine: python (several files or --period)")
    if period is not None:
        # Every period was evaluated (the others are history for prev/last_year, flags,
        # roll-ups); only the chosen one is output.
        _period_label(scheme, period)
        records = scheme.of_period(records, period, prepared)
    try:
        cols = scheme.output_columns(records, columns)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    out = Output(scheme.bulk_results(records, period), records, cols, {"id": scheme.ir.id_input or "id"})
    if output is None:
        assert fmt.text is not None
        click.echo(fmt.text(out), nl=False)
        return
    write(Path(output), fmt, out)
    _err(f"wrote {len(records)} record(s) to {output}")


def _evaluate_file(scheme: Scheme, path: str, encoding: str | None, sheet: str | None, id_column: str | None, engine: str,
                   notes: Callable[[str], None] | None) -> Sequence[RecordData]:
    """One data file on the engine `--engine` chooses (-v says which, and why not columnar)."""
    table = scheme.read(path, encoding=encoding, sheet=sheet)
    if notes is not None:
        cmap = scheme.columns(table, id_column)
        if cmap.unused:
            notes(f"{path}: columns not used by the scheme: {', '.join(cmap.unused)}")
        if table.encoding:
            notes(f"{path}: read as {table.encoding}")
    try:
        records, used, why = scheme.evaluate_table_records(table, id_column=id_column, engine=engine)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if notes is not None:
        notes(f"engine: {used}" + (f" ({why})" if why else ""))
    return records


def _evaluate_with_progress(scheme: Scheme, prepared: list[tuple[str, Env]]) -> list[RecordData]:
    """Evaluate, with a progress bar on stderr for long runs when stderr is a terminal."""
    if len(prepared) < 2000 or not sys.stderr.isatty() or scheme.ir.period_input is not None:
        return scheme.evaluate_records(prepared)
    out: list[RecordData] = []
    chunk = 1000
    with click.progressbar(length=len(prepared), label="evaluating", file=sys.stderr) as bar:
        for i in range(0, len(prepared), chunk):
            part = prepared[i : i + chunk]
            out.extend(scheme.evaluate_records(part))
            bar.update(len(part))
    return out


# ------------------------------------------------------------------------------ sql


@cli.command("sql")
@click.argument("scheme_path", metavar="SCHEME")
@click.option("--dialect", type=click.Choice(["duckdb"]), default="duckdb", show_default=True,
              help="The SQL dialect (only dialects a test runs the query on are offered).")
@click.option("--table", "table_name", default="kpi_inputs", show_default=True, help="The table of inputs the query reads.")
@click.option("--places", type=click.IntRange(0, 18), default=4, show_default=True,
              help="Most decimal places a number cell may have (rows with more are marked needs_kpidsl).")
def sql_cmd(scheme_path: str, dialect: str, table_name: str, places: int) -> None:
    """Print one SQL query computing SCHEME's results from a table of inputs (docs/api.md, "SQL").

    The table has one text column per input, named as the input. The query gives each row's total,
    grade, item scores and `needs_kpidsl` (rows to run through kpi eval for their result or error).

    \b
    Example:
      kpi sql scheme.kpi --table staging.kpi_inputs > results.sql
    """
    from .columnar.export import query
    from .columnar.sql import Unsupported

    scheme = _load(scheme_path)
    _ready(scheme)
    try:
        click.echo(query(scheme.ir, table_name, places, dialect), nl=False)
    except Unsupported as exc:
        raise KpiError.single("K-E0190", f"{scheme_path}: kpi sql cannot express this scheme: {exc}", None,
                              ["evaluate it with kpi eval (the interpreter covers the whole language)"]) from None


# ------------------------------------------------------------------------------ explain


@cli.command("explain")
@click.argument("scheme_path", metavar="SCHEME")
@click.argument("data")
@click.option("--id", "record_id", required=True, help="The record (employee) to explain.")
@click.option("--id-column", help="Column holding the record id.")
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--encoding", help="Force the CSV encoding.")
@click.option("--sheet", help="Excel sheet to read.")
@click.option("--period", help="The period to explain (default: the employee's latest); with a period column the others are history.")
def explain_cmd(scheme_path: str, data: str, record_id: str, id_column: str | None, out_format: str,
                encoding: str | None, sheet: str | None, period: str | None) -> None:
    """Explain every step of one record's score, from input cells to grade.

    \b
    Example:
      kpi explain scheme.kpi data.csv --id E003
    """
    scheme = _load(scheme_path)
    _ready(scheme)
    prepared = scheme.read_records((data,), encoding=encoding, sheet=sheet, period=period, id_column=id_column)
    if period is not None and scheme.ir.period_input is not None:
        _period_label(scheme, period)
    explanation, note = scheme.explain_record(prepared, record_id, period=period, where=data)
    if note:
        _err(note)
    if out_format == "json":
        payload = {"record": json.loads(explanation.record.model_dump_json(exclude={"trace"})), "trace": explanation.json()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(explanation.text, nl=False)


# ------------------------------------------------------------------------------ lint


@cli.command("lint")
@click.argument("schemes", nargs=-1)
@click.option("--format", "out_format", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), default="info", show_default=True,
              help="Show findings at this level and above.")
@click.option("--summary", is_flag=True, help="Also print the reachable range of every score, group and of the total.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this kpi.toml or pyproject.toml for every file "
              "(default: the nearest one above each file).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file: the rules' defaults only.")
@click.option("--explain", "explain_rule", metavar="RULE", help="Print the page of one rule (a code such as K-L0101 or a name such as ladder-gap).")
def lint_cmd(schemes: tuple[str, ...], out_format: str, severity: str, summary: bool, config_path: str | None,
             isolated: bool, explain_rule: str | None) -> None:
    """Check scheme files (and stdlib modules) for mistakes before anyone is paid by them.

    Ladder gaps and overlaps, grade bands that miss totals, weights, unused names, rates compared
    with plain numbers, unguarded divisions, vetoes that can never fire, the handbooks' design
    rules, and more: docs/lint.md. Rules are configured per project in kpi.toml or pyproject.toml
    ([tool.kpi.lint]); silence one finding with a comment on its line: `# kpi: ignore K-L0102`
    (or the rule's name). Schemes linted together are also compared with each other. Exits 1 when
    any error-level finding remains.

    \b
    Examples:
      kpi lint examples/*/scheme.kpi
      kpi lint clients/acme/*.kpi --summary
      kpi lint scheme.kpi --format sarif > lint.sarif
      kpi lint --explain ladder-gap
    """
    from .lint import LintConfig, LintReport, config_for, lint_many, load_config, to_sarif
    from .lint.docs import explain

    if explain_rule is not None:
        try:
            click.echo(explain(explain_rule), nl=False)
        except LookupError as exc:
            raise click.UsageError(str(exc)) from None
        return
    if not schemes:
        raise click.UsageError("give one or more scheme files to lint (or --explain RULE)")
    fixed = load_config(config_path) if config_path is not None else LintConfig() if isolated else None
    cache: dict[Path | None, LintConfig] = {}
    order = {"error": 0, "warning": 1, "info": 2}
    threshold = order[severity]
    loaded: list[tuple[int, Scheme, LintConfig]] = []
    reports: dict[int, LintReport] = {}
    for i, path in enumerate(schemes):
        try:
            scheme = _load(path)
            loaded.append((i, scheme, fixed or config_for(path, cache)))
        except KpiError as exc:
            reports[i] = LintReport(path, exc.diagnostics, None)
    for (i, _, _), report in zip(loaded, lint_many([s for _, s, _ in loaded], [c for _, _, c in loaded]), strict=True):
        reports[i] = report
    by_path = {s.path: s for _, s, _ in loaded}
    failed = False
    texts = []
    shown_reports = []
    for i in range(len(schemes)):
        report = reports[i]
        failed = failed or any(d.severity is Severity.ERROR for d in report.diagnostics)
        shown = tuple(d for d in report.diagnostics if order[d.severity.value] <= threshold)
        report = LintReport(report.path, shown, report.ranges)
        shown_reports.append(report)
        if out_format == "text":
            owner = by_path.get(report.path)
            if shown:
                texts.append(owner.render(shown) if owner is not None else _render(shown))
            if summary:
                texts.append("\n".join(report.summary()))
    if out_format == "json":
        click.echo(render_json([d for r in shown_reports for d in r.diagnostics]))
    elif out_format == "sarif":
        click.echo(to_sarif(shown_reports))
    else:
        if texts:
            click.echo("\n\n".join(t for t in texts if t))
        everything = [d for r in shown_reports for d in r.diagnostics]
        errors = sum(1 for d in everything if d.severity is Severity.ERROR)
        warnings = sum(1 for d in everything if d.severity is Severity.WARNING)
        click.echo(f"{len(schemes)} file(s) checked: {errors} error(s), {warnings} warning(s)", err=True)
    if failed:
        raise UserError()


# ------------------------------------------------------------------------------ test


@cli.command("test")
@click.argument("schemes", nargs=-1, required=True)
@click.option("-q", "--quiet", is_flag=True, help="Print failures and the summary only.")
def test_cmd(schemes: tuple[str, ...], quiet: bool) -> None:
    """Run the `test` blocks shipped in scheme files; show a diff for every value that differs.

    \b
    Example:
      kpi test examples/*/scheme.kpi
    """
    from .testing import run_tests

    passed = failed = 0
    for path in schemes:
        scheme = _load(path)
        if scheme.has_scheme:
            _ready(scheme)
        outcomes = run_tests(scheme)
        if not outcomes and not quiet:
            click.echo(f"{path}: no test blocks")
        for o in outcomes:
            if o.passed:
                passed += 1
                if not quiet:
                    click.echo(f"PASS {path}: {o.name}")
                continue
            failed += 1
            click.echo(f"FAIL {path}:{o.span.line}: {o.name}")
            if o.error:
                click.echo("  " + o.error.replace("\n", "\n  "))
            for m in o.mismatches:
                click.echo(f"  {m.path} (line {m.span.line}):")
                click.echo(f"    - expected: {m.expected}")
                click.echo(f"    + actual:   {m.actual}")
    click.echo(f"{passed} passed, {failed} failed")
    if failed:
        raise UserError()


# ------------------------------------------------------------------------------ fmt


@cli.command("fmt")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file is not formatted.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print the changes as a unified diff (exit 1 if any).")
@click.option("-w", "--write", is_flag=True, help="Rewrite the files in place (what kpi fmt does without --check or --diff).")
def fmt_cmd(paths: tuple[str, ...], check: bool, show_diff: bool, write: bool) -> None:
    """Rewrite scheme files in the one canonical layout (docs/fmt.md).

    PATH is a .kpi file, a folder (every .kpi file under it), or - to format standard input to
    standard output. Comments are kept; full-width punctuation outside strings becomes ASCII; the
    meaning of the file never changes (the result is checked before it is written).

    \b
    Examples:
      kpi fmt scheme.kpi
      kpi fmt --check examples stdlib
      kpi fmt --diff scheme.kpi
      kpi fmt - < scheme.kpi
    """
    from .fmt.command import run

    if write and (check or show_diff):
        raise click.UsageError("--write cannot be combined with --check or --diff")
    code = run(paths, check=check, diff=show_diff, out=lambda text: click.echo(text, nl=False), err=_err)
    if code:
        raise UserError()


# ------------------------------------------------------------------------------ stdlib


@cli.group("stdlib")
def stdlib_cmd() -> None:
    """Browse the stdlib: indicator templates, ladders, scales, grade bands, attendance rules.

    \b
    Examples:
      kpi stdlib list --category C
      kpi stdlib show 准时交付率
    """


@stdlib_cmd.command("list")
@click.option("--category", type=click.Choice(["F", "C", "P", "L"]), help="Only indicators of this balanced-scorecard category.")
@click.option("--kind", type=click.Choice(["template", "ladder", "scale", "bands", "const"]), help="Only definitions of this kind.")
def stdlib_list(category: str | None, kind: str | None) -> None:
    """List stdlib definitions with their module, kind and metadata.

    \b
    Example:
      kpi stdlib list --kind template --category F
    """
    from tabulate import tabulate

    from . import nodes as n
    from .catalog import entries

    rows = []
    for e in entries():
        if kind is not None and e.kind != kind:
            continue
        if category is not None and e.category != category:
            continue
        node = e.node
        en = code = ""
        if isinstance(node, n.TemplateDef):
            en, code = node.body.name_en or "", node.body.code or ""
        rows.append([e.name, e.kind, e.module, e.category or "", code, en])
    click.echo(tabulate(rows, headers=["name", "kind", "module", "category", "code", "English"], disable_numparse=True))


@stdlib_cmd.command("show")
@click.argument("name")
def stdlib_show(name: str) -> None:
    """Show one stdlib definition: metadata, inputs, params and its source.

    \b
    Example:
      kpi stdlib show 平均修复时长
    """
    from .catalog import describe, entries, source_text

    found = [e for e in entries() if e.name == name]
    if not found:
        from .suggest import suggest

        names = [e.name for e in entries()]
        s = suggest(name, names)
        raise KpiError.single("K-E0102", f"no stdlib definition named '{name}'", None,
                              [f"did you mean '{s}'?" if s else "kpi stdlib list shows every name"])
    for e in found:
        click.echo("\n".join(describe(e)))
        click.echo("")
        click.echo(f"import: from {e.module} import {e.name}")
        click.echo("")
        click.echo(source_text(e))


# ------------------------------------------------------------------------------ entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (never raises for user errors)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        cli.main(args=args, prog_name="kpi", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.Abort:
        _err("aborted")
        return EXIT_USER
    except UserError:
        return EXIT_USER
    except KpiError as exc:
        _err(_render(exc.diagnostics))
        return EXIT_USER
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, not a user error
        _err(f"internal error: {type(exc).__name__}: {exc}")
        _err("This is a bug in kpidsl, not in your scheme or data. Please report it with the command you ran.")
        if os.environ.get("KPI_DEBUG"):
            traceback.print_exc()
        return EXIT_INTERNAL
    return EXIT_OK


def main_exit() -> None:
    """Console-script entry point: run and exit with the code."""
    sys.exit(main())
