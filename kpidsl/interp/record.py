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
from ..messages import names as names_msg
from ..messages import runtime as msg
from ..numbers import round_half_up, shortest
from ..outcome import AdjustmentData, ItemData, RecordData, VetoData
from ..refs import InputRef
from ..source import Span
from ..trace import Ev
from ..values import DEFAULTED_KEY, Env
from .combine import combine_step
from .expr import TRACE_SLOT, NoTier, Tables, ZeroDenominator, band_of
from .fields import exclusion_step, field_step
from .gaps import band_gap
from .indicator import indicator_step
from .state import Excluded, Formulas, RecordError, RecordState, Step, event, read_values, take_amount


class Interpreter:
    """A scheme's IR compiled into steps, applied to many records."""

    def __init__(self, scheme: ir.Scheme) -> None:
        self.ir = scheme
        named = {t.name: t for t in scheme.tables if t.name is not None}
        self.tables = Tables(named)
        self.formulas = Formulas(self.tables)
        self._depth = _group_depths(scheme)
        plan: list[tuple[ir.Stage, tuple[Step, ...], tuple[ir.Step, ...]]] = []
        for stage in scheme.stages:
            compiled = tuple(self._compile(step) for step in stage.steps) if stage.stage is ir.Stage.RECORD else ()
            plan.append((stage.stage, compiled, stage.steps))
        #: The stages in order: (sort, compiled record steps, the IR's steps).
        self.plan = tuple(plan)
        self.steps = tuple(step for stage, compiled, _ in plan if stage is ir.Stage.RECORD for step in compiled)
        #: Records are evaluated in several passes (a record step reads a population value).
        self.staged = scheme.staged
        #: Records keep their values when later stages need them (population rules, history).
        self.keeps_env = scheme.over_population or scheme.period_input is not None
        self.rounded_items = frozenset(i.name for i in scheme.indicators if i.round_places is not None)
        self.rounded_fields = frozenset(f.name for f in scheme.fields if f.round_places is not None)

    def _first_item_span(self, group: ir.Group) -> Span:
        """Where the group's first item is written (the scheme's header when there is none)."""
        spans = {g.name: g.span for g in self.ir.groups} | {i.name: i.span for i in self.ir.indicators}
        return next((spans[m] for m in group.members if m in spans), self.ir.span)

    def _item_inputs(self) -> tuple[str, ...]:
        """The optional inputs the indicators read, in the scheme's order."""
        read = {ref.key for i in self.ir.indicators for f in (i.value, getattr(i.scoring, "formula", None))
                if isinstance(f, ir.Formula) for ref in f.reads if isinstance(ref, InputRef)}
        return tuple(i.name for i in self.ir.inputs if i.optional and i.name in read)

    def _compile(self, step: ir.Step) -> Step:
        match step:
            case ir.Indicator():
                return indicator_step(self.formulas, step)
            case ir.Group():
                return combine_step(step, self._depth, self._first_item_span(step), self._item_inputs())
            case ir.Adjustment():
                return self._adjustment_step(step)
            case ir.Total():
                return self._total_step(step)
            case ir.Veto():
                return self._veto_step(step)
            case ir.Grade():
                return self._grade_step(step)
            case ir.Field():
                return field_step(self.formulas, step)
            case ir.Exclusion():
                return exclusion_step(self.formulas, step)
        raise TypeError(f"not a record step: {type(step).__name__}")

    # ---------------------------------------------------------------- evaluation
    def evaluate(self, env: Env, record_id: str, trace: bool = False) -> RecordData:
        """Evaluate one prepared record through every record step (a scheme whose record steps
        read no population value). Call inside `numbers.evaluation_context()`.

        Raises:
            KpiEvalError: a division by zero or a missing value with no declared outcome, or a
                value that falls in no tier.
        """
        st = self.start(env, record_id, trace)
        self.run(st, self.steps)
        return self.finish(st)

    def start(self, env: Env, record_id: str, trace: bool = False) -> RecordState:
        """The state of one record before its first step (its inputs traced when asked)."""
        st = RecordState(env, [] if trace else None, id=record_id)
        if st.trace is not None:
            self._trace_inputs(st)
        return st

    def run(self, st: RecordState, steps: tuple[Step, ...]) -> None:
        """Run record steps on one record; an excluded record runs none after its exclusion.

        Raises:
            KpiEvalError: as `evaluate`.
        """
        if st.excluded is not None:
            return
        period = st.env.get(self.ir.period_input) if self.ir.period_input is not None else None

        def in_record(message: str) -> str:
            if isinstance(period, str):
                return msg.in_record_period(record=st.id, period=period, message=message)
            return msg.in_record(record=st.id, message=message)

        try:
            if st.trace is not None:
                st.env[TRACE_SLOT] = st.trace  # for the events of branches and table calls inside formulas
            for step in steps:
                step(st)
        except Excluded:
            return
        except RecordError as exc:
            d = exc.diagnostic
            raise KpiEvalError([Diagnostic(d.code, in_record(d.message), d.span, d.severity,
                                           d.hints)]) from None
        except ZeroDenominator as z:  # a division no outcome covers, wherever it is
            raise KpiEvalError.single("K-R0301", in_record(msg.division_by_zero()),
                                      z.node.span) from None
        except NoTier as exc:
            problem, hints = exc.problem()
            raise KpiEvalError.single("K-R0303", in_record(problem), exc.span, hints) from None
        finally:
            st.env.pop(TRACE_SLOT, None)

    def finish(self, st: RecordState) -> RecordData:
        """The record's results so far, in the `RecordData` population rules and results read
        (made once; later stages update it in place). Values the scheme does not round are given
        in their shortest form (`numbers.shortest`), the same on every backend."""
        items = [st.items[name] for name in self.ir.item_order if name in st.items]
        self._shorten(items, st)
        published = st.published if self.ir.total.round_places is not None else shortest(st.published)
        base, deductions, bonuses, total = shortest(st.base), shortest(st.deductions), shortest(st.bonuses), shortest(st.total)
        grade = st.env.get("grade", st.grade) if st.data is not None else st.grade
        data = st.data
        if data is None:
            data = st.data = RecordData(st.id, items, base, st.adjustments, deductions, bonuses, total,
                                        published, grade, st.graded_by_veto(), st.vetoes, st.eligible, st.trace,
                                        st.env if self.keeps_env else None)
        else:
            data.items, data.base_score, data.deductions, data.bonuses = items, base, deductions, bonuses
            data.total_exact, data.total, data.grade, data.grade_before_veto = total, published, grade, st.graded_by_veto()
            data.bonus_eligible = st.eligible
        data.fields = {name: v if name in self.rounded_fields or not isinstance(v, Decimal) else shortest(v)
                       for name, v in st.fields.items()}
        data.veto_flags, data.excluded = st.veto_flags, st.excluded
        return data

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
            value = self.formulas.required(t.formula, env, names_msg.place_total)
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
            v = self.formulas.value(limit, env, msg.the_total_cap if kind is Ev.TOTAL_CAP else msg.the_total_floor)
            if isinstance(v, Decimal) and (total > v if kind is Ev.TOTAL_CAP else total < v):
                if tr is not None:
                    tr.append(event(kind, limit.id, limit.span, 0, result=v, before=total))
                total = v
        return total

    def _veto_step(self, v: ir.Veto) -> Step:
        def step(st: RecordState) -> None:
            hit = self.formulas.required(v.condition, st.env, lambda: msg.the_veto(label=v.label))
            if st.trace is not None:
                st.trace.append(event(Ev.VETO, v.id, v.span, 0, read_values(v.condition, st.env), bool(hit)))
            st.veto_flags[v.label] = bool(hit)
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
            st.env["grade"] = band.label
            if st.trace is not None:
                # Under a veto's grade, the distance to a better band means nothing: none is given.
                gap = band_gap(g.bands, band, reads) if st.veto_grade is None else {}
                st.trace.append(event(Ev.GRADE, band.id, band.span, 0, result=band.label, reads=g.reads.value, total=reads, **gap))
            if st.veto_grade is not None:
                st.grade = st.env["grade"] = st.veto_grade
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
