"""SPIKE (issue 12): the workload as one DuckDB query on exact DECIMAL / integer arithmetic.
Not product code.

DuckDB's `/` on DECIMAL returns DOUBLE (measured: 1.0::DECIMAL / 3 -> DOUBLE 0.333...), so a
compiler must never emit it for an exact value. Here, as in engine_numpy.py, ratios against bounds
are cross-multiplied and the one division (re-weighting, then half-up to cents) is an integer
rounding of a rational with `//` (which truncates toward zero in DuckDB; the operands are >= 0).
DECIMAL `+ - *` and comparisons are exact, and integer overflow raises an error, never wraps.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np

from common import COLUMNS, DEC_COLUMNS, ID, INT_COLUMNS, Output

Q = {c: f'"{c}"' for c in COLUMNS}  # quoted identifiers (Chinese headers, parentheses)

#: The scheme as SQL over a relation `src` with typed columns (DECIMAL(18,2) for the scores/money):
#: the common table expressions after `WITH src AS (...), `, then the final SELECT.
BODY = f"""
items AS (
  SELECT {Q[ID]} AS id,
    CASE WHEN {Q["计划采购单数"]} = 0 THEN 0
         WHEN {Q["按时完成单数"]} * 100 >= 95 * {Q["计划采购单数"]} THEN 100
         WHEN {Q["按时完成单数"]} * 100 >= 90 * {Q["计划采购单数"]} THEN 80
         WHEN {Q["按时完成单数"]} * 100 >= 85 * {Q["计划采购单数"]} THEN 50
         ELSE 0 END AS s1,
    CASE WHEN {Q["总供货量(件)"]} = 0 THEN NULL
         WHEN ({Q["总供货量(件)"]} - {Q["被退货量(件)"]}) * 100 * sign({Q["总供货量(件)"]})
              >= 95 * {Q["总供货量(件)"]} * sign({Q["总供货量(件)"]}) THEN 100
         WHEN ({Q["总供货量(件)"]} - {Q["被退货量(件)"]}) * 100 * sign({Q["总供货量(件)"]})
              >= 90 * {Q["总供货量(件)"]} * sign({Q["总供货量(件)"]}) THEN 70
         ELSE 0 END AS s2,
    least({Q["迟到次数"]} * 0.5, 5) + least({Q["投诉次数"]} * 2, 10) AS ded,
    {Q["材料价格合理性得分"]} AS price, {Q["供应商管理得分"]} AS supplier, {Q["损失金额"]} AS loss
  FROM src
), totals AS (
  SELECT *,
    -- weighted sum (exact DECIMAL, scale 3) and the weight present (exact, 1.0 or 0.7)
    s1 * 0.4 + price * 0.2 + supplier * 0.1 + coalesce(s2 * 0.3, 0) AS num,
    CASE WHEN s2 IS NULL THEN 0.7 ELSE 1.0 END AS w
  FROM items
), cents AS (
  SELECT *,
    -- total = num / w - ded, floor 0, half-up to cents: t / w where t = greatest(num - ded * w, 0)
    -- is exact at scale 3 and w at scale 1, so cents = (2 * t3 + w1) // (2 * w1)
    (2 * CAST(greatest(num - ded * w, 0) * 1000 AS HUGEINT) + CAST(w * 10 AS HUGEINT))
      // (2 * CAST(w * 10 AS HUGEINT)) AS cents
  FROM totals
)
SELECT id, s1, coalesce(s2, -1) AS s2, cents,
  CASE WHEN loss >= 1200 THEN 'D' WHEN cents >= 9000 THEN 'A' WHEN cents >= 8000 THEN 'B'
       WHEN cents >= 7000 THEN 'C' ELSE 'D' END AS grade
FROM cents
"""

#: Typed view over raw columns: counts BIGINT, and the two-decimal inputs cast from DOUBLE with a
#: check that the cast did not round (a value with more places must be an error, not coerced).
TYPED_FROM_DOUBLES = "SELECT {ints}, {decs} FROM raw".format(
    ints=", ".join([Q[ID], *(Q[c] for c in INT_COLUMNS)]),
    decs=", ".join(f"CAST({Q[c]} AS DECIMAL(18,2)) AS {Q[c]}" for c in DEC_COLUMNS),
)
CHECK_DOUBLES = "SELECT count(*) FROM raw WHERE " + " OR ".join(
    f"CAST(CAST({Q[c]} AS DECIMAL(18,2)) AS DOUBLE) <> {Q[c]}" for c in DEC_COLUMNS)


def query(source: str) -> str:
    """The whole query over the typed relation `source`."""
    return f"WITH src AS ({source}), {BODY}"


def connect() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def _output(con: duckdb.DuckDBPyConnection, relation: str) -> Output:
    res = con.sql(query(f"SELECT * FROM {relation}")).fetchnumpy()
    return Output(res["s1"], res["s2"], res["cents"].astype(np.int64), np.asarray(res["grade"]).astype(str))


def from_columns(con: duckdb.DuckDBPyConnection, cols: dict[str, np.ndarray]) -> Output:
    """From numpy columns pulled out of dicts (registered zero-copy via a pandas-free dict scan)."""
    import pyarrow as pa

    raw = pa.table({c: cols[c] for c in COLUMNS})  # noqa: F841 - DuckDB scans the local by name
    con.register("raw", raw)
    if con.execute(CHECK_DOUBLES).fetchall()[0][0]:
        raise ValueError("a cell has more than 2 decimal places")
    con.execute(f"CREATE OR REPLACE TEMP VIEW typed AS {TYPED_FROM_DOUBLES}")
    return _output(con, "typed")


def from_arrow(con: duckdb.DuckDBPyConnection, table) -> Output:  # type: ignore[no-untyped-def]
    """From an Arrow table that is already typed (int64, decimal128(18, 2))."""
    con.register("arrow_in", table)
    return _output(con, "arrow_in")


def csv_to_csv(con: duckdb.DuckDBPyConnection, src: Path, dst: Path) -> None:
    """Read, evaluate and write in one streaming DuckDB statement, with typed strict columns."""
    types = {**{c: "BIGINT" for c in INT_COLUMNS}, **{c: "DECIMAL(18,2)" for c in DEC_COLUMNS}, ID: "VARCHAR"}
    spec = ", ".join(f"'{c}': '{types[c]}'" for c in COLUMNS)  # in file order
    inner = query(f"SELECT * FROM read_csv('{src}', header = true, columns = {{{spec}}}, auto_detect = false)")
    con.execute(f"""COPY (
      SELECT id AS 工号, CAST(cents AS DECIMAL(18,0)) * 0.01 AS total, grade FROM ({inner})
    ) TO '{dst}' (HEADER, DELIMITER ',')""")


#: The same plan on BIGINT scaled integers (the numpy plan in SQL), for when the compiler can
#: prove from the inputs' bounds that every intermediate fits 64 bits (DuckDB raises on overflow
#: either way, so a wrong proof is an error, not a wrong number).
BODY_INT = f"""
scaled AS (
  SELECT {Q[ID]} AS id, {Q["计划采购单数"]} AS planned, {Q["按时完成单数"]} AS on_time,
         {Q["总供货量(件)"]} AS supplied, {Q["被退货量(件)"]} AS returned, {Q["迟到次数"]} AS late,
         {Q["投诉次数"]} AS complaints,
         CAST({Q["材料价格合理性得分"]} * 100 AS BIGINT) AS price2, CAST({Q["供应商管理得分"]} * 100 AS BIGINT) AS supplier2,
         CAST({Q["损失金额"]} * 100 AS BIGINT) AS loss2
  FROM src
), items AS (
  SELECT *,
    CASE WHEN planned = 0 THEN 0 WHEN on_time * 100 >= 95 * planned THEN 100
         WHEN on_time * 100 >= 90 * planned THEN 80 WHEN on_time * 100 >= 85 * planned THEN 50 ELSE 0 END AS s1,
    CASE WHEN supplied = 0 THEN -1
         WHEN (supplied - returned) * 100 * sign(supplied) >= 95 * supplied * sign(supplied) THEN 100
         WHEN (supplied - returned) * 100 * sign(supplied) >= 90 * supplied * sign(supplied) THEN 70 ELSE 0 END AS s2
  FROM scaled
), totals AS (
  SELECT *, CASE WHEN s2 < 0 THEN 70 ELSE 100 END AS w,
    s1 * 4000 + price2 * 20 + supplier2 * 10 + CASE WHEN s2 < 0 THEN 0 ELSE s2 * 3000 END AS n4,
    least(late * 5000, 50000) + least(complaints * 20000, 100000) AS d4
  FROM items
), cents AS (
  SELECT *, (2 * greatest(n4 * 100 - d4 * w, 0) + w * 100) // (2 * w * 100) AS cents FROM totals
)
SELECT id, s1, s2, cents,
  CASE WHEN loss2 >= 120000 THEN 'D' WHEN cents >= 9000 THEN 'A' WHEN cents >= 8000 THEN 'B'
       WHEN cents >= 7000 THEN 'C' ELSE 'D' END AS grade
FROM cents
"""


def from_arrow_int(con: duckdb.DuckDBPyConnection, table) -> Output:  # type: ignore[no-untyped-def]
    """From an Arrow table, with the BIGINT plan."""
    con.register("arrow_in", table)
    res = con.sql(f"WITH src AS (SELECT * FROM arrow_in), {BODY_INT}").fetchnumpy()
    return Output(res["s1"], res["s2"], res["cents"].astype(np.int64), np.asarray(res["grade"]).astype(str))
