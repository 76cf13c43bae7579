"""Results out: an aligned table for the terminal, and CSV, JSON and JSON Lines files (the Excel
workbook is `workbook.py`).

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
from decimal import Decimal
from pathlib import Path

from tabulate import tabulate

from .evaluator import RecordData
from .numbers import fmt, fmt_display, fmt_plain
from .results import Results

#: Output formats by file extension.
OUTPUT_FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}

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
    for values in (record.population, record.env or {}):  # env: an input column (姓名, 部门), see cli._attach_inputs
        if column in values:
            value = values[column]
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


def write_results(path: Path, fmt_name: str, results: Results, records: Sequence[RecordData],
                  columns: Sequence[str], headers: dict[str, str] | None = None) -> None:
    """Write results to `path` in `fmt_name` (csv, json, jsonl), atomically (xlsx: `workbook.write_workbook`)."""
    if fmt_name == "csv":
        data = render_csv(records, columns, headers, "\r\n").encode("utf-8-sig")
        _write_atomic(path, lambda p: p.write_bytes(data))
    elif fmt_name == "json":
        text = results.model_dump_json(indent=2, exclude_none=False)
        # pydantic escapes nothing but keep the file human-readable for Chinese text
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
        _write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))
    elif fmt_name == "jsonl":
        lines = [json.dumps(json.loads(r.model_dump_json()), ensure_ascii=False) for r in results.records]
        body = "\n".join(lines) + "\n"
        _write_atomic(path, lambda p: p.write_text(body, encoding="utf-8"))
    else:
        raise ValueError(f"unknown output format {fmt_name}")

