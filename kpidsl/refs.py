"""Typed references: what a name in a scheme stands for, once the resolver has bound it.

Every name occurrence in a formula becomes one of these: an input, a constant, an indicator's
score, value, contribution or skipped flag, a group's score or contribution, a result of the scheme
(base score, total, ...), a population rule's output, the same of another period (`prev`,
`last_year`), or a callable (a ladder, scale or band set, a builtin). The resolver produces them,
the IR carries them in its `Read` nodes, and every backend reads a record's value of a reference
under its `key`, the one name it has in a record's values.
"""

from __future__ import annotations

from enum import StrEnum

from .prebuilt import dataclass


class Field(StrEnum):
    """What of an indicator or group a reference reads."""

    SCORE = "score"
    VALUE = "value"
    CONTRIBUTION = "contribution"
    SKIPPED = "skipped"


class Result(StrEnum):
    """The scheme's own results, readable by name where they are known."""

    BASE_SCORE = "base_score"
    DEDUCTIONS = "deductions"
    BONUSES = "bonuses"
    TOTAL = "total"
    TOTAL_EXACT = "total_exact"
    GRADE = "grade"


#: Results a `total = ...` formula can read (the total itself is being computed).
TOTAL_RESULTS = (Result.BASE_SCORE, Result.DEDUCTIONS, Result.BONUSES)

#: Results a population rule, a field or another period's value can read (everything is known by
#: then; `grade` is the final grade, after any distribution that replaces or caps it).
ALL_RESULTS = tuple(Result)


class When(StrEnum):
    """Which other period a history reference reads."""

    PREV = "prev"
    LAST_YEAR = "last_year"


class TableKind(StrEnum):
    """The named tables a formula can call with one value."""

    LADDER = "ladder"
    SCALE = "scale"
    BANDS = "bands"


@dataclass(frozen=True)
class Ref:
    """Base of references to values (the things a formula reads)."""

    @property
    def key(self) -> str:
        """The name of this value in a record's values."""
        raise NotImplementedError


@dataclass(frozen=True)
class InputRef(Ref):
    name: str

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class ConstRef(Ref):
    """A constant; the IR folds it to its value, so no record ever holds it."""

    name: str

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class IndicatorRef(Ref):
    name: str
    field: Field = Field.SCORE

    @property
    def key(self) -> str:
        return self.name if self.field is Field.SCORE else f"{self.name}.{self.field.value}"


@dataclass(frozen=True)
class GroupRef(Ref):
    name: str
    field: Field = Field.SCORE

    @property
    def key(self) -> str:
        return self.name if self.field is Field.SCORE else f"{self.name}.{self.field.value}"


@dataclass(frozen=True)
class ResultRef(Ref):
    result: Result

    @property
    def key(self) -> str:
        return self.result.value


@dataclass(frozen=True)
class RuleRef(Ref):
    """The output of a population rule (a rank, a distributed grade, a share, a flag, ...), or one
    step of it (`标准分.average`: a normalisation's department average)."""

    name: str
    part: str | None = None

    @property
    def key(self) -> str:
        return self.name if self.part is None else f"{self.name}.{self.part}"


@dataclass(frozen=True)
class FieldRef(Ref):
    """A report-only named value (`field 达成率 = ...`)."""

    name: str

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class AggregateRef(Ref):
    """The value of an aggregate over a group of records (`mean(满意度 within 部门)`) for this
    record's group; `id` is the aggregate's IR node id, which is also its key."""

    id: str

    @property
    def key(self) -> str:
        return self.id


@dataclass(frozen=True)
class SelfValue(Ref):
    """`value` inside an indicator's score, cap, floor or outcomes: that indicator's own value.

    Only the resolver produces it (a template's clauses are shared by every indicator made from
    it, so the binding is relative); lowering turns it into the owner's `IndicatorRef(VALUE)`.
    """

    @property
    def key(self) -> str:
        return "value"


@dataclass(frozen=True)
class HistoryRef(Ref):
    """The same employee's value of `of` in another period."""

    when: When
    of: Ref

    @property
    def key(self) -> str:
        return f"{self.when.value}({self.of.key})"


@dataclass(frozen=True)
class Callee:
    """Base of what a call can call."""


@dataclass(frozen=True)
class TableRef(Callee):
    """A named ladder, scale or band set, applied to one value."""

    kind: TableKind
    name: str


@dataclass(frozen=True)
class BuiltinRef(Callee):
    """A function of the allow-list in `builtins.py`."""

    name: str


@dataclass(frozen=True)
class TemplateRef(Callee):
    """`indicator X from TEMPLATE`: the template an indicator was made from."""

    name: str
