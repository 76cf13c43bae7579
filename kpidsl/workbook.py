"""The payroll workbook, `kpi eval -o results.xlsx`: a file payroll can use as it is.

- One sheet per period, named after it (`2024Q3`), or after the scheme when the data has no
  period column; never `results`.
- Headers from the scheme's labels in the chosen language (总分, 等级, 扣分; an input's column
  header), bold, frozen above the rows, with a filter.
- Any input of the scheme may be a column (姓名, 部门), so payroll matches rows to people
  without a VLOOKUP; a data column the scheme does not read becomes one by declaring it
  `input 部门: text` (text inputs are labels: the linter does not call them unused).
- Numbers are numeric cells holding the exact value; their format shows the places the scheme
  declares (`round 2` -> `0.00`, a pool `places 2`, an indicator's `round 1`), else the places
  the column's values have, at most `UNDECLARED_PLACES`; percent inputs show as `0.0%`, money
  with thousands separators. Every cell of a column has the same format, on every sheet.
- Column widths fit the widest text, a Chinese character counting as two.

Further sheets (the run summary, an explain sheet for chosen employees) are `SheetHook`s passed
to `write_workbook`; the file is written atomically, so a failure leaves no partial workbook. The
output-format registry (`report.FORMATS`, `kpi eval -o x.xlsx`) calls `save_workbook`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ir
from .atomic import write_atomic
from .columns import column_values
from .i18n import localize
from .messages import output as msg
from .outcome import RecordData
from .source import display_width

if TYPE_CHECKING:
    from .results import Results

#: Decimal places shown for a value whose places the scheme does not declare (the cell keeps the
#: exact value; only the display stops here).
UNDECLARED_PLACES = 4

#: Column widths, in character cells: at least this, so a one-digit column stays clickable.
MIN_WIDTH = 6

#: At most this; a longer text is cut off by the next column, as Excel shows it.
MAX_WIDTH = 50

#: Characters Excel does not allow in a sheet name, and its length limit.
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_SHEET_MAX = 31

#: Adds one more sheet to the workbook, after the results (the run summary, an explain sheet).
SheetHook = Callable[[Any], None]

#: Fixed result columns and their headers.
_FIXED_HEADERS = {
    "id": msg.header_id, "period": msg.header_period, "base_score": msg.header_base_score,
    "deductions": msg.header_deductions, "bonuses": msg.header_bonuses, "total": msg.header_total,
    "total_exact": msg.header_total_exact, "grade": msg.header_grade, "bonus": msg.header_bonus,
    "vetoes": msg.header_vetoes,
}

Cell = Decimal | str | dt.date | None


@dataclass(frozen=True, slots=True)
class Column:
    """One output column: its key (as given to `--columns`), header, and how its numbers show."""

    key: str
    header: str
    #: Declared decimal places, or None to take the places of the values (at most UNDECLARED_PLACES).
    places: int | None = None
    #: Input type of an input column (percent, money, ...), or None.
    input_type: str | None = None
    #: A field shown as a percentage with these places (`percent N`), or None.
    percent: int | None = None


def columns_for(scheme: ir.Scheme, keys: Sequence[str]) -> list[Column]:
    """The columns for `keys` (fixed names, indicator, group and population-rule names, inputs),
    with their headers in the current language and the places the scheme declares."""
    indicators = {ind.name: ind for ind in scheme.indicators}
    pools = {r.name: r.places for r in scheme.rules if isinstance(r, ir.PoolRule)}
    inputs = {spec.name: spec for spec in scheme.inputs}
    fields = {f.name: f for f in scheme.fields}
    out = []
    for key in keys:
        if key in _FIXED_HEADERS:
            header: str = _FIXED_HEADERS[key]()
            named = scheme.id_input if key == "id" else scheme.period_input if key == "period" else None
            if named is not None:  # the scheme's own column: 工号, 考核季度
                header = inputs[named].label or named if named in inputs else named
            places = scheme.round_places if key == "total" else None
            out.append(Column(key, header, places))
        elif key in indicators:
            out.append(Column(key, key, indicators[key].round_places))
        elif key in pools:
            out.append(Column(key, key, pools[key]))
        elif key in fields:
            f = fields[key]
            out.append(Column(key, f.label or key, f.round_places, "date" if f.kind.base.value == "date" else None, f.percent))
        elif key in inputs:
            spec = inputs[key]
            out.append(Column(key, spec.label or spec.name, None, spec.type.name))
        else:
            out.append(Column(key, key))
    return out


def cell_value(record: RecordData, column: Column) -> Cell:
    """The value of one cell: numbers as exact decimals, words in the current language."""
    key = column.key
    if column.input_type is not None:
        value = (record.env or {}).get(key)
        return _word(value) if isinstance(value, bool) else value
    if key == "bonus":
        return msg.bonus_paid() if record.bonus_eligible else msg.bonus_withheld()
    for values in (record.population, record.fields, record.veto_flags):
        if key in values:
            value = values[key]
            if isinstance(value, bool):
                return _word(value)
            return value if isinstance(value, (Decimal, str, dt.date)) or value is None else str(value)
    return column_values(record, key)


def _word(value: bool) -> str:
    return msg.yes() if value else msg.no()


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number_format(column: Column, values: Sequence[Cell]) -> str:
    """The Excel number format of a column, from its declared places or its values'."""
    numbers = [v for v in values if isinstance(v, Decimal)]
    if column.percent is not None:
        return ("0." + "0" * column.percent if column.percent else "0") + "%"
    if column.input_type == "percent":
        places = min(max((_places(v * 100) for v in numbers), default=0), UNDECLARED_PLACES)
        return ("0." + "0" * places if places else "0") + "%"
    if column.input_type == "date":
        return "yyyy-mm-dd"
    declared = column.places
    places = declared if declared is not None else min(max((_places(v) for v in numbers), default=0), UNDECLARED_PLACES)
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
    grid = [[cell_value(r, c) for c in columns] for r in records]
    formats = [number_format(c, [row[j] for row in grid]) for j, c in enumerate(columns)]  # one per column, all sheets
    by_period: dict[str | None, list[list[Cell]]] = {}
    for r, row in zip(records, grid, strict=True):
        by_period.setdefault(r.period, []).append(row)
    single = f"{results.scheme} {period}" if period else results.scheme
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    taken: set[str] = set()
    for label, rows in by_period.items() or [(None, [])]:
        _results_sheet(wb.create_sheet(sheet_name(label or single, taken)), columns, formats, rows)
    for hook in extra_sheets:
        hook(wb)
    wb.save(path)


def _results_sheet(ws: Any, columns: Sequence[Column], formats: Sequence[str], grid: Sequence[Sequence[Cell]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append([localize(c.header) for c in columns])
    for row in grid:
        ws.append([localize(v) if isinstance(v, str) else v for v in row])
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
        widest = max([display_width(localize(column.header)), *(display_width(shown(v, fmt)) for v in values)])
        ws.column_dimensions[letter].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
