"""Choosing the backend of a bulk evaluation, and feeding each one.

`--engine auto|columnar|python` (`Scheme.evaluate(..., engine=)`): `auto` runs the columnar
engine (kpidsl/columnar/, DuckDB) for every scheme it supports and enough records to be worth
starting it, else the interpreter; the reason is returned (and `kpi eval -v` prints it). The
interpreter stays the reference and the engine of explain and traces; the columnar engine hands
it every record it would not get exactly right on its own, so results and errors are identical.
DuckDB, sqlglot and pyarrow are imported here, only when a bulk evaluation runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .data.places import RecordNames, index_names, table_names
from .data.records import (
    check_table_columns,
    duplicate_ids,
    input_columns,
    raw_values,
    refuse_duplicate_ids,
    refuse_small_points,
    require_records,
    value_text,
)
from .interp.run import run
from .messages import fallback as fallback_msg
from .outcome import RecordData

if TYPE_CHECKING:
    import pyarrow as pa

    from . import ir
    from .columnar.bulk import SchemeView as Scheme
    from .columnar.engine import Columnar
    from .columnar.fixed import Fixed
    from .data.readers import Table
    from .values import Env

ENGINES = ("auto", "columnar", "python")

#: Fewer records than this: `auto` uses the interpreter. Starting DuckDB and compiling the scheme's
#: query cost about 0.7 s of CPU, what the interpreter takes for some 1,500 records.
AUTO_MIN_ROWS = 2000


def columnar_engine(scheme: Scheme) -> tuple[Columnar | None, str | None]:
    """The scheme's columnar engine, or None and why not (cached on the scheme)."""
    cached: tuple[Columnar | None, str | None] | None = getattr(scheme, "_columnar_engine", None)
    if cached is not None:
        return cached
    try:
        from .columnar.engine import Columnar
    except ImportError as exc:  # pragma: no cover - duckdb, sqlglot and pyarrow are dependencies
        found: tuple[Columnar | None, str | None] = (None, fallback_msg.not_installed(name=str(exc.name)))
    else:
        engine = Columnar(scheme.ir)
        reason = engine.unsupported()
        found = (None, reason) if reason else (engine, None)
    scheme._columnar_engine = found  # type: ignore[attr-defined]
    return found


class EngineRefused(ValueError):
    """`engine="columnar"` for what the columnar engine cannot do: a `ValueError`, as documented,
    that `kpi eval` shows as a user's error (its message is the catalogue's)."""


def not_covered(scheme: ir.Scheme) -> str | None:
    """Every construct of the whole scheme the columnar engine does not cover, each rule,
    aggregate and exclusion by name (None: none of them). The engine's compiler stops at the first
    it meets; a user asking for the engine is told all of them at once."""
    from .i18n import listing
    from .messages import engine as engine_msg
    from .messages.common import names

    found: list[str] = []
    if scheme.rules:
        found.append(engine_msg.every_population_rule(count=len(scheme.rules), rules=names(r.name for r in scheme.rules)))
    if scheme.period_input is not None:
        found.append(engine_msg.no_periods())
    if scheme.aggregates:
        found.append(engine_msg.every_aggregate(count=len(scheme.aggregates),
                                                aggregates=names(a.text for a in scheme.aggregates)))
    if scheme.exclusions:
        found.append(engine_msg.every_exclusion(count=len(scheme.exclusions),
                                                reasons=names(e.reason for e in scheme.exclusions)))
    return listing(found) if found else None


def columnar_reason(engine: str) -> str:
    """Why the columnar engine ran (`-v`): asked for, or `auto`'s choice."""
    return "--engine columnar" if engine == "columnar" else fallback_msg.columnar_chosen(least=AUTO_MIN_ROWS)


def choose(scheme: Scheme, engine: str, rows: int, trace: bool) -> tuple[Columnar | None, str | None]:
    """The columnar engine to use, or None and the reason the interpreter runs.

    Raises:
        ValueError: an unknown engine; `EngineRefused`: "columnar" for a scheme (or a trace) it cannot do.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine '{engine}'; use one of {', '.join(ENGINES)}")
    if engine == "python":
        return None, "--engine python"
    if trace:
        if engine == "columnar":
            raise EngineRefused(fallback_msg.no_trace())
        return None, fallback_msg.trace_asked()
    if engine == "auto" and rows < AUTO_MIN_ROWS:
        return None, fallback_msg.few_records(rows=rows, least=AUTO_MIN_ROWS)
    found, reason = columnar_engine(scheme)
    if found is None:
        reason = not_covered(scheme.ir) or reason or ""
        if engine == "columnar":
            raise EngineRefused(fallback_msg.cannot_evaluate(reason=reason))
        return None, fallback_msg.python_backend(reason=reason)
    return found, None


def as_arrow(data: object) -> pa.Table | None:
    """A pyarrow Table of a columnar input (pyarrow, polars, pandas), else None (dicts)."""
    module = type(data).__module__.split(".")[0]
    if module == "pyarrow":
        return data
    if module == "polars":
        return data.to_arrow()  # type: ignore[attr-defined]
    if module == "pandas":
        import pyarrow as pa

        try:
            return pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return _mixed_frame(data)
    return None


def _mixed_frame(frame: Any) -> pa.Table:
    """A pandas DataFrame Arrow cannot convert whole: an object column of mixed values, which is
    what `pandas.read_csv` makes of a dirty column (floats, and a text such as '95%' or '¥85').
    Each such column becomes text, read as a data file's cells are (a bad one is K-D0207 naming
    its record); the other columns are converted as pandas gives them."""
    import importlib

    import pyarrow as pa

    pd = importlib.import_module("pandas")  # the caller's pandas (not a dependency of kpidsl)
    arrays = {}
    for name in frame.columns:
        series = frame[name]
        try:
            arrays[str(name)] = pa.array(series, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # As the dicts path reads each value: a whole float without its `.0`, another as its repr.
            arrays[str(name)] = pa.array([None if pd.isna(v) else value_text(v) for v in series], pa.string())
    return pa.table(arrays)


def evaluate_input(scheme: Scheme, data: Iterable[Mapping[str, object]] | Any, *, trace: bool, id_key: str | None,
                   engine: str) -> tuple[Sequence[RecordData], str, str | None]:
    """Evaluate dicts or a columnar table: the records, the engine used, and why not columnar."""
    table = as_arrow(data)
    records: Sequence[Mapping[str, object]] | None = None
    names = RecordNames()  # dicts: by position from 1; a table's rows in its own terms
    if table is None:
        require_records(data)
        records = data if isinstance(data, Sequence) else list(data)
        rows = len(records)
    else:
        check_table_columns(scheme.ir, table.column_names, index_names(data))  # a missing column once, not per record
        rows = table.num_rows
        names = table_names(data, input_columns(scheme.ir, table.column_names))
    _refuse_small_points(scheme, table, records, id_key, names)
    found, why = choose(scheme, engine, rows, trace)
    if found is not None:
        out = _columnar(scheme, found, table, records, id_key, names)
        if out is not None:
            return out, "columnar", None
        if engine == "columnar":
            raise ValueError(fallback_msg.cannot_read(reason=fallback_msg.unreadable_records()))
        why = fallback_msg.python_backend(reason=fallback_msg.unreadable_records())
    if records is None:
        assert table is not None
        records = table.to_pylist()
    prepared = scheme.prepare_dicts(records, id_key, names)
    return run(scheme.plan, prepared, trace), "python", why


def _refuse_small_points(scheme: Scheme, table: pa.Table | None, records: Sequence[Mapping[str, object]] | None,
                         id_key: str | None, names: RecordNames) -> None:
    """`records.refuse_small_points` over dicts or a table, before either engine reads a value."""
    key = id_key or scheme.ir.id_input
    if table is None:
        assert records is not None
        rows = records
        refuse_small_points(scheme.ir, lambda spec: raw_values(spec, rows),
                            lambda: [r.get(key) if isinstance(r, Mapping) else None for r in rows] if key else None, key)
        return
    feeds = names.columns or {}

    def column(spec: ir.Input) -> list[object] | None:
        name = feeds.get(spec.name)
        return table.column(name).to_pylist() if name is not None else None

    refuse_small_points(scheme.ir, column, lambda: table.column(key).to_pylist() if key and key in table.column_names else None, key,
                        names)


def _ids(values: list[object] | None, rows: int) -> list[str]:
    if values is None:
        return [f"#{i}" for i in range(1, rows + 1)]
    if all(type(v) is str and v and v.strip() == v for v in values):  # the usual case: nothing to change
        return values  # type: ignore[return-value]
    return [value_text(v) or f"#{i}" for i, v in enumerate(values, start=1)]


class LazyIds(Sequence[str]):
    """The records' ids, worked out the first time one is read: a caller that reads totals and
    grades as columns never needs them."""

    def __init__(self, rows: int, values: Callable[[], list[object] | None], column: pa.ChunkedArray | None = None) -> None:
        self._rows = rows
        self._values = values
        self._column = column  # the ids' Arrow column, when they come from one
        self._ids: list[str] | None = None

    def arrow(self) -> pa.Array | None:
        """The ids as an Arrow array without reading them in Python, when the column holds them
        as they are (`arrowout.plain_ids`), else None."""
        from .arrowout import plain_ids

        return None if self._column is None else plain_ids(self._column)

    def __len__(self) -> int:
        return self._rows

    def _all(self) -> list[str]:
        if self._ids is None:
            self._ids = _ids(self._values(), self._rows)
        return self._ids

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self._all()[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


def _distinct(column: pa.ChunkedArray) -> bool:
    """True when a table's id column holds no id twice, as kpidsl reads ids (text, trimmed; an
    empty id is the record's position, `#n`), decided in Arrow's kernels: the Python check
    (`refuse_duplicate_ids`) runs only to name the repeats, or for ids that are not text.

    An export sorted by id (the usual case) is decided by one comparison of neighbours (0.3 ms
    for 100,000 ids); any other order by hashing every id (`unique`, 4-5 ms)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        return False  # numbers or mixed: let the Python check read them as kpidsl does
    trimmed = pc.utf8_trim_whitespace(column.combine_chunks())
    rows = len(trimmed)
    if rows < 2:
        return True
    if column.null_count or pc.min(pc.binary_length(trimmed)).as_py() == 0:  # empties are positions (#n)
        named = pc.filter(trimmed, pc.not_equal(trimmed, ""))
        if pc.any(pc.starts_with(named, "#")).as_py():
            return False  # a given id such as '#3' could meet a position's
        return len(pc.unique(named)) == len(named)
    if pc.all(pc.less(trimmed.slice(0, rows - 1), trimmed.slice(1))).as_py():
        return True  # strictly increasing
    return len(pc.unique(trimmed)) == rows


def fixed_path(scheme: Scheme) -> Fixed | None:
    """The scheme's fixed-point fast path (`columnar/fixed.py`), cached on the scheme; None where
    numpy is missing."""
    found: Fixed | None = getattr(scheme, "_fixed_path", None)
    if found is None:
        try:
            from .columnar.fixed import Fixed
        except ImportError:  # pragma: no cover - numpy is a dependency
            return None
        found = Fixed(scheme.ir)
        scheme._fixed_path = found  # type: ignore[attr-defined]
    return found


def _columnar(scheme: Scheme, engine: Columnar, table: pa.Table | None, records: Sequence[Mapping[str, object]] | None,
              id_key: str | None, names: RecordNames) -> Sequence[RecordData] | None:
    import duckdb

    from .columnar.bulk import evaluate, from_dicts, row_numbers
    from .columnar.engine import ROW
    from .columnar.sql import Unsupported

    ir = scheme.ir
    key = id_key or ir.id_input
    ids: Sequence[str]
    if table is None:
        assert records is not None
        made = from_dicts(records, ir, key)
        if made is None:
            return None
        table, columns, keys = made
        ids = LazyIds(len(records), lambda: keys)
        if keys is not None and duplicate_ids(list(ids), None, key):
            scheme.prepare_dicts(records, id_key, names)  # raises: the bad cells, then the ids used twice
            refuse_duplicate_ids(list(ids), None, key)
    else:
        columns = input_columns(ir, table.column_names)
        given = table
        named = key is not None and key in given.column_names
        ids = LazyIds(table.num_rows, lambda: given.column(key).to_pylist() if named else None, given.column(key) if named else None)
        if key and key in given.column_names and not _distinct(given.column(key)) and duplicate_ids(list(ids), None, key, names):
            # Listed as the interpreter lists them, with any bad cells first (raises).
            scheme.prepare_dicts(given.to_pylist(), id_key, names)
            refuse_duplicate_ids(list(ids), None, key, names)
        keep = list(dict.fromkeys(c for c in columns.values() if c is not None))
        table = table.select(keep).append_column(ROW, row_numbers(table.num_rows))
    source = records if records is not None else table

    def fallback(rows: list[int]) -> dict[int, RecordData]:
        from .data.records import prepare_each, prepare_mapping

        def typed(i: int) -> tuple[str, Env]:
            rec = source[i] if records is not None else table.slice(i, 1).to_pylist()[0]
            return ids[i], names.read(i + 1, key, ids[i], lambda where, cell: prepare_mapping(ir, rec, where, cell=cell))

        prepared = prepare_each(rows, typed)
        return dict(zip(rows, run(scheme.plan, prepared, False), strict=True))

    try:
        with engine.session() as con:
            return evaluate(engine, con, table, columns, ids, fallback, full=False, fast=fixed_path(scheme))
    except (duckdb.Error, Unsupported):
        # A value beyond 38 digits (HUGEINT, DECIMAL(38)): DuckDB stops rather than round; a cast
        # it cannot make (a 30-digit cell beside one of 10 places: ConversionException, which
        # reached the caller raw); or a division the data's places make too wide for 38 digits (a
        # float such as 0.1 + 0.2 has 17): the interpreter (120 digits, then K-R0306, or the data
        # error naming the cell) takes the whole input, as `kpi eval` does (csvrun.py).
        return None


def evaluate_table(scheme: Scheme, table: Table, id_column: str | None, engine: str) -> tuple[Sequence[RecordData], str, str | None]:
    """A data file's table (raw cells) on the chosen engine; as `Scheme.evaluate_table`."""
    from .data.period_cells import period_from_cells
    from .data.records import map_columns

    period_from_cells(scheme.ir, table, table.path)  # a period made `from` several columns
    cmap = map_columns(scheme.ir, table, id_column)
    found, why = choose(scheme, engine, len(table.rows), False)
    if found is None:
        from .data.records import prepare_table

        return run(scheme.plan, prepare_table(scheme.ir, table, cmap), False), "python", why
    from .columnar.tables import evaluate_rows

    return evaluate_rows(scheme, found, table, cmap), "columnar", None


def evaluate_prepared(scheme: Scheme, prepared: list[tuple[str, Env]], engine: str,
                      progress: Callable[[int], None] | None = None) -> tuple[Sequence[RecordData], str, str | None]:
    """Typed records (`Scheme.read_records`: the data guards have run) on the chosen engine: their
    values go to the columnar engine as typed columns, the rows it marks to the interpreter.
    `progress` is told the records done (the columnar engine does them all at once)."""
    found, why = choose(scheme, engine, len(prepared), False)
    if found is not None:
        out = _prepared_columnar(scheme, found, prepared)
        if out is not None:
            if progress is not None:
                progress(len(prepared))
            return out, "columnar", None
        if engine == "columnar":
            raise ValueError(fallback_msg.cannot_read(reason=fallback_msg.unreadable_table()))
        why = fallback_msg.python_backend(reason=fallback_msg.unreadable_table())
    return run(scheme.plan, prepared, False, progress=progress), "python", why


def _prepared_columnar(scheme: Scheme, engine: Columnar, prepared: list[tuple[str, Env]]) -> Sequence[RecordData] | None:
    import duckdb
    import pyarrow as pa

    from .columnar.bulk import evaluate
    from .columnar.engine import ROW

    ir = scheme.ir
    arrays: dict[str, Any] = {ROW: pa.array(range(len(prepared)), pa.int64())}
    for spec in ir.inputs:
        try:
            array = pa.array([env.get(spec.name) for _, env in prepared])
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            return None
        arrays[spec.name] = array.cast(pa.string()) if pa.types.is_null(array.type) else array
    ids = [rid for rid, _ in prepared]

    def fallback(rows: list[int]) -> dict[int, RecordData]:
        return dict(zip(rows, run(scheme.plan, [prepared[i] for i in rows], False), strict=True))

    try:
        with engine.session() as con:
            return evaluate(engine, con, pa.table(arrays), {i.name: i.name for i in ir.inputs}, ids, fallback)
    except duckdb.OutOfRangeException:
        return None
