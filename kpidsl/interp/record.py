"""The reference interpreter, per record: the IR's record-stage steps, run in order.

For one record: the inputs (already read and typed by the data layer), then each step of the
record stage: indicators in dependency order (value -> on zero / on missing -> score -> cap / floor
-> deductions taken from it -> its round), groups innermost first and the top level (weighted sum
or mean, re-weighting around skipped items), deductions and bonuses, the total (formula, cap,
floor, the scheme's half-up rounding), vetoes, the grade. With a trace, each step appends
structured `TraceEvent`s; without one, none is built. The interpreter is immutable after
construction and safe to share between threads.
"""

from __future__ import annotations

from decimal import Decimal

from .. import ir
from ..choices import AdjustmentKind, GradeReads, VetoEffect
from ..errors import Diagnostic, KpiEvalError
from ..numbers import round_half_up, shortest
from ..outcome import AdjustmentData, ItemData, RecordData, VetoData
from ..trace import Ev
from ..values import DEFAULTED_KEY, Env, describe
from .combine import combine_step
from .expr import TRACE_SLOT, NoTier, Tables, ZeroDenominator, band_of
from .gaps import band_gap
from .indicator import indicator_step
from .state import Formulas, RecordError, RecordState, Step, event, read_values, take_amount


class Interpreter:
    """A scheme's IR compiled into steps, applied to many records."""

    def __init__(self, scheme: ir.Scheme) -> None:
        self.ir = scheme
        named = {t.name: t for t in scheme.tables if t.name is not None}
        self.tables = Tables(named)
        self.formulas = Formulas(self.tables)
        depth = _group_depths(scheme)
        steps: list[Step] = []
        for step in scheme.steps(ir.Stage.RECORD):
            match step:
                case ir.Indicator():
                    steps.append(indicator_step(self.formulas, step))
                case ir.Group():
                    steps.append(combine_step(step, depth, scheme.span))
                case ir.Adjustment():
                    steps.append(self._adjustment_step(step))
                case ir.Total():
                    steps.append(self._total_step(step))
                case ir.Veto():
                    steps.append(self._veto_step(step))
                case ir.Grade():
                    steps.append(self._grade_step(step))
        self.steps = tuple(steps)
        #: Records keep their values when later stages need them (population rules, history).
        self.keeps_env = bool(scheme.rules) or scheme.period_input is not None
        self.rounded_items = frozenset(i.name for i in scheme.indicators if i.round_places is not None)

    # ---------------------------------------------------------------- evaluation
    def evaluate(self, env: Env, record_id: str, trace: bool = False) -> RecordData:
        """Evaluate one prepared record. Call inside `numbers.evaluation_context()`.

        Raises:
            KpiEvalError: a division by zero or a missing value with no declared outcome, or a
                value that falls in no tier.
        """
        st = RecordState(env, [] if trace else None)
        try:
            if st.trace is not None:
                env[TRACE_SLOT] = st.trace  # for the events of branches and table calls inside formulas
                self._trace_inputs(st)
            for step in self.steps:
                step(st)
        except RecordError as exc:
            d = exc.diagnostic
            raise KpiEvalError([Diagnostic(d.code, f"record '{record_id}': {d.message}", d.span, d.severity, d.hints)]) from None
        except ZeroDenominator as z:  # a division no outcome covers, wherever it is
            raise KpiEvalError.single("K-R0301", f"record '{record_id}': division by zero", z.node.span) from None
        except NoTier as exc:
            raise KpiEvalError.single("K-R0303", f"record '{record_id}': {describe(exc.value)} falls in no tier of {exc.what}",
                                      exc.span, ["add the missing tier or an `else` tier (kpi lint reports gaps)"]) from None
        finally:
            env.pop(TRACE_SLOT, None)
        items = [st.items[name] for name in self.ir.item_order]
        self._shorten(items, st)
        published = st.published if self.ir.total.round_places is not None else shortest(st.published)
        return RecordData(record_id, items, shortest(st.base), st.adjustments, shortest(st.deductions), shortest(st.bonuses),
                          shortest(st.total), published, st.grade, st.grade_before, st.vetoes, st.eligible, st.trace,
                          env if self.keeps_env else None)

    def _shorten(self, items: list[ItemData], st: RecordState) -> None:
        """Values the scheme does not round, in their shortest form (`numbers.shortest`): the
        same on every backend. A rounded score keeps its declared places."""
        for d in items:
            if isinstance(d.value, Decimal):
                d.value = shortest(d.value)
            if d.score is not None and d.name not in self.rounded_items:
                d.score = shortest(d.score)
            if d.contribution is not None:
                d.contribution = shortest(d.contribution)
            if d.weight_applied is not None:
                d.weight_applied = shortest(d.weight_applied)
        for a in st.adjustments:
            a.amount, a.uncapped = shortest(a.amount), shortest(a.uncapped)
            a.taken_from_item, a.spilled = shortest(a.taken_from_item), shortest(a.spilled)

    def _trace_inputs(self, st: RecordState) -> None:
        assert st.trace is not None
        defaulted = st.env.get(DEFAULTED_KEY, ())
        for inp in self.ir.inputs:
            st.trace.append(event(Ev.INPUT, inp.id, inp.span, 0, ((inp.name, st.env.get(inp.name)),),
                                  st.env.get(inp.name), defaulted=inp.name in defaulted))

    # ---------------------------------------------------------------- adjustments
    def _adjustment_step(self, adj: ir.Adjustment) -> Step:
        def step(st: RecordState) -> None:
            amount, raw = take_amount(self.formulas, adj, st, 0)
            st.adjustments.append(AdjustmentData(adj.kind.value, adj.label, amount, raw))

        return step

    # ---------------------------------------------------------------- total, vetoes, grade
    def _total_step(self, t: ir.Total) -> Step:
        def step(st: RecordState) -> None:
            env = st.env
            for a in st.adjustments:
                if a.kind == AdjustmentKind.BONUS:
                    st.bonuses += a.amount
                else:
                    # A deduction taken `from` an item already lowered that item; only its spill counts here.
                    st.deductions += a.amount if a.source is None else a.spilled
            env["deductions"], env["bonuses"] = st.deductions, st.bonuses
            total = self._total(t, st)
            published = round_half_up(total, t.round_places) if t.round_places is not None else total
            if st.trace is not None and t.round_places is not None:
                st.trace.append(event(Ev.ROUND_TOTAL, t.id, t.round_span, 0, result=published, exact=total))
            st.total, st.published = total, published
            env["total"], env["total_exact"] = published, total

        return step

    def _total(self, t: ir.Total, st: RecordState) -> Decimal:
        tr, env = st.trace, st.env
        if t.formula is not None:
            value = self.formulas.required(t.formula, env, "the total")
            assert isinstance(value, Decimal)
            total = value
            if tr is not None:
                tr.append(event(Ev.TOTAL, t.formula.id, t.span, 0, read_values(t.formula, env), total))
        else:
            total = st.base - st.deductions + st.bonuses
            if tr is not None:
                tr.append(event(Ev.TOTAL_DEFAULT, t.id, t.span if t.stated else None, 0, result=total,
                                base=st.base, deductions=st.deductions, bonuses=st.bonuses))
        for limit, kind in ((t.cap, Ev.TOTAL_CAP), (t.floor, Ev.TOTAL_FLOOR)):
            if limit is None:
                continue
            v = self.formulas.value(limit, env, f"the total's {'cap' if kind is Ev.TOTAL_CAP else 'floor'}")
            if isinstance(v, Decimal) and (total > v if kind is Ev.TOTAL_CAP else total < v):
                if tr is not None:
                    tr.append(event(kind, limit.id, limit.span, 0, result=v, before=total))
                total = v
        return total

    def _veto_step(self, v: ir.Veto) -> Step:
        def step(st: RecordState) -> None:
            hit = self.formulas.required(v.condition, st.env, f"veto '{v.label}'")
            if st.trace is not None:
                st.trace.append(event(Ev.VETO, v.id, v.span, 0, read_values(v.condition, st.env), bool(hit)))
            if hit:
                st.vetoes.append(VetoData(v.label, v.effect.value, v.grade))
                if v.effect is VetoEffect.NO_BONUS:
                    st.eligible = False
                elif st.veto_grade is None:
                    st.veto_grade = v.grade

        return step

    def _grade_step(self, g: ir.Grade) -> Step:
        def step(st: RecordState) -> None:
            reads = st.published if g.reads is GradeReads.ROUNDED else st.total
            band = band_of(g.bands, reads)
            st.grade = st.grade_before = band.label
            if st.trace is not None:
                # Under a veto's grade, the distance to a better band means nothing: none is given.
                gap = band_gap(g.bands, band, reads) if st.veto_grade is None else {}
                st.trace.append(event(Ev.GRADE, band.id, band.span, 0, result=band.label, reads=g.reads.value, total=reads, **gap))
            if st.veto_grade is not None:
                st.grade = st.veto_grade
                if st.trace is not None:
                    st.trace.append(event(Ev.GRADE_VETO, g.id, None, 0, result=st.veto_grade, before=st.grade_before))

        return step


def _group_depths(scheme: ir.Scheme) -> dict[str, int]:
    """How deep each group is nested (a top-level group is 1; the top level itself 0)."""
    parents = {g.name: g.parent for g in scheme.groups if g.name}
    depths: dict[str, int] = {"": 0}
    for name in parents:
        d, p = 1, parents[name]
        while p is not None:
            d, p = d + 1, parents.get(p)
        depths[name] = d
    return depths
