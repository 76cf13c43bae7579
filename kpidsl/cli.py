"""The `kpi` command: a thin click layer over the embedding API.

Exit codes: 0 success; 1 a user error in the scheme or the data, a failing `kpi test`, or
`kpi lint` findings at error level; 2 a usage error; 70 an internal error (a bug: please report
it); 130 interrupted (Ctrl-C), with no output file written. A user's mistake never prints a Python traceback; set KPI_DEBUG=1 to see one for a bug.

Messages and help speak the language chosen by `--lang`, else `KPI_LANG`, else the locale
(docs/i18n.md); `main` sets it in a context of its own, so nothing outlives the command.
"""

from __future__ import annotations

import contextvars
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

# Only what every command needs is imported here; each command imports the rest of kpidsl when it
# runs, so `kpi --version` and `kpi lint` do not pay for pydantic, openpyxl or tabulate.
from . import __version__
from .cli_help import LocalizedGroup, LocalizedOption, lang_in_args, lang_option, option
from .errors import Diagnostic, KpiError, Severity, render_json, render_text
from .i18n import Lang, language_from_environment, set_language
from .messages import audit as audit_msg
from .messages import cli as msg
from .messages import engine as engine_msg
from .messages import periods as period_msg
from .messages import run as run_msg
from .messages.common import did_you_mean

if TYPE_CHECKING:
    from .api import Scheme
    from .lint import LintConfig, LintReport
    from .report import OutputFormat

#: The names of `report.FORMATS`, written out so that the CLI starts without loading the result
#: writers (`tests/cli/test_startup.py` checks that the two agree).
FORMAT_NAMES = ("table", "csv", "json", "jsonl", "xlsx")

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """Raised inside commands to stop with exit code 1 after printing."""


def _err(text: str) -> None:
    click.echo(text, err=True)


def _load(path: str) -> Scheme:
    from .api import load

    return load(path)  # a missing or unreadable file is a KpiError too (textfile.py)


def _render(diags: Sequence[Diagnostic]) -> str:
    """Render diagnostics, reading the quoted lines from the scheme or data files on disk."""
    cache: dict[str, list[str]] = {}

    def lookup(path: str, line: int) -> str:
        if path not in cache:
            cache[path] = []
            from .textfile import decode_scheme

            try:
                data = Path(path).read_bytes()
                cache[path] = decode_scheme(data, path).splitlines()
            except (OSError, KpiError):  # a file cut or not text: its lines as far as they read
                cache[path] = data.decode("utf-8", errors="replace").splitlines() if "data" in locals() else []
        lines = cache[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    return render_text(diags, lookup)


def _warnings(verbose: bool) -> Callable[[list[Diagnostic]], None]:
    """Print what reading the data noticed: warnings always, notes (a dropped 合计 row) with -v."""

    def show(diagnostics: list[Diagnostic]) -> None:
        shown = [d for d in diagnostics if d.severity is not Severity.INFO or verbose]
        if shown:
            _err(_render(shown))

    return show


def _ready(scheme: Scheme) -> None:
    """Stop with the scheme's errors if it has any (warnings are printed only with lint)."""
    scheme.ir  # noqa: B018 - compiling raises KpiCheckError with every error


@click.group(cls=LocalizedGroup, help=msg.help_kpi(), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kpi", cls=LocalizedOption, text=msg.version_option())
@lang_option
def cli() -> None:
    """The `kpi` group (its help is `messages.cli.help_kpi`)."""


# ------------------------------------------------------------------------------ eval


def _output_format(out_format: str | None, output: str | None) -> OutputFormat:
    """The format `--format` names, else the one `-o`'s extension implies, else a table."""
    from .report import FORMATS, format_for

    if output is not None and out_format in (None, "table"):
        found = format_for(output)
        if found is None:
            exts = ", ".join(e for f in FORMATS.values() for e in f.extensions[:1])
            raise click.UsageError(msg.unknown_output_format(path=output, extensions=exts))
        return found
    fmt = FORMATS[out_format or "table"]
    if fmt.text is None and output is None:
        raise click.UsageError(msg.needs_a_file(format=fmt.name, example=f"results{fmt.extensions[0]}"))
    return fmt


def _period_label(scheme: Scheme, text: str) -> str:
    from .periods import PeriodError

    try:
        return scheme.period_label(text)
    except PeriodError as exc:
        raise click.UsageError(msg.bad_period(value=text, error=exc.text)) from None


@cli.command("eval", help=msg.help_eval())
@click.argument("scheme_path", metavar="SCHEME")
@click.argument("data", nargs=-1, required=True)
@option("-o", "--output", type=click.Path(dir_okay=False), text=msg.help_eval_output())
@option("--format", "out_format", type=click.Choice(FORMAT_NAMES, case_sensitive=False), text=msg.help_eval_format())
@option("--id-column", "--id", "id_column", text=msg.help_eval_id())
@option("--period", text=msg.help_eval_period())
@option("--level", type=click.Choice(["week", "month", "quarter", "half_year", "year"], case_sensitive=False), text=period_msg.help_eval_level())
@option("--columns", text=msg.help_eval_columns())
@option("--headers", type=click.Choice(["labels", "keys"], case_sensitive=False), default="labels", show_default=True, text=run_msg.help_eval_headers())
@option("--csv-formulas", type=click.Choice(["quote", "keep"], case_sensitive=False), default="quote", show_default=True,
        text=run_msg.help_eval_csv_formulas())
@option("--by", "by", text=run_msg.help_eval_by())
@option("--explain-ids", "explain_ids", text=run_msg.help_eval_explain_ids())
@option("--encoding", text=msg.help_encoding())
@option("--sheet", text=msg.help_sheet())
@option("-v", "--verbose", is_flag=True, text=msg.help_verbose())
@option("-q", "--quiet", is_flag=True, text=run_msg.help_eval_quiet())
@option("--overrides", "overrides_path", type=click.Path(dir_okay=False), text=audit_msg.help_overrides())
@option("--record", "record_path", metavar="RUNS.DB", text=audit_msg.help_record())
@option("--allow-lint-errors", is_flag=True, text=msg.help_allow_lint_errors())
@option("--engine", type=click.Choice(["auto", "columnar", "python"], case_sensitive=False), default="auto", show_default=True,
        text=engine_msg.help_eval_engine())
@lang_option
def eval_cmd(scheme_path: str, data: tuple[str, ...], output: str | None, out_format: str | None, id_column: str | None,
             period: str | None, columns: str | None, headers: str, by: str | None, explain_ids: str | None,
             encoding: str | None, sheet: str | None, verbose: bool, quiet: bool, overrides_path: str | None,
             record_path: str | None, allow_lint_errors: bool, engine: str, level: str | None = None,
             csv_formulas: str = "quote") -> None:
    """`kpi eval` (help: `messages.cli.help_eval`); the work is in `cli_eval.py`."""
    from .cli_eval import by_columns, evaluate_and_write, id_list
    from .eval_options import EvalOptions
    from .progress import Progress, delay_from_environment

    if output is not None:
        from .atomic import refuse_inputs

        refuse_inputs(output, [scheme_path, *data, *(p for p in (overrides_path, record_path) if p)])
    scheme = _load(scheme_path)
    _ready(scheme)
    if not allow_lint_errors:
        _refuse_lint_errors(scheme)
    fmt = _output_format(out_format, output)
    groups = by_columns(scheme, by)
    if level is not None and scheme.ir.period_unit is not None and level == scheme.ir.period_unit.value:
        level = None  # the scheme's own period: the default output
    if level is not None:
        _level(scheme, level, period)
    elif period is not None:
        _period_label(scheme, period)
    if explain_ids and fmt.name != "xlsx":
        raise click.UsageError(run_msg.explain_ids_needs_xlsx())
    progress = Progress(sys.stderr, enabled=not quiet and sys.stderr.isatty(), delay=delay_from_environment())
    opts = EvalOptions(encoding, sheet, period, id_column, columns, headers, groups, id_list(explain_ids), verbose,
                       overrides_path, record_path, engine, level, quiet, csv_formulas)
    try:
        summary = evaluate_and_write(scheme, fmt, output, progress, data, opts, _warnings(verbose), _err)
    finally:
        progress.close()
    if not quiet:
        _err(summary.text().rstrip("\n"))


def _refuse_lint_errors(scheme: Scheme) -> None:
    """Stop before reading any data when `kpi lint` reports an error-level finding (a tier that can
    never apply, a ladder gap): the results would be wrong or fail for some record. The scheme's
    own lint configuration applies; its test-coverage minimum is `kpi lint`'s and `kpi test`'s."""
    import dataclasses

    from .lint import config_for, lint

    config = dataclasses.replace(config_for(scheme.path), min_coverage=None)
    errors = [d for d in lint(scheme, config).diagnostics if d.severity is Severity.ERROR]
    if errors:
        _err(scheme.render(errors))
        _err(msg.lint_errors_refused(count=len(errors)))
        raise UserError()


def _level(scheme: Scheme, level: str, period: str | None) -> None:
    """`--level`: a unit at least as coarse as the scheme's period (and `--period` one of its periods)."""
    from .level_rows import coarser
    from .periods import PeriodError, parse_period

    if not coarser(scheme.ir, level):
        unit = scheme.ir.period_unit.value if scheme.ir.period_unit is not None else "-"
        raise click.UsageError(period_msg.level_not_coarser(level=level, unit=unit))
    if period is not None:
        try:
            parse_period(period, level)
        except PeriodError as exc:
            raise click.UsageError(msg.bad_period(value=period, error=exc.text)) from None


# ------------------------------------------------------------------------------ sql


@cli.command("sql", help=engine_msg.help_sql())
@click.argument("scheme_path", metavar="SCHEME")
@option("--dialect", type=click.Choice(["duckdb", "spark", "postgres"], case_sensitive=False), default="duckdb", show_default=True, text=engine_msg.help_sql_dialect())
@option("--table", "table_name", default="kpi_inputs", show_default=True, text=engine_msg.help_sql_table())
@option("--places", type=click.IntRange(0, 18), default=4, show_default=True, text=engine_msg.help_sql_places())
@option("--columns-by", "by", type=click.Choice(["label", "name"], case_sensitive=False), default="label", show_default=True, text=engine_msg.help_sql_columns())
@option("--show-columns", is_flag=True, text=engine_msg.help_sql_show_columns())
@lang_option
def sql_cmd(scheme_path: str, dialect: str, table_name: str, places: int, by: str, show_columns: bool) -> None:
    """`kpi sql` (help: `messages.engine.help_sql`): the columnar engine's query, printed (docs/cli.md)."""
    from .cli_sql import sql_text

    scheme = _load(scheme_path)
    _ready(scheme)
    click.echo(sql_text(scheme_path, scheme.ir, dialect, table_name, places, by, show_columns), nl=False)


# ------------------------------------------------------------------------------ explain


@cli.command("explain", help=msg.help_explain())
@click.argument("scheme_path", metavar="SCHEME", required=False)
@click.argument("data", required=False)
@option("--id", "record_id", required=True, text=msg.help_explain_id())
@option("--id-column", text=msg.help_explain_id_column())
@option("--format", "out_format", type=click.Choice(["text", "json"], case_sensitive=False), default="text", show_default=True, text=msg.help_explain_format())
@option("--encoding", text=msg.help_encoding())
@option("--sheet", text=msg.help_sheet())
@option("--period", text=msg.help_explain_period())
@option("--detail", type=click.Choice(["reply", "full"], case_sensitive=False), default="reply", show_default=True, text=run_msg.help_explain_detail())
@option("--overrides", "overrides_path", type=click.Path(dir_okay=False), text=audit_msg.help_explain_overrides())
@option("--run", type=int, text=audit_msg.help_explain_run())
@option("--record", "record_path", default="runs.db", show_default=True, metavar="RUNS.DB", text=audit_msg.help_record_file())
@lang_option
def explain_cmd(scheme_path: str | None, data: str | None, record_id: str, id_column: str | None, out_format: str,
                encoding: str | None, sheet: str | None, period: str | None, detail: str, overrides_path: str | None,
                run: int | None, record_path: str) -> None:
    """`kpi explain` (help: `messages.cli.help_explain`)."""
    if run is not None:
        from .audit.commands import explain_run

        if scheme_path is not None:
            raise click.UsageError(audit_msg.explain_run_no_files())
        click.echo(explain_run(record_path, run, record_id, period, out_format, detail), nl=False)
        return
    if scheme_path is None or data is None:
        raise click.UsageError(audit_msg.explain_needs_files())
    scheme = _load(scheme_path)
    _ready(scheme)
    prepared = scheme.read_records((data,), encoding=encoding, sheet=sheet, period=period, id_column=id_column,
                                   warnings=_warnings(False))
    if period is not None and scheme.ir.period_input is not None:
        _period_label(scheme, period)
    overrides = scheme.read_overrides(overrides_path, prepared, _warnings(False)) if overrides_path is not None else None
    explanation, note = scheme.explain_record(prepared, record_id, period=period, where=data, overrides=overrides)
    if note:
        _err(note)
    if out_format == "json":
        import json

        payload = {"record": json.loads(explanation.record.model_dump_json(exclude={"trace"})), "trace": explanation.json()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(explanation.render(detail=detail), nl=False)


# ------------------------------------------------------------------------------ lint


@cli.command("lint", help=msg.help_lint())
@click.argument("schemes", nargs=-1)
@option("--format", "out_format", type=click.Choice(["text", "json", "sarif"], case_sensitive=False), default="text", show_default=True, text=msg.help_lint_format())
@option("--severity", type=click.Choice(["error", "warning", "info"], case_sensitive=False), default="info", show_default=True, text=msg.help_lint_severity())
@option("--summary", is_flag=True, text=msg.help_lint_summary())
@option("--config", "config_path", type=click.Path(dir_okay=False), text=msg.help_lint_config())
@option("--isolated", is_flag=True, text=msg.help_lint_isolated())
@option("--explain", "explain_rule", metavar="RULE", text=msg.help_lint_explain())
@option("--fix", is_flag=True, text=msg.help_lint_fix())
@option("--diff", "show_diff", is_flag=True, text=msg.help_lint_diff())
@option("--unsafe-fixes", is_flag=True, text=msg.help_lint_unsafe_fixes())
@lang_option
def lint_cmd(schemes: tuple[str, ...], out_format: str, severity: str, summary: bool, config_path: str | None,
             isolated: bool, explain_rule: str | None, fix: bool, show_diff: bool, unsafe_fixes: bool) -> None:
    """`kpi lint` (help: `messages.cli.help_lint`)."""
    from .lint import LintConfig, LintReport, config_for, lint_many, load_config, to_sarif

    if explain_rule is not None:
        from .lint.docs import explain

        try:
            click.echo(explain(explain_rule), nl=False)
        except LookupError as exc:
            raise click.UsageError(str(exc)) from None
        return
    if not schemes:
        raise click.UsageError(msg.lint_needs_files())
    fixed = load_config(config_path) if config_path is not None else LintConfig() if isolated else None
    cache: dict[Path | None, LintConfig] = {}
    if unsafe_fixes and not (fix or show_diff):
        raise click.UsageError(msg.unsafe_fixes_alone())
    if (fix or show_diff) and _fix_files(schemes, fixed, cache, show_diff, unsafe_fixes):
        return
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
        infos = len(everything) - errors - warnings
        line = msg.lint_summary(files=msg.files_checked(count=len(schemes)), errors=msg.errors(count=errors),
                                warnings=msg.warnings(count=warnings))
        if infos:
            line = msg.lint_summary_infos(summary=line, infos=msg.infos(count=infos))
        click.echo(_with_fixable(line, shown_reports, by_path), err=True)
    if failed:
        raise UserError()


def _fix_files(schemes: Sequence[str], fixed: LintConfig | None, cache: dict[Path | None, LintConfig], diff: bool,
               unsafe: bool) -> bool:
    """`--fix` (then lint what is left: False) or `--diff` (True: done; exit 1 if any diff)."""
    from .lint import config_for
    from .lint.fixing import run as run_fixes

    changed = run_fixes([(p, fixed or config_for(p, cache)) for p in schemes], diff=diff, unsafe=unsafe,
                        out=lambda t: click.echo(t, nl=False), err=_err)
    if diff and changed:
        raise UserError()
    return diff


def _with_fixable(line: str, reports: Sequence[LintReport], schemes: dict[str, Scheme]) -> str:
    """The summary line, saying how many findings `kpi lint --fix` would fix."""
    from .i18n import listing
    from .lint.fixing import fixable

    safe = unsafe = 0
    for r in reports:
        if r.diagnostics:
            a, b = fixable(r.path, r.diagnostics, schemes.get(r.path))
            safe, unsafe = safe + a, unsafe + b
    parts = ([msg.fixable(count=safe)] if safe else []) + ([msg.fixable_suggestions(count=unsafe)] if unsafe else [])
    return msg.lint_summary_fixable(summary=line, fixable=listing(parts)) if parts else line


# ------------------------------------------------------------------------------ test


@cli.command("test", help=msg.help_test())
@click.argument("schemes", nargs=-1, required=True)
@option("-q", "--quiet", is_flag=True, text=msg.help_test_quiet())
@option("--coverage", is_flag=True, text=msg.help_test_coverage())
@option("--format", "out_format", type=click.Choice(["text", "json"], case_sensitive=False), default="text", show_default=True, text=msg.help_test_format())
@lang_option
def test_cmd(schemes: tuple[str, ...], quiet: bool, coverage: bool, out_format: str) -> None:
    """`kpi test` (help: `messages.cli.help_test`)."""
    from .testing_command import run

    loaded = []
    for path in schemes:
        scheme = _load(path)
        if scheme.has_scheme:
            _ready(scheme)
        loaded.append((path, scheme))
    totals = run(loaded, quiet=quiet, coverage=coverage, json_out=out_format == "json", out=lambda t: click.echo(t, nl=False))
    if totals.failed:
        raise UserError()


# ------------------------------------------------------------------------------ fmt


@cli.command("fmt", help=msg.help_fmt())
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@option("--check", is_flag=True, text=msg.help_fmt_check())
@option("--diff", "show_diff", is_flag=True, text=msg.help_fmt_diff())
@option("-w", "--write", is_flag=True, text=msg.help_fmt_write())
@lang_option
def fmt_cmd(paths: tuple[str, ...], check: bool, show_diff: bool, write: bool) -> None:
    """`kpi fmt` (help: `messages.cli.help_fmt`)."""
    from .fmt.command import run

    if write and (check or show_diff):
        raise click.UsageError(msg.fmt_write_conflict())
    code = run(paths, check=check, diff=show_diff, out=lambda text: click.echo(text, nl=False), err=_err)
    if code:
        raise UserError()


# ------------------------------------------------------------------------------ lsp


@cli.command("lsp", help=msg.help_lsp())
@option("--stdio", is_flag=True, text=msg.help_lsp_stdio())
@lang_option
def lsp_cmd(stdio: bool) -> None:
    """`kpi lsp` (help: `messages.cli.help_lsp`)."""
    try:
        from .lsp.server import build
    except ImportError as exc:
        _err(msg.lsp_needs_packages(missing=exc.name or "pygls"))
        raise UserError() from None
    build().start_io()


# ------------------------------------------------------------------------------ stdlib


@cli.group("stdlib", help=msg.help_stdlib())
@lang_option
def stdlib_cmd() -> None:
    """`kpi stdlib` (help: `messages.cli.help_stdlib`)."""


@stdlib_cmd.command("list", help=msg.help_stdlib_list())
@option("--category", type=click.Choice(["F", "C", "P", "L"], case_sensitive=False), text=msg.help_stdlib_category())
@option("--kind", type=click.Choice(["template", "ladder", "scale", "bands", "const"], case_sensitive=False), text=msg.help_stdlib_kind())
@lang_option
def stdlib_list(category: str | None, kind: str | None) -> None:
    """`kpi stdlib list` (help: `messages.cli.help_stdlib_list`)."""
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
    heads = [msg.col_name(), msg.col_kind(), msg.col_module(), msg.col_category(), msg.col_code(), msg.col_english()]
    click.echo(tabulate(rows, headers=heads, disable_numparse=True))


@stdlib_cmd.command("show", help=msg.help_stdlib_show())
@click.argument("name")
@lang_option
def stdlib_show(name: str) -> None:
    """`kpi stdlib show` (help: `messages.cli.help_stdlib_show`)."""
    from .catalog import describe, entries, source_text

    found = [e for e in entries() if e.name == name]
    if not found:
        from .suggest import suggest

        names = [e.name for e in entries()]
        s = suggest(name, names)
        raise KpiError.single("K-E0102", msg.no_stdlib_entry(name=name), None, [did_you_mean(name=s) if s else msg.stdlib_list_hint()])
    for e in found:
        click.echo("\n".join(describe(e)))
        click.echo("")
        click.echo(msg.stdlib_import(module=e.module, name=e.name))
        click.echo("")
        click.echo(source_text(e))


# ------------------------------------------------------------------------------ versions, audit, reports


#: The run-record commands (kpidsl/audit/commands.py), imported when one is run or listed.
cli.lazy.update({name: f"kpidsl.audit.commands:{name}_cmd" for name in ("diff", "history", "replay", "report")})


# ------------------------------------------------------------------------------ entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (never raises for user errors).

    The command runs in a copy of the caller's context, where the language is set (from `--lang`,
    `KPI_LANG` or the locale); the caller's own language is untouched afterwards.
    """
    args = list(argv) if argv is not None else sys.argv[1:]
    return contextvars.copy_context().run(_main, args)


def _main(args: list[str]) -> int:
    lang = lang_in_args(args) or language_from_environment()
    set_language(lang)
    if lang is Lang.EN:
        return _run(args)
    from .clickwords import speaking

    with speaking(lang):  # click's own words (its parser errors) in the same language
        return _run(args)


def _run(args: list[str]) -> int:
    streams = (sys.stdout, sys.stderr)
    try:
        cli.main(args=args, prog_name="kpi", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except (click.Abort, KeyboardInterrupt) as exc:
        _err(msg.aborted())
        # Ctrl-C is 128 + SIGINT, as shells expect; click turns it into Abort (its cause)
        interrupted = isinstance(exc, KeyboardInterrupt) or isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt)
        return EXIT_INTERRUPTED if interrupted else EXIT_USER
    except UserError:
        return EXIT_USER
    except KpiError as exc:
        _err(_render(exc.diagnostics))
        return EXIT_USER
    except BrokenPipeError:  # the reader went away (`kpi eval ... | head`): end quietly, as `git log | head` does
        return EXIT_OK
    except SystemExit:
        if (sys.stdout, sys.stderr) != streams:
            # click's own end of a closed pipe: it wraps both streams (to silence their flush) and
            # exits 1. The streams are given back (__main__._leave ignores the closed pipe's flush).
            sys.stdout, sys.stderr = streams
            return EXIT_OK
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, not a user error
        _err(msg.internal_error(error=f"{type(exc).__name__}: {exc}"))
        _err(msg.internal_error_hint())
        if os.environ.get("KPI_DEBUG"):
            import traceback

            traceback.print_exc()
        return EXIT_INTERNAL
    return EXIT_OK


def main_exit() -> None:
    """Console-script entry point: run and exit with the code."""
    sys.exit(main())
