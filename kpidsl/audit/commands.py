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
from . import record, runs

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
    stored = record.get(record_path, run)
    count, problems = runs.replay(stored)
    if problems:
        for p in problems:
            click.echo(p)
        raise KpiDataError.single("K-D0232", msg.replay_failed(run=run, count=len(problems)), None, [msg.replay_failed_hint()])
    click.echo(msg.replay_ok(run=run, records=count, scheme=stored.scheme_path, hash=stored.scheme_hash[:12],
                             created=stored.created))


def explain_run(record_path: str, run: int, record_id: str, period: str | None, out_format: str) -> str:
    """`kpi explain --run RUN --id ID`: a stored result explained from its stored trace."""
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
        scheme.explain_text(data)
