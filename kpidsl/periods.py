"""The period calendar: reading period labels, ordering them, and stepping back in time.

A period is kept as a canonical label (`2024-03`, `2024Q1`, `2024H1`, `2024`) so that it prints as
people write it and compares as text; `ordinal` turns it into a number for ordering and for
`previous` / `same_last_year`. Labels are read in the forms Chinese HR files use:
`2024Q3`, `2024-Q3`, `2024年第3季度`, `2024年三季度`, `2024-07`, `2024/7`, `2024年7月`, `2024H1`,
`2024上半年`, `2024年`.
"""

from __future__ import annotations

import re

#: How many periods make a year, per calendar unit.
PER_YEAR = {"month": 12, "quarter": 4, "half_year": 2, "year": 1}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?$|^(\d{4})(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[-/]?\s*[Qq]\s*([1-4])|年?\s*第?\s*([一二三四1-4])\s*季度?)$")
_HALF = re.compile(r"^(\d{4})\s*(?:[-/]?\s*[Hh]\s*([12])|年?\s*([上下])\s*半年)$")
_YEAR = re.compile(r"^(\d{4})\s*年?(?:度)?$")


class PeriodError(ValueError):
    """A label that is not a period of the scheme's calendar; `text` says what was expected."""

    def __init__(self, unit: str) -> None:
        from .messages import data as msg

        units = {"month": msg.unit_month, "quarter": msg.unit_quarter, "half_year": msg.unit_half_year, "year": msg.unit_year}
        self.text = msg.expected_period(unit=units[unit](), example=EXAMPLES[unit])
        super().__init__(self.text)


EXAMPLES = {"month": "2024-03", "quarter": "2024Q1", "half_year": "2024H1", "year": "2024"}


def parse_period(text: str, unit: str) -> str:
    """The canonical label of `text` on the `unit` calendar.

    Raises:
        PeriodError: `text` is not a period of that calendar.
    """
    t = text.strip()
    if unit == "month":
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
    raise PeriodError(unit)


def split(label: str) -> tuple[int, int]:
    """(year, index within the year, 0-based) of a canonical label."""
    year = int(label[:4])
    if len(label) == 4:
        return year, 0
    if label[4] == "-":
        return year, int(label[5:]) - 1
    return year, int(label[5:]) - 1


def ordinal(label: str, unit: str) -> int:
    year, index = split(label)
    return year * PER_YEAR[unit] + index


def from_ordinal(value: int, unit: str) -> str:
    year, index = divmod(value, PER_YEAR[unit])
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
    """The `over` unit (quarter, half_year, year) a period belongs to, as (year, index)."""
    year, index = split(label)
    per = PER_YEAR[unit] // PER_YEAR[over]
    return year, index // per
