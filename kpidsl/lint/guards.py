"""What a formula has already checked where it reads a value: `if d == 0 then 0 else x / d`
divides only where d is not 0, `present(d) and d > date "2024-01-01"` reads d only where it is
present. K-L0501 and K-L0502 ask this before warning, so a guarded division or read is no finding.

Facts come from the branch taken: the `then` of an `if` knows its condition held, the `else` that it
did not; each operand of `and` knows the ones before it held, each of `or` that they did not. A
fact is "this expression (as written) is not 0" or "this input is present"; anything else (ranges,
arithmetic on the guarded value) is left to the range analysis, so the answer stays conservative.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import ir
from ..ir.text import format_expr
from ..prebuilt import dataclass
from ..refs import InputRef

#: `x op c` is false exactly when `x negated-op c` is true.
_NEGATED = {"==": "!=", "!=": "==", ">": "<=", ">=": "<", "<": ">=", "<=": ">"}

#: `c op x` said the other way round: `x flipped-op c`.
_FLIPPED = {"==": "==", "!=": "!=", ">": "<", ">=": "<=", "<": ">", "<=": ">="}


@dataclass(frozen=True, slots=True)
class Facts:
    """Expressions known not to be 0 (as written) and inputs known to be present."""

    nonzero: frozenset[str] = frozenset()
    present: frozenset[str] = frozenset()

    def __or__(self, other: Facts) -> Facts:
        return Facts(self.nonzero | other.nonzero, self.present | other.present)


def guarded(expr: ir.Expr) -> Iterator[tuple[ir.Expr, Facts]]:
    """Every node under `expr` with what is known where it is evaluated (no recursion)."""
    stack: list[tuple[ir.Expr, Facts]] = [(expr, Facts())]
    while stack:
        node, known = stack.pop()
        yield node, known
        match node:
            case ir.If(cond=cond, then=then, otherwise=otherwise):
                stack += [(otherwise, known | facts(cond, False)), (then, known | facts(cond, True)), (cond, known)]
            case ir.Logical(op=op, operands=operands):
                holds = op == "and"
                before = known
                pending = []
                for operand in operands:
                    pending.append((operand, before))
                    before = before | facts(operand, holds)
                stack += reversed(pending)
            case ir.Call(func="present" | "coalesce", args=args):
                shielded = known | Facts(present=frozenset(_read_names(args)))
                stack += [(a, shielded) for a in reversed(args)]
            case _:
                stack += [(c, known) for c in reversed(ir.children(node))]


def facts(cond: ir.Expr, truth: bool) -> Facts:
    """What `cond` being `truth` tells about values."""
    match cond:
        case ir.Not(operand=o):
            return facts(o, not truth)
        case ir.Logical(op=op, operands=operands) if (op == "and") == truth:
            out = Facts()
            for o in operands:
                out = out | facts(o, truth)
            return out
        case ir.Call(func="present", args=args) if truth:
            return Facts(present=frozenset(_read_names(args)))
        case ir.Compare(op=op, left=left, right=right):
            if (c := _number(right)) is not None:
                side, relation = left, op
            elif (c := _number(left)) is not None:
                side, relation = right, _FLIPPED[op]
            else:
                return Facts()
            if not truth:
                relation = _NEGATED[relation]
            return Facts(nonzero=frozenset([format_expr(side)])) if _excludes_zero(relation, c) else Facts()
    return Facts()


def _excludes_zero(op: str, c: Decimal) -> bool:
    """Does `x op c` rule out x == 0?"""
    return {"!=": c == 0, "==": c != 0, ">": c >= 0, ">=": c > 0, "<": c <= 0, "<=": c < 0}[op]


def _number(e: ir.Expr) -> Decimal | None:
    match e:
        case ir.Literal(value=Decimal() as v) | ir.Constant(value=Decimal() as v) | ir.Folded(value=Decimal() as v):
            return v
    return None


def _read_names(args: tuple[ir.Expr, ...]) -> list[str]:
    return [x.ref.name for a in args for x in ir.walk(a) if isinstance(x, ir.Read) and isinstance(x.ref, InputRef)]
