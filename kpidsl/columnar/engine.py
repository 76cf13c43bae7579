"""Running a compiled scheme on DuckDB: raw cells in (an Arrow table), typed and evaluated in one
query, results out as columns; the records the query marks go through the interpreter.

`Columnar(scheme)` compiles nothing until it sees the input's column types and scales (the plan
is cached per input shape and raw column names). `run(con, table, columns, full)` returns a
`Batch`: the result columns (every column of the plan, or with `full=False` only the summary a
bulk caller reads as columns), and the row numbers the interpreter must take (`bad`: a cell the
typing stage leaves to `values.coerce`; `fail`: a record the interpreter would stop with an
error). The caller (the API) evaluates those rows with the interpreter, so every diagnostic is the
interpreter's own. `session()` lends the engine's own connection, on which each plan is a view
made once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlglot import exp

from .. import ir
from ..messages import engine as msg
from ..prebuilt import dataclass
from . import sql
from .plan import ROW, Layout, Planner
from .steps import compile_record_stage

__all__ = ["ROW", "Batch", "Columnar", "input_column", "raw_type"]
from .sql import K, Unsupported, V
from .typing import cell, flagged, places, plain_number

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa



def raw_type(t: pa.DataType) -> str:
    """The DuckDB type name of an Arrow column type (what the typing stage dispatches on)."""
    import pyarrow as pa

    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_integer(t):
        return "BIGINT"
    if pa.types.is_floating(t):
        return "DOUBLE"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_date(t):
        return "DATE"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP"
    return "VARCHAR"


def input_column(name: str) -> str:
    """The result column holding an input's typed value."""
    return f"in:{name}"


@dataclass
class Batch:
    """One evaluated batch: result columns (Arrow) and the rows left to the interpreter. `full`:
    the table has every column of the plan; else only `Layout.summary()` (and the row flags)."""

    table: pa.Table
    layout: Layout
    bad: list[int]
    fail: list[int]
    full: bool = True


class Columnar:
    """A scheme's record stage on DuckDB (see the module docstring)."""

    def __init__(self, scheme: ir.Scheme) -> None:
        self.ir = scheme
        #: Per input shape and raw columns: the query of every column, the query of the summary, the layout.
        self._plans: dict[tuple[object, ...], tuple[str, str, Layout]] = {}
        #: The engine's own connection (`session`), with a view per plan, so that a call does not
        #: parse the plan's query again (at 100,000 rows that was a tenth of the time).
        self._con: duckdb.DuckDBPyConnection | None = None
        self._views: dict[str, str] = {}  # query -> its view on `_con`
        self._probes: dict[tuple[tuple[str, str, str], ...], str] = {}  # probed columns -> the scale probe's query
        self._lock = threading.Lock()

    @contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to run batches on: the engine's own one (queries run from its views),
        or a new one while another thread holds it."""
        import duckdb

        if not self._lock.acquire(blocking=False):
            with duckdb.connect() as con:
                yield con
            return
        try:
            if self._con is None:
                self._con = duckdb.connect()
            yield self._con
        finally:
            self._lock.release()

    def _query(self, con: duckdb.DuckDBPyConnection, query: str) -> pa.Table:
        """Run a plan's query (unordered) in row order, from a view: on the engine's own
        connection the view is made once per query."""
        own = con is self._con
        view = self._views.get(query) if own else None
        if view is None:
            view = f"plan_{len(self._views)}"
            con.execute(f'CREATE OR REPLACE TEMP VIEW "{view}" AS {query}')
            if own:
                self._views[query] = view
        return con.sql(f'SELECT * FROM "{view}" ORDER BY "{ROW}"').to_arrow_table()

    def unsupported(self) -> str | None:
        """Why this scheme cannot run here (None: it can), found by compiling it once."""
        try:
            inputs = {i.name: V(sql.column(i.name), _kind(i), 2) for i in self.ir.inputs}
            for i in self.ir.inputs:
                cell(i, sql.column(i.name), "VARCHAR", 2)
            compile_record_stage(Planner(self.ir, inputs))
        except Unsupported as exc:
            return str(exc)
        return None

    def run(self, con: duckdb.DuckDBPyConnection, table: pa.Table, columns: dict[str, str | None], full: bool = True) -> Batch:
        """Evaluate `table` (raw cells; `columns` maps each input to its column, or None when
        the data has none). The table must have a `__row` column (the row number). `full`: every
        column of the plan (what a `RecordData` reads); else the summary only, which DuckDB
        computes without the columns nothing in it reads (tiers, reasons, contributions)."""
        con.register("__raw", table)
        try:
            every, summary, layout = self._plan(con, table, columns)
            result = self._query(con, every if full else summary)
        finally:
            con.unregister("__raw")
        bad = _rows(result, "__bad")
        fail = _rows(result, "__fail")
        return Batch(result, layout, bad, fail, full)

    def plan(self, con: duckdb.DuckDBPyConnection, table: pa.Table, columns: dict[str, str | None]) -> tuple[str, Layout]:
        """The query over `table` (every column, in no particular row order), registered on `con`
        as `__raw` by the caller, and its layout (`run` executes it; `kpi eval`'s CSV run selects
        its output lines from it)."""
        every, _, layout = self._plan(con, table, columns)
        return every, layout

    def _plan(self, con: duckdb.DuckDBPyConnection, table: pa.Table, columns: dict[str, str | None]) -> tuple[str, str, Layout]:
        """The queries of every column and of the summary over `table` (as `plan`), and the layout."""
        types = {name: raw_type(table.schema.field(name).type) for name in table.column_names}
        scales, plain = self._scales(con, columns, types)
        shape = tuple((i.name, types.get(columns.get(i.name) or "", ""), scales.get(i.name, 0), i.name in plain)
                      for i in self.ir.inputs)
        key = (shape, tuple(columns.get(i.name) for i in self.ir.inputs))
        return self._plans.get(key) or self._compile(key, shape, columns)

    # ------------------------------------------------------------------ compiling
    def _scales(self, con: duckdb.DuckDBPyConnection, columns: dict[str, str | None],
                types: dict[str, str]) -> tuple[dict[str, int], set[str]]:
        """Each numeric input's scale: its raw decimal scale, else the most places any cell has;
        and the inputs of text cells that are all plain numbers (`1200`, `-89.27`: the typing
        stage then reads them with a cast alone, testing no cell: `typing.flagged`)."""
        out: dict[str, int] = {}
        plain: set[str] = set()
        probed: list[tuple[str, str, str]] = []  # input, raw column, raw type
        for spec in self.ir.inputs:
            col = columns.get(spec.name)
            if col is None or _kind(spec) is not K.NUM:
                continue
            t = types[col]
            if t.startswith("DECIMAL"):
                out[spec.name] = int(t.split(",")[1].rstrip(")"))
            elif t in ("VARCHAR", "DOUBLE"):
                probed.append((spec.name, col, t))
        if probed:
            key = tuple(probed)
            query = self._probes.get(key)
            if query is None:
                probes: list[exp.Expr] = []
                for _, col, t in probed:
                    probes.append(exp.Max(this=places(sql.column(col), t) if t == "VARCHAR" else _double_places(sql.column(col))))
                    # Every cell plain (none NULL, none blank): DuckDB reads the pattern once for both.
                    probes.append(exp.func("bool_and", exp.Coalesce(this=plain_number(sql.column(col)), expressions=[sql.false()]))
                                  if t == "VARCHAR" else sql.false())
                query = self._probes[key] = exp.select(*(exp.alias_(e, f"p{i}") for i, e in enumerate(probes))).from_("__raw").sql("duckdb")
            row = con.execute(query).fetchall()[0]
            assert row is not None
            for k, (name, _, t) in enumerate(probed):
                most = int(row[2 * k] or 0)
                if most > MOST_PLACES and t == "VARCHAR":
                    # A cast at fewer places would round such a text cell: the interpreter reads the
                    # batch. (A double the scale cannot hold is left to coerce by `typing._double`.)
                    raise Unsupported(msg.cell_places(places=most, most=MOST_PLACES))
                out[name] = min(most, MOST_PLACES)
                if row[2 * k + 1]:
                    plain.add(name)
        return out, plain

    def _compile(self, key: tuple[object, ...], shape: tuple[tuple[str, str, int, bool], ...],
                 columns: dict[str, str | None]) -> tuple[str, str, Layout]:
        planner, select = self.planner(shape, columns, exp.to_table("__raw"), sql.column(ROW), steps=True)
        layout = planner.layout
        summary = [ROW, "__bad", "__fail", *layout.summary()]
        found = (planner.query(select, order=False).sql("duckdb", copy=False), planner.query(select, summary, order=False).sql("duckdb", copy=False), layout)
        self._plans[key] = found
        return found

    def tree(self, shape: tuple[tuple[str, str, int, bool], ...], columns: dict[str, str | None], source: exp.Expr,
             row: exp.Expr) -> tuple[exp.Expr, Layout]:
        """The query as a sqlglot tree over `source`, its row numbers given by `row`."""
        planner, select = self.planner(shape, columns, source, row, steps=False)
        return planner.query(select), planner.layout

    def planner(self, shape: tuple[tuple[str, str, int, bool], ...], columns: dict[str, str | None], source: exp.Expr,
                row: exp.Expr, steps: bool = True) -> tuple[Planner, exp.Expr]:
        """The compiled record stage, and the SELECT of the typed inputs over `source` it reads."""
        typed = []
        bads = []
        below: list[tuple[str, exp.Expr]] = []  # the cells' tests `flagged` reads a layer below
        inputs: dict[str, V] = {}
        for spec, (_, t, scale, plain) in zip(self.ir.inputs, shape, strict=True):
            col = columns.get(spec.name)
            name = input_column(spec.name)
            value, flags, bad = flagged(spec, sql.column(col) if col is not None else None, t, scale, name, below, plain)
            typed.append(exp.alias_(value.e, name, quoted=True))
            typed += [exp.alias_(e, flag, quoted=True) for flag, e in flags]
            bads.append(exp.Paren(this=bad))
            inputs[spec.name] = V(sql.column(name), value.kind, value.scale)
        # The typed values and their flags first; `__bad` a layer later reads them.
        raws = [sql.column(c) for c in dict.fromkeys(c for c in columns.values() if c is not None)]
        if below:
            source = exp.select("*", *(exp.alias_(e, name, quoted=True) for name, e in below)).from_(source).subquery("cells")
        values = exp.select(exp.alias_(row, ROW, quoted=True), *raws, *typed).from_(source).subquery("typed")
        select = exp.select("*", exp.alias_(sql.or_(*bads) if bads else sql.false(), "__bad", quoted=True)).from_(values)
        planner = Planner(self.ir, inputs, steps)
        compile_record_stage(planner)
        return planner, select


#: The most decimal places a column's scale takes: a text cell with more sends its batch to the
#: interpreter (a cast would round it); a double with more is left to coerce (`typing._double`).
MOST_PLACES = 24

#: Places a double's scale probe tries with `round` before reading the double's text.
_ROUND_PLACES = 6


def _double_places(x: exp.Expr) -> exp.Expr:
    """A double's places: the fewest (up to 6) at which `round` gives it back, else the places
    of its text. A guess either way (the scale only has to be large enough for most cells: a cell
    the scale cannot hold is left to `values.coerce`), but reading the text of every double costs
    more than the rest of the typing stage."""
    case = exp.Case()
    for k in range(_ROUND_PLACES + 1):
        case = case.when(exp.EQ(this=x, expression=exp.Round(this=x, decimals=exp.Literal.number(k))), exp.Literal.number(k))
    return case.else_(places(sql.cast(x, exp.DataType.build("VARCHAR")), "VARCHAR"))


def _kind(spec: ir.Input) -> K:
    found = {"number": K.NUM, "text": K.TEXT, "bool": K.BOOL, "date": K.DATE}.get(spec.type.kind.value)
    if found is None:
        raise Unsupported(msg.no_input_kind(kind=spec.type.kind.value, input=spec.name))
    return found


def _rows(table: pa.Table, flag: str) -> list[int]:
    import pyarrow.compute as pc

    mask = pc.fill_null(table.column(flag), False)
    return [int(x) for x in pc.filter(table.column(ROW), mask).to_pylist()]
