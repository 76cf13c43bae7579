"""The engine's typing stage agrees with `values.coerce`: every cell it reads itself gets the value
coerce gives (and the same range and required-value rules); every cell coerce rejects, it leaves to
coerce (marks its row). Hypothesis draws cells of the forms people type (`1,200`, ` 95% `,
`¥1,200`, `1200元`, `是`, `2024/3/31`), near misses, and Python ints, floats and bools."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from kpidsl.columnar import sql
from kpidsl.columnar.engine import raw_type
from kpidsl.columnar.typing import cell, places
from kpidsl.values import INPUT_TYPES, CellError, coerce

digits = st.integers(0, 10**7).map(str)
numberish = st.one_of(
    st.builds(lambda sign, i, f, pct, pad: f"{pad}{sign}{i}{'.' + f if f else ''}{pct}{pad}",
              st.sampled_from(["", "-", "+"]), digits, st.sampled_from(["", "5", "25", "125", "00"]),
              st.sampled_from(["", "%", "％"]), st.sampled_from(["", " ", "\u3000", "\t"])),
    st.builds(lambda i: f"{i:,}", st.integers(0, 10**9)),
    st.builds(lambda pre, i, post: f"{pre}{i}{post}", st.sampled_from(["", "¥", "￥", "$"]), st.integers(0, 10**6),
              st.sampled_from(["", "元", "RMB", "rmb"])),
    st.sampled_from(["1e3", ".5", "5.", "1_000", "NaN", "Infinity", "١٢", "1,2,3", "--1", "", " ", "abc", "1 000"]),
)
words = st.sampled_from(["是", "否", "有", "无", "没有", "对", "√", "×", "Y", "n", "TRUE", "False", "1", "0", "t", "F", "yes",
                         "No", " 是 ", "maybe", "", "真"])
dates = st.one_of(
    st.builds(lambda y, m, d, sep: f"{y}{sep[0]}{m}{sep[1]}{d}{sep[2]}", st.integers(1990, 2030), st.integers(0, 13),
              st.integers(0, 32), st.sampled_from([("-", "-", ""), ("/", "/", ""), ("年", "月", "日"), (".", ".", "")])),
    st.sampled_from(["2024-02-30", "24-3-1", "2024-3-1 ", "٢٠٢٤-03-01"]),
)
texts = st.text(min_size=0, max_size=6)


def _typed(type_name: str, cells: list[object], points: bool = False, labels: tuple[str, ...] | None = None) -> list[tuple[bool, object]]:
    """(bad, value) per cell from the engine's typing stage."""
    spec = _Spec(INPUT_TYPES[type_name], points, labels)
    table = pa.table({"c": pa.array(cells)})
    t = raw_type(table.schema.field("c").type)
    con = duckdb.connect()
    con.register("t", table)
    scale = 0
    if spec.type.kind.value == "number" and t in ("VARCHAR", "DOUBLE"):
        raw: exp.Expr = sql.column("c") if t == "VARCHAR" else sql.cast(sql.column("c"), exp.DataType.build("VARCHAR"))
        probe = exp.select(exp.Max(this=places(raw, "VARCHAR"))).from_("t").sql("duckdb")
        scale = min(int(con.execute(probe).fetchall()[0][0] or 0), 24)
    value, bad = cell(spec, sql.column("c"), t, scale)  # type: ignore[arg-type]
    rows = con.execute(exp.select(exp.alias_(bad, "bad"), exp.alias_(value.e, "v")).from_("t").sql("duckdb")).fetchall()
    return [(bool(b), v) for b, v in rows]


class _Spec:
    """An optional input without range or default, of one type (a text input: limited to
    `labels` when given)."""

    def __init__(self, type_: object, points: bool = False, labels: tuple[str, ...] | None = None) -> None:
        self.type = type_
        self.as_points = points
        self.range = None
        self.default = None
        self.has_default = False
        self.optional = True
        self.labels = labels
        self.labels_scale = "量表" if labels is not None else None


def _agree(type_name: str, cells: list[object], points: bool = False) -> None:
    for raw, (bad, value) in zip(cells, _typed(type_name, cells, points), strict=True):
        try:
            expected = coerce(raw, INPUT_TYPES[type_name], points=points)
        except CellError:
            assert bad, f"{type_name}: engine read {raw!r} as {value!r}; coerce rejects it"
            continue
        if bad:
            continue  # left to coerce: allowed
        if isinstance(expected, Decimal):
            assert isinstance(value, Decimal) and value == expected, (type_name, raw, value, expected)
        else:
            assert value == expected, (type_name, raw, value, expected)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(numberish, min_size=1, max_size=12), st.sampled_from(["number", "money", "percent", "count", "days"]))
def test_number_text_agrees(cells: list[str], type_name: str) -> None:
    _agree(type_name, cells)


@SETTINGS
@given(st.lists(numberish, min_size=1, max_size=12), st.booleans())
def test_percent_columns_agree_as_ratios_and_as_points(cells: list[str], points: bool) -> None:
    """A plain 95 in a percent column: an error as a ratio (coerce names it), 95% `as points`."""
    _agree("percent", cells, points)


@pytest.mark.parametrize(("cells", "points", "expected"), [(["95", "0.5", "95%"], True, [False, False, False]),
                                                           (["95", "0.5", "95%"], False, [True, False, False])])
def test_plain_percents_by_the_columns_convention(cells: list[str], points: bool, expected: list[bool]) -> None:
    typed = _typed("percent", cells, points)  # type: ignore[arg-type]
    assert [bad for bad, _ in typed] == expected
    if points:
        assert [v for _, v in typed] == [Decimal("0.95"), Decimal("0.005"), Decimal("0.95")]


@SETTINGS
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=12))
def test_doubles_agree(cells: list[float]) -> None:
    _agree("number", cells)  # type: ignore[arg-type]


@SETTINGS
@given(st.lists(st.integers(-(10**15), 10**15), min_size=1, max_size=12), st.sampled_from(["number", "count", "bool"]))
def test_integers_agree(cells: list[int], type_name: str) -> None:
    _agree(type_name, cells)  # type: ignore[arg-type]


@SETTINGS
@given(st.lists(words, min_size=1, max_size=12))
def test_yes_no_agrees(cells: list[str]) -> None:
    _agree("bool", cells)  # type: ignore[arg-type]


@SETTINGS
@given(st.lists(dates, min_size=1, max_size=12))
def test_dates_agree(cells: list[str]) -> None:
    _agree("date", cells)  # type: ignore[arg-type]


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=12))
def test_text_agrees(cells: list[str]) -> None:
    _agree("text", cells)  # type: ignore[arg-type]


LEVELS = ("优", "良", "中", "差", "优秀", "A")
level_cells = st.one_of(st.sampled_from([*LEVELS, " 优 ", "优\u3000", "忧", "优 秀", "a", "A ", "\t良", "", " "]), texts)


@SETTINGS
@given(st.lists(level_cells, min_size=1, max_size=12))
def test_a_text_limited_to_levels_agrees(cells: list[str]) -> None:
    """`in SCALE`: a cell whose text (as coerce reads it) is not a level is always left to
    `read_value` (which refuses it); one the engine keeps is a level, read as coerce reads it."""
    for raw, (bad, value) in zip(cells, _typed("text", cells, labels=LEVELS), strict=True):  # type: ignore[arg-type]
        try:
            expected = coerce(raw, INPUT_TYPES["text"])
        except CellError:
            assert bad
            continue
        if expected is not None and expected not in LEVELS:
            assert bad, f"engine kept {raw!r}, which is not a level"
        elif not bad:
            assert value == expected, (raw, value, expected)
    good = _typed("text", list(LEVELS), labels=LEVELS)
    assert good == [(False, v) for v in LEVELS]


@pytest.mark.parametrize(("type_name", "text", "value"), [("money", "1,200", Decimal(1200)), ("percent", "95%", Decimal("0.95")),
                                                          ("money", "¥1,200", Decimal(1200)), ("money", "1200元", Decimal(1200)),
                                                          ("money", " 3 ", Decimal(3))])
def test_the_documented_forms_are_read_in_the_engine(type_name: str, text: str, value: Decimal) -> None:
    [(bad, got)] = _typed(type_name, [text])
    assert not bad and got == value


def test_a_percent_sign_outside_a_percent_input_is_left_to_coerce() -> None:
    """`95%` in a money or number column is refused by `coerce` (issue 9, item 3); the engine must
    not read it as 0.95 but mark the row for the interpreter, which reports it."""
    for type_name in ("money", "number"):
        [(bad, _)] = _typed(type_name, ["95%"])
        assert bad


def test_a_date_object_is_read() -> None:
    [(bad, got)] = _typed("date", [dt.date(2024, 3, 31)])
    assert not bad and got == dt.date(2024, 3, 31)
