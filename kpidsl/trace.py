"""Trace events: what each step of an evaluation did, as data.

An event names its kind, the IR node it is about (a stable id such as `indicator:采购计划完成率/value`),
the record values it read with their values, the value it produced, kind-specific facts (the tier
that matched, the cap that cut, the headcounts of a distribution) and the span of the rule. It holds
no wording: `explain/` turns events into text (in a table of phrases per language) and JSON, so the
interpreter never builds a sentence, and a language only needs a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .prebuilt import dataclass
from .source import Span
from .values import Value

_NO_FACTS: Mapping[str, Any] = MappingProxyType({})


class Ev(StrEnum):
    """The kinds of trace event, in the order evaluation can emit them."""

    INPUT = "input"  # an input's value (fact: defaulted)
    EXCLUDE = "exclude"  # an exclusion's condition (inputs, result: applies)
    INDICATOR = "indicator"  # an indicator begins
    VALUE = "value"  # its value formula (inputs, result)
    VALUE_ZERO = "value_zero"  # its value formula divided by zero (fact: denominator)
    OUTCOME = "outcome"  # `on zero` / `on missing` gave a value (fact: cause)
    SKIP = "skip"  # the item is skipped (fact: cause)
    SCORE_LADDER = "score_ladder"  # the value's tier (facts: value, tier; better, target, strict, units: interp/gaps.py;
    # or `given` when an `on zero` / `on missing` outcome gave a value below the top: no distance then)
    SCORE_SCALE = "score_scale"  # the value's scale level (facts: value, level)
    SCORE_PROPORTIONAL = "score_proportional"  # value / target x full (facts: value, target, full)
    SCORE_FORMULA = "score_formula"  # a score formula (inputs, result)
    SCORE_VALUE = "score_value"  # the score is the value
    BRANCH = "branch"  # an `if` in a formula chose a branch (fact: branch, "then" or "else"; node: the formula)
    LOOKUP = "lookup"  # a ladder, scale or band set called in a formula (facts: row, the tier, level or band id; value)
    RATER = "rater"  # one rater group's score (facts: values, given)
    RATERS_MISSING = "raters_missing"  # rater groups that gave no score (fact: absent)
    SCORE_RATERS = "score_raters"  # the raters combined (facts: present, kept, weight_sum)
    CAP = "cap"  # an indicator's score cut to its cap (fact: before)
    FLOOR = "floor"  # an indicator's score raised to its floor (fact: before)
    DEDUCT_FROM = "deduct_from"  # a deduction taken from an item's points (facts: score, taken, rest)
    ROUND_SCORE = "round_score"  # an indicator's score rounded (fact: before)
    WEIGHTS = "weights"  # a weighted sum begins (facts: skipped, all, present)
    WEIGHTED = "weighted"  # one member's weighted contribution (facts: member, score, all, present)
    GROUP_MEAN = "group_mean"  # a group's mean (fact: parts)
    GROUP_SUM = "group_sum"  # a group's sum of points or contributions (fact: parts)
    BASE = "base"  # the base score (fact: parts)
    ADJUSTMENT = "adjustment"  # a deduction or bonus amount (inputs, result; fact: cap)
    TOTAL = "total"  # the total formula (inputs, result)
    TOTAL_DEFAULT = "total_default"  # base score - deductions + bonuses (facts)
    TOTAL_CAP = "total_cap"  # the total cut to its cap (fact: before)
    TOTAL_FLOOR = "total_floor"  # the total raised to its floor (fact: before)
    ROUND_TOTAL = "round_total"  # the published total (fact: exact)
    VETO = "veto"  # a veto's condition (inputs, result: fired)
    GRADE = "grade"  # the band the total falls in (facts: reads, total; better, target, strict: interp/gaps.py)
    GRADE_VETO = "grade_veto"  # a veto's grade replaces it (fact: before)
    FIELD = "field"  # a report-only field (inputs, result; facts: exact, rounded, zero)
    AGGREGATE = "aggregate"  # a value over this record's group (facts: group, values, left_out, ...)
    RANK = "rank"
    PERCENTILE = "percentile"
    DIST_FALLBACK = "dist_fallback"  # a group too small for quotas
    DIST_HEADCOUNTS = "dist_headcounts"
    DIST_POSITION = "dist_position"
    DIST_TIE = "dist_tie"  # a tie across a quota line
    DIST_VETO = "dist_veto"  # a `-> grade` veto's grade, not ranked (facts: veto, counted, group, size)
    GRADE_CAPPED = "grade_capped"  # `mode cap` lowered the grade
    COEFFICIENT = "coefficient"
    POOL = "pool"
    SHARES = "shares"
    NORMALISE_FIRST = "normalise_first"
    NORMALISE_WEIGHT = "normalise_weight"
    NORMALISE_RESULT = "normalise_result"
    FLAG = "flag"
    ROLLUP = "rollup"
    ROLLUP_WHOLE = "rollup_whole"  # a roll-up of a whole period: its periods, values, missing ones
    OVERRIDE = "override"  # a value changed by people (facts: field, computed, reason, approver, row, file)


@dataclass(frozen=True, slots=True)
class TraceEvent:
    """One step of an evaluation, as data (see the module docstring)."""

    kind: Ev
    node: str
    span: Span | None = None
    depth: int = 0
    inputs: tuple[tuple[str, Value], ...] = ()
    result: Value = None
    facts: Mapping[str, Any] = field(default_factory=lambda: _NO_FACTS)

    def fact(self, name: str) -> Any:
        """A kind-specific fact (KeyError when the kind does not record it)."""
        return self.facts[name]

    def values(self) -> dict[str, Value]:
        """The record values the step read, by reference key."""
        return dict(self.inputs)
