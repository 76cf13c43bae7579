"""A data file's table (raw cells, as `kpi eval` reads them) on the columnar engine.

The table's columns go to the engine as they are (text from CSV, typed cells from Excel); the
rows it marks are read by `data.records.prepare_table` and evaluated by the interpreter, so every
data error (file, row, column, message) and every evaluation error is the one the python backend
gives. An id used twice, or any cell the engine leaves to `values.coerce`, makes the whole table
go through `prepare_table` first (it raises the same errors in the same order).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..data.readers import Table
from ..data.records import ColumnMap, prepare_table
from ..interp.run import run
from ..outcome import RecordData
from .bulk import _cell_text, evaluate
from .engine import ROW, Columnar
from .sql import Unsupported

if TYPE_CHECKING:
    from .bulk import SchemeView as Scheme


def _record_ids(table: Table, cmap: ColumnMap) -> list[str]:
    """Each row's id, as prepare_table gives it (the id cell, else `#row number`)."""
    out = []
    for number, row in enumerate(table.rows, start=1):
        text = ""
        if cmap.id_index is not None and cmap.id_index < len(row.cells):
            raw = row.cells[cmap.id_index]
            if raw is not None and str(raw).strip():
                text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
        out.append(text or f"#{number}")
    return out


def to_arrow(scheme: Scheme, table: Table, cmap: ColumnMap) -> tuple[Any, dict[str, str | None]]:
    """The input columns of a table as an Arrow table (columns named by input)."""
    import pyarrow as pa

    arrays: dict[str, Any] = {ROW: pa.array(range(len(table.rows)), pa.int64())}
    columns: dict[str, str | None] = {}
    for spec in scheme.ir.inputs:
        col = cmap.by_input.get(spec.name)
        if col is None:
            columns[spec.name] = None
            continue
        values = [r.cells[col] if col < len(r.cells) else None for r in table.rows]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            array = pa.array([_cell_text(v, spec) for v in values], pa.string())
        arrays[spec.name] = array.cast(pa.string()) if pa.types.is_null(array.type) else array
        columns[spec.name] = spec.name
    return pa.table(arrays), columns


def evaluate_rows(scheme: Scheme, engine: Columnar, table: Table, cmap: ColumnMap) -> Sequence[RecordData]:
    """Every record of `table` (see the module docstring).

    Raises:
        KpiDataError, KpiEvalError: exactly as the python backend raises them.
    """
    import duckdb

    ir = scheme.ir
    ids = _record_ids(table, cmap)
    if ir.period_input is None and len(set(ids)) != len(ids):
        prepared = prepare_table(ir, table, cmap)  # raises K-D0208 with the line of the first use
        return run(scheme.plan, prepared, False)
    arrow, columns = to_arrow(scheme, table, cmap)

    def fallback(rows: list[int]) -> dict[int, RecordData]:
        sub = Table(table.path, table.columns, [table.rows[i] for i in rows], table.kind, table.encoding, table.sheet, table.source)
        prepared = [(ids[i], env) for i, (_, env) in zip(rows, prepare_table(ir, sub, cmap), strict=True)]
        return dict(zip(rows, run(scheme.plan, prepared, False), strict=True))

    con = duckdb.connect()
    try:
        try:
            return evaluate(engine, con, arrow, columns, ids, fallback)
        except (duckdb.OutOfRangeException, Unsupported):
            # A value beyond 38 digits, or a division the data's places make too wide for them:
            # the interpreter (120 digits, then K-R0306) takes the whole table.
            return run(scheme.plan, prepare_table(ir, table, cmap), False)
    finally:
        con.close()
