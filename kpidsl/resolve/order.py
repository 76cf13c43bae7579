"""Dependency order, decided once: constants in the order they can be folded, indicators in the
order they can be evaluated, and every cycle reported with its chain."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .binder import Binder
from .model import DefKind


def topological(names: Iterable[str], deps: Callable[[str], Iterable[str]], cycle: Callable[[str, list[str]], None]) -> list[str]:
    """`names` ordered so that each comes after the names it depends on (depth first, in the
    given order); `cycle(name, chain)` is called for each dependency that closes a circle."""
    known = list(names)
    members = set(known)
    state: dict[str, int] = {}
    order: list[str] = []

    def visit(name: str, chain: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle(name, chain)
            return
        state[name] = 1
        for dep in deps(name):
            if dep in members:
                visit(dep, [*chain, name])
        state[name] = 2
        order.append(name)

    for name in known:
        visit(name, [])
    return order


def order_constants(b: Binder) -> None:
    """Constants after the constants they read; a cycle is reported at the constant closing it."""
    consts = {name: bd for name, bd in b.scope.items() if bd.kind is DefKind.CONST}

    def cycle(name: str, chain: list[str]) -> None:
        b.error("K-E0121", f"constant '{name}' depends on itself: {' -> '.join([*chain, name])}", consts[name].span)

    b.r.const_order.extend(topological(consts, lambda name: b.r.const_depends.get(name, ()), cycle))


def order_indicators(b: Binder) -> None:
    """Indicators after the indicators they read (their formulas, and the deductions taken from
    them); among independent ones, source order. Sets `indicator_order`."""
    by_name = {i.name: i for i in b.r.indicators}
    position = {name: i for i, name in enumerate(by_name)}

    def cycle(name: str, chain: list[str]) -> None:
        b.error("K-E0121", f"indicators depend on each other in a circle: {' -> '.join([*chain, name])}",
                by_name[name].name_span)

    def deps(name: str) -> list[str]:
        return sorted(b.r.depends.get(name, ()), key=lambda d: position.get(d, 0))

    b.r.indicator_order.extend(topological(by_name, deps, cycle))
