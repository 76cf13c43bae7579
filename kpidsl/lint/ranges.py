"""What values can each formula, indicator, group and the total take, given the declared inputs?

Interval arithmetic over closed ranges (a bound of +-Infinity when nothing limits it), computed
from the inputs' declared ranges and types (a `count` or `days` is >= 0). It is conservative: a
range may be wider than what is truly reachable, never narrower, so "this veto can never fire"
and "the total can reach at most 100" are safe conclusions. Conditions evaluate to the set of
truth values they can take.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal

from .. import nodes as n
from ..compiler import bound_value
from ..evaluator import GroupPlan, IndicatorPlan, Plan

INF = Decimal("Infinity")
NEG_INF = Decimal("-Infinity")
ZERO = Decimal(0)

#: Interval arithmetic runs with infinities allowed and no traps (inf - inf is handled below).
_CTX = decimal.Context(prec=34, traps=[])


@dataclass(frozen=True, slots=True)
class Range:
    """A closed range [lo, hi]; bounds may be infinite."""

    lo: Decimal
    hi: Decimal

    @staticmethod
    def point(v: Decimal) -> Range:
        return Range(v, v)

    def hull(self, other: Range) -> Range:
        return Range(min(self.lo, other.lo), max(self.hi, other.hi))

    def clamp(self, lo: Decimal | None = None, hi: Decimal | None = None) -> Range:
        a, b = self.lo, self.hi
        if lo is not None:
            a, b = max(a, lo), max(b, lo)
        if hi is not None:
            a, b = min(a, hi), min(b, hi)
        return Range(a, b)

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi

    @property
    def bounded(self) -> bool:
        return self.lo.is_finite() and self.hi.is_finite()


ANY = Range(NEG_INF, INF)
NON_NEGATIVE = Range(ZERO, INF)
BOOLS = frozenset({True, False})


def _mul(a: Decimal, b: Decimal) -> Decimal:
    if a == 0 or b == 0:
        return ZERO  # 0 x infinity: the real values are finite, so the product is 0
    return _CTX.multiply(a, b)


def _add(a: Decimal, b: Decimal, lower: bool) -> Decimal:
    r = _CTX.add(a, b)
    if r.is_nan():  # inf + -inf: unknown
        return NEG_INF if lower else INF
    return r


@dataclass
class RangeAnalysis:
    """Ranges of every indicator, group and the total, plus what was learned on the way."""

    plan: Plan
    indicator: dict[str, Range] = field(default_factory=dict)
    value: dict[str, Range] = field(default_factory=dict)
    group: dict[str, Range] = field(default_factory=dict)
    base: Range = ANY
    deductions: Range = Range(ZERO, ZERO)
    bonuses: Range = Range(ZERO, ZERO)
    total: Range = ANY
    published: Range = ANY

    # ------------------------------------------------------------------ inputs
    def input_range(self, name: str) -> Range:
        spec = next((s for s in self.plan.inputs if s.name == name), None)
        if spec is None:
            return ANY
        base = NON_NEGATIVE if spec.type.non_negative else ANY
        node = spec.node.range
        if node is None:
            return base
        consts = self.plan.consts
        if isinstance(node, n.Interval):
            r = Range(bound_value(node.low, consts), bound_value(node.high, consts))
        elif isinstance(node, n.Comparison):
            v = bound_value(node.bound, consts)
            r = {">=": Range(v, INF), ">": Range(v, INF), "<=": Range(NEG_INF, v), "<": Range(NEG_INF, v),
                 "==": Range(v, v)}.get(node.op, ANY)
        else:
            r = ANY
        return Range(max(r.lo, base.lo), min(r.hi, base.hi))

    # ------------------------------------------------------------------ expressions
    def expr(self, e: n.Expr, owner: str | None = None) -> Range:
        """The numeric range of an expression (ANY when it is not numeric or unknown)."""
        consts = self.plan.consts
        match e:
            case n.Number(value=v):
                return Range.point(v)
            case n.Name(id=name):
                if name in consts and isinstance(consts[name], Decimal):
                    return Range.point(consts[name])  # type: ignore[arg-type]
                if name == "value" and owner is not None and name not in self.plan.compiler.ladders:
                    return self.value.get(owner, ANY)
                if name in self.indicator:
                    return self.indicator[name]
                if name in self.group:
                    return self.group[name]
                if name == "base_score":
                    return self.base
                if name == "deductions":
                    return self.deductions
                if name == "bonuses":
                    return self.bonuses
                return self.input_range(name)
            case n.Attribute(base=base, attr=attr):
                return (self.value if attr == "value" else self.indicator).get(base, self.group.get(base, ANY))
            case n.Neg(operand=o):
                r = self.expr(o, owner)
                return Range(r.hi.copy_negate(), r.lo.copy_negate())  # exact: unary minus would round to 28 digits
            case n.Binary(op=op, left=left, right=right):
                a, b = self.expr(left, owner), self.expr(right, owner)
                if op == "+":
                    return Range(_add(a.lo, b.lo, True), _add(a.hi, b.hi, False))
                if op == "-":
                    return Range(_add(a.lo, b.hi.copy_negate(), True), _add(a.hi, b.lo.copy_negate(), False))
                if op == "*":
                    corners = [_mul(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
                    return Range(min(corners), max(corners))
                if b.contains_zero():
                    if a == Range(ZERO, ZERO):
                        return a
                    # Where the division is defined (a zero denominator has its own outcome),
                    # a non-negative value over a non-negative one is non-negative.
                    return NON_NEGATIVE if a.lo >= 0 and b.lo >= 0 else ANY
                corners = [_CTX.divide(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
                corners = [c if not c.is_nan() else ZERO for c in corners]
                return Range(min(corners), max(corners))
            case n.IfExpr(then=t, otherwise=o):
                return self.expr(t, owner).hull(self.expr(o, owner))
            case n.Call(func=f, args=args):
                return self._call(f, args, owner)
        return ANY

    def _call(self, f: str, args: tuple[n.Expr, ...], owner: str | None) -> Range:
        rs = [self.expr(a, owner) for a in args]
        comp = self.plan.compiler
        if f in comp.ladders:
            return self.ladder_results(comp.ladders[f].tiers, rs[0] if rs else ANY)
        if f in comp.scales:
            levels = comp.scales[f].levels
            return Range(min(lv.low for lv in levels), max(lv.high for lv in levels))
        if f == "min":
            return Range(min(r.lo for r in rs), min(r.hi for r in rs))
        if f == "max":
            return Range(max(r.lo for r in rs), max(r.hi for r in rs))
        if f == "clamp" and len(rs) == 3:
            return rs[0].clamp(rs[1].lo, rs[2].hi)
        if f == "abs" and rs:
            r = rs[0]
            if r.lo >= 0:
                return r
            if r.hi <= 0:
                return Range(r.hi.copy_negate(), r.lo.copy_negate())
            return Range(ZERO, max(r.lo.copy_negate(), r.hi))
        if f in ("round",) and rs:
            return rs[0]
        if f in ("avg", "coalesce") and rs:
            out = rs[0]
            for r in rs[1:]:
                out = out.hull(r)
            return out
        if f == "sum" and rs:
            lo, hi = ZERO, ZERO
            for r in rs:
                lo, hi = _add(lo, r.lo, True), _add(hi, r.hi, False)
            return Range(lo, hi)
        return ANY

    def ladder_results(self, tiers: tuple[object, ...], value: Range) -> Range:
        """Hull of the results of the tiers a value in `value` can reach."""
        from .intervals import Iv, IvSet, condition_set

        domain = IvSet([Iv(None if not value.lo.is_finite() else value.lo, True,
                           None if not value.hi.is_finite() else value.hi, True)])
        taken = IvSet()
        out: Range | None = None
        for tier in tiers:
            node: n.Tier = tier.node  # type: ignore[attr-defined]
            s = condition_set(node.condition, self.plan.consts)
            reach = domain.minus(taken) if s is None else s.intersect(domain).minus(taken)
            taken = taken.union(s) if s is not None else domain
            if not reach:
                continue
            r = self.expr(node.result)
            out = r if out is None else out.hull(r)
        return out or ANY

    def truth(self, e: n.Expr, owner: str | None = None) -> frozenset[bool]:
        """The truth values a condition can take."""
        match e:
            case n.Bool(value=v):
                return frozenset({v})
            case n.Not(operand=o):
                return frozenset(not t for t in self.truth(o, owner))
            case n.Logical(op=op, operands=ops):
                sets = [self.truth(o, owner) for o in ops]
                if op == "and":
                    can_true = all(True in s for s in sets)
                    can_false = any(False in s for s in sets)
                else:
                    can_true = any(True in s for s in sets)
                    can_false = all(False in s for s in sets)
                return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
            case n.Compare(op=op, left=left, right=right):
                a, b = self.expr(left, owner), self.expr(right, owner)
                if a == ANY or b == ANY:
                    return BOOLS
                can = {
                    ">=": (a.hi >= b.lo, a.lo < b.hi),
                    ">": (a.hi > b.lo, a.lo <= b.hi),
                    "<=": (a.lo <= b.hi, a.hi > b.lo),
                    "<": (a.lo < b.hi, a.hi >= b.lo),
                    "==": (a.lo <= b.hi and b.lo <= a.hi, not (a.lo == a.hi == b.lo == b.hi)),
                    "!=": (not (a.lo == a.hi == b.lo == b.hi), a.lo <= b.hi and b.lo <= a.hi),
                }[op]
                return frozenset(v for v, ok in zip((True, False), can, strict=True) if ok)
            case n.Membership(operand=o, condition=c):
                from .intervals import Iv, IvSet, condition_set

                r = self.expr(o, owner)
                s = condition_set(c, self.plan.consts)
                if s is None:
                    return frozenset({True})
                dom = IvSet([Iv(r.lo if r.lo.is_finite() else None, True, r.hi if r.hi.is_finite() else None, True)])
                can_true = bool(s.intersect(dom))
                can_false = bool(dom.minus(s))
                return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
        return BOOLS

    # ------------------------------------------------------------------ the scheme
    def run(self) -> RangeAnalysis:
        for ip in self.plan.order:
            self._indicator(ip)
        self.base = self._container(self.plan.items, "sum")
        deduct_hi = bonus_hi = ZERO
        for ap in self.plan.adjustments:
            r = self.expr(ap.node.amount)
            hi = r.hi
            if ap.node.cap is not None:
                hi = min(hi, self.expr(ap.node.cap).hi)
            if ap.node.kind == "bonus":
                bonus_hi = _add(bonus_hi, max(hi, ZERO), False)
            else:
                deduct_hi = _add(deduct_hi, max(hi, ZERO), False)
        for ip in self.plan.order:
            for ap in ip.attached:
                if ap.node.spill:
                    deduct_hi = _add(deduct_hi, max(self.expr(ap.node.amount).hi, ZERO), False)
        self.deductions = Range(ZERO, deduct_hi)
        self.bonuses = Range(ZERO, bonus_hi)
        node = self.plan.total_node
        if node is not None and node.expr is not None:
            total = self.expr(node.expr)
        else:
            total = Range(_add(self.base.lo, -self.deductions.hi, True), _add(self.base.hi, self.bonuses.hi, False))
        if node is not None:
            cap = self.expr(node.cap).hi if node.cap is not None else None
            floor = self.expr(node.floor).lo if node.floor is not None else None
            total = total.clamp(floor, cap)
        self.total = total
        self.published = total
        return self

    def _indicator(self, ip: IndicatorPlan) -> None:
        node = ip.node
        value = self.expr(node.value, node.name) if node.value is not None else ANY
        for outcome in (node.on_zero, node.on_missing):
            if outcome is not None and outcome.expr is not None and node.value is not None:
                value = value.hull(self.expr(outcome.expr))
        self.value[node.name] = value
        sc = node.scoring
        if ip.ladder is not None:
            score = self.ladder_results(ip.ladder.tiers, value)
        elif ip.scale is not None:
            score = Range(min(lv.low for lv in ip.scale.levels), max(lv.high for lv in ip.scale.levels))
        elif isinstance(sc, n.Proportional):
            t, f = self.expr(sc.target), self.expr(sc.full)
            ratio = self.expr(n.Binary(sc.span, "/", n.Name(sc.span, "value"), sc.target), node.name) if not t.contains_zero() else ANY
            corners = [_mul(x, y) for x in (ratio.lo, ratio.hi) for y in (f.lo, f.hi)]
            score = Range(min(corners), max(corners))
        elif isinstance(sc, n.Raters):
            score = ANY
            first = True
            for r in sc.raters:
                for name in r.inputs:
                    rr = self.input_range(name)
                    score = rr if first else score.hull(rr)
                    first = False
            if sc.missing == "zero":
                score = score.hull(Range.point(ZERO))
        elif isinstance(sc, n.ExprScore):
            score = self.expr(sc.expr, node.name)
        else:
            score = value
        for outcome in (node.on_zero, node.on_missing):
            if outcome is not None and outcome.expr is not None and node.value is None:
                score = score.hull(self.expr(outcome.expr))
        cap = self.expr(node.cap, node.name).hi if node.cap is not None else None
        floor = self.expr(node.floor, node.name).lo if node.floor is not None else None
        score = score.clamp(floor, cap)
        if ip.attached:
            score = Range(min(score.lo, ZERO) if score.lo <= 0 else ZERO, score.hi)
        self.indicator[node.name] = score

    def _container(self, members: list[IndicatorPlan | GroupPlan], combine: str) -> Range:
        ranges: list[tuple[Range, Decimal | None]] = []
        for m in members:
            if isinstance(m, GroupPlan):
                r = self._container(m.members, m.node.combine)
                self.group[m.name] = r
                w = m.node.weight.value if m.node.weight else None
            else:
                r = self.indicator.get(m.name, ANY)
                w = m.weight
            ranges.append((r, w))
        if not ranges:
            return Range(ZERO, ZERO)
        if combine == "mean":
            return Range(min(r.lo for r, _ in ranges), max(r.hi for r, _ in ranges))
        lo = hi = ZERO
        for r, w in ranges:
            weight = w if w is not None else Decimal(1)
            lo, hi = _add(lo, _mul(r.lo, weight), True), _add(hi, _mul(r.hi, weight), False)
        return Range(lo, hi)


def analyse_ranges(plan: Plan) -> RangeAnalysis:
    """Ranges for a compiled scheme."""
    return RangeAnalysis(plan).run()


def describe(r: Range) -> str:
    from ..numbers import fmt_plain

    def b(v: Decimal) -> str:
        return fmt_plain(v) if v.is_finite() else ("-inf" if v < 0 else "inf")

    return f"[{b(r.lo)}, {b(r.hi)}]"


