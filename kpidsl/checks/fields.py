"""Checks of report-only fields, exclusions and the columns vetoes add: kinds, options, names."""

from __future__ import annotations

from ..kinds import Base
from ..outcome import FIXED_COLUMNS
from ..resolve import DefKind
from . import Analysis


def check_fields(a: Analysis) -> None:
    """Every field's kind (inferred even when nothing reads it), and options that fit its kind."""
    inf = a.inference
    for f in a.scheme.fields:
        kind = inf.field_kind(f.name)
        number = kind is None or kind.base in (Base.NUMBER, Base.EMPTY)
        if f.round_places is not None and not number:
            a.bag.error("K-E0110", f"field '{f.name}' is {kind.phrase if kind else 'a value'}; only a number can be rounded",
                        f.name_span, ["remove `round`"])
        if f.percent is not None and not number:
            a.bag.error("K-E0110", f"field '{f.name}' is {kind.phrase if kind else 'a value'}; only a number can be shown "
                        "as a percentage", f.name_span, ["remove `percent`"])
        if f.on_zero is not None and f.on_zero.kind == "skip":
            a.bag.error("K-E0134", f"field '{f.name}' cannot be skipped: it has no weight to share out", f.on_zero.span,
                        ["give it a value instead, `on zero -> empty` for none, or `on zero -> error`"])
        if f.name in FIXED_COLUMNS:
            a.bag.error("K-E0101", f"'{f.name}' is a column every result has; a field needs a name of its own", f.name_span)


def check_exclusions(a: Analysis) -> None:
    for ex in a.scheme.exclusions:
        kind = a.inference.expr(ex.condition)
        if kind is not None and kind.base is not Base.BOOL:
            a.bag.error("K-E0110", f"the condition of exclusion '{ex.reason}' must be yes/no, not {kind.phrase}",
                        ex.condition.span, ["write a comparison, e.g. `入职日期 > date \"2024-01-01\"`"])


#: Definitions that are result columns of their own (a veto's column must not share a name with one).
COLUMN_KINDS = (DefKind.INDICATOR, DefKind.GROUP, DefKind.FIELD, DefKind.RULE)


def check_veto_columns(a: Analysis) -> None:
    """Each veto adds a yes/no column named after it, so its label must not name another column."""
    for v in a.scheme.vetoes:
        other = a.scope.get(v.label)
        if other is not None and other.kind not in COLUMN_KINDS:
            other = None  # a veto named after the input it tests (`veto "重大违规" when 重大违规`) is fine
        if other is not None or v.label in FIXED_COLUMNS:
            what = f"the {other.kind.value} '{v.label}'" if other is not None else f"the column '{v.label}'"
            a.bag.error("K-E0101", f"veto '{v.label}' names a yes/no column of its own, which would clash with {what}",
                        v.span, ["give the veto another label"])
