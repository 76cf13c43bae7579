"""The typed syntax tree: frozen, slotted dataclasses, each carrying the `Span` it came from.

No Lark tree gets past `transform.py`; the checks, the planner and the explain renderer only see
these classes. Sum types are small base classes (`Expr`, `Condition`, `Scoring`), so a `match`
over them is exhaustive and mypy can tell.
"""

from __future__ import annotations

from decimal import Decimal

from .nodes_expr import (
    Aggregate,
    Attribute,
    Band,
    Binary,
    Bool,
    Bound,
    Call,
    Compare,
    Comparison,
    Condition,
    DateLiteral,
    Empty,
    Expr,
    IfExpr,
    Interval,
    Level,
    Logical,
    Membership,
    Name,
    Neg,
    Node,
    Not,
    Number,
    Otherwise,
    String,
    Tier,
    Within,
)
from .nodes_options import OverridesOrder
from .prebuilt import dataclass
from .source import Span

__all__ = [
    "Adjustment", "Aggregate", "Attribute", "Band", "BandsDef", "Binary", "Bool", "Bound", "Call",
    "CoefficientRule", "Comment", "Compare", "Comparison", "Condition", "ConstDef", "DataOptions", "DateLiteral", "Definition",
    "DistributeRule", "Empty", "Exclusion", "Expect", "Expr", "ExprScore", "FieldDef", "FlagRule", "Given", "Grade",
    "Group", "IfExpr", "Import", "Indicator", "InlineLadder", "InputDecl", "Interval", "LabelValue", "LadderDef",
    "LadderRef", "Level", "Logical", "Membership", "Meta", "Module", "Name", "Neg", "Node", "NormaliseRule", "Not",
    "Number", "Otherwise", "Outcome", "Param", "PercentileRule", "PoolRule", "PopulationRule", "Proportional",
    "RankRule", "Rater", "Raters", "RollupRule", "ScaleDef", "ScaleRef", "Scheme", "Scoring", "ShareRounding",
    "SharesRule", "SortKey", "String", "TemplateDef", "TestCase", "TestValue", "Tier", "Total", "Veto", "Weight",
    "Within",
]


# --------------------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class Definition(Node):
    name: str
    name_span: Span


@dataclass(frozen=True)
class ConstDef(Definition):
    expr: Expr


@dataclass(frozen=True)
class LadderDef(Definition):
    tiers: tuple[Tier, ...]


@dataclass(frozen=True)
class ScaleDef(Definition):
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class BandsDef(Definition):
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class InputDecl(Definition):
    type_name: str
    type_span: Span
    label: str | None
    aliases: tuple[str, ...]
    range: Condition | None
    default: Expr | None
    optional: bool
    #: The `as points` clause of a percent input (the data writes 95 for 95%), or None.
    as_points: Span | None = None
    #: The `column optional` clause: the data may have no column for the input, or None.
    column_optional: Span | None = None
    #: `period from 年度, 季度`: the columns a period is made of (year first), and the clause's span.
    period_from: tuple[str, ...] = ()
    period_from_span: Span | None = None
    #: `in 责任心分`: a text input limited to a scale's labels: the scale's name, and that name's span.
    labels_from: str | None = None
    labels_span: Span | None = None


# --------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Scoring(Node):
    """Base of the ways an indicator turns its value into a score."""


@dataclass(frozen=True)
class LadderRef(Scoring):
    name: str


@dataclass(frozen=True)
class InlineLadder(Scoring):
    tiers: tuple[Tier, ...]


@dataclass(frozen=True)
class ScaleRef(Scoring):
    name: str


@dataclass(frozen=True)
class Proportional(Scoring):
    """score = value / target x full."""

    target: Expr
    full: Expr


@dataclass(frozen=True)
class Rater(Node):
    """A rater group: one or more inputs (averaged within the group) and an optional weight."""

    role: str
    inputs: tuple[str, ...]
    input_spans: tuple[Span, ...]
    weight: Weight | None


@dataclass(frozen=True)
class Raters(Scoring):
    raters: tuple[Rater, ...]
    method: str  # mean | weighted | trimmed
    method_span: Span | None
    trim: int  # raters dropped from each end with `trimmed`
    missing: str  # exclude | zero | error
    missing_span: Span | None
    scale: str | None = None  # raters mark with this scale's labels
    scale_span: Span | None = None


@dataclass(frozen=True)
class ExprScore(Scoring):
    expr: Expr


# --------------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class Weight(Node):
    value: Decimal
    text: str

    @property
    def is_percent(self) -> bool:
        return self.text.endswith("%")


@dataclass(frozen=True)
class Outcome(Node):
    """What happens on a zero denominator or a missing value: skip, error or a value."""

    kind: str  # skip | error | value
    expr: Expr | None


@dataclass(frozen=True)
class Param(Node):
    """`param 满分线 = 95%`: a value a template's formulas use, which a scheme may override."""

    name: str
    name_span: Span
    expr: Expr


@dataclass(frozen=True)
class Indicator(Definition):
    weight: Weight | None
    code: str | None
    category: str | None
    period: str | None
    direction: str | None
    source: str | None
    owner: str | None
    description: str | None
    unit: str | None
    name_en: str | None
    value: Expr | None
    scoring: Scoring | None
    on_zero: Outcome | None
    on_missing: Outcome | None
    cap: Expr | None
    floor: Expr | None
    round_places: int | None
    word_spans: tuple[tuple[str, Span], ...]  # spans of category/period/direction words
    template: str | None = None  # `indicator X from TEMPLATE`
    template_span: Span | None = None
    params: tuple[Param, ...] = ()  # in a template: its parameters; in a scheme: overrides
    clauses: frozenset[str] = frozenset()  # the clauses written here (for merging with a template)


@dataclass(frozen=True)
class TemplateDef(Definition):
    """A reusable indicator definition (stdlib or shared module)."""

    body: Indicator  # the indicator as the template defines it (name = the template's name)
    inputs: tuple[InputDecl, ...]
    tests: tuple[TestCase, ...]


@dataclass(frozen=True)
class Group(Definition):
    weight: Weight | None
    combine: str  # sum | mean
    combine_span: Span | None
    members: tuple[Indicator | Group, ...]
    description: str | None
    code: str | None


@dataclass(frozen=True)
class Adjustment(Node):
    """A per-occurrence deduction or bonus item."""

    kind: str  # deduct | bonus
    label: str
    amount: Expr
    cap: Expr | None
    source: str | None  # `from INDICATOR`: taken from that item's points first
    source_span: Span | None
    spill: bool


@dataclass(frozen=True)
class Veto(Node):
    label: str
    condition: Expr
    effect: str  # no_bonus | grade
    grade: str | None
    effect_span: Span


@dataclass(frozen=True)
class Total(Node):
    expr: Expr | None
    cap: Expr | None
    floor: Expr | None


@dataclass(frozen=True)
class Grade(Node):
    reads: str  # rounded | exact
    reads_span: Span | None
    ref: str | None
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Meta(Node):
    key: str
    value: str | Decimal


@dataclass(frozen=True)
class FieldDef(Definition):
    """`field 达成率 = 实际 / 目标 { percent 2 }`: a value computed and shown, never scored."""

    expr: Expr
    round_places: int | None = None
    percent: int | None = None  # shown as a percentage with this many places
    label: str | None = None  # the column header
    hidden: bool = False  # computed and read, not shown
    on_zero: Outcome | None = None


@dataclass(frozen=True)
class Exclusion(Node):
    """`exclude "考核期开始后入职" when 入职日期 > 考核期开始`: a record that is not appraised."""

    reason: str
    condition: Expr


# --------------------------------------------------------------------------------- population rules


@dataclass(frozen=True)
class SortKey(Node):
    """A value records are ordered by; descending (higher first) unless written `asc`."""

    expr: Expr
    descending: bool


@dataclass(frozen=True)
class LabelValue(Node):
    """A label with a number: a quota (`A 10%`) or a coefficient (`A 1.4`)."""

    label: str
    value: Decimal
    text: str


@dataclass(frozen=True)
class PopulationRule(Definition):
    """Base of the rules that run over all records of the period after each is scored."""


@dataclass(frozen=True)
class RankRule(PopulationRule):
    key: SortKey
    ties: tuple[SortKey, ...]
    within: Within | None


@dataclass(frozen=True)
class PercentileRule(PopulationRule):
    key: SortKey
    within: Within | None


@dataclass(frozen=True)
class DistributeRule(PopulationRule):
    key: SortKey
    ties: tuple[SortKey, ...]
    within: Within | None
    quotas: tuple[LabelValue, ...]
    rounding: str  # largest_remainder | half_up
    boundary: str  # higher | lower | strict
    min_group: int | None
    fallback: str | None  # "bands" or a label, for groups smaller than min_group
    mode: str  # separate | replace | cap
    option_spans: tuple[tuple[str, Span], ...]


@dataclass(frozen=True)
class CoefficientRule(PopulationRule):
    source: str  # a distribute rule, or `grade`
    source_span: Span
    values: tuple[LabelValue, ...]


@dataclass(frozen=True)
class ShareRounding(Node):
    """`balance largest_remainder` (shares add up to the amount) or `each half_up` (each share
    rounded on its own)."""

    mode: str  # balance | each
    method: str  # largest_remainder | half_up


@dataclass(frozen=True)
class PoolRule(PopulationRule):
    amount: Expr
    by: str  # a coefficient rule
    by_span: Span
    within: Within | None
    places: int
    prorate: Expr | None = None  # each share weighted by this factor (time in post for joiners/leavers)
    rounding: ShareRounding | None = None


@dataclass(frozen=True)
class SharesRule(PopulationRule):
    amount: Expr
    by: str  # a rank rule
    by_span: Span
    within: Within | None
    shares: tuple[tuple[int, Decimal, str, Span], ...]  # rank position, share, text, span
    places: int = 2
    rounding: ShareRounding | None = None
    prorate_span: Span | None = None  # `prorate` written here, where it does not apply


@dataclass(frozen=True)
class NormaliseRule(PopulationRule):
    key: SortKey
    within: Within
    weight: Expr
    rounding: tuple[tuple[str, int, Span], ...] = ()  # `round average 2`: a step and its places


@dataclass(frozen=True)
class FlagRule(PopulationRule):
    """`flag 晋升候选 when total >= 90 for 3 periods`: true when the condition held in this period and
    the periods just before it, for a person to decide on."""

    condition: Expr
    periods: int


@dataclass(frozen=True)
class RollupRule(PopulationRule):
    """`rollup 年度得分 = mean total over year { round 2 }`: an aggregate over the periods of the
    enclosing unit, one value for the whole unit (`over year to date`: the periods up to this one)."""

    method: str  # mean | sum | weighted
    method_span: Span
    expr: Expr
    over: str  # month | quarter | half_year | year
    over_span: Span
    weight: Expr | None = None  # `weighted EXPR by WEIGHT`
    to_date: Span | None = None  # `over year to date`
    round_places: int | None = None  # `{ round 2 }`
    at_least: tuple[int, str, Span] | None = None  # `{ at least 6 months }`: the count, the unit word
    missing: tuple[str, Span] | None = None  # `{ missing -> exclude | zero | error }`


# --------------------------------------------------------------------------------- tests


@dataclass(frozen=True)
class TestValue(Node):
    """A literal in a test case: number, text, true/false, or `missing`."""

    value: Decimal | str | bool | None
    text: str


@dataclass(frozen=True)
class Given(Node):
    name: str
    value: TestValue


@dataclass(frozen=True)
class Expect(Node):
    path: tuple[str, ...]
    value: TestValue


@dataclass(frozen=True)
class TestCase(Node):
    name: str
    given: tuple[Given, ...]
    expects: tuple[Expect, ...]


# --------------------------------------------------------------------------------- files


@dataclass(frozen=True)
class Import(Node):
    module: str  # "path/to/file.kpi" or dotted stdlib name "std.ladders"
    is_path: bool
    names: tuple[tuple[str, Span], ...]  # empty: import everything


@dataclass(frozen=True)
class Scheme(Node):
    title: str
    meta: tuple[Meta, ...]
    inputs: tuple[InputDecl, ...]
    definitions: tuple[Definition, ...]  # consts, ladders, scales, bands local to the scheme
    items: tuple[Indicator | Group, ...]
    adjustments: tuple[Adjustment, ...]
    vetoes: tuple[Veto, ...]
    total: Total | None
    grade: Grade | None
    tests: tuple[TestCase, ...]
    population: tuple[PopulationRule, ...] = ()
    fields: tuple[FieldDef, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    data: DataOptions | None = None
    overrides: OverridesOrder | None = None

    def meta_value(self, key: str) -> str | Decimal | None:
        for m in self.meta:
            if m.key == key:
                return m.value
        return None

    def meta_node(self, key: str) -> Meta | None:
        for m in self.meta:
            if m.key == key:
                return m
        return None


@dataclass(frozen=True)
class DataOptions(Node):
    """`data { ... }`: how the period data is read (`drop summary_rows`: drop 合计 / 平均 rows)."""

    drop_summary_rows: Span | None = None


@dataclass(frozen=True)
class Comment(Node):
    text: str


@dataclass(frozen=True)
class Module(Node):
    """One parsed `.kpi` file."""

    path: str
    imports: tuple[Import, ...]
    definitions: tuple[Definition, ...]
    scheme: Scheme | None
    tests: tuple[TestCase, ...]
    comments: tuple[Comment, ...]
