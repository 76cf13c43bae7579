"""What the newer lint rules read about a scheme: its structure as written (the syntax tree:
items, weights, names), its IR (constants, ladder tiers, input ranges) and the ranges.

The design, precedence, direction and points rules read the scheme through these helpers, so
that a change of representation changes this module rather than every rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .. import ir
from .. import nodes as n
from ..nodewalk import walk_expr
from ..prebuilt import dataclass
from ..source import Span
from ..values import INPUT_TYPES, Value
from .context import LintContext
from .intervals import IvSet, condition_set
from .ranges import ANY, Range

#: Input types that measure something with a unit: quantities of two of them differ in kind.
UNIT_TYPES = frozenset({"count", "money", "days", "score"})


def consts(ctx: LintContext) -> Mapping[str, Value]:
    """The scheme's constants, folded to values."""
    return {c.name: c.value for c in ctx.ir.constants}


def input_decl(ctx: LintContext, name: str) -> n.InputDecl | None:
    entry = ctx.analysis.scope.get(name)
    return entry.node if entry is not None and isinstance(entry.node, n.InputDecl) else None


def input_type(ctx: LintContext, e: n.Expr) -> str | None:
    """The declared type of an expression that is one input, else None."""
    if isinstance(e, n.Name):
        decl = input_decl(ctx, e.id)
        return decl.type_name if decl is not None else None
    return None


def non_negative(type_name: str) -> bool:
    t = INPUT_TYPES.get(type_name)
    return t is not None and t.non_negative


def ladder_tiers(ctx: LintContext, ind: n.Indicator) -> tuple[ir.Tier, ...] | None:
    """The tiers an indicator scores its value with, inline or by a named ladder (bounds and
    results folded to values)."""
    sc = ctx.ir.indicator(ind.name).scoring
    return sc.ladder.tiers if isinstance(sc, ir.LadderScoring) else None


def input_set(ctx: LintContext, name: str) -> IvSet | None:
    """The values an input's declared range allows (None when it declares none)."""
    inp = ctx.ir.input(name)
    return condition_set(inp.range) if inp is not None and inp.range is not None else None


def item_range(ctx: LintContext, item: n.Indicator | n.Group) -> Range:
    """The reachable score of an indicator or group (before its weight)."""
    table = ctx.ranges.group if isinstance(item, n.Group) else ctx.ranges.indicator
    return table.get(item.name, ANY)


def title_span(scheme: n.Scheme) -> Span:
    """The `scheme` keyword: where findings about the scheme as a whole point."""
    s = scheme.span
    return Span(s.path, s.line, s.col, s.line, s.col + len("scheme"))


def total_reads_base(scheme: n.Scheme) -> bool:
    """False when a `total = ...` formula does not use the items' sum (base_score)."""
    t = scheme.total
    if t is None or t.expr is None:
        return True
    return any(isinstance(e, n.Name) and e.id == "base_score" for e in walk_expr(t.expr))


@dataclass(frozen=True, slots=True)
class Share:
    """An item's part of the total, derived from the weights on its way up (1 = all of it)."""

    item: n.Indicator | n.Group
    share: Decimal
    local: Decimal  # its part of its own container
    declared: bool  # the item carries a `weight`


def shares(scheme: n.Scheme) -> list[Share]:
    """Every item whose part of the total follows from declared weights (or `combine mean`).

    Items of a points table (no weights: each item's points count as they are) have no share
    here; their maxima are checked by the points rule instead."""
    out: list[Share] = []
    if total_reads_base(scheme):
        _shares(scheme.items, "sum", Decimal(1), out)
    return out


def _shares(items: tuple[n.Indicator | n.Group, ...], combine: str, parent: Decimal, out: list[Share]) -> None:
    weights = [i.weight for i in items]
    if items and all(w is not None for w in weights):
        total = sum((w.value for w in weights if w is not None), Decimal(0))
        locals_ = [w.value / total if total else Decimal(0) for w in weights if w is not None]
        declared = True
    elif items and combine == "mean":
        locals_ = [Decimal(1) / len(items)] * len(items)
        declared = False
    else:
        return
    for item, local in zip(items, locals_, strict=True):
        share = parent * local
        out.append(Share(item, share, local, declared))
        if isinstance(item, n.Group):
            _shares(item.members, item.combine, share, out)


def percent(d: Decimal) -> str:
    """A share as people write it: 0.05 -> 5%, 0.0333.. -> 3.33%."""
    from ..numbers import fmt_plain

    return f"{fmt_plain((d * 100).quantize(Decimal('0.01')))}%"
