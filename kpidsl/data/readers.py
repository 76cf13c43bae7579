"""Read a data file into a `Table` of raw cells, remembering where each cell came from.

Encodings: a CSV is read as UTF-8 (a BOM is dropped); if that fails it is read as GB18030, which
is what Excel writes in Chinese locales. `encoding=` forces one. Excel files are read with
openpyxl (the values Excel last calculated, not formulas; the first sheet unless one is named): a
number formatted as a percentage is read as one (`MarkedPercent`), and a formula cell Excel never
calculated (a file written by a program, not saved by Excel) becomes an `UncachedFormula`, which
the record reader reports by name instead of taking it for an empty cell. Every failure is a
`KpiDataError` naming the file, and the row and column where one applies.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, KpiDataError
from ..i18n import CLAUSES, Text, listing
from ..messages import data as msg
from ..messages import files as file_msg
from ..prebuilt import dataclass
from ..source import Source, Span
from ..values import MarkedPercent

#: File extensions understood, by reader.
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx",
           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: raw cells in column order, and where they stand in the file."""

    cells: tuple[object, ...]
    line: int  # 1-based line (CSV/JSONL), row number (Excel) or record index (JSON)
    cols: tuple[int, ...] = ()  # 1-based character column of each cell, when known


@dataclass(frozen=True, slots=True)
class UncachedFormula:
    """An Excel formula cell with no calculated value stored in the file (the workbook was written
    by a program and never opened and saved in Excel), so there is no value to read."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass
class Table:
    """Raw rows of one file, with the header and what is needed to point at a cell.

    `warnings` collects what reading and preparing the records noticed without stopping (an empty
    column, a dropped summary row); the command prints them, an embedding application reads them.
    """

    path: str
    columns: list[str]
    rows: list[Row]
    kind: str
    encoding: str | None = None
    sheet: str | None = None
    source: Source | None = field(default=None, repr=False)
    warnings: list[Diagnostic] = field(default_factory=list)
    #: The title lines above the header row (`2024年度销售代表月度考核表`), their cells' text.
    titles: tuple[str, ...] = ()

    def span(self, row: Row, col_index: int) -> Span:
        col = row.cols[col_index] if col_index < len(row.cols) else col_index + 1
        width = len(str(row.cells[col_index])) if col_index < len(row.cells) and row.cells[col_index] is not None else 1
        return Span(self.path, row.line, col, row.line, col + max(width, 1))

    def where(self, row: Row, col_index: int | None = None) -> Text:
        """A cell's place in words: `line 5, column '按时单数'` (and the Excel sheet and cell)."""
        parts: list[str] = []
        if self.kind == "xlsx":
            parts.append(msg.where_sheet_row(sheet=self.sheet or "", row=row.line))
            if col_index is not None:
                parts.append(msg.where_cell(cell=f"{excel_column(col_index)}{row.line}"))
        elif self.kind == "json":
            parts.append(msg.where_record(number=row.line))
        else:
            parts.append(msg.where_line(line=row.line))
        if col_index is not None and col_index < len(self.columns):
            parts.append(msg.where_column(column=self.columns[col_index]))
        return listing(parts, CLAUSES)


def excel_column(index: int) -> str:
    """The letters of a 0-based column index: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _fail(message: str, path: str, hints: tuple[str, ...] = ()) -> KpiDataError:
    return KpiDataError.single("K-D0201", msg.in_file(path=path, message=message), Span(path, 0, 0, 0, 0), hints)


def read_table(path: Path, *, encoding: str | None = None, sheet: str | None = None, fmt: str | None = None) -> Table:
    """Read one data file.

    Raises:
        KpiDataError: the file is missing, empty, unreadable (no permission too) or of an unknown
            format.
    """
    try:
        return _read_table(path, encoding, sheet, fmt)
    except PermissionError:
        raise permission_error(str(path)) from None


def permission_error(path: str) -> KpiDataError:
    """K-D0201 for a data file this user may not read."""
    return _fail(file_msg.permission_denied(), path, (file_msg.permission_denied_hint(),))


def require_file(path: Path) -> None:
    """Raise K-D0202 when `path` is missing or a folder (every reader, whole or in chunks)."""
    if not path.exists():
        raise KpiDataError.single("K-D0202", msg.file_not_found(path=str(path)), None)
    if path.is_dir():
        raise KpiDataError.single("K-D0202", msg.is_a_folder(path=str(path)), None)


def _read_table(path: Path, encoding: str | None, sheet: str | None, fmt: str | None) -> Table:
    p = str(path)
    require_file(path)
    kind = fmt or FORMATS.get(path.suffix.lower())
    if kind is None and path.suffix.lower() in (".xls", ".et", ".ods", ".numbers"):
        raise KpiDataError.single("K-D0203", msg.old_workbook(path=p), None, [msg.old_workbook_hint()])
    if kind is None:
        raise KpiDataError.single("K-D0203", msg.unknown_extension(path=p), None, [msg.unknown_extension_hint()])
    if sheet is not None and kind != "xlsx":
        raise KpiDataError.single("K-D0203", msg.sheet_not_workbook(path=p), None, [msg.sheet_not_workbook_hint()])
    if kind in ("csv", "tsv"):
        return _read_csv(path, encoding, "\t" if kind == "tsv" else None)
    if kind == "xlsx":
        return _read_xlsx(path, sheet)
    if kind == "json":
        return _read_json(path)
    if kind == "jsonl":
        return _read_jsonl(path)
    raise KpiDataError.single("K-D0203", msg.unknown_format(format=kind), None)


def decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str]:
    """Bytes -> text: the forced encoding, else UTF-8 (BOM dropped), UTF-16 with its BOM, else GB18030."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise KpiDataError.single("K-D0204", msg.unknown_encoding(encoding=encoding), None, [msg.unknown_encoding_hint()]) from None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise KpiDataError.single("K-D0204", msg.not_in_encoding(path=path, line=line, encoding=encoding), None,
                                      [msg.not_in_encoding_hint()]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "utf-16"
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
        raise KpiDataError.single("K-D0204", msg.not_utf8_or_gb18030(path=path, line=line), None,
                                  [msg.not_utf8_or_gb18030_hint()]) from None


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
        raise _fail(msg.file_empty(), p, (msg.file_empty_hint(),))
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
        raise _fail(msg.csv_error(line=reader.line_num, error=str(exc)), p) from None
    if header is None:
        raise _fail(msg.no_header(), p)
    if not rows:
        raise _fail(msg.no_records(), p)
    return Table(p, header, rows, "csv", used, None, source)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    p = str(path)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(msg.not_a_workbook(error=type(exc).__name__), p, (msg.not_a_workbook_hint(),)) from None
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise _fail(msg.no_such_sheet(sheet=sheet), p, (msg.sheets_found(sheets=listing(wb.sheetnames)),))
            ws = wb[sheet]
        else:
            ws = _first_visible(wb)
        header: list[str] | None = None
        rows: list[Row] = []
        formulas = _has_formulas(path)
        blanks: set[tuple[int, int]] = set()  # (row, column) of empty cells below the header
        percent_styles: dict[object, bool] = {}
        for number, cells in enumerate(ws.iter_rows(), start=1):
            values = tuple(_xlsx_value(c, percent_styles) for c in cells)
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if header is None:
                header = ["" if v is None else str(v).strip() for v in values]
                continue
            if formulas:
                blanks.update((number, i) for i, v in enumerate(values) if v is None and i < len(header))
            rows.append(Row(values, number))
        title = ws.title
    except KpiDataError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(msg.workbook_unreadable(error=type(exc).__name__), p) from None
    finally:
        wb.close()
    if header is None:
        raise _fail(msg.sheet_empty(sheet=title), p)
    while header and header[-1] == "":
        header.pop()
    if not rows:
        raise _fail(msg.sheet_no_records(sheet=title), p)
    if blanks:
        rows = _mark_uncached_formulas(path, title, rows, blanks)
    return Table(p, header, rows, "xlsx", None, title)


def _first_visible(wb: Any) -> Any:
    """The first sheet a person sees when opening the workbook: hidden sheets (lookup tables,
    last month's copy) are skipped unless `--sheet` names one."""
    return next((ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"), wb.worksheets[0])


def _xlsx_value(cell: object, percent_styles: dict[object, bool]) -> object:
    """A cell's value; a number formatted as a percentage is marked as one (Excel stores 95% as
    0.95 and shows it with a % sign, so it is a ratio whatever the column's convention).

    Whether a style is a percentage is remembered per style id (a workbook has a few styles and
    many cells; looking the format up for every cell cost a fifth of the reading time)."""
    value = getattr(cell, "value", None)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return value
    style = getattr(cell, "_style_id", None)  # openpyxl's read-only cell; without it, look every time
    percent = percent_styles.get(style) if style is not None else None
    if percent is None:
        percent = "%" in (getattr(cell, "number_format", None) or "")
        if style is not None:
            percent_styles[style] = percent
    return MarkedPercent(Decimal(repr(value))) if percent else value


#: What an Excel formula element looks like in a worksheet's XML.
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/>")


def _has_formulas(path: Path) -> bool:
    """Does any worksheet of the workbook hold a formula? (A quick scan of the XML, so that the
    second pass below is paid only by workbooks with formulas.)"""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                data = z.read(name)
                if any(tag in data for tag in _FORMULA_TAGS):
                    return True
    return False


def _mark_uncached_formulas(path: Path, title: str, rows: list[Row], blanks: set[tuple[int, int]]) -> list[Row]:
    """Replace the empty cells that are formulas without a calculated value by `UncachedFormula`.

    openpyxl gives either the stored values or the formulas of a workbook, never both, so the
    formulas are read in a second pass and matched to the cells the first pass found empty."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        found: dict[tuple[int, int], str] = {}
        last = max(r for r, _ in blanks)
        for number, values in enumerate(wb[title].iter_rows(values_only=True), start=1):
            if number > last:
                break
            for i, v in enumerate(values):
                if (number, i) in blanks and v is not None:
                    found[(number, i)] = v if isinstance(v, str) else str(getattr(v, "text", v))
    finally:
        wb.close()
    by_row: dict[int, dict[int, UncachedFormula]] = {}
    for (r, i), f in found.items():
        by_row.setdefault(r, {})[i] = UncachedFormula(f)
    out = []
    for row in rows:
        marks = by_row.get(row.line)
        out.append(Row(tuple(marks.get(i, c) for i, c in enumerate(row.cells)), row.line, row.cols) if marks else row)
    return out


def _records_to_table(p: str, records: list[object], kind: str, lines: list[int]) -> Table:
    columns: list[str] = []
    seen: set[str] = set()
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            raise _fail(msg.record_not_object(number=lines[i]), p)
        for key in rec:
            if key not in seen:
                seen.add(key)
                columns.append(str(key))
    dicts = [rec for rec in records if isinstance(rec, dict)]
    rows = [Row(tuple(rec.get(c) for c in columns), lines[i]) for i, rec in enumerate(dicts)]
    if not rows:
        raise _fail(msg.no_records_in_json(), p)
    return Table(p, columns, rows, kind)


def _read_json(path: Path) -> Table:
    p = str(path)
    text, _ = decode(path.read_bytes(), p, None)
    if not text.strip():
        raise _fail(msg.file_empty(), p)
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise KpiDataError.single("K-D0201", msg.in_file(path=p, message=msg.not_json(error=exc.msg)),
                                  Span(p, exc.lineno, exc.colno, exc.lineno, exc.colno + 1)) from None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        data = data["records"]
    if not isinstance(data, list):
        raise _fail(msg.json_not_a_list(), p)
    return _records_to_table(p, data, "json", list(range(1, len(data) + 1)))


def _json_int(text: str) -> int | Decimal:
    """A JSON integer: as `int`, or as a `Decimal` when too long for `int()` (Python refuses to
    convert more than 4,300 digits), so that the cell reader reports it as too large."""
    return int(text) if len(text) < 100 else Decimal(text)


def _read_jsonl(path: Path) -> Table:
    p = str(path)
    text, _ = decode(path.read_bytes(), p, None)
    records: list[object] = []
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line, parse_float=Decimal, parse_int=_json_int))
        except json.JSONDecodeError as exc:
            raise KpiDataError.single("K-D0201", msg.in_file(path=p, message=msg.line_not_json(line=number, error=exc.msg)),
                                      Span(p, number, exc.colno, number, exc.colno + 1)) from None
        lines.append(number)
    if not records:
        raise _fail(msg.file_empty(), p)
    return _records_to_table(p, records, "jsonl", lines)
