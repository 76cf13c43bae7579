"""SPIKE (issue 12): one expression tree, SQL for DuckDB, Spark and Postgres via sqlglot.
Not product code.

`kpi sql --dialect` will build a sqlglot tree from the IR and let sqlglot print it per dialect.
This probe builds the workload's two hardest expressions that way (the cross-multiplied ratio
ladder and the exact half-up of the re-weighted total), prints them for three dialects, runs the
DuckDB text on seeded data against the exact reference, and shows the numeric traps a compiler
must avoid (measured on the installed DuckDB).

Run: python benchmarks/spike/sqlglot_probe.py [--rows 100000]
"""

from __future__ import annotations

import argparse

import common
import duckdb
import numpy as np
import sqlglot
from sqlglot import exp

EXACT_INT = {"duckdb": "HUGEINT", "spark": "DECIMAL(38, 0)", "postgres": "NUMERIC(38, 0)"}


def col(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def num(v: int | str) -> exp.Literal:
    return exp.Literal.number(v)


def ratio_ladder(good: exp.Expression, whole: exp.Expression, tiers: list[tuple[int, int]], other: int) -> exp.Case:
    """`good / whole` against percent bounds, never divided: good * 100 >= bound * whole (whole > 0)."""
    case = exp.Case()
    case = case.when(exp.EQ(this=whole.copy(), expression=num(0)), num(0))
    for bound, points in tiers:
        test = exp.GTE(this=exp.Mul(this=good.copy(), expression=num(100)), expression=exp.Mul(this=num(bound), expression=whole.copy()))
        case = case.when(test, num(points))
    return case.else_(num(other))


def half_up_quotient(t: exp.Expression, w: exp.Expression, int_type: str) -> exp.Expression:
    """round_half_up(t / w) for t >= 0, w > 0, as (2t + w) div 2w on the dialect's exact integers."""
    to = exp.DataType.build(int_type)
    ti, wi = exp.Cast(this=t, to=to), exp.Cast(this=w, to=to.copy())
    return exp.IntDiv(this=exp.Paren(this=exp.Add(this=exp.Mul(this=num(2), expression=ti), expression=wi)),
                      expression=exp.Paren(this=exp.Mul(this=num(2), expression=wi.copy())))


def query(dialect: str) -> str:
    s1 = ratio_ladder(col(common.ON_TIME), col(common.PLANNED), [(95, 100), (90, 80), (85, 50)], 0)
    # t3: the floored total numerator in thousandths, w1: the weight present in tenths (see engine_duckdb.py)
    cents = half_up_quotient(col("t3"), col("w1"), EXACT_INT[dialect])
    return exp.select(s1.as_("s1"), cents.as_("cents")).from_("src").sql(dialect=dialect)


def traps() -> list[tuple[str, str]]:
    con = duckdb.connect()
    probes = [
        "1.0::DECIMAL(18,2) / 3",
        "CAST(-7 AS DECIMAL(38,0)) // 2",
        "(-7)::HUGEINT // 2",
        "10::HUGEINT ** 23",
        "1::DECIMAL(38,20) * 3::DECIMAL(38,20)",
        "170141183460469231731687303715884105727::HUGEINT + 1",
        "round(2.675::DECIMAL(10,3), 2)",
    ]
    out = []
    for p in probes:
        try:
            r = con.execute(f"SELECT {p}, typeof({p})").fetchall()[0]
            out.append((p, f"{r[0]!r} ({r[1]})"))
        except duckdb.Error as e:
            out.append((p, f"error: {str(e).splitlines()[0][:90]}"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    print(f"sqlglot {sqlglot.__version__}, duckdb {duckdb.__version__}: one tree, three dialects\n")
    for d in EXACT_INT:
        print(f"-- {d}\n{query(d)}\n")
    print("-- other dialects: the same IntDiv node")
    for d in ("bigquery", "tsql", "snowflake"):
        print(f"   {d:<10} {exp.IntDiv(this=col('a'), expression=col('b')).sql(dialect=d)}")
    print(f"   plain exp.Div for postgres: {exp.Div(this=col('a'), expression=col('b')).sql(dialect='postgres')}")

    rows = list(common.workload.rows(args.rows))
    ref = common.reference(rows)
    con = duckdb.connect()
    con.register("arrow_in", common.arrow_table(rows))
    con.execute(f"""CREATE TEMP VIEW src AS SELECT *,
        CAST(greatest(num - ded * w, 0) * 1000 AS HUGEINT) AS t3, CAST(w * 10 AS HUGEINT) AS w1 FROM (
          SELECT *, s1x * 0.4 + {common.Q(common.PRICE)} * 0.2 + {common.Q(common.SUPPLIER)} * 0.1 + coalesce(s2x * 0.3, 0) AS num,
                 CASE WHEN s2x IS NULL THEN 0.7 ELSE 1.0 END AS w
          FROM ({_items_sql()}))""")
    got = con.execute(query("duckdb")).fetchnumpy()
    bad = int((got["s1"] != ref.s1).sum() + (np.asarray(got["cents"], dtype=np.int64) != ref.cents).sum())
    print(f"\nthe generated DuckDB query on {args.rows:,} seeded rows: {bad} values differ from the exact reference")
    print("\nDuckDB numeric traps a compiler must avoid:")
    for p, r in traps():
        print(f"   SELECT {p:<52} -> {r}")


def _items_sql() -> str:
    from engine_duckdb import Q

    s1 = f"""CASE WHEN {Q[common.PLANNED]} = 0 THEN 0 WHEN {Q[common.ON_TIME]} * 100 >= 95 * {Q[common.PLANNED]} THEN 100
             WHEN {Q[common.ON_TIME]} * 100 >= 90 * {Q[common.PLANNED]} THEN 80 WHEN {Q[common.ON_TIME]} * 100 >= 85 * {Q[common.PLANNED]}
             THEN 50 ELSE 0 END"""
    sup, ret = Q[common.SUPPLIED], Q[common.RETURNED]
    s2 = f"""CASE WHEN {sup} = 0 THEN NULL WHEN ({sup} - {ret}) * 100 >= 95 * {sup} THEN 100
             WHEN ({sup} - {ret}) * 100 >= 90 * {sup} THEN 70 ELSE 0 END"""
    ded = f"least({Q[common.LATE]} * 0.5, 5) + least({Q[common.COMPLAINTS]} * 2, 10)"
    return f"SELECT *, {s1} AS s1x, {s2} AS s2x, {ded} AS ded FROM arrow_in"


if __name__ == "__main__":
    main()
