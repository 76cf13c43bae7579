"""What the steps of one record share while it is evaluated, and the helpers every step uses:
compiled formulas, the values a formula read (for its trace event), a deduction's amount."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from decimal import Decimal

from .. import ir
from ..errors import Diagnostic, Severity
from ..messages import runtime as msg
from ..messages.common import quoted
from ..numbers import ZERO
from ..outcome import AdjustmentData, ItemData, RecordData, VetoData
from ..prebuilt import dataclass
from ..refs import HistoryRef
from ..source import Span
from ..trace import Ev, TraceEvent
from ..values import Env, Value
from .expr import HISTORY_SLOTS, Compiled, Tables, ZeroDenominator, ZeroInAggregate, compile_expr

Trace = list[TraceEvent] | None


class Excluded(Exception):
    """The record is not appraised: an exclusion applies (the rest of its steps are not run)."""


class RecordError(Exception):
    """A user-caused failure while evaluating one record; becomes a `KpiEvalError` diagnostic."""

    def __init__(self, code: str, message: str, span: Span | None, hints: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, span, Severity.ERROR, hints)


def event(kind: Ev, node: str, span: Span | None = None, depth: int = 0, inputs: tuple[tuple[str, Value], ...] = (),
          result: Value = None, **facts: object) -> TraceEvent:
    return TraceEvent(kind, node, span, depth, inputs, result, facts)


@dataclass(slots=True)
class RecordState:
    """Everything the steps of one record share while it is evaluated."""

    env: Env
    trace: Trace
    items: dict[str, ItemData] = field(default_factory=dict)
    adjustments: list[AdjustmentData] = field(default_factory=list)
    base: Decimal = ZERO
    deductions: Decimal = ZERO
    bonuses: Decimal = ZERO
    total: Decimal = ZERO
    published: Decimal = ZERO
    vetoes: list[VetoData] = field(default_factory=list)
    eligible: bool = True
    veto_grade: str | None = None
    grade: str | None = None
    grade_before: str | None = None
    fields: dict[str, Value] = field(default_factory=dict)
    veto_flags: dict[str, bool] = field(default_factory=dict)
    excluded: str | None = None
    #: The record as results and population rules see it, once a stage has made it.
    data: RecordData | None = None
    id: str = ""

    def graded_by_veto(self) -> str | None:
        """The grade the bands gave, when a `-> grade` veto replaced it (results'
        `grade_before_veto`); None when no veto set the grade."""
        return self.grade_before if self.veto_grade is not None else None


Step = Callable[[RecordState], None]


class Formulas:
    """Compiled formulas by id, and how to evaluate one that has no outcome of its own."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._compiled: dict[str, Compiled] = {}

    def __call__(self, f: ir.Formula) -> Compiled:
        found = self._compiled.get(f.id)
        if found is None:
            found = self._compiled[f.id] = compile_expr(f.expr, self.tables, f.id)
        return found

    def value(self, f: ir.Formula, env: Env, what: Callable[[], str]) -> Value:
        """A formula whose zero denominator no `on zero` covers (a cap, a floor, an outcome's
        value): it stops the record with the division's line. A missing value is returned."""
        try:
            return self(f)(env)
        except ZeroDenominator as z:
            raise RecordError("K-R0301", msg.division_by_zero_in(what=what()), z.node.span) from None

    def required(self, f: ir.Formula, env: Env, what: Callable[[], str]) -> Value:
        """A formula with no `on zero` / `on missing` of its own (deductions, vetoes, the total):
        a zero denominator or a missing value stops the record with its line."""
        try:
            value = self(f)(env)
        except ZeroDenominator as z:
            raise RecordError("K-R0301", msg.division_by_zero_in(what=what()), z.node.span) from None
        if value is None:
            raise RecordError("K-R0302", msg.missing_value(what=what()), f.span, (msg.missing_value_hint(),))
        return value


def read_values(f: ir.Formula, env: Env) -> tuple[tuple[str, Value], ...]:
    """The values a formula read, by reference key (another period's from its record)."""
    out: list[tuple[str, Value]] = []
    for ref in f.reads:
        if isinstance(ref, HistoryRef):
            other = env.get(HISTORY_SLOTS[ref.when])
            out.append((ref.key, None if other is None else other.get(ref.of.key)))
        elif ref.key in env:
            value = env[ref.key]
            out.append((ref.key, None if isinstance(value, ZeroInAggregate) else value))
    return tuple(out)


def take_amount(formulas: Formulas, adj: ir.Adjustment, st: RecordState, depth: int) -> tuple[Decimal, Decimal]:
    """A deduction's or bonus's amount after its cap, and before it."""
    raw = formulas.required(adj.amount, st.env, lambda: quoted(name=adj.label))
    assert isinstance(raw, Decimal)
    amount, capped = raw, None
    if adj.cap is not None:
        cap = formulas.value(adj.cap, st.env, lambda: msg.the_adjustment_cap(label=adj.label))
        if isinstance(cap, Decimal) and amount > cap:
            amount, capped = cap, cap
    if st.trace is not None:
        st.trace.append(event(Ev.ADJUSTMENT, adj.id, adj.span, depth, read_values(adj.amount, st.env), raw, cap=capped))
    return amount, raw
