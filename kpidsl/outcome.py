"""What one record's evaluation produced: items, adjustments, vetoes, totals, grade, population
outputs and the trace.

These mutable records are filled in by the interpreter and turned into the public pydantic models by
`results.py` (and into tables and files by `report.py`); they live here, apart from the
interpreter, so that results, reports and lint never depend on how a scheme is evaluated.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal

from .numbers import ZERO
from .prebuilt import dataclass
from .trace import TraceEvent
from .values import Env, Value

#: Built-in column names of table-shaped results (besides items, rules, fields and vetoes' own columns).
FIXED_COLUMNS = ("id", "period", "base_score", "deductions", "bonuses", "total", "total_exact", "grade", "bonus", "vetoes",
                 "excluded")

#: Why an indicator was skipped, as results report it (`reason`), by the cause its outcome names.
SKIP_REASONS = {"zero": "zero denominator", "zero_in_score": "zero denominator in the score", "missing": "missing value"}


@dataclass(slots=True)
class ItemData:
    """What happened to one indicator or group for one record."""

    name: str
    kind: str  # indicator | group
    parent: str | None
    weight: Decimal | None
    weight_applied: Decimal | None = None
    value: Value = None
    score: Decimal | None = None
    contribution: Decimal | None = None
    skipped: bool = False
    reason: str | None = None
    tier: str | None = None


@dataclass(slots=True)
class AdjustmentData:
    kind: str  # deduct | bonus
    label: str
    amount: Decimal
    uncapped: Decimal
    source: str | None = None
    taken_from_item: Decimal = ZERO
    spilled: Decimal = ZERO


@dataclass(slots=True)
class VetoData:
    label: str
    effect: str
    grade: str | None


@dataclass(slots=True)
class OverrideData:
    """A value changed by people (`kpi eval --overrides`): the computed value stays beside it."""

    field: str  # total | grade | a population rule
    computed: Value
    final: Value
    reason: str
    approver: str
    row: int  # the row of the overrides file
    source: str  # the overrides file


@dataclass(slots=True)
class RecordData:
    """The full outcome for one record; turned into the public pydantic model by `results.py`."""

    id: str
    items: list[ItemData]
    base_score: Decimal
    adjustments: list[AdjustmentData]
    deductions: Decimal
    bonuses: Decimal
    total_exact: Decimal
    total: Decimal
    grade: str | None
    grade_before_veto: str | None
    vetoes: list[VetoData]
    bonus_eligible: bool
    trace: list[TraceEvent] | None = None
    #: The record's values (inputs, scores, totals), kept for the population stage.
    env: Env | None = None
    #: Outputs of the population rules (rank, distributed grade, share, ...), by rule name.
    population: dict[str, Value] = field(default_factory=dict)
    #: The period the record belongs to, when the scheme has a period column.
    period: str | None = None
    #: Report-only fields, by name, in the order written (hidden ones included).
    fields: dict[str, Value] = field(default_factory=dict)
    #: Whether each veto fired, by label, in the order written.
    veto_flags: dict[str, bool] = field(default_factory=dict)
    #: Why the record is not appraised (the first exclusion that applies), or None.
    excluded: str | None = None
    #: The overrides applied to this record (`kpi eval --overrides`), in the file's order.
    overrides: list[OverrideData] = field(default_factory=list)
    #: With overrides: the computed value of each field whose final value differs.
    computed: dict[str, Value] | None = None
    #: A row of `kpi eval --level` (its `period` is of that unit): roll-ups and fields only.
    level: str | None = None
