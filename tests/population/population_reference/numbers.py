"""Q20's quotients as main computed them before branch `popfast` (digit tuples, not integer
ratios), kept unchanged as the reference the differential tests compare with."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from kpidsl.numbers import _ROUNDING_CONTEXT, QUOTIENT_PLACES, quantum


def _from_units(negative: bool, units: int, exact: bool, ideal: int) -> Decimal:
    """`units` x 10^-20 as a Decimal. An exact result takes the exponent Python's own division
    gives it (`ideal`, the dividend's minus the divisor's, as near as the value allows), so 1/4 is
    0.25 and 10/2 is 5, as they always were; an inexact one keeps its 20 places."""
    sign = 1 if negative else 0
    if units == 0:
        return Decimal((sign, (0,), max(ideal, -QUOTIENT_PLACES) if exact else -QUOTIENT_PLACES))
    value = Decimal((sign, tuple(int(d) for d in str(units)), -QUOTIENT_PLACES))
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
    sa, ca, ea = a.as_tuple()
    sb, cb, eb = b.as_tuple()
    assert isinstance(ea, int) and isinstance(eb, int)
    num, den = int("".join(map(str, ca))), int("".join(map(str, cb)))
    k = ea - eb + QUOTIENT_PLACES
    if k >= 0:
        num *= 10**k
    else:
        den *= 10**-k
    units, exact = _half_up(num, den)
    return _from_units(bool(sa) != bool(sb), units, exact, ea - eb)


def q20(x: Fraction) -> Decimal:
    """An exact rational as a Q20 value (half-up to 20 places; a whole number without places)."""
    units, exact = _half_up(abs(x.numerator) * 10**QUOTIENT_PLACES, x.denominator)
    return _from_units(x < 0, units, exact, 0)


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
