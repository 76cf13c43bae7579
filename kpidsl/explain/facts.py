"""Facts about one explained record that the appeal reply's opening states in every language:
the person's name, the population rules' results, an input's value as the data sheet has it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .. import display, ir
from ..columns import rule_places
from ..messages import output as msg
from ..outcome import RecordData
from ..trace import Ev
from ..values import Value, describe


def record_name(data: RecordData, headers: Sequence[str]) -> str | None:
    """The person's name, from the input whose name or column is one of `headers` (姓名)."""
    wanted = {h.casefold() for h in headers}
    for ev in data.trace or ():
        if ev.kind == Ev.INPUT and isinstance(ev.result, str):
            name = ev.node.split(":", 1)[1]
            if name.casefold() in wanted:
                return ev.result
    return None


def input_value(inp: ir.Input, value: Value) -> str:
    """An input's value as the data writes it: a percent input as a percentage (0.95 -> 95%)."""
    if isinstance(value, Decimal) and inp.type.name == "percent":
        return display.percent(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # the display rule: yes / no (是 / 否), as the veto lines and tables say
        return msg.yes() if value else msg.no()
    return describe(value)


def conclusion_values(s: ir.Scheme, data: RecordData) -> list[tuple[str, str]]:
    """The population rules' results for the record (rank, distributed grade, pay), in the order
    the scheme writes the rules, each with the places it declares."""
    out = []
    for rule in s.rules:
        if rule.name not in data.population:
            continue
        value = data.population[rule.name]
        if isinstance(value, bool):
            shown: str = msg.yes() if value else msg.no()
        elif isinstance(value, Decimal):
            shown = display.number(value, rule_places(rule))
        else:
            shown = value if isinstance(value, str) else describe(value)
        out.append((rule.name, shown))
    return out
