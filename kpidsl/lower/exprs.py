"""Lowering formulas: syntax-tree expressions to IR expressions, with every name replaced by the
reference the resolver bound it to, every constant folded, every node given its kind."""

from __future__ import annotations

import decimal
from decimal import Decimal

from .. import ir, nodewalk
from .. import kinds as k
from .. import nodes as n
from ..checks import Analysis
from ..choices import Aggregation
from ..errors import KpiCheckError, KpiEvalError
from ..ids import escape
from ..infer import result_kind
from ..interp.expr import NoTier, Tables, ZeroDenominator, compile_expr
from ..kinds import Base, Kind
from ..messages import runtime as msg
from ..printer import format_aggregate
from ..refs import AggregateRef, BuiltinRef, ConstRef, Field, HistoryRef, IndicatorRef, Ref, SelfValue, TableKind, TableRef
from ..source import Span
from ..values import Value, describe


class ExprLowerer:
    """Lowers the formulas of one checked scheme; named tables and constants are lowered once,
    on first use (a constant's value is computed then, and a band set's bounds need constants)."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self.res = analysis.resolution
        self.named: dict[str, ir.Table] = {}
        self.consts: dict[str, ir.ConstantDef] = {}
        self.aggregates: dict[str, ir.Aggregate] = {}
        self._pending: set[str] = set()
        self.tables = Tables(_TableView(self))

    # ------------------------------------------------------------------ constants
    def const(self, name: str) -> ir.ConstantDef:
        """A constant, computed once (from the constants and tables it reads).

        Raises:
            KpiEvalError: the constant divides by zero or falls in no tier.
            KpiCheckError: the constant reads itself through a band set's bounds.
        """
        found = self.consts.get(name)
        if found is not None:
            return found
        b = self.res.scope[name]
        node = b.node
        assert isinstance(node, n.ConstDef)
        if name in self._pending:
            raise KpiCheckError.single("K-E0121", msg.constant_cycle(name=name), node.name_span)
        self._pending.add(name)
        expr = self.expr(node.expr)
        try:
            value = compile_expr(expr, self.tables)({})
        except ZeroDenominator as z:
            raise KpiEvalError.single("K-R0301", msg.constant_division_by_zero(name=name), z.node.span) from None
        except NoTier as exc:
            problem = msg.no_tier(value=describe(exc.value), what=exc.what)
            raise KpiEvalError.single("K-R0303", msg.in_constant(name=name, problem=problem), exc.span) from None
        self._pending.discard(name)
        found = self.consts[name] = ir.ConstantDef(f"const:{name}", b.span, name, value, self.a.kinds.consts.get(name, k.NUMBER))
        return found

    # ------------------------------------------------------------------ tables
    def table(self, ref: TableRef) -> ir.Table:
        found = self.named.get(ref.name)
        if found is None:
            node = self.res.scope[ref.name].node
            if isinstance(node, n.LadderDef):
                found = self.ladder(f"ladder:{ref.name}", ref.name, node.tiers, node.span)
            elif isinstance(node, n.ScaleDef):
                found = self.scale(node)
            else:
                assert isinstance(node, n.BandsDef)
                found = self.bands(f"bands:{ref.name}", ref.name, node.bands, node.span)
            self.named[ref.name] = found
        return found

    def ladder(self, node_id: str, name: str | None, tiers: tuple[n.Tier, ...], span: Span) -> ir.Ladder:
        lowered = tuple(ir.Tier(f"{node_id}/tier:{i}", t.span, self.cond(t.condition), self.expr(t.result))
                        for i, t in enumerate(tiers))
        uses_percent = any(b.text.endswith("%") for t in tiers for b in nodewalk.condition_bounds(t.condition))
        kind = k.join([t.result.kind for t in lowered]) or k.NUMBER
        return ir.Ladder(node_id, span, name, lowered, uses_percent, kind)

    def scale(self, node: n.ScaleDef) -> ir.Scale:
        node_id = f"scale:{node.name}"
        levels = tuple(ir.Level(f"{node_id}/level:{escape(lv.label)}", lv.span, lv.label, lv.low, lv.high, lv.note) for lv in node.levels)
        return ir.Scale(node_id, node.span, node.name, levels)

    def bands(self, node_id: str, name: str, bands: tuple[n.Band, ...], span: Span) -> ir.Bands:
        lowered = tuple(ir.Band(f"{node_id}/band:{escape(b.label)}", b.span, b.label, self.cond(b.condition)) for b in bands)
        return ir.Bands(node_id, span, name, lowered)

    # ------------------------------------------------------------------ conditions
    def cond(self, c: n.Condition) -> ir.Cond:
        match c:
            case n.Interval(low=lo, high=hi, low_inclusive=li, high_inclusive=hi_inc):
                return ir.Interval(c.span, self.bound(lo), self.bound(hi), li, hi_inc)
            case n.Comparison(op=op, bound=b):
                return ir.Comparison(c.span, op, self.bound(b))
        return ir.Otherwise(c.span)

    def bound(self, b: n.Bound) -> ir.Bound:
        if b.value is not None:
            return ir.Bound(b.value, b.text, b.span)
        assert b.name is not None
        v = self.const(b.name).value
        assert isinstance(v, Decimal)
        return ir.Bound(-v if b.negate else v, b.text, b.span, b.name)

    # ------------------------------------------------------------------ formulas
    def formula(self, node_id: str, e: n.Expr, owner: str | None = None) -> ir.Formula:
        expr = self.expr(e, owner)
        return ir.Formula(node_id, expr, ir.reads(expr))

    def expr(self, e: n.Expr, owner: str | None = None) -> ir.Expr:
        """The IR of one checked expression; `owner` is the indicator whose clause it is."""
        return self._fold(self._lower(e, owner))

    def _lower(self, e: n.Expr, owner: str | None) -> ir.Expr:
        s = e.span
        match e:
            case n.Number(value=v, text=text):
                return ir.Literal(s, k.NUMBER, v, text)
            case n.String(value=sv):
                return ir.Literal(s, k.TEXT, sv, f'"{sv}"')
            case n.Bool(value=bv):
                return ir.Literal(s, k.BOOL, bv, "true" if bv else "false")
            case n.Empty():
                return ir.Literal(s, k.EMPTY, None, "empty")
            case n.DateLiteral(value=dv, text=text):
                return ir.Literal(s, k.DATE, dv, f"date {text}")
            case n.Aggregate():
                return self._aggregate_read(e)
            case n.Name(id=name):
                return self._read(e, name, owner)
            case n.Attribute(base=base, attr=attr):
                return self._read(e, f"{base}.{attr}", owner)
            case n.Neg(operand=o):
                x = self.expr(o, owner)
                return ir.Neg(s, k.negate(x.kind), x)
            case n.Not(operand=o):
                return ir.Not(s, k.BOOL, self.expr(o, owner))
            case n.Binary(op=op, left=left, right=right):
                a, b = self.expr(left, owner), self.expr(right, owner)
                return ir.Binary(s, k.arithmetic(op, a.kind, b.kind), op, a, b)
            case n.Compare(op=op, left=left, right=right):
                return ir.Compare(s, k.BOOL, op, self.expr(left, owner), self.expr(right, owner))
            case n.Logical(op=op, operands=ops):
                return ir.Logical(s, k.BOOL, op, tuple(self.expr(o, owner) for o in ops))
            case n.Membership(operand=o, condition=c):
                return ir.Member(s, k.BOOL, self.expr(o, owner), self.cond(c))
            case n.IfExpr(cond=c, then=t, otherwise=o):
                then, other = self.expr(t, owner), self.expr(o, owner)
                return ir.If(s, k.join((then.kind, other.kind)) or then.kind, self.expr(c, owner), then, other)
            case n.Call():
                return self._call(e, owner)
        raise TypeError(f"cannot lower {type(e).__name__}")

    def _read(self, e: n.Name | n.Attribute, text: str, owner: str | None) -> ir.Expr:
        target = self.res.target(e)
        if isinstance(target, ConstRef):
            c = self.const(target.name)
            return ir.Constant(e.span, c.kind, c.name, c.value)
        if isinstance(target, SelfValue):
            assert owner is not None
            target = IndicatorRef(owner, Field.VALUE)
        assert isinstance(target, Ref), f"unresolved {text} at {e.span}"
        return ir.Read(e.span, self._kind(target, owner), target, text)

    def _aggregate_read(self, e: n.Aggregate) -> ir.Expr:
        agg_id = self.res.aggregate_id(e)
        assert agg_id is not None, f"unresolved aggregate at {e.span}"
        node = self.aggregate(agg_id)
        return ir.Read(e.span, node.kind, AggregateRef(agg_id), node.text)

    def aggregate(self, agg_id: str) -> ir.Aggregate:
        """The aggregate with this id, lowered once (two written alike are one)."""
        found = self.aggregates.get(agg_id)
        if found is None:
            e = self.res.aggregates[agg_id]
            kind = self.a.kinds.aggregates.get(agg_id) or k.NUMBER
            expr = self.formula(f"{agg_id}/expr", e.arg) if e.arg is not None else None
            where = self.formula(f"{agg_id}/where", e.where) if e.where is not None else None
            per = ir.Within(e.per.columns) if e.per is not None else None
            found = ir.Aggregate(agg_id, e.span, Aggregation(e.func), expr, where,
                                 ir.Within(e.within.columns if e.within is not None else ()), per, format_aggregate(e), kind)
            self.aggregates[agg_id] = found
        return found

    def _kind(self, ref: Ref, owner: str | None) -> Kind:
        return self.a.inference.of(ref, owner) or k.NUMBER

    def _call(self, e: n.Call, owner: str | None) -> ir.Expr:
        target = self.res.target(e)
        if isinstance(target, HistoryRef):
            arg = e.args[0]
            inner = arg.id if isinstance(arg, n.Name) else f"{arg.base}.{arg.attr}" if isinstance(arg, n.Attribute) else ""
            return ir.Read(e.span, self._kind(target, owner), target, f"{e.func}({inner})")
        args = tuple(self.expr(a, owner) for a in e.args)
        if isinstance(target, TableRef):
            self.table(target)
            if target.kind is TableKind.SCALE:
                kind = k.NUMBER
            elif target.kind is TableKind.BANDS:
                kind = Kind(Base.TEXT, labels=target.name)
            else:
                kind = self.a.kinds.ladders.get(target.name, k.NUMBER)
            return ir.Lookup(e.span, kind, target, args[0])
        assert isinstance(target, BuiltinRef)
        return ir.Call(e.span, result_kind(target.name, [a.kind for a in args]) or k.NUMBER, target.name, args)

    def _fold(self, e: ir.Expr) -> ir.Expr:
        """A node whose operands are all constants becomes its value (kept for printing), unless
        computing it fails: then it fails at evaluation, where the record's outcome applies."""
        kids = ir.children(e)
        if not kids or not all(isinstance(c, (ir.Literal, ir.Constant, ir.Folded)) for c in kids):
            return e
        try:
            value: Value = compile_expr(e, self.tables)({})
        except (ZeroDenominator, NoTier, ArithmeticError, decimal.DecimalException):
            return e
        return ir.Folded(e.span, e.kind, value, e)


class _TableView(dict[str, ir.Table]):
    """The named tables, lowered on first use (for folding calls of ladders and band sets)."""

    def __init__(self, lowerer: ExprLowerer) -> None:
        super().__init__()
        self.lowerer = lowerer

    def __missing__(self, name: str) -> ir.Table:
        kind = self.lowerer.res.scope[name].kind.value
        return self.lowerer.table(TableRef(TableKind(kind), name))
