"""Reading cells as a person means them."""

import datetime as dt
from decimal import Decimal

import pytest

from kpidsl.values import INPUT_TYPES, CellError, coerce

T = INPUT_TYPES


@pytest.mark.parametrize(
    ("raw", "type_", "expected"),
    [
        ("95%", "percent", Decimal("0.95")),
        ("0.95", "percent", Decimal("0.95")),
        (0.95, "percent", Decimal("0.95")),
        ("1,200", "money", Decimal(1200)),
        ("¥1,200.50", "money", Decimal("1200.50")),
        ("1200元", "money", Decimal(1200)),
        (" 3 ", "count", Decimal(3)),
        ("3.0", "count", Decimal("3.0")),
        ("", "count", None),
        ("\u3000", "number", None),
        ("是", "bool", True),
        ("N", "bool", False),
        ("2024/3/31", "date", dt.date(2024, 3, 31)),
        (1001.0, "text", "1001"),
        ("  张三 ", "text", "张三"),
    ],
)
def test_coerce(raw: object, type_: str, expected: object) -> None:
    assert coerce(raw, T[type_]) == expected


@pytest.mark.parametrize(
    ("raw", "type_"),
    [("abc", "number"), ("2.5", "count"), ("-1", "count"), ("-0.5", "days"), ("maybe", "bool"), ("2024-02-30", "date"), ("NaN", "number"), (True, "number")],
)
def test_coerce_rejects(raw: object, type_: str) -> None:
    with pytest.raises(CellError):
        coerce(raw, T[type_])
