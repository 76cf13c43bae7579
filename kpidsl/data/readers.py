"""Read a data file into a `Table` of raw cells, remembering where each cell came from.

Encodings: a CSV is read as UTF-8 (a BOM is dropped); if that fails it is read as GB18030, which
is what Excel writes in Chinese locales. `encoding=` forces one. Excel files are read with
openpyxl (values, not formulas; the first sheet unless one is named). Every failure is a
`KpiDataError` naming the file, and the row and column where one applies.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import KpiDataError
from ..source import Source, Span

#: File extensions understood, by reader.
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx",
           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: raw cells in column order, and where they stand in the file."""

    cells: tuple[object, ...]
    line: int  # 1-based line (CSV/JSONL), row number (Excel) or record index (JSON)
    cols: tuple[int, ...] = ()  # 1-based character column of each cell, when known


@dataclass
class Table:
    """Raw rows of one file, with the header and what is needed to point at a cell."""

    path: str
    columns: list[str]
    rows: list[Row]
    kind: str
    encoding: str | None = None
    sheet: str | None = None
    source: Source | None = field(default=None, repr=False)

    def span(self, row: Row, col_index: int) -> Span:
        col = row.cols[col_index] if col_index < len(row.cols) else col_index + 1
        width = len(str(row.cells[col_index])) if col_index < len(row.cells) and row.cells[col_index] is not None else 1
        return Span(self.path, row.line, col, row.line, col + max(width, 1))

    def where(self, row: Row, col_index: int | None = None) -> str:
        """A cell's place in words: `row 5, column '按时单数'` (and the Excel cell name)."""
        parts = []
        if self.kind == "xlsx":
            parts.append(f"sheet '{self.sheet}', row {row.line}")
            if col_index is not None:
                parts.append(f"cell {_excel_col(col_index)}{row.line}")
        elif self.kind in ("json",):
            parts.append(f"record {row.line}")
        else:
            parts.append(f"line {row.line}")
        if col_index is not None and col_index < len(self.columns):
            parts.append(f"column '{self.columns[col_index]}'")
        return ", ".join(parts)


def _excel_col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _fail(message: str, path: str, hints: tuple[str, ...] = ()) -> KpiDataError:
    return KpiDataError.single("K-D0201", message, Span(path, 0, 0, 0, 0), hints)


def read_table(path: Path, *, encoding: str | None = None, sheet: str | None = None, fmt: str | None = None) -> Table:
    """Read one data file.

    Raises:
        KpiDataError: the file is missing, empty, unreadable or of an unknown format.
    """
    p = str(path)
    if not path.exists():
        raise KpiDataError.single("K-D0202", f"data file not found: {p}", None)
    if path.is_dir():
        raise KpiDataError.single("K-D0202", f"{p} is a folder, not a data file", None)
    kind = fmt or FORMATS.get(path.suffix.lower())
    if kind is None:
        raise KpiDataError.single("K-D0203", f"cannot tell the format of {p} from its extension", None,
                                  ["use .csv, .xlsx, .json or .jsonl, or pass --format"])
    if kind in ("csv", "tsv"):
        return _read_csv(path, encoding, "\t" if kind == "tsv" else None)
    if kind == "xlsx":
        return _read_xlsx(path, sheet)
    if kind == "json":
        return _read_json(path)
    if kind == "jsonl":
        return _read_jsonl(path)
    raise KpiDataError.single("K-D0203", f"unknown data format '{kind}'", None)


def decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str]:
    """Bytes -> text: the forced encoding, else UTF-8 (BOM dropped), else GB18030."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise KpiDataError.single("K-D0204", f"unknown encoding '{encoding}'", None, ["try utf-8, utf-8-sig or gb18030"]) from None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise KpiDataError.single(
                "K-D0204", f"{path}: line {line} is not valid {encoding}", None,
                ["leave out --encoding to let kpi detect UTF-8 or GB18030"]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KpiDataError.single("K-D0204", f"{path}: line {line} is neither UTF-8 nor GB18030 text", None,
                                  ["save the file as CSV UTF-8 from Excel, or pass --encoding"]) from None


def _field_columns(line: str, delimiter: str) -> tuple[int, ...]:
    """1-based start column of each field on a CSV line (quotes respected)."""
    cols = [1]
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            cols.append(i + 2)
    return tuple(cols)


def _read_csv(path: Path, encoding: str | None, delimiter: str | None) -> Table:
    p = str(path)
    text, used = decode(path.read_bytes(), p, encoding)
    if not text.strip():
        raise _fail(f"{p} is empty", p, ("a data file needs a header row and at least one record",))
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t", "，"), key=first.count) if first else ","
        if first.count(delimiter) == 0:
            delimiter = ","
    source = Source(text, p)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    header: list[str] | None = None
    try:
        start_line = 1
        for cells in reader:
            line = start_line
            start_line = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().replace("\ufeff", "") for c in cells]
                continue
            rows.append(Row(tuple(cells), line, _field_columns(source.line_text(line), delimiter)))
    except csv.Error as exc:
        raise _fail(f"{p}: line {reader.line_num}: {exc}", p) from None
    if header is None:
        raise _fail(f"{p} has no header row", p)
    if not rows:
        raise _fail(f"{p} has a header row but no records", p)
    return Table(p, header, rows, "csv", used, None, source)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    p = str(path)
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a declared dependency
        raise _fail("reading .xlsx needs openpyxl: pip install openpyxl", p) from None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(f"{p} is not a readable .xlsx workbook ({type(exc).__name__})", p,
                    ("the file may be truncated or not an Excel file; save it again from Excel",)) from None
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise _fail(f"{p} has no sheet named '{sheet}'", p, (f"sheets: {', '.join(wb.sheetnames)}",))
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        header: list[str] | None = None
        rows: list[Row] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if header is None:
                header = ["" if v is None else str(v).strip() for v in values]
                continue
            rows.append(Row(tuple(values), number))
        title = ws.title
    except KpiDataError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(f"{p}: cannot read the workbook ({type(exc).__name__})", p) from None
    finally:
        wb.close()
    if header is None:
        raise _fail(f"{p}: sheet '{title}' is empty", p)
    while header and header[-1] == "":
        header.pop()
    if not rows:
        raise _fail(f"{p}: sheet '{title}' has a header row but no records", p)
    return Table(p, header, rows, "xlsx", None, title)


def _records_to_table(p: str, records: list[object], kind: str, lines: list[int]) -> Table:
    columns: list[str] = []
    seen: set[str] = set()
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            raise _fail(f"{p}: record {lines[i]} is not an object of field -> value", p)
        for key in rec:
            if key not in seen:
                seen.add(key)
                columns.append(str(key))
    dicts = [rec for rec in records if isinstance(rec, dict)]
    rows = [Row(tuple(rec.get(c) for c in columns), lines[i]) for i, rec in enumerate(dicts)]
    if not rows:
        raise _fail(f"{p} holds no records", p)
    return Table(p, columns, rows, kind)


def _read_json(path: Path) -> Table:
    p = str(path)
    text, _ = decode(path.read_bytes(), p, None)
    if not text.strip():
        raise _fail(f"{p} is empty", p)
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise KpiDataError.single("K-D0201", f"{p} is not valid JSON: {exc.msg}", Span(p, exc.lineno, exc.colno, exc.lineno, exc.colno + 1)) from None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        data = data["records"]
    if not isinstance(data, list):
        raise _fail(f"{p}: expected a list of records (or {{\"records\": [...]}})", p)
    return _records_to_table(p, data, "json", list(range(1, len(data) + 1)))


def _read_jsonl(path: Path) -> Table:
    p = str(path)
    text, _ = decode(path.read_bytes(), p, None)
    records: list[object] = []
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line, parse_float=Decimal))
        except json.JSONDecodeError as exc:
            raise KpiDataError.single("K-D0201", f"{p}: line {number} is not valid JSON: {exc.msg}",
                                      Span(p, number, exc.colno, number, exc.colno + 1)) from None
        lines.append(number)
    if not records:
        raise _fail(f"{p} is empty", p)
    return _records_to_table(p, records, "jsonl", lines)
