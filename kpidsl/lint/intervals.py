"""Exact sets of intervals over the decimals, with open or closed ends and infinite bounds.

The ladder and band checks are set algebra: what a tier takes is its condition minus what earlier
tiers took; a gap is the domain minus the union of all tiers. Doing that on exact decimals with
explicit inclusive/exclusive ends is what lets the linter see that `[90%, 95%)` and `>= 95%` meet
without a gap, and that `[80, 89]` and `[90, 100]` leave (89, 90) uncovered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from .. import ir
from ..numbers import fmt_percent, fmt_plain
from ..prebuilt import dataclass


@dataclass(frozen=True, slots=True)
class Iv:
    """One interval; `lo`/`hi` of None mean minus/plus infinity (never included)."""

    lo: Decimal | None
    lo_inc: bool
    hi: Decimal | None
    hi_inc: bool

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_inc and self.hi_inc))

    def contains(self, x: Decimal) -> bool:
        lo_ok = self.lo is None or x > self.lo or (self.lo_inc and x == self.lo)
        hi_ok = self.hi is None or x < self.hi or (self.hi_inc and x == self.hi)
        return lo_ok and hi_ok

    def text(self, percent: bool = False) -> str:
        def num(v: Decimal) -> str:
            return fmt_percent(v) if percent else fmt_plain(v)

        if self.lo is not None and self.hi is not None and self.lo == self.hi:
            return num(self.lo)
        if self.lo is None and self.hi is None:
            from ..messages.lint import any_value

            return any_value()
        if self.lo is None:
            assert self.hi is not None
            return f"{'<=' if self.hi_inc else '<'} {num(self.hi)}"
        if self.hi is None:
            return f"{'>=' if self.lo_inc else '>'} {num(self.lo)}"
        return f"{'[' if self.lo_inc else '('}{num(self.lo)}, {num(self.hi)}{']' if self.hi_inc else ')'}"


def _lo_key(iv: Iv) -> tuple[int, Decimal, int]:
    if iv.lo is None:
        return (0, Decimal(0), 0)
    return (1, iv.lo, 0 if iv.lo_inc else 1)


class IvSet:
    """A union of disjoint, sorted intervals."""

    __slots__ = ("parts",)

    def __init__(self, parts: Iterable[Iv] = ()) -> None:
        self.parts: tuple[Iv, ...] = _normalise([p for p in parts if not p.empty])

    def __iter__(self) -> Iterator[Iv]:
        return iter(self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IvSet) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return f"IvSet({self.text()})"

    def union(self, other: IvSet) -> IvSet:
        return IvSet((*self.parts, *other.parts))

    def complement(self) -> IvSet:
        out: list[Iv] = []
        lo: Decimal | None = None
        lo_inc = False
        for p in self.parts:
            if p.lo is not None or lo is not None:
                out.append(Iv(lo, lo_inc, p.lo, not p.lo_inc if p.lo is not None else False))
            if p.hi is None:
                return IvSet(out)
            lo, lo_inc = p.hi, not p.hi_inc
        out.append(Iv(lo, lo_inc, None, False))
        return IvSet(out)

    def intersect(self, other: IvSet) -> IvSet:
        return self.complement().union(other.complement()).complement()

    def minus(self, other: IvSet) -> IvSet:
        return self.intersect(other.complement())

    def hull(self) -> Iv | None:
        if not self.parts:
            return None
        first, last = self.parts[0], self.parts[-1]
        return Iv(first.lo, first.lo_inc, last.hi, last.hi_inc)

    def has_multiple_of(self, quantum: Decimal) -> bool:
        """True when some part contains a multiple of `quantum` (a value rounding can produce)."""
        for p in self.parts:
            if p.lo is None or p.hi is None:
                return True
            k = (p.lo / quantum).to_integral_value(rounding="ROUND_CEILING") * quantum
            if not p.contains(k):
                k += quantum
            if p.contains(k):
                return True
        return False

    def text(self, percent: bool = False) -> str:
        from ..i18n import listing
        from ..messages.lint import nothing

        return listing(p.text(percent) for p in self.parts) if self.parts else nothing()


def _normalise(parts: list[Iv]) -> tuple[Iv, ...]:
    parts.sort(key=_lo_key)
    out: list[Iv] = []
    for p in parts:
        if out:
            last = out[-1]
            touches = (
                last.hi is None
                or p.lo is None
                or p.lo < last.hi
                or (p.lo == last.hi and (p.lo_inc or last.hi_inc))
            )
            if touches:
                if last.hi is None or p.hi is None:
                    hi, hi_inc = None, False
                elif p.hi > last.hi:
                    hi, hi_inc = p.hi, p.hi_inc
                elif p.hi == last.hi:
                    hi, hi_inc = p.hi, p.hi_inc or last.hi_inc
                else:
                    hi, hi_inc = last.hi, last.hi_inc
                out[-1] = Iv(last.lo, last.lo_inc, hi, hi_inc)
                continue
        out.append(p)
    return tuple(out)


def condition_set(cond: ir.Cond) -> IvSet | None:
    """The values a condition accepts; None for `else` (it takes whatever is left)."""
    match cond:
        case ir.Interval(low=lo, high=hi, low_inclusive=li, high_inclusive=hi_inc):
            return IvSet([Iv(lo.value, li, hi.value, hi_inc)])
        case ir.Comparison(op=op, bound=b):
            v = b.value
            return IvSet({
                ">=": [Iv(v, True, None, False)],
                ">": [Iv(v, False, None, False)],
                "<=": [Iv(None, False, v, True)],
                "<": [Iv(None, False, v, False)],
                "==": [Iv(v, True, v, True)],
                "!=": [Iv(None, False, v, False), Iv(v, False, None, False)],
            }[op])
        case _:
            return None
