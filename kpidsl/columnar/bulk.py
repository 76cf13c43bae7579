"""Bulk evaluation on the columnar engine: raw inputs (plain dicts, a data table, an Arrow table
or a DataFrame) to a lazy sequence of `RecordData`, with the interpreter taking exactly the rows
the engine marks (see engine.py), so results and errors are the interpreter's, row for row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol

from .. import ir
from ..data.records import input_columns, normalise_header
from ..outcome import RecordData
from .engine import ROW, Batch, Columnar
from .plan import Layout
from .records import Columns, record, result_column
from .sql import Unsupported

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from ..data.places import RecordNames
    from ..interp import Interpreter
    from ..values import Env
    from .fixed import Decline, Fixed, Summary


class SchemeView(Protocol):
    """What evaluation needs of an API `Scheme` (this package never imports the API)."""

    @property
    def ir(self) -> ir.Scheme: ...

    @property
    def plan(self) -> Interpreter: ...

    def prepare_dicts(self, records: Sequence[Mapping[str, object]], id_key: str | None = None,
                      names: RecordNames | None = None) -> list[tuple[str, Env]]: ...

#: Evaluates rows (by number) with the interpreter: their RecordData, or raises its KpiError.
Fallback = Callable[[list[int]], dict[int, RecordData]]

#: Rows per batch handed to the engine (memory stays flat with the number of rows).
BATCH_ROWS = 250_000


#: Evaluates a batch's raw inputs with every column of the plan (for building records).
Expand = Callable[["pa.Table"], Batch]


class BulkRecords(Sequence[RecordData]):
    """Evaluated records, held as the engine's columns; each `RecordData` is built when asked.

    A batch evaluated for its summary only (`Layout.summary()`: totals, grades; by the DuckDB
    plan or the fixed-point fast path) keeps its raw inputs; the first record or item column read
    from it evaluates it again with every column (`expand`). A plan that overflows there (a
    column the summary did not need) or cannot be built for the batch hands the batch's rows to
    the interpreter."""

    def __init__(self, scheme: ir.Scheme, ids: Sequence[str], batches: list[tuple[int, Batch, Columns, pa.Table]],
                 overrides: dict[int, RecordData], expand: Expand | None = None, fallback: Fallback | None = None) -> None:
        self.scheme = scheme
        self.ids = ids
        self.batches = batches
        self.overrides = overrides
        self._expand = expand
        self._fallback = fallback
        #: Why the fixed-point fast path stepped aside for some batches (None: it took them all,
        #: or was not tried); `BulkResults.fast_note`.
        self.fast_note: str | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def _full(self, k: int) -> tuple[Batch, Columns]:
        """Batch `k` with every column (evaluated again the first time, when it has the summary only)."""
        start, batch, cols, raw = self.batches[k]
        if batch.full:
            return batch, cols
        import duckdb

        assert self._expand is not None and self._fallback is not None
        fast = is_fast(batch)
        try:
            batch = self._expand(raw)
            if fast:
                # The fast path's summary and the DuckDB plan mark rows each by their own rules (a
                # double the plan's typing stage does not read, say): the rows the plan marks and
                # the fast path kept go to the interpreter now, so every record is one of the two.
                marked = sorted(r for r in set(batch.bad) | set(batch.fail) if r not in self.overrides)
                if marked:
                    self.overrides.update(self._fallback(marked))
        except (duckdb.OutOfRangeException, Unsupported):
            # A value beyond 38 digits, or a division too wide for them at the data's places (a
            # batch the fixed-point fast path took, with a double of 17 places the plan cannot hold).
            rows = [start + j for j in range(raw.num_rows) if start + j not in self.overrides]
            self.overrides.update(self._fallback(rows))
            # Every row is the interpreter's now: the summary stays, marked done (no second try).
            batch = Batch(batch.table, batch.layout, batch.bad, batch.fail, True)
        cols = Columns(batch.table)
        self.batches[k] = (start, batch, cols, raw)
        return batch, cols

    def _locate(self, i: int) -> tuple[Batch, Columns, int]:
        for k, (start, _, _, raw) in enumerate(self.batches):
            if start <= i < start + raw.num_rows:
                batch, cols = self._full(k)
                return batch, cols, i - start
        raise IndexError(i)

    def __getitem__(self, i: int) -> RecordData:  # type: ignore[override]
        if i < 0:
            i += len(self)
        found = self.overrides.get(i)
        if found is not None:
            return found
        batch, cols, j = self._locate(i)
        found = self.overrides.get(i)  # the batch may have gone to the interpreter just now
        if found is not None:
            return found
        rounded = batch.layout.rounded
        return record(cols, batch.layout, j, self.ids[i], rounded.__contains__, self.scheme.item_order)

    def __iter__(self) -> Iterator[RecordData]:
        for i in range(len(self)):
            yield self[i]

    def _result(self, k: int, name: str) -> tuple[Batch, Columns, str | None]:
        """Batch `k` (evaluated again with every column where `name` needs it) and its column
        holding `name` (None: the interpreter took the batch)."""
        batch, cols = self.batches[k][1:3]
        col = _layout_column(batch, name)
        if (col is not None or is_fast(batch)) and col not in batch.table.column_names and not batch.full:
            batch, cols = self._full(k)
            col = _layout_column(batch, name)
        return batch, cols, col if col is not None and col in batch.table.column_names else None

    def _overridden(self, start: int, rows: int) -> list[int]:
        """The rows of a batch the interpreter evaluated, in order."""
        return sorted(i for i in self.overrides if start <= i < start + rows)

    def column(self, name: str) -> list[Any]:
        """One result column for every record (`total`, `total_exact`, `grade`,
        `grade_before_veto`, `base_score`, `deductions`, `bonuses`, `bonus_eligible`, or an
        item's name for its score), without building any record; rows the interpreter evaluated
        are taken from it. A new list each time (the caller may change it)."""
        out: list[Any] = []
        for k in range(len(self.batches)):
            start, raw = self.batches[k][0], self.batches[k][3]
            batch, cols, col = self._result(k, name)
            values = result_column(cols, col, col in batch.layout.rounded) if col is not None else [None] * raw.num_rows
            for i in self._overridden(start, raw.num_rows):
                values[i - start] = _override_value(self.overrides[i], name)
            if out:
                out += values
            else:
                out = values
        return out

    def _arrow_source(self, k: int, name: str) -> pa.Array | None:
        """Batch `k`'s engine column of `name` (None: the interpreter's rows only): the fast path's
        item score where it has one, else as `column` finds it. No engine evaluates periods."""
        table = self.batches[k][1].table
        if FAST_ITEM + name in table.column_names:
            return table.column(FAST_ITEM + name).combine_chunks()
        if name == "period":
            return None
        batch, _, col = self._result(k, name)
        return None if col is None else batch.table.column(col).combine_chunks()

    def arrow_column(self, name: str, type_: pa.DataType) -> pa.ChunkedArray:
        """One result column as Arrow `type_` (`BulkResults.to_arrow`): the engine's columns cast
        exactly in Arrow's kernels (`arrowout.fit_decimals`), the interpreter's rows put in place."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from ..arrowout import fit_decimals, from_values

        if name == "id":
            made = getattr(self.ids, "arrow", None)
            found = made() if made is not None else None
            return pa.chunked_array([found if found is not None else from_values(name, list(self.ids), type_, self.ids)], type_)
        chunks = []
        for k in range(len(self.batches)):
            start, rows = self.batches[k][0], self.batches[k][3].num_rows
            found = self._arrow_source(k, name)
            if found is None:
                array = pa.nulls(rows, type_)
            elif pa.types.is_decimal(type_):
                array = fit_decimals(name, found, type_, self.ids, start)
            else:
                array = found.cast(type_)
            hits = self._overridden(start, rows)
            if hits:
                values = [_override_value(self.overrides[i], name) for i in hits]
                mask = np.zeros(rows, dtype=bool)
                mask[np.array(hits) - start] = True
                array = pc.replace_with_mask(array, pa.array(mask), from_values(name, values, type_, [self.ids[i] for i in hits]))
            chunks.append(array)
        return pa.chunked_array(chunks, type_)


#: The columns of a batch the fast path evaluated (`fixed.py`), by layout role: its layout
#: names only these (a role it left out: the batch's full evaluation gives it).
FAST = {role: f"__fast_{role}" for role in ("published", "total", "base", "deductions", "bonuses", "eligible", "grade",
                                            "grade_before")}


#: How the fast path's item score columns are named (after the item): not in its layout, which
#: names no item (`column` of an item evaluates the batch again); `BulkResults.to_arrow` reads them.
FAST_ITEM = "__fast_item:"


def is_fast(batch: Batch) -> bool:
    """A batch of the fast path's summary (its layout names no item)."""
    return batch.layout.grade == FAST["grade"]


def _layout_column(batch: Batch, name: str) -> str | None:
    lay = batch.layout
    fixed = {"total": lay.published, "total_exact": lay.total, "grade": lay.grade, "base_score": lay.base,
             "deductions": lay.deductions, "bonuses": lay.bonuses, "bonus_eligible": lay.eligible,
             "grade_before_veto": lay.grade_before}
    if name in fixed:
        return fixed[name] or None
    item = lay.items.get(name)
    if item is None:
        if is_fast(batch):
            return None  # an item: the batch's full evaluation has it
        raise KeyError(name)
    return item.score


def _override_value(r: RecordData, name: str) -> Any:
    fixed = {"total": r.total, "total_exact": r.total_exact, "grade": r.grade, "base_score": r.base_score,
             "deductions": r.deductions, "bonuses": r.bonuses, "bonus_eligible": r.bonus_eligible,
             "grade_before_veto": r.grade_before_veto, "period": r.period}
    if name in fixed:
        return fixed[name]
    return next(i.score for i in r.items if i.name == name)


def from_dicts(records: Sequence[Mapping[str, object]], scheme: ir.Scheme,
               id_key: str | None = None) -> tuple[pa.Table, dict[str, str | None], list[object] | None] | None:
    """An Arrow table of the raw values the inputs read, which column feeds each input, and each
    record's `id_key` value (None without a key); None when records spell one input's key
    differently (each is then read on its own). A column that mixes kinds Arrow cannot hold in
    one array is read cell by cell with `values.coerce`."""
    import pyarrow as pa

    pulled = _uniform_columns(records)
    if pulled is not None:
        names: dict[str, None] = dict.fromkeys(pulled)
    else:
        names = {}
        for r in records:
            names.update(dict.fromkeys(r))
    columns = input_columns(scheme, list(names))
    heads: dict[str, list[str]] = {}
    for n in names:
        heads.setdefault(normalise_header(n), []).append(n)
    for spec in scheme.inputs:
        keys = {k for c in spec.column_names for k in heads.get(normalise_header(c), [])}
        if len(keys) > 1:
            return None
    arrays: dict[str, Any] = {ROW: row_numbers(len(records))}
    specs = {col: spec for spec in scheme.inputs if (col := columns.get(spec.name)) is not None}
    ids: list[object] | None = None
    if id_key is not None:
        ids = pulled[id_key] if pulled is not None and id_key in pulled else [r.get(id_key) for r in records]
    if pulled is None:
        pulled = {c: [r.get(c) for r in records] for c in specs}
    for col, spec in specs.items():
        values = pulled[col]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            array = pa.array([_cell_text(v, spec) for v in values], pa.string())
        arrays[col] = array.cast(pa.string()) if pa.types.is_null(array.type) else array
    return pa.table(arrays), columns, ids


def row_numbers(n: int) -> pa.Array:
    """0 .. n-1 as an int64 Arrow array (the engine's `__row`)."""
    import numpy as np
    import pyarrow as pa

    return pa.array(np.arange(n, dtype=np.int64))


#: Records pulled at a time by `_uniform_columns` (a block of dicts stays in the CPU cache while
#: its values are read: about half the time of a pass over every record per key).
PULL_BLOCK = 256


def _uniform_columns(records: Sequence[Mapping[str, object]]) -> dict[str, list[object]] | None:
    """Every key's column when all records have the same keys (every record as long as the first
    and holding each of its keys has exactly its keys), else None. Read a block of records at a
    time, each record's values in one C-level call."""
    if not records:
        return {}
    first = records[0]
    if any(n != len(first) for n in map(len, records)):
        return None
    keys = list(first)
    if len(keys) < 2:
        try:
            return {key: [r[key] for r in records] for key in keys}
        except KeyError:
            return None
    rows = records if isinstance(records, (list, tuple)) else list(records)
    get = itemgetter(*keys)
    columns: list[list[object]] = [[] for _ in keys]
    try:
        for start in range(0, len(rows), PULL_BLOCK):
            for column, values in zip(columns, zip(*map(get, rows[start:start + PULL_BLOCK]), strict=True), strict=True):
                column.extend(values)
    except KeyError:
        return None
    return dict(zip(keys, columns, strict=True))


def _cell_text(raw: object, spec: ir.Input) -> str | None:
    """A cell of a mixed column as the text of the value `coerce` reads from it."""
    from ..values import CellError, coerce
    from .fixed_inputs import UNREADABLE

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
             ids: Sequence[str], fallback: Fallback, full: bool = True, fast: Fixed | None = None) -> BulkRecords:
    """Evaluate a table of raw inputs in batches; the marked rows go to `fallback` (the interpreter).
    `full`: every column now (a caller that builds every record); else the summary, and every
    column of a batch only when a record or an item's column is read from it. `fast`: the
    fixed-point fast path (`fixed.py`), tried first for each batch of a summary (a batch it
    declines goes to the DuckDB plan)."""
    from .fixed import Decline

    batches: list[tuple[int, Batch, Columns, pa.Table]] = []
    marked: list[int] = []
    declined: list[Decline] = []
    for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
        part = table.slice(start, BATCH_ROWS)
        batch = None
        if fast is not None and not full:
            try:
                summary = fast.run(part, columns)
                batch = fast_batch(summary, start)
            except Decline as exc:
                declined.append(exc)  # the DuckDB plan evaluates the batch
        if batch is None:
            batch = engine.run(con, part, columns, full)
            batches.append((start, batch, Columns(batch.table), part))
        else:
            batches.append((start, batch, Columns(batch.table, fast_makers(summary)), part))
        marked.extend(sorted(set(batch.bad) | set(batch.fail)))
    overrides = fallback(sorted(marked)) if marked else {}

    def expand(part: pa.Table) -> Batch:
        with engine.session() as own:
            return engine.run(own, part, columns, True)

    records = BulkRecords(engine.ir, ids, batches, overrides, expand, fallback)
    if declined and table.num_rows:
        records.fast_note = fast_path_note(declined, len(batches))
    return records


def fast_path_note(declined: list[Decline], batches: int) -> str:
    """Why the fast path stepped aside (`BulkResults.fast_note`): the speed it costs is several
    times, so a caller who sees a slow call can tell why (a divisor with cents is the usual one).
    Each distinct reason once: the catalogue's words where the data causes it (`Decline.said`),
    else the path's own (English, a defect's without its details)."""
    from ..i18n import listing
    from ..messages import fallback as msg
    from .fixed import FAILED

    reasons: dict[str, None] = {}
    for exc in declined:
        text = str(exc)
        reasons.setdefault(exc.said or (text.split(" (", 1)[0] if text.startswith(FAILED) else text))
    return msg.fast_path_declined(declined=len(declined), batches=batches, reason=listing(list(reasons), msg.REASONS))


def fast_batch(summary: Summary, start: int) -> Batch:
    """The fast path's summary as a batch of columns named by a layout of its own (`FAST`); its
    rows to leave are numbered from the table's start, as the engine's."""
    import pyarrow as pa

    labels = pa.array(summary.labels, pa.string())
    columns: dict[str, Any] = {FAST[role]: _decimals(num.units, num.scale) for role, num in summary.numbers.items()}
    columns.update({FAST_ITEM + name: _decimals(num.units, num.scale, num.null) for name, num in summary.items.items()})
    columns[FAST["grade"]] = _codes(summary.grades, labels)
    columns[FAST["grade_before"]] = _codes(summary.before, labels)
    columns[FAST["eligible"]] = pa.array(summary.eligible)
    names = {role: FAST[role] if FAST[role] in columns else "" for role in FAST}
    layout = Layout(published=names["published"], total=names["total"], base=names["base"],
                    deductions=names["deductions"], bonuses=names["bonuses"], eligible=names["eligible"],
                    grade=names["grade"], grade_before=names["grade_before"])
    if summary.rounded:
        layout.rounded.add(FAST["published"])  # at its declared places; the others in shortest form
    return Batch(pa.table(columns), layout, [], [start + i for i in summary.leave], False)


def fast_makers(summary: Summary) -> dict[str, Callable[[], list[Any]]]:
    """The Python values of a fast batch's columns, made from its int64 arrays when first read."""
    from .records import decimal_list, label_list

    makers: dict[str, Callable[[], list[Any]]] = {
        FAST[role]: partial(decimal_list, num.units, num.scale) for role, num in summary.numbers.items()}
    makers[FAST["grade"]] = partial(label_list, summary.grades, summary.labels)
    makers[FAST["grade_before"]] = partial(label_list, summary.before, summary.labels)
    return makers


def _decimals(units: Any, scale: int, null: Any = None) -> pa.Array:
    """Exact int64 units as a decimal128 column (two's complement words, the high one the sign),
    NULL where `null`."""
    import numpy as np
    import pyarrow as pa

    buffer = pa.allocate_buffer(16 * max(len(units), 1))  # in Arrow's pool (see fixed_memory), taken as it is
    words = np.frombuffer(buffer, dtype=np.int64)[: 2 * len(units)].reshape(-1, 2)
    words[:, 0] = units
    np.right_shift(units, 63, out=words[:, 1])
    validity = None if null is None or not null.any() else pa.py_buffer(np.packbits(~null, bitorder="little"))
    return pa.Array.from_buffers(pa.decimal128(38, scale), len(units), [validity, buffer])


def _codes(codes: Any, labels: pa.Array) -> pa.Array:
    """Grades as a dictionary column over `labels` (-1: none)."""
    import numpy as np
    import pyarrow as pa

    indices = codes.astype(np.int32)
    graded = codes >= 0
    if graded.all():
        return pa.DictionaryArray.from_arrays(pa.array(indices), labels)
    validity = pa.py_buffer(np.packbits(graded, bitorder="little"))  # Arrow's bitmap: bit i is row i
    array = pa.Array.from_buffers(pa.int32(), len(indices), [validity, pa.py_buffer(indices)])
    return pa.DictionaryArray.from_arrays(array, labels)
