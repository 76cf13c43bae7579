"""The decimal policy: one context for every evaluation, half-up rounding only where declared.

Every number a scheme computes is a `Decimal`. Evaluations run inside `evaluation_context()`, a
local context with 34 significant digits and traps on, so an overflow or an invalid operation is an
error, never a silent infinity or NaN. Rounding to the scheme's declared places uses ROUND_HALF_UP
(四舍五入): 2.675 -> 2.68, 2.665 -> 2.67, -2.675 -> -2.68 (away from zero at the half).
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

#: Significant digits kept by intermediate results (IEEE decimal128 precision).
PRECISION = 34

#: The context every evaluation runs in; copied per evaluation, never installed globally.
BASE_CONTEXT = decimal.Context(
    prec=PRECISION,
    rounding=ROUND_HALF_UP,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

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


#: Places a value is snapped to before a declared rounding. A division such as 1/3 leaves a residue
#: in the 34th digit, so a total that is mathematically 73.05 may be held as 73.04999...9; snapping
#: to 20 places first removes that residue, so half-up rounding sees the true half.
GUARD_PLACES = 20


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimal places, halves away from zero (四舍五入).

    The value is first snapped to `GUARD_PLACES` places (see there), then rounded half-up.
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -GUARD_PLACES:
        value = value.quantize(quantum(GUARD_PLACES), rounding=ROUND_HALF_EVEN)
    return value.quantize(quantum(places), rounding=ROUND_HALF_UP)


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


def fmt_percent(value: Decimal) -> str:
    """A ratio as a percentage, exactly (`0.955` -> `95.5%`)."""
    return fmt_plain(value * HUNDRED) + "%"
