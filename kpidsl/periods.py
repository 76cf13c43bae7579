"""The period calendar: reading period labels, ordering them, and stepping back in time.

A period is kept as a canonical label (`2024-03`, `2024Q1`, `2024H1`, `2024`) so that it prints as
people write it and compares as text; `ordinal` turns it into a number for ordering and for
`previous` / `same_last_year`. Labels are read in the forms Chinese HR files use:
`2024Q3`, `2024-Q3`, `2024年第3季度`, `2024年三季度`, `2024-07`, `2024/7`, `2024年7月`, `2024H1`,
`2024上半年`, `2024年`; weeks (of a month, as weekly records are kept: 第 1 周 .. 第 5 周 of each month)
as `2024-03W2`, `2024年3月第2周`.

A period may also be made from several cells (`input 期间: period from 年度, 季度`): `compose`
reads a year cell and the cells below it (a quarter as `3`, `Q3`, `三季度`, `第三季度`; a month as
`3`, `03`, `3月`, `三月`; a week as `2`, `W2`, `第2周`).
"""

from __future__ import annotations

import re

#: How many periods make a year, per calendar unit.
PER_YEAR = {"week": 60, "month": 12, "quarter": 4, "half_year": 2, "year": 1}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?$|^(\d{4})(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[-/]?\s*[Qq]\s*([1-4])|年?\s*第?\s*([一二三四1-4])\s*季度?)$")
_HALF = re.compile(r"^(\d{4})\s*(?:[-/]?\s*[Hh]\s*([12])|年?\s*([上下])\s*半年)$")
_YEAR = re.compile(r"^(\d{4})\s*年?(?:度)?$")
_WEEK = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*[-/]?\s*(?:[Ww]|第)\s*([1-5])\s*周?$")

#: Weeks are kept within their month (第 1 周 .. 第 5 周), so a month holds at most five.
WEEKS_PER_MONTH = 5


class PeriodError(ValueError):
    """A label that is not a period of the scheme's calendar; `text` says what was expected (and,
    for a label of a finer calendar, how to read such data: on that calendar, rolled up)."""

    def __init__(self, unit: str, text: str = "") -> None:
        from .messages import data as msg
        from .messages import periods as more

        units = {"week": msg.unit_week, "month": msg.unit_month, "quarter": msg.unit_quarter, "half_year": msg.unit_half_year, "year": msg.unit_year}
        finer = _finer(text, unit)
        if finer is not None:
            self.text = more.expected_period_finer(unit=units[unit](), example=EXAMPLES[unit], label=finer[1],
                                                   finer=units[finer[0]](), finer_word=finer[0], unit_word=unit)
        else:
            self.text = msg.expected_period(unit=units[unit](), example=EXAMPLES[unit])
        super().__init__(self.text)


def _finer(text: str, unit: str) -> tuple[str, str] | None:
    """The finer calendar a label belongs to, and the label on it (`2024-03` for a quarterly scheme)."""
    for finer in ("week", "month", "quarter", "half_year"):
        if text and PER_YEAR[finer] > PER_YEAR[unit]:
            try:
                return finer, parse_period(text, finer)
            except PeriodError:
                continue
    return None


EXAMPLES = {"week": "2024-03W2", "month": "2024-03", "quarter": "2024Q1", "half_year": "2024H1", "year": "2024"}


def parse_period(text: str, unit: str) -> str:
    """The canonical label of `text` on the `unit` calendar.

    Raises:
        PeriodError: `text` is not a period of that calendar.
    """
    t = text.strip()
    if unit == "week":
        w = _WEEK.match(t)
        if w and 1 <= int(w.group(2)) <= 12:
            return f"{int(w.group(1)):04d}-{int(w.group(2)):02d}W{w.group(3)}"
    elif unit == "month":
        m = _MONTH.match(t)
        if m:
            year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if 1 <= int(month) <= 12:
                return f"{int(year):04d}-{int(month):02d}"
    elif unit == "quarter":
        m = _QUARTER.match(t)
        if m:
            q = m.group(2) or m.group(3)
            return f"{int(m.group(1)):04d}Q{_CN_DIGITS[q]}"
    elif unit == "half_year":
        m = _HALF.match(t)
        if m:
            h = m.group(2) or ("1" if m.group(3) == "上" else "2")
            return f"{int(m.group(1)):04d}H{h}"
    elif unit == "year":
        m = _YEAR.match(t)
        if m:
            return f"{int(m.group(1)):04d}"
    raise PeriodError(unit, t)


def split(label: str) -> tuple[int, int]:
    """(year, index within the year, 0-based) of a canonical label."""
    year = int(label[:4])
    if len(label) == 4:
        return year, 0
    if "W" in label:
        month, week = label[5:].split("W")
        return year, (int(month) - 1) * WEEKS_PER_MONTH + int(week) - 1
    if label[4] == "-":
        return year, int(label[5:]) - 1
    return year, int(label[5:]) - 1


def ordinal(label: str, unit: str) -> int:
    year, index = split(label)
    return year * PER_YEAR[unit] + index


def from_ordinal(value: int, unit: str) -> str:
    year, index = divmod(value, PER_YEAR[unit])
    if unit == "week":
        month, week = divmod(index, WEEKS_PER_MONTH)
        return f"{year:04d}-{month + 1:02d}W{week + 1}"
    if unit == "month":
        return f"{year:04d}-{index + 1:02d}"
    if unit == "quarter":
        return f"{year:04d}Q{index + 1}"
    if unit == "half_year":
        return f"{year:04d}H{index + 1}"
    return f"{year:04d}"


def previous(label: str, unit: str, steps: int = 1) -> str:
    return from_ordinal(ordinal(label, unit) - steps, unit)


def same_last_year(label: str, unit: str) -> str:
    return from_ordinal(ordinal(label, unit) - PER_YEAR[unit], unit)


def enclosing(label: str, unit: str, over: str) -> tuple[int, int]:
    """The `over` unit (month, quarter, half_year, year) a period belongs to, as (year, index)."""
    year, index = split(label)
    per = PER_YEAR[unit] // PER_YEAR[over]
    return year, index // per


def enclosing_label(label: str, unit: str, over: str) -> str:
    """The canonical label of the `over` period a period belongs to: `2024-03W2` in `2024-03`,
    `2024-05` in `2024Q2`, `2024Q3` in `2024`."""
    year, index = enclosing(label, unit, over)
    return from_ordinal(year * PER_YEAR[over] + index, over)


# ----------------------------------------------------------------------------- several cells

_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
               "十一": 11, "十二": 12}
_PART = {
    "year": re.compile(r"^(\d{4})\s*(?:年度?)?$"),
    "quarter": re.compile(r"^(?:[Qq]\s*)?(?:第\s*)?([1-4一二三四])\s*(?:季度?)?$"),
    "half_year": re.compile(r"^(?:[Hh]\s*)?([12上下])\s*(?:半年)?$"),
    "month": re.compile(r"^(?:第\s*)?(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*(?:月份?)?$"),
    "week": re.compile(r"^(?:[Ww]\s*)?(?:第\s*)?([1-5一二三四五])\s*周?$"),
}
_PART_RANGE = {"year": (1900, 2999), "quarter": (1, 4), "half_year": (1, 2), "month": (1, 12), "week": (1, WEEKS_PER_MONTH)}

#: The cells a period is made of, per calendar: a year, then what the year is divided into.
PARTS = {"year": ("year",), "half_year": ("year", "half_year"), "quarter": ("year", "quarter"),
         "month": ("year", "month"), "week": ("year", "month", "week")}


class PartError(ValueError):
    """A cell that is not the part of a period it stands for (`part`: year, quarter, month, ...)."""

    def __init__(self, part: str) -> None:
        self.part = part
        super().__init__(part)


def read_part(cell: object, part: str) -> int:
    """The number a cell holds as one part of a period: the year, the quarter within it, ...

    Raises:
        PartError: the cell is not such a part.
    """
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    m = _PART[part].match(str(cell if cell is not None else "").strip())
    if m is None:
        raise PartError(part)
    word = m.group(1)
    number = {"上": 1, "下": 2}.get(word) or _CN_NUMBERS.get(word) or (int(word) if word.isdigit() else 0)
    low, high = _PART_RANGE[part]
    if not low <= number <= high:
        raise PartError(part)
    return number


def compose(numbers: tuple[int, ...], unit: str) -> str:
    """The canonical label of the period made of its parts' numbers (as `PARTS[unit]` lists them)."""
    year = numbers[0]
    if unit == "week":
        return f"{year:04d}-{numbers[1]:02d}W{numbers[2]}"
    if unit == "year":
        return f"{year:04d}"
    return from_ordinal(year * PER_YEAR[unit] + numbers[1] - 1, unit)
