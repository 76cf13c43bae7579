"""Reading one CSV file in chunks: each chunk is a `Table` of at most `rows` rows, so a run that
streams (`kpi eval` CSV -> CSV, `streaming.py`) holds one chunk of the file at a time.

The chunks are read exactly as `readers.read_table` reads the whole file (the encoding chosen from
the file's first block the same way, the same delimiter, blank lines skipped, the header found
under title lines by `records.locate_header`), and each row keeps its line number. What reading
the whole file keeps for messages, each cell's character column and the text of every line, is
made only for a chunk that holds an error (`with_places`): a valid chunk costs no more than its
cells. Anything this reader does not settle on its own (an encoding that fails after the first
block, an empty file, a file without records) raises `NotStreamable`: the caller then reads the
file whole, which reports it as usual.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .. import ir
from ..messages import fallback as fallback_msg
from ..source import Source
from . import guards, percent_columns
from .readers import Row, Table, _field_columns, decode, permission_error, require_file
from .records import ColumnMap, locate_header

#: Bytes of the file's start that choose its encoding and delimiter.
SAMPLE = 1 << 16


class NotStreamable(Exception):
    """The file needs reading whole (see the module docstring); the reason says why."""


class _Lines:
    """The file's lines as the csv reader takes them; keeps the lines of the current chunk."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.kept: list[str] = []
        self.first = 1  # the line number of kept[0]

    def __iter__(self) -> Iterator[str]:
        try:
            for line in self.text:
                self.kept.append(line)
                yield line
        except UnicodeDecodeError as exc:
            raise NotStreamable(fallback_msg.mixed_encoding(reason=exc.reason)) from None

    def restart(self, line: int) -> None:
        """Forget the kept lines before `line`."""
        del self.kept[: line - self.first]
        self.first = line


class Chunks:
    """A CSV file's rows, `rows` at a time (iterate for each chunk's `Table`)."""

    def __init__(self, scheme: ir.Scheme, path: str, encoding: str | None, rows: int, *, places: bool = True) -> None:
        self.scheme, self.path, self.rows = scheme, path, rows
        require_file(Path(path))
        try:
            raw = Path(path).open("rb")  # noqa: SIM115  (open while the chunks are read; `close` closes it)
        except PermissionError:
            raise permission_error(path) from None
        try:
            self.encoding, self.delimiter = self._sniff(raw, encoding)
        except BaseException:
            raw.close()
            raise
        self._file = io.TextIOWrapper(raw, encoding=self.encoding, newline="")
        self._lines = _Lines(self._file)
        # Without `places` (a run that never reports a cell: `csvrun.py`) the lines are not kept.
        self._reader = csv.reader(iter(self._lines) if places else self._file, delimiter=self.delimiter)
        self.columns: list[str] = []

    def _sniff(self, raw: io.BufferedReader, encoding: str | None) -> tuple[str, str]:
        """The encoding and the delimiter, from the file's first block (as `readers.read_table`)."""
        sample = raw.read(SAMPLE)
        if len(sample) == SAMPLE and b"\n" in sample:
            sample = sample[: sample.rindex(b"\n") + 1]  # never cut a character in two
        raw.seek(0)
        text, used = decode(sample, self.path, encoding)
        if not text.strip():
            raise NotStreamable(fallback_msg.no_text())
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t", "，"), key=first.count) if first else ","
        codecs.lookup(used)
        return used, delimiter if first.count(delimiter) else ","

    def close(self) -> None:
        self._file.close()

    def __iter__(self) -> Iterator[Table]:
        header: list[str] | None = None
        first_chunk = True
        while True:
            rows: list[Row] = []
            start = self._reader.line_num + 1
            self._lines.restart(start)
            try:
                for cells in self._reader:
                    line = start
                    start = self._reader.line_num + 1
                    if not "".join(cells).strip():  # every cell blank (one C-speed test)
                        continue
                    if header is None:
                        header = [c.strip().replace("\ufeff", "") for c in cells]
                        continue
                    rows.append(Row(tuple(cells), line))
                    if len(rows) >= self.rows:
                        break
            except csv.Error as exc:
                raise NotStreamable(f"csv: {exc}") from None
            except UnicodeDecodeError as exc:  # read without `places` (`_Lines` catches it otherwise)
                raise NotStreamable(fallback_msg.mixed_encoding(reason=exc.reason)) from None
            if first_chunk:
                if header is None or not rows:
                    raise NotStreamable(fallback_msg.no_header())
                table = locate_header(self.scheme, Table(self.path, header, rows, "csv", self.encoding))
                self.columns = table.columns
                first_chunk = False
                if not table.rows:
                    raise NotStreamable(fallback_msg.no_records())
                yield table
            elif rows:
                yield Table(self.path, self.columns, rows, "csv", self.encoding)
            if len(rows) < self.rows:
                return

    def blocks(self, chars: int) -> Iterator[Table | list[list[str]] | str]:
        """The first chunk as a `Table` (its header found), then the rest of the file about
        `chars` characters at a time, each block ending at a line end: as its text when it holds
        no quote (nor NUL), so its lines split at every line end and its fields at every
        delimiter, exactly as `csv` splits them (the caller splits them, at C speed); else as the
        rows `csv` reads from it, blank rows left out. No `Row`, no line number: for `csvrun.py`,
        which reports nothing about a cell (a run that must goes record by record from the start).

        Raises:
            NotStreamable: as iterating the chunks would.
        """
        first = iter(self)
        yield next(first)
        while True:
            try:
                text = self._file.read(chars)
                if text and not text.endswith(("\n", "\r")):
                    text += self._file.readline()
            except UnicodeDecodeError as exc:
                raise NotStreamable(fallback_msg.mixed_encoding(reason=exc.reason)) from None
            if not text:
                return
            if '"' not in text and "\x00" not in text:
                yield text
                continue
            block = self._parsed(text)
            if block:
                yield block

    def _parsed(self, text: str) -> list[list[str]]:
        """The rows of a block, by `csv`; a quoted field that goes on past the block's end is
        read on from the file (the next block starts after it)."""
        def lines() -> Iterator[str]:
            yield from io.StringIO(text, newline="")
            yield from self._file

        reader = csv.reader(lines(), delimiter=self.delimiter)
        block = []
        taken = 0
        end = _line_count(text)  # once: counted per row, a block of n lines cost n passes over it
        try:
            for cells in reader:
                taken += 1
                if "".join(cells).strip():
                    block.append(cells)
                if reader.line_num >= end and taken:
                    break
        except csv.Error as exc:
            raise NotStreamable(f"csv: {exc}") from None
        except UnicodeDecodeError as exc:
            raise NotStreamable(fallback_msg.mixed_encoding(reason=exc.reason)) from None
        return block

    def with_places(self, table: Table) -> Table:
        """The chunk with what messages need: each cell's column, and a `Source` holding its lines
        (at their line numbers) for the caret under the cell."""
        first = self._lines.first
        texts = [t.rstrip("\r\n") for t in self._lines.kept]
        rows = [Row(r.cells, r.line, _field_columns(texts[r.line - first], self.delimiter) if 0 <= r.line - first < len(texts) else ())
                for r in table.rows]
        source = Source("\n" * (first - 1) + "\n".join(texts), self.path)
        return Table(table.path, table.columns, rows, table.kind, table.encoding, None, source, table.warnings)


def survey_percent(scheme: ir.Scheme, path: str, encoding: str | None, rows: int,
                   cmap: ColumnMap) -> dict[str, percent_columns.Column]:
    """The percent columns of the whole file (`percent_columns.survey`), read in a pass of their
    own before any chunk is typed: whether a plain 0.95 in an `as points` column is a mistake
    depends on every other row of the column, not on the chunk it falls in. Empty when the scheme
    reads no percent column.

    Raises:
        NotStreamable: as iterating `Chunks` (the run is then read whole).
    """
    if not any(s.type.name == "percent" and s.name in cmap.by_input for s in scheme.inputs):
        return {}
    chunks = Chunks(scheme, path, encoding, rows, places=False)
    out: dict[str, percent_columns.Column] = {}
    try:
        for table in chunks:
            kept = guards.summary_rows(scheme, table, cmap.id_index, cmap.by_input, [])  # the typing pass reports them
            out = percent_columns.merge(out, percent_columns.survey(scheme, table, kept, cmap.by_input))
    finally:
        chunks.close()
    return out


def _line_count(text: str) -> int:
    """The physical lines of a block that ends at a line end, as `csv` counts them."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class SeenIds:
    """The ids of the chunks read so far, with the line each was on, in an embedded DuckDB table:
    about 25 bytes an id, where a dict takes about 125, so a million ids cost some 25 MB."""

    def __init__(self) -> None:
        import duckdb

        self._con = duckdb.connect()
        self._con.execute("CREATE TABLE ids (id VARCHAR, line BIGINT)")
        self._count = 0

    def earlier(self, table: Table, id_index: int | None) -> dict[str, int]:
        """The chunk's ids that an earlier chunk had, with the (last) line they were on there."""
        if not self._count or id_index is None:
            return {}
        import pyarrow as pa

        from .arrowtext import texts

        ids = [str(r.cells[id_index]).strip() for r in table.rows if id_index < len(r.cells)]
        self._con.register("chunk", pa.table({"id": texts(ids)}))
        found = self._con.execute("SELECT ids.id, max(ids.line) FROM ids JOIN chunk USING (id) GROUP BY ids.id").fetchall()
        self._con.unregister("chunk")
        return {rid: int(line) for rid, line in found}

    def add(self, ids: dict[str, int]) -> None:
        """Remember a chunk's ids (read without error)."""
        if not ids:
            return
        import pyarrow as pa

        from .arrowtext import integers, texts

        self._con.register("new", pa.table({"id": texts(list(ids)), "line": integers(list(ids.values()))}))
        self._con.execute("INSERT INTO ids SELECT id, line FROM new")
        self._con.unregister("new")
        self._count += len(ids)

    def close(self) -> None:
        self._con.close()
