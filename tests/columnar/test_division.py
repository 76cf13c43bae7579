"""The columnar engine's Q20 division (`sql.div`, run by DuckDB) equals the interpreter's
(`numbers.div`) on generated operands of every sign and scale, and on exact ties at the 21st place
(half away from zero: 四舍五入 on the magnitude)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpidsl import numbers
from kpidsl.columnar import sql
from kpidsl.columnar.sql import K, V


def _engine_quotients(pairs: list[tuple[Decimal, Decimal]], sa: int, sb: int) -> list[Decimal]:
    """a / b for every pair, computed by the SQL `sql.div` builds, over DECIMAL(38, sa/sb) columns."""
    table = pa.table({"a": pa.array([a for a, _ in pairs], pa.decimal128(38, sa)),
                      "b": pa.array([b for _, b in pairs], pa.decimal128(38, sb))})
    a = V(sql.cast(sql.column("a"), sql.decimal_type(sa)), K.NUM, sa)
    b = V(sql.cast(sql.column("b"), sql.decimal_type(sb)), K.NUM, sb)
    query = f"SELECT {sql.div(a, b).e.sql('duckdb')} AS q FROM t"
    with duckdb.connect() as con:
        con.register("t", table)
        return list(con.sql(query).to_arrow_table().column("q").to_pylist())


def _check(pairs: list[tuple[Decimal, Decimal]], sa: int, sb: int) -> None:
    got = _engine_quotients(pairs, sa, sb)
    for (a, b), q in zip(pairs, got, strict=True):
        expected = numbers.div(a, b)
        assert q is not None and q.compare(expected) == 0, f"{a} / {b}: engine {q}, interpreter {expected}"


@st.composite
def operands(draw: st.DrawFn) -> tuple[list[tuple[Decimal, Decimal]], int, int]:
    sa, sb = draw(st.integers(0, 6)), draw(st.integers(0, 6))
    units_a = st.integers(-(10**11), 10**11)
    units_b = st.integers(-(10**15), 10**15).filter(bool)
    pairs = draw(st.lists(st.tuples(units_a, units_b), min_size=1, max_size=40))
    return [(Decimal(x).scaleb(-sa), Decimal(y).scaleb(-sb)) for x, y in pairs], sa, sb


@settings(max_examples=60, deadline=None)
@given(operands())
def test_q20_division_equals_the_interpreters(case: tuple[list[tuple[Decimal, Decimal]], int, int]) -> None:
    _check(*case)


@pytest.mark.parametrize("sign_a", [1, -1])
@pytest.mark.parametrize("sign_b", [1, -1])
def test_a_tie_at_the_21st_place_rounds_away_from_zero(sign_a: int, sign_b: int) -> None:
    odd = [1, 3, 7, 2 * 10**9 + 1, 99999]
    pairs = [(Decimal(sign_a * m), Decimal(sign_b * 2 * 10**20)) for m in odd]  # m / (2 x 10^20): a half unit of 10^-20
    _check(pairs, 0, 0)
    small = [(Decimal(sign_a * m), Decimal(sign_b * 8)) for m in (1, 3, 5, 0)]  # exact quotients
    _check(small, 0, 0)
