"""The payroll workbook, `kpi eval -o results.xlsx`: a file payroll can use as it is.

- One sheet per period, named after it (`2024Q3`), or after the scheme when the data has no
  period column; never `results`.
- Headers from the scheme's labels in the chosen language (总分, 等级, 扣分; an input's column
  header), bold, frozen above the rows, with a filter.
- Any input of the scheme may be a column (姓名, 部门), so payroll matches rows to people
  without a VLOOKUP; a data column the scheme does not read becomes one by declaring it
  `input 部门: text` (text inputs are labels: the linter does not call them unused).
- Numbers are numeric cells holding the value every output shows (`display.py`): the exact value
  when the scheme declares its places or it has at most 6 decimals, else the value cut after 6
  significant digits (JSON keeps the exact one). Their format shows the declared places
  (`round 2` -> `0.00`, a pool `places 2`, an indicator's `round 1`, a coefficient table written
  `1.0`), else the places the column's values show; percent inputs show as `0.0%`, money with
  thousands separators. Every cell of a column has the same format, on every sheet, but for a cut
  value holding fewer decimals than the format shows: it shows its own (no invented digit).
- Column widths fit the widest text, a Chinese character counting as two.

Further sheets (the run summary, an explain sheet for chosen employees) are `SheetHook`s passed
to `write_workbook`; the file is written atomically, so a failure leaves no partial workbook. The
output-format registry (`report.FORMATS`, `kpi eval -o x.xlsx`) calls `save_workbook`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ir
from .atomic import write_atomic
from .columns import Cell, Column, cell_value, columns_for
from .display import decimals, shown_value
from .i18n import localize
from .messages import output as msg
from .outcome import RecordData
from .source import display_width

if TYPE_CHECKING:
    from .results import Results

#: Column widths, in character cells: at least this, so a one-digit column stays clickable.
MIN_WIDTH = 6

#: At most this; a longer text is cut off by the next column, as Excel shows it.
MAX_WIDTH = 50

#: Characters Excel does not allow in a sheet name, and its length limit.
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_SHEET_MAX = 31

#: Adds one more sheet to the workbook, after the results (the run summary, an explain sheet).
SheetHook = Callable[[Any], None]


def number_format(column: Column, values: Sequence[Cell]) -> str:
    """The Excel number format of a column, from its declared places, else from the places its
    values show by the display rule (one format for the whole column)."""
    numbers = [v for v in values if isinstance(v, Decimal)]
    if column.percent is not None:  # a field declared `percent N`
        return ("0." + "0" * column.percent if column.percent else "0") + "%"
    if column.input_type == "percent":
        places = max((decimals(shown_value(v * 100)) for v in numbers), default=0)
        return ("0." + "0" * places if places else "0") + "%"
    if column.input_type == "date" or column.date:
        return "yyyy-mm-dd"
    declared = column.places
    places = declared if declared is not None else max((decimals(shown_value(v, None, column.at_least)) for v in numbers),
                                                        default=0)
    body = "0." + "0" * places if places else "0"
    return "#,##" + body if column.input_type == "money" else body


def shown(value: Cell, fmt: str) -> str:
    """The text a spreadsheet shows for a value in a format (to size the column)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
        number = value * 100 if fmt.endswith("%") else value
        text = f"{number:,.{places}f}" if fmt.startswith("#,##") else f"{number:.{places}f}"
        return text + ("%" if fmt.endswith("%") else "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return localize(value)


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused Excel sheet name for `text`: no []:*?/\\, at most 31 characters."""
    base = text.translate(_SHEET_FORBIDDEN).strip().strip("'")[:_SHEET_MAX] or msg.sheet_results()
    name, i = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({i})"
        name, i = base[: _SHEET_MAX - len(suffix)] + suffix, i + 1
    taken.add(name)
    return name


def write_workbook(path: Path, scheme: ir.Scheme, results: Results, records: Sequence[RecordData], keys: Sequence[str], *,
                   period: str | None = None, extra_sheets: Sequence[SheetHook] = ()) -> None:
    """Write the payroll workbook to `path`, atomically: one results sheet per period (or one
    named after the scheme and `period`), then `extra_sheets` in order."""
    write_atomic(path, lambda p: save_workbook(p, scheme, results, records, keys, period=period, extra_sheets=extra_sheets))


def save_workbook(path: Path, scheme: ir.Scheme, results: Results, records: Sequence[RecordData], keys: Sequence[str], *,
                  period: str | None = None, extra_sheets: Sequence[SheetHook] = ()) -> None:
    """Save the workbook to `path` as it is (`write_workbook` and the format registry make that
    atomic)."""
    import openpyxl

    columns = columns_for(scheme, keys)
    grid: list[list[Cell]] = []
    cut: list[list[bool]] = []  # which cells hold a value the display rule cut
    for r in records:
        exact = [cell_value(r, c) for c in columns]
        row = [_number(v, c) for v, c in zip(exact, columns, strict=True)]
        grid.append(row)
        cut.append([isinstance(v, Decimal) and v != w for v, w in zip(row, exact, strict=True)])
    formats = [number_format(c, [row[j] for row in grid]) for j, c in enumerate(columns)]  # one per column, all sheets
    by_period: dict[str | None, list[list[Cell]]] = {}
    cut_rows: dict[str | None, list[list[bool]]] = {}
    for r, row, flags in zip(records, grid, cut, strict=True):
        by_period.setdefault(r.period, []).append(row)
        cut_rows.setdefault(r.period, []).append(flags)
    single = f"{results.scheme} {period}" if period else results.scheme
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    taken: set[str] = set()
    for label, rows in by_period.items() or [(None, [])]:
        _results_sheet(wb.create_sheet(sheet_name(label or single, taken)), columns, formats, rows, cut_rows.get(label))
    for hook in extra_sheets:
        hook(wb)
    as_text(wb)
    wb.save(path)


def cell_text(text: str) -> str:
    """Text as a workbook can hold it: a control character XML forbids (a zero byte from a damaged
    export, in an id the data gave) is named, `⟨character U+0000⟩`, instead of failing the write."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from .messages.common import visible

    return ILLEGAL_CHARACTERS_RE.sub(lambda m: visible(m.group()), text) if not text.isprintable() else text


def as_text(wb: Any) -> None:
    """Keep every text cell text: openpyxl takes a string starting with `=` for a formula, so an id
    cell `=1+1` (or `=HYPERLINK(...)`) from the data would run in Excel (formula injection). The
    workbooks kpidsl writes hold values only."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _number(value: Cell, column: Column) -> Cell:
    """A number as the display rule shows it (cut after 6 significant digits when long)."""
    if isinstance(value, Decimal) and column.input_type is None:
        return shown_value(value, column.places, column.at_least)
    return value


def _results_sheet(ws: Any, columns: Sequence[Column], formats: Sequence[str], grid: Sequence[Sequence[Cell]],
                   cut: Sequence[Sequence[bool]] | None = None) -> None:
    """One results sheet. A cell whose value was cut (`cut`) and holds fewer decimals than its
    column's format shows its own decimals: `91.1764` (cut from 91.17647…) in a `0.00000` column
    would show `91.17640`, a fifth decimal that is not the value's."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append([cell_text(localize(c.header)) for c in columns])
    for row in grid:
        ws.append([cell_text(localize(v)) if isinstance(v, str) else v for v in row])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"
    if grid:
        ws.auto_filter.ref = ws.dimensions
    for j, (column, fmt) in enumerate(zip(columns, formats, strict=True), start=1):
        values = [row[j - 1] for row in grid]
        letter = get_column_letter(j)
        for i, value in enumerate(values, start=2):
            if isinstance(value, (Decimal, dt.date)):
                ws[f"{letter}{i}"].number_format = fmt
            if cut is not None and cut[i - 2][j - 1] and isinstance(value, Decimal) and decimals(value) < _places(fmt):
                ws[f"{letter}{i}"].number_format = "0." + "0" * decimals(value) if decimals(value) else "0"
        widest = max([display_width(localize(column.header)), *(display_width(_longest_line(shown(v, fmt))) for v in values)])
        ws.column_dimensions[letter].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)


def _places(fmt: str) -> int:
    """The decimals a number format shows (`0.00%` -> 2)."""
    return len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0


def _longest_line(text: str) -> str:
    return max(text.split("\n"), key=display_width) if "\n" in text else text


def rows_sheet(title: str, heads: Sequence[str], rows: Sequence[Sequence[Cell]]) -> SheetHook:
    """A `SheetHook` adding a plain sheet: a bold, frozen header and rows of text and numbers
    (the explain sheet of `kpi eval --explain-ids`)."""

    def add(wb: Any) -> None:
        columns = [Column(str(h), h) for h in heads]
        formats = [number_format(c, [row[j] for row in rows]) for j, c in enumerate(columns)]
        _results_sheet(wb.create_sheet(sheet_name(localize(title), set(wb.sheetnames))), columns, formats, rows)

    return add
