"""Kinds of values, and the rules each operator and function follows for them.

A kind is a base (number, text, yes/no, date) plus what is known beyond it: the unit a number
carries from its input's type (a count, an amount of money, a percentage, days, points), or the
table whose labels a text holds (a rating scale, a band set, a distribution). The unit and the
labels never make a formula wrong (only the base does); they are what the linter and the
backends can rely on, e.g. that a column holds money, or a label of `五级`.

The rules here are pure functions of kinds. Kind inference (`infer.py`) applies them to a formula
and reports misuse; lowering (`lower.py`) applies the same functions to give every IR node its
kind, so the checks and the IR can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from .prebuilt import dataclass


class Base(StrEnum):
    """The kinds of value a formula can produce. EMPTY is the kind of the literal `empty`: it fits
    in place of any other kind (an `if` branch, a tier result, a fallback) and is always empty."""

    NUMBER = "number"
    TEXT = "text"
    BOOL = "bool"
    DATE = "date"
    EMPTY = "empty"


class Unit(StrEnum):
    """What a number measures, when it comes from a typed input."""

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    DAYS = "days"
    SCORE = "score"


@dataclass(frozen=True, slots=True)
class Kind:
    """The kind of a value: its base, and its unit (numbers) or label table (text)."""

    base: Base
    unit: Unit | None = None
    labels: str | None = None

    @property
    def phrase(self) -> str:
        """How messages name the kind, in the current language: `a number`, `text`, `a yes/no
        value`, `a date` (数值、文本、是/否值、日期)."""
        from .messages import kinds as msg

        return {Base.NUMBER: msg.kind_number, Base.TEXT: msg.kind_text, Base.BOOL: msg.kind_bool, Base.DATE: msg.kind_date,
                Base.EMPTY: msg.kind_empty}[self.base]()

    def same_base(self, other: Kind) -> bool:
        return self.base is other.base

    def __str__(self) -> str:
        extra = self.unit or self.labels
        return f"{self.base.value} ({extra})" if extra else self.base.value


NUMBER = Kind(Base.NUMBER)
TEXT = Kind(Base.TEXT)
BOOL = Kind(Base.BOOL)
DATE = Kind(Base.DATE)
EMPTY = Kind(Base.EMPTY)


def phrase(kind: Kind | None) -> str:
    """`kind.phrase`, or `a value` when the kind is unknown (an error was reported already)."""
    from .messages import kinds as msg

    return kind.phrase if kind is not None else msg.kind_unknown()


def plural_phrase(base: Base) -> str:
    """Values of a kind, in the current language: `numbers`, `dates` (数值、日期)."""
    from .messages import kinds as msg

    return {Base.NUMBER: msg.kinds_number, Base.TEXT: msg.kinds_text, Base.BOOL: msg.kinds_bool,
            Base.DATE: msg.kinds_date}.get(base, msg.kinds_number)()


def join(kinds: Sequence[Kind]) -> Kind | None:
    """The kind of a value that is one of `kinds` (the branches of `if`, a coalesce): the common
    kind, keeping a unit or label table only when all agree; None if the bases differ. `empty`
    fits any kind; only `empty`s join to `empty`."""
    if not kinds:
        return None
    kinds = [k for k in kinds if k.base is not Base.EMPTY] or [kinds[0]]
    first = kinds[0]
    if any(k.base is not first.base for k in kinds):
        return None
    unit = first.unit if all(k.unit == first.unit for k in kinds) else None
    labels = first.labels if all(k.labels == first.labels for k in kinds) else None
    return Kind(first.base, unit, labels)


def arithmetic(op: str, left: Kind, right: Kind) -> Kind:
    """`a + b`, `a - b` keep a unit both sides share; `*` and `/` give a plain number (a ratio of
    two counts is not a count)."""
    if op in ("+", "-") and left.unit is not None and left.unit == right.unit:
        return Kind(Base.NUMBER, left.unit)
    return NUMBER


def negate(operand: Kind) -> Kind:
    return Kind(Base.NUMBER, operand.unit)


def number_function(name: str, args: Sequence[Kind]) -> Kind:
    """A numeric builtin: min, max, clamp, abs, round, avg and sum keep a unit their (first)
    arguments share."""
    if name == "days_between":
        return Kind(Base.NUMBER, Unit.DAYS)
    considered = args[:1] if name in ("round", "clamp", "abs") else args
    units = {a.unit for a in considered}
    return Kind(Base.NUMBER, units.pop()) if len(units) == 1 else NUMBER
