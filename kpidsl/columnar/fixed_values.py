"""Exact columns of the bulk fast path (`fixed.py`): 64-bit scaled integers with a proven bound,
and rationals that carry at most one Q20 quotient, compared and rounded without dividing.

Every column is a numpy array of int64 plus what proves it exact:

- `Num`: the value `units / 10^scale`, exact, with `bound` >= |units| in every row (nulls
  included). Every operation computes the bound of its result from its operands' bounds before it
  touches the arrays, and stops (`Decline`) when that bound reaches `LIMIT` = 2^62: no operation
  can overflow, so no checked arithmetic is needed (numpy's int64 would wrap silently).
- `Rat`: the exact rational `num / den` (den > 0 in every row) of a value that went through one
  division. The interpreter holds the quotient rounded half-up to 20 places (Q20, `numbers.div`),
  then computes exactly with it (+ - x are exact), so in every row its value differs from the
  exact one by at most `err` (1/2 x 10^-20 times the largest factor the quotient was multiplied by),
  and by nothing where the quotient `qn / qd` has at most 20 places.

Two proofs let a `Rat` decide what the interpreter decides from its rounded value:

1. **Comparison with t** (a ladder, a band, a cap, a condition), t = T / 10^k exact. The exact
   difference is v - t = (num x 10^k - T x den) / (den x 10^k): an integer over den x 10^k. Where it
   is not zero, |v - t| >= 1 / (den x 10^k). When den_max x 10^k x err < 1 (checked per batch on the
   bounds), |v - t| > err >= |v' - v| for the interpreter's v', so v' lies on the same side of t.
   Where it is zero, v' = v exactly when the quotient has at most 20 places (then Q20 did not round
   it); rows where it has more are left to the interpreter.
2. **A declared rounding to p places** (`round`, a scheme's `round 2`): the interpreter snaps to 15
   places, then rounds half-up (`numbers.round_half_up`). For |v|, the step function
   g(u) = round_p(snap_15(u)) differs from the exact half-up rounding h(u) only on
   [tie - 1/2 x 10^-15, tie) below each tie (m + 1/2) / 10^p, and moves only at those points. The
   distance of v from a tie is (2 x 10^p x num - (2m + 1) den) / (2 x den x 10^p): nonzero means at
   least 1 / (2 x den x 10^p). When den_max x 10^p x (10^-15 + 2 err) < 1, that distance exceeds
   1/2 x 10^-15 + err, so neither the snap nor the interpreter's error can carry v' across a switch
   point of g, and g(v') = h(v). Exactly on a tie, v' = v where the quotient is exact (half-up then
   rounds away from zero, as h does); other tie rows go to the interpreter. p must be below 15.

3. **Exactly on a boundary** (proofs 1 and 2 leave these rows): when the value is c ± x for one
   quotient x and a decimal c of at most `cscale` places (a ratio, `1 - a / b`, a re-weighted sum
   minus deductions), v = boundary means x = ±(boundary - c), a decimal of at most
   max(boundary's places, cscale) places: when that is at most 20, Q20 did not round x, v' = v,
   and no row needs checking. Otherwise each such row's quotient is checked (`exact20`: its
   reduced denominator divides 10^20), and a row with two quotients is left.

Every new column is made in Arrow's memory pool (`fixed_memory`: warm pages from one call to the
next, not fresh ones); what is computed, and every bound, is as numpy would compute it.

A row that a proof leaves undecided is marked in `Ctx.unproved` (the interpreter takes it); a
bound that fails a guard declines the whole batch (the DuckDB plan takes it).
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..messages import fallback as msg
from ..numbers import QUOTIENT_PLACES, SNAP_PLACES
from ..prebuilt import dataclass
from .fixed_memory import calc, column, full

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Ints = NDArray[np.int64]
    Bools = NDArray[np.bool_]
else:
    Ints = Bools = Any

#: Every |units| stays below this: a sum of two such values never overflows int64.
LIMIT = 2**62

#: The interpreter's error on one Q20 quotient: half a unit in the 20th place.
HALF_Q20 = Fraction(1, 2 * 10**QUOTIENT_PLACES)

#: The snap's half unit in the 15th place (see proof 2).
SNAP_UNIT = Fraction(1, 10**SNAP_PLACES)

Mask = Any  # a numpy bool array, or None for "no row"


class Decline(Exception):
    """This batch cannot be proved exact here: the DuckDB plan evaluates it. `said`: the reason in
    the catalogue's words, where the caller's data causes it and can change it (a divisor with
    cents, numbers given as text, a value beyond 64 bits); `BulkResults.fast_note` shows it, else
    the path's own words."""

    def __init__(self, text: str, said: str | None = None) -> None:
        super().__init__(text)
        self.said = said


class Unsupported(Decline):
    """A construct the fast path does not implement (the same for every batch of the scheme)."""


def fits(bound: int, what: str) -> int:
    """`bound`, after checking it stays below `LIMIT` (else the batch is declined)."""
    if bound >= LIMIT:
        raise Decline(f"{what} may exceed 64-bit fixed point", msg.fast_beyond_64_bits())
    return bound


def m_or(*masks: Mask) -> Mask:
    found = [m for m in masks if m is not None]
    if not found:
        return None
    out = found[0]
    for m in found[1:]:
        if out is found[0] or np.ndim(out) == 0 or np.shape(out) != np.shape(m):
            out = calc(np.bitwise_or, out, m, dtype=bool)
        else:  # a column made here: updated in place
            np.bitwise_or(out, m, out=out)
    return out


def m_and(a: Mask, b: Mask) -> Mask:
    if a is None or b is None:
        return None
    return calc(np.bitwise_and, a, b, dtype=bool)


def both(a: Bools, b: Bools) -> Bools:
    """a and b, of two masks that are there."""
    return calc(np.bitwise_and, a, b, dtype=bool)


def m_not(a: Mask, n: int) -> Bools:
    return full(n, True, bool) if a is None else calc(np.invert, a, dtype=bool)


@dataclass(slots=True)
class Ctx:
    """One batch's evaluation state: its rows, and the rows a proof left to the interpreter."""

    n: int
    unproved: Mask = None
    #: Scaled copies of quotient numerators (`num x 10^k`), kept for the other bounds of a ladder.
    scaled: dict[tuple[int, int], tuple[Ints, Ints]] = field(default_factory=dict)
    _scratch: Ints | None = None

    def times(self, a: Ints, f: int) -> Ints:
        """a x f, once per array and factor (a ladder compares one quotient with each bound)."""
        if f == 1:
            return a
        key = (id(a), f)
        found = self.scaled.get(key)
        if found is None or found[0] is not a:
            found = self.scaled[key] = (a, calc(np.multiply, a, f))
        return found[1]

    def product(self, a: Ints, b: Ints) -> Ints:
        """a x b into the batch's scratch array when it is a full column: for a result used at
        once and dropped (a comparison's side), so that no new array is made each time."""
        if np.ndim(a) == 0 and np.ndim(b) == 0:
            return a * b
        if self._scratch is None:
            self._scratch = column(self.n)
        return np.multiply(a, b, out=self._scratch)

    def leave(self, rows: Mask) -> None:
        """Rows the fast path cannot decide: the interpreter evaluates them."""
        if rows is not None and rows.any():
            self.unproved = m_or(self.unproved, rows)


@dataclass(slots=True)
class Num:
    """An exact fixed-point column: `units / 10^scale`, |units| <= `bound`, NULL where `null`."""

    units: Ints
    scale: int
    bound: int
    null: Mask = None


@dataclass(slots=True)
class Rat:
    """An exact rational column `num / den` (den > 0), through one Q20 quotient `qn / qd` (1 where
    none): the interpreter's value is within `err` of it, equal where the quotient is exact.
    `cscale`: when not None, the value is c ± the quotient for a decimal c of at most that many
    places (see `_exact_at`)."""

    num: Ints
    den: Ints
    nb: int
    db: int
    qn: Ints | None  # None: more than one quotient (a row on a boundary is then the interpreter's)
    qd: Ints | None
    err: Fraction
    null: Mask = None
    cscale: int | None = 0


@dataclass(slots=True)
class Bool:
    """A yes/no column, NULL where `null`."""

    v: Bools
    null: Mask = None


@dataclass(slots=True)
class Txt:
    """A text column: each row's index into `vocab` (the texts as the interpreter reads them),
    NULL where `null`."""

    codes: Ints
    vocab: list[str]
    null: Mask = None


def same_text(a: Txt, b: Txt) -> Bools:
    """Where a and b hold the same text (each side's codes mapped into one vocabulary)."""
    index = {v: i for i, v in enumerate(dict.fromkeys([*a.vocab, *b.vocab]))}
    to_a = np.array([index[v] for v in a.vocab] or [0], dtype=np.int64)
    to_b = np.array([index[v] for v in b.vocab] or [0], dtype=np.int64)
    return to_a[a.codes] == to_b[b.codes]  # type: ignore[no-any-return]


def constant(units: int, scale: int) -> Num:
    bound = fits(abs(units), "a constant")
    return Num(np.int64(units), scale, bound)  # type: ignore[arg-type]


def decimal_num(value: Decimal) -> Num:
    """A constant as a fixed-point column of its own places."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise Decline(f"the constant {value}")
    units = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    if exponent > 0:
        units, exponent = units * 10**exponent, 0
    return constant(units, -exponent)


def rescale(a: Num, scale: int) -> Num:
    """`a` at a larger scale (exact)."""
    if scale == a.scale:
        return a
    f = 10 ** (scale - a.scale)
    bound = fits(a.bound * f, "a rescaled value")  # every bound is checked before the arrays are touched
    return Num(calc(np.multiply, a.units, f), scale, bound, a.null)


def align(a: Num, b: Num) -> tuple[Num, Num]:
    s = max(a.scale, b.scale)
    return rescale(a, s), rescale(b, s)


def add(a: Num, b: Num, sign: int = 1) -> Num:
    a, b = align(a, b)
    bound = fits(a.bound + b.bound, "a sum")
    units = calc(np.add if sign > 0 else np.subtract, a.units, b.units)
    return Num(units, a.scale, bound, m_or(a.null, b.null))


def mul(a: Num, b: Num) -> Num:
    bound = fits(a.bound * b.bound, "a product")
    return Num(calc(np.multiply, a.units, b.units), a.scale + b.scale, bound, m_or(a.null, b.null))


def neg(a: Num | Rat) -> Num | Rat:
    if isinstance(a, Num):
        return Num(calc(np.negative, a.units), a.scale, a.bound, a.null)
    return Rat(calc(np.negative, a.num), a.den, a.nb, a.db, a.qn, a.qd, a.err, a.null, a.cscale)


def as_rat(a: Num | Rat) -> Rat:
    if isinstance(a, Rat):
        return a
    one = np.int64(1)
    den = np.int64(fits(10**a.scale, "a scale"))
    return Rat(a.units, den, a.bound, 10**a.scale, np.int64(0), one, Fraction(0), a.null, a.scale)  # type: ignore[arg-type]


def divide(a: Num, b: Num) -> tuple[Rat, Bools]:
    """a / b as the exact rational (Q20 is the interpreter's), NULL where b is 0 (as SQL's
    quotient: the owner's `on zero` gives the value there), and those rows."""
    zero = calc(np.equal, b.units, 0, dtype=bool)
    f_num, f_den = 10**b.scale, 10**a.scale
    nb, db = fits(a.bound * f_num, "a dividend"), fits(max(b.bound, 1) * f_den, "a divisor")
    num = calc(np.multiply, a.units, f_num) if f_num != 1 else a.units
    den = calc(np.multiply, b.units, f_den) if f_den != 1 else b.units
    negative = calc(np.less, den, 0, dtype=bool)
    if negative.any():
        num, den = flip(negative, num), calc(np.abs, den)
    den = calc(np.add, den, zero)  # 1 where b is 0: every row keeps den > 0
    return Rat(num, den, nb, db, num, den, HALF_Q20, m_or(a.null, b.null, zero)), zero


def flip(negative: Bools, x: Ints) -> Ints:
    """-x where `negative`, else x (a new column; numpy's `where` makes two)."""
    shape = np.broadcast_shapes(np.shape(negative), np.shape(x))
    if not shape:
        return np.negative(x) if negative else x
    out = column(shape[0])
    np.copyto(out, x)
    np.negative(out, out=out, where=negative)
    return out


def rat_add(r: Rat, a: Num, sign: int = 1) -> Rat:
    """r + a (or r - a): (num x 10^s + units x den) / (den x 10^s)."""
    f = 10**a.scale
    nb = fits(r.nb * f + a.bound * r.db, "a sum with a quotient")
    db = fits(r.db * f, "a denominator")
    num = calc(np.add if sign > 0 else np.subtract, calc(np.multiply, r.num, f), calc(np.multiply, a.units, r.den))
    cscale = None if r.cscale is None else max(r.cscale, a.scale)
    return Rat(num, calc(np.multiply, r.den, f), nb, db, r.qn, r.qd, r.err, m_or(r.null, a.null), cscale)


def rat_mul(r: Rat, a: Num) -> Rat:
    """r x a: (num x units) / (den x 10^s); the interpreter's error grows by |a| at most."""
    f = 10**a.scale
    err = r.err * Fraction(a.bound, f)
    nb, db = fits(r.nb * a.bound, "a product with a quotient"), fits(r.db * f, "a denominator")
    return Rat(calc(np.multiply, r.num, a.units), calc(np.multiply, r.den, f), nb, db, r.qn, r.qd, err,
               m_or(r.null, a.null), None)


def plus(a: Num | Rat, b: Num | Rat, sign: int = 1) -> Num | Rat:
    """a + b (or a - b) for any two columns."""
    if isinstance(a, Num) and isinstance(b, Num):
        return add(a, b, sign)
    if isinstance(a, Rat) and isinstance(b, Num):
        return rat_add(a, b, sign)
    if isinstance(a, Num) and isinstance(b, Rat):
        return rat_add(b if sign > 0 else neg(b), a)  # type: ignore[arg-type]
    assert isinstance(a, Rat) and isinstance(b, Rat)
    return rat_sum(a, b if sign > 0 else neg(b))  # type: ignore[arg-type]


def rat_sum(a: Rat, b: Rat) -> Rat:
    """a + b of two quotients: (na db + nb da) / (da db); the errors add up."""
    nb = fits(a.nb * b.db + b.nb * a.db, "a sum of quotients")
    db = fits(a.db * b.db, "a denominator")
    if not b.err:
        qn, qd = a.qn, a.qd
    elif not a.err:
        qn, qd = b.qn, b.qd
    else:
        qn = qd = None
    num = calc(np.add, calc(np.multiply, a.num, b.den), calc(np.multiply, b.num, a.den))
    return Rat(num, calc(np.multiply, a.den, b.den), nb, db, qn, qd, a.err + b.err, m_or(a.null, b.null), None)


def rat_divide(r: Rat, a: Num) -> tuple[Rat, Bools]:
    """r / a: the interpreter divides its own (rounded) value, so its error is err / |a| (|a| is at
    least one unit, 10^-scale) plus the new quotient's own half unit; NULL where a is 0."""
    zero = calc(np.equal, a.units, 0, dtype=bool)
    f = 10**a.scale
    nb, db = fits(r.nb * f, "a dividend"), fits(r.db * max(a.bound, 1), "a divisor")
    num = calc(np.multiply, r.num, f)
    den = calc(np.multiply, r.den, a.units)
    negative = calc(np.less, den, 0, dtype=bool)
    if negative.any():
        num, den = flip(negative, num), calc(np.abs, den)
    err = r.err * f + HALF_Q20
    return Rat(num, calc(np.add, den, zero), nb, db, None, None, err, m_or(r.null, a.null, zero), None), zero


def exact20(qn: Ints, qd: Ints) -> Bools:
    """Where the quotient qn / qd (qd > 0) has at most 20 decimal places: its reduced denominator
    divides 10^20 = 2^20 x 5^20."""
    g = np.gcd(qn, qd)
    d = qd // g
    d = d // np.gcd(d, np.int64(2**20))
    d = d // np.gcd(d, np.int64(5**20))
    return d == 1  # type: ignore[no-any-return]


def _exact_at(ctx: Ctx, r: Rat, rows: Bools, places: int) -> None:
    """Rows where `r` sits exactly on a boundary of `places` places: the interpreter's value is
    the exact one where the quotient has at most 20 places; the other rows go to the interpreter.
    When r = c ± x (`cscale`), x = ±(boundary - c) has at most max(places, cscale) places there,
    so no row needs checking when that is at most 20."""
    if not r.err or (r.cscale is not None and max(places, r.cscale) <= QUOTIENT_PLACES):
        return
    if r.null is not None:
        rows = calc(np.greater, rows, r.null, dtype=bool)  # rows and not NULL
    rows = np.broadcast_to(rows, (ctx.n,))
    if not rows.any():
        return
    if r.qn is None or r.qd is None:
        ctx.leave(rows.copy())
        return
    qn = np.broadcast_to(r.qn, rows.shape)[rows]
    qd = np.broadcast_to(r.qd, rows.shape)[rows]
    bad = ~exact20(qn, qd)
    if bad.any():
        out = np.zeros(rows.shape, dtype=bool)
        out[np.flatnonzero(rows)[bad]] = True
        ctx.leave(out)


#: Comparison operators on arrays, and each with its sides swapped.
OPS = {">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less, "==": np.equal, "!=": np.not_equal}
SWAP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}


def compare(ctx: Ctx, op: str, a: Num | Rat, b: Num | Rat) -> Bools:
    """a op b, exactly as the interpreter decides it from its values (nulls: the caller's)."""
    if isinstance(a, Num) and isinstance(b, Num):
        a, b = align(a, b)
        return calc(OPS[op], a.units, b.units, dtype=bool)
    if isinstance(a, Num) and isinstance(b, Rat):
        return compare(ctx, SWAP[op], b, a)
    if not (isinstance(a, Rat) and isinstance(b, Num)):
        raise Unsupported("a comparison of two quotients")
    # Proof 1: num / den op T / 10^k  <=>  num x 10^k op T x den (den > 0).
    f = 10**b.scale
    if a.err and Fraction(a.db * f) * a.err >= 1:
        raise Decline("a quotient's denominator too large to compare it exactly", msg.fast_wide_quotient())
    fits(a.nb * f, "a comparison with a quotient")
    fits(b.bound * a.db, "a comparison with a quotient")
    left, right = ctx.times(a.num, f), ctx.product(b.units, a.den)
    if a.err and not (a.cscale is not None and max(b.scale, a.cscale) <= QUOTIENT_PLACES):
        _exact_at(ctx, a, calc(np.equal, left, right, dtype=bool), b.scale)
    return calc(OPS[op], left, right, dtype=bool)


def round_half_up(ctx: Ctx, x: Num | Rat, places: int) -> Num:
    """The declared rounding (`numbers.round_half_up`: snap to 15 places, then half-up), exact."""
    if places >= SNAP_PLACES:
        raise Decline(f"a rounding to {places} places (the snap to {SNAP_PLACES} places is not modelled)")
    if isinstance(x, Num):
        if x.scale <= places:
            return rescale(x, places)
        if x.scale > SNAP_PLACES:
            raise Decline(f"a value with {x.scale} places before a rounding")
        num: Ints = x.units
        den: Ints = np.int64(10 ** (x.scale - places))  # type: ignore[assignment]
        nb, db, err, f = x.bound, 10 ** (x.scale - places), Fraction(0), 1
    else:
        num, den, nb, db, err, f = x.num, x.den, x.nb, x.db, x.err, 10**places
        if Fraction(db * f) * (SNAP_UNIT + 2 * err) >= 1:
            raise Decline("a quotient's denominator too large to round it exactly", msg.fast_wide_quotient())
    fits(2 * nb * f + db, "a rounding")
    twice = calc(np.abs, num)  # a new column (or a scalar): updated in place
    twice *= 2 * f
    twice += den
    if np.ndim(twice):
        q, rest = np.divmod(twice, 2 * den, out=(column(len(twice)), column(len(twice))))
    else:
        q, rest = np.divmod(twice, 2 * den)
    negative = calc(np.less, num, 0, dtype=bool)
    units = flip(negative, q) if negative.any() else q  # -0 is 0, as `numbers.round_half_up` gives it
    if isinstance(x, Rat) and err:
        _exact_at(ctx, x, calc(np.equal, rest, 0, dtype=bool), places + 1)
    # den >= 1 in every row (a Num's is the constant db).
    bound = fits(nb * f + 1 if isinstance(x, Rat) else nb // db + 1, "a rounded value")
    return Num(units, places, bound, x.null)


def blend(cond: Bools, a: Ints, b: Ints) -> Ints:
    """a where `cond`, else b, as arithmetic (numpy's `where` is several times slower on masks
    that vary from row to row); the caller has checked |a| + |b| against `LIMIT`."""
    if a is b:
        return a
    out = calc(np.subtract, a, b)  # one new column, updated in place
    if np.shape(out) != np.shape(cond):
        return calc(np.add, b, calc(np.multiply, out, cond))
    out *= cond
    out += b
    return out


def select(cond: Bools, a: Num | Rat, b: Num | Rat) -> Num | Rat:
    """a where `cond`, else b (nulls follow the chosen side)."""
    null = _pick(cond, a.null, b.null)
    if isinstance(a, Num) and isinstance(b, Num):
        a, b = align(a, b)
        fits(a.bound + b.bound, "a choice")
        return Num(blend(cond, a.units, b.units), a.scale, max(a.bound, b.bound), null)
    ra, rb = as_rat(a), as_rat(b)
    fits(ra.nb + rb.nb, "a choice")
    fits(ra.db + rb.db, "a choice")
    # The quotient only serves the exactness check at a boundary (`_exact_at`): a side without
    # one (err 0) may take the other side's, which can only leave more rows to the interpreter.
    if not rb.err or ra.qn is rb.qn:
        qn, qd = ra.qn, ra.qd
    elif not ra.err:
        qn, qd = rb.qn, rb.qd
    elif ra.qn is None or rb.qn is None or ra.qd is None or rb.qd is None:
        qn = qd = None
    else:
        qn, qd = blend(cond, ra.qn, rb.qn), blend(cond, ra.qd, rb.qd)
    return Rat(blend(cond, ra.num, rb.num), blend(cond, ra.den, rb.den), max(ra.nb, rb.nb), max(ra.db, rb.db), qn, qd,
               max(ra.err, rb.err), null, None if ra.cscale is None or rb.cscale is None else max(ra.cscale, rb.cscale))


def keep(cond: Bools, a: Num) -> Num:
    """a where `cond`, else 0 (nulls where a is NULL and chosen)."""
    return Num(calc(np.multiply, a.units, cond), a.scale, a.bound, m_and(a.null, cond))


def kept_sum(pairs: list[tuple[Bools, Num]]) -> Num:
    """Σ a where its `cond` (else 0), accumulated in one array (see `blend`)."""
    scale = max(a.scale for _, a in pairs)
    pairs = [(c, rescale(a, scale)) for c, a in pairs]
    bound = fits(sum(a.bound for _, a in pairs), "a sum")
    out = full(len(pairs[0][0]), 0)
    tmp = column(len(out))
    null: Mask = None
    for cond, a in pairs:
        np.multiply(a.units, cond, out=tmp, casting="unsafe")
        out += tmp
        if a.null is not None:
            null = m_or(null, m_and(a.null, cond))
    return Num(out, scale, bound, null)


def _pick(cond: Bools, a: Mask, b: Mask) -> Mask:
    """The NULL mask of a choice: a's where `cond`, else b's."""
    if a is None and b is None:
        return None
    other = None if b is None else m_and(calc(np.invert, cond, dtype=bool), b)
    return m_or(m_and(cond, a), other)


def with_null(x: Num | Rat, null: Mask) -> Num | Rat:
    """`x` with `null` rows missing as well."""
    if null is None:
        return x
    if isinstance(x, Num):
        return Num(x.units, x.scale, x.bound, m_or(x.null, null))
    return Rat(x.num, x.den, x.nb, x.db, x.qn, x.qd, x.err, m_or(x.null, null), x.cscale)
