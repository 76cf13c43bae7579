"""SPIKE (issue 12): the workload as polars expressions on scaled Int64. Not product code.

The same plan as engine_numpy.py (cross-multiplied ratio bounds, one exact integer rounding for the
re-weighted total), written as lazy polars expressions so polars can run it on both cores.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from common import COMPLAINTS, DEC_COLUMNS, ID, INT_COLUMNS, LATE, LOSS, ON_TIME, PLANNED, PRICE, RETURNED, SUPPLIED, SUPPLIER, Output


def _ladder(good: pl.Expr, whole: pl.Expr, bounds: tuple[int, ...], points: tuple[int, ...], other: int) -> pl.Expr:
    sign = whole.sign()
    g, w = good * 100 * sign, whole * sign
    expr = pl.when(g >= bounds[0] * w).then(points[0])
    for b, p in zip(bounds[1:], points[1:], strict=True):
        expr = expr.when(g >= b * w).then(p)
    return expr.otherwise(other)


def plan(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Inputs: counts Int64, PRICE/SUPPLIER/LOSS as Int64 hundredths."""
    planned, on_time, supplied, returned = pl.col(PLANNED), pl.col(ON_TIME), pl.col(SUPPLIED), pl.col(RETURNED)
    s1 = pl.when(planned != 0).then(_ladder(on_time, planned, (95, 90, 85), (100, 80, 50), 0)).otherwise(0)
    present = supplied != 0
    s2 = pl.when(present).then(_ladder(supplied - returned, supplied, (95, 90), (100, 70), 0)).otherwise(-1)
    frame = frame.with_columns(s1.alias("s1"), s2.alias("s2"))
    n4 = pl.col("s1") * 4000 + pl.col(PRICE) * 20 + pl.col(SUPPLIER) * 10 + pl.when(present).then(pl.col("s2") * 3000).otherwise(0)
    w = pl.when(present).then(100).otherwise(70)
    d4 = pl.min_horizontal(pl.col(LATE) * 5000, 50000) + pl.min_horizontal(pl.col(COMPLAINTS) * 20000, 100000)
    t = pl.max_horizontal(n4 * 100 - d4 * w, 0)
    frame = frame.with_columns(((2 * t + w * 100) // (2 * w * 100)).alias("cents"))
    cents = pl.col("cents")
    grade = (pl.when(pl.col(LOSS) >= 120000).then(pl.lit("D")).when(cents >= 9000).then(pl.lit("A"))
             .when(cents >= 8000).then(pl.lit("B")).when(cents >= 7000).then(pl.lit("C")).otherwise(pl.lit("D")))
    return frame.with_columns(grade.alias("grade"))


def _scaled(name: str) -> pl.Expr:
    return (pl.col(name) * 100).round(0).cast(pl.Int64)


def from_columns(cols: dict[str, np.ndarray]) -> Output:
    from common import scaled

    frame = pl.DataFrame({**{c: cols[c] for c in INT_COLUMNS}, **{c: scaled(cols[c]) for c in DEC_COLUMNS}})
    return _collect(plan(frame.lazy()))


def from_arrow(table) -> Output:  # type: ignore[no-untyped-def]
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(*((pl.col(c) * 100).cast(pl.Int64) for c in DEC_COLUMNS))  # exact on Decimal(18, 2)
    return _collect(plan(frame.lazy()))


def csv_to_csv(src: Path, dst: Path) -> None:
    schema = {**{c: pl.Int64 for c in INT_COLUMNS}, **{c: pl.Decimal(18, 2) for c in DEC_COLUMNS}, ID: pl.String}
    frame = pl.scan_csv(src, schema=schema).with_columns(*((pl.col(c) * 100).cast(pl.Int64) for c in DEC_COLUMNS))
    cents = pl.col("cents")  # >= 0 (the floor); written as digits, so no decimal division is involved
    total = pl.format("{}.{}", cents // 100, (cents % 100).cast(pl.String).str.zfill(2))
    out = plan(frame).select(pl.col(ID).alias("工号"), total.alias("total"), pl.col("grade"))
    out.sink_csv(dst)


def _collect(frame: pl.LazyFrame) -> Output:
    df = frame.select("s1", "s2", "cents", "grade").collect()
    return Output(df["s1"].to_numpy(), df["s2"].to_numpy(), df["cents"].to_numpy(), df["grade"].to_numpy().astype(str))
