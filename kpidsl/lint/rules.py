"""Lint rules beyond tables: unused names, unit confusion, unguarded divisions and missing
values, vetoes and deductions that cannot act (the reachable total: `points.py`)."""

from __future__ import annotations

from decimal import Decimal

from .. import ir
from .. import nodes as n
from ..i18n import Text
from ..messages import lint as msg
from ..messages.common import quoted
from ..numbers import fmt_plain
from ..refs import InputRef
from ..values import INPUT_TYPES
from .context import LintContext
from .guards import guarded
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


def _is_points(ctx: LintContext, e: ir.Expr) -> bool:
    """A rate turned into points (`完成率 * 100`: 95 means 95%)."""
    match e:
        case ir.Binary(op="*", left=left, right=right):
            return any(isinstance(k, ir.Literal) and k.value == 100 and not k.text.endswith("%") and _is_ratio(ctx, r)
                       for k, r in ((left, right), (right, left)))
    return False


def _percent_literal(e: ir.Expr) -> ir.Literal | None:
    if isinstance(e, ir.Literal) and isinstance(e.value, Decimal) and e.text.endswith("%"):
        return e
    return None


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
        if node.value is not None and _is_ratio(ctx, node.value.expr) and isinstance(node.scoring, ir.ProportionalScoring):
            _ratio_target(ctx, node.scoring.target.expr, node.name)
        if node.value is not None and _is_points(ctx, node.value.expr) and isinstance(node.scoring, ir.LadderScoring):
            for t in node.scoring.ladder.tiers:
                _points_bounds(ctx, t.cond, node.name)
        for e in exprs:
            _units_in(ctx, e)
    for v in ctx.ir.vetoes:
        _units_in(ctx, v.condition.expr)
    for a in ctx.ir.adjustments:
        _units_in(ctx, a.amount.expr)


def _ratio_bounds(ctx: LintContext, cond: ir.Cond, what: str) -> None:
    for b in cond.bounds:
        if b.constant is None and not b.text.endswith("%") and abs(b.value) >= 2:
            ctx.warn("K-L0401", msg.rate_bound(what=what, bound=b.text), b.span, msg.did_you_mean_percent(number=b.text))


def _ratio_target(ctx: LintContext, target: ir.Expr, what: str) -> None:
    """`score proportional target 95` over a rate: the score is value / 95 x full, about 100 times
    too small (a new-user trial's typo passed every check, and every 回款 score was 0.69, not 69)."""
    from ..messages import design

    big = _plain_big(target)
    if big is not None:
        ctx.warn("K-L0401", design.rate_target(what=what, target=big.text), big.span, msg.did_you_mean_percent(number=big.text))


def _points_bounds(ctx: LintContext, cond: ir.Cond, what: str) -> None:
    for b in cond.bounds:
        if b.constant is None and b.text.endswith("%"):
            number = b.text[:-1].strip()
            ctx.warn("K-L0401", msg.points_bound(what=what, bound=b.text), b.span, msg.points_bound_hint(number=number))


def _units_in(ctx: LintContext, expr: ir.Expr) -> None:
    for e in ir.walk(expr):
        if isinstance(e, ir.Compare) and e.op in (">=", ">", "<=", "<", "==", "!="):
            for side, other in ((e.left, e.right), (e.right, e.left)):
                big = _plain_big(other)
                if big is not None and _is_ratio(ctx, side):
                    ctx.warn("K-L0401", msg.rate_compared(number=big.text), big.span, msg.did_you_mean_percent(number=big.text))
                pct = _percent_literal(other)
                if pct is not None and _is_points(ctx, side):
                    ctx.warn("K-L0401", msg.points_compared(bound=pct.text), pct.span,
                             msg.points_bound_hint(number=pct.text[:-1].strip()))
        elif isinstance(e, ir.Member) and _is_points(ctx, e.operand):
            _points_bounds(ctx, e.cond, msg.the_expression())
        elif isinstance(e, ir.Member) and _is_ratio(ctx, e.operand):
            _ratio_bounds(ctx, e.cond, msg.the_expression())
        elif isinstance(e, ir.Binary) and e.op in ("+", "-"):
            lt, rt = _input_type(ctx, e.left), _input_type(ctx, e.right)
            if lt in UNITS and rt in UNITS and lt != rt:
                assert lt is not None and rt is not None
                ctx.warn("K-L0402", msg.unit_mismatch(left=_name(e.left), left_type=lt, right=_name(e.right), right_type=rt),
                         e.span, msg.unit_mismatch_hint())


def _name(e: ir.Expr) -> str:
    return e.text if isinstance(e, ir.Read) else "?"


def _divisions(ctx: LintContext, expr: ir.Expr) -> list[ir.Binary]:
    """Divisions whose denominator can be 0 where they are evaluated (`if d == 0 then ... else
    x / d` cannot divide by 0: `guards.py`)."""
    risky = []
    for e, known in guarded(expr):
        if isinstance(e, ir.Binary) and e.op == "/" and fmt_expr(e.right) not in known.nonzero and can_be_zero(ctx, e.right):
            risky.append(e)
    return risky


def _optional_uses(ctx: LintContext, expr: ir.Expr) -> list[ir.Read]:
    """Reads of an optional input where nothing has made sure it is present (`present(d) and
    d > ...`, `coalesce(d, 0)`)."""
    out = []
    for e, known in guarded(expr):
        if isinstance(e, ir.Read) and isinstance(e.ref, InputRef) and e.ref.name not in known.present:
            inp = ctx.ir.input(e.ref.name)
            if inp is not None and inp.optional:
                out.append(e)
    return out


def _fallback(ctx: LintContext, read: ir.Read) -> str:
    """How a formula says what a missing value means: `coalesce(x, 0)` for a number, `coalesce(x,
    "")` for text, `coalesce(x, false)` for yes/no; a date has no neutral value, so test it first."""
    inp = ctx.ir.input(read.ref.name) if isinstance(read.ref, InputRef) else None
    base = inp.type.kind.value if inp is not None else "number"
    return {"number": f"coalesce({read.text}, 0)", "text": f'coalesce({read.text}, "")', "bool": f"coalesce({read.text}, false)"}.get(
        base, f"present({read.text}) and ...")


def _excluded_when_missing(ctx: LintContext) -> set[str]:
    """The inputs an exclusion `when not present(X)` guards: a record without X is not appraised."""
    out: set[str] = set()
    for ex in ctx.ir.exclusions:
        e = ex.condition.expr
        if isinstance(e, ir.Not) and isinstance(e.operand, ir.Call) and e.operand.func == "present" and len(e.operand.args) == 1:
            arg = e.operand.args[0]
            if isinstance(arg, ir.Read) and isinstance(arg.ref, InputRef):
                out.add(arg.ref.name)
    return out


def rule_guards(ctx: LintContext) -> None:
    """K-L0501 a denominator that can be 0 without `on zero`; K-L0502 an optional input without
    `on missing`."""
    for node in ctx.ir.indicators:
        exprs = _indicator_exprs(node)
        if node.on_zero is None:
            for e in exprs:
                for div in _divisions(ctx, e):
                    ctx.warn("K-L0501", msg.unguarded_division(indicator=node.name, denominator=fmt_expr(div.right)), div.span,
                             msg.unguarded_division_hint(indicator=node.name))
        if isinstance(node.scoring, ir.ProportionalScoring) and node.on_zero is None and can_be_zero(ctx, node.scoring.target.expr):
            ctx.warn("K-L0501", msg.unguarded_target(indicator=node.name), node.scoring.target.span,
                     msg.unguarded_target_hint(indicator=node.name))
        if node.on_missing is None:
            for e in exprs:
                for name in _optional_uses(ctx, e):
                    if isinstance(name.ref, InputRef) and name.ref.name in _excluded_when_missing(ctx):
                        continue  # `exclude ... when not present(X)`: no record reaches here without X
                    ctx.warn("K-L0502", msg.unguarded_optional(input=name.text, indicator=node.name), name.span,
                             msg.unguarded_optional_hint(indicator=node.name, fallback=_fallback(ctx, name)))
    others: list[tuple[Text, ir.Expr]] = [(quoted(name=a.label), a.amount.expr) for a in ctx.ir.adjustments]
    others += [(msg.veto_named(label=v.label), v.condition.expr) for v in ctx.ir.vetoes]
    if ctx.ir.total.formula is not None:
        others.append((msg.the_total(), ctx.ir.total.formula.expr))
    for f in ctx.ir.fields:
        if f.on_zero is None:
            for div in _divisions(ctx, f.formula.expr):
                ctx.warn("K-L0501", msg.division_in_field(field=f.name, denominator=fmt_expr(div.right)), div.span,
                         msg.division_in_field_hint(field=f.name))
    for what, e in others:
        for div in _divisions(ctx, e):
            ctx.warn("K-L0501", msg.division_elsewhere(what=what, denominator=fmt_expr(div.right)), div.span, msg.division_elsewhere_hint())
        for name in _optional_uses(ctx, e):
            ctx.warn("K-L0502", msg.optional_elsewhere(input=name.text, what=what), name.span,
                     msg.optional_elsewhere_hint(fallback=_fallback(ctx, name)))


def _indicator_exprs(node: ir.Indicator) -> list[ir.Expr]:
    out = [x.expr for x in (node.value, node.cap, node.floor) if x is not None]
    if isinstance(node.scoring, ir.FormulaScoring):
        out.append(node.scoring.formula.expr)
    return out


def fmt_expr(e: ir.Expr) -> str:
    from ..ir.text import format_expr

    return format_expr(e)


def _repeated_vetoes(ctx: LintContext) -> None:
    labels: dict[str, ir.Veto] = {}
    conditions: dict[str, ir.Veto] = {}
    for v in ctx.ir.vetoes:
        condition = f"{fmt_expr(v.condition.expr)} -> {v.effect} {v.grade}"  # the same fact with the same effect
        earlier = labels.get(v.label) or conditions.get(condition)
        if earlier is not None:
            same = msg.veto_same_label(label=v.label) if earlier.label == v.label else msg.veto_same_condition(
                label=v.label, earlier=earlier.label)
            ctx.warn("K-L0604", msg.veto_repeated(same=same, line=earlier.span.line), v.span, msg.veto_repeated_hint())
        labels.setdefault(v.label, v)
        conditions.setdefault(condition, v)


def rule_vetoes_and_adjustments(ctx: LintContext) -> None:
    """K-L0601 vetoes that never (or always) fire; K-L0602 deductions that cannot deduct;
    K-L0603 uncapped deductions under a total floor; K-L0604 a veto repeated."""
    _repeated_vetoes(ctx)
    for v in ctx.ir.vetoes:
        truth = ctx.ranges.truth(v.condition.expr)
        if True not in truth:
            ctx.warn("K-L0601", msg.veto_never(veto=v.label), v.condition.span, msg.veto_never_hint())
        elif False not in truth:
            ctx.warn("K-L0601", msg.veto_always(veto=v.label), v.condition.span)
    floor = ctx.ir.total.floor
    adjustments = list(ctx.ir.adjustments) + [a for ind in ctx.ir.indicators for a in ind.deductions]
    for ap in adjustments:
        r = ctx.ranges.expr(ap.amount.expr)
        if r != ANY and r.hi <= 0:
            never = msg.deduction_never if ap.kind == "deduct" else msg.bonus_never
            ctx.warn("K-L0602", never(label=ap.label, most=fmt_plain(r.hi)), ap.amount.span)
        if floor is not None and ap.kind == "deduct" and ap.cap is None and ap.source is None:
            ctx.info("K-L0603", msg.uncapped_deduction(label=ap.label), ap.span, msg.uncapped_deduction_hint())
