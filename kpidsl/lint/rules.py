"""Lint rules beyond tables: unused names, unit confusion, unguarded divisions and missing
values, vetoes and deductions that cannot act (the reachable total: `points.py`)."""

from __future__ import annotations

from decimal import Decimal

from .. import ir
from .. import nodes as n
from ..numbers import fmt_plain
from ..refs import InputRef
from ..values import INPUT_TYPES
from .context import LintContext
from .ranges import ANY
from .zeros import can_be_zero

#: Input types whose values have a unit; adding two different ones is suspicious.
UNITS = {"count": "count", "money": "money", "days": "days", "percent": "percent", "score": "score"}


def rule_unused(ctx: LintContext) -> None:
    """K-L0301 unused inputs (text inputs are labels and exempt), K-L0302 unused local definitions,
    K-L0303 imported names never used."""
    a = ctx.analysis
    used = a.used
    for inp in a.scheme.inputs:
        t = INPUT_TYPES.get(inp.type_name)
        if inp.name not in used and t is not None and t.name != "text":
            ctx.warn("K-L0301", f"input '{inp.name}' is never used", inp.name_span,
                     "remove it, or use it in an indicator, deduction or veto")
    for d in a.scheme.definitions:
        if d.name not in used and not isinstance(d, n.InputDecl):
            kind = type(d).__name__.replace("Def", "").lower()
            ctx.warn("K-L0302", f"{kind} '{d.name}' is defined but never used", d.name_span)
    for d in a.program.module.definitions:
        if d.name not in used:
            kind = type(d).__name__.replace("Def", "").lower()
            ctx.warn("K-L0302", f"{kind} '{d.name}' is defined but never used", d.name_span)
    for imp in a.program.module.imports:
        for name, span in imp.names:
            if name not in used:
                ctx.warn("K-L0303", f"'{name}' is imported from {imp.module} but never used", span)


def _input_type(ctx: LintContext, e: ir.Expr) -> str | None:
    if isinstance(e, ir.Read) and isinstance(e.ref, InputRef):
        inp = ctx.ir.input(e.ref.name)
        if inp is not None:
            return inp.type.name
    return None


def _is_ratio(ctx: LintContext, e: ir.Expr) -> bool:
    """A percentage, or a quotient of two quantities of the same kind (a rate)."""
    t = _input_type(ctx, e)
    if t == "percent":
        return True
    match e:
        case ir.Binary(op="/", left=left, right=right):
            lt, rt = _input_type(ctx, left), _input_type(ctx, right)
            return lt is not None and lt == rt and lt in UNITS
        case ir.Binary(op="+" | "-", left=left, right=right):
            return _is_ratio(ctx, left) or _is_ratio(ctx, right)
        case ir.Call(func="min" | "max" | "clamp", args=args):
            return any(_is_ratio(ctx, x) for x in args)
    return False


def _plain_big(e: ir.Expr) -> ir.Literal | None:
    if isinstance(e, ir.Literal) and isinstance(e.value, Decimal) and not e.text.endswith("%") and abs(e.value) >= 2:
        return e
    return None


def rule_units(ctx: LintContext) -> None:
    """K-L0401 a rate compared with a plain number such as 95; K-L0402 adding unlike quantities."""
    for node in ctx.ir.indicators:
        exprs = _indicator_exprs(node)
        if node.value is not None and _is_ratio(ctx, node.value.expr) and isinstance(node.scoring, ir.LadderScoring):
            for t in node.scoring.ladder.tiers:
                _ratio_bounds(ctx, t.cond, node.name)
        for e in exprs:
            _units_in(ctx, e)
    for v in ctx.ir.vetoes:
        _units_in(ctx, v.condition.expr)
    for a in ctx.ir.adjustments:
        _units_in(ctx, a.amount.expr)


def _ratio_bounds(ctx: LintContext, cond: ir.Cond, what: str) -> None:
    for b in cond.bounds:
        if b.constant is None and not b.text.endswith("%") and abs(b.value) >= 2:
            ctx.warn("K-L0401", f"the value of '{what}' is a rate (1 = 100%), but the bound {b.text} is a plain number",
                     b.span, f"did you mean {b.text}%?")


def _units_in(ctx: LintContext, expr: ir.Expr) -> None:
    for e in ir.walk(expr):
        if isinstance(e, ir.Compare) and e.op in (">=", ">", "<=", "<", "==", "!="):
            for side, other in ((e.left, e.right), (e.right, e.left)):
                big = _plain_big(other)
                if big is not None and _is_ratio(ctx, side):
                    ctx.warn("K-L0401", f"a rate (1 = 100%) is compared with the plain number {big.text}", big.span,
                             f"did you mean {big.text}%?")
        elif isinstance(e, ir.Member) and _is_ratio(ctx, e.operand):
            _ratio_bounds(ctx, e.cond, "the expression")
        elif isinstance(e, ir.Binary) and e.op in ("+", "-"):
            lt, rt = _input_type(ctx, e.left), _input_type(ctx, e.right)
            if lt in UNITS and rt in UNITS and lt != rt:
                ctx.warn("K-L0402", f"'{_name(e.left)}' ({lt}) and '{_name(e.right)}' ({rt}) are different kinds of quantity",
                         e.span, "convert one into the other's unit first (for example points per occurrence)")


def _name(e: ir.Expr) -> str:
    return e.text if isinstance(e, ir.Read) else "?"


def _divisions(ctx: LintContext, expr: ir.Expr) -> list[ir.Binary]:
    risky = []
    for e in ir.walk(expr):
        if isinstance(e, ir.Binary) and e.op == "/" and can_be_zero(ctx, e.right):
            risky.append(e)
    return risky


def _optional_uses(ctx: LintContext, expr: ir.Expr) -> list[ir.Read]:
    guarded: set[int] = set()
    for e in ir.walk(expr):
        if isinstance(e, ir.Call) and e.func in ("coalesce", "present"):
            guarded.update(id(x) for a in e.args for x in ir.walk(a))
    out = []
    for e in ir.walk(expr):
        if isinstance(e, ir.Read) and isinstance(e.ref, InputRef) and id(e) not in guarded:
            inp = ctx.ir.input(e.ref.name)
            if inp is not None and inp.optional:
                out.append(e)
    return out


def rule_guards(ctx: LintContext) -> None:
    """K-L0501 a denominator that can be 0 without `on zero`; K-L0502 an optional input without
    `on missing`."""
    for node in ctx.ir.indicators:
        exprs = _indicator_exprs(node)
        if node.on_zero is None:
            for e in exprs:
                for div in _divisions(ctx, e):
                    ctx.warn("K-L0501", f"in '{node.name}', {fmt_expr(div.right)} can be 0 and no outcome is declared", div.span,
                             f"add `on zero -> 0` (or skip, error) to '{node.name}', or declare a range that excludes 0")
        if isinstance(node.scoring, ir.ProportionalScoring) and node.on_zero is None and can_be_zero(ctx, node.scoring.target.expr):
            ctx.warn("K-L0501", f"in '{node.name}', the target can be 0 and no outcome is declared", node.scoring.target.span,
                     f"add `on zero -> ...` to '{node.name}'")
        if node.on_missing is None:
            for e in exprs:
                for name in _optional_uses(ctx, e):
                    ctx.warn("K-L0502", f"'{name.text}' is optional, but '{node.name}' says nothing about a missing value", name.span,
                             f"add `on missing -> ...` to '{node.name}', or use coalesce({name.text}, 0)")
    others: list[tuple[str, ir.Expr]] = [(f"'{a.label}'", a.amount.expr) for a in ctx.ir.adjustments]
    others += [(f"veto '{v.label}'", v.condition.expr) for v in ctx.ir.vetoes]
    if ctx.ir.total.formula is not None:
        others.append(("the total", ctx.ir.total.formula.expr))
    for f in ctx.ir.fields:
        if f.on_zero is None:
            for div in _divisions(ctx, f.formula.expr):
                ctx.warn("K-L0501", f"in field '{f.name}', {fmt_expr(div.right)} can be 0 and no outcome is declared", div.span,
                         f"add `{{ on zero -> empty }}` (or a value) to field '{f.name}'")
    for what, e in others:
        for div in _divisions(ctx, e):
            ctx.warn("K-L0501", f"in {what}, {fmt_expr(div.right)} can be 0", div.span,
                     "guard it: if d == 0 then 0 else x / d")
        for name in _optional_uses(ctx, e):
            ctx.warn("K-L0502", f"'{name.text}' is optional, but {what} uses it without a fallback", name.span,
                     f"use coalesce({name.text}, 0), or give the input a default")


def _indicator_exprs(node: ir.Indicator) -> list[ir.Expr]:
    out = [x.expr for x in (node.value, node.cap, node.floor) if x is not None]
    if isinstance(node.scoring, ir.FormulaScoring):
        out.append(node.scoring.formula.expr)
    return out


def fmt_expr(e: ir.Expr) -> str:
    from ..ir.text import format_expr

    return format_expr(e)


def rule_vetoes_and_adjustments(ctx: LintContext) -> None:
    """K-L0601 vetoes that never (or always) fire; K-L0602 deductions that cannot deduct;
    K-L0603 uncapped deductions under a total floor."""
    for v in ctx.ir.vetoes:
        truth = ctx.ranges.truth(v.condition.expr)
        if True not in truth:
            ctx.warn("K-L0601", f"veto '{v.label}' can never fire with the declared input ranges", v.condition.span,
                     "check the threshold against the inputs' ranges")
        elif False not in truth:
            ctx.warn("K-L0601", f"veto '{v.label}' fires for every record", v.condition.span)
    floor = ctx.ir.total.floor
    adjustments = list(ctx.ir.adjustments) + [a for ind in ctx.ir.indicators for a in ind.deductions]
    for ap in adjustments:
        r = ctx.ranges.expr(ap.amount.expr)
        if r != ANY and r.hi <= 0:
            verb = "deduct" if ap.kind == "deduct" else "add"
            ctx.warn("K-L0602", f"'{ap.label}' can never {verb} anything: its amount is at most {fmt_plain(r.hi)}",
                     ap.amount.span)
        if floor is not None and ap.kind == "deduct" and ap.cap is None and ap.source is None:
            ctx.info("K-L0603", f"'{ap.label}' has no cap; with the total's floor, a large deduction is silently absorbed",
                     ap.span, "state a cap if the scheme has one (e.g. `cap 20`)")
