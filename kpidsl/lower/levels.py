"""Roll-ups of whole periods in the IR: the calendar each rolls up, and the steps that can only be
computed once every period is evaluated (the roll-ups and the fields that read them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .. import ir
from ..choices import Period


def whole(rule: ir.Rule) -> bool:
    """A roll-up of the whole unit (not `to date`): known only after every period of it."""
    return isinstance(rule, ir.RollupRule) and not rule.to_date


def with_grains(rules: tuple[ir.Rule, ...], reads: Mapping[str, set[str]], unit: Period | None) -> tuple[ir.Rule, ...]:
    """The rules with each roll-up's grain: the unit of the whole roll-ups its formula reads (a
    year of monthly roll-ups takes one value per month), else the scheme's calendar."""
    over: dict[str, Period] = {}
    out: list[ir.Rule] = []
    for rule in rules:
        if isinstance(rule, ir.RollupRule):
            inner = sorted({over[d] for d in reads.get(rule.id, ()) if d in over}, key=list(Period).index)
            rule = dataclasses.replace(rule, grain=inner[-1] if inner else unit)
            if whole(rule):
                over[rule.id] = rule.over
        out.append(rule)
    return tuple(out)


def after_periods(steps: Mapping[str, ir.Step], reads: Mapping[str, set[str]]) -> set[str]:
    """The ids of the steps computed after every period: whole roll-ups and what reads them."""
    late = {sid for sid, step in steps.items() if isinstance(step, ir.Rule) and whole(step)}
    grew = True
    while grew:
        grew = False
        for sid in steps:
            if sid not in late and reads.get(sid, set()) & late:
                late.add(sid)
                grew = True
    return late
