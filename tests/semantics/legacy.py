"""The number semantics before Q20, for comparison only: 34 significant digits everywhere, and a
value snapped to 20 places (half-even) before a declared rounding.

`legacy_semantics()` swaps kpidsl's division, square root, rounding and evaluation context for
these while it is active, so one process can evaluate the same data under both rules.
"""

from __future__ import annotations

import decimal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from kpidsl import numbers

LEGACY_CONTEXT = decimal.Context(prec=34, rounding=ROUND_HALF_UP, Emax=999_999, Emin=-999_999,
                                 traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])


def legacy_div(a: Decimal, b: Decimal) -> Decimal:
    return a / b


def legacy_sqrt(x: Decimal) -> Decimal:
    return x.sqrt()


def legacy_round(value: Decimal, places: int) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -20:
        value = value.quantize(numbers.quantum(20), rounding=ROUND_HALF_EVEN)
    return value.quantize(numbers.quantum(places), rounding=ROUND_HALF_UP)


@contextmanager
def legacy_semantics() -> Iterator[None]:
    """Every kpidsl module's `div`, `sqrt` and `round_half_up`, and the evaluation context, as they were."""
    swaps = {numbers.div: legacy_div, numbers.sqrt: legacy_sqrt, numbers.round_half_up: legacy_round}
    patched: list[tuple[object, str, object]] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("kpidsl"):
            continue
        for attr, value in list(vars(module).items()):
            if callable(value) and value in swaps:
                patched.append((module, attr, value))
                setattr(module, attr, swaps[value])
    old_context = numbers.BASE_CONTEXT
    numbers.BASE_CONTEXT = LEGACY_CONTEXT  # type: ignore[misc]
    try:
        yield
    finally:
        numbers.BASE_CONTEXT = old_context
        for module, attr, value in patched:
            setattr(module, attr, value)
