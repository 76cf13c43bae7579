"""The engine's result columns as the interpreter's `RecordData`, one record at a time, only when
asked (a bulk caller that reads totals and grades as columns never builds any).

Numbers come back at the engine's static scale (`0.25000000000000000000`); values the scheme does
not round are given in their shortest form (`0.25`), as the interpreter gives them; rounded ones
(the published total, a rounded score) keep their declared places.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal, Inexact, Rounded
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, Any

from ..numbers import shortest
from ..outcome import AdjustmentData, ItemData, RecordData, VetoData
from .plan import Layout

if TYPE_CHECKING:
    import pyarrow as pa


def short(value: Any) -> Any:
    """A decimal in its shortest form (`numbers.shortest`); anything else as it is."""
    return shortest(value) if isinstance(value, Decimal) else value


class Columns:
    """Result columns of one batch: a few values read one by one, a column read often converted
    to a Python list once."""

    #: Single reads of a column after which the whole column is converted.
    CONVERT_AFTER = 64

    def __init__(self, table: pa.Table, makers: dict[str, Callable[[], list[Any]]] | None = None) -> None:
        self.table = table
        self._lists: dict[str, list[Any]] = {}
        self._reads: dict[str, int] = {}
        #: Columns whose Python values are made another way than from the table (the fast path's,
        #: from its int64 arrays: no round trip through Arrow's decimals).
        self._makers = makers or {}

    def __call__(self, name: str) -> list[Any]:
        found = self._lists.get(name)
        if found is None:
            make = self._makers.get(name)
            found = self._lists[name] = make() if make is not None else python_values(self.table.column(name))
        return found

    def value(self, name: str, i: int) -> Any:
        found = self._lists.get(name)
        if found is not None:
            return found[i]
        reads = self._reads[name] = self._reads.get(name, 0) + 1
        if reads > self.CONVERT_AFTER:
            return self(name)[i]
        return self.table.column(name)[i].as_py()


def python_values(column: pa.ChunkedArray) -> list[Any]:
    """A column as Python values. A decimal column is read through its distinct values: building
    a `Decimal` costs more than everything else about a value, and totals and scores repeat
    (100,000 totals of 0.00-100.00 have at most 10,001 values); a dictionary column (the fast
    path's grades) through its labels."""
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        array = column.combine_chunks()
        return label_list(array.indices.fill_null(-1).to_numpy(zero_copy_only=False), array.dictionary.to_pylist())
    if not pa.types.is_decimal(column.type) or len(column) < 64:
        return column.to_pylist()  # type: ignore[no-any-return]
    return _decimal_values(column)


def _decimal_values(column: pa.ChunkedArray) -> list[Any]:
    """A decimal column through its distinct values (see `python_values`); 128-bit values that
    fit 64 bits as `decimal_list` reads them."""
    import numpy as np
    import pyarrow.compute as pc

    array = column.combine_chunks()
    if column.type.bit_width == 128 and array.null_count == 0:
        words = np.frombuffer(array.buffers()[1], dtype=np.int64)[2 * array.offset: 2 * (array.offset + len(array))]
        low, high = words[0::2], words[1::2]
        if bool((high == (low >> 63)).all()):
            return decimal_list(np.ascontiguousarray(low), column.type.scale)
    encoded = pc.dictionary_encode(array)
    if len(encoded.dictionary) * 4 > len(array):
        return column.to_pylist()  # type: ignore[no-any-return]
    return label_list(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist())


def decimal_list(units: Any, scale: int) -> list[Decimal]:
    """int64 units at `scale` as Decimals, each distinct one built once, equal to those pyarrow
    builds from a decimal column's text (`Decimal("4322E-2")` is 43.22, `Decimal("0E-2")` 0.00).

    Where the values span a range no wider than the column (100,000 totals of 0.00-100.00), every
    value of the range is made by adding one unit to the one before, four times faster than
    parsing its text: the sum of two decimals of `scale` places is exact here (40 digits hold any
    two int64 units; a rounding would trap), has that exponent, and the same sign and digits as
    the text gives (0 is `0E-2`, not `-0E-2`: a zero sum is positive when rounding half-even)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    exponent = f"E-{scale}"
    if len(units) and (span := int(units.max()) - (low := int(units.min())) + 1) <= len(units):
        step, first = Decimal(f"1{exponent}"), Decimal(f"{low}{exponent}")
        exact = Context(prec=40, rounding=ROUND_HALF_EVEN, traps=[Inexact, Rounded])  # the caller's is not used
        values = np.fromiter(accumulate(repeat(step, span - 1), exact.add, initial=first), dtype=object, count=span)
        return np.take(values, units - low).tolist()  # type: ignore[no-any-return]
    encoded = pc.dictionary_encode(pa.array(units))
    if len(encoded.dictionary) * 4 > len(units):
        return [Decimal(f"{u}{exponent}") for u in units.tolist()]
    made = [Decimal(f"{u}{exponent}") for u in encoded.dictionary.to_numpy().tolist()]
    distinct = np.fromiter(made, dtype=object, count=len(made))  # np.array probes each value: 10x slower
    return np.take(distinct, encoded.indices.to_numpy()).tolist()  # type: ignore[no-any-return]


def label_list(codes: Any, labels: list[Any]) -> list[Any]:
    """Indices into `labels` (-1: none) as the labels (grades, or a dictionary column's values)."""
    import numpy as np

    return np.array([*labels, None], dtype=object)[codes].tolist()  # type: ignore[no-any-return]


def result_column(cols: Columns, name: str, rounded: bool) -> list[Any]:
    """A result column as the interpreter gives it (as `record` gives each value): a rounded one
    at its declared places, any other in its shortest form (`28.5`, not the engine's
    `28.50000000000000000000`). Each distinct value object is shortened once (`python_values`
    shares them), so the cost is per distinct value where values repeat."""
    values = cols(name)
    first = next((v for v in values if v is not None), None)
    if rounded or not isinstance(first, Decimal):  # a column holds one kind: grades, yes/no stay as they are
        return values[:]
    memo: dict[int, Any] = {}
    out = []
    for v in values:
        found = memo.get(id(v))
        if found is None:
            found = memo[id(v)] = short(v)
        out.append(found)
    return out


def record(cols: Columns, layout: Layout, i: int, rid: str, rounded: Callable[[str], bool], item_order: Sequence[str]) -> RecordData:
    """Row `i` of a batch as a `RecordData` (the interpreter's shape)."""

    def num(name: str | None) -> Any:
        if name is None:
            return None
        v = cols.value(name, i)
        return v if rounded(name) else short(v)

    items = []
    for name in item_order:
        c = layout.items[name]
        skipped = bool(cols.value(c.skipped, i))
        d = ItemData(c.name, c.kind, c.parent, c.weight)  # type: ignore[arg-type]
        d.skipped = skipped
        d.score = num(c.score)
        d.value = num(c.value)
        d.contribution = None if skipped else num(c.contribution)
        d.weight_applied = None if skipped else num(c.weight_applied)
        d.reason = cols.value(c.reason, i) if c.reason else None
        d.tier = None if skipped or c.tier is None else cols.value(c.tier, i)
        items.append(d)
    adjustments = []
    for a in layout.adjustments:
        if a.present is not None and cols.value(a.present, i):
            continue
        data = AdjustmentData(a.kind, a.label, num(a.amount), num(a.uncapped), a.source)
        if a.taken is not None:
            data.taken_from_item = num(a.taken)
            data.spilled = num(a.spilled)
        adjustments.append(data)
    vetoes = [VetoData(label, effect, grade) for label, effect, grade, col in layout.vetoes if cols.value(col, i)]
    grade = cols.value(layout.grade, i) if layout.grade else None
    before = cols.value(layout.grade_before, i) if layout.grade_before else None
    result = RecordData(rid, items, num(layout.base), adjustments, num(layout.deductions), num(layout.bonuses),
                        num(layout.total), num(layout.published), grade, before, vetoes, bool(cols.value(layout.eligible, i)))
    result.veto_flags = {label: bool(cols.value(col, i)) for label, _, _, col in layout.vetoes}
    result.fields = {name: num(col) for name, col in layout.fields}
    return result
