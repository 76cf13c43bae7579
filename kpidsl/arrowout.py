"""`BulkResults.to_arrow()`: the results as a pyarrow Table whose columns and types come from the
scheme, never from the engine that ran, so both engines give equal tables (docs/api.md).

The layout: `id` and `period` (text), `total` (decimal128(38, p) where the scheme rounds to p
places, else the unrounded scale), `total_exact`, `grade`, `grade_before_veto`, `base_score`,
`deductions`, `bonuses`, `bonus_eligible` (bool), then each item's score by its name (at the
item's declared `round`, else the unrounded scale). The unrounded scale is `QUOTIENT_PLACES` (20):
a quotient is held at 20 places (docs/language.md), so every value the language computes with
one division fits it. A value that does not fit its column exactly (more places, or more than 38
digits) is refused (K-O0103), never rounded to fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import KpiError
from .messages import output as msg
from .numbers import QUOTIENT_PLACES

if TYPE_CHECKING:
    import pyarrow as pa

    from . import ir

#: Digits of an Arrow decimal128 column.
PRECISION = 38

#: Places of a number column the scheme does not round (see the module docstring).
UNROUNDED_PLACES = QUOTIENT_PLACES

#: The fixed result columns, in table order (the items follow), and what each holds.
TEXT = ("id", "period", "grade", "grade_before_veto")
UNROUNDED = ("total_exact", "base_score", "deductions", "bonuses")


def result_types(scheme: ir.Scheme) -> dict[str, pa.DataType]:
    """Every column `to_arrow` gives, in order, with its Arrow type (decided from the scheme)."""
    import pyarrow as pa

    def number(places: int | None) -> pa.DataType:
        return pa.decimal128(PRECISION, UNROUNDED_PLACES if places is None else places)

    types: dict[str, pa.DataType] = {"id": pa.string(), "period": pa.string(), "total": number(scheme.total.round_places)}
    types["total_exact"] = number(None)
    types["grade"] = types["grade_before_veto"] = pa.string()
    types.update({name: number(None) for name in UNROUNDED if name != "total_exact"})
    types["bonus_eligible"] = pa.bool_()
    rounding = {i.name: i.round_places for i in scheme.indicators}
    for name in scheme.item_order:
        types.setdefault(name, number(rounding.get(name)))
    return types


def chosen(types: dict[str, pa.DataType], columns: Sequence[str] | None) -> dict[str, pa.DataType]:
    """The columns asked for (None: every one), in the order asked.

    Raises:
        KeyError: an unknown column.
    """
    if columns is None:
        return types
    out = {}
    for name in columns:
        if name not in types:
            raise KeyError(msg.arrow_unknown_column(name=name, known=", ".join(types)))
        out[name] = types[name]
    return out


def from_values(name: str, values: Sequence[Any], type_: pa.DataType, ids: Sequence[str]) -> pa.Array:
    """Python values (Decimals, texts, yes/no, None) as an Arrow array of `type_`, exactly.

    Raises:
        KpiError: a value the type cannot hold exactly (K-O0103).
    """
    import pyarrow as pa

    try:
        return pa.array(values, type_)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        for i, v in enumerate(values):
            try:
                pa.array([v], type_)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                raise inexact(name, ids[i], v, type_) from None
        raise  # pragma: no cover - a whole column fails only where one value does


def plain_ids(column: pa.ChunkedArray) -> pa.Array | None:
    """A text id column as the ids kpidsl reads from it, when every cell is one as it is (filled,
    and no white space to trim: its first and last characters are visible ASCII or CJK, U+4000 on,
    where Unicode has no white space), else None (the ids are then read in Python)."""
    import numpy as np
    import pyarrow as pa

    if not pa.types.is_string(column.type) or column.null_count:
        return None
    array = column.combine_chunks()
    if not len(array):
        return array
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset: array.offset + len(array) + 1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8) if array.buffers()[2] is not None else np.zeros(0, np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    if not len(data) or bool((ends <= starts).any()):
        return None
    first, last = data[starts], data[ends - 1]
    if not bool((((first > 0x20) & (first < 0x7F)) | (first >= 0xE4)).all()):
        return None
    other = np.flatnonzero((last <= 0x20) | (last >= 0x7F))  # the last character is not visible ASCII:
    lead_3, lead_4 = data[np.maximum(ends[other] - 3, 0)], data[np.maximum(ends[other] - 4, 0)]
    fits_3 = (ends[other] - 3 >= starts[other]) & (lead_3 >= 0xE4) & (lead_3 < 0xF0)  # three bytes from U+4000
    fits_4 = (ends[other] - 4 >= starts[other]) & (lead_4 >= 0xF0)  # or four bytes
    return array if bool((fits_3 | fits_4).all()) else None


def fit_decimals(name: str, array: pa.Array, type_: pa.DataType, ids: Sequence[str], start: int = 0) -> pa.Array:
    """An engine's exact number column (decimal or integer) at `type_`'s scale, in Arrow's kernels.

    Raises:
        KpiError: a value `type_` cannot hold exactly (K-O0103); the record is named by `ids[start + row]`.
    """
    import pyarrow as pa

    t = array.type
    if pa.types.is_integer(t):
        array, t = array.cast(pa.decimal128(PRECISION, 0)), pa.decimal128(PRECISION, 0)
    if not pa.types.is_decimal(t):
        raise TypeError(f"not an exact number column: {t}")  # pragma: no cover - the engines give decimals
    if t.scale >= type_.scale:
        try:  # fewer places: Arrow refuses a cast that loses a digit
            return array.cast(type_)
        except pa.ArrowInvalid:
            pass
    else:
        made = _upscaled(array, type_)
        if made is not None:
            return made
        if (t.precision - t.scale) + type_.scale <= PRECISION or _within(array, PRECISION - type_.scale):
            return array.cast(type_)  # more places: exact, once the digits are known to fit 38 (Arrow wraps)
    for i, v in enumerate(array.to_pylist()):
        try:
            pa.array([v], type_)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            raise inexact(name, ids[start + i], v, type_) from None
    raise AssertionError(f"no value of {name} fails to fit {type_}")  # pragma: no cover



def _upscaled(array: pa.Array, type_: pa.DataType) -> pa.Array | None:
    """A decimal128 column whose values fit 64 bits (a fixed-point column's) at `type_`'s larger
    scale, k places more, made in numpy: units x 10^k is (units x 5^k) x 2^k, and where
    units x 5^k fits 64 bits (item scores, totals: k = 18-20 holds |units| below about 10^5) the
    two 64-bit words of that shift are `v << k` and `v >> (64 - k)` (the sign shifts in with
    it). No digit is lost: |units x 10^k| < 2^63 x 2^k < 10^38. None where it does not apply
    (Arrow's cast then makes it: 2-3 ms per 100,000 values, this 0.3-0.5 ms)."""
    import numpy as np
    import pyarrow as pa

    k = type_.scale - array.type.scale
    if array.type.bit_width != 128 or not 0 < k < 64 or not len(array):
        return None
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)[2 * array.offset: 2 * (array.offset + len(array))]
    low, high = words[0::2], words[1::2]
    valid = None if array.null_count == 0 else np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    units = np.where(valid, low, 0) if valid is not None else np.ascontiguousarray(low)  # a null's words are any
    if valid is None and not bool((high == (low >> 63)).all()):
        return None
    if valid is not None and not bool(((high == (low >> 63)) | ~valid).all()):
        return None
    factor = 5**k
    if max(abs(int(units.max())), abs(int(units.min()))) >= 2**63 // factor:
        return None
    v = units * np.int64(factor)
    buffer = pa.allocate_buffer(16 * len(v))
    out = np.frombuffer(buffer, dtype=np.int64).reshape(-1, 2)
    np.left_shift(v, k, out=out[:, 0])
    np.right_shift(v, 64 - k, out=out[:, 1])
    validity = array.buffers()[0] if valid is not None and array.offset == 0 else None
    if valid is not None and validity is None:
        validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(type_, len(v), [validity, buffer])


def _within(array: pa.Array, digits: int) -> bool:
    """Every value of a decimal column below 10^digits in magnitude."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if array.null_count == len(array):
        return True
    limit = pa.scalar(10**digits, pa.decimal128(PRECISION, 0)).cast(array.type, safe=False)
    low, high = pc.min_max(array).values()
    return bool(pc.less(high, limit).as_py() and pc.less(pc.negate(limit), low).as_py())


def inexact(name: str, record: str, value: object, type_: pa.DataType) -> KpiError:
    """K-O0103 for `value`, written without trailing zeros: the engines hold one value at different
    scales (380.363...964 and 380.363...9640), and their errors are the same words."""
    from decimal import Decimal

    text = format(value.normalize(), "f") if isinstance(value, Decimal) and value.is_finite() else str(value)
    return KpiError.single("K-O0103", msg.arrow_inexact(column=name, record=record, value=text, type=str(type_)),
                           None, [msg.arrow_inexact_hint()])


def table(arrays: dict[str, Any], types: dict[str, pa.DataType]) -> pa.Table:
    """The columns as one table with the scheme's schema."""
    import pyarrow as pa

    schema = pa.schema([pa.field(n, t) for n, t in types.items()])
    return pa.Table.from_arrays([arrays[n] for n in types], schema=schema)
