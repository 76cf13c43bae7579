"""Lint rules beyond tables: unused names, unit confusion, unguarded divisions and missing
values, vetoes and deductions that cannot act (the reachable total: `points.py`)."""

from __future__ import annotations

from .. import nodes as n
from ..evaluator import IndicatorPlan
from ..i18n import Text
from ..messages import lint as msg
from ..messages.common import quoted
from ..numbers import fmt_plain
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
            ctx.warn("K-L0301", msg.unused_input(input=inp.name), inp.name_span, msg.unused_input_hint())
    for d in a.scheme.definitions:
        if d.name not in used and not isinstance(d, n.InputDecl):
            ctx.warn("K-L0302", msg.unused_definition(kind=_kind(d), name=d.name), d.name_span)
    for d in a.program.module.definitions:
        if d.name not in used:
            ctx.warn("K-L0302", msg.unused_definition(kind=_kind(d), name=d.name), d.name_span)
    for imp in a.program.module.imports:
        for name, span in imp.names:
            if name not in used:
                ctx.warn("K-L0303", msg.unused_import(name=name, module=imp.module), span)


def _kind(d: n.Definition) -> str:
    """The kind of a definition in words: const, ladder, scale, bands, template."""
    kinds = {n.ConstDef: msg.kind_const, n.LadderDef: msg.kind_ladder, n.ScaleDef: msg.kind_scale, n.BandsDef: msg.kind_bands,
             n.TemplateDef: msg.kind_template}
    word = kinds.get(type(d))
    return word() if word is not None else type(d).__name__.replace("Def", "").lower()


def _input_type(ctx: LintContext, e: n.Expr) -> str | None:
    if isinstance(e, n.Name):
        entry = ctx.analysis.scope.get(e.id)
        if entry is not None and isinstance(entry.node, n.InputDecl):
            return entry.node.type_name
    return None


def _is_ratio(ctx: LintContext, e: n.Expr) -> bool:
    """A percentage, or a quotient of two quantities of the same kind (a rate)."""
    t = _input_type(ctx, e)
    if t == "percent":
        return True
    match e:
        case n.Binary(op="/", left=left, right=right):
            lt, rt = _input_type(ctx, left), _input_type(ctx, right)
            return lt is not None and lt == rt and lt in UNITS
        case n.Binary(op="+" | "-", left=left, right=right):
            return _is_ratio(ctx, left) or _is_ratio(ctx, right)
        case n.Call(func="min" | "max" | "clamp", args=args):
            return any(_is_ratio(ctx, x) for x in args)
    return False


def _plain_big(e: n.Expr) -> n.Number | None:
    if isinstance(e, n.Number) and not e.is_percent and abs(e.value) >= 2:
        return e
    return None


def rule_units(ctx: LintContext) -> None:
    """K-L0401 a rate compared with a plain number such as 95; K-L0402 adding unlike quantities."""
    for ip in ctx.plan.order:
        node = ip.node
        exprs = _indicator_exprs(ip)
        if node.value is not None and _is_ratio(ctx, node.value) and ip.ladder is not None:
            for t in ip.ladder.tiers:
                _ratio_bounds(ctx, t.node.condition, node.name)
        for e in exprs:
            _units_in(ctx, e)
    for vp in ctx.plan.vetoes:
        _units_in(ctx, vp.node.condition)
    for ap in ctx.plan.adjustments:
        _units_in(ctx, ap.node.amount)


def _ratio_bounds(ctx: LintContext, cond: n.Condition, what: str) -> None:
    for b in n.condition_bounds(cond):
        if b.value is not None and not b.text.endswith("%") and abs(b.value) >= 2:
            ctx.warn("K-L0401", msg.rate_bound(what=what, bound=b.text), b.span, msg.did_you_mean_percent(number=b.text))


def _units_in(ctx: LintContext, expr: n.Expr) -> None:
    for e in n.walk_expr(expr):
        if isinstance(e, n.Compare) and e.op in (">=", ">", "<=", "<", "==", "!="):
            for side, other in ((e.left, e.right), (e.right, e.left)):
                big = _plain_big(other)
                if big is not None and _is_ratio(ctx, side):
                    ctx.warn("K-L0401", msg.rate_compared(number=big.text), big.span, msg.did_you_mean_percent(number=big.text))
        elif isinstance(e, n.Membership) and _is_ratio(ctx, e.operand):
            _ratio_bounds(ctx, e.condition, msg.the_expression())
        elif isinstance(e, n.Binary) and e.op in ("+", "-"):
            lt, rt = _input_type(ctx, e.left), _input_type(ctx, e.right)
            if lt in UNITS and rt in UNITS and lt != rt:
                assert lt is not None and rt is not None
                ctx.warn("K-L0402", msg.unit_mismatch(left=_name(e.left), left_type=lt, right=_name(e.right), right_type=rt),
                         e.span, msg.unit_mismatch_hint())


def _name(e: n.Expr) -> str:
    return e.id if isinstance(e, n.Name) else "?"


def _divisions(ctx: LintContext, expr: n.Expr, owner: str | None) -> list[n.Binary]:
    risky = []
    for e in n.walk_expr(expr):
        if isinstance(e, n.Binary) and e.op == "/" and can_be_zero(ctx, e.right, owner):
            risky.append(e)
    return risky


def _optional_uses(ctx: LintContext, expr: n.Expr) -> list[n.Name]:
    guarded: set[int] = set()
    for e in n.walk_expr(expr):
        if isinstance(e, n.Call) and e.func in ("coalesce", "present"):
            guarded.update(id(x) for a in e.args for x in n.walk_expr(a))
    out = []
    for e in n.walk_expr(expr):
        if isinstance(e, n.Name) and id(e) not in guarded:
            entry = ctx.analysis.scope.get(e.id)
            if entry is not None and isinstance(entry.node, n.InputDecl) and entry.node.optional:
                out.append(e)
    return out


def rule_guards(ctx: LintContext) -> None:
    """K-L0501 a denominator that can be 0 without `on zero`; K-L0502 an optional input without
    `on missing`."""
    for ip in ctx.plan.order:
        node = ip.node
        exprs = _indicator_exprs(ip)
        if node.on_zero is None:
            for e in exprs:
                for div in _divisions(ctx, e, node.name):
                    ctx.warn("K-L0501", msg.unguarded_division(indicator=node.name, denominator=fmt_expr(div.right)), div.span,
                             msg.unguarded_division_hint(indicator=node.name))
        if isinstance(node.scoring, n.Proportional) and node.on_zero is None and can_be_zero(ctx, node.scoring.target):
            ctx.warn("K-L0501", msg.unguarded_target(indicator=node.name), node.scoring.target.span,
                     msg.unguarded_target_hint(indicator=node.name))
        if node.on_missing is None:
            for e in exprs:
                for name in _optional_uses(ctx, e):
                    ctx.warn("K-L0502", msg.unguarded_optional(input=name.id, indicator=node.name), name.span,
                             msg.unguarded_optional_hint(indicator=node.name, input=name.id))
    others: list[tuple[Text, n.Expr]] = [(quoted(name=a.node.label), a.node.amount) for a in ctx.plan.adjustments]
    others += [(msg.veto_named(label=v.node.label), v.node.condition) for v in ctx.plan.vetoes]
    if ctx.plan.total_node is not None and ctx.plan.total_node.expr is not None:
        others.append((msg.the_total(), ctx.plan.total_node.expr))
    for what, e in others:
        for div in _divisions(ctx, e, None):
            ctx.warn("K-L0501", msg.division_elsewhere(what=what, denominator=fmt_expr(div.right)), div.span, msg.division_elsewhere_hint())
        for name in _optional_uses(ctx, e):
            ctx.warn("K-L0502", msg.optional_elsewhere(input=name.id, what=what), name.span, msg.optional_elsewhere_hint(input=name.id))


def _indicator_exprs(ip: IndicatorPlan) -> list[n.Expr]:
    node = ip.node
    out = [x for x in (node.value, node.cap, node.floor) if x is not None]
    if isinstance(node.scoring, n.ExprScore):
        out.append(node.scoring.expr)
    return out


def fmt_expr(e: n.Expr) -> str:
    from ..printer import format_expr

    return format_expr(e)


def rule_vetoes_and_adjustments(ctx: LintContext) -> None:
    """K-L0601 vetoes that never (or always) fire; K-L0602 deductions that cannot deduct;
    K-L0603 uncapped deductions under a total floor."""
    for vp in ctx.plan.vetoes:
        truth = ctx.ranges.truth(vp.node.condition)
        if True not in truth:
            ctx.warn("K-L0601", msg.veto_never(veto=vp.node.label), vp.node.condition.span, msg.veto_never_hint())
        elif False not in truth:
            ctx.warn("K-L0601", msg.veto_always(veto=vp.node.label), vp.node.condition.span)
    floor = ctx.plan.total_node.floor if ctx.plan.total_node is not None else None
    adjustments = list(ctx.plan.adjustments) + [a for ip in ctx.plan.order for a in ip.attached]
    for ap in adjustments:
        r = ctx.ranges.expr(ap.node.amount)
        if r != ANY and r.hi <= 0:
            never = msg.deduction_never if ap.node.kind == "deduct" else msg.bonus_never
            ctx.warn("K-L0602", never(label=ap.node.label, most=fmt_plain(r.hi)), ap.node.amount.span)
        if floor is not None and ap.node.kind == "deduct" and ap.node.cap is None and ap.node.source is None:
            ctx.info("K-L0603", msg.uncapped_deduction(label=ap.node.label), ap.node.span, msg.uncapped_deduction_hint())

