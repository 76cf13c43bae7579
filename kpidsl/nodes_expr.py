"""The typed syntax tree's expressions and conditions (the rest is `nodes.py`, which re-exports
these): frozen, slotted dataclasses, each carrying the `Span` it came from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .prebuilt import dataclass
from .source import Span


@dataclass(frozen=True)
class Node:
    """Base of every node: where it stands in the source."""

    span: Span


# --------------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Expr(Node):
    """Base of expressions."""


@dataclass(frozen=True)
class Number(Expr):
    value: Decimal
    text: str  # as written, e.g. "95%", so explain and the formatter echo the user's form

    @property
    def is_percent(self) -> bool:
        return self.text.endswith("%")


@dataclass(frozen=True)
class String(Expr):
    value: str


@dataclass(frozen=True)
class Bool(Expr):
    value: bool


@dataclass(frozen=True)
class Empty(Expr):
    """`empty`: no value (a cell left blank, a rate with nothing to divide)."""


@dataclass(frozen=True)
class DateLiteral(Expr):
    """`date "2024-07-01"`."""

    value: dt.date
    text: str  # the quoted text as written


@dataclass(frozen=True)
class Name(Expr):
    id: str


@dataclass(frozen=True)
class Attribute(Expr):
    """`指标.value`, `指标.score`, `指标.contribution`."""

    base: str
    attr: str


@dataclass(frozen=True)
class Neg(Expr):
    operand: Expr


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True)
class Binary(Expr):
    """Arithmetic: `+ - * /`."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Compare(Expr):
    op: str  # one of >= <= == != > <
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Logical(Expr):
    op: str  # "and" | "or"
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Membership(Expr):
    """`x in [a, b)`: true when the value satisfies the condition."""

    operand: Expr
    condition: Condition


@dataclass(frozen=True)
class IfExpr(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True)
class Call(Expr):
    func: str
    args: tuple[Expr, ...]
    func_span: Span


@dataclass(frozen=True)
class Aggregate(Expr):
    """`mean(满意度 within 部门 where 类型 == "员工")`: a value over a group of records.

    `within` None means every record of the period (`over all`); `per` takes one value per
    subgroup first; `arg` is None for `count(within 部门)`.
    """

    func: str
    func_span: Span
    arg: Expr | None
    within: Within | None
    per: Within | None
    where: Expr | None


# --------------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Bound(Node):
    """One end of an interval: a literal number or the name of a constant (maybe negated)."""

    value: Decimal | None  # literal value; None when `name` is set
    name: str | None
    negate: bool
    text: str  # as written


@dataclass(frozen=True)
class Condition(Node):
    """Base of the conditions tiers, bands and input ranges are made of."""


@dataclass(frozen=True)
class Interval(Condition):
    low: Bound
    high: Bound
    low_inclusive: bool
    high_inclusive: bool


@dataclass(frozen=True)
class Comparison(Condition):
    op: str  # >= > <= < == !=
    bound: Bound


@dataclass(frozen=True)
class Otherwise(Condition):
    """`else`: matches whatever no earlier tier matched."""


@dataclass(frozen=True)
class Tier(Node):
    condition: Condition
    result: Expr


@dataclass(frozen=True)
class Level(Node):
    """One level of a rating scale: a label worth fixed points or any value in a point range."""

    label: str
    low: Decimal
    high: Decimal  # equal to low for a fixed-point level
    note: str | None

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class Band(Node):
    label: str
    condition: Condition


@dataclass(frozen=True)
class Within(Node):
    """`within 部门, 职级`: the input columns that split the population into groups."""

    columns: tuple[str, ...]
    spans: tuple[Span, ...]
