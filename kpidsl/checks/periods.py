"""Checks of periods: one period column, on the scheme's calendar, wherever history is read."""

from __future__ import annotations

from ..choices import Period, words
from . import Analysis

PERIODS = words(Period)


def check_periods(a: Analysis) -> None:
    """A scheme with history (prev, last_year, flags, roll-ups) needs one period column and a calendar."""
    period_inputs = [i for i in a.scheme.inputs if i.type_name == "period"]
    for extra in period_inputs[1:]:
        a.bag.error("K-E0160", f"a scheme has one period column; '{extra.name}' is a second", extra.type_span)
    if period_inputs and a.scheme.meta_value("period") not in PERIODS:
        a.bag.error("K-E0160", f"the period column '{period_inputs[0].name}' needs the scheme's calendar",
                    period_inputs[0].type_span, ["declare it: period month | quarter | half_year | year"])
    if period_inputs:
        a.used.add(period_inputs[0].name)
    from .levels import check_levels

    check_levels(a)
    if a.resolution.history_uses and not period_inputs:
        a.bag.error("K-E0160", "this rule reads other periods, but the scheme has no period column", a.resolution.history_uses[0],
                    ["declare the column that says which period a row belongs to: input 期间: period \"考核期间\""])
