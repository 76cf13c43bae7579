"""The display rule in SQL (kpidsl/columnar/csvrows.py) against `display.py`, value for value: a
number at any scale the engine gives it, with declared places or none (as it is, or cut after 6
significant digits, with `at_least`), as a percentage; and text quoted as `csv.writer` quotes it,
with a leading `'` where `csvguard.FormulaGuard` gives one."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

import duckdb
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kpidsl import display
from kpidsl.columnar.csvrows import Bind, Let, guarded, inline, number_text, percent_text, quoted, starts_formula
from kpidsl.csvguard import FormulaGuard

CON = duckdb.connect()


def _sql(expr: str) -> str:
    return str(CON.execute(f"SELECT {expr}").fetchall()[0][0])


def _shown(text: Callable[[Bind], str], layered: bool) -> str:
    """A cell's SQL run inline, or over the layers it binds its repeated parts to (as `kpi eval` runs it)."""
    if not layered:
        return _sql(text(inline))
    let = Let()
    expr = text(let)
    return str(CON.execute(f"SELECT {expr} FROM ({let.over('SELECT 1 AS one')})").fetchall()[0][0])


def _value(digits: int, scale: int) -> str:
    return f"CAST('{Decimal(digits).scaleb(-scale)}' AS DECIMAL(38, {scale}))"


numbers = st.tuples(st.integers(-(10**20), 10**20), st.integers(0, 20))


@settings(max_examples=300, deadline=None)
@given(numbers, st.one_of(st.none(), st.integers(0, 4)), st.integers(0, 4), st.booleans())
def test_a_number_shows_as_display_shows_it(number: tuple[int, int], places: int | None, at_least: int, layered: bool) -> None:
    digits, scale = number
    value = Decimal(digits).scaleb(-scale)
    shown = _shown(lambda let: number_text(_value(digits, scale), scale, places, at_least, let), layered)
    assert shown == display.number(value, places, mark=False, at_least=at_least)


#: Values at a quotient's long scale whose places past the 15th are zeros (read from the text, not
#: rounded by a cast) or not (rounded by the cast): drawn apart, as plain integers rarely end so.
long_scale = st.tuples(st.integers(-(10**19), 10**19), st.integers(16, 20), st.booleans()).map(
    lambda t: (t[0] * 10 ** (t[1] - 15) if t[2] else t[0], t[1]))


@settings(max_examples=200, deadline=None)
@given(long_scale, st.integers(0, 4), st.booleans())
def test_a_long_scale_shows_as_display_shows_it(number: tuple[int, int], at_least: int, layered: bool) -> None:
    digits, scale = number
    shown = _shown(lambda let: number_text(_value(digits, scale), scale, None, at_least, let), layered)
    assert shown == display.number(Decimal(digits).scaleb(-scale), None, mark=False, at_least=at_least)


@pytest.mark.parametrize("layered", [False, True])
@pytest.mark.parametrize(("value", "scale"), [
    ("0", 20), ("-0.00000000000000000001", 20), ("0.000000000000000499", 18), ("0.0000000000000005", 16),
    ("123456.789", 20), ("-99.99999999999999999", 20), ("-0.000000000000001", 20), ("-0.00000000000000100001", 20), ("1000000", 7), ("0.0000012345678", 13), ("-7", 15), ("85.5", 1),
])
def test_numbers_at_the_edges_of_the_cut(value: str, scale: int, layered: bool) -> None:
    """Zero and values the snap at 15 places rounds to zero or up, whole numbers at a long scale,
    and the places just above `MAX_PLACES`, inline and over the layers."""
    digits = int(Decimal(value).scaleb(scale))
    shown = _shown(lambda let: number_text(_value(digits, scale), scale, None, 0, let), layered)
    assert shown == display.number(Decimal(digits).scaleb(-scale), None, mark=False)


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.integers(-(10**12), 10**12), st.integers(0, 12)), st.one_of(st.none(), st.integers(0, 3)), st.booleans())
def test_a_ratio_shows_as_a_percentage(number: tuple[int, int], places: int | None, layered: bool) -> None:
    digits, scale = number
    value = Decimal(digits).scaleb(-scale)
    shown = _shown(lambda let: percent_text(_value(digits, scale), scale, places, let), layered)
    assert shown == display.percent(value, places, mark=False)


def _csv_cell(text: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([text, "x"])  # as report.render_csv writes a file
    return buf.getvalue()[: -len(",x\r\n")]


@pytest.mark.parametrize("text", ["张三", "赵六, 小", '王"五"', "a\nb", "a\r\nb", "", " x ", "Smith, J."])
def test_text_is_quoted_as_csv_writer_quotes_it(text: str) -> None:
    expected = _csv_cell(text)
    literal = "'" + text.replace("'", "''") + "'"
    assert _sql(quoted(literal)) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", " ", "'", ",", '"', "张", "a", "1", "＝", "\u0301"]),
               max_size=6) | st.text(max_size=4))
def test_a_guarded_text_is_written_as_render_csv_writes_it(text: str) -> None:
    """The SQL rule and `FormulaGuard` agree on every text: which cells start a formula (the count
    `-v` gives), and the cell written (a leading `'`, then quoted as `csv.writer` quotes it)."""
    assume("\x00" not in text)  # not a SQL string
    guard = FormulaGuard()
    expected = _csv_cell(guard.text(text))
    literal = "'" + text.replace("'", "''") + "'"
    assert _sql(guarded(literal)) == expected
    assert (_sql(starts_formula(literal)) == "True") is (guard.count == 1)


def test_an_empty_cell_is_none() -> None:
    assert CON.execute(f"SELECT {guarded('NULL::VARCHAR')}, {starts_formula('NULL::VARCHAR')}").fetchall() == [(None, None)]
