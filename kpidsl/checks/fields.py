"""Checks of report-only fields, exclusions and the columns vetoes add: kinds, options, names."""

from __future__ import annotations

from .. import kinds as k
from ..kinds import Base
from ..messages import check as msg
from ..outcome import FIXED_COLUMNS
from ..resolve import DefKind
from ..resolve.model import kind_word
from . import Analysis


def check_fields(a: Analysis) -> None:
    """Every field's kind (inferred even when nothing reads it), and options that fit its kind."""
    inf = a.inference
    for f in a.scheme.fields:
        kind = inf.field_kind(f.name)
        number = kind is None or kind.base in (Base.NUMBER, Base.EMPTY)
        if f.round_places is not None and not number:
            a.bag.error("K-E0110", msg.field_round_not_number(name=f.name, kind=k.phrase(kind)), f.name_span,
                        [msg.remove_clause(clause="round")])
        if f.percent is not None and not number:
            a.bag.error("K-E0110", msg.field_percent_not_number(name=f.name, kind=k.phrase(kind)), f.name_span,
                        [msg.remove_clause(clause="percent")])
        if f.on_zero is not None and f.on_zero.kind == "skip":
            a.bag.error("K-E0134", msg.field_skip(name=f.name), f.on_zero.span, [msg.field_skip_hint()])
        if f.name in FIXED_COLUMNS:
            a.bag.error("K-E0101", msg.field_result_name(name=f.name), f.name_span)


def check_exclusions(a: Analysis) -> None:
    for ex in a.scheme.exclusions:
        kind = a.inference.expr(ex.condition)
        if kind is not None and kind.base is not Base.BOOL:
            a.bag.error("K-E0110", msg.exclusion_condition(reason=ex.reason, kind=kind.phrase), ex.condition.span,
                        [msg.exclusion_condition_hint()])


#: Definitions that are result columns of their own (a veto's column must not share a name with one).
COLUMN_KINDS = (DefKind.INDICATOR, DefKind.GROUP, DefKind.FIELD, DefKind.RULE)


def check_veto_columns(a: Analysis) -> None:
    """Each veto adds a yes/no column named after it, so its label must not name another column."""
    for v in a.scheme.vetoes:
        other = a.scope.get(v.label)
        if other is not None and other.kind not in COLUMN_KINDS:
            other = None  # a veto named after the input it tests (`veto "重大违规" when 重大违规`) is fine
        if other is not None or v.label in FIXED_COLUMNS:
            what = (msg.definition_named(kind=kind_word(other.kind), name=v.label) if other is not None
                    else msg.column_named(name=v.label))
            a.bag.error("K-E0101", msg.veto_column_clash(label=v.label, what=what), v.span, [msg.veto_column_clash_hint()])
