"""What the resolver produces: bindings, references, the places formulas stand at, and the
`Resolution` that every later phase reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from enum import StrEnum

from .. import nodes as n
from .. import nodewalk
from ..errors import Diagnostic
from ..loader import Program
from ..prebuilt import dataclass
from ..refs import Callee, Ref, Result, TableKind, When
from ..source import Span


class DefKind(StrEnum):
    """What a name in a scheme's scope is."""

    INPUT = "input"
    CONST = "const"
    LADDER = "ladder"
    SCALE = "scale"
    BANDS = "bands"
    TEMPLATE = "template"
    INDICATOR = "indicator"
    GROUP = "group"
    RULE = "population"
    FIELD = "field"


#: The named tables a formula can call, by definition kind.
TABLES = {DefKind.LADDER: TableKind.LADDER, DefKind.SCALE: TableKind.SCALE, DefKind.BANDS: TableKind.BANDS}
TABLE_KINDS = frozenset(TABLES)
VALUE_KINDS = frozenset({DefKind.INPUT, DefKind.CONST, DefKind.INDICATOR, DefKind.FIELD}) | TABLE_KINDS
AFTER_KINDS = VALUE_KINDS | {DefKind.GROUP}
CONST_KINDS = frozenset({DefKind.CONST})
#: An exclusion decides before anything is computed: it reads inputs and constants.
EXCLUSION_KINDS = frozenset({DefKind.INPUT, DefKind.CONST}) | TABLE_KINDS

#: Names the scheme itself defines; no definition may reuse them.
RESERVED = {r.value: r for r in Result}

#: Inside an indicator's score, cap, floor and outcomes, this name is the indicator's own value.
SELF_VALUE = "value"

#: Functions that read the same employee's value in another period.
HISTORY = {w.value: w for w in When}


@dataclass(frozen=True, slots=True)
class Binding:
    """A definition a name can be bound to."""

    name: str
    kind: DefKind
    node: n.Node
    span: Span  # the defining name
    module: str  # the file that defines it
    imported: bool = False


@dataclass(frozen=True, slots=True)
class Reference:
    """One occurrence of a name: where it is written, what it reads, which definition it means."""

    span: Span
    name: str
    target: Ref | Callee
    binding: Binding | None  # None for results, builtins and `value`


@dataclass(frozen=True, slots=True)
class Place:
    """What a formula at one place in a scheme may read.

    `owner` is the indicator whose clause this is (`value` and its rules apply); `feeds` is the
    indicator whose evaluation computes this formula, so every indicator it reads must come first
    (the owner itself, or the item a deduction is taken `from`).
    """

    readable: frozenset[DefKind]
    where: str
    owner: str | None = None
    feeds: str | None = None
    self_value: bool = False  # `value` reads the owner's value
    own_value: bool = False  # this is the owner's own `value` formula
    results: tuple[Result, ...] = ()
    combined: bool = False  # groups are combined: `.contribution` is known
    rules_before: frozenset[str] = frozenset()  # population rules defined before this place
    history: bool = True  # prev() and last_year() may be called
    hint: str | None = None  # why a group (or an indicator) cannot be read here
    node: str | None = None  # the step this formula belongs to (`field:X`), for the stage graph
    aggregates: bool = True  # aggregates over groups of records may be written here

    @property
    def consts_only(self) -> bool:
        return self.readable == CONST_KINDS


def const_place() -> Place:
    """Where a constant's formula stands (its words in the current language)."""
    from ..messages import names as msg

    return Place(CONST_KINDS, msg.place_constant(), history=False, hint=msg.hint_constant(), aggregates=False)


def tier_place(what: str) -> Place:
    from ..messages import names as msg

    return Place(CONST_KINDS, msg.place_tier(what=what), history=False, hint=msg.hint_tier(), aggregates=False)


@dataclass
class Resolution:
    """Every binding of one scheme, and the evaluation order derived from them."""

    program: Program
    scheme: n.Scheme
    scope: dict[str, Binding] = field(default_factory=dict)
    #: Every occurrence of a name, in the order the resolver met them.
    references: list[Reference] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Indicator -> the indicators its formulas (and the deductions taken from it) read.
    depends: dict[str, set[str]] = field(default_factory=dict)
    #: Constant -> the constants its formula reads, in the order written.
    const_depends: dict[str, list[str]] = field(default_factory=dict)
    #: Constants in an order each can be computed in (those in a cycle left out).
    const_order: list[str] = field(default_factory=list)
    #: Indicators in evaluation order: each after every indicator it reads.
    indicator_order: list[str] = field(default_factory=list)
    #: Where `prev`, `last_year`, flags and roll-ups are used (they need a period column).
    history_uses: list[Span] = field(default_factory=list)
    #: Names some reference binds to, or that the scheme uses implicitly (for lint K-L03..).
    used: set[str] = field(default_factory=set)
    #: The stage graph: a step (`indicator:X`, `field:X`, `aggregate:...`, `rule:X`, `total`, ...)
    #: -> the steps whose values its formulas read.
    reads: dict[str, set[str]] = field(default_factory=dict)
    #: Every aggregate by its id (`aggregate:mean(满意度 within 部门)`), the first written of those alike.
    aggregates: dict[str, n.Aggregate] = field(default_factory=dict)
    #: The steps in evaluation order, each with its stage (0, 2, 4, ... per record; 1, 3, ... over
    #: the period's records): see `order.order_stages`.
    stage_order: list[tuple[str, int]] = field(default_factory=list)
    _by_node: dict[int, Reference] = field(default_factory=dict, repr=False)
    _aggregate_ids: dict[int, str] = field(default_factory=dict, repr=False)

    def aggregate_id(self, node: n.Aggregate) -> str | None:
        """The id of an aggregate written in the scheme (None if it was not bound)."""
        return self._aggregate_ids.get(id(node))

    def ref(self, node: n.Node) -> Reference | None:
        """The reference a name node (Name, Attribute, Call, Bound) was bound to, if any."""
        return self._by_node.get(id(node))

    def target(self, node: n.Node) -> Ref | Callee | None:
        r = self._by_node.get(id(node))
        return r.target if r is not None else None

    def names(self, kinds: Iterable[DefKind]) -> list[str]:
        """Names in scope of the given kinds, in scope order (for did-you-mean)."""
        wanted = set(kinds)
        return [k for k, b in self.scope.items() if b.kind in wanted]

    def references_to(self, binding: Binding) -> list[Reference]:
        """Every occurrence of a definition (find-references, rename)."""
        return [r for r in self.references if r.binding == binding]

    def at(self, path: str, line: int, col: int) -> Reference | None:
        """The reference written at a position (go-to-definition, hover)."""
        for r in self.references:
            s = r.span
            if s.path == path and s.line == line and s.col <= col < s.end_col:
                return r
        return None

    @property
    def indicators(self) -> list[n.Indicator]:
        return nodewalk.iter_indicators(self.scheme.items)

    @property
    def groups(self) -> list[n.Group]:
        return nodewalk.iter_groups(self.scheme.items)

    def stage_of(self, step: str) -> int:
        """The stage a step runs in (0 when it is not in the graph)."""
        return next((s for name, s in self.stage_order if name == step), 0)


def def_kind(node: n.Node) -> DefKind:
    """The kind of definition a node is."""
    kinds: tuple[tuple[type, DefKind], ...] = (
        (n.ConstDef, DefKind.CONST), (n.LadderDef, DefKind.LADDER), (n.ScaleDef, DefKind.SCALE),
        (n.BandsDef, DefKind.BANDS), (n.InputDecl, DefKind.INPUT), (n.TemplateDef, DefKind.TEMPLATE),
        (n.PopulationRule, DefKind.RULE), (n.Group, DefKind.GROUP), (n.FieldDef, DefKind.FIELD),
    )
    return next((k for t, k in kinds if isinstance(node, t)), DefKind.INDICATOR)


def article(kind: DefKind) -> str:
    """A kind of definition with its article, in the current language: `an input` (输入项)."""
    from ..messages import names as msg

    return {DefKind.INPUT: msg.a_input, DefKind.CONST: msg.a_const, DefKind.LADDER: msg.a_ladder,
            DefKind.SCALE: msg.a_scale, DefKind.BANDS: msg.a_bands, DefKind.TEMPLATE: msg.a_template,
            DefKind.INDICATOR: msg.a_indicator, DefKind.GROUP: msg.a_group, DefKind.RULE: msg.a_population,
            DefKind.FIELD: msg.a_field}[kind]()


def kind_word(kind: DefKind) -> str:
    """A kind of definition without an article, in the current language: `input` (输入项)."""
    from ..messages import names as msg

    return {DefKind.INPUT: msg.the_input, DefKind.CONST: msg.the_const, DefKind.LADDER: msg.the_ladder,
            DefKind.SCALE: msg.the_scale, DefKind.BANDS: msg.the_bands, DefKind.TEMPLATE: msg.the_template,
            DefKind.INDICATOR: msg.the_indicator, DefKind.GROUP: msg.the_group, DefKind.RULE: msg.the_population,
            DefKind.FIELD: msg.the_field}[kind]()


def head_span(span: Span, name: str) -> Span:
    """The span of a name written at the start of `span` (the base of `X.value`)."""
    return Span(span.path, span.line, span.col, span.line, span.col + len(name))


def tail_span(span: Span, name: str) -> Span:
    """The span of a name written at the end of `span` (`ladder NAME`, `grade NAME`)."""
    return Span(span.path, span.end_line, max(span.end_col - len(name), 1), span.end_line, span.end_col)
