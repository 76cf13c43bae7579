"""Public result models (pydantic). Decimals serialise to JSON as strings, so no digit is lost.

These are the shapes the embedding API returns and `kpi eval -o results.json` writes. They are
built from the interpreter's records (`outcome.py`) with `model_construct` (the interpreter already
guarantees the types), so building them costs little per record.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from .outcome import RecordData

if TYPE_CHECKING:
    from .explain import Explainer

ResultValue = Decimal | str | bool | dt.date | None


class ItemResult(BaseModel):
    """One indicator or group for one record."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: Literal["indicator", "group"]
    parent: str | None = None
    weight: Decimal | None = None
    weight_applied: Decimal | None = None
    value: ResultValue = None
    score: Decimal | None = None
    contribution: Decimal | None = None
    skipped: bool = False
    reason: str | None = None
    tier: str | None = None


class AdjustmentResult(BaseModel):
    """A deduction or bonus applied to the record (after its cap)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["deduct", "bonus"]
    label: str
    amount: Decimal
    uncapped: Decimal
    source: str | None = None
    taken_from_item: Decimal = Decimal(0)
    spilled: Decimal = Decimal(0)


class VetoResult(BaseModel):
    """A veto that fired, with its effect."""

    model_config = ConfigDict(frozen=True)

    label: str
    effect: Literal["no_bonus", "grade"]
    grade: str | None = None


class OverrideResult(BaseModel):
    """A value changed by people after calibration (`kpi eval --overrides`), beside the computed one."""

    model_config = ConfigDict(frozen=True)

    field: str
    computed: ResultValue = None
    final: ResultValue = None
    reason: str
    approver: str
    row: int
    source: str


class RecordResult(BaseModel):
    """The outcome for one employee (one record)."""

    model_config = ConfigDict(frozen=True)

    id: str
    period: str | None = None
    total: Decimal | None
    total_exact: Decimal | None
    base_score: Decimal | None
    deductions: Decimal | None
    bonuses: Decimal | None
    grade: str | None = None
    #: Whether any veto fired (`no bonus` or `-> grade`), as a test's `expect vetoed` reads it.
    vetoed: bool = False
    #: The grade the bands gave the total, when a `-> grade` veto replaced it; otherwise None.
    grade_before_veto: str | None = None
    bonus_eligible: bool = True
    vetoes: list[VetoResult] = []
    items: list[ItemResult] = []
    adjustments: list[AdjustmentResult] = []
    population: dict[str, ResultValue] = {}
    #: Report-only fields (hidden ones left out), in the order written.
    fields: dict[str, ResultValue] = {}
    #: Whether each veto fired, by label.
    veto_flags: dict[str, bool] = {}
    #: Why the record is not appraised (it then has no total, grade or items), or None.
    excluded: str | None = None
    #: With overrides: the overrides applied, and the computed value of every field that differs.
    overrides: list[OverrideResult] = []
    computed: dict[str, ResultValue] | None = None
    trace: list[dict[str, Any]] | None = None

    def item(self, name: str) -> ItemResult:
        """The result of one indicator or group by name.

        Raises:
            KeyError: no such item.
        """
        for it in self.items:
            if it.name == name:
                return it
        raise KeyError(name)


class Results(BaseModel):
    """All records of one evaluation run."""

    model_config = ConfigDict(frozen=True)

    scheme: str
    version: str | None = None
    period: str | None = None
    records: list[RecordResult]

    def by_id(self, record_id: str) -> RecordResult:
        """One record by id.

        Raises:
            KeyError: no record has that id.
        """
        for r in self.records:
            if r.id == record_id:
                return r
        raise KeyError(record_id)


def to_model(data: RecordData, explainer: Explainer | None = None) -> RecordResult:
    """The public model of one evaluated record; `explainer` renders its trace, if it has one."""
    items = [
        ItemResult.model_construct(
            name=i.name, kind=i.kind, parent=i.parent, weight=i.weight, weight_applied=i.weight_applied,
            value=i.value, score=i.score, contribution=i.contribution, skipped=i.skipped, reason=i.reason, tier=i.tier,
        )
        for i in data.items
    ]
    adjustments = [
        AdjustmentResult.model_construct(
            kind=a.kind, label=a.label, amount=a.amount, uncapped=a.uncapped, source=a.source,
            taken_from_item=a.taken_from_item, spilled=a.spilled,
        )
        for a in data.adjustments
    ]
    vetoes = [VetoResult.model_construct(label=v.label, effect=v.effect, grade=v.grade) for v in data.vetoes]
    hidden = {f.name for f in explainer.scheme.fields if f.hidden} if explainer is not None else set()
    fields = {name: v for name, v in data.fields.items() if name not in hidden}
    out = data.excluded is not None or data.level is not None
    return RecordResult.model_construct(
        id=data.id, period=data.period, total=None if out else data.total, total_exact=None if out else data.total_exact,
        base_score=None if out else data.base_score, deductions=None if out else data.deductions,
        bonuses=None if out else data.bonuses, grade=data.grade, vetoed=bool(data.vetoes), grade_before_veto=data.grade_before_veto,
        bonus_eligible=data.bonus_eligible, vetoes=vetoes, items=items, adjustments=adjustments, population=dict(data.population),
        fields=fields, veto_flags=dict(data.veto_flags), excluded=data.excluded,
        overrides=[OverrideResult.model_construct(field=o.field, computed=o.computed, final=o.final, reason=o.reason,
                                                  approver=o.approver, row=o.row, source=o.source) for o in data.overrides],
        computed=dict(data.computed) if data.computed is not None else None,
        trace=[explainer.to_dict(e) for e in data.trace] if data.trace is not None and explainer is not None else None,
    )
