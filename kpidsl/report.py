"""Results out: the registry of output formats (`FORMATS`): an aligned table for the terminal, and
CSV, JSON, JSON Lines and Excel files.

Files are written atomically (a temporary file in the same folder, then `os.replace`), so a
failure never leaves a partial or truncated results file behind. CSV is written as UTF-8 with a
BOM so that Excel opens Chinese text correctly; JSON keeps decimals exact as strings.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .numbers import fmt, fmt_display, fmt_plain
from .outcome import RecordData

if TYPE_CHECKING:  # pydantic and tabulate load when output is written, not when the CLI starts
    from .bulkresults import BulkResults
    from .results import Results

#: Built-in column names for `--columns` (besides indicator and group names).
FIXED_COLUMNS = ("id", "period", "base_score", "deductions", "bonuses", "total", "total_exact", "grade", "bonus", "vetoes")

Cell = Decimal | str | None


def column_values(record: RecordData, column: str) -> Cell:
    """The value of one output column for one record."""
    match column:
        case "id":
            return record.id
        case "period":
            return record.period
        case "base_score":
            return record.base_score
        case "deductions":
            return record.deductions
        case "bonuses":
            return record.bonuses
        case "total":
            return record.total
        case "total_exact":
            return record.total_exact
        case "grade":
            return record.grade
        case "bonus":
            return "yes" if record.bonus_eligible else "withheld"
        case "vetoes":
            return "; ".join(v.label for v in record.vetoes) or None
    for item in record.items:
        if item.name == column:
            return None if item.skipped else item.score
    if column in record.population:
        value = record.population[column]
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value if isinstance(value, (Decimal, str)) or value is None else str(value)
    raise KeyError(column)


def default_columns(records: Sequence[RecordData], has_adjustments: bool, has_vetoes: bool, has_grade: bool) -> list[str]:
    cols = ["id"]
    if records and records[0].period is not None:
        cols.append("period")
    if records:
        cols.extend(i.name for i in records[0].items if i.parent is None)
    if has_adjustments:
        cols.extend(["base_score", "deductions", "bonuses"])
    cols.append("total")
    if has_grade:
        cols.append("grade")
    if has_vetoes:
        cols.extend(["bonus", "vetoes"])
    if records:
        cols.extend(records[0].population)
    return cols


#: Columns published at the scheme's declared rounding (shown with their places, e.g. 84.00).
PUBLISHED = ("total",)


def _text(value: Cell, column: str = "total", display: bool = False, exact_columns: Sequence[str] = ()) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if column in PUBLISHED or column in exact_columns:
            return fmt(value)
        return fmt_display(value) if display else fmt_plain(value)
    return value


def render_table(records: Sequence[RecordData], columns: Sequence[str], headers: dict[str, str] | None = None) -> str:
    """An aligned text table; wide (Chinese) characters are measured as two cells."""
    from tabulate import tabulate

    keep = _population_columns(records)
    rows = [[_text(column_values(r, c), c, display=True, exact_columns=keep) for c in columns] for r in records]
    heads = [(headers or {}).get(c, c) for c in columns]
    return tabulate(rows, headers=heads, tablefmt="simple", disable_numparse=True)


def render_csv(records: Sequence[RecordData], columns: Sequence[str], headers: dict[str, str] | None = None,
               newline: str = "\n") -> str:
    """Results as CSV text (values exactly as published: totals with their declared places)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    w.writerow([(headers or {}).get(c, c) for c in columns])
    keep = _population_columns(records)
    fast = getattr(records, "text_columns", None)
    if fast is not None:  # the columnar engine's records: formatted column by column
        w.writerows(zip(*fast(columns, lambda r, c: _text(column_values(r, c), c, exact_columns=keep)), strict=True))
        return buf.getvalue()
    for r in records:
        w.writerow([_text(column_values(r, c), c, exact_columns=keep) for c in columns])
    return buf.getvalue()


def _population_columns(records: Sequence[RecordData]) -> tuple[str, ...]:
    """Population outputs keep the places they were computed with (a pool share in cents: 11764.70)."""
    return tuple(records[0].population) if records else ()


def _write_atomic(path: Path, writer: Callable[[Path], object]) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------------------ the formats


@dataclass(frozen=True)
class Output:
    """What every format writes: the public results, the records behind them, and the columns
    (with their headers) of the table-shaped formats."""

    results: Results | BulkResults
    records: Sequence[RecordData]
    columns: Sequence[str]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def heads(self) -> list[str]:
        return [self.headers.get(c, c) for c in self.columns]


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
    path.write_bytes(render_csv(out.records, out.columns, out.headers, "\r\n").encode("utf-8-sig"))


def _write_xlsx(path: Path, heads: Sequence[str], records: Sequence[RecordData], columns: Sequence[str]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "results"
    ws.append(list(heads))
    for r in records:
        # Numbers stay numbers (openpyxl writes Decimal as a numeric cell); labels stay text.
        ws.append([column_values(r, c) for c in columns])
    wb.save(path)


#: Every output format, by name. Files are written atomically (a failure leaves no file).
FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("table", (), "an aligned table for the terminal",
                 lambda out: render_table(out.records, out.columns, out.headers) + "\n", None),
    OutputFormat("csv", (".csv",), "CSV, UTF-8 with a BOM so that Excel reads Chinese text",
                 lambda out: render_csv(out.records, out.columns, out.headers), _csv_file),
    OutputFormat("json", (".json",), "the results as one JSON document (decimals as strings)",
                 _json_text, _text_file(_json_text)),
    OutputFormat("jsonl", (".jsonl", ".ndjson"), "one JSON record per line",
                 _jsonl_text, _text_file(_jsonl_text)),
    OutputFormat("xlsx", (".xlsx",), "an Excel workbook (numbers as numbers)",
                 None, lambda path, out: _write_xlsx(path, out.heads, out.records, out.columns)),
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
    _write_atomic(path, lambda p: writer(p, out))
