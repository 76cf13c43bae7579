"""The commands of the run record: `kpi history`, `kpi replay`, and what `kpi eval --record` and
`kpi explain --run` do (cli.py keeps the options; the work is here)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click

from ..cli_help import LocalizedCommand, lang_option, option
from ..errors import KpiDataError
from ..messages import audit as msg

if TYPE_CHECKING:
    from ..api import Scheme
    from ..outcome import RecordData
    from ..values import Env
    from .overrides import Override

#: The run record used when `--record` is not given.
DEFAULT_RECORD = "runs.db"


def record_run(path: str, scheme: Scheme, data: Sequence[str], prepared: list[tuple[str, Env]], records: Sequence[RecordData],
               overrides: Sequence[Override] | None, overrides_path: str | None, options: dict[str, str | None],
               err: Callable[[str], None]) -> None:
    """Append this run to the record and say its number."""
    from . import record, runs

    fields, payload = runs.build(scheme, data, prepared, records, overrides, overrides_path, options)
    seq = record.append(path, fields, payload)
    err(msg.recorded(run=seq, path=path, records=len(records)))


def record_option(f: Callable[..., None]) -> Callable[..., None]:
    return option("--record", "record_path", default=DEFAULT_RECORD, show_default=True, metavar="RUNS.DB",
                  text=msg.help_record_file())(f)


@click.command("history", cls=LocalizedCommand, help=msg.help_history())
@record_option
@lang_option
def history_cmd(record_path: str) -> None:
    """`kpi history`: the runs, oldest first, and whether the chain is intact."""
    from tabulate import tabulate

    from . import record

    stored = record.runs(record_path)
    rows = [[r.seq, r.created, r.user, r.host, r.kpidsl_version, r.scheme_path, r.scheme_hash[:12], r.records,
             ", ".join(f["path"] for f in r.payload.get("data", ()))] for r in stored]
    heads = [msg.col_run(), msg.col_time(), msg.col_user(), msg.col_host(), msg.col_version(), msg.col_scheme(),
             msg.col_scheme_hash(), msg.col_records(), msg.col_data()]
    click.echo(tabulate(rows, headers=heads, disable_numparse=True))
    bad = record.verify(record_path)
    if bad:
        raise record.tampered(record_path, bad)
    if stored:
        click.echo(msg.chain_intact(runs=len(stored), head=stored[-1].row_hash), err=True)


@click.command("replay", cls=LocalizedCommand, help=msg.help_replay())
@click.argument("run", type=int)
@record_option
@lang_option
def replay_cmd(run: int, record_path: str) -> None:
    """`kpi replay RUN`: the stored inputs evaluated again under the stored scheme."""
    from . import record, runs

    stored = record.get(record_path, run)
    count, problems = runs.replay(stored)
    if problems:
        for p in problems:
            click.echo(p)
        raise KpiDataError.single("K-D0232", msg.replay_failed(run=run, count=len(problems)), None, [msg.replay_failed_hint()])
    click.echo(msg.replay_ok(run=run, records=count, scheme=stored.scheme_path, hash=stored.scheme_hash[:12],
                             created=stored.created))


def explain_run(record_path: str, run: int, record_id: str, period: str | None, out_format: str, detail: str = "full") -> str:
    """`kpi explain --run RUN --id ID`: a stored result explained from its stored trace, at
    `detail` (the appeal reply or the full trace)."""
    from . import record, runs

    stored = record.get(record_path, run)
    scheme = runs.stored_scheme(stored)
    data = runs.stored_record_of(stored, record_id, period)
    if out_format == "json":
        from ..results import to_model

        model = to_model(data, scheme.explainer)
        payload = {"run": run, "record": json.loads(model.model_dump_json(exclude={"trace"})),
                   "trace": [scheme.explainer.to_dict(e) for e in data.trace or ()]}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return msg.explain_run_header(run=run, created=stored.created, user=stored.user, hash=stored.scheme_hash[:12]) + "\n" + \
        scheme.explain_text(data, detail)


#: `kpi diff`'s formats, by the extension of `-o`.
DIFF_FORMATS = {".txt": "text", ".json": "json", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


def load_ready(path: str) -> Scheme:
    """A scheme file (or `REV:PATH` at a git revision) compiled, or the errors raised."""
    from ..api import load
    from .revision import load_revision, split_revision

    scheme: Scheme = load_revision(path) if split_revision(path) is not None else load(path)  # type: ignore[assignment]
    scheme.ir  # noqa: B018 - compiling raises KpiCheckError with every error
    return scheme


@click.command("diff", cls=LocalizedCommand, help=msg.help_diff())
@click.argument("old_path", metavar="OLD")
@click.argument("new_path", metavar="NEW")
@click.argument("data", nargs=-1, required=True)
@option("-o", "--output", type=click.Path(dir_okay=False), text=msg.help_diff_output())
@option("--format", "out_format", type=click.Choice(["text", "json", "xlsx", "html"], case_sensitive=False), text=msg.help_diff_format())
@lang_option
def diff_cmd(old_path: str, new_path: str, data: tuple[str, ...], output: str | None, out_format: str | None) -> None:
    """`kpi diff OLD NEW DATA...`."""
    from pathlib import Path

    from ..atomic import refuse_inputs, write_atomic
    from ..i18n import current
    from . import diffout
    from .compare import compare

    if output is not None:
        refuse_inputs(output, [old_path, new_path, *data])
    old, new = load_ready(old_path), load_ready(new_path)
    fmt = out_format or (DIFF_FORMATS.get(Path(output).suffix.lower(), "text") if output else "text")
    if fmt == "xlsx" and output is None:
        raise click.UsageError(msg.diff_xlsx_needs_file())
    cmp = compare(old, new, old.read_records(data), new.read_records(data), old_path, new_path)
    if fmt == "xlsx":
        assert output is not None
        diffout.write_xlsx(Path(output), cmp)
    else:
        text = {"text": diffout.render_text, "json": diffout.render_json}.get(fmt, lambda c: diffout.render_html(c, current().value))(cmp)
        if output is None:
            click.echo(text, nl=False)
            return
        write_atomic(Path(output), lambda p: p.write_text(text, encoding="utf-8"))
    click.echo(msg.wrote(path=output), err=True)


@click.command("report", cls=LocalizedCommand, help=msg.help_report())
@click.argument("scheme_path", metavar="SCHEME")
@click.argument("data", nargs=-1, required=True)
@option("-o", "--output", required=True, type=click.Path(dir_okay=False), text=msg.help_report_output())
@option("--group", "group_by", text=msg.help_report_group())
@option("--overrides", "overrides_path", type=click.Path(dir_okay=False), text=msg.help_overrides())
@lang_option
def report_cmd(scheme_path: str, data: tuple[str, ...], output: str, group_by: str | None, overrides_path: str | None) -> None:
    """`kpi report SCHEME DATA... -o report.html`."""
    from pathlib import Path

    from ..atomic import refuse_inputs, write_atomic
    from ..i18n import current

    refuse_inputs(output, [scheme_path, *data, *([overrides_path] if overrides_path else [])])
    try:
        from ..htmlreport.page import build
    except ImportError:
        raise click.UsageError(msg.report_needs_matplotlib()) from None
    scheme = load_ready(scheme_path)
    prepared = scheme.read_records(data)
    overrides = scheme.read_overrides(overrides_path, prepared) if overrides_path is not None else None
    records = scheme.evaluate_records(prepared, trace=True, overrides=overrides)
    envs = dict(prepared)
    for r in records:
        r.env = {**envs.get(r.id, {}), **(r.env or {})}
    text = build(scheme, records, group_by, current().value)
    write_atomic(Path(output), lambda p: p.write_text(text, encoding="utf-8"))
    click.echo(msg.wrote(path=output), err=True)
