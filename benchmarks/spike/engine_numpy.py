"""SPIKE (issue 12): the workload as numpy scaled-integer arithmetic. Not product code.

Exactness without decimals: every input is an int64 in units of its own scale (counts: 1, scores
and money: 0.01). A ratio is never divided: `a / b >= 95%` is `a * 100 >= 95 * b` for b > 0 (the
sign of b flips the test for signed inputs). The one division the result needs, the re-weighting
`sum(score * weight) / sum(weight present)` followed by half-up to 2 places, is done as an exact
integer rounding of a rational: cents = (2T + q) // 2q for T >= 0. Magnitudes are checked first so
no int64 product can overflow. These are the rewrites a compiler from the IR would emit.
"""

from __future__ import annotations

import numpy as np

from common import (
    COMPLAINTS,
    LATE,
    LOSS,
    ON_TIME,
    PLANNED,
    PRICE,
    RETURNED,
    SUPPLIED,
    SUPPLIER,
    Output,
    scaled,
)

LIMIT = 10**12  # |input| bound that keeps every product below 2**63 in this plan


def ladder(good: np.ndarray, whole: np.ndarray, bounds: tuple[int, ...], points: tuple[int, ...], other: int) -> np.ndarray:
    """Points for the ratio good / whole against percent bounds (>= bound, first match), exactly."""
    sign = np.sign(whole)
    g, w = good * 100 * sign, whole * sign
    return np.select([g >= b * w for b in bounds], list(points), other)


def evaluate(c: dict[str, np.ndarray], price2: np.ndarray, supplier2: np.ndarray, loss2: np.ndarray) -> Output:
    planned, on_time, supplied, returned = c[PLANNED], c[ON_TIME], c[SUPPLIED], c[RETURNED]
    for a in (planned, on_time, supplied, returned, price2, supplier2, loss2, c[LATE], c[COMPLAINTS]):
        if a.size and np.abs(a).max() >= LIMIT:
            raise OverflowError("an input is too large for the int64 plan; use the python backend")
    # 采购计划完成率: on zero -> 0, so a rate of 0, which the ladder scores 0.
    s1 = np.where(planned != 0, ladder(on_time, planned, (95, 90, 85), (100, 80, 50), 0), 0)
    # 供货质量合格率: value 1 - 退货量/总供货量 = (总供货量 - 退货量) / 总供货量; on zero -> skip.
    present = supplied != 0
    s2 = np.where(present, ladder(supplied - returned, supplied, (95, 90), (100, 70), 0), -1)
    # Base score in units of 1e-4 (weights are percents; scores 2 decimals), over the weight present.
    n4 = s1 * 4000 + price2 * 20 + supplier2 * 10 + np.where(present, s2 * 3000, 0)
    w = np.where(present, 100, 70)
    d4 = np.minimum(c[LATE] * 5000, 50000) + np.minimum(c[COMPLAINTS] * 20000, 100000)
    # base = n4 * 100 / w (units 1e-4; w in percent); total = base - d4 = (n4 * 100 - d4 * w) / w;
    # floor 0; in cents: t / (w * 100), rounded half-up exactly.
    t = np.maximum(n4 * 100 - d4 * w, 0)
    q = w * 100
    cents = (2 * t + q) // (2 * q)
    grade = np.select([cents >= 9000, cents >= 8000, cents >= 7000], ["A", "B", "C"], "D")
    grade = np.where(loss2 >= 120000, "D", grade)
    return Output(s1, s2, cents, grade)


def from_columns(c: dict[str, np.ndarray]) -> Output:
    """From columns pulled out of dicts (floats for the two-decimal inputs, scaled exactly)."""
    return evaluate(c, scaled(c[PRICE]), scaled(c[SUPPLIER]), scaled(c[LOSS]))


def from_arrow(table) -> Output:  # type: ignore[no-untyped-def]
    """From an Arrow table: int64 columns zero-copy, decimal128(18, 2) read as scaled int64."""
    c = {name: table.column(name).to_numpy() for name in (PLANNED, ON_TIME, SUPPLIED, RETURNED, LATE, COMPLAINTS)}
    return evaluate(c, *(decimal_units(table.column(name)) for name in (PRICE, SUPPLIER, LOSS)))


def decimal_units(col) -> np.ndarray:  # type: ignore[no-untyped-def]
    """A decimal128 column's unscaled integers (its stored 128-bit values), checked to fit int64."""
    chunks = []
    for chunk in col.chunks:
        words = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[2 * chunk.offset : 2 * (chunk.offset + len(chunk))]
        low, high = words[0::2], words[1::2]
        if not (high == (low >> 63)).all():
            raise OverflowError("a decimal does not fit 64 bits")
        if chunk.null_count:
            raise ValueError("empty cell")
        chunks.append(low)
    return np.concatenate(chunks) if chunks else np.zeros(0, np.int64)


def csv_to_csv(src, dst, batch_rows: int = 262_144) -> None:  # type: ignore[no-untyped-def]
    """Stream the CSV through in batches (flat memory): Arrow's typed, strict reader, this plan,
    and Arrow's writer; the total is written as a decimal128(18, 2) built from the cents."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from common import COLUMNS, DEC_COLUMNS, ID, INT_COLUMNS

    types = {**{c: pa.int64() for c in INT_COLUMNS}, **{c: pa.decimal128(18, 2) for c in DEC_COLUMNS}, ID: pa.string()}
    reader = pacsv.open_csv(src, read_options=pacsv.ReadOptions(block_size=1 << 24),
                            convert_options=pacsv.ConvertOptions(column_types=types, include_columns=list(COLUMNS)))
    schema = pa.schema([("工号", pa.string()), ("total", pa.decimal128(18, 2)), ("grade", pa.string())])
    with pacsv.CSVWriter(str(dst), schema) as writer:
        for batch in reader:
            table = pa.Table.from_batches([batch])
            out = from_arrow(table)
            words = np.empty((len(out.cents), 2), dtype=np.int64)
            words[:, 0], words[:, 1] = out.cents, out.cents >> 63
            total = pa.Array.from_buffers(pa.decimal128(18, 2), len(out.cents), [None, pa.py_buffer(words)])
            writer.write_table(pa.table([table.column(ID), total, pa.array(out.grade)], schema=schema))
