"""English words the full trace, the appeal reply and their parts share: a count with its noun in
the right number (`1 place`, `2 places`; `1 record`, `3 records`)."""

from __future__ import annotations


def counted(n: object, one: str, other: str | None = None) -> str:
    """`n` and its noun, singular for exactly 1 (CLDR's English rule): `1 value`, `0 values`."""
    return f"{n} {one if n == 1 else other or one + 's'}"


def places(n: object) -> str:
    """Decimal places: `1 place`, `2 places`."""
    return counted(n, "place")
