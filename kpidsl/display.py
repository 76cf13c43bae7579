"""How a number is shown: the one display rule every output uses (the terminal table, CSV, the
payroll workbook, explain text; JSON keeps the exact value).

- A value whose places the scheme declares (the published total with `round 2`, an indicator's
  `round 1`, a pool's `places 2`, a coefficient table written `1.0`) shows exactly those places:
  `96.00`, `85.0`, `16470.59`, `1.0`.
- Any other value shows as it is, without trailing zeros (`79`, not `79.0`; `28.8`, `0.95`), when
  it has at most `MAX_PLACES` decimals: data, weights and most results do.
- A longer one (a quotient such as 2/3 or 800/9, which is exact only to 20 places) is **cut**
  after `SIGNIFICANT` significant digits (`0.666666`, `88.8888`), never rounded, and text for
  people marks the cut with `…` (`88.8888…`). Cutting (toward zero) keeps every rounding of the
  shown number equal to the rounding of the exact value, so explain never shows `≈1.005` next to
  its half-up rounding `1.00`; a caller that shows a value next to its rounding to P places asks
  for `at_least=P + 1` decimals, so the digit that decides the rounding is always shown
  (`16470.588… -> 16470.59`).

A value is shown after the snap of declared roundings (15 places, numbers.py), so the residue a
chain of 20-place quotients leaves (`46.000000000000000000002`) never shows as a cut.

The whole integer part is always shown (a cut never turns 1234567.5… into 1234570).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .numbers import HUNDRED, PRECISION, quantum, snap

#: Significant digits a long undeclared value is cut to.
SIGNIFICANT = 6

#: An undeclared value with at most this many decimals is shown exactly.
MAX_PLACES = 6

#: Showing a value discards digits on purpose, so `Inexact` is no error here (outputs are written
#: inside the evaluation context, which traps it; numbers.py).
_SHOW = Context(prec=PRECISION, traps=[InvalidOperation])

#: The mark text for people puts after a cut value.
CUT_MARK = "…"


def _plain(value: Decimal) -> str:
    """No exponent, no trailing fractional zeros, no `-0`."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def decimals(value: Decimal) -> int:
    """How many decimals the value has once trailing zeros are dropped (`2.50` -> 1, `100` -> 0)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def cut(value: Decimal, at_least: int = 0) -> tuple[Decimal, bool]:
    """The undeclared value as shown, and whether digits were cut off (see the module docstring).

    `at_least` decimals are kept even beyond `SIGNIFICANT` digits (the caller shows the value next
    to its rounding to `at_least - 1` places)."""
    if not value.is_finite():
        return value, False
    # The residue chained quotients leave in the 20th place (46.000000000000000000002 for
    # 95 x 40% + 95 / 3 x 60% - 11) is snapped off first, as before any declared rounding.
    value = snap(value)
    if decimals(value) <= max(MAX_PLACES, at_least):
        return value, False
    adjusted = value.adjusted()  # the exponent of the first significant digit
    places = max(SIGNIFICANT - 1 - adjusted, at_least, 0)
    shown = value.quantize(quantum(places), rounding=ROUND_DOWN, context=_SHOW)
    return shown, shown != value


def number(value: Decimal, places: int | None = None, *, mark: bool = True, at_least: int = 0) -> str:
    """A number as every output shows it: `places` decimals when declared, else as it is or cut
    (with `…` when `mark`; CSV and the workbook hold numbers, so they pass `mark=False`)."""
    if places is not None:
        if value.is_zero():
            value = abs(value)
        return format(value.quantize(quantum(places), rounding=ROUND_HALF_UP, context=_SHOW), "f")
    shown, was_cut = cut(value, at_least)
    text = _plain(shown)
    return text + CUT_MARK if was_cut and mark else text


def percent(ratio: Decimal, places: int | None = None, *, mark: bool = True) -> str:
    """A ratio as a percentage by the same rule: `0.935` -> `93.5%`, `2/3` -> `66.6666…%`."""
    return number(ratio * HUNDRED, places, mark=mark) + "%"


def shown_value(value: Decimal, places: int | None = None, at_least: int = 0) -> Decimal:
    """The number a cell holds for `value` (the workbook): declared places, else the cut value."""
    if places is not None:
        return value.quantize(quantum(places), rounding=ROUND_HALF_UP, context=_SHOW)
    return cut(value, at_least)[0].normalize() if decimals(value) > MAX_PLACES else value
