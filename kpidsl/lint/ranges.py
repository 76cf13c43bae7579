"""What values can each formula, indicator, group and the total take, given the declared inputs?

Interval arithmetic over closed ranges (a bound of +-Infinity when nothing limits it), computed
from the inputs' declared ranges and types (a `count` or `days` is >= 0). It is conservative: a
range may be wider than what is truly reachable, never narrower, so "this veto can never fire"
and "the total can reach at most 100" are safe conclusions. Conditions evaluate to the set of
truth values they can take.
"""

from __future__ import annotations

import decimal
from dataclasses import field
from decimal import Decimal

from .. import ir
from ..numbers import div
from ..prebuilt import dataclass
from ..refs import AggregateRef, Field, FieldRef, GroupRef, IndicatorRef, InputRef, Result, ResultRef

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


def _divide(a: Range, b: Range) -> Range:
    if b.contains_zero():
        if a == Range(ZERO, ZERO):
            return a
        # Where the division is defined (a zero denominator has its own outcome),
        # a non-negative value over a non-negative one is non-negative.
        return NON_NEGATIVE if a.lo >= 0 and b.lo >= 0 else ANY
    # A finite quotient as evaluation gives it (half-up at 20 places, `numbers.div`): rounding is
    # monotone, so the rounded corners still bound every rounded quotient of the box.
    corners = [div(x, y) if x.is_finite() and y.is_finite() else _CTX.divide(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    corners = [c if not c.is_nan() else ZERO for c in corners]
    return Range(min(corners), max(corners))


def _add(a: Decimal, b: Decimal, lower: bool) -> Decimal:
    r = _CTX.add(a, b)
    if r.is_nan():  # inf + -inf: unknown
        return NEG_INF if lower else INF
    return r


@dataclass
class RangeAnalysis:
    """Ranges of every indicator, group and the total, plus what was learned on the way."""

    scheme: ir.Scheme
    indicator: dict[str, Range] = field(default_factory=dict)
    value: dict[str, Range] = field(default_factory=dict)
    group: dict[str, Range] = field(default_factory=dict)
    base: Range = ANY
    deductions: Range = Range(ZERO, ZERO)
    bonuses: Range = Range(ZERO, ZERO)
    total: Range = ANY
    published: Range = ANY
    _pending: set[str] = field(default_factory=set)  # fields and aggregates being ranged (a circle is ANY)

    # ------------------------------------------------------------------ inputs
    def input_range(self, name: str) -> Range:
        inp = self.scheme.input(name)
        if inp is None:
            return ANY
        base = NON_NEGATIVE if inp.type.non_negative else ANY
        cond = inp.range
        if isinstance(cond, ir.Interval):
            r = Range(cond.low.value, cond.high.value)
        elif isinstance(cond, ir.Comparison):
            v = cond.bound.value
            r = {">=": Range(v, INF), ">": Range(v, INF), "<=": Range(NEG_INF, v), "<": Range(NEG_INF, v),
                 "==": Range(v, v)}.get(cond.op, ANY)
        else:
            r = ANY
        return Range(max(r.lo, base.lo), min(r.hi, base.hi))

    # ------------------------------------------------------------------ expressions
    def expr(self, e: ir.Expr) -> Range:
        """The numeric range of an expression (ANY when it is not numeric or unknown)."""
        match e:
            case ir.Literal(value=Decimal() as v) | ir.Constant(value=Decimal() as v) | ir.Folded(value=Decimal() as v):
                return Range.point(v)
            case ir.Read(ref=ref):
                return self._read(ref)
            case ir.Neg(operand=o):
                r = self.expr(o)
                return Range(r.hi.copy_negate(), r.lo.copy_negate())  # exact: unary minus would round to 28 digits
            case ir.Binary(op=op, left=left, right=right):
                a, b = self.expr(left), self.expr(right)
                if op == "+":
                    return Range(_add(a.lo, b.lo, True), _add(a.hi, b.hi, False))
                if op == "-":
                    return Range(_add(a.lo, b.hi.copy_negate(), True), _add(a.hi, b.lo.copy_negate(), False))
                if op == "*":
                    corners = [_mul(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
                    return Range(min(corners), max(corners))
                return _divide(a, b)
            case ir.If(then=t, otherwise=o):
                return self.expr(t).hull(self.expr(o))
            case ir.Lookup(table=table, arg=arg):
                node = self.scheme.node(f"{table.kind.value}:{table.name}")
                if isinstance(node, ir.Ladder):
                    return self.ladder_results(node.tiers, self.expr(arg))
                if isinstance(node, ir.Scale):
                    return Range(min(lv.low for lv in node.levels), max(lv.high for lv in node.levels))
            case ir.Call(func=f, args=args):
                return self._call(f, [self.expr(a) for a in args])
        return ANY

    def _read(self, ref: object) -> Range:
        match ref:
            case IndicatorRef(name=name, field=Field.VALUE):
                return self.value.get(name, ANY)
            case IndicatorRef(name=name) | GroupRef(name=name):
                return self.indicator.get(name, self.group.get(name, ANY))
            case ResultRef(result=Result.BASE_SCORE):
                return self.base
            case ResultRef(result=Result.DEDUCTIONS):
                return self.deductions
            case ResultRef(result=Result.BONUSES):
                return self.bonuses
            case InputRef(name=name):
                return self.input_range(name)
            case FieldRef(name=name):
                return self._field(name)
            case AggregateRef(id=agg_id):
                return self._aggregate(agg_id)
        return ANY

    def _field(self, name: str) -> Range:
        if name in self._pending:
            return ANY
        f = next((x for x in self.scheme.fields if x.name == name), None)
        if f is None or f.on_zero is not None:
            return ANY
        self._pending.add(name)
        try:
            return self.expr(f.formula.expr)
        finally:
            self._pending.discard(name)

    def _aggregate(self, agg_id: str) -> Range:
        """A mean, median, minimum or maximum lies within the values' range; a count is >= 0; a sum
        of values >= 0 is >= 0."""
        agg = self.scheme.node(agg_id)
        if not isinstance(agg, ir.Aggregate) or agg_id in self._pending:
            return ANY
        if agg.func.value == "count":
            return NON_NEGATIVE
        if agg.expr is None:
            return ANY
        self._pending.add(agg_id)
        try:
            inner = self.expr(agg.expr.expr)
        finally:
            self._pending.discard(agg_id)
        if agg.func.value == "sum":
            return NON_NEGATIVE if inner.lo >= 0 else ANY
        return inner

    @staticmethod
    def _call(f: str, rs: list[Range]) -> Range:
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

    def ladder_results(self, tiers: tuple[ir.Tier, ...], value: Range) -> Range:
        """Hull of the results of the tiers a value in `value` can reach."""
        from .intervals import Iv, IvSet, condition_set

        domain = IvSet([Iv(None if not value.lo.is_finite() else value.lo, True,
                           None if not value.hi.is_finite() else value.hi, True)])
        taken = IvSet()
        out: Range | None = None
        for tier in tiers:
            s = condition_set(tier.cond)
            reach = domain.minus(taken) if s is None else s.intersect(domain).minus(taken)
            taken = taken.union(s) if s is not None else domain
            if not reach:
                continue
            r = self.expr(tier.result)
            out = r if out is None else out.hull(r)
        return out or ANY

    def truth(self, e: ir.Expr) -> frozenset[bool]:
        """The truth values a condition can take."""
        match e:
            case ir.Literal(value=bool() as v) | ir.Folded(value=bool() as v):
                return frozenset({v})
            case ir.Not(operand=o):
                return frozenset(not t for t in self.truth(o))
            case ir.Logical(op=op, operands=ops):
                sets = [self.truth(o) for o in ops]
                if op == "and":
                    can_true = all(True in s for s in sets)
                    can_false = any(False in s for s in sets)
                else:
                    can_true = any(True in s for s in sets)
                    can_false = all(False in s for s in sets)
                return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
            case ir.Compare(op=op, left=left, right=right):
                a, b = self.expr(left), self.expr(right)
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
            case ir.Member(operand=o, cond=c):
                from .intervals import Iv, IvSet, condition_set

                r = self.expr(o)
                s = condition_set(c)
                if s is None:
                    return frozenset({True})
                dom = IvSet([Iv(r.lo if r.lo.is_finite() else None, True, r.hi if r.hi.is_finite() else None, True)])
                can_true = bool(s.intersect(dom))
                can_false = bool(dom.minus(s))
                return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
        return BOOLS

    # ------------------------------------------------------------------ the scheme
    def run(self) -> RangeAnalysis:
        for step in self.scheme.steps(ir.Stage.RECORD):
            if isinstance(step, ir.Indicator):
                self._indicator(step)
        for g in self.scheme.groups:  # innermost first, the top level last
            r = self._container(g)
            if g.name:
                self.group[g.name] = r
            else:
                self.base = r
        deduct_hi = bonus_hi = ZERO
        for adj in self.scheme.adjustments:
            hi = self.expr(adj.amount.expr).hi
            if adj.cap is not None:
                hi = min(hi, self.expr(adj.cap.expr).hi)
            if adj.kind == "bonus":
                bonus_hi = _add(bonus_hi, max(hi, ZERO), False)
            else:
                deduct_hi = _add(deduct_hi, max(hi, ZERO), False)
        for ind in self.scheme.indicators:
            for adj in ind.deductions:
                if adj.spill:
                    deduct_hi = _add(deduct_hi, max(self.expr(adj.amount.expr).hi, ZERO), False)
        self.deductions = Range(ZERO, deduct_hi)
        self.bonuses = Range(ZERO, bonus_hi)
        t = self.scheme.total
        if t.formula is not None:
            total = self.expr(t.formula.expr)
        else:
            total = Range(_add(self.base.lo, -self.deductions.hi, True), _add(self.base.hi, self.bonuses.hi, False))
        if t.stated:
            cap = self.expr(t.cap.expr).hi if t.cap is not None else None
            floor = self.expr(t.floor.expr).lo if t.floor is not None else None
            total = total.clamp(floor, cap)
        self.total = total
        self.published = total
        return self

    def _indicator(self, ind: ir.Indicator) -> None:
        value = self.expr(ind.value.expr) if ind.value is not None else ANY
        for outcome in (ind.on_zero, ind.on_missing):
            if outcome is not None and outcome.value is not None and ind.value is not None:
                value = value.hull(self.expr(outcome.value.expr))
        self.value[ind.name] = value
        sc = ind.scoring
        match sc:
            case ir.LadderScoring(ladder=ladder):
                score = self.ladder_results(ladder.tiers, value)
            case ir.ScaleScoring(scale=scale):
                score = Range(min(lv.low for lv in scale.levels), max(lv.high for lv in scale.levels))
            case ir.ProportionalScoring(target=t, full=f):
                target, full = self.expr(t.expr), self.expr(f.expr)
                ratio = _divide(value, target) if not target.contains_zero() else ANY
                corners = [_mul(x, y) for x in (ratio.lo, ratio.hi) for y in (full.lo, full.hi)]
                score = Range(min(corners), max(corners))
            case ir.RatersScoring():
                score = self._raters(sc)
            case ir.FormulaScoring(formula=f):
                score = self.expr(f.expr)
            case _:
                score = value
        for outcome in (ind.on_zero, ind.on_missing):
            if outcome is not None and outcome.value is not None and ind.value is None:
                score = score.hull(self.expr(outcome.value.expr))
        cap = self.expr(ind.cap.expr).hi if ind.cap is not None else None
        floor = self.expr(ind.floor.expr).lo if ind.floor is not None else None
        score = score.clamp(floor, cap)
        if ind.deductions:
            score = Range(min(score.lo, ZERO) if score.lo <= 0 else ZERO, score.hi)
        self.indicator[ind.name] = score

    def _raters(self, sc: ir.RatersScoring) -> Range:
        score = ANY
        first = True
        for r in sc.raters:
            for name in r.inputs:
                rr = self.input_range(name)
                score = rr if first else score.hull(rr)
                first = False
        if sc.missing == "zero":
            score = score.hull(Range.point(ZERO))
        return score

    def _container(self, group: ir.Group) -> Range:
        ranges: list[tuple[Range, Decimal | None]] = []
        for name, w in zip(group.members, group.member_weights, strict=True):
            r = self.group[name] if name in self.group else self.indicator.get(name, ANY)
            ranges.append((r, w.value if w is not None else None))
        if not ranges:
            return Range(ZERO, ZERO)
        if group.combine == "mean":
            return Range(min(r.lo for r, _ in ranges), max(r.hi for r, _ in ranges))
        lo = hi = ZERO
        for r, wv in ranges:
            weight = wv if wv is not None else Decimal(1)
            lo, hi = _add(lo, _mul(r.lo, weight), True), _add(hi, _mul(r.hi, weight), False)
        return Range(lo, hi)


def analyse_ranges(scheme: ir.Scheme) -> RangeAnalysis:
    """Ranges for a compiled scheme."""
    return RangeAnalysis(scheme).run()


def describe(r: Range) -> str:
    from ..numbers import fmt_plain

    def b(v: Decimal) -> str:
        return fmt_plain(v) if v.is_finite() else ("-inf" if v < 0 else "inf")

    return f"[{b(r.lo)}, {b(r.hi)}]"
