"""Lowering a checked scheme to the IR: inputs, indicators with one scoring class each, groups,
deductions and bonuses, vetoes, the total, the grade, population rules, and the stages that order
them."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from .. import ir
from .. import nodes as n
from ..checks import Analysis
from ..choices import AdjustmentKind, Combine, GradeReads, MissingRater, OutcomeKind, Period, RaterMethod, VetoEffect
from ..ids import LabelIds, escape
from ..prebuilt import dataclass
from ..refs import TableKind, TableRef
from ..values import INPUT_TYPES, Value, coerce
from .exprs import ExprLowerer
from .levels import after_periods, with_grains
from .rules import lower_rule


class SchemeLowerer(ExprLowerer):
    def __init__(self, analysis: Analysis) -> None:
        super().__init__(analysis)
        self.scheme = analysis.scheme
        self._labels = LabelIds()

    def unique(self, kind: str, label: str) -> str:
        """`deduct:旷工`, then `deduct:旷工#2` for a second item with the same label (`/` and `%`
        in a label are escaped, so ids nest only where the IR nests them)."""
        return self._labels.next(kind, label)

    # ------------------------------------------------------------------ parts
    def input(self, decl: n.InputDecl) -> ir.Input:
        t = INPUT_TYPES[decl.type_name]
        default: Value = None
        if decl.default is not None:
            raw: object = getattr(decl.default, "value", None)
            default = coerce(raw, t)
        rng = self.cond(decl.range) if decl.range is not None else None
        labels: tuple[str, ...] | None = None
        if decl.labels_from is not None:
            scale = self.table(TableRef(TableKind.SCALE, decl.labels_from))
            assert isinstance(scale, ir.Scale)
            labels = tuple(lvl.label for lvl in scale.levels)
        return ir.Input(f"input:{decl.name}", decl.span, decl.name, t, decl.label, decl.aliases, rng, default,
                        decl.default is not None, decl.optional, as_points=decl.as_points is not None,
                        column_optional=decl.column_optional is not None, period_from=decl.period_from,
                        labels=labels, labels_scale=decl.labels_from)

    def weight(self, w: n.Weight | None) -> ir.Weight | None:
        return ir.Weight(w.value, w.text, w.span) if w is not None else None

    def outcome(self, owner_id: str, which: str, o: n.Outcome | None, owner: str) -> ir.Outcome | None:
        if o is None:
            return None
        node_id = f"{owner_id}/{which}"
        value = self.formula(f"{node_id}/value", o.expr, owner) if o.expr is not None else None
        return ir.Outcome(node_id, o.span, OutcomeKind(o.kind), value)

    def scoring(self, ind: n.Indicator, ind_id: str) -> ir.Scoring:
        node_id = f"{ind_id}/score"
        sc = ind.scoring
        match sc:
            case n.LadderRef(name=name):
                ladder = self.table(TableRef(TableKind.LADDER, name))
                assert isinstance(ladder, ir.Ladder)
                return ir.LadderScoring(node_id, sc.span, ladder, True)
            case n.InlineLadder(tiers=tiers):
                return ir.LadderScoring(node_id, sc.span, self.ladder(f"{ind_id}/ladder", None, tiers, sc.span), False)
            case n.ScaleRef(name=name):
                scale = self.table(TableRef(TableKind.SCALE, name))
                assert isinstance(scale, ir.Scale)
                return ir.ScaleScoring(node_id, sc.span, scale)
            case n.Proportional(target=t, full=f):
                return ir.ProportionalScoring(node_id, sc.span, self.formula(f"{node_id}/target", t, ind.name),
                                              self.formula(f"{node_id}/full", f, ind.name))
            case n.Raters():
                raters = tuple(ir.Rater(f"{node_id}/rater:{escape(r.role)}", r.span, r.role, r.inputs, self.weight(r.weight))
                               for r in sc.raters)
                marks = self.table(TableRef(TableKind.SCALE, sc.scale)) if sc.scale is not None else None
                assert marks is None or isinstance(marks, ir.Scale)
                raters_scale: ir.Scale | None = marks
                return ir.RatersScoring(node_id, sc.span, raters, RaterMethod(sc.method), sc.trim, MissingRater(sc.missing),
                                        sc.method_span, sc.missing_span, raters_scale)
            case n.ExprScore(expr=e):
                return ir.FormulaScoring(node_id, sc.span, self.formula(f"{node_id}/formula", e, ind.name))
        return ir.ValueScoring(node_id, ind.span)

    def adjustment(self, adj: n.Adjustment) -> ir.Adjustment:
        node_id = self.unique(adj.kind, adj.label)
        amount = self.formula(f"{node_id}/amount", adj.amount)
        cap = self.formula(f"{node_id}/cap", adj.cap) if adj.cap is not None else None
        return ir.Adjustment(node_id, adj.span, AdjustmentKind(adj.kind), adj.label, amount, cap, adj.source, adj.spill)

    def indicator(self, ind: n.Indicator, parent: str | None, attached: tuple[ir.Adjustment, ...]) -> ir.Indicator:
        node_id = f"indicator:{ind.name}"
        name = ind.name
        return ir.Indicator(
            node_id, ind.span, name, self.weight(ind.weight), parent, ind.template, ind.code, ind.category,
            self.formula(f"{node_id}/value", ind.value, name) if ind.value is not None else None,
            self.outcome(node_id, "on_zero", ind.on_zero, name),
            self.outcome(node_id, "on_missing", ind.on_missing, name),
            self.scoring(ind, node_id),
            self.formula(f"{node_id}/cap", ind.cap, name) if ind.cap is not None else None,
            self.formula(f"{node_id}/floor", ind.floor, name) if ind.floor is not None else None,
            attached, ind.round_places, ind.direction, ind.unit,
        )

    def veto(self, v: n.Veto) -> ir.Veto:
        node_id = self.unique("veto", v.label)
        return ir.Veto(node_id, v.span, v.label, self.formula(f"{node_id}/condition", v.condition), VetoEffect(v.effect),
                       v.grade, v.effect_span)

    def field(self, f: n.FieldDef) -> ir.Field:
        node_id = f"field:{f.name}"
        return ir.Field(node_id, f.span, f.name, self.formula(f"{node_id}/formula", f.expr), f.round_places, f.percent,
                        f.label, f.hidden, self.outcome(node_id, "on_zero", f.on_zero, f.name))

    def exclusion(self, ex: n.Exclusion) -> ir.Exclusion:
        node_id = self.unique("exclude", ex.reason)
        return ir.Exclusion(node_id, ex.span, ex.reason, self.formula(f"{node_id}/condition", ex.condition))

    def total(self) -> ir.Total:
        t = self.scheme.total
        places = self.scheme.meta_value("round")
        round_meta = self.scheme.meta_node("round")

        def part(name: str, e: n.Expr | None) -> ir.Formula | None:
            return self.formula(f"total/{name}", e) if e is not None else None

        return ir.Total(
            "total", t.span if t is not None else self.scheme.span,
            part("formula", t.expr if t else None), part("cap", t.cap if t else None), part("floor", t.floor if t else None),
            int(places) if isinstance(places, Decimal) else None, round_meta.span if round_meta else None,
            t is not None,
        )

    def grade(self) -> ir.Grade | None:
        g = self.scheme.grade
        if g is None:
            return None
        if g.ref is not None:
            bands = self.table(TableRef(TableKind.BANDS, g.ref))
            assert isinstance(bands, ir.Bands)
        else:
            bands = self.bands("grade/bands", "grade", g.bands, g.span)
        return ir.Grade("grade", g.span, GradeReads(g.reads), bands, g.ref is not None)

    # ------------------------------------------------------------------ the tree
    def tree(self, items: tuple[n.Indicator | n.Group, ...], parent: str | None,
             attached: dict[str, list[ir.Adjustment]], out: dict[str, ir.Indicator], groups: list[ir.Group]) -> None:
        """Indicators and groups of a container; groups are listed innermost first."""
        for item in items:
            if isinstance(item, n.Group):
                self.tree(item.members, item.name, attached, out, groups)
                groups.append(ir.Group(f"group:{item.name}", item.span, item.name, self.weight(item.weight), parent,
                                       Combine(item.combine), tuple(m.name for m in item.members),
                                       tuple(self.weight(m.weight) for m in item.members)))
            else:
                out[item.name] = self.indicator(item, parent, tuple(attached.get(item.name, ())))

    def scheme_ir(self) -> ir.Scheme:
        s = self.scheme
        inputs = tuple(self.input(i) for i in s.inputs)
        exclusions = tuple(self.exclusion(ex) for ex in s.exclusions)
        attached: dict[str, list[ir.Adjustment]] = {}
        general: list[ir.Adjustment] = []
        for adj in s.adjustments:
            lowered = self.adjustment(adj)
            if adj.source is not None and adj.kind == "deduct":
                attached.setdefault(adj.source, []).append(lowered)
            else:
                general.append(lowered)
        indicators: dict[str, ir.Indicator] = {}
        groups: list[ir.Group] = []
        self.tree(s.items, None, attached, indicators, groups)
        base = ir.Group("base", s.span, "", None, None, Combine.SUM, tuple(m.name for m in s.items),
                        tuple(self.weight(m.weight) for m in s.items))
        groups.append(base)
        vetoes = tuple(self.veto(v) for v in s.vetoes)
        total, grade = self.total(), self.grade()
        unit = s.meta_value("period")
        rules = with_grains(tuple(lower_rule(self, r) for r in s.population), self.res.reads,
                            Period(str(unit)) if unit is not None else None)
        fields = tuple(self.field(f) for f in s.fields)
        for name in self.a.resolution.const_order:
            self.const(name)
        every: list[ir.Step] = [*exclusions, *indicators.values(), *groups, *general, total, *vetoes,
                                *([grade] if grade is not None else []), *fields, *rules]
        steps: dict[str, ir.Step] = {x.id: x for x in every}
        for agg_id in self.res.aggregates:
            steps[agg_id] = self.aggregate(agg_id)
        parts = _Parts(inputs, indicators, tuple(groups), tuple(general), vetoes, total, grade, rules, fields, exclusions)
        late = after_periods(steps, self.res.reads)
        ordered = [steps[sid] for sid, _ in self.res.stage_order if sid in late]
        return dataclasses.replace(self._scheme(parts, self.stages(steps, late)), after_periods=tuple(ordered))

    def stages(self, steps: dict[str, ir.Step], late: set[str] | frozenset[str] = frozenset()) -> tuple[ir.StageSteps, ...]:
        """The resolver's stage order as the IR's stages: even stages per record, odd ones over the
        period's records; a scheme with no population step still has its (empty) population stage.
        Steps computed after every period (`late`) are in no stage."""
        by_stage: dict[int, list[ir.Step]] = {}
        for step_id, stage in self.res.stage_order:
            step = steps.get(step_id)
            if step is not None and step_id not in late:
                by_stage.setdefault(stage, []).append(step)
        out = [ir.StageSteps(ir.Stage.POPULATION if stage % 2 else ir.Stage.RECORD, tuple(found))
               for stage, found in sorted(by_stage.items())]
        if not out or out[0].stage is not ir.Stage.RECORD:
            out.insert(0, ir.StageSteps(ir.Stage.RECORD, ()))
        if len(out) == 1:
            out.append(ir.StageSteps(ir.Stage.POPULATION, ()))
        return tuple(out)

    def _scheme(self, p: _Parts, stages: tuple[ir.StageSteps, ...]) -> ir.Scheme:
        s = self.scheme
        meta = s.meta_value
        period_inputs = [i.name for i in p.inputs if i.type.name == "period"]
        unit = meta("period")
        version = meta("version")
        full = meta("full_marks")
        id_meta = meta("id")
        ordered = tuple(p.indicators[i.name] for i in self.res.indicators)
        scheme = ir.Scheme(
            "scheme", s.span, s.title, str(version) if version is not None else None,
            Period(str(unit)) if unit is not None else None, p.total.round_places,
            str(id_meta) if id_meta is not None else None, period_inputs[0] if period_inputs else None,
            full if isinstance(full, Decimal) else None,
            p.inputs, tuple(self.consts[name] for name in self.res.const_order if name in self.consts),
            tuple(self.named.values()), ordered, p.groups, p.general, p.vetoes, p.total, p.grade, p.rules, stages,
            tuple(item_order(s.items)), fields=p.fields, exclusions=p.exclusions, aggregates=tuple(self.aggregates.values()),
            drop_summary_rows=s.data is not None and s.data.drop_summary_rows is not None,
            after_overrides=tuple(name for name, _ in s.overrides.after) if s.overrides is not None else (),
            before_overrides=tuple(name for name, _ in s.overrides.before) if s.overrides is not None else (),
        )
        index = build_index(scheme)
        object.__setattr__(scheme, "index", index)
        return scheme


@dataclass(frozen=True)
class _Parts:
    """The lowered parts of a scheme, on their way into `ir.Scheme`."""

    inputs: tuple[ir.Input, ...]
    indicators: dict[str, ir.Indicator]
    groups: tuple[ir.Group, ...]
    general: tuple[ir.Adjustment, ...]
    vetoes: tuple[ir.Veto, ...]
    total: ir.Total
    grade: ir.Grade | None
    rules: tuple[ir.Rule, ...]
    fields: tuple[ir.Field, ...]
    exclusions: tuple[ir.Exclusion, ...]


def item_order(items: tuple[n.Indicator | n.Group, ...]) -> list[str]:
    """Items as results list them: each group, then its members, depth first."""
    out: list[str] = []
    for m in items:
        out.append(m.name)
        if isinstance(m, n.Group):
            out.extend(item_order(m.members))
    return out


def build_index(scheme: ir.Scheme) -> dict[str, object]:
    """Every node and formula of the scheme by id."""
    index: dict[str, object] = {}

    def add(obj: object) -> None:
        if isinstance(obj, ir.SortKey):
            add(obj.formula)
            return
        if not isinstance(obj, (ir.Node, ir.Formula)) or obj.id in index:
            return
        index[obj.id] = obj
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            for child in value if isinstance(value, tuple) else (value,):
                add(child)

    add(scheme)
    return index
