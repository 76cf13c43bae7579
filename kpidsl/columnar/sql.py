"""Typed SQL values: a sqlglot expression with the kind and the static scale kpidsl needs.

Every number is a `DECIMAL(38, scale)` whose scale the compiler knows (an input's scale is the
most places any of its cells has; `+ -` take the larger scale, `x` the sum, a quotient 20, a
declared rounding its places), so nothing is ever rounded by the engine behind our back: DuckDB
gives a `CASE` or `LEAST` of two scales the *smaller* one, so every such expression is cast to the
larger scale first. The Q20 division (`docs/language.md`, "Numbers and rounding") is integer
arithmetic on `HUGEINT`; DuckDB raises on any overflow, which the engine turns into the python
backend for that batch, never into a wrong number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import StrEnum

from sqlglot import exp

from ..i18n import Text
from ..messages import engine as msg
from ..numbers import QUOTIENT_PLACES, SNAP_PLACES
from ..prebuilt import dataclass

#: Digits of every exact number (DuckDB's, Postgres's and Spark's widest DECIMAL).
WIDTH = 38


class Unsupported(Exception):
    """The scheme uses something the columnar backend does not compile; the reason says what, from
    the message catalogue (`messages.engine.no_*`), so `kpi sql --lang zh` says it in Chinese."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason)
        self.reason = reason


class K(StrEnum):
    NUM = "number"
    TEXT = "text"
    BOOL = "bool"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class V:
    """A typed SQL value: `scale` is meaningful for numbers only."""

    e: exp.Expr
    kind: K
    scale: int = 0


def cast(e: exp.Expr, to: exp.DataType) -> exp.Cast:
    """CAST(e AS to), always written (sqlglot's `exp.cast` drops a cast between two DECIMALs)."""
    return exp.Cast(this=e, to=to)


def decimal_type(scale: int) -> exp.DataType:
    """DECIMAL(38, scale), made as sqlglot's parser makes it (`DataType.build` parses the text
    each time: a third of compiling a scheme's query went to the few hundred types it builds)."""
    if scale > WIDTH - 2:
        raise Unsupported(msg.no_places(places=scale, digits=WIDTH))
    return exp.DataType(this=exp.DataType.Type.DECIMAL, nested=False,
                        expressions=[exp.DataTypeParam(this=exp.Literal.number(WIDTH)), exp.DataTypeParam(this=exp.Literal.number(scale))])


HUGEINT = exp.DataType.build("HUGEINT", dialect="duckdb")


def as_scale(v: V, scale: int) -> V:
    """The number at exactly `scale` places (only ever widened: never rounds)."""
    assert v.kind is K.NUM and scale >= v.scale
    if isinstance(v.e, exp.Cast) and v.scale == scale:
        return v
    return V(cast(v.e, decimal_type(scale)), K.NUM, scale)


def number(text: str) -> V:
    """A decimal literal, typed at its own places."""
    places = len(text.split(".")[1]) if "." in text else 0
    return V(cast(exp.Literal.string(text), decimal_type(places)), K.NUM, places)


def integer(n: int) -> exp.Expr:
    return cast(exp.Literal.string(str(n)), HUGEINT)


def null(kind: K, scale: int = 0) -> V:
    if kind is K.NUM:
        return V(cast(exp.Null(), decimal_type(scale)), kind, scale)
    return V(exp.Null(), kind, scale)


def unify(values: list[V]) -> list[V]:
    """Numbers brought to one (the largest) scale, so a CASE or LEAST rounds nothing."""
    if len({v.kind for v in values}) > 1:
        raise Unsupported(msg.no_mixed_kinds())
    if not values or values[0].kind is not K.NUM:
        return values
    top = max(v.scale for v in values)
    return [as_scale(v, top) for v in values]


def case(branches: Sequence[tuple[exp.Expr, V]], otherwise: V) -> V:
    values = unify([v for _, v in branches] + [otherwise])
    node = exp.Case()  # built in place (`copy=False`): the default copies the CASE at every branch
    for (cond, _), v in zip(branches, values, strict=False):
        node = node.when(cond, v.e, copy=False)
    node = node.else_(values[-1].e, copy=False)
    return V(node, values[-1].kind, values[-1].scale)


def add(a: V, b: V) -> V:
    return V(exp.Add(this=a.e, expression=b.e), K.NUM, max(a.scale, b.scale))


def sub(a: V, b: V) -> V:
    return V(exp.Sub(this=a.e, expression=b.e), K.NUM, max(a.scale, b.scale))


def mul(a: V, b: V) -> V:
    decimal_type(a.scale + b.scale)  # raises Unsupported when the product needs too many places
    return V(exp.Mul(this=exp.Paren(this=a.e), expression=exp.Paren(this=b.e)), K.NUM, a.scale + b.scale)


def total(values: Sequence[V]) -> V:
    """The sum of one or more numbers."""
    out = values[0]
    for v in values[1:]:
        out = add(out, v)
    return out


def neg(a: V) -> V:
    return V(exp.Neg(this=exp.Paren(this=a.e)), K.NUM, a.scale)


def units(v: V) -> exp.Expr:
    """The number's unscaled integer (its value x 10^scale) as HUGEINT. A small scale multiplies
    (the product fits 38 digits); a large one reads the decimal's digits without its point, since
    multiplying a 20-place value by 10^20 would need 40 digits."""
    if v.scale == 0:
        return cast(v.e, HUGEINT)
    if v.scale <= 9:
        scaled = exp.Mul(this=exp.Paren(this=v.e), expression=cast(exp.Literal.string(str(10**v.scale)), decimal_type(0)))
        return cast(scaled, HUGEINT)
    text = cast(as_scale(v, v.scale).e, exp.DataType.build("VARCHAR"))
    digits = exp.func("replace", text, exp.Literal.string("."), exp.Literal.string(""))
    return cast(digits, HUGEINT)


def from_units(units_: exp.Expr, scale: int) -> V:
    """An integer of units of 10^-scale as a DECIMAL at that scale."""
    step = cast(exp.Literal.string(f"{10**-scale:.{scale}f}" if scale else "1"), decimal_type(scale))
    return V(exp.Mul(this=cast(units_, decimal_type(0)), expression=step), K.NUM, scale)


def _half_up_div(num: exp.Expr, den: exp.Expr) -> exp.Expr:
    """round(num / den) half away from zero, for HUGEINT num and den != 0: with s the sign of
    the quotient, round(x) = trunc(x + s/2) = trunc((2 num + sign(num) |den|) / (2 den)), and
    DuckDB's `//` truncates toward zero (half as many operations as working on magnitudes)."""
    half = exp.Mul(this=cast(exp.func("sign", num), HUGEINT), expression=exp.Abs(this=den))
    return exp.IntDiv(this=exp.Paren(this=exp.Add(this=exp.Mul(this=integer(2), expression=num), expression=half)),
                      expression=exp.Paren(this=exp.Mul(this=integer(2), expression=den)))


#: Puts a value in a column of the query's current layer and gives the column (`Planner.col`):
#: for a part read several times, computed once.
Bind = Callable[[V, str], V]


def div(a: V, b: V, bind: Bind | None = None) -> V:
    """a / b, half-up at 20 places (Q20), exactly; NULL when b is 0 (the caller decides what a
    zero means). a / b x 10^20 = A x 10^(sb + 20 - sa) / B, with A and B the unscaled integers.
    `bind`: where given, a quotient of small integers is worked out in 64 bits (`_small_div`)."""
    k = b.scale + QUOTIENT_PLACES - a.scale
    if abs(k) > WIDTH - 2:
        raise Unsupported(msg.no_wide_division(places=b.scale, digits=WIDTH))
    n, d = units(a), units(b)
    num, den = n, d
    if k > 0:
        num = exp.Mul(this=num, expression=integer(10**k))
    elif k < 0:
        den = exp.Mul(this=den, expression=integer(10**-k))
    safe = exp.func("nullif", den, integer(0))
    wide = from_units(_half_up_div(num, safe), QUOTIENT_PLACES)
    if bind is None or not 0 <= k <= QUOTIENT_PLACES or a.scale >= _SMALL_A or not (_held(a.e) and _held(b.e)):
        return wide
    return _small_div(a, b, n, d, k, bind, wide)


def _held(e: exp.Expr) -> bool:
    """A column or a constant: computing it on every row (the steps are columns) raises nothing a
    row that never reaches the division would not raise anyway (`(a * a * a) / 3` in an `if`
    branch could overflow on a row that takes the other branch)."""
    while isinstance(e, exp.Cast | exp.Paren):
        e = e.this
    return isinstance(e, exp.Column | exp.Literal | exp.Null)


#: The 64-bit quotient's bounds: |A| < 10^18 and 0 < |B| < 10^8 units, so that a remainder (below
#: B) times 10^10 stays below 2^63.
_SMALL_A, _SMALL_B, _STEP = 18, 8, 10


def _small_div(a: V, b: V, n: exp.Expr, d: exp.Expr, k: int, bind: Bind, wide: V) -> V:
    """`wide` (the 128-bit Q20 quotient of n x 10^k by d) worked out in BIGINT where n and d are
    small (a count or an amount over another: most ratios): long division of |n| x 10^k by |d|
    ten digits at a time, half-up on the last remainder, the sign of n / d. 128-bit division was
    most of a ratio's cost (0.47 -> 0.20 s per million rows). Each step is a column of its own
    layer (DuckDB evaluates an expression again wherever it is written); the other rows take
    `wide`. tests/columnar/test_sql.py draws both against `numbers.div`."""
    # Tested on the decimals themselves (|a| < 10^(18 - sa) is |A| < 10^18), once, so that no row
    # makes the integers unless they fit.
    limit_a, limit_b = (number(format(Decimal(10) ** (p - v.scale), "f")) for p, v in ((_SMALL_A, a), (_SMALL_B, b)))
    small = bind(V(and_(exp.LT(this=exp.Abs(this=a.e), expression=limit_a.e),
                        exp.GT(this=exp.Abs(this=b.e), expression=number("0").e),
                        exp.LT(this=exp.Abs(this=b.e), expression=limit_b.e)), K.BOOL), "ds").e
    bigint = exp.DataType.build("BIGINT")

    def held(x: exp.Expr, hint: str) -> exp.Expr:  # |x| as BIGINT where the quotient is small, else NULL
        return bind(V(exp.Case(ifs=[exp.If(this=small, true=cast(exp.Abs(this=x), bigint))]), K.NUM), hint).e

    big_n, big_d = held(n, "dn"), held(d, "dd")
    negative = bind(V(exp.NEQ(this=exp.Paren(this=exp.LT(this=a.e, expression=number("0").e)),
                              expression=exp.Paren(this=exp.LT(this=b.e, expression=number("0").e))), K.BOOL), "dg")
    digits = [(bind(V(exp.IntDiv(this=big_n, expression=big_d), K.NUM), "dq").e, k)]  # (digits, their power of ten)
    rest = bind(V(exp.Mod(this=big_n, expression=big_d), K.NUM), "dr").e
    left = k
    while left > 0:
        m = min(_STEP, left)
        left -= m
        shifted = exp.Paren(this=exp.Mul(this=rest, expression=exp.Literal.number(10**m)))
        digits.append((bind(V(exp.IntDiv(this=shifted, expression=big_d), K.NUM), "dq").e, left))
        rest = bind(V(exp.Mod(this=shifted, expression=big_d), K.NUM), "dr").e
    up = exp.If(this=exp.GTE(this=exp.Mul(this=exp.Literal.number(2), expression=rest), expression=big_d),
                true=exp.Literal.number(1), false=exp.Literal.number(0))
    magnitude = total([*(from_units(x, QUOTIENT_PLACES - power) for x, power in digits), from_units(up, QUOTIENT_PLACES)])
    fast = case([(negative.e, neg(magnitude))], magnitude)
    return case([(not_null(big_n), fast)], wide)


def round_half_up(v: V, places: int) -> V:
    """The declared rounding: snap to 15 places when the value has more, then half-up (DuckDB's
    DECIMAL `round` is half away from zero, which is 四舍五入)."""
    e = v.e
    if v.scale > SNAP_PLACES:
        e = exp.Round(this=e, decimals=exp.Literal.number(SNAP_PLACES))
    if v.scale > places:
        e = exp.Round(this=e, decimals=exp.Literal.number(places))
    return as_scale(V(e, K.NUM, min(v.scale, places)), places)


def and_(*conds: exp.Expr) -> exp.Expr:
    """AND of the conditions (without sqlglot's defensive copies: the compiler builds fresh trees)."""
    return exp.and_(*conds, copy=False)


def or_(*conds: exp.Expr) -> exp.Expr:
    return exp.or_(*conds, copy=False)


def sqlnot(e: exp.Expr) -> exp.Expr:
    return exp.Not(this=exp.Paren(this=e))


def is_null(e: exp.Expr) -> exp.Expr:
    return exp.Is(this=exp.Paren(this=e), expression=exp.Null())


def not_null(e: exp.Expr) -> exp.Expr:
    return sqlnot(is_null(e))


def any_null(values: list[V]) -> exp.Expr:
    return or_(*(is_null(v.e) for v in values)) if len(values) > 1 else is_null(values[0].e)


def column(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def true() -> exp.Expr:
    return exp.true()


def false() -> exp.Expr:
    return exp.false()
