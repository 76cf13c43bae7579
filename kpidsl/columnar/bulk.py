"""Bulk evaluation on the columnar engine: raw inputs (plain dicts, a data table, an Arrow table
or a DataFrame) to a lazy sequence of `RecordData`, with the interpreter taking exactly the rows
the engine marks (see engine.py), so results and errors are the interpreter's, row for row.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .. import ir
from ..data.records import normalise_header
from ..outcome import RecordData
from .engine import ROW, Batch, Columnar
from .records import Columns, record

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from ..interp import Interpreter
    from ..values import Env


class SchemeView(Protocol):
    """What evaluation needs of an API `Scheme` (this package never imports the API)."""

    @property
    def ir(self) -> ir.Scheme: ...

    @property
    def plan(self) -> Interpreter: ...

    def prepare_dicts(self, records: Sequence[Mapping[str, object]], id_key: str | None = None) -> list[tuple[str, Env]]: ...

#: Evaluates rows (by number) with the interpreter: their RecordData, or raises its KpiError.
Fallback = Callable[[list[int]], dict[int, RecordData]]

#: Rows per batch handed to the engine (memory stays flat with the number of rows).
BATCH_ROWS = 250_000


class BulkRecords(Sequence[RecordData]):
    """Evaluated records, held as the engine's columns; each `RecordData` is built when asked."""

    def __init__(self, scheme: ir.Scheme, ids: Sequence[str], batches: list[tuple[int, Batch, Columns]],
                 overrides: dict[int, RecordData]) -> None:
        self.scheme = scheme
        self.ids = ids
        self.batches = batches
        self.overrides = overrides

    def __len__(self) -> int:
        return len(self.ids)

    def _locate(self, i: int) -> tuple[Batch, Columns, int]:
        for start, batch, cols in self.batches:
            if start <= i < start + batch.table.num_rows:
                return batch, cols, i - start
        raise IndexError(i)

    def __getitem__(self, i: int) -> RecordData:  # type: ignore[override]
        if i < 0:
            i += len(self)
        found = self.overrides.get(i)
        if found is not None:
            return found
        batch, cols, j = self._locate(i)
        rounded = batch.layout.rounded
        return record(cols, batch.layout, j, self.ids[i], rounded.__contains__, self.scheme.item_order)

    def __iter__(self) -> Iterator[RecordData]:
        for i in range(len(self)):
            yield self[i]

    def column(self, name: str) -> list[Any]:
        """One result column for every record (`total`, `total_exact`, `grade`, `base_score`,
        `deductions`, `bonuses`, `bonus_eligible`, or an item's name for its score), without
        building any record; rows the interpreter evaluated are taken from it."""
        out: list[Any] = []
        for start, batch, cols in self.batches:
            col = _layout_column(batch, name)
            values = cols(col) if col is not None else [None] * batch.table.num_rows
            for j, v in enumerate(values):
                over = self.overrides.get(start + j)
                out.append(_override_value(over, name) if over is not None else v)
        return out


def _layout_column(batch: Batch, name: str) -> str | None:
    lay = batch.layout
    fixed = {"total": lay.published, "total_exact": lay.total, "grade": lay.grade, "base_score": lay.base,
             "deductions": lay.deductions, "bonuses": lay.bonuses, "bonus_eligible": lay.eligible}
    if name in fixed:
        return fixed[name]
    item = lay.items.get(name)
    if item is None:
        raise KeyError(name)
    return item.score


def _override_value(r: RecordData, name: str) -> Any:
    fixed = {"total": r.total, "total_exact": r.total_exact, "grade": r.grade, "base_score": r.base_score,
             "deductions": r.deductions, "bonuses": r.bonuses, "bonus_eligible": r.bonus_eligible}
    if name in fixed:
        return fixed[name]
    return next(i.score for i in r.items if i.name == name)


def input_columns(scheme: ir.Scheme, names: Sequence[str]) -> dict[str, str | None]:
    """Which raw column feeds each input: by name, label or alias, as the data layer matches."""
    heads = {normalise_header(n): n for n in names}
    out: dict[str, str | None] = {}
    for spec in scheme.inputs:
        out[spec.name] = next((heads[h] for h in (normalise_header(c) for c in spec.column_names) if h in heads), None)
    return out


def from_dicts(records: Sequence[Mapping[str, object]], scheme: ir.Scheme) -> tuple[pa.Table, dict[str, str | None]] | None:
    """An Arrow table of the raw values the inputs read, and which column feeds each input; None
    when records spell one input's key differently (each is then read on its own). A column that
    mixes kinds Arrow cannot hold in one array is read cell by cell with `values.coerce`."""
    import pyarrow as pa

    names: dict[str, None] = dict.fromkeys(records[0]) if records else {}
    first = names.keys()
    uniform = True
    for r in records:
        if r.keys() != first:
            uniform = False
            names.update(dict.fromkeys(r))
    columns = input_columns(scheme, list(names))
    heads: dict[str, list[str]] = {}
    for n in names:
        heads.setdefault(normalise_header(n), []).append(n)
    for spec in scheme.inputs:
        keys = {k for c in spec.column_names for k in heads.get(normalise_header(c), [])}
        if len(keys) > 1:
            return None
    arrays: dict[str, Any] = {ROW: pa.array(range(len(records)), pa.int64())}
    specs = {col: spec for spec in scheme.inputs if (col := columns.get(spec.name)) is not None}
    wanted = list(specs)
    pulled: dict[str, Sequence[object]]
    if uniform and len(wanted) > 1:
        # Every record has every key: one C-level pass pulls all the columns out.
        pulled = dict(zip(wanted, zip(*map(operator.itemgetter(*wanted), records), strict=True), strict=True)) if records \
            else {c: () for c in wanted}
    else:
        pulled = {c: [r.get(c) for r in records] for c in wanted}
    for col, spec in specs.items():
        values = pulled[col]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            array = pa.array([_cell_text(v, spec) for v in values], pa.string())
        arrays[col] = array.cast(pa.string()) if pa.types.is_null(array.type) else array
    return pa.table(arrays), columns


#: A cell `values.coerce` rejects, as text no typing rule reads (its row goes to the interpreter).
UNREADABLE = "\x00"


def _cell_text(raw: object, spec: ir.Input) -> str | None:
    """A cell of a mixed column as the text of the value `coerce` reads from it."""
    from ..values import CellError, coerce

    try:
        value = coerce(raw, spec.type)
    except CellError:
        return UNREADABLE
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, "f") if not hasattr(value, "isoformat") else value.isoformat()


def evaluate(engine: Columnar, con: duckdb.DuckDBPyConnection, table: pa.Table, columns: dict[str, str | None],
             ids: Sequence[str], fallback: Fallback) -> BulkRecords:
    """Evaluate a table of raw inputs in batches; the marked rows go to `fallback` (the interpreter)."""
    batches: list[tuple[int, Batch, Columns]] = []
    marked: list[int] = []
    for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
        part = table.slice(start, BATCH_ROWS)
        batch = engine.run(con, part, columns)
        batches.append((start, batch, Columns(batch.table)))
        marked.extend(sorted(set(batch.bad) | set(batch.fail)))
    overrides = fallback(sorted(marked)) if marked else {}
    return BulkRecords(engine.ir, ids, batches, overrides)
