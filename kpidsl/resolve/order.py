"""Dependency order, decided once: constants in the order they can be folded, indicators in the
order they can be evaluated, and every cycle reported with its chain."""

from __future__ import annotations

from .. import nodes as n
from .binder import Binder
from .model import DefKind


def order_constants(b: Binder) -> None:
    """Constants after the constants they read; a cycle is reported once, at the constant that
    closes it."""
    consts = {name: bd.node for name, bd in b.scope.items() if bd.kind is DefKind.CONST}
    state: dict[str, int] = {}
    order = b.r.const_order

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == 2:
            return
        node = consts[name]
        assert isinstance(node, n.ConstDef)
        if state.get(name) == 1:
            b.error("K-E0121", f"constant '{name}' depends on itself: {' -> '.join([*chain, name])}", node.name_span)
            return
        state[name] = 1
        for dep in b.r.const_depends.get(name, ()):
            if dep in consts:
                visit(dep, [*chain, name])
        state[name] = 2
        order.append(name)

    for name in consts:
        visit(name, [])


def order_indicators(b: Binder) -> None:
    """Indicators after the indicators they read (their formulas, and the deductions taken from
    them); among independent ones, source order. Sets `indicator_order`."""
    by_name = {i.name: i for i in b.r.indicators}
    position = {name: i for i, name in enumerate(by_name)}
    state: dict[str, int] = {}
    order = b.r.indicator_order

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            b.error("K-E0121", f"indicators depend on each other in a circle: {' -> '.join([*chain, name])}",
                    by_name[name].name_span)
            return
        state[name] = 1
        for dep in sorted(b.r.depends.get(name, ()), key=lambda d: position.get(d, 0)):
            if dep in by_name:
                visit(dep, [*chain, name])
        state[name] = 2
        order.append(name)

    for name in by_name:
        visit(name, [])
