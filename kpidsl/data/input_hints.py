"""Hints that propose a corrected input declaration, written out in full so it can be pasted over
the old one: a missing value, a column found under another header, a percent column's convention.

What a missing value should become depends on what the input is: a count of late arrivals that is
absent is 0, but a rating that is absent must leave the rater out (the raters block's `missing ->
exclude`), never count as 0, or two ratings of 5 average to 3.33. Every suggested declaration
passes `kpi lint` (tests/unit/test_input_hints.py pastes each one into its scheme and lints it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import ir
from ..choices import MissingRater
from ..i18n import Text
from ..messages import data as msg
from ..numbers import fmt_plain
from ..values import Value

#: Types whose missing value means "none happened": a count, days, an amount.
ZERO_WHEN_ABSENT = ("count", "days", "money")


def quote(text: str) -> str:
    """A string literal of the scheme language."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def literal(value: Value) -> str:
    """A value written as a literal of the scheme language (a default)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return fmt_plain(value)
    if isinstance(value, dt.date):
        return quote(value.isoformat())
    return quote(value or "")


def declaration(spec: ir.Input, *, default: str | None = None, optional: bool | None = None,
                alias: str | None = None, as_points: bool | None = None, column_optional: bool | None = None) -> str:
    """`spec` written back as an `input` statement, with the changes asked for (a default replaces
    `optional` and the other way round, since an input cannot be both)."""
    parts = [f"input {spec.name}: {spec.type.name}"]
    if spec.range is not None:
        parts.append(f"in {spec.range.text}")
    if spec.labels_scale is not None:
        parts.append(f"in {spec.labels_scale}")
    if spec.label:
        parts.append(quote(spec.label))
    aliases = [*spec.aliases, *([alias] if alias else [])]
    if aliases:
        parts.append("alias " + ", ".join(quote(a) for a in aliases))
    is_optional = spec.optional if optional is None else optional
    if default is not None:
        parts.append(f"= {default}")
        is_optional = False
    elif spec.has_default and not is_optional:
        parts.append(f"= {literal(spec.default)}")
    if is_optional:
        parts.append("optional")
    if spec.as_points if as_points is None else as_points:
        parts.append("as points")
    if spec.column_optional if column_optional is None else column_optional:
        parts.append("column optional")
    return " ".join(parts)


def rater_of(scheme: ir.Scheme, name: str) -> tuple[ir.Indicator, ir.RatersScoring] | None:
    """The indicator and raters block that read input `name` as a rating, if any."""
    for ind in scheme.indicators:
        sc = ind.scoring
        if isinstance(sc, ir.RatersScoring) and any(name in r.inputs for r in sc.raters):
            return ind, sc
    return None


def missing_value(scheme: ir.Scheme, spec: ir.Input) -> Text:
    """What to do about a required input with no value in a record."""
    rater = rater_of(scheme, spec.name)
    if rater is not None:
        ind, raters = rater
        if raters.missing is MissingRater.ERROR:
            return msg.hint_rating_required(indicator=ind.name)
        return msg.hint_rating_optional(indicator=ind.name, declaration=declaration(spec, optional=True))
    t = spec.type.name
    if t == "text" and spec.labels is not None:  # `in SCALE`: `= ""` is no level, the scale would stop the record
        return msg.hint_optional_value(declaration=declaration(spec, optional=True))
    if t == "text":
        return msg.hint_text_missing(with_default=declaration(spec, default='""'), optional=declaration(spec, optional=True))
    if t == "period":
        return msg.hint_period_missing()
    if t in ZERO_WHEN_ABSENT:
        return msg.hint_zero_default(declaration=declaration(spec, default="0"))
    if t == "bool":
        return msg.hint_bool_default(declaration=declaration(spec, default="false"))
    return msg.hint_optional_value(declaration=declaration(spec, optional=True))


def missing_column(spec: ir.Input, close: str) -> Text:
    """A column whose header is near the input's: declare it as an alias."""
    return msg.hint_add_alias(column=close, declaration=declaration(spec, alias=close))


def bare_percent(spec: ir.Input, written: str) -> Text:
    """A plain 95 in a percent column that reads ratios."""
    return msg.hint_bare_percent(value=written, declaration=declaration(spec, as_points=True))
