"""What a run stores and what is done with it later: the payload of `kpi eval --record`, the
scheme rebuilt from the stored texts, `kpi replay` (the stored inputs evaluated again under the
stored scheme, compared number for number) and the stored record `kpi explain --run` renders."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import KpiDataError
from ..loader import Loader
from ..messages import audit as msg
from ..outcome import RecordData
from ..values import Env
from .codec import CodecError, decode, dumps, encode, stored_record
from .overrides import Override
from .record import Run, sha256

if TYPE_CHECKING:
    from ..api import Scheme


def build(scheme: Scheme, data: Sequence[str], prepared: list[tuple[str, Env]], records: Sequence[RecordData],
          overrides: Sequence[Override] | None, overrides_path: str | None,
          options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The columns and the payload of one run (docs/cli.md, "The run record")."""
    program = scheme.program
    main = scheme.path
    modules = [{"path": p, "hash": sha256(s.text), "text": s.text} for p, s in program.sources.items()
               if p != main and p in program.modules]
    files = [{"path": p, "sha256": sha256(Path(p).read_bytes()), "bytes": Path(p).stat().st_size} for p in data]
    text = program.sources[main].text
    payload = {
        "layout": 1,
        "scheme": {"path": main, "hash": sha256(text), "text": text},
        "modules": modules,
        "stdlib": str(Loader().stdlib),
        "data": files,
        "options": options,
        "inputs": [[rid, encode(env)] for rid, env in prepared],
        "overrides": [encode(_override_dict(o)) for o in overrides or ()],
        "overrides_file": {"path": overrides_path, "sha256": sha256(Path(overrides_path).read_bytes())} if overrides_path else None,
        "results": [stored_record(r) for r in records],
    }
    fields = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "user": _user(), "host": socket.gethostname(), "kpidsl_version": __version__,
        "scheme_path": main, "scheme_title": scheme.title, "scheme_hash": sha256(text),
        "data_hash": sha256(dumps([f["sha256"] for f in files])), "records": len(records),
    }
    return fields, payload


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "")


def _override_dict(o: Override) -> dict[str, Any]:
    return {"path": o.path, "row": o.row, "id": o.id, "period": o.period, "field": o.field, "value": o.value,
            "text": o.text, "reason": o.reason, "approver": o.approver, "was": o.was}


class _StoredLoader(Loader):
    """Reads the modules a run stored instead of the files on disk (which may have changed)."""

    def __init__(self, stdlib: Path, files: dict[str, str]) -> None:
        super().__init__(stdlib)
        self.files = files

    def _exists(self, path: Path) -> bool:
        return str(path) in self.files

    def _read(self, path: Path) -> str:
        return self.files[str(path)]


def stored_scheme(run: Run) -> Scheme:
    """The scheme exactly as the run evaluated it: its text and its imports' texts as stored."""
    from ..api import Scheme

    p = run.payload
    try:
        files = {m["path"]: m["text"] for m in p["modules"]}
        main = p["scheme"]
        loader = _StoredLoader(Path(p["stdlib"]), files)
        return Scheme(loader.load_text(main["text"], main["path"], Path(main["path"]).parent))
    except (KeyError, TypeError) as exc:
        raise _unreadable(run, exc) from None


def _unreadable(run: Run, exc: Exception) -> KpiDataError:
    return KpiDataError.single("K-D0231", msg.run_unreadable(run=run.seq, error=f"{type(exc).__name__}: {exc}"))


def stored_inputs(run: Run) -> list[tuple[str, Env]]:
    try:
        return [(rid, decode(env)) for rid, env in run.payload["inputs"]]
    except (KeyError, TypeError, ValueError, CodecError) as exc:
        raise _unreadable(run, exc) from None


def stored_overrides(run: Run) -> list[Override]:
    try:
        return [Override(**decode(o)) for o in run.payload.get("overrides") or ()]
    except (KeyError, TypeError, ValueError, CodecError) as exc:
        raise _unreadable(run, exc) from None


def stored_results(run: Run) -> list[RecordData]:
    try:
        return [decode(r) for r in run.payload["results"]]
    except (KeyError, TypeError, ValueError, CodecError) as exc:
        raise _unreadable(run, exc) from None


#: What replay compares: every field of a result but the trace (the numbers; the trace's wording
#: data may grow between versions without a number changing).
def _numbers(record: RecordData) -> str:
    import dataclasses

    return dumps(stored_record(dataclasses.replace(record, trace=None)))


def replay(run: Run) -> tuple[int, list[str]]:
    """Evaluate the stored inputs under the stored scheme (and overrides): the number of records
    compared, and a line per record whose result differs from the stored one."""
    scheme = stored_scheme(run)
    scheme.ir  # noqa: B018 - raises the scheme's errors, if it no longer compiles
    fresh = scheme.evaluate_records(stored_inputs(run), trace=False, overrides=stored_overrides(run) or None)
    stored = {(r.id, r.period): r for r in stored_results(run)}
    problems: list[str] = []
    for r in fresh:
        old = stored.pop((r.id, r.period), None)
        if old is None:
            problems.append(msg.replay_extra(id=r.id))
        elif _numbers(old) != _numbers(r):
            problems.append(msg.replay_differs(id=r.id, stored=_summary(old), now=_summary(r)))
    problems += [msg.replay_missing(id=rid) for rid, _ in stored]
    return len(fresh), problems


def _summary(r: RecordData) -> str:
    parts = [f"total {r.total}", *([f"grade {r.grade}"] if r.grade is not None else []),
             *(f"{k} {v}" for k, v in r.population.items())]
    return ", ".join(parts)


def stored_record_of(run: Run, record_id: str, period: str | None) -> RecordData:
    """The stored result of one employee (of `period`, else the latest period stored)."""
    found = [r for r in stored_results(run) if r.id == record_id and (period is None or r.period == period)]
    if not found:
        raise KpiDataError.single("K-D0210", msg.run_no_employee(run=run.seq, id=record_id))
    return found[-1]
