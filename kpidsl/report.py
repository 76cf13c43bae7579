"""Results out: the registry of output formats (`FORMATS`): an aligned table for the terminal, and
CSV, JSON, JSON Lines and Excel files (the payroll workbook is `workbook.py`).

Files are written atomically (a temporary file in the same folder, then `os.replace`), so a
failure never leaves a partial or truncated results file behind. CSV is written as UTF-8 with a
BOM so that Excel opens Chinese text correctly; JSON keeps decimals exact as strings.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from . import display
from .atomic import write_atomic
from .columns import FIXED_COLUMNS, Cell, Column, cell_value, column_values, columns_for, default_columns, plain_columns
from .csvguard import FormulaGuard
from .i18n import localize
from .outcome import RecordData
from .prebuilt import dataclass

__all__ = ["FIXED_COLUMNS", "FORMATS", "FORMAT_NAMES", "Column", "Output", "OutputFormat", "column_values", "columns_for",
           "default_columns", "format_for", "render_csv", "render_table", "specs_for", "write"]

if TYPE_CHECKING:  # pydantic and tabulate load when output is written, not when the CLI starts
    from . import ir
    from .results import Results
    from .summary import RunSummary
    from .workbook import SheetHook

def _text(value: Cell, column: Column, mark: bool) -> str:
    """A cell as text, by the display rule (`display.py`): declared places, else as it is or cut."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if column.percent is not None:  # a field declared `percent N`
            return display.percent(value, column.percent, mark=mark)
        if column.input_type == "percent":
            return display.percent(value, mark=mark)
        return display.number(value, column.places, mark=mark, at_least=column.at_least)
    if isinstance(value, dt.date):
        return value.isoformat()
    return localize(value)


def _columns(columns: Sequence[str] | Sequence[Column]) -> list[Column]:
    return [c if isinstance(c, Column) else Column(c, c) for c in columns]


def render_table(records: Sequence[RecordData], columns: Sequence[str] | Sequence[Column]) -> str:
    """An aligned text table; wide (Chinese) characters are measured as two cells. `columns` are
    keys, or `Column`s (`columns.columns_for`: headers in the current language, declared places)."""
    from tabulate import tabulate

    cols = _columns(columns)
    rows = [[_text(cell_value(r, c), c, True) for c in cols] for r in records]
    return tabulate(rows, headers=[localize(c.header) for c in cols], tablefmt="simple", disable_numparse=True)


def render_csv(records: Sequence[RecordData], columns: Sequence[str] | Sequence[Column], newline: str = "\n", *,
               header: bool = True, guard: FormulaGuard | None = None) -> str:
    """Results as CSV text: the numbers the table shows (declared places; a long quotient cut
    after 6 significant digits, without the `…` mark: CSV holds numbers), and each text cell a
    spreadsheet would run as a formula written with a leading `'` (`csvguard.py`; `guard` counts
    them, or keeps them as they are). Without `header`, the rows alone (a streamed run writes the
    header with its first chunk)."""
    cols = _columns(columns)
    safe = guard if guard is not None else FormulaGuard()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    if header:
        w.writerow([safe.text(localize(c.header)) for c in cols])
    for r in records:
        w.writerow([_csv_cell(cell_value(r, c), c, safe) for c in cols])
    return buf.getvalue()


def _csv_cell(value: Cell, column: Column, guard: FormulaGuard) -> str:
    """A CSV cell: a text cell guarded by its type (a number, a date or an empty cell never is)."""
    return guard.text(localize(value)) if isinstance(value, str) else _text(value, column, False)


# ------------------------------------------------------------------------------ the formats


@dataclass(frozen=True)
class Output:
    """What every format writes: the public results, the records behind them, the column keys of
    the table-shaped formats (their headers and places come from the scheme: `specs`), the period
    asked for, the run summary (JSON's `summary` section, the workbook's summary sheet), more
    sheets for the workbook (an explain sheet), and CSV's formula guard."""

    results: Results
    records: Sequence[RecordData]
    columns: Sequence[str]
    scheme: ir.Scheme | None = None
    period: str | None = None
    summary: RunSummary | None = None
    sheets: Sequence[SheetHook] = field(default_factory=tuple)
    #: The headers of the table and CSV: `labels` (in the chosen language, as the workbook's) or
    #: `keys` (the `--columns` keys, for scripts).
    headers: str = "labels"
    #: How CSV writes a text cell that would start a formula (`csvguard.py`), and how many it changed.
    guard: FormulaGuard = field(default_factory=FormulaGuard, compare=False)

    @property
    def specs(self) -> list[Column]:
        """The columns with their headers and declared places."""
        return specs_for(self.scheme, self.columns, self.headers)


def specs_for(scheme: ir.Scheme | None, columns: Sequence[str], headers: str = "labels") -> list[Column]:
    """Column keys as `Column`s: their headers (`labels` or `keys`) and declared places."""
    cols = columns_for(scheme, columns) if scheme is not None else plain_columns(columns)
    if headers == "keys":
        cols = [dataclasses.replace(c, header=c.key) for c in cols]
    return cols


@dataclass(frozen=True)
class OutputFormat:
    """One output format: its name (`--format`), file extensions, and how it is printed to the
    terminal (`text`, None when it cannot be) and written to a file (`write`, None when it cannot)."""

    name: str
    extensions: tuple[str, ...]
    description: str
    text: Callable[[Output], str] | None
    write: Callable[[Path, Output], None] | None


def _json_text(out: Output) -> str:
    # pydantic escapes nothing, but re-dumping keeps the text human-readable for Chinese text
    doc = json.loads(out.results.model_dump_json())
    if out.summary is not None:
        doc["summary"] = out.summary.to_json()
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _jsonl_text(out: Output) -> str:
    return "".join(json.dumps(json.loads(r.model_dump_json()), ensure_ascii=False) + "\n" for r in out.results.records)


def _text_file(render: Callable[[Output], str]) -> Callable[[Path, Output], None]:
    def write_text(path: Path, out: Output) -> None:
        path.write_text(render(out), encoding="utf-8")

    return write_text


def _csv_file(path: Path, out: Output) -> None:
    path.write_bytes(render_csv(out.records, out.specs, "\r\n", guard=out.guard).encode("utf-8-sig"))


def _xlsx_file(path: Path, out: Output) -> None:
    from .workbook import save_workbook

    if out.scheme is None:
        raise ValueError("the workbook needs the scheme (Output.scheme)")
    sheets = list(out.sheets)
    if out.summary is not None:
        from .summary import summary_sheet

        sheets.insert(0, summary_sheet(out.summary))
    save_workbook(path, out.scheme, out.results, out.records, out.columns, period=out.period, extra_sheets=sheets)


#: Every output format, by name. Files are written atomically (a failure leaves no file).
FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("table", (), "an aligned table for the terminal",
                 lambda out: render_table(out.records, out.specs) + "\n", None),
    OutputFormat("csv", (".csv",), "CSV, UTF-8 with a BOM so that Excel reads Chinese text",
                 lambda out: render_csv(out.records, out.specs, guard=out.guard), _csv_file),
    OutputFormat("json", (".json",), "the results as one JSON document (decimals as strings)",
                 _json_text, _text_file(_json_text)),
    OutputFormat("jsonl", (".jsonl", ".ndjson"), "one JSON record per line",
                 _jsonl_text, _text_file(_jsonl_text)),
    OutputFormat("xlsx", (".xlsx",), "the payroll workbook: a sheet per period, headers for people, declared places",
                 None, _xlsx_file),
)}


#: The format names, for `kpi eval --format`.
FORMAT_NAMES = tuple(FORMATS)


def format_for(path: str | Path) -> OutputFormat | None:
    """The format a file name asks for, by its extension."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.extensions), None)


def write(path: Path, fmt: OutputFormat, out: Output) -> None:
    """Write `out` to `path` in `fmt`, atomically.

    Raises:
        ValueError: the format cannot be written to a file.
    """
    writer = fmt.write
    if writer is None:
        raise ValueError(f"{fmt.name} output cannot be written to a file")
    write_atomic(path, lambda p: writer(p, out))
