"""The fixed choices of the language: every keyword value a clause accepts, as an enum.

The parser keeps the word as written; the checks accept only these values (reporting others with
did-you-mean), and the IR carries the enum, so a backend matches on a closed set.
"""

from __future__ import annotations

from enum import StrEnum


class Period(StrEnum):
    """Evaluation periods a scheme or an indicator may declare (the calendar of `period` inputs)."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


class Category(StrEnum):
    """Balanced-scorecard categories."""

    F = "F"
    C = "C"
    P = "P"
    L = "L"


#: Every word `category` accepts, and the category it means (Chinese names included).
CATEGORY_WORDS = {"F": Category.F, "C": Category.C, "P": Category.P, "L": Category.L,
                  "财务": Category.F, "客户": Category.C, "内部流程": Category.P, "学习与成长": Category.L}


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Combine(StrEnum):
    """How a container combines its items' scores."""

    SUM = "sum"
    MEAN = "mean"


class OutcomeKind(StrEnum):
    """What `on zero` / `on missing` do."""

    SKIP = "skip"
    ERROR = "error"
    VALUE = "value"


class RaterMethod(StrEnum):
    MEAN = "mean"
    WEIGHTED = "weighted"
    TRIMMED = "trimmed"


class MissingRater(StrEnum):
    EXCLUDE = "exclude"
    ZERO = "zero"
    ERROR = "error"


class AdjustmentKind(StrEnum):
    DEDUCT = "deduct"
    BONUS = "bonus"


class VetoEffect(StrEnum):
    NO_BONUS = "no_bonus"
    GRADE = "grade"


class GradeReads(StrEnum):
    """Which total a grade reads."""

    ROUNDED = "rounded"
    EXACT = "exact"


class Rounding(StrEnum):
    """How a distribution rounds headcounts."""

    LARGEST_REMAINDER = "largest_remainder"
    HALF_UP = "half_up"


class Boundary(StrEnum):
    """Records tied across a quota line."""

    STRICT = "strict"
    HIGHER = "higher"
    LOWER = "lower"


class DistMode(StrEnum):
    """What a distributed grade does to the record's grade."""

    SEPARATE = "separate"
    REPLACE = "replace"
    CAP = "cap"


class ShareRounding(StrEnum):
    """How the shares of a pool are rounded to its places."""

    BALANCE = "balance"  # largest remainder: the shares add up to the amount exactly
    EACH = "each"  # each share half-up on its own: the shares need not add up


class Aggregation(StrEnum):
    """What an aggregate over a group of records computes."""

    MEAN = "mean"
    SUM = "sum"
    MIN = "min"
    MAX = "max"
    MEDIAN = "median"
    COUNT = "count"


class RollupMethod(StrEnum):
    MEAN = "mean"
    SUM = "sum"
    WEIGHTED = "weighted"


class RollupMissing(StrEnum):
    """What a roll-up does with a period of its unit that has no value for the employee."""

    EXCLUDE = "exclude"  # left out (and named in explain)
    ZERO = "zero"  # counts as 0
    ERROR = "error"  # stops the run, naming the employee and the period


def words(choice: type[StrEnum]) -> tuple[str, ...]:
    """The words a choice accepts, in declaration order (for messages and did-you-mean)."""
    return tuple(c.value for c in choice)
