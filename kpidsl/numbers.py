"""The decimal policy ("Q20"): exact + - x, every quotient half-up to 20 places, declared rounding.

Every number a scheme computes is a `Decimal`. Addition, subtraction, multiplication and
comparisons are exact; a division's result (`div`) and a square root's (`sqrt`) are rounded half-up
to `QUOTIENT_PLACES` (20) decimal places; a declared rounding (`round_half_up`) first snaps the
value half-up to `SNAP_PLACES` (15), then rounds it half-up to the declared places. Every value is therefore a finite decimal that a columnar engine with fixed-point decimals
(DuckDB, Postgres, Spark) can reproduce digit for digit (docs/design/columnar.md, section 4).

Evaluations run inside `evaluation_context()`, a local context with `PRECISION` digits and traps on
`Inexact`, `Overflow` and `InvalidOperation`: an addition or product that would not be exact, an
overflow or an invalid operation is an error (K-R0306), never a silently rounded number, an
infinity or NaN. Rounding to the scheme's declared places uses ROUND_HALF_UP (四舍五入): 2.675 ->
2.68, 2.665 -> 2.67, -2.675 -> -2.68 (away from zero at the half).
"""

from __future__ import annotations

import decimal
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only annotations here: `fractions` (and its regex) loads where a Fraction is made
    from fractions import Fraction

#: Digits an exact intermediate result may have; a sum or product that needs more is an error
#: (the `Inexact` trap), never rounded. Far beyond anything a scheme computes (DuckDB's limit is 38).
PRECISION = 120

#: Places of every quotient and square root (the one rounding the language does on its own).
QUOTIENT_PLACES = 20

#: The context every evaluation runs in; copied per evaluation, never installed globally.
BASE_CONTEXT = decimal.Context(
    prec=PRECISION,
    rounding=ROUND_HALF_UP,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact],
)

#: The context of declared roundings: they discard digits on purpose, so `Inexact` is no error.
_ROUNDING_CONTEXT = decimal.Context(prec=PRECISION, rounding=ROUND_HALF_UP, Emax=999_999, Emin=-999_999,
                                    traps=[decimal.InvalidOperation, decimal.Overflow])

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

_QUANTUM_CACHE: dict[int, Decimal] = {}


def evaluation_context() -> decimal.Context:
    """A fresh copy of the evaluation context, to use with `decimal.localcontext()`."""
    return BASE_CONTEXT.copy()


def quantum(places: int) -> Decimal:
    """The exponent template for `places` decimal places (0 -> 1, 2 -> 0.01)."""
    q = _QUANTUM_CACHE.get(places)
    if q is None:
        q = Decimal(1).scaleb(-places)
        _QUANTUM_CACHE[places] = q
    return q


#: Places a value is snapped to (half-up) before a declared rounding. A chain of quotients (the mean
#: of three raters' means, times a weight) leaves a residue of a few units in the 20th place: a total
#: that is mathematically 56.85 may be held as 56.84999999999999999998; snapping to 15 places first
#: removes that residue, so half-up rounding sees the true half.
SNAP_PLACES = 15


def snap(value: Decimal) -> Decimal:
    """The value half-up at `SNAP_PLACES` places, when it has more (see there)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SNAP_PLACES:
        return value.quantize(quantum(SNAP_PLACES), rounding=ROUND_HALF_UP, context=_ROUNDING_CONTEXT)
    return value


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimal places, halves away from zero (四舍五入), after `snap`. A negative
    value that rounds to zero gives 0, not -0 (as every other backend and every output gives it)."""
    rounded = snap(value).quantize(quantum(places), rounding=ROUND_HALF_UP, context=_ROUNDING_CONTEXT)
    return rounded.copy_abs() if not rounded and rounded.is_signed() else rounded


def _from_units(negative: bool, units: int, exact: bool, ideal: int) -> Decimal:
    """`units` x 10^-20 as a Decimal. An exact result takes the exponent Python's own division
    gives it (`ideal`, the dividend's minus the divisor's, as near as the value allows), so 1/4 is
    0.25 and 10/2 is 5, as they always were; an inexact one keeps its 20 places."""
    sign = 1 if negative else 0
    if units == 0:
        return Decimal((sign, (0,), max(ideal, -QUOTIENT_PLACES) if exact else -QUOTIENT_PLACES))
    # From text: exact at any length, and the fastest way to build a Decimal from a big integer.
    value = Decimal(f"{'-' if negative else ''}{units}E-{QUOTIENT_PLACES}")
    if not exact:
        return value
    reduced = value.normalize(_ROUNDING_CONTEXT)
    exponent = reduced.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > ideal:
        return reduced.quantize(quantum(-ideal) if ideal <= 0 else Decimal(1).scaleb(ideal), context=_ROUNDING_CONTEXT)
    return reduced


def _half_up(num: int, den: int) -> tuple[int, bool]:
    """round(num / den) half-up for num >= 0, den > 0, and whether it was exact."""
    units, rest = divmod(num, den)
    return units + (1 if 2 * rest >= den else 0), rest == 0


def div(a: Decimal, b: Decimal) -> Decimal:
    """a / b rounded half-up to `QUOTIENT_PLACES` places (Q20), by integer arithmetic (exact at
    any size). The caller checks for a zero `b` (an `on zero` outcome decides what it means)."""
    ea, eb = a.as_tuple().exponent, b.as_tuple().exponent
    assert isinstance(ea, int) and isinstance(eb, int)
    # a / b = (na / da) / (nb / db): the value decides the rounding, not how it is written.
    na, da = a.as_integer_ratio()
    nb, db = b.as_integer_ratio()
    units, exact = _half_up(abs(na) * db * 10**QUOTIENT_PLACES, da * abs(nb))
    return _from_units(a.is_signed() != b.is_signed(), units, exact, ea - eb)


def q20(x: Fraction) -> Decimal:
    """An exact rational as a Q20 value (half-up to 20 places; a whole number without places)."""
    return q20_ratio(x.numerator, x.denominator)


def q20_ratio(num: int, den: int) -> Decimal:
    """num / den (den not 0; the fraction need not be reduced) as a Q20 value: `q20` without
    building a `Fraction`, for loops over many records (the population rules)."""
    if den < 0:
        num, den = -num, -den
    units, exact = _half_up(abs(num) * 10**QUOTIENT_PLACES, den)
    return _from_units(num < 0, units, exact, 0)


def _sqrt_units(num: int, den: int) -> tuple[int, bool]:
    """round(sqrt(num / den)) half-up, for num >= 0, den > 0, with integers only, and whether exact."""
    root = math.isqrt(num // den)
    # round half-up of sqrt(v) is the largest r with (2r - 1)^2 <= 4v, i.e. (2r - 1)^2 x den <= 4 num.
    while (2 * root + 1) ** 2 * den <= 4 * num:
        root += 1
    while root and (2 * root - 1) ** 2 * den > 4 * num:
        root -= 1
    return root, root * root * den == num


def sqrt(x: Decimal) -> Decimal:
    """The square root of x >= 0, rounded half-up to `QUOTIENT_PLACES` places (Q20)."""
    sign, digits, exponent = x.as_tuple()
    assert isinstance(exponent, int) and not sign
    coefficient = int("".join(map(str, digits)))
    # sqrt(c x 10^e) x 10^20 = sqrt(c x 10^(e + 40)).
    shift = exponent + 2 * QUOTIENT_PLACES
    num, den = (coefficient * 10**shift, 1) if shift >= 0 else (coefficient, 10**-shift)
    root, exact = _sqrt_units(num, den)
    return _from_units(False, root, exact, exponent // 2)


def sqrt_q20(x: Fraction) -> Decimal:
    """The square root of an exact rational x >= 0, as a Q20 value."""
    root, exact = _sqrt_units(x.numerator * 10 ** (2 * QUOTIENT_PLACES), x.denominator)
    return _from_units(False, root, exact, 0)


def parse_literal(text: str) -> Decimal:
    """The value of a numeric literal as written in a scheme: `95%` is 0.95, `1.5` is 1.5."""
    if text.endswith("%"):
        return Decimal(text[:-1]) / HUNDRED
    return Decimal(text)


def fmt(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros beyond the value's own scale.

    The value's own exponent is kept, so a total rounded to 2 places prints as `84.00`, while a
    computed 0.9600 prints as `0.96` only if it was computed that way. `-0` prints as `0`.
    """
    if value.is_zero():
        value = abs(value)
    text = format(value, "f")
    return text


def fmt_plain(value: Decimal) -> str:
    """A decimal with trailing fractional zeros removed (`0.9600` -> `0.96`, `40.0` -> `40`)."""
    text = fmt(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def shortest(value: Decimal) -> Decimal:
    """The value without trailing fractional zeros (`25.00` -> `25`, `0.2500` -> `0.25`), never in
    exponent form: how results give a value the scheme does not round, the same on every backend
    (the places of an unrounded value depend on how it was computed, not on what it is)."""
    if not value.is_finite():
        return value
    if not value:
        return ZERO
    # normalize() drops trailing zeros (C speed: results hold many such values); a whole number
    # is given at exponent 0 instead of normalize()'s 1E+2.
    reduced = value.normalize(_ROUNDING_CONTEXT)
    return value.quantize(ONE, context=_ROUNDING_CONTEXT) if reduced == reduced.to_integral_value() else reduced


def fmt_percent(value: Decimal) -> str:
    """A ratio as a percentage, exactly (`0.955` -> `95.5%`)."""
    return fmt_plain(value * HUNDRED) + "%"
