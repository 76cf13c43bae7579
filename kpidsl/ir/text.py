"""Print IR formulas as they were written, optionally with the values they read substituted.

Explain relies on this: `按时完成单数 / 计划采购单数` is shown as `按时完成单数 / 计划采购单数 = 96 / 100`,
so a person sees the formula as the scheme writes it and the numbers that went into it. A folded
constant prints as the expression it was folded from; a constant as its name (its value when
substituted); a read of another period as `prev(x)` (`prev 96`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..refs import HistoryRef, Ref
from ..values import describe
from .expr import (
    Binary,
    Call,
    Compare,
    Constant,
    Expr,
    Folded,
    If,
    Literal,
    Logical,
    Lookup,
    Member,
    Neg,
    Not,
    Read,
)

#: Binding strength of each operator: higher binds tighter.
PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}

#: The value a read had, for substitution (or `NOT_FOUND` to print it as written).
Values = Callable[[Ref], object]

#: Returned by a `Values` lookup for a read it has no value for.
NOT_FOUND = object()


class Shown(str):
    """Returned by a `Values` lookup for a read that is already shown as text (`名称 96`): printed
    as it is."""


def _prec(e: Expr) -> int:
    match e:
        case Folded(shown=shown):
            return _prec(shown)
        case Logical(op=op):
            return PRECEDENCE[op]
        case Not():
            return PRECEDENCE["not"]
        case Compare() | Member():
            return PRECEDENCE["cmp"]
        case Binary(op=op):
            return PRECEDENCE[op]
        case Neg():
            return PRECEDENCE["neg"]
        case If():
            return 0
    return 99


def format_expr(expr: Expr, values: Values | None = None, signs: Mapping[str, str] | None = None) -> str:
    """The expression as scheme text; with `values`, reads and constants show their values;
    `signs` replaces operators for people (`*` -> `×`; in Chinese also `>=` -> `≥`, `or` -> `或`)."""

    def wrap(child: Expr, parent_prec: int, right: bool = False) -> str:
        text = go(child)
        p = _prec(child)
        if p < parent_prec or (right and p == parent_prec and p in (5, 6)):
            return f"({text})"
        return text

    def go(e: Expr) -> str:
        match e:
            case Literal(text=text):
                return text
            case Constant(name=name, value=v):
                return describe(v) if values is not None else name
            case Folded(shown=shown):
                return go(shown)
            case Read(ref=ref, text=text):
                found = values(ref) if values is not None else NOT_FOUND
                if found is NOT_FOUND:
                    return text
                if isinstance(found, Shown):
                    return str(found)
                if isinstance(ref, HistoryRef):
                    return f"{ref.when.value} {describe(found)}"  # type: ignore[arg-type]
                return describe(found)  # type: ignore[arg-type]
            case Neg(operand=o):
                return (signs or {}).get("-", "-") + wrap(o, PRECEDENCE["neg"])
            case Not(operand=o):
                return "not " + wrap(o, PRECEDENCE["not"])
            case Binary(op=op, left=a, right=b):
                p = PRECEDENCE[op]
                return f"{wrap(a, p)} {(signs or {}).get(op, op)} {wrap(b, p, right=True)}"
            case Compare(op=op, left=a, right=b):
                p = PRECEDENCE["cmp"]
                return f"{wrap(a, p + 1)} {(signs or {}).get(op, op)} {wrap(b, p + 1)}"
            case Logical(op=op, operands=ops):
                p = PRECEDENCE[op]
                return f" {(signs or {}).get(op, op)} ".join(wrap(o, p + 1) for o in ops)
            case Member(operand=o, cond=c):
                return f"{wrap(o, PRECEDENCE['cmp'] + 1)} in {c.text}"
            case If(cond=c, then=t, otherwise=o):
                return f"if {go(c)} then {go(t)} else {go(o)}"
            case Call(func=f, args=args):
                return f"{f}({', '.join(go(a) for a in args)})"
            case Lookup(table=table, arg=arg):
                return f"{table.name}({go(arg)})"
        raise TypeError(f"cannot print {type(e).__name__}")

    return go(expr)
