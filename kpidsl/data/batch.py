"""Reading a period's data from several files: one table per file, typed records for all.

What a client's folder of exports needs beyond one file: an id that appears in two files is an
error (per period); a file without the period column takes its period from its name
(`2024Q1.csv`, `绩效_2024年第2季度.xlsx`); a scheme without a period column can still keep only the
rows of one period (a `期间` column); and explain picks one record, by id and period (the latest
by default). The API (`Scheme.read_records`) and so the CLI use these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import ir
from ..errors import Diagnostic, KpiDataError
from ..i18n import listing
from ..messages import data as msg
from ..messages.common import did_you_mean
from ..periods import PeriodError, ordinal, parse_period
from ..suggest import suggest
from ..values import Env
from .period_cells import period_from_cells
from .readers import Row, Table
from .records import map_columns, normalise_header, prepare_table

#: Column headers that name a record's period, for keeping one period in schemes without a
#: period column.
PERIOD_COLUMNS = ("period", "期间", "考核期间", "考核月份", "月份")

#: Reads one file as a table (the API's `Scheme.read`: it also remembers the text for messages).
Reader = Callable[[str], Table]

#: Receives what `-v` reports: unused columns, encodings, periods taken from file names.
Notes = Callable[[str], None]

#: Receives what the data guards noticed in one file without stopping (`Table.warnings`).
Warnings = Callable[[list[Diagnostic]], None]

Prepared = list[tuple[str, Env]]


def read_records(scheme: ir.Scheme, paths: Sequence[str], read: Reader, *, period: str | None = None,
                 id_column: str | None = None, notes: Notes | None = None, warnings: Warnings | None = None) -> Prepared:
    """Typed records from every file, in file and row order.

    Raises:
        KpiDataError: a file cannot be read or mapped, a cell does not fit, an id is used twice
            (within a file or across files), or no row is left for `period`.
    """
    prepared: Prepared = []
    seen: dict[str, str] = {}  # "id" or "id@period" -> the file it came from
    key = scheme.period_input
    for path in paths:
        table = read(path)
        if period is not None and key is None:
            _keep_period(table, path, period)
        made = period_from_cells(scheme, table, path)
        if notes is not None and made is not None:
            notes(made)
        period_from_file_name(scheme, table, path, notes)
        cmap = map_columns(scheme, table, id_column)
        unused = _unused(scheme, cmap.unused)
        if notes is not None and unused:
            notes(msg.unused_columns(path=path, columns=listing(unused)))
        if notes is not None and table.encoding:
            notes(msg.read_as(path=path, encoding=table.encoding))
        records = prepare_table(scheme, table, cmap)
        if warnings is not None and table.warnings:
            warnings(table.warnings)
        for rid, env in records:
            # prepare_table catches duplicates within a file; this catches them across files.
            mark = f"{rid}@{env.get(key)}" if key else rid
            if mark in seen:
                clash = (msg.id_in_two_files_period(path=path, id=rid, period=str(env.get(key)), other=seen[mark]) if key
                         else msg.id_in_two_files(path=path, id=rid, other=seen[mark]))
                raise KpiDataError.single("K-D0208", clash, None, [msg.id_in_two_files_hint()])
            seen[mark] = path
            prepared.append((rid, env))
    return prepared


def _unused(scheme: ir.Scheme, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns no input reads (those a period is made `from` are read)."""
    spec = scheme.input(scheme.period_input) if scheme.period_input else None
    parts = {normalise_header(c) for c in spec.period_from} if spec is not None else set()
    return tuple(c for c in columns if normalise_header(c) not in parts)


def _keep_period(table: Table, path: str, period: str) -> None:
    heads = [normalise_header(c) for c in table.columns]
    col = next((i for i, h in enumerate(heads) if h in PERIOD_COLUMNS), None)
    if col is None:
        return
    table.rows = [r for r in table.rows if col < len(r.cells) and str(r.cells[col]).strip() == period]
    if not table.rows:
        raise KpiDataError.single("K-D0209", msg.no_rows_for_period(path=path, period=period))


def period_from_file_name(scheme: ir.Scheme, table: Table, path: str, notes: Notes | None = None) -> None:
    """One file per period: without a period column, the period is read from the file name
    (2024Q1.csv, 绩效_2024年第2季度.xlsx) and given to every row."""
    spec = scheme.input(scheme.period_input) if scheme.period_input else None
    if spec is None:
        return
    wanted = {normalise_header(c) for c in spec.column_names}
    if any(normalise_header(c) in wanted for c in table.columns):
        return
    unit = scheme.period_unit or "month"
    found = set()
    for m in re.finditer(r"\d{4}[^\d]{0,3}\d{0,2}[^\d]{0,3}", Path(path).stem):
        for end in range(len(m.group(0)), 3, -1):
            try:
                found.add(parse_period(m.group(0)[:end], unit))
                break
            except PeriodError:
                continue
    if len(found) != 1:
        return  # the missing column is then reported by the column mapping, as usual
    label = found.pop()
    table.columns.append(spec.name)
    width = len(table.columns) - 1
    table.rows = [Row((*r.cells, *([""] * (width - len(r.cells))), label), r.line, r.cols) for r in table.rows]
    if notes is not None:
        notes(msg.period_from_file_name(path=path, column=spec.label or spec.name, period=label))


def select_record(scheme: ir.Scheme, prepared: Prepared, record_id: str, period: str | None,
                  where: str) -> tuple[tuple[str, Env], str | None]:
    """The record to explain: by id, and by period when the scheme has a period column (the
    latest one unless `period`, a canonical label, is given). Returns it and a note saying which
    period was chosen, when it was chosen for the user.

    Raises:
        KpiDataError: no record has that id (and period); the hint suggests a close id.
    """
    match = [p for p in prepared if p[0] == record_id]
    note = None
    key = scheme.period_input
    if key is not None and match:
        if period is not None:
            match = [p for p in match if p[1].get(key) == period]
        else:
            unit = scheme.period_unit or "month"
            match = [max(match, key=lambda p: ordinal(str(p[1].get(key)), unit))]
            note = msg.latest_period(id=record_id, period=str(match[0][1].get(key)))
    if not match:
        ids = [p[0] for p in prepared]
        close = suggest(record_id, ids)
        hint = did_you_mean(name=close) if close else msg.ids_in_file(ids=listing([*ids[:10], *(["..."] if len(ids) > 10 else [])]))
        raise KpiDataError.single("K-D0210", msg.no_such_record(path=where, id=record_id), None, [hint])
    return match[0], note
