"""`kpi eval data.csv -o out.csv` with no Python per record: the engine types the raw cells, evaluates
them, and gives each output line as text and the run summary's counts, chunk by chunk (issue 12).

Python still reads the file (`data/stream.py`: the encoding, title lines above the header, line
numbers, blank lines, exactly as every other run reads it) and hands each chunk's cells to DuckDB
as text columns. The SQL then proves that the chunk is one the record-by-record run would write
without a word: no summary row (`data/guards.py`), no row without an id or with an id that is
not written plainly, no row wider than the header, no small plain number in an `as points`
percent column; and, at the end, no id used twice. The records with a cell left to
`values.coerce` or left to the interpreter (`__bad`, `__fail`: columnar/engine.py) are read and
evaluated by the interpreter alone (`csvleft.py`), which raises `Refused` when it finds anything
to report. Anything else raises `Fallback`
and the caller (`streaming.py`) runs the file record by record from the start, which gives
today's messages, row and column for every bad cell, and writes nothing half-done (the output
goes to a temporary file either way). What it writes is checked byte for byte against the
record-by-record run (tests/cli/test_csvrun.py).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .csvguard import FormulaGuard
from .csvleft import Left, Plan, Refused
from .data.readers import Table
from .messages import fallback as fallback_msg
from .summary import Counts

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from .api import Scheme
    from .columnar.engine import Columnar
    from .columnar.plan import Layout
    from .columns import Column
    from .data.records import ColumnMap
    from .data.stream import Chunks
    from .eval_options import EvalOptions
    from .summary import Tally

#: Rows evaluated per query: large enough that planning each query (some 0.07-0.1 s of binding
#: and optimising some 40 layers, whatever the rows) costs little, small enough that a 1M-row run
#: stays well under 300 MB (benchmark workload, session 7: 242-251 MB at 100,000 and 9.97-10.2 s
#: of CPU; 260-264 MB at 150,000 and 0.1-0.2 s less CPU, the margin now spent where it was thinner).
CHUNK_ROWS = 150_000

#: Characters read from the file at a time (some 10,000 rows): a block becomes Arrow columns
#: before the next is read, so a chunk's rows are never all Python objects at once.
BLOCK_CHARS = 1 << 20


class Fallback(Exception):
    """The run must be written record by record (the reason says why; `-v` prints it)."""


def summary_label_pattern() -> str:
    """One RE2 pattern that finds what `data.guards` finds in a label cell: a Chinese summary word
    with white space anywhere inside it (guards removes the white space, then looks for the word:
    `合 计`), or an English one as a whole word, in any case. One pattern per cell costs a third of
    removing the white space and running two."""
    from .columnar.csvrows import WHITE
    from .data.guards import SUMMARY_WORDS, SUMMARY_WORDS_EN

    chinese = "|".join(f"{WHITE}*".join(word) for word in SUMMARY_WORDS)
    # guards' pattern with Python's Unicode white space spelled out (RE2's \s is ASCII only);
    # RE2's ASCII \b finds a superset of Python's matches, which only sends more runs to the
    # record-by-record path.
    english = SUMMARY_WORDS_EN.pattern.replace(r"\s", WHITE)
    return f"(?i){chinese}|{english}"


def unsupported(scheme: Scheme, opts: EvalOptions) -> str | None:
    """Why this run cannot be written by the engine, as far as the options tell (None: it may be;
    `write` then asks the engine, once the first chunk shows the file is large enough)."""
    if opts.engine == "python":
        return "--engine python"
    inputs = {i.name: i for i in scheme.ir.inputs}
    for name in opts.by or ():
        if inputs[name].type.kind.value != "text":
            return fallback_msg.by_not_text(name=name)
    return None


class CsvRun:
    """One run: the engine, the connection, the output columns, the counts so far."""

    def __init__(self, scheme: Scheme, engine: Columnar, cmap: ColumnMap, table: Table, opts: EvalOptions, tally: Tally,
                 delimiter: str) -> None:
        import duckdb
        import pyarrow as pa

        if cmap.id_index is None:
            raise Fallback(fallback_msg.no_id_column())
        self.id_col: int = cmap.id_index
        self.scheme, self.engine, self.cmap, self.opts, self.tally = scheme, engine, cmap, opts, tally
        self.width = len(table.columns)
        self.delimiter = delimiter
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(config={"threads": 1, "allocator_flush_threshold": "8MB"})
        #: Each id's 64-bit hash, chunk by chunk: 8 bytes an id; two ids with one hash only send
        #: the run record by record.
        self.id_hashes: list[pa.ChunkedArray] = []
        self.filled: set[str] = set()
        self.types: dict[str, dict[str, str]] = {}
        self.columns: list[Column] | None = None
        self.keys: list[str] | None = None
        self.start = 0
        from .data.guards import label_columns

        self.labels = [i for i in label_columns(table, cmap.id_index) if i < self.width]
        #: The columns the engine reads (inputs, the id, where a summary row is labelled).
        self.wanted = sorted({*cmap.by_input.values(), *self.labels, self.id_col})
        self.pending: dict[int, list[pa.Array]] = {}
        #: Where the blocks' Arrow columns are made: the C library's allocator, which returns a
        #: block's freed scratch columns to the system. In Arrow's default pool (mimalloc) they
        #: stayed resident among the chunk's columns kept for the query: some 20 MB of the peak.
        self.pool = pa.system_memory_pool()
        self.pending_rows = 0
        self.label_pattern = summary_label_pattern()
        #: The formula guard of the output (`csvguard.py`): the header's cells, then each chunk's count.
        self.guard = FormulaGuard(opts.csv_formulas)
        #: The records the engine leaves to the interpreter (`csvleft.py`), read as the file's rows.
        self.left = Left(scheme, cmap, Table(table.path, table.columns, [], table.kind, table.encoding), self.wanted,
                         self.width, self.guard, opts.by or (), tally.columns)

    def close(self) -> None:
        self.con.close()

    # ------------------------------------------------------------------ a chunk
    def add_text(self, text: str) -> None:
        """Take a block of the file's text that holds no quote (`Chunks.blocks`): its lines split
        at every line end and their fields at every delimiter, as `csv` splits them, in Arrow."""
        import re

        import pyarrow.compute as pc

        from .columnar.csvrows import WHITE
        from .data.arrowtext import integer, one

        pool = self.pool
        lines = _lines(one(text), text, pool)
        blank = pc.match_substring_regex(lines, f"^[{WHITE[1:-1]}{re.escape(self.delimiter)}]*$", memory_pool=pool)
        lines = pc.filter(lines, pc.invert(blank, memory_pool=pool), memory_pool=pool)
        if not len(lines):
            return
        if pc.max(pc.utf8_length(lines, memory_pool=pool)).as_py() > csv.field_size_limit():  # a field csv may refuse: read by it
            from .data.stream import NotStreamable

            try:
                rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter))
            except csv.Error as exc:
                raise NotStreamable(f"csv: {exc}") from None
            self.add([r for r in rows if "".join(r).strip()])
            return
        fields = pc.split_pattern(lines, self.delimiter, memory_pool=pool)
        shortest, widest = pc.min_max(pc.list_value_length(fields, memory_pool=pool)).values()
        if widest.as_py() > self.width:
            raise Fallback(fallback_msg.row_wider())
        if shortest.as_py() < self.width:  # rows short of the header: cells missing at their ends
            self.add(fields.to_pylist())
            return
        for i in self.wanted:
            self.pending.setdefault(i, []).append(pc.list_element(fields, integer(i), memory_pool=pool))
        self.pending_rows += len(lines)

    def add(self, rows: Sequence[Sequence[object]]) -> None:
        """Take a block of rows (their cells) as Arrow columns of text, so that the rows' Python
        objects are freed before the next block is read; `flush` evaluates what was added."""
        import pyarrow as pa

        from .data.arrowtext import texts

        if max(map(len, rows)) > self.width:
            raise Fallback(fallback_msg.row_wider())
        n = len(rows)
        cells = list(itertools.zip_longest(*rows))
        for i in self.wanted:
            column = texts(cells[i], self.pool) if i < len(cells) else pa.nulls(n, pa.string(), memory_pool=self.pool)
            self.pending.setdefault(i, []).append(column)
        self.pending_rows += n

    def flush(self, first: bool) -> list[bytes | memoryview]:
        """The lines of output of the rows added since the last flush (the header before the
        first chunk's); counts their summary.

        Raises:
            Fallback: the chunk needs the record-by-record run.
        """
        import pyarrow as pa

        from .columnar.engine import ROW
        from .data.arrowtext import row_numbers

        n = self.pending_rows
        arrays = {ROW: row_numbers(self.start, n)}
        for i in self.wanted:
            arrays[f"c{i}"] = pa.chunked_array(self.pending.pop(i), pa.string())
        self.pending_rows = 0
        raw = pa.table(arrays)
        del arrays
        self.con.register("__raw", raw)
        try:
            self._check_raw()
            text = self._evaluate(raw, first)
        finally:
            self.con.unregister("__raw")
        self.start += n
        return text

    def _check_raw(self) -> None:
        """What the data guards and the id check would say about the chunk's raw cells."""
        from .columnar.csvrows import WHITE, blank, ident, lit

        ir = self.scheme.ir
        ident_id = ident(f"c{self.id_col}")
        # An id that is missing, blank or not written plainly (white space at an end): the pattern
        # needs a character that is not white space at each end, so it refuses a blank one too.
        checks = [f"count_if({ident_id} IS NULL OR NOT regexp_full_match({ident_id}, '(?s)[^{WHITE[1:-1]}](.*[^{WHITE[1:-1]}])?'))"]
        label_hits = [f"regexp_matches({ident(f'c{i}')}, {lit(self.label_pattern)})" for i in self.labels]
        checks.append(f"count_if({' OR '.join(label_hits)})" if label_hits else "0")
        points = [self.cmap.by_input[s.name] for s in ir.inputs
                  if s.type.name == "percent" and s.as_points and s.name in self.cmap.by_input]
        for i in points:
            c = ident(f"c{i}")
            number = f"TRY_CAST(replace(trim({c}), ',', '') AS DOUBLE)"
            checks.append(f"count_if(NOT regexp_matches({c}, '[%％]') AND {number} <> 0 AND abs({number}) <= 1)")
        filled = [(name, f"count_if(NOT {blank(ident(f'c{i}'))})") for name, i in self.cmap.by_input.items() if name not in self.filled]
        row = self.con.execute(f"SELECT {', '.join([*checks, *(e for _, e in filled)])} FROM __raw").fetchall()[0]
        assert row is not None
        if row[0]:
            raise Fallback(fallback_msg.row_without_id())
        if row[1]:
            raise Fallback(fallback_msg.summary_row())
        if any(row[2 : 2 + len(points)]):
            raise Fallback(fallback_msg.percent_points())
        self.filled |= {name for (name, _), count in zip(filled, row[2 + len(points):], strict=True) if count}

    def _evaluate(self, raw: pa.Table, first: bool) -> list[bytes | memoryview]:
        import duckdb

        from .columnar.csvrows import Cells, Unshown, ident
        from .columnar.engine import input_column
        from .columnar.sql import Unsupported

        columns = {spec.name: (f"c{i}" if (i := self.cmap.by_input.get(spec.name)) is not None else None)
                   for spec in self.scheme.ir.inputs}
        try:
            query, layout = self.engine.plan(self.con, raw, columns)
            types = self.types.get(query)
            if types is None:  # binding the query costs as much as running it on a few thousand rows
                types = self.types[query] = _described(self.con, query)
            cells = Cells(self.scheme.ir, layout, types, input_column, self.guard.on)
            header = self._columns(query, layout, raw, first)
            assert self.columns is not None
            # The id's raw cell: carried through the query when the id is an input's column (no
            # join, which cost some 7% of the run), else joined back by the row number.
            id_col = f"c{self.id_col}"
            source = "r" if id_col in types else "r JOIN __raw ON r.__row = __raw.__row"
            id_sql = f"{'r' if id_col in types else '__raw'}.{ident(id_col)}"
            select = ["r.__row", "(coalesce(r.__bad, false) OR coalesce(r.__fail, false)) AS __odd", f"{id_sql} AS __id",
                      f"{cells.line(self.columns, id_sql)} AS __line", f"{cells.guarded_count()} AS __guarded",
                      *_summary_columns(self, layout)]
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE chunk AS WITH r AS ({cells.over(query)}) "
                             f"SELECT {', '.join(select)} FROM {source}")
        except (Unshown, Unsupported) as exc:  # Unsupported: a cell the engine would round (`Columnar._scales`)
            raise Fallback(str(exc)) from None
        except duckdb.OutOfRangeException:
            raise Fallback(fallback_msg.beyond_digits()) from None
        except duckdb.Error as exc:  # a cast the engine cannot make (a number of 40 digits): coerce names the cell
            raise Fallback(fallback_msg.engine_stopped(error=type(exc).__name__)) from None
        # The lines of records the engine leaves to the interpreter count their guarded cells as written.
        odd = self.con.execute("SELECT count_if(__odd), count(*), coalesce(sum(__guarded) FILTER (WHERE NOT __odd), 0) "
                               "FROM chunk").fetchall()[0]
        assert odd is not None
        self.guard.count += int(odd[2])
        if odd[0]:  # only those records go to the interpreter, the others stay the engine's
            assert self.keys is not None
            try:
                self.left.interpret(self.con, raw, self.start, Plan(query, layout, types, self.keys, self.columns))
            except Refused as exc:
                raise Fallback(str(exc)) from None
        lines = self.con.sql("SELECT __line FROM chunk ORDER BY __row").to_arrow_table().column(0)
        self.id_hashes.append(self.con.sql("SELECT hash(__id) FROM chunk").to_arrow_table().column(0))
        self.tally.add_counts(_counts(self, layout, int(odd[1])))
        self.con.execute("DROP TABLE chunk")
        return [header.encode("utf-8"), *(_utf8(part) for part in lines.chunks)]

    def _columns(self, query: str, layout: Layout, raw: pa.Table, first: bool) -> str:
        """The output columns, from the chunk's first record (as the record-by-record run
        chooses them); the header line before the first chunk."""
        if self.columns is not None:
            return ""
        from .columnar.bulk import BulkRecords
        from .columnar.engine import Batch
        from .columnar.records import Columns
        from .report import render_csv, specs_for

        # The query on the chunk's first row alone (a LIMIT would still evaluate every row).
        self.con.register("__raw", raw.slice(0, 1))
        try:
            table = self.con.sql(query).to_arrow_table()
        finally:
            self.con.register("__raw", raw)
        batch = Batch(table, layout, [], [])
        record = BulkRecords(self.scheme.ir, ["#1"], [(0, batch, Columns(table), table)], {})[0]
        try:
            self.keys = self.scheme.output_columns([record], self.opts.columns)
        except ValueError:
            raise Fallback(fallback_msg.unknown_columns_name()) from None  # reported by the run record by record
        self.columns = specs_for(self.scheme.ir, self.keys, self.opts.headers)
        return render_csv([], self.columns, "\r\n", header=True, guard=self.guard) if first else ""

    # ------------------------------------------------------------------ the end
    def finish(self) -> None:
        """Raises Fallback when an id was used twice (the record-by-record run names both lines)."""
        hashes, self.id_hashes = self.id_hashes, []
        if _repeated(hashes):
            raise Fallback(fallback_msg.id_twice())


def _repeated(parts: list[pa.ChunkedArray]) -> bool:
    """Whether a value occurs twice in `parts` (emptied): the values in one array sorted in place,
    each compared with the next (8 bytes a value; DuckDB's `count(DISTINCT)` over a table of them
    built a hash table of some 25 bytes a value, the run's peak memory at a million rows)."""
    import numpy as np

    # Read from the buffers: `to_numpy` would look for pandas (data/arrowtext.py). A hash is never null.
    arrays = [np.frombuffer(chunk.buffers()[1], np.uint64, len(chunk), chunk.offset * 8) for part in parts for chunk in part.chunks]
    parts.clear()
    values = np.concatenate(arrays) if arrays else np.empty(0, np.uint64)
    del arrays
    values.sort()
    return bool(np.any(values[1:] == values[:-1]))


def _lines(block: pa.Array, text: str, pool: pa.MemoryPool) -> pa.Array:
    """The lines of `text` (`block`: it as one string), split at every line end as `csv` splits
    them: by a plain separator when every line ends alike (a fifth of the time of the pattern)."""
    import pyarrow.compute as pc

    returns = text.count("\r")
    if not returns:
        return pc.split_pattern(block, "\n", memory_pool=pool).flatten()
    if returns == text.count("\r\n") and text.count("\n") == returns:
        return pc.split_pattern(block, "\r\n", memory_pool=pool).flatten()
    return pc.split_pattern_regex(block, r"\r\n|\r|\n", memory_pool=pool).flatten()


def _utf8(lines: pa.Array) -> memoryview:
    """The UTF-8 text of a string array's values end to end: a view of its data buffer (the
    values lie one after another), without a Python string per line."""
    import pyarrow as pa

    if lines.type != pa.string():
        lines = lines.cast(pa.string())
    if not len(lines):
        return memoryview(b"")
    offsets = pa.Array.from_buffers(pa.int32(), len(lines) + 1, [None, lines.buffers()[1]], offset=lines.offset)
    first, last = offsets[0].as_py(), offsets[-1].as_py()
    return memoryview(lines.buffers()[2])[first:last]


def _described(con: duckdb.DuckDBPyConnection, query: str) -> dict[str, str]:
    """The query's column types, by name (binding it, without running it)."""
    rel = con.sql(query)
    return {name: str(t) for name, t in zip(rel.columns, rel.types, strict=True)}


def _summary_columns(run: CsvRun, layout: Layout) -> list[str]:
    """The result columns the summary counts, under short names."""
    from .columnar.csvrows import Unshown, ident
    from .columnar.engine import input_column

    out = [f"r.{ident(layout.grade)} AS __grade" if layout.grade else "NULL::VARCHAR AS __grade",
           f"r.{ident(layout.published)} AS __total"]
    out += [f"r.{ident(col)} AS __v{j}" for j, (_, _, _, col) in enumerate(layout.vetoes)]
    for k, name in enumerate(run.scheme.ir.item_order):
        c = layout.items[name]
        parent = layout.items.get(c.parent) if c.parent is not None else None
        counted = f"r.{ident(c.skipped)}" + (f" AND NOT r.{ident(parent.skipped)}" if parent is not None else "")
        out.append(f"coalesce({counted}, false) AS __s{k}")
        out.append(f"r.{ident(c.reason)} AS __r{k}" if c.reason else f"NULL::VARCHAR AS __r{k}")
    if run.tally.columns:
        if layout.published not in layout.rounded:
            raise Unshown(fallback_msg.by_unrounded())
        out += [f"coalesce(r.{ident(input_column(c))}, '') AS __g{m}" for m, c in enumerate(run.tally.columns)]
    return out


def _counts(run: CsvRun, layout: Layout, records: int) -> Counts:
    """The chunk's summary counts, each list in the order of first appearance."""
    from .summary import MAX_IDS

    con = run.con
    grades = [(g, int(n)) for g, n, _ in con.execute(
        "SELECT __grade, count(*), min(__row) AS m FROM chunk WHERE __grade IS NOT NULL GROUP BY __grade ORDER BY m").fetchall()]
    vetoes = []
    for j, (label, _, _, _) in enumerate(layout.vetoes):
        row = con.execute(f"SELECT count_if(__v{j}), min_by(__id, __row, {MAX_IDS}) FILTER (WHERE __v{j}) FROM chunk").fetchall()[0]
        assert row is not None
        vetoes.append((label, int(row[0]), list(row[1] or [])))
    found = []
    for k, name in enumerate(run.scheme.ir.item_order):
        for reason, n, first, ids in con.execute(
                f"SELECT __r{k}, count(*), min(__row), min_by(__id, __row, {MAX_IDS}) FROM chunk WHERE __s{k} GROUP BY __r{k}").fetchall():
            found.append((int(first), k, (name, reason, int(n), list(ids))))
    skipped = [entry for _, _, entry in sorted(found, key=lambda f: (f[0], f[1]))]
    groups: list[tuple[tuple[str, ...], int, Decimal | None, int, Sequence[tuple[str, int]]]] = []
    if run.tally.columns:
        keys = ", ".join(f"__g{m}" for m in range(len(run.tally.columns)))
        by_grade: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        width = len(run.tally.columns)
        for row in con.execute(f"SELECT {keys}, __grade, count(*), min(__row) AS m FROM chunk WHERE __grade IS NOT NULL "
                               f"GROUP BY {keys}, __grade ORDER BY m").fetchall():
            by_grade.setdefault(tuple(row[:width]), []).append((row[width], int(row[width + 1])))
        for row in con.execute(f"SELECT {keys}, count(*), sum(__total), count(__total), min(__row) AS m FROM chunk "
                               f"GROUP BY {keys} ORDER BY m").fetchall():
            key = tuple(row[:width])
            groups.append((key, int(row[width]), row[width + 1], int(row[width + 2]), by_grade.get(key, [])))
    return Counts(records, grades, vetoes, skipped, groups)


def write(scheme: Scheme, chunks: Chunks, opts: EvalOptions, tmp: Path, made: Callable[[Table, ColumnMap], Tally],
          progress: Callable[[int], None] | None) -> tuple[CsvRun, Table, ColumnMap]:
    """Write the whole output to `tmp` (see the module docstring); the run, the table's header
    and its column map.

    Raises:
        Fallback: the file needs the record-by-record run (nothing written counts).
        NotStreamable: the file must be read whole (as the record-by-record run finds).
    """
    blocks = chunks.blocks(BLOCK_CHARS)
    first = next(blocks)
    assert isinstance(first, Table)
    run, cmap = _start(scheme, chunks, opts, first, made)
    header = Table(first.path, first.columns, [], first.kind, first.encoding)
    count = 0
    try:
        run.add([r.cells for r in first.rows])
        del first  # its rows are Arrow columns now
        with tmp.open("wb") as out:
            out.write(codecs.BOM_UTF8)  # as the record-by-record run's utf-8-sig
            for block in blocks:
                if isinstance(block, str):
                    run.add_text(block)
                else:
                    assert isinstance(block, list)
                    run.add(block)
                del block  # not held while the next block is read
                if run.pending_rows >= CHUNK_ROWS:
                    count = _flush(run, out, count, progress)
            if run.pending_rows:
                _flush(run, out, count, progress)
            run.finish()
    finally:
        run.close()
    return run, header, cmap


def _start(scheme: Scheme, chunks: Chunks, opts: EvalOptions, table: Table,
           made: Callable[[Table, ColumnMap], Tally]) -> tuple[CsvRun, ColumnMap]:
    """The run, once the first chunk shows the file is large enough for the engine."""
    from .data.records import map_columns
    from .engines import AUTO_MIN_ROWS, columnar_engine

    if opts.engine == "auto" and len(table.rows) < min(AUTO_MIN_ROWS, chunks.rows):
        raise Fallback(fallback_msg.records(rows=len(table.rows)))  # before the engine is started or compiled
    engine, why = columnar_engine(scheme)
    if engine is None:
        raise Fallback(why or "")
    cmap = map_columns(scheme.ir, table, opts.id_column)
    return CsvRun(scheme, engine, cmap, table, opts, made(table, cmap), chunks.delimiter), cmap


def _flush(run: CsvRun, out: BinaryIO, count: int, progress: Callable[[int], None] | None) -> int:
    """Evaluate and write the rows added; the rows written so far."""
    done = count + run.pending_rows
    out.writelines(run.flush(count == 0))
    if progress is not None:
        progress(done)
    return done
