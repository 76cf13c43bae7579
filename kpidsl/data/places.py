"""How messages name a record of a bulk input, in the terms of what the caller passed.

A list of dicts names a record by its position, counted from 1, and its id: `record 6 (工号
'E5')`. A table is named in its own terms, so that an error leads back to the caller's frame: a
pandas DataFrame by its index label (`index 105 (工号 'E5')`: `df.loc[105]`), a polars DataFrame or
an Arrow table, which have no index, by its row counted from 0 (`row 5 (0-based, 工号 'E5')`:
`df[5]`, `table.slice(5, 1)`); and a cell of a table by its column as the caller's table spells
it (`column '按时完成单数'`, which may be an input's label or alias rather than its name).

The engines count records by position; a position becomes a label only when a message is made,
so a table evaluated without an error reads no label (the columnar fast path names no record).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from numbers import Integral
from typing import TypeVar

from .. import ir
from ..errors import KpiDataError, TableCell
from ..i18n import CLAUSES, Text, listing
from ..messages import data as msg
from ..messages import records as records_msg
from ..prebuilt import dataclass

T = TypeVar("T")


def shown(raw: object) -> str:
    """A value as a message shows it: cut at 40 characters (an integer of any size in full digits)."""
    # str() refuses an integer of more than 4,300 digits; Decimal prints any
    text = format(Decimal(raw), "f") if isinstance(raw, int) and not isinstance(raw, bool) else str(raw)
    return text if len(text) <= 40 else f"{text[:37]}..."


def record_place(number: int, key: str | None, record_id: object) -> Text:
    """Where a record of a list is, for messages: `record 1235 (工号 'E1234')` when it has an id,
    else `record 1235` (its position alone; `#1235` is the id kpidsl gives a record without one)."""
    text = _given_id(number, key, record_id)
    if key and text:
        return records_msg.where_record_id(number=number, key=key, id=text)
    return msg.where_record(number=number)


def _given_id(number: int, key: str | None, record_id: object) -> str:
    """The record's id as a message shows it; "" when it has none (no key, or the `#n` kpidsl gives
    the record at position `number`)."""
    text = "" if record_id is None else str(record_id).strip()
    return shown(text) if key and text and text != f"#{number}" else ""


@dataclass(frozen=True, slots=True)
class RecordNames:
    """How a bulk input's records and cells are named in messages (see the module's docstring).

    `columns` is None for a list of dicts; for a table, which of its columns feeds each input (by
    input name; None for an input it has no column for). `index` is a pandas DataFrame's index
    (its labels are read by position, only when a message is made); None for a table without one."""

    columns: Mapping[str, str | None] | None = None
    index: Sequence[object] | None = None

    def record(self, number: int, key: str | None = None, record_id: object = None) -> Text:
        """The record at position `number` (counted from 1, as the engines count), with its id
        (`record_id`, the value of its `key`) when it has one."""
        if self.columns is None:
            return record_place(number, key, record_id)
        text = _given_id(number, key, record_id)
        if self.index is not None:
            return _index_place(self.index[number - 1], key, text)
        if key and text:
            return records_msg.where_row_id(row=number - 1, key=key, id=text)
        return records_msg.where_row(row=number - 1)

    def read(self, number: int, key: str | None, record_id: object, prepare: Callable[[str | None, TableCell | None], T]) -> T:
        """`prepare(where, cell)` of the record at position `number` (from 1), named only if it
        fails: it runs unnamed first (None, None: "the record"), and again with the record's name
        and cell when that raised a KpiDataError, to raise it so named. A record read without an
        error costs no message and reads no index label."""
        try:
            return prepare(None, None)
        except KpiDataError:
            return prepare(self.record(number, key, record_id), self.cell(number))

    def cell(self, number: int, column: str | None = None) -> TableCell | None:
        """The record at position `number` (from 1) as a program finds it in a table (its row
        from 0, its pandas index label) and the cell's `column`; None for a list of dicts."""
        if self.columns is None:
            return None
        return TableCell(number - 1, self.index[number - 1] if self.index is not None else None, column)

    def column(self, spec: ir.Input) -> str | None:
        """The table's column that feeds `spec` (None for dicts)."""
        return self.columns.get(spec.name) if self.columns is not None else None

    def where(self, place: str, spec: ir.Input) -> Text:
        """A cell of `spec`'s input in the record at `place`, in words: its column, in a table;
        its input, in a dict."""
        column = self.column(spec)
        if column is None:
            return listing([place, msg.where_input(input=spec.name)], CLAUSES)
        return listing([place, msg.where_column(column=column)], CLAUSES)


def _index_place(label: object, key: str | None, record_id: str) -> Text:
    """A pandas row by its index label: a whole number as its digits (`index 105`), any other
    label quoted (`index 'E5'`, `index '2024-06-30 00:00:00'`, a MultiIndex's tuple)."""
    if isinstance(label, Integral) and not isinstance(label, bool):
        number = int(label)
        if key and record_id:
            return records_msg.where_index_id(label=number, key=key, id=record_id)
        return records_msg.where_index(label=number)
    if key and record_id:
        return records_msg.where_index_text_id(label=shown(label), key=key, id=record_id)
    return records_msg.where_index_text(label=shown(label))


def _pandas(data: object) -> bool:
    return type(data).__module__.split(".")[0] == "pandas"


def index_names(data: object) -> list[str]:
    """The names of a pandas DataFrame's index (`df.set_index("工号")` makes a column one), else none."""
    return [str(n) for n in data.index.names if n is not None] if _pandas(data) else []  # type: ignore[attr-defined]


def table_names(data: object, columns: Mapping[str, str | None]) -> RecordNames:
    """How the rows of a caller's table (`data`: a pyarrow Table, a polars or pandas DataFrame)
    are named; `columns` is which of its columns feeds each input (`records.input_columns`)."""
    if _pandas(data):
        return RecordNames(columns, data.index)  # type: ignore[attr-defined]
    return RecordNames(columns)
