"""The IR of a scheme: what to compute for each record and over each period, in order.

Every node is a frozen dataclass with a stable `id` derived from names (`indicator:采购计划完成率`,
`indicator:采购计划完成率/value`, `deduct:旷工`, `rule:部门排名`), so two compilations of one scheme
give the same ids, and inserting an unrelated item changes no other id. The evaluation order is
explicit: `stages` is a sequence of stages (per record, then per period), each an ordered sequence
of steps whose dependencies come first. A backend walks the steps; nothing it needs is hidden in
the syntax tree or in closures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from decimal import Decimal
from enum import StrEnum

from ..choices import (
    AdjustmentKind,
    Aggregation,
    Boundary,
    Combine,
    DistMode,
    GradeReads,
    MissingRater,
    OutcomeKind,
    Period,
    RaterMethod,
    RollupMethod,
    RollupMissing,
    Rounding,
    ShareRounding,
    VetoEffect,
)
from ..kinds import Kind
from ..prebuilt import dataclass
from ..source import Span
from ..values import InputType, Value
from .expr import Cond, Expr, Formula


@dataclass(frozen=True)
class Node:
    """Base of IR nodes that steps and trace events point at."""

    id: str
    span: Span


# --------------------------------------------------------------------------------- inputs, tables


@dataclass(frozen=True)
class Input(Node):
    """One input column: its type, how data columns are matched to it, range and default."""

    name: str
    type: InputType
    label: str | None
    aliases: tuple[str, ...]
    range: Cond | None
    default: Value
    has_default: bool
    optional: bool
    #: `as points`: the data writes a percent as points (95 for 95%) instead of a ratio.
    as_points: bool = False
    #: `column optional`: a data file may have no column for it (then every record has the default).
    column_optional: bool = False
    #: `period from 年度, 季度`: the columns a period input is made of, the year first.
    period_from: tuple[str, ...] = ()
    #: `in 责任心分`: the only values a text input takes (the scale's labels), and the scale's name.
    labels: tuple[str, ...] | None = None
    labels_scale: str | None = None

    @property
    def kind(self) -> Kind:
        return self.type.value_kind

    @property
    def column_names(self) -> tuple[str, ...]:
        """Header texts that map a data column to this input: name, label, aliases."""
        return (self.name, *((self.label,) if self.label else ()), *self.aliases)


@dataclass(frozen=True)
class ConstantDef(Node):
    name: str
    value: Value
    kind: Kind


@dataclass(frozen=True)
class Tier(Node):
    cond: Cond
    result: Expr  # constants only: folded, unless computing it fails (it then fails when used)


@dataclass(frozen=True)
class Ladder(Node):
    """Tiers tried in order; `name` is None for a ladder written inside an indicator."""

    name: str | None
    tiers: tuple[Tier, ...]
    uses_percent: bool  # bounds written as percentages (explain then shows 96% too)
    kind: Kind


@dataclass(frozen=True)
class Level(Node):
    label: str
    low: Decimal
    high: Decimal  # equal to low for a fixed-point level
    note: str | None

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class Scale(Node):
    name: str
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Band(Node):
    label: str
    cond: Cond


@dataclass(frozen=True)
class Bands(Node):
    name: str  # `grade` for the bands written in the grade statement
    bands: tuple[Band, ...]


Table = Ladder | Scale | Bands


# --------------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class Weight:
    value: Decimal
    text: str
    span: Span

    @property
    def is_percent(self) -> bool:
        return self.text.endswith("%")


@dataclass(frozen=True)
class Outcome(Node):
    """`on zero` / `on missing`: skip the item, fail the record, or use this value instead."""

    kind: OutcomeKind
    value: Formula | None


@dataclass(frozen=True)
class Scoring(Node):
    """Base of the ways an indicator turns its value into a score (one class per kind)."""


@dataclass(frozen=True)
class LadderScoring(Scoring):
    ladder: Ladder
    named: bool  # a named ladder of the scheme (else written inline)


@dataclass(frozen=True)
class ScaleScoring(Scoring):
    scale: Scale


@dataclass(frozen=True)
class ProportionalScoring(Scoring):
    """score = value / target x full."""

    target: Formula
    full: Formula


@dataclass(frozen=True)
class Rater(Node):
    role: str
    inputs: tuple[str, ...]  # averaged within the group
    weight: Weight | None


@dataclass(frozen=True)
class RatersScoring(Scoring):
    raters: tuple[Rater, ...]
    method: RaterMethod
    trim: int
    missing: MissingRater
    method_span: Span | None
    missing_span: Span | None
    scale: Scale | None = None  # raters mark with this scale's labels (or its points)


@dataclass(frozen=True)
class FormulaScoring(Scoring):
    formula: Formula


@dataclass(frozen=True)
class ValueScoring(Scoring):
    """No `score` clause: the score is the value."""


@dataclass(frozen=True)
class Adjustment(Node):
    """A deduction or bonus; one taken `from` an indicator is computed while it is scored."""

    kind: AdjustmentKind
    label: str
    amount: Formula
    cap: Formula | None
    source: str | None
    spill: bool


@dataclass(frozen=True)
class Indicator(Node):
    name: str
    weight: Weight | None
    parent: str | None  # the group it belongs to
    template: str | None
    code: str | None
    category: str | None
    value: Formula | None
    on_zero: Outcome | None
    on_missing: Outcome | None
    scoring: Scoring
    cap: Formula | None
    floor: Formula | None
    deductions: tuple[Adjustment, ...]  # taken from this indicator's points, in source order
    round_places: int | None
    direction: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Group(Node):
    """A group of items combined into one score; the scheme's top level is the group `base`."""

    name: str  # "" for the top level
    weight: Weight | None
    parent: str | None
    combine: Combine
    members: tuple[str, ...]  # item names, in source order
    member_weights: tuple[Weight | None, ...]


# --------------------------------------------------------------------------------- after scoring


@dataclass(frozen=True)
class Veto(Node):
    label: str
    condition: Formula
    effect: VetoEffect
    grade: str | None
    effect_span: Span


@dataclass(frozen=True)
class Total(Node):
    """The total: its formula (else base score - deductions + bonuses), cap and floor, and the
    scheme's rounding into the published total."""

    formula: Formula | None
    cap: Formula | None
    floor: Formula | None
    round_places: int | None
    round_span: Span | None
    stated: bool  # the scheme writes a `total` statement (else the span is the scheme's)


@dataclass(frozen=True)
class Grade(Node):
    reads: GradeReads
    bands: Bands
    named: bool


# --------------------------------------------------------------------------------- fields, exclusions


@dataclass(frozen=True)
class Field(Node):
    """A named value computed and shown, never scored (`field 达成率 = ...`): any kind; rounded
    half-up to `round_places`; shown as a percentage with `percent` places; `hidden` ones are
    read and explained but not shown."""

    name: str
    formula: Formula
    round_places: int | None
    percent: int | None
    label: str | None
    hidden: bool
    on_zero: Outcome | None

    @property
    def kind(self) -> Kind:
        return self.formula.kind


@dataclass(frozen=True)
class Exclusion(Node):
    """`exclude "REASON" when COND`: a record the condition holds for is not appraised (the first
    exclusion that applies gives the reason); its condition reads inputs and constants only."""

    reason: str
    condition: Formula


@dataclass(frozen=True)
class Aggregate(Node):
    """A value over a group of records (`mean(满意度 within 部门)`), computed over the period's
    records that are not excluded and given to each record of the group under its id.

    `expr` is read on every member (None: `count` counts the members), `where` keeps the members
    it holds for; with `per`, each subgroup gives one value first.
    """

    func: Aggregation
    expr: Formula | None
    where: Formula | None
    within: Within  # no columns: every record of the period (`over all`)
    per: Within | None
    text: str  # as written: `mean(满意度 within 部门)`
    kind: Kind


# --------------------------------------------------------------------------------- population rules


@dataclass(frozen=True)
class SortKey:
    formula: Formula
    descending: bool
    span: Span


@dataclass(frozen=True)
class Within:
    """The input columns that split the period's records into groups (none: one group)."""

    columns: tuple[str, ...]


@dataclass(frozen=True)
class LabelValue:
    label: str
    value: Decimal
    text: str
    span: Span


@dataclass(frozen=True)
class Share:
    """`2 -> 20%`: the share of the amount paid to a rank position."""

    position: int
    share: Decimal
    text: str
    span: Span


@dataclass(frozen=True)
class Rule(Node):
    """Base of population rules: each gives every record of the period one value, `name`."""

    name: str


@dataclass(frozen=True)
class RankRule(Rule):
    keys: tuple[SortKey, ...]  # the key, then the tie-breakers
    within: Within


@dataclass(frozen=True)
class PercentileRule(Rule):
    key: SortKey
    within: Within


@dataclass(frozen=True)
class DistributeRule(Rule):
    keys: tuple[SortKey, ...]
    within: Within
    quotas: tuple[LabelValue, ...]
    rounding: Rounding
    boundary: Boundary
    min_group: int | None
    fallback: str | None  # "bands" or a label, for groups smaller than min_group
    mode: DistMode


@dataclass(frozen=True)
class CoefficientRule(Rule):
    source: str  # a distribute rule, or "grade"
    values: tuple[LabelValue, ...]


@dataclass(frozen=True)
class PoolRule(Rule):
    amount: Formula
    by: str  # a coefficient rule
    within: Within
    places: int
    prorate: Formula | None
    rounding: ShareRounding = ShareRounding.BALANCE


@dataclass(frozen=True)
class SharesRule(Rule):
    amount: Formula
    by: str  # a rank rule
    within: Within
    shares: tuple[Share, ...]
    places: int = 2
    rounding: ShareRounding = ShareRounding.BALANCE


@dataclass(frozen=True)
class NormaliseRule(Rule):
    key: SortKey
    within: Within
    weight: Formula
    rounding: tuple[tuple[str, int], ...] = ()  # (step, places): `round average 2`

    def places(self, step: str) -> int | None:
        """The places a step is rounded to (half-up), or None when it is kept exact."""
        return next((p for s, p in self.rounding if s == step), None)


@dataclass(frozen=True)
class FlagRule(Rule):
    condition: Formula
    periods: int


@dataclass(frozen=True)
class RollupRule(Rule):
    """A value over the periods of a unit: of the whole unit, on every record of it, computed once
    every period is evaluated; or (`to_date`) over the unit's periods up to the record's own."""

    method: RollupMethod
    expr: Formula
    over: Period
    weight: Formula | None
    to_date: bool = False
    #: The calendar of the values rolled up: the scheme's, or the unit of the roll-ups `expr` reads.
    grain: Period | None = None
    round_places: int | None = None
    #: `at least 6 months`: fewer periods with a value leave the roll-up empty.
    at_least: int | None = None
    missing: RollupMissing = RollupMissing.EXCLUDE


# --------------------------------------------------------------------------------- the scheme


class Stage(StrEnum):
    """When steps run: for each record on its own, or over every record of a period."""

    RECORD = "record"
    POPULATION = "population"


Step = Indicator | Group | Adjustment | Total | Veto | Grade | Field | Exclusion | Aggregate | Rule


@dataclass(frozen=True)
class StageSteps:
    stage: Stage
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Scheme(Node):
    """A compiled scheme: declarations in source order, and the stages that evaluate it."""

    title: str
    version: str | None
    period_unit: Period | None
    round_places: int | None
    id_input: str | None
    period_input: str | None
    full_marks: Decimal | None
    inputs: tuple[Input, ...]
    constants: tuple[ConstantDef, ...]
    tables: tuple[Table, ...]  # named ladders, scales and band sets
    indicators: tuple[Indicator, ...]  # source order (see `stages` for evaluation order)
    groups: tuple[Group, ...]  # source order, the top level (`base`) last
    adjustments: tuple[Adjustment, ...]  # general ones (those taken `from` an item are on it)
    vetoes: tuple[Veto, ...]
    total: Total
    grade: Grade | None
    rules: tuple[Rule, ...]
    stages: tuple[StageSteps, ...]
    item_order: tuple[str, ...]  # items as results list them: the tree, depth first
    #: `data { drop summary_rows }`: 合计 / 平均 rows are dropped instead of stopping the run.
    drop_summary_rows: bool = False
    #: `overrides { after ... }`: the population rules that run after `--overrides` is applied.
    after_overrides: tuple[str, ...] = ()
    #: `overrides { before ... }`: the rules the scheme keeps on the computed values on purpose.
    before_overrides: tuple[str, ...] = ()
    index: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    fields: tuple[Field, ...] = ()  # source order
    exclusions: tuple[Exclusion, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    #: Roll-ups of whole periods and the fields that read them, in order: computed once every
    #: period is evaluated (they are in no stage).
    after_periods: tuple[Step, ...] = ()

    def node(self, node_id: str) -> object:
        """The node (or formula) with this id.

        Raises:
            KeyError: no such id in this scheme.
        """
        return self.index[node_id]

    def steps(self, stage: Stage) -> tuple[Step, ...]:
        """Every step of one sort, in evaluation order (over all the stages of that sort)."""
        return tuple(step for s in self.stages if s.stage is stage for step in s.steps)

    @property
    def staged(self) -> bool:
        """True when records are evaluated in several passes: a record step reads a population
        value (`stages` then holds more than one record stage), or the scheme has aggregates."""
        return sum(1 for s in self.stages if s.stage is Stage.RECORD) > 1 or bool(self.aggregates)

    @property
    def over_population(self) -> bool:
        """True when some step needs every record of the period (a rule or an aggregate)."""
        return bool(self.rules) or bool(self.aggregates)

    def population_phases(self) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
        """The population rules that run before the overrides and those that run after them, each
        in the order written (the resolver checks that no rule before reads one after)."""
        rules = [r for r in self.steps(Stage.POPULATION) if isinstance(r, Rule)]
        after = set(self.after_overrides)
        return tuple(r for r in rules if r.name not in after), tuple(r for r in rules if r.name in after)

    @property
    def base(self) -> Group:
        return self.groups[-1]

    def indicator(self, name: str) -> Indicator:
        return next(i for i in self.indicators if i.name == name)

    def input(self, name: str) -> Input | None:
        return next((i for i in self.inputs if i.name == name), None)
