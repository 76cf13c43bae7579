"""Dependency order, decided once: constants in the order they can be folded, indicators in the
order they can be evaluated, and every cycle reported with its chain."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from .. import nodes as n
from ..i18n import Lang, listing
from ..ids import LabelIds
from ..messages import names as msg
from ..source import Span
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
        b.error("K-E0121", msg.constant_circle(name=name, chain=" -> ".join([*chain, name])), consts[name].span)

    b.r.const_order.extend(topological(consts, lambda name: b.r.const_depends.get(name, ()), cycle))


def order_indicators(b: Binder) -> None:
    """Indicators after the indicators they read (their formulas, and the deductions taken from
    them); among independent ones, source order. Sets `indicator_order`."""
    by_name = {i.name: i for i in b.r.indicators}
    position = {name: i for i, name in enumerate(by_name)}

    def cycle(name: str, chain: list[str]) -> None:
        b.error("K-E0121", msg.indicator_circle(chain=" -> ".join([*chain, name])),
                by_name[name].name_span)

    def deps(name: str) -> list[str]:
        return sorted(b.r.depends.get(name, ()), key=lambda d: position.get(d, 0))

    b.r.indicator_order.extend(topological(by_name, deps, cycle))


#: Steps computed over every record of the period (the rest are computed for each record alone).
POPULATION_PREFIXES = ("aggregate:", "rule:")


def is_population(step: str) -> bool:
    return step.startswith(POPULATION_PREFIXES)


def order_stages(b: Binder) -> None:
    """Every step in evaluation order, each with its stage; sets `stage_order`.

    Stages alternate: 0 is per record, 1 over the period's records, 2 per record again, and so on.
    A step runs in the first stage of its sort that comes after everything it reads (explicit
    reads from the formulas, `Resolution.reads`, and the implicit order of the score: groups after
    their members, the base score after the top level, then general deductions and bonuses, the
    total, vetoes, the grade; population rules after the grade and after the rules written before
    them). Among steps that may run together, the canonical order of `_canonical` is kept. A
    circle among steps is reported with its chain (one among indicators alone is reported by
    `order_indicators`).
    """
    steps, deps = _canonical(b)
    position = {name: i for i, name in enumerate(steps)}
    for name in steps:
        # A field reading itself is a circle; the total reads `deductions` it sums itself, and an
        # indicator reading itself is order_indicators' to report.
        own = {name} if name.startswith("field:") and name in b.r.reads.get(name, ()) else set()
        deps[name] = {d for d in deps.get(name, ()) if d in position and d != name} | own
    waiting = {name: len(deps[name]) for name in steps}
    users: dict[str, list[str]] = {}
    for name in steps:
        for d in deps[name]:
            users.setdefault(d, []).append(name)
    ready = [position[name] for name in steps if waiting[name] == 0]
    heapq.heapify(ready)
    stage: dict[str, int] = {}
    emitted: list[str] = []
    while ready:
        name = steps[heapq.heappop(ready)]
        base = max((stage[d] for d in deps[name]), default=0)
        stage[name] = base + (base % 2 == 0 if is_population(name) else base % 2)
        emitted.append(name)
        for user in users.get(name, ()):
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, position[user])
    if len(emitted) < len(steps):
        _report_circle(b, [name for name in steps if name not in stage], deps)
    b.r.stage_order.extend(sorted(((name, stage[name]) for name in emitted), key=lambda x: x[1]))


def _canonical(b: Binder) -> tuple[list[str], dict[str, set[str]]]:
    """Every step in the order written and scored, with its explicit and implicit reads."""
    r = b.r
    s = r.scheme
    deps: dict[str, set[str]] = {name: set(found) for name, found in r.reads.items()}
    steps: list[str] = []

    def add(step: str, *implicit: str) -> None:
        steps.append(step)
        deps.setdefault(step, set()).update(implicit)

    ids = LabelIds()
    for ex in s.exclusions:
        add(ids.next("exclude", ex.reason))
    for name in r.indicator_order:
        add(f"indicator:{name}")
    for g in _innermost_first(s.items):
        add(f"group:{g.name}", *(_item_step(m) for m in g.members))
    add("base", *(_item_step(m) for m in s.items))
    ids = LabelIds()
    every = [(ids.next(a.kind, a.label), a) for a in s.adjustments]
    general = [step for step, a in every if not (a.source is not None and a.kind == "deduct")]
    for adj in general:
        add(adj, "base")
    add("total", "base", *general)
    ids = LabelIds()
    vetoes = [ids.next("veto", v.label) for v in s.vetoes]
    for veto in vetoes:
        add(veto, "total")
    add("grade", "total", *vetoes)
    for f in s.fields:
        add(f"field:{f.name}")
    previous = "grade"
    changes_grade: list[str] = []
    for rule in s.population:
        add(f"rule:{rule.name}", "grade", previous)
        previous = f"rule:{rule.name}"
        if isinstance(rule, n.DistributeRule) and rule.mode in ("replace", "cap"):
            changes_grade.append(previous)
    for agg_id in r.aggregates:
        add(agg_id)
    add("grade:final", "grade", *changes_grade)
    return steps, deps


def _item_step(item: n.Indicator | n.Group) -> str:
    return f"group:{item.name}" if isinstance(item, n.Group) else f"indicator:{item.name}"


def _innermost_first(items: tuple[n.Indicator | n.Group, ...]) -> list[n.Group]:
    out: list[n.Group] = []
    for item in items:
        if isinstance(item, n.Group):
            out.extend(_innermost_first(item.members))
            out.append(item)
    return out


def _report_circle(b: Binder, left: list[str], deps: dict[str, set[str]]) -> None:
    """Report one circle among the steps that could not be ordered (each circle once)."""
    pending = set(left)
    reported: set[frozenset[str]] = set()
    for start in left:
        chain = _find_circle(start, deps, pending)
        if chain is None or frozenset(chain) in reported:
            continue
        reported.add(frozenset(chain))
        if all(c.startswith("indicator:") for c in chain):
            continue  # order_indicators reported it
        shown = listing([_display(c) for c in [*chain, chain[0]]], ARROWS)
        b.error("K-E0121", msg.value_circle(chain=shown), _span_of(b, chain), [msg.value_circle_hint()])


def _find_circle(start: str, deps: dict[str, set[str]], pending: set[str]) -> list[str] | None:
    path: list[str] = []
    on_path: dict[str, int] = {}
    node: str | None = start
    while node is not None and node not in on_path:
        on_path[node] = len(path)
        path.append(node)
        node = next((d for d in sorted(deps.get(node, ())) if d in pending), None)
    if node is None:
        return None
    return path[on_path[node]:]


#: A chain of steps, in every language.
ARROWS = {Lang.EN: " -> ", Lang.ZH: " -> "}


def _display(step: str) -> str:
    """A step of the stage graph in words (`total` -> the total, `veto:重大事故` -> veto '重大事故')."""
    fixed = {"base": msg.step_base, "total": msg.step_total, "grade": msg.step_grade, "grade:final": msg.step_grade}
    if step in fixed:
        return fixed[step]()
    kind, _, name = step.partition(":")
    labelled = {"deduct": msg.step_deduct, "bonus": msg.step_bonus, "veto": msg.step_veto, "exclude": msg.step_exclude}
    if kind in labelled:
        return labelled[kind](name=name)
    return name


def _span_of(b: Binder, chain: list[str]) -> Span | None:
    for step in chain:
        kind, _, name = step.partition(":")
        if kind == "aggregate" and step in b.r.aggregates:
            return b.r.aggregates[step].span
        binding = b.scope.get(name)
        if kind in ("field", "rule", "indicator") and binding is not None:
            return binding.span
    return None
