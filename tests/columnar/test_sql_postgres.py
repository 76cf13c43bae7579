"""`kpi sql --dialect postgres` on a real PostgreSQL: a throwaway server (initdb in a temporary
directory, a unix socket, no TCP) for the module; the printed query gives the interpreter's results
on every row it decides, over each example's data and seeded edge rows (sqlcases.py), and decides
exactly the rows DuckDB's query decides. Skipped when the server binaries or psycopg (`.[postgres]`)
are missing; .ci/run installs both."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from sqlcases import PLACES, SUPPORTED, Row, check_example, check_labelled_export, compare, interpreter

import kpidsl
from kpidsl.columnar.export import query
from kpidsl.columnar.sql import Unsupported

sys.path.insert(0, str(ROOT / "tests" / "properties"))
from schemes import cases

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[postgres]'")


def _binary(name: str) -> str | None:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    return found


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """The socket directory of a fresh server (run as `nobody` when the tests run as root, since
    PostgreSQL refuses to run as root)."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    as_user: list[str] = []
    home = Path(tempfile.mkdtemp(prefix="kpipg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: PostgreSQL cannot be started")
        as_user = [runuser, "-u", "nobody", "--"]
        shutil.chown(home, "nobody")
    data = home / "data"
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                       check=True, capture_output=True)
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(home / "log"), "-w", "start",
                        "-o", f"-k {home} -c listen_addresses='' -c fsync=off"], check=True, capture_output=True)
        yield str(home)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def _run_postgres(socket: str, text: str, rows: list[Row], names: list[str]) -> list[dict[str, Any]]:
    with psycopg.connect(host=socket, user="postgres", dbname="postgres", autocommit=True) as con, con.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS kpi_inputs")
        cur.execute("CREATE TABLE kpi_inputs (" + ", ".join(f'"{n}" text' for n in names) + ")")
        cur.executemany("INSERT INTO kpi_inputs VALUES (" + ", ".join(["%s"] * len(names)) + ")",
                        [tuple(r[n] for n in names) for r in rows])
        cur.execute(text)
        assert cur.description is not None
        columns = [d.name for d in cur.description]
        return [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]


def _cell(value: object) -> str | None:
    return None if value is None else str(value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_generated_schemes_agree_on_postgres(postgres: str, case: tuple[str, list[dict[str, object]]]) -> None:
    """Hypothesis-generated schemes over the whole grammar (tests/properties/schemes.py) with their
    records as text cells: where the query expresses the scheme, every row it decides is the
    interpreter's and every row the interpreter refuses is left to kpidsl."""
    text, records = case
    scheme = kpidsl.loads(text, path="gen.kpi")
    try:
        printed = query(scheme.ir, "kpi_inputs", PLACES, "postgres")
    except Unsupported:
        return
    names = [spec.name for spec in scheme.ir.inputs]
    rows: list[Row] = [{n: _cell(r.get(n)) for n in names} for r in records]
    try:
        got = _run_postgres(postgres, printed, rows, names)
    except psycopg.errors.NumericValueOutOfRange:
        return  # beyond 38 digits: the query stops, as documented (never a rounded number)
    compare(scheme, got, interpreter(scheme, rows))


@pytest.mark.parametrize("name", SUPPORTED)
def test_postgres_gives_the_interpreters_results(postgres: str, name: str) -> None:
    check_example(name, "postgres", lambda text, rows, names: _run_postgres(postgres, text, rows, names))


def test_postgres_reads_an_export_by_its_labels(postgres: str) -> None:
    check_labelled_export("postgres", lambda text, rows, names: _run_postgres(postgres, text, rows, names))
