"""Hints that propose a corrected input declaration, written out in full so it can be pasted over
the old one: a missing value, a column found under another header, a percent column's convention.

What a missing value should become depends on what the input is: a count of late arrivals that is
absent is 0, but a rating that is absent must leave the rater out (the raters block's `missing ->
exclude`), never count as 0, or two ratings of 5 average to 3.33. Every suggested declaration
passes `kpi lint` (tests/unit/test_input_hints.py pastes each one into its scheme and lints it).
"""

from __future__ import annotations

from . import nodes as n
from .i18n import Text
from .messages import data as msg
from .printer import format_condition, format_expr

#: Types whose missing value means "none happened": a count, days, an amount.
ZERO_WHEN_ABSENT = ("count", "days", "money")


def quote(text: str) -> str:
    """A string literal of the scheme language."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def declaration(decl: n.InputDecl, *, default: str | None = None, optional: bool | None = None,
                alias: str | None = None, as_points: bool | None = None) -> str:
    """`decl` written back as an `input` statement, with the changes asked for (a default replaces
    `optional` and the other way round, since an input cannot be both)."""
    parts = [f"input {decl.name}: {decl.type_name}"]
    if decl.range is not None:
        parts.append(f"in {format_condition(decl.range)}")
    if decl.label:
        parts.append(quote(decl.label))
    aliases = [*decl.aliases, *([alias] if alias else [])]
    if aliases:
        parts.append("alias " + ", ".join(quote(a) for a in aliases))
    is_optional = decl.optional if optional is None else optional
    if default is not None:
        parts.append(f"= {default}")
        is_optional = False
    elif decl.default is not None and not is_optional:
        parts.append(f"= {format_expr(decl.default)}")
    if is_optional:
        parts.append("optional")
    if as_points or (as_points is None and decl.as_points is not None):
        parts.append("as points")
    return " ".join(parts)


def rater_of(scheme: n.Scheme, name: str) -> tuple[n.Indicator, n.Raters] | None:
    """The indicator and raters block that read input `name` as a rating, if any."""
    for ind in n.iter_indicators(scheme.items):
        sc = ind.scoring
        if isinstance(sc, n.Raters) and any(name in r.inputs for r in sc.raters):
            return ind, sc
    return None


def missing_value(scheme: n.Scheme, decl: n.InputDecl) -> Text:
    """What to do about a required input with no value in a record."""
    rater = rater_of(scheme, decl.name)
    if rater is not None:
        ind, raters = rater
        if raters.missing == "error":
            return msg.hint_rating_required(indicator=ind.name)
        return msg.hint_rating_optional(indicator=ind.name, declaration=declaration(decl, optional=True))
    t = decl.type_name
    if t == "text":
        return msg.hint_text_missing(with_default=declaration(decl, default='""'), optional=declaration(decl, optional=True))
    if t == "period":
        return msg.hint_period_missing()
    if t in ZERO_WHEN_ABSENT:
        return msg.hint_zero_default(declaration=declaration(decl, default="0"))
    if t == "bool":
        return msg.hint_bool_default(declaration=declaration(decl, default="false"))
    return msg.hint_optional_value(declaration=declaration(decl, optional=True))


def missing_column(decl: n.InputDecl, close: str) -> Text:
    """A column whose header is near the input's: declare it as an alias."""
    return msg.hint_add_alias(column=close, declaration=declaration(decl, alias=close))


def bare_percent(decl: n.InputDecl, written: str) -> Text:
    """A plain 95 in a percent column that reads ratios."""
    return msg.hint_bare_percent(value=written, declaration=declaration(decl, as_points=True))
