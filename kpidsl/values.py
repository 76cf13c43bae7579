"""Input types and how a raw cell (text from CSV, a number from Excel, JSON) becomes a typed value.

Values inside the evaluator are `Decimal` (every numeric type), `str` (text), `bool` and
`datetime.date`; a missing value is `None`. Reading a cell is done the way a person would read it:
`95%` in a percent column is 0.95, `1,200` is 1200, ` 3 ` is 3, an empty cell is missing. Anything
else is a `CellError` naming the expected type, which the data readers turn into a located error.

A percent column states its convention, because a bare `95` is either 9500% or a typing of 95%:
by default (ratio) `0.95`, `95%` and an Excel cell formatted as a percentage are read, and a bare
number beyond ±1 is an error (`BarePercentError`); an input declared `as points` reads a bare
`95` as 95%. Either way a value written with its % sign means what it says.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .i18n import Text
from .kinds import Base, Kind, Unit
from .messages import data as msg
from .prebuilt import dataclass

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
        InputType("number", Base.NUMBER, description=msg.type_number()),
        InputType("count", Base.NUMBER, whole=True, non_negative=True, description=msg.type_count(), unit=Unit.COUNT),
        InputType("percent", Base.NUMBER, description=msg.type_percent(), unit=Unit.PERCENT),
        InputType("money", Base.NUMBER, description=msg.type_money(), unit=Unit.MONEY),
        InputType("days", Base.NUMBER, non_negative=True, description=msg.type_days(), unit=Unit.DAYS),
        InputType("score", Base.NUMBER, description=msg.type_score(), unit=Unit.SCORE),
        InputType("text", Base.TEXT, description=msg.type_text()),
        InputType("bool", Base.BOOL, description=msg.type_bool()),
        InputType("date", Base.DATE, description=msg.type_date()),
        InputType("period", Base.TEXT, description=msg.type_period()),
    )
}


@dataclass(frozen=True, slots=True)
class MarkedPercent:
    """A number its source marks as a percentage (an Excel cell formatted as `0%`, a scheme's
    `95%`): a ratio, whatever the column's convention. `value` is the ratio (0.95)."""

    value: Decimal

    def __str__(self) -> str:
        from .numbers import fmt_percent

        return fmt_percent(self.value)

def given_cell(value: Decimal | str | bool | None, text: str, percent_input: bool) -> object:
    """A test block's `given` literal as the cell it stands for. `95%` written for a percent input
    is marked as a percentage, so it means 95% whatever the input's data convention (`as points`
    reads a bare 95 as 95%, and would read the literal's 0.95 as 0.95%)."""
    if percent_input and isinstance(value, Decimal) and text.rstrip().endswith(("%", "％")):
        return MarkedPercent(value)
    return value


_TRUE = {"true", "yes", "y", "1", "是", "有", "对", "√", "t"}
_FALSE = {"false", "no", "n", "0", "否", "无", "没有", "×", "f"}
_MONEY_DECOR = re.compile(r"^[¥￥$]|元$|RMB$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


class CellError(ValueError):
    """A cell could not be read as its column's type; `text` says what was expected."""

    def __init__(self, text: Text) -> None:
        super().__init__(text)
        self.text = text


class BarePercentError(CellError):
    """A plain number beyond ±1 in a percent column that reads ratios: 95 could be 95% or 9500%."""

    def __init__(self, value: Decimal) -> None:
        from .numbers import fmt_percent, fmt_plain

        super().__init__(msg.bare_percent(value=fmt_plain(value), as_ratio=fmt_percent(value), as_points=fmt_plain(value) + "%"))
        self.value = value


#: The largest plain number a percent column reading ratios accepts (100%, written 1).
RATIO_LIMIT = Decimal(1)


def _expected(type_: InputType) -> Text:
    return msg.expected(what=type_.description or type_.name)


#: A number whose commas group thousands: 1,234 and 1,234,567.5 (1,5 and 12,34 are not).
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")

#: The same, grouped with spaces (1 234 567), as some locales print it.
_SPACED = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:\.\d*)?")

#: A number read from data has at most this many significant digits (what evaluation keeps)...
MAX_DIGITS = 34

#: ...and is below 10**MAX_POWER in size: larger ones are typing or export accidents, never pay.
MAX_POWER = 24


def _number(text: str, type_: InputType) -> tuple[Decimal, bool]:
    """The number in a cell's text, and whether it was written with a percent sign.

    Commas must group thousands (`1,234`): `1,5` is an error, not 15, and never a decimal comma.
    Only a percent input reads a `%`: in a score column `95%` is an error, not 0.95."""
    cleaned = text.replace("，", ",")
    if type_.name == "money":
        return _plain_number(text, _MONEY_DECOR.sub("", cleaned).strip(), type_)
    try:
        return _plain_number(text, cleaned, type_)
    except CellError:
        # Only a cell that fails is searched for a currency sign (not every number cell read):
        # ¥ or 元 outside a money column, not its comma or digits, is then what is wrong.
        if _MONEY_DECOR.search(cleaned):
            raise _currency_not_allowed(_MONEY_DECOR.sub("", cleaned).strip(), type_) from None
        raise


def _plain_number(text: str, cleaned: str, type_: InputType) -> tuple[Decimal, bool]:
    """`_number` of `cleaned` (`text` without its full-width comma and, for money, its currency
    sign); `text` as written, for messages."""
    percent = cleaned.endswith("%") or cleaned.endswith("％")
    if percent:
        if type_.name != "percent":
            raise CellError(msg.percent_not_allowed(unit=type_.name))
        cleaned = cleaned[:-1].strip()
    if " " in cleaned:
        if not _SPACED.fullmatch(cleaned):
            raise CellError(msg.bad_grouping())
        cleaned = cleaned.replace(" ", "")
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            if cleaned.count(",") == 1 and "." not in cleaned:  # 8,5: perhaps a decimal comma; say how to write it
                raise CellError(msg.bad_decimal_comma(written=text.strip(), dotted=cleaned.replace(",", ".")))
            raise CellError(msg.bad_grouping())
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(_expected(type_)) from None
    _check_size(value)
    if percent:
        value = value / 100
    return value, percent


def _currency_not_allowed(plain: str, type_: InputType) -> CellError:
    """¥ or 元 in a column that is not `money`: that, not the number after it, is what is wrong
    (`¥1,000` would otherwise be blamed on its comma), and the number alone is what to write."""
    try:
        _number(plain, type_)
    except CellError:
        return CellError(msg.currency_not_allowed_bare(unit=type_.name))
    return CellError(msg.currency_not_allowed(unit=type_.name, plain=plain))


def _check_size(value: Decimal) -> None:
    """The one rule for every reader and the API: a number is finite, has at most `MAX_DIGITS`
    significant digits and is below 10**`MAX_POWER`.

    Raises:
        CellError: Infinity, NaN, or a number beyond that.
    """
    if not value.is_finite():
        raise CellError(msg.not_finite())
    significant = "".join(map(str, value.as_tuple().digits)).rstrip("0")
    if len(significant) > MAX_DIGITS or (not value.is_zero() and value.adjusted() >= MAX_POWER):
        raise CellError(msg.too_large(digits=MAX_DIGITS, power=MAX_POWER))


def _check_number(value: Decimal, type_: InputType) -> Decimal:
    if type_.whole and value != value.to_integral_value():
        raise CellError(msg.not_whole(type=type_.name))
    if type_.non_negative and value < 0:
        raise CellError(msg.negative(type=type_.name))
    return value


def _plain_percent(value: Decimal, points: bool) -> Decimal:
    """A plain number (no % sign) in a percent column, by the column's convention."""
    if points:
        return value / 100
    if abs(value) > RATIO_LIMIT:
        raise BarePercentError(value)
    return value


def _read_number(raw: object, text: str, type_: InputType, points: bool) -> Decimal:
    if isinstance(raw, bool):
        raise CellError(msg.not_yes_no(what=type_.description or type_.name))
    if isinstance(raw, MarkedPercent):
        if type_.name != "percent":
            raise CellError(msg.percent_not_allowed(unit=type_.name))
        return raw.value
    if isinstance(raw, int):
        if raw.bit_length() > 4 * MAX_POWER:  # before Decimal(): a 5,000-digit integer is refused at once
            raise CellError(msg.too_large(digits=MAX_DIGITS, power=MAX_POWER))
        value, marked = Decimal(raw), False
    elif isinstance(raw, float):
        # repr() gives the shortest text that round-trips, so 0.95 stays 0.95, not 0.9499...
        value, marked = Decimal(repr(raw)), False
    elif isinstance(raw, Decimal):
        value, marked = raw, False
    else:
        value, marked = _number(text, type_)
    if not isinstance(raw, str):
        _check_size(value)
    if type_.name == "percent" and not marked:
        value = _plain_percent(value, points)
    return value


def coerce(raw: object, type_: InputType, *, points: bool = False) -> Value:
    """Read one raw cell as `type_`; `None` for an empty cell. `points` is a percent column's
    convention: a plain 95 is 95% (`as points`), instead of an error (the default, ratios).

    Raises:
        CellError: the cell holds something that is not a `type_` (`BarePercentError` for a plain
            number beyond ±1 in a percent column that reads ratios).
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.strip().replace("\u3000", "")
        if text == "":
            return None
    elif (isinstance(raw, float) and not math.isfinite(raw)) or (isinstance(raw, Decimal) and not raw.is_finite()):
        raise CellError(msg.not_finite())
    else:
        text = ""
    kind = type_.kind
    if kind is Base.TEXT:
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        if isinstance(raw, int) and not isinstance(raw, bool):
            return format(Decimal(raw), "f")  # str() refuses integers beyond 4,300 digits
        return text if isinstance(raw, str) else str(raw)
    if kind is Base.NUMBER:
        return _check_number(_read_number(raw, text, type_, points), type_)
    if isinstance(raw, MarkedPercent):
        raise CellError(_expected(type_))
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
        raise CellError(msg.expected_bool())
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    m = _DATE.match(text)
    if not m:
        raise CellError(msg.expected_date())
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CellError(msg.not_a_calendar_date()) from None


def describe(value: Value) -> str:
    """A value as it appears in messages and explain output, in the current language: a number
    by the display rule (`display.py`), `missing` / 缺失, `true` / 是, text in quotes."""
    from .messages import common

    if value is None:
        return common.value_missing()
    if isinstance(value, bool):
        return common.value_true() if value else common.value_false()
    if isinstance(value, Decimal):
        from .display import number

        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return common.value_text(text=value)
