"""Report-only fields and exclusions, per record.

A field is computed from what it reads (at whatever stage that is known), rounded half-up where it
says so, and kept in the record's values under its name, so later formulas read it. An exclusion
is tried before anything else of the record: the first that applies gives the reason, and the
record's remaining steps are not run.
"""

from __future__ import annotations

from decimal import Decimal

from .. import ir
from ..choices import OutcomeKind
from ..ir.text import format_expr
from ..messages import runtime as msg
from ..numbers import round_half_up
from ..trace import Ev
from ..values import EXCLUDED_KEY
from .expr import ZeroDenominator
from .state import Excluded, Formulas, RecordError, RecordState, Step, event, read_values


def field_step(formulas: Formulas, f: ir.Field) -> Step:
    compiled = formulas(f.formula)
    places = f.round_places

    def step(st: RecordState) -> None:
        env, tr = st.env, st.trace
        zero = None
        try:
            value = compiled(env)
        except ZeroDenominator as z:
            if f.on_zero is None or f.on_zero.kind is OutcomeKind.ERROR or f.on_zero.value is None:
                raise RecordError("K-R0301", msg.field_division_by_zero(name=f.name, divisor=format_expr(z.node.right)),
                                  z.node.span, (msg.field_zero_hint(name=f.name),)) from None
            zero = format_expr(z.node.right)
            value = formulas.value(f.on_zero.value, env, lambda: msg.the_field_on_zero(name=f.name))
        exact = value
        if places is not None and isinstance(value, Decimal):
            value = round_half_up(value, places)
        env[f.name] = value
        st.fields[f.name] = value
        if tr is not None:
            tr.append(event(Ev.FIELD, f.id, f.span, 0, read_values(f.formula, env), value, exact=exact,
                            rounded=places is not None and exact != value, zero=zero))

    return step


def exclusion_step(formulas: Formulas, ex: ir.Exclusion) -> Step:
    compiled = formulas(ex.condition)

    def step(st: RecordState) -> None:
        try:
            hit = compiled(st.env) is True  # an empty condition does not exclude
        except ZeroDenominator as z:
            raise RecordError("K-R0301", msg.division_by_zero_in(what=msg.the_exclusion(reason=ex.reason)), z.node.span) from None
        if st.trace is not None:
            st.trace.append(event(Ev.EXCLUDE, ex.id, ex.span, 0, read_values(ex.condition, st.env), hit))
        if hit:
            st.excluded = st.env[EXCLUDED_KEY] = ex.reason
            raise Excluded

    return step
