"""Walking the syntax tree: the bounds of a condition, every node of an expression, and the
indicators and groups of a tree of items, in source order."""

from __future__ import annotations

from .nodes import (
    Binary,
    Bound,
    Call,
    Compare,
    Comparison,
    Condition,
    Expr,
    Group,
    IfExpr,
    Indicator,
    Interval,
    Logical,
    Membership,
    Neg,
    Not,
)


def condition_bounds(cond: Condition) -> list[Bound]:
    """The bounds a condition is written with (none for `else`)."""
    if isinstance(cond, Interval):
        return [cond.low, cond.high]
    if isinstance(cond, Comparison):
        return [cond.bound]
    return []


def walk_expr(expr: Expr) -> list[Expr]:
    """Every expression node under `expr`, itself included, in source order."""
    out: list[Expr] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        out.append(node)
        match node:
            case Neg(operand=o) | Not(operand=o) | Membership(operand=o):
                stack.append(o)
            case Binary(left=a, right=b) | Compare(left=a, right=b):
                stack.extend((b, a))
            case Logical(operands=ops) | Call(args=ops):
                stack.extend(reversed(ops))
            case IfExpr(cond=c, then=t, otherwise=e):
                stack.extend((e, t, c))
            case _:
                pass
    return out


def iter_indicators(items: tuple[Indicator | Group, ...]) -> list[Indicator]:
    """Every indicator in a tree of groups, depth first, in source order."""
    out: list[Indicator] = []
    for item in items:
        if isinstance(item, Group):
            out.extend(iter_indicators(item.members))
        else:
            out.append(item)
    return out


def iter_groups(items: tuple[Indicator | Group, ...]) -> list[Group]:
    """Every group in a tree of groups, depth first, in source order."""
    out: list[Group] = []
    for item in items:
        if isinstance(item, Group):
            out.append(item)
            out.extend(iter_groups(item.members))
    return out
