"""The records of a `kpi eval` CSV chunk that the engine leaves to the interpreter (`csvrun.py`).

The engine's typed reader takes the common forms of a cell (`95`, `1,200`, `95%`, `¥1,200`); a
cell `values.coerce` reads in another form (full-width digits `９５`, a full-width `９５％`, a
number grouped with spaces `1 200`, an exponent `1e3`, `$1200`, `1200RMB`, a date `2024-3-31 `
with a full-width space, a boolean `TRUE` in another case, ...) marks its record, as does a record
the interpreter must decide (a range, a missing value, a zero denominator). Such a record used to
send the whole run back to the record-by-record path, 6-8 times slower on a large file, for one
cell. Here only those records are read and evaluated by the interpreter (`prepare_table`, the
interpreter's `run`), in batches of `BATCH` so that memory stays flat, and each one's output line
(`report.render_csv`, the formula guard counting) and the values the summary counts replace the
engine's in the chunk's table: the lines keep their order and `csvrun._counts` counts the chunk
as it always did, so the file and the summary are byte for byte the record-by-record run's.

Anything the record-by-record run would report about those records (a cell it cannot read, a
value out of range, an evaluation error, a warning, a small plain number in an `as points`
column) raises `Refused` (`csvrun.Fallback` for the run): that run then reports it, from the first
row, as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .messages import fallback as fallback_msg

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from .api import Scheme
    from .columnar.plan import Layout
    from .columns import Column
    from .csvguard import FormulaGuard
    from .data.readers import Table
    from .data.records import ColumnMap
    from .outcome import ItemData, RecordData

#: Records read and evaluated by the interpreter at a time (as the record-by-record run's chunks).
BATCH = 5_000


class Refused(Exception):
    """The records left hold something the record-by-record run reports; the reason says what."""


class Plan:
    """The chunk's query, its layout, its column types, and the output's columns (keys and specs)."""

    __slots__ = ("columns", "keys", "layout", "query", "types")

    def __init__(self, query: str, layout: Layout, types: dict[str, str], keys: Sequence[str], columns: Sequence[Column]) -> None:
        self.query, self.layout, self.types, self.keys, self.columns = query, layout, types, keys, columns


class Left:
    """A run's records left to the interpreter: what reading them needs (the file's header and
    column map, the cells the engine was given: `wanted` of a row `width` wide), the run's formula
    guard and summary groups; and what `kpi eval -v` says: how many, the first and why."""

    def __init__(self, scheme: Scheme, cmap: ColumnMap, header: Table, wanted: Sequence[int], width: int,
                 guard: FormulaGuard, by: Sequence[str], groups: Sequence[str]) -> None:
        self.scheme, self.cmap, self.header, self.wanted, self.width = scheme, cmap, header, wanted, width
        self.guard, self.by, self.groups = guard, by, groups
        self.count = 0
        self.first: str | None = None  # the id of the first record left
        self.reason: str | None = None  # why the engine left it

    def interpret(self, con: duckdb.DuckDBPyConnection, raw: pa.Table, start: int, plan: Plan) -> None:
        """Evaluate the chunk's marked records (`__odd` in the table `chunk` on `con`; `raw` its
        cells, registered as `__raw`, its first row numbered `start`) with the interpreter, and
        write their lines and summary values into `chunk` (see the module docstring).

        Raises:
            Refused: the record-by-record run must report something about them.
        """
        found = con.execute("SELECT __row, __id FROM chunk WHERE __odd ORDER BY __row").fetchall()
        rows, ids = [int(r) - start for r, _ in found], [str(i) for _, i in found]
        if self.first is None:
            self.first, self.reason = ids[0], self._why(con, raw, rows[0], plan.query)
        for at in range(0, len(rows), BATCH):
            batch = rows[at : at + BATCH]
            fixes = self._evaluated(raw.take(batch), ids[at], plan)
            fixes = fixes.add_column(0, "__row", raw.column("__row").take(batch))
            con.register("__left", fixes)
            try:
                sets = ", ".join(f'"{c}" = l."{c}"' for c in fixes.column_names if c != "__row")
                con.execute(f"UPDATE chunk SET {sets} FROM __left AS l WHERE chunk.__row = l.__row")
            finally:
                con.unregister("__left")
        self.count += len(rows)

    def _why(self, con: duckdb.DuckDBPyConnection, raw: pa.Table, row: int, query: str) -> str:
        """Why the engine left the record at `row` of the chunk: the column of a cell its reader
        does not take, else a check or a record the interpreter decides. The chunk's query (the
        same scales, the same reading) on that row alone."""
        from .columnar.engine import input_column

        con.register("__raw", raw.slice(row, 1))
        try:
            one = con.sql(query).to_arrow_table().to_pylist()[0]
        finally:
            con.register("__raw", raw)
        for spec in self.scheme.ir.inputs:
            name = input_column(spec.name)
            if one.get(f"filled:{name}") and not one.get(f"ok:{name}"):
                return fallback_msg.cell_not_read(column=self.header.columns[self.cmap.by_input[spec.name]])
        return fallback_msg.cell_checked() if one.get("__bad") else fallback_msg.record_decided()

    def _evaluated(self, picked: pa.Table, first: str, plan: Plan) -> pa.Table:
        """The records of `picked` (their raw cells; `first`: the id of the first) read and
        evaluated by the interpreter: each one's output line and summary values, under the names
        of the chunk's columns.

        Raises:
            Refused: they hold anything the record-by-record run would report.
        """
        from .columns import attach_inputs
        from .data.readers import Row, Table
        from .data.records import prepare_table
        from .errors import KpiDataError, KpiEvalError
        from .interp.run import run as interpret_records

        cells = {i: picked.column(f"c{i}").to_pylist() for i in self.wanted}
        rows = [Row(tuple(cells[i][k] or "" if i in cells else "" for i in range(self.width)), 0) for k in range(picked.num_rows)]
        table = Table(self.header.path, self.header.columns, rows, "csv", self.header.encoding)
        self._refuse_small_points(table)
        try:
            prepared = prepare_table(self.scheme.ir, table, self.cmap)
            records = interpret_records(self.scheme.plan, prepared, False)
        except (KpiDataError, KpiEvalError):
            raise Refused(fallback_msg.left_to_interpreter_at(id=first)) from None
        if any(w.code != "K-D0214" for w in table.warnings) or any(r.excluded is not None for r in records):
            # a warning, or a record not appraised (the engine has no exclusions): as the record-by-record run says
            raise Refused(fallback_msg.left_to_interpreter_at(id=first))
        attach_inputs(records, prepared, self.scheme.ir, [*plan.keys, *self.by])
        return self._columns(records, plan)

    def _refuse_small_points(self, table: Table) -> None:
        """A plain number within ±1 in an `as points` column, which the record-by-record run judges
        over its chunk's other rows (`percent_columns`): as `csvrun` does for the engine's cells."""
        from .data import percent_columns

        for spec in self.scheme.ir.inputs:
            col = self.cmap.by_input.get(spec.name)
            if col is None or spec.type.name != "percent" or not spec.as_points:
                continue
            for row in table.rows:
                number = percent_columns.plain(row.cells[col])
                if number is not None and number != 0 and abs(number) <= 1:
                    raise Refused(fallback_msg.percent_points())

    def _columns(self, records: Sequence[RecordData], plan: Plan) -> pa.Table:
        """The chunk's columns for the records: `__line` and what `csvrun._summary_columns` selects."""
        import pyarrow as pa

        from .columnar.csvrows import numeric_scale
        from .report import render_csv

        layout = plan.layout
        out: dict[str, pa.Array] = {
            "__line": pa.array([render_csv([r], plan.columns, "\r\n", header=False, guard=self.guard) for r in records], pa.string()),
            "__grade": pa.array([r.grade if isinstance(r.grade, str) else None for r in records], pa.string()),
        }
        if self.groups:  # the total is summed per group: it must fit the engine's column as it is
            scale = numeric_scale(plan.types[layout.published])
            if scale is None or any(_places(r.total) > scale for r in records):
                raise Refused(fallback_msg.by_unrounded())
            out["__total"] = pa.array([str(r.total) for r in records], pa.string())
        fired = [Counter(v.label for v in r.vetoes) for r in records]
        for j, (label, _, _, _) in enumerate(layout.vetoes):
            out[f"__v{j}"] = pa.array([_take(f, label) for f in fired], pa.bool_())
        items = [{i.name: i for i in r.items} for r in records]
        for k, name in enumerate(self.scheme.ir.item_order):
            found = [by_name.get(name) for by_name in items]
            out[f"__s{k}"] = pa.array([_counted(i, by_name) for i, by_name in zip(found, items, strict=True)], pa.bool_())
            if layout.items[name].reason:
                out[f"__r{k}"] = pa.array([i.reason if i is not None else None for i in found], pa.string())
        for m, c in enumerate(self.groups):
            out[f"__g{m}"] = pa.array(["" if (r.env or {}).get(c) is None else str((r.env or {})[c]) for r in records], pa.string())
        return pa.table(out)


def _counted(item: ItemData | None, items: dict[str, ItemData]) -> bool:
    """Whether the summary lists the item as skipped (not when its group is: `Tally.add`)."""
    if item is None or not item.skipped:
        return False
    parent = items.get(item.parent) if item.parent is not None else None
    return parent is None or not parent.skipped


def _take(fired: Counter[str], label: str) -> bool:
    """Whether a veto with this label fired (each firing counts once, as `Tally.add` counts them)."""
    if fired[label] > 0:
        fired[label] -= 1
        return True
    return False


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
