"""IR expressions: formulas with every name resolved to a typed reference and every constant
folded, each node carrying its span and its kind.

There are no names left to look up and no closures: a backend compiles these nodes (the
interpreter into Python closures, a columnar backend into column expressions), and explain prints
them back as they were written (`text.py`), because every node keeps what it needs for that: a
literal its text, a folded constant the expression it was folded from, a read the name written.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from ..kinds import Kind
from ..prebuilt import dataclass
from ..refs import Ref, TableRef
from ..source import Span
from ..values import Value


@dataclass(frozen=True)
class Expr:
    """Base of IR expressions."""

    span: Span
    kind: Kind


@dataclass(frozen=True)
class Literal(Expr):
    """A number, text or yes/no written in the scheme; `text` as written (`95%`, `"A"`, `true`)."""

    value: Value
    text: str


@dataclass(frozen=True)
class Constant(Expr):
    """A named constant, folded to its value (printed as its name, or its value in a trace)."""

    name: str
    value: Value


@dataclass(frozen=True)
class Folded(Expr):
    """A subexpression of constants computed once, when the scheme is compiled. `shown` is the
    expression it was folded from: explain prints it as written; no backend evaluates it."""

    value: Value
    shown: Expr


@dataclass(frozen=True)
class Read(Expr):
    """A value of the record (or of the same employee in another period): an input, an
    indicator's score or value, a group's score, a result, a population rule's output.
    `text` is the name as written (`X.value`, `value`, `prev(total)`)."""

    ref: Ref
    text: str


@dataclass(frozen=True)
class Neg(Expr):
    operand: Expr


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True)
class Binary(Expr):
    """Arithmetic: `+ - * /` (a zero denominator is the owner's `on zero` to decide)."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Compare(Expr):
    op: str  # >= > <= < == !=
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Logical(Expr):
    """`and` / `or` over yes/no values, decided as soon as one side decides them."""

    op: str
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Member(Expr):
    """`x in [a, b)`."""

    operand: Expr
    cond: Cond


@dataclass(frozen=True)
class If(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True)
class Call(Expr):
    """A builtin function (`builtins.py`)."""

    func: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class Lookup(Expr):
    """A named ladder, scale or band set applied to one value: `采购完成率阶梯(x)`."""

    table: TableRef
    arg: Expr


# --------------------------------------------------------------------------------- conditions

#: What each comparison operator means (on numbers; `==` and `!=` also on text, yes/no, dates).
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq, "!=": operator.ne,
}


@dataclass(frozen=True)
class Bound:
    """One end of an interval: its value, its text as written, and the constant it was folded
    from (None for a number written in place)."""

    value: Decimal
    text: str
    span: Span
    constant: str | None = None


@dataclass(frozen=True)
class Cond:
    """Base of conditions on one number (tiers, bands, ranges, `in`)."""

    span: Span

    @property
    def text(self) -> str:
        """The condition as written: `[90%, 95%)`, `>= 95%`, `else`."""
        return "else"

    @property
    def bounds(self) -> tuple[Bound, ...]:
        return ()

    def holds(self, x: Decimal) -> bool:
        """True when `x` satisfies the condition (`else` holds for anything)."""
        return True


@dataclass(frozen=True)
class Interval(Cond):
    low: Bound
    high: Bound
    low_inclusive: bool
    high_inclusive: bool

    @property
    def text(self) -> str:
        return f"{'[' if self.low_inclusive else '('}{self.low.text}, {self.high.text}{']' if self.high_inclusive else ')'}"

    @property
    def bounds(self) -> tuple[Bound, ...]:
        return (self.low, self.high)

    def holds(self, x: Decimal) -> bool:
        lo, hi = self.low.value, self.high.value
        return (x >= lo if self.low_inclusive else x > lo) and (x <= hi if self.high_inclusive else x < hi)


@dataclass(frozen=True)
class Comparison(Cond):
    op: str  # >= > <= < == !=
    bound: Bound

    @property
    def text(self) -> str:
        return f"{self.op} {self.bound.text}"

    @property
    def bounds(self) -> tuple[Bound, ...]:
        return (self.bound,)

    def holds(self, x: Decimal) -> bool:
        return COMPARE[self.op](x, self.bound.value)


@dataclass(frozen=True)
class Otherwise(Cond):
    """`else`: whatever no earlier tier or band took."""


# --------------------------------------------------------------------------------- formulas


@dataclass(frozen=True)
class Formula:
    """A formula of the scheme (a value, a score, a cap, an amount, a condition, a key): its
    expression, the record values it reads, and a stable id (`indicator:X/value`) that trace
    events point at."""

    id: str
    expr: Expr
    reads: tuple[Ref, ...]

    @property
    def span(self) -> Span:
        return self.expr.span

    @property
    def kind(self) -> Kind:
        return self.expr.kind


def children(e: Expr) -> tuple[Expr, ...]:
    """The direct subexpressions (a folded constant's `shown` is not evaluated, so not a child)."""
    match e:
        case Neg(operand=o) | Not(operand=o) | Member(operand=o):
            return (o,)
        case Binary(left=a, right=b) | Compare(left=a, right=b):
            return (a, b)
        case Logical(operands=ops) | Call(args=ops):
            return ops
        case If(cond=c, then=t, otherwise=o):
            return (c, t, o)
        case Lookup(arg=a):
            return (a,)
    return ()


def walk(e: Expr) -> Iterator[Expr]:
    """Every node under `e`, itself first, in source order."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def reads(e: Expr) -> tuple[Ref, ...]:
    """The record values an expression reads, each once, in source order."""
    return tuple(dict.fromkeys(x.ref for x in walk(e) if isinstance(x, Read)))
