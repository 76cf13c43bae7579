"""Results out: the registry of output formats (`FORMATS`): an aligned table for the terminal, and
CSV, JSON, JSON Lines and Excel files (the payroll workbook is `workbook.py`).

Files are written atomically (a temporary file in the same folder, then `os.replace`), so a
failure never leaves a partial or truncated results file behind. CSV is written as UTF-8 with a
BOM so that Excel opens Chinese text correctly; JSON keeps decimals exact as strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_atomic
from .columns import FIXED_COLUMNS, Cell, column_values, default_columns
from .numbers import fmt, fmt_display, fmt_percent_places, fmt_plain
from .outcome import RecordData

__all__ = ["FIXED_COLUMNS", "FORMATS", "FORMAT_NAMES", "ColumnFormats", "Output", "OutputFormat", "column_formats",
           "column_values", "default_columns", "format_for", "render_csv", "render_table", "write"]

if TYPE_CHECKING:  # pydantic and tabulate load when output is written, not when the CLI starts
    from . import ir
    from .results import Results

#: Columns published at the scheme's declared rounding (shown with their places, e.g. 84.00).
PUBLISHED = ("total", "computed:total")


@dataclass(frozen=True)
class ColumnFormats:
    """How columns declared by the scheme are shown: fields rounded to N places (shown with their
    places, like the total) and fields shown as percentages with N places."""

    places: Mapping[str, int] = field(default_factory=dict)
    percent: Mapping[str, int] = field(default_factory=dict)


def column_formats(scheme: ir.Scheme | None) -> ColumnFormats:
    """The scheme's fields as the results show them (`round N`, `percent N`)."""
    fields = scheme.fields if scheme is not None else ()
    return ColumnFormats({f.name: f.round_places for f in fields if f.round_places is not None},
                         {f.name: f.percent for f in fields if f.percent is not None})


def _text(value: Cell, column: str = "total", display: bool = False, exact_columns: Sequence[str] = (),
          formats: ColumnFormats | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if formats is not None and column in formats.percent:
            return fmt_percent_places(value, formats.percent[column])
        if column in PUBLISHED or column in exact_columns or (formats is not None and column in formats.places):
            return fmt(value)
        return fmt_display(value) if display else fmt_plain(value)
    return value


def render_table(records: Sequence[RecordData], columns: Sequence[str], headers: dict[str, str] | None = None,
                 formats: ColumnFormats | None = None) -> str:
    """An aligned text table; wide (Chinese) characters are measured as two cells."""
    from tabulate import tabulate

    keep = _population_columns(records)
    rows = [[_text(column_values(r, c), c, display=True, exact_columns=keep, formats=formats) for c in columns] for r in records]
    heads = [(headers or {}).get(c, c) for c in columns]
    return tabulate(rows, headers=heads, tablefmt="simple", disable_numparse=True)


def render_csv(records: Sequence[RecordData], columns: Sequence[str], headers: dict[str, str] | None = None,
               newline: str = "\n", formats: ColumnFormats | None = None) -> str:
    """Results as CSV text (values exactly as published: totals with their declared places)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow([(headers or {}).get(c, c) for c in columns])
    keep = _population_columns(records)
    for r in records:
        w.writerow([_text(column_values(r, c), c, exact_columns=keep, formats=formats) for c in columns])
    return buf.getvalue()


def _population_columns(records: Sequence[RecordData]) -> tuple[str, ...]:
    """Population outputs keep the places they were computed with (a pool share in cents: 11764.70)."""
    first = next((r for r in records if r.excluded is None), None)
    return (*first.population, *(f"computed:{p}" for p in first.population)) if first is not None else ()


# ------------------------------------------------------------------------------ the formats


@dataclass(frozen=True)
class Output:
    """What every format writes: the public results, the records behind them, and the columns
    (with their headers) of the table-shaped formats; the workbook also reads the scheme (its
    labels and declared places) and the period asked for."""

    results: Results
    records: Sequence[RecordData]
    columns: Sequence[str]
    headers: dict[str, str] = field(default_factory=dict)
    scheme: ir.Scheme | None = None
    period: str | None = None

    @property
    def heads(self) -> list[str]:
        return [self.headers.get(c, c) for c in self.columns]

    @property
    def formats(self) -> ColumnFormats:
        return column_formats(self.scheme)


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
    return json.dumps(json.loads(out.results.model_dump_json()), ensure_ascii=False, indent=2) + "\n"


def _jsonl_text(out: Output) -> str:
    return "".join(json.dumps(json.loads(r.model_dump_json()), ensure_ascii=False) + "\n" for r in out.results.records)


def _text_file(render: Callable[[Output], str]) -> Callable[[Path, Output], None]:
    def write_text(path: Path, out: Output) -> None:
        path.write_text(render(out), encoding="utf-8")

    return write_text


def _csv_file(path: Path, out: Output) -> None:
    path.write_bytes(render_csv(out.records, out.columns, out.headers, "\r\n", out.formats).encode("utf-8-sig"))


def _xlsx_file(path: Path, out: Output) -> None:
    from .workbook import save_workbook

    if out.scheme is None:
        raise ValueError("the workbook needs the scheme (Output.scheme)")
    save_workbook(path, out.scheme, out.results, out.records, out.columns, period=out.period)


#: Every output format, by name. Files are written atomically (a failure leaves no file).
FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("table", (), "an aligned table for the terminal",
                 lambda out: render_table(out.records, out.columns, out.headers, out.formats) + "\n", None),
    OutputFormat("csv", (".csv",), "CSV, UTF-8 with a BOM so that Excel reads Chinese text",
                 lambda out: render_csv(out.records, out.columns, out.headers, formats=out.formats), _csv_file),
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
