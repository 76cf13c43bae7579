"""Arrow columns made without pyarrow's look for pandas (kpidsl/data/arrowtext.py): each is
the array `pa.array` makes of the same values (type, values, nulls), whatever the cells hold,
the separators the text columns are joined with included."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from kpidsl.data.arrowtext import integer, integers, one, row_numbers, texts

#: Text with the characters the columns are joined by, line ends, quotes and Chinese.
_TEXT = st.text(st.sampled_from(["a", "1", ".", ",", "\"", "\r", "\n", " ", "张", "\x00", "\x1f", "\ufdd0", "\ufdd1", "😀"]), max_size=6)


def _same(made: pa.Array, expected: pa.Array) -> None:
    made.validate(full=True)
    assert made.type == expected.type
    assert made.null_count == expected.null_count
    assert made.to_pylist() == expected.to_pylist()


@settings(deadline=None)  # a column holding every separator is converted by pa.array, which may import pandas
@given(st.lists(st.one_of(st.none(), _TEXT), max_size=30))
def test_texts_is_what_pa_array_makes(values: list[str | None]) -> None:
    _same(texts(values), pa.array(values, pa.string()))
    _same(texts(tuple(values)), pa.array(values, pa.string()))  # zip's columns are tuples


def test_texts_when_every_separator_is_in_a_cell() -> None:
    values = ["\x00", "\x1f", "\ufdd0", "\ufdd1", None, ""]
    _same(texts(values), pa.array(values, pa.string()))


def test_texts_of_empty_and_all_missing_columns() -> None:
    _same(texts([]), pa.array([], pa.string()))
    _same(texts([None, None]), pa.array([None, None], pa.string()))
    _same(texts([""]), pa.array([""], pa.string()))


@given(_TEXT)
def test_one_is_what_pa_array_makes(text: str) -> None:
    _same(one(text), pa.array([text], pa.string()))


@given(st.lists(st.integers(-(1 << 63), (1 << 63) - 1), max_size=20))
def test_integers_is_what_pa_array_makes(values: list[int]) -> None:
    _same(integers(values), pa.array(values, pa.int64()))


def test_row_numbers_and_integer() -> None:
    _same(row_numbers(7, 5), pa.array(range(7, 12), pa.int64()))
    _same(row_numbers(3, 0), pa.array([], pa.int64()))
    assert integer(2) == pa.scalar(2, pa.int64())
    fields = pc.split_pattern(pa.array(["a,b,c", "d,e,f"]), ",")
    assert pc.list_element(fields, integer(1)).to_pylist() == ["b", "e"]
