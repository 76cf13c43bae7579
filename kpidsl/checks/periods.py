"""Checks of periods: one period column, on the scheme's calendar, wherever history is read."""

from __future__ import annotations

from ..choices import Period, words
from ..messages import check as msg
from . import Analysis

PERIODS = words(Period)


def check_periods(a: Analysis) -> None:
    """A scheme with history (prev, last_year, flags, roll-ups) needs one period column and a calendar."""
    period_inputs = [i for i in a.scheme.inputs if i.type_name == "period"]
    for extra in period_inputs[1:]:
        a.bag.error("K-E0160", msg.second_period_column(name=extra.name), extra.type_span)
    if period_inputs and a.scheme.meta_value("period") not in PERIODS:
        a.bag.error("K-E0160", msg.period_needs_calendar(name=period_inputs[0].name), period_inputs[0].type_span,
                    [msg.period_needs_calendar_hint()])
    if period_inputs:
        a.used.add(period_inputs[0].name)
    if a.resolution.history_uses and not period_inputs:
        a.bag.error("K-E0160", msg.history_without_period(), a.resolution.history_uses[0], [msg.history_without_period_hint()])
