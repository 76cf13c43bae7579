"""The display rule in SQL (kpidsl/columnar/csvrows.py) against `display.py`, value for value: a
number at any scale the engine gives it, with declared places or none (as it is, or cut after 6
significant digits, with `at_least`), as a percentage; and text quoted as `csv.writer` quotes it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpidsl import display
from kpidsl.columnar.csvrows import number_text, percent_text, quoted

CON = duckdb.connect()


def _sql(expr: str) -> str:
    return str(CON.execute(f"SELECT {expr}").fetchall()[0][0])


def _value(digits: int, scale: int) -> str:
    return f"CAST('{Decimal(digits).scaleb(-scale)}' AS DECIMAL(38, {scale}))"


numbers = st.tuples(st.integers(-(10**20), 10**20), st.integers(0, 20))


@settings(max_examples=300, deadline=None)
@given(numbers, st.one_of(st.none(), st.integers(0, 4)), st.integers(0, 4))
def test_a_number_shows_as_display_shows_it(number: tuple[int, int], places: int | None, at_least: int) -> None:
    digits, scale = number
    value = Decimal(digits).scaleb(-scale)
    assert _sql(number_text(_value(digits, scale), scale, places, at_least)) == display.number(value, places, mark=False,
                                                                                                at_least=at_least)


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.integers(-(10**12), 10**12), st.integers(0, 12)), st.one_of(st.none(), st.integers(0, 3)))
def test_a_ratio_shows_as_a_percentage(number: tuple[int, int], places: int | None) -> None:
    digits, scale = number
    value = Decimal(digits).scaleb(-scale)
    assert _sql(percent_text(_value(digits, scale), scale, places)) == display.percent(value, places, mark=False)


@pytest.mark.parametrize("text", ["张三", "赵六, 小", '王"五"', "a\nb", "a\r\nb", "", " x ", "Smith, J."])
def test_text_is_quoted_as_csv_writer_quotes_it(text: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([text, "x"])  # as report.render_csv writes a file
    expected = buf.getvalue()[: -len(",x\r\n")]
    literal = "'" + text.replace("'", "''") + "'"
    assert _sql(quoted(literal)) == expected
