"""Helpers for the examples' reference scripts.

Each example's `reference.py` recomputes the expected results by hand-written Python over
`fractions.Fraction` (exact rationals, not the interpreter's decimals, no kpidsl import), so the
test suite compares two independent computations. Run `python examples/<name>/reference.py` to
rewrite that example's `expected.csv`.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path


def F(text: str) -> Fraction:
    """A cell as an exact rational: '95%' -> 19/20, '1,200' -> 1200, '' -> None."""
    text = text.strip().replace(",", "")
    if text.endswith("%"):
        return Fraction(text[:-1]) / 100
    return Fraction(text)


def half_up(x: Fraction, places: int) -> str:
    """Round half away from zero to `places` decimals, as text (the published value)."""
    scaled = abs(x) * 10**places
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    sign = "-" if x < 0 and whole else ""
    digits = str(whole).rjust(places + 1, "0")
    return sign + (digits[:-places] + "." + digits[-places:] if places else digits)


def exact(x: Fraction) -> str:
    """A terminating fraction as plain decimal text (trailing zeros dropped)."""
    d = Decimal(x.numerator) / Decimal(x.denominator)
    text = format(d.quantize(Decimal(1).scaleb(-12), rounding=ROUND_HALF_UP).normalize(), "f")
    return text


def read(folder: Path, name: str = "data.csv", encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with open(folder / name, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def write(folder: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(folder / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
