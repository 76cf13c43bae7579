"""Print expressions and conditions back as scheme text, optionally with values substituted.

Explain output relies on this: `on_time / planned` is shown as `on_time / planned = 96 / 100`,
so an HR person sees the formula as written in the scheme and the numbers that went into it.
"""

from __future__ import annotations

from collections.abc import Callable

from . import nodes as n
from .values import describe

#: Binding strength of each operator: higher binds tighter.
PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}

#: Gives the value to print for a name (or `not_found()` to print the name itself).
Lookup = Callable[[n.Expr], object]
_NOT_FOUND = object()


def _prec(expr: n.Expr) -> int:
    match expr:
        case n.Logical(op=op):
            return PRECEDENCE[op]
        case n.Not():
            return PRECEDENCE["not"]
        case n.Compare() | n.Membership():
            return PRECEDENCE["cmp"]
        case n.Binary(op=op):
            return PRECEDENCE[op]
        case n.Neg():
            return PRECEDENCE["neg"]
        case n.IfExpr():
            return 0
        case _:
            return 99


def format_condition(cond: n.Condition) -> str:
    """`[90%, 95%)`, `>= 95%`, `else`."""
    match cond:
        case n.Interval(low=lo, high=hi, low_inclusive=li, high_inclusive=hi_inc):
            return f"{'[' if li else '('}{lo.text}, {hi.text}{']' if hi_inc else ')'}"
        case n.Comparison(op=op, bound=b):
            return f"{op} {b.text}"
        case _:
            return "else"


def format_expr(expr: n.Expr, values: Lookup | None = None) -> str:
    """The expression as scheme text; with `values`, names are replaced by their values."""

    def wrap(child: n.Expr, parent_prec: int, right: bool = False) -> str:
        text = go(child)
        p = _prec(child)
        if p < parent_prec or (right and p == parent_prec and p in (5, 6)):
            return f"({text})"
        return text

    def go(e: n.Expr) -> str:
        match e:
            case n.Number(text=text):
                return text
            case n.String(value=sv):
                return f'"{sv}"'
            case n.Bool(value=bv):
                return "true" if bv else "false"
            case n.Name(id=name):
                if values is not None:
                    v = values(e)
                    if v is not _NOT_FOUND:
                        return describe(v)  # type: ignore[arg-type]  # a Value whenever not _NOT_FOUND
                return name
            case n.Attribute(base=b, attr=a):
                if values is not None:
                    v = values(e)
                    if v is not _NOT_FOUND:
                        return describe(v)  # type: ignore[arg-type]
                return f"{b}.{a}"
            case n.Neg(operand=o):
                return "-" + wrap(o, PRECEDENCE["neg"])
            case n.Not(operand=o):
                return "not " + wrap(o, PRECEDENCE["not"])
            case n.Binary(op=op, left=a, right=b):
                p = PRECEDENCE[op]
                return f"{wrap(a, p)} {op} {wrap(b, p, right=True)}"
            case n.Compare(op=op, left=a, right=b):
                p = PRECEDENCE["cmp"]
                return f"{wrap(a, p + 1)} {op} {wrap(b, p + 1)}"
            case n.Logical(op=op, operands=ops):
                p = PRECEDENCE[op]
                return f" {op} ".join(wrap(o, p + 1) for o in ops)
            case n.Membership(operand=o, condition=c):
                return f"{wrap(o, PRECEDENCE['cmp'] + 1)} in {format_condition(c)}"
            case n.IfExpr(cond=c, then=t, otherwise=o):
                return f"if {go(c)} then {go(t)} else {go(o)}"
            case n.Empty():
                return "empty"
            case n.DateLiteral(text=text):
                return f"date {text}"
            case n.Aggregate():
                return format_aggregate(e)
            case n.Call(func=f, args=args):
                if values is not None and f in ("prev", "last_year"):
                    # The value read from the other period, not the name's value in this one.
                    v = values(e)
                    if v is not _NOT_FOUND:
                        return f"{f} {describe(v)}"  # type: ignore[arg-type]
                    return f"{f}({', '.join(format_expr(a) for a in args)})"
                return f"{f}({', '.join(go(a) for a in args)})"
        raise TypeError(f"cannot print {type(e).__name__}")

    return go(expr)


def format_aggregate(e: n.Aggregate) -> str:
    """`mean(满意度 within 部门 per 评价部门 where 类型 == "员工")`: also the aggregate's identity (two
    aggregates written alike are one value, computed once)."""
    parts = [format_expr(e.arg)] if e.arg is not None else []
    parts.append(f"within {', '.join(e.within.columns)}" if e.within is not None else "over all")
    if e.per is not None:
        parts.append(f"per {', '.join(e.per.columns)}")
    if e.where is not None:
        parts.append(f"where {format_expr(e.where)}")
    return f"{e.func}({' '.join(parts)})"


def not_found() -> object:
    """The marker a `Lookup` returns for a name it has no value for (printed as the name)."""
    return _NOT_FOUND
