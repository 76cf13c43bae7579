"""Input types and how a raw cell (text from CSV, a number from Excel, JSON) becomes a typed value.

Values inside the evaluator are `Decimal` (every numeric type), `str` (text), `bool` and
`datetime.date`; a missing value is `None`. Reading a cell is done the way a person would read it:
`95%` in a percent column is 0.95, `1,200` is 1200, ` 3 ` is 3, an empty cell is missing. Anything
else is a `CellError` naming the expected type, which the data readers turn into a located error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .kinds import Base, Kind, Unit

Value = Decimal | str | bool | dt.date | None

#: One record's values by key: its inputs (by input name) and, once evaluated, what the scheme
#: computed from them. Prepared records from the data layer hold the inputs and `DEFAULTED_KEY`.
Env = dict[str, Any]

#: Key under which a prepared record lists the inputs filled from their defaults (for explain).
DEFAULTED_KEY = "__defaulted__"

#: Key under which an excluded record keeps the reason: an earlier period's record that was not
#: appraised has no values for `prev()`, flags and roll-ups to read.
EXCLUDED_KEY = "__excluded__"


@dataclass(frozen=True, slots=True)
class InputType:
    """A declared input type: its kind, and what it adds (whole numbers, non-negative, ...)."""

    name: str
    kind: Base
    whole: bool = False
    non_negative: bool = False
    description: str = ""
    unit: Unit | None = None

    @property
    def value_kind(self) -> Kind:
        """The kind of the input's values in formulas (a `money` input gives money)."""
        return Kind(self.kind, self.unit)


#: Every input type a scheme may declare, by name.
INPUT_TYPES: dict[str, InputType] = {
    t.name: t
    for t in (
        InputType("number", Base.NUMBER, description="any decimal number"),
        InputType("count", Base.NUMBER, whole=True, non_negative=True, description="a whole number >= 0", unit=Unit.COUNT),
        InputType("percent", Base.NUMBER, description="a ratio; `95%` and 0.95 are the same value", unit=Unit.PERCENT),
        InputType("money", Base.NUMBER, description="an amount; `1,200`, `¥1200` and `1200元` are read", unit=Unit.MONEY),
        InputType("days", Base.NUMBER, non_negative=True, description="a number of days >= 0", unit=Unit.DAYS),
        InputType("score", Base.NUMBER, description="points given by a rater or another system", unit=Unit.SCORE),
        InputType("text", Base.TEXT, description="any text, kept as written (trimmed)"),
        InputType("bool", Base.BOOL, description="yes/no: true, false, 是, 否, Y, N, 1, 0"),
        InputType("date", Base.DATE, description="a date: 2024-03-31 or 2024/3/31"),
        InputType("period", Base.TEXT, description="the period a row belongs to: 2024Q3, 2024年第3季度, 2024-07, 2024H1"),
    )
}

_TRUE = {"true", "yes", "y", "1", "是", "有", "对", "√", "t"}
_FALSE = {"false", "no", "n", "0", "否", "无", "没有", "×", "f"}
_MONEY_DECOR = re.compile(r"^[¥￥$]|元$|RMB$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


class CellError(ValueError):
    """A cell could not be read as its column's type; the message says what was expected."""


def _number(text: str, type_: InputType) -> Decimal:
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
    if type_.name == "money":
        cleaned = _MONEY_DECOR.sub("", cleaned)
    percent = cleaned.endswith("%") or cleaned.endswith("％")
    if percent:
        cleaned = cleaned[:-1]
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(f"expected {type_.description or type_.name}") from None
    if not value.is_finite():
        raise CellError(f"expected {type_.description or type_.name}")
    if percent:
        value = value / 100
    return value


def _check_number(value: Decimal, type_: InputType) -> Decimal:
    if type_.whole and value != value.to_integral_value():
        raise CellError(f"expected a whole number for a {type_.name} column")
    if type_.non_negative and value < 0:
        raise CellError(f"a {type_.name} cannot be negative")
    return value


def coerce(raw: object, type_: InputType) -> Value:
    """Read one raw cell as `type_`; `None` for an empty cell.

    Raises:
        CellError: the cell holds something that is not a `type_`.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.strip().replace("\u3000", "")
        if text == "":
            return None
    else:
        text = ""
    kind = type_.kind
    if kind is Base.TEXT:
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        return text if isinstance(raw, str) else str(raw)
    if kind is Base.NUMBER:
        if isinstance(raw, bool):
            raise CellError(f"expected {type_.description or type_.name}, not a yes/no value")
        if isinstance(raw, int):
            return _check_number(Decimal(raw), type_)
        if isinstance(raw, float):
            # repr() gives the shortest text that round-trips, so 0.95 stays 0.95, not 0.9499...
            return _check_number(Decimal(repr(raw)), type_)
        if isinstance(raw, Decimal):
            return _check_number(raw, type_)
        return _check_number(_number(text, type_), type_)
    if kind is Base.BOOL:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float, Decimal)) and raw in (0, 1):
            return bool(raw)
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise CellError("expected yes or no (true/false, 是/否, Y/N, 1/0)")
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    m = _DATE.match(text)
    if not m:
        raise CellError("expected a date such as 2024-03-31")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CellError("expected a real calendar date") from None


def describe(value: Value) -> str:
    """A value as it appears in messages and explain output."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        from .numbers import fmt_display

        return fmt_display(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return f'"{value}"'
