"""A period made from several cells: `input 期间: period from 年度, 季度`.

Clients' exports rarely carry one `2024Q3` cell: they have 年度 and 季度 (or 年份 and 月份, or a
bare month with the year in the file name). Before the columns are mapped, the cells a period
input is made of are read (a year; a quarter as 3, Q3, 三季度, 第三季度; a month as 3, 03, 3月,
三月; a week as 2, W2, 第2周) and the period's canonical label is added to each row as the input's
own column; the records are then typed as for any period column. A row whose cells make no period
is an error naming the row and every cell (K-D0220).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from .. import ir
from ..errors import Diagnostic, KpiDataError, Severity
from ..i18n import Text, listing
from ..messages import data as data_msg
from ..messages import periods as msg
from ..messages.common import names
from ..periods import PARTS, PartError, compose, read_part
from .readers import Row, Table
from .records import MAX_DATA_ERRORS, normalise_header

_EXPECTED = {"year": msg.expected_year, "quarter": msg.expected_quarter, "half_year": msg.expected_half_year,
             "month": msg.expected_month, "week": msg.expected_week}


def period_from_cells(scheme: ir.Scheme, table: Table, path: str) -> Text | None:
    """Add the period input's column, made from the cells it is declared `from`; returns the note
    `-v` shows, or None when the scheme makes no period from cells (or the file has the column).

    Raises:
        KpiDataError: a part's column is missing, the year is not in the file name, or cells of a
            row make no period.
    """
    spec = scheme.input(scheme.period_input) if scheme.period_input else None
    if spec is None or not spec.period_from or scheme.period_unit is None:
        return None
    heads = [normalise_header(c) for c in table.columns]
    if any(normalise_header(c) in heads for c in spec.column_names):
        return None  # the file has the period itself
    unit = scheme.period_unit.value
    parts = PARTS[unit]
    cols = []
    for name in spec.period_from:
        key = normalise_header(name)
        if key not in heads:
            raise KpiDataError.single("K-D0205", data_msg.no_column(path=path, input=spec.name, looked_for=names((name,))),
                                      None, [data_msg.columns_found(columns=names(table.columns))])
        cols.append(heads.index(key))
    year, source = None, ""
    if len(cols) < len(parts):
        year, source = _year_of(Path(path).stem), "file"
        if year is None:
            year, source = _year_of(" ".join(table.titles)), "title"
    if len(cols) < len(parts) and year is None:
        raise KpiDataError.single("K-D0220", data_msg.in_file(path=path, message=msg.no_year_in_file_name(name=Path(path).name)),
                                  None, [msg.no_year_in_file_name_hint()])
    wanted = parts[1:] if year is not None else parts
    labels: list[str] = []
    problems: list[Diagnostic] = []
    for row in table.rows:
        label = _label(table, row, cols, wanted, year, unit, problems)
        labels.append(label)
        if len(problems) >= MAX_DATA_ERRORS:
            break
    if problems:
        raise KpiDataError(problems[:MAX_DATA_ERRORS])
    table.columns.append(spec.name)
    width = len(table.columns) - 1
    table.rows = [Row((*r.cells[:width], *([""] * (width - len(r.cells))), label), r.line, _cols(r, width, cols[0]))
                  for r, label in zip(table.rows, labels, strict=True)]
    shown = names(table.columns[c] for c in cols)
    of = (msg.year_of_file_name(year=str(year)) if source == "file" else msg.year_of_title(year=str(year))) if year else ""
    return msg.period_from_columns_note(path=path, columns=shown, year=of)


def _cols(row: Row, width: int, first: int) -> tuple[int, ...]:
    """Where each cell of a row stands, the period's own (made) cell at its first part's place; a
    short row (a file cut off) has places only for the cells it has."""
    if not row.cols:
        return ()
    own = row.cols[first] if first < len(row.cols) else 0
    return (*row.cols[:width], *([0] * (width - len(row.cols))), own)


def _label(table: Table, row: Row, cols: list[int], wanted: tuple[str, ...], year: int | None, unit: str,
           problems: list[Diagnostic]) -> str:
    """The period of one row ("" when every cell is empty: the missing value is reported later)."""
    cells = [row.cells[c] if c < len(row.cells) else None for c in cols]
    if all(c is None or not str(c).strip() for c in cells):
        return ""
    numbers: list[int] = [year] if year is not None else []
    for col, cell, part in zip(cols, cells, wanted, strict=True):
        try:
            numbers.append(read_part(cell, part))
        except PartError:
            shown = listing(msg.period_cell(column=table.columns[c], value=_text(v)) for c, v in zip(cols, cells, strict=True))
            span = table.span(row, col) if table.source is not None else None
            message = msg.period_cells_invalid(cells=shown, reason=_EXPECTED[part]())
            problems.append(Diagnostic("K-D0220", data_msg.at_place(path=table.path, where=table.where(row, col), message=message),
                                       span, Severity.ERROR, (msg.period_cells_hint(),)))
            return ""
    return compose(tuple(numbers), unit)


def period_from_mapping(scheme: ir.Scheme, record: Mapping[str, object], where: str) -> Mapping[str, object]:
    """A record given as a dict (the API, a test's `given`) with the period's parts instead of the
    period: the same record with the period added under the input's name.

    Raises:
        KpiDataError: the parts make no period (K-D0220).
    """
    spec = scheme.input(scheme.period_input) if scheme.period_input else None
    if spec is None or not spec.period_from or scheme.period_unit is None:
        return record
    keys = {normalise_header(k): k for k in record}
    if any(normalise_header(c) in keys for c in spec.column_names):
        return record
    found = [keys.get(normalise_header(c)) for c in spec.period_from]
    parts = PARTS[scheme.period_unit.value]
    if None in found or len(found) != len(parts):
        return record  # the missing period is reported as a missing value
    cells = [record[k] for k in found if k is not None]
    numbers = []
    for cell, part in zip(cells, parts, strict=True):
        try:
            numbers.append(read_part(cell, part))
        except PartError:
            shown = listing(msg.period_cell(column=c, value=_text(v)) for c, v in zip(spec.period_from, cells, strict=True))
            message = msg.period_cells_invalid(cells=shown, reason=_EXPECTED[part]())
            raise KpiDataError.single("K-D0220", data_msg.at_record(where=where, message=message), None,
                                      [msg.period_cells_hint()]) from None
    return {**record, spec.name: compose(tuple(numbers), scheme.period_unit.value)}


def _text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def _year_of(text: str) -> int | None:
    """The one year a text holds (`2024年月度考核`, `绩效_2024`, a title `2024年度销售代表考核表`)."""
    found = {int(y) for y in re.findall(r"(?<!\d)((?:19|20|21)\d{2})(?!\d)", text)}
    return found.pop() if len(found) == 1 else None
