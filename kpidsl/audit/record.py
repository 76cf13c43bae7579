"""The run record: every `kpi eval --record runs.db` appended to one SQLite file, and read back.

One row per run: when, who, on which host, with which kpidsl, the scheme's path and hash, and a
JSON payload with the scheme's text and every imported module (text and hash), the data files'
hashes, the typed inputs, the options, the overrides, every result and its structured trace
(docs/cli.md, "The run record"). Rows are only ever added: SQLite triggers refuse UPDATE and
DELETE, and each row holds the SHA-256 of its own columns chained to the previous row's hash,
so a row changed by any other means (editing the file) no longer matches its hash and
`verify` names it. The newest runs can still be cut off the end by someone who can write the
file: keep the head hash `kpi history` prints somewhere else to detect that too.

Uses the standard library's `sqlite3` only (an embedded database, no server).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from ..errors import KpiDataError
from ..messages import audit as msg
from ..prebuilt import dataclass
from .codec import dumps

#: The layout's version, stored in the file (a later kpidsl reads older layouts or says it cannot).
LAYOUT = 1

#: The hash before the first run.
GENESIS = "0" * 64

#: The columns of a run, in the order they are hashed.
COLUMNS = ("seq", "created", "user", "host", "kpidsl_version", "scheme_path", "scheme_title", "scheme_hash",
           "data_hash", "records", "payload", "prev_hash")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  seq INTEGER PRIMARY KEY,
  created TEXT NOT NULL,
  user TEXT NOT NULL,
  host TEXT NOT NULL,
  kpidsl_version TEXT NOT NULL,
  scheme_path TEXT NOT NULL,
  scheme_title TEXT NOT NULL,
  scheme_hash TEXT NOT NULL,
  data_hash TEXT NOT NULL,
  records INTEGER NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  row_hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS runs_no_update BEFORE UPDATE ON runs
  BEGIN SELECT RAISE(ABORT, 'the run record is append-only'); END;
CREATE TRIGGER IF NOT EXISTS runs_no_delete BEFORE DELETE ON runs
  BEGIN SELECT RAISE(ABORT, 'the run record is append-only'); END;
INSERT OR IGNORE INTO meta (key, value) VALUES ('layout', '{LAYOUT}');
"""


@dataclass(frozen=True)
class Run:
    """One stored run (the payload is parsed JSON; see `codec` for its values)."""

    seq: int
    created: str
    user: str
    host: str
    kpidsl_version: str
    scheme_path: str
    scheme_title: str
    scheme_hash: str
    data_hash: str
    records: int
    payload: dict[str, Any]
    prev_hash: str
    row_hash: str


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def row_hash(row: dict[str, Any]) -> str:
    """The hash of a run's columns (the payload as stored text), chained by `prev_hash`."""
    return sha256(dumps([row[c] for c in COLUMNS]))


@contextmanager
def _open(path: str | Path, create: bool) -> Iterator[sqlite3.Connection]:
    p = Path(path)
    if not create and not p.is_file():
        raise KpiDataError.single("K-D0231", msg.record_missing(path=str(path)))
    try:
        with closing(sqlite3.connect(p, isolation_level=None)) as db:
            db.row_factory = sqlite3.Row
            if create:
                db.executescript(SCHEMA)
            yield db
    except sqlite3.DatabaseError as exc:
        raise KpiDataError.single("K-D0231", msg.record_unreadable(path=str(path), error=str(exc))) from None


def append(path: str | Path, fields: dict[str, Any], payload: dict[str, Any]) -> int:
    """Add a run; returns its number. The insert and the chain's head are read and written in one
    transaction, so two writers never chain to the same row."""
    with _open(path, create=True) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            head = db.execute("SELECT seq, row_hash FROM runs ORDER BY seq DESC LIMIT 1").fetchone()
            row = {**fields, "seq": (head["seq"] + 1) if head else 1, "payload": dumps(payload),
                   "prev_hash": head["row_hash"] if head else GENESIS}
            row["row_hash"] = row_hash(row)
            names = [*COLUMNS, "row_hash"]
            db.execute(f"INSERT INTO runs ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                       [row[c] for c in names])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return int(row["seq"])


def runs(path: str | Path) -> list[Run]:
    """Every run, oldest first (payloads parsed)."""
    with _open(path, create=False) as db:
        rows = db.execute(f"SELECT {', '.join(COLUMNS)}, row_hash FROM runs ORDER BY seq").fetchall()
    return [_run(dict(r)) for r in rows]


def _run(row: dict[str, Any]) -> Run:
    try:
        payload = json.loads(row["payload"])
    except (TypeError, ValueError):
        payload = {}
    return Run(**{**row, "payload": payload})


def verify(path: str | Path) -> list[tuple[int, str]]:
    """The runs whose stored row does not match the chain: (run, what is wrong); empty when intact."""
    problems: list[tuple[int, str]] = []
    with _open(path, create=False) as db:
        rows = db.execute(f"SELECT {', '.join(COLUMNS)}, row_hash FROM runs ORDER BY seq").fetchall()
    prev, expected_seq = GENESIS, 1
    for r in rows:
        row = dict(r)
        if row["seq"] != expected_seq:
            problems.append((row["seq"], msg.tamper_gap(expected=expected_seq)))
        if row["prev_hash"] != prev:
            problems.append((row["seq"], msg.tamper_chain()))
        if row_hash(row) != row["row_hash"]:
            problems.append((row["seq"], msg.tamper_row()))
        prev, expected_seq = row["row_hash"], row["seq"] + 1
    return problems


def get(path: str | Path, seq: int) -> Run:
    """One run, after checking the whole chain up to it.

    Raises:
        KpiDataError: no such run (K-D0231), or the record was changed (K-D0232).
    """
    bad = [(n, why) for n, why in verify(path) if n <= seq]
    if bad:
        raise tampered(path, bad)
    found = next((r for r in runs(path) if r.seq == seq), None)
    if found is None:
        raise KpiDataError.single("K-D0231", msg.record_no_run(path=str(path), run=seq), None, [msg.record_history_hint(path=str(path))])
    return found


def tampered(path: str | Path, bad: list[tuple[int, str]]) -> KpiDataError:
    return KpiDataError.single("K-D0232", msg.tampered(path=str(path), runs=", ".join(f"{n}: {why}" for n, why in bad)), None,
                               [msg.tampered_hint()])
