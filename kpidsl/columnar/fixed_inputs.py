"""The typing stage of the bulk fast path: Arrow columns of raw cells to exact fixed-point columns
(`fixed_values.Num`, `Bool`), read as `values.coerce` and `data.records.read_value` read each cell.

What is read here: integers; doubles, as `Decimal(repr(x))` (the smallest scale of at most 6 at
which every cell converts back to the same double, below 10^(15 - scale): the one decimal of 15
significant digits that gives the double, which is its shortest text); decimals; yes/no columns
(booleans, 0 and 1); text columns (checked; read where a formula reads them or the input is limited
to a scale's levels). A cell is left to the interpreter (its row is marked, and the interpreter
reports or reads it) where `coerce` or a check could reject it or read it differently: a negative
count, a fraction where a whole number is wanted, a value out of the declared range, a bare percent
beyond ±1, an empty required cell, a double this scale cannot hold, text that is not plain (the
DuckDB typing stage's rule), text that is not a level of its input's scale. A column of
another kind (text in a number column, dates) declines the batch: the DuckDB plan reads it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from .. import ir
from ..kinds import Base
from ..messages import fallback as msg
from ..values import RATIO_LIMIT
from .fixed_exprs import holds
from .fixed_memory import calc, column
from .fixed_values import Bool, Ctx, Decline, Mask, Num, Txt, compare, decimal_num, fits, m_and, m_not, m_or, select

if TYPE_CHECKING:
    import pyarrow as pa

#: A cell `values.coerce` rejects, as `bulk.from_dicts` writes it in a column of mixed kinds: text
#: no typing rule reads (its row goes to the interpreter).
UNREADABLE = "\x00"

#: Places tried for a column of doubles (as the DuckDB stage's scale probe).
DOUBLE_PLACES = 6

#: Significant digits of a double read exactly (as the DuckDB stage).
DOUBLE_DIGITS = 15


def read_inputs(ctx: Ctx, scheme: ir.Scheme, table: pa.Table, columns: dict[str, str | None],
                texts: frozenset[str] = frozenset()) -> dict[str, Num | Bool | Txt]:
    """Every number and yes/no input of the scheme as a column; text inputs in `texts` (those a
    formula reads) as text columns, the others checked only."""
    out: dict[str, Num | Bool | Txt] = {}
    for spec in scheme.inputs:
        col = columns.get(spec.name)
        kind = spec.type.kind
        if spec.type.name == "period" or kind not in (Base.NUMBER, Base.BOOL, Base.TEXT, Base.DATE):
            raise Decline(f"an input of type {spec.type.name} ('{spec.name}')")
        if col is None:
            if not (spec.has_default or spec.optional):
                raise Decline(f"no column for '{spec.name}'")
            if kind in (Base.NUMBER, Base.BOOL):
                out[spec.name] = _default(spec, ctx.n)
            elif spec.name in texts:
                out[spec.name] = _text_default(spec, ctx.n)
            continue
        array = table.column(col).combine_chunks()
        if kind is Base.TEXT:
            if spec.name in texts or spec.labels is not None:  # a scale's levels are checked on the values read
                text = _text(ctx, spec, array)
                if spec.name in texts:
                    out[spec.name] = text
            else:
                _check_text(ctx, spec, array)
            continue
        if kind is Base.DATE:
            _check_date(ctx, spec, array)
            continue
        value, filled = (_number if kind is Base.NUMBER else _bool)(ctx, spec, array)
        out[spec.name] = _filled(ctx, spec, value, filled)
    return out


def _filled(ctx: Ctx, spec: ir.Input, value: Num | Bool, filled: Mask) -> Num | Bool:
    """The default (or a missing value) where the cell is empty; a required one is the interpreter's."""
    if filled is None:
        return value
    empty = ~filled
    if not (spec.has_default or spec.optional):
        ctx.leave(empty)
        return value
    if not spec.has_default or spec.default is None:
        return Bool(value.v, empty) if isinstance(value, Bool) else Num(value.units, value.scale, value.bound, empty)
    default = _default(spec, ctx.n)
    if isinstance(value, Bool):
        assert isinstance(default, Bool)
        return Bool(np.where(empty, default.v, value.v))
    assert isinstance(default, Num)
    found = select(empty, default, Num(value.units, value.scale, value.bound))
    assert isinstance(found, Num)
    return found


def _default(spec: ir.Input, n: int) -> Num | Bool:
    value = spec.default if spec.has_default else None
    if spec.type.kind is Base.BOOL:
        return Bool(np.full(n, bool(value)), None if value is not None else np.ones(n, dtype=bool))
    if value is None:
        return Num(np.zeros(n, dtype=np.int64), 0, 0, np.ones(n, dtype=bool))
    if not isinstance(value, Decimal):
        raise Decline(f"the default of '{spec.name}'")
    return decimal_num(value)


def _validity(array: pa.Array) -> Mask:
    """Where a cell is filled (None: every cell)."""
    if array.null_count == 0:
        return None
    return np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _number(ctx: Ctx, spec: ir.Input, array: pa.Array) -> tuple[Num, Mask]:
    import pyarrow as pa

    t = array.type
    filled = _validity(array)
    if pa.types.is_null(t):
        return Num(np.zeros(ctx.n, dtype=np.int64), 0, 0), np.zeros(ctx.n, dtype=bool)
    if filled is not None and (pa.types.is_integer(t) or pa.types.is_floating(t)):
        array = array.fill_null(0)  # 0 in an empty cell; its default or NULL is `_filled`'s
    if pa.types.is_integer(t):
        try:
            units = array.cast(pa.int64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:
            raise Decline(f"an integer beyond 64 bits for '{spec.name}'", msg.fast_beyond_64_bits()) from None
        value = Num(units, 0, _bound(units))
    elif pa.types.is_floating(t):
        value = _doubles(ctx, array.to_numpy(zero_copy_only=False).astype(np.float64, copy=False), filled)
    elif pa.types.is_decimal(t) and t.bit_width == 128 and t.scale >= 0:
        value = _decimals(array, t.scale)
    else:
        said = msg.fast_text_numbers(name=spec.name) if pa.types.is_string(t) or pa.types.is_large_string(t) or str(t) == "string_view" else None
        raise Decline(f"a column of {t} for the number input '{spec.name}'", said)
    value = _percent(ctx, spec, value, filled)
    _checks(ctx, spec, value, filled)
    return value, filled


def _bound(units: np.ndarray) -> int:
    if units.size == 0:
        return 0
    return fits(max(abs(int(units.max())), abs(int(units.min()))), "an input")


def _doubles(ctx: Ctx, x: np.ndarray, filled: Mask) -> Num:
    """Doubles at the smallest scale that holds them all (cells it cannot hold: the interpreter's)."""
    floats = np.float64
    size = calc(np.abs, x, dtype=floats)
    with np.errstate(invalid="ignore", over="ignore"):
        for scale in range(DOUBLE_PLACES + 1):
            f = 10.0**scale
            r = calc(np.multiply, x, f, dtype=floats)
            np.round(r, out=r)
            ok = calc(np.equal, calc(np.divide, r, f, dtype=floats), x, dtype=bool)
            ok &= calc(np.less, size, 10.0 ** (DOUBLE_DIGITS - scale), dtype=bool)
            if filled is not None:
                ok |= ~filled
            if ok.all() or scale == DOUBLE_PLACES:
                break
    if not ok.all():
        bad = m_not(ok, ctx.n)
        ctx.leave(bad)
        np.copyto(r, 0.0, where=bad)  # 0 where the scale does not hold the cell (NaN, infinity, too large)
    units = column(len(r))
    np.copyto(units, r, casting="unsafe")
    return Num(units, scale, _bound(units))


def _decimals(array: pa.Array, scale: int) -> Num:
    """decimal128 cells as int64 units (the low word, where the high one only extends its sign)."""
    buf = array.buffers()[1]
    words = np.frombuffer(buf, dtype=np.int64)[2 * array.offset: 2 * (array.offset + len(array))].reshape(-1, 2)
    low, high = words[:, 0], words[:, 1]
    valid = _validity(array)
    wrong = calc(np.not_equal, high, calc(np.right_shift, low, 63), dtype=bool)
    if valid is not None:
        wrong &= valid
    if wrong.any():
        raise Decline("a decimal beyond 64 bits", msg.fast_beyond_64_bits())
    units = column(len(low))  # contiguous, for the arithmetic that reads it
    if valid is None:
        np.copyto(units, low)
    else:
        np.multiply(low, valid, out=units)  # 0 in an empty cell
    return Num(units, scale, _bound(units))


def _percent(ctx: Ctx, spec: ir.Input, value: Num, filled: Mask) -> Num:
    """A percent input: `as points` reads 95 as 0.95; else a bare number beyond ±1 is an error."""
    if spec.type.name != "percent":
        return value
    if spec.as_points:
        return Num(value.units, value.scale + 2, value.bound)
    limit = decimal_num(RATIO_LIMIT)
    beyond = compare(ctx, ">", Num(calc(np.abs, value.units), value.scale, value.bound), limit)
    ctx.leave(beyond if filled is None else beyond & filled)
    return value


def _checks(ctx: Ctx, spec: ir.Input, value: Num, filled: Mask) -> None:
    """Rows a filled cell of which `read_value` would reject: left to the interpreter (its error)."""
    bad: Mask = None
    if spec.type.non_negative:
        bad = m_or(bad, calc(np.less, value.units, 0, dtype=bool))
    if spec.type.whole and value.scale:
        bad = m_or(bad, calc(np.not_equal, calc(np.remainder, value.units, 10**value.scale), 0, dtype=bool))
    if spec.range is not None:
        bad = m_or(bad, m_not(holds(ctx, spec.range, value), ctx.n))
    if bad is not None:
        ctx.leave(bad if filled is None else m_and(bad, filled))


def _bool(ctx: Ctx, spec: ir.Input, array: pa.Array) -> tuple[Bool, Mask]:
    import pyarrow as pa

    t = array.type
    filled = _validity(array)
    if pa.types.is_boolean(t):
        return Bool(array.fill_null(False).to_numpy(zero_copy_only=False)), filled
    if pa.types.is_integer(t):
        units = array.fill_null(0).to_numpy(zero_copy_only=False)
        odd = (units != 0) & (units != 1)
        ctx.leave(odd if filled is None else odd & filled)
        return Bool(units == 1), filled
    raise Decline(f"a column of {t} for the yes/no input '{spec.name}'")


def _check_text(ctx: Ctx, spec: ir.Input, array: pa.Array) -> None:
    """A text input (no formula here reads it): the interpreter rejects only an empty required
    cell, and a cell `coerce` rejected when the column was made (`UNREADABLE`); a cell whose
    first character is visible ASCII is neither, any other is checked as `coerce` does."""
    import pyarrow as pa

    t = array.type
    filled = _validity(array)
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        offsets = np.frombuffer(array.buffers()[1], dtype=np.int64 if pa.types.is_large_string(t) else np.int32)
        starts = offsets[array.offset: array.offset + len(array) + 1].astype(np.int64)
        data = np.frombuffer(array.buffers()[2], dtype=np.uint8) if array.buffers()[2] is not None else np.zeros(0, np.uint8)
        if not len(data):  # every cell empty or null: a data buffer of no bytes (or none) has no first byte to read
            data = np.zeros(1, np.uint8)
        first = data[np.minimum(starts[:-1], max(len(data) - 1, 0))]
        # Visible ASCII, or the lead byte of a character from U+4000 on (CJK; no white space there).
        visible = (starts[1:] > starts[:-1]) & (((first > 0x20) & (first < 0x7F)) | (first >= 0xE4))
        if filled is not None:
            visible |= ~filled
        if not visible.all():
            rows = np.flatnonzero(~visible)
            cells = array.take(pa.array(rows)).to_pylist()
            blank = [not _present_text(c) for c in cells]
            if any(blank):
                out = np.zeros(ctx.n, dtype=bool)
                out[rows[np.array(blank)]] = True
                ctx.leave(out)
    elif not (pa.types.is_integer(t) or pa.types.is_null(t)):
        raise Decline(f"a column of {t} for the text input '{spec.name}'")
    if filled is not None and not (spec.has_default or spec.optional):
        ctx.leave(~filled)


def _present_text(cell: str | None) -> bool:
    """A cell the interpreter reads as text that is there (else: left to it)."""
    return cell is not None and cell != UNREADABLE and cell.strip().replace("\u3000", "") != ""


def _text_default(spec: ir.Input, n: int) -> Txt:
    value = spec.default if spec.has_default else None
    if value is None:
        return Txt(np.zeros(n, dtype=np.int64), [""], np.ones(n, dtype=bool))
    if not isinstance(value, str):
        raise Decline(f"the default of '{spec.name}'")
    return Txt(np.zeros(n, dtype=np.int64), [value])


def _text(ctx: Ctx, spec: ir.Input, array: pa.Array) -> Txt:
    """A text input a formula reads: its distinct cells, each read as `coerce` reads it (stripped;
    empty is missing: the default, or the interpreter's where it is required)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = array.type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t) or pa.types.is_null(t)):
        raise Decline(f"a column of {t} for the text input '{spec.name}'")
    if pa.types.is_null(t):
        array = array.cast(pa.string())
    encoded = pc.dictionary_encode(array)
    cells = encoded.dictionary.to_pylist()
    vocab = [c.strip().replace("\u3000", "") if isinstance(c, str) else str(c) for c in cells]
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    unreadable = np.array([c == UNREADABLE for c in cells] + [False], dtype=bool)[codes]
    ctx.leave(unreadable if unreadable.any() else None)
    if spec.labels is not None:  # `in 责任心分`: a value that is not a level is the interpreter's K-D0207
        levels = frozenset(spec.labels)
        off = np.array([v != "" and v not in levels for v in vocab] + [False], dtype=bool)[codes]
        ctx.leave(off if off.any() else None)
    empty = np.array([v == "" for v in vocab] + [True], dtype=bool)[codes]
    value = Txt(np.maximum(codes, 0), vocab or [""], empty if empty.any() else None)
    if value.null is None:
        return value
    if not (spec.has_default or spec.optional):
        ctx.leave(empty)
        return value
    if not spec.has_default or spec.default is None:
        return value
    default = str(spec.default)
    index = len(vocab)
    return Txt(np.where(empty, index, value.codes), [*vocab, default])


def _check_date(ctx: Ctx, spec: ir.Input, array: pa.Array) -> None:
    """A date input (no formula here reads it): dates as Arrow holds them, empty where allowed."""
    import pyarrow as pa

    if not (pa.types.is_date(array.type) or pa.types.is_timestamp(array.type) or pa.types.is_null(array.type)):
        raise Decline(f"a column of {array.type} for the date input '{spec.name}'")
    filled = _validity(array)
    if filled is not None and not (spec.has_default or spec.optional):
        ctx.leave(~filled)
