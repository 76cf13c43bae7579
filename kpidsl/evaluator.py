"""The evaluation plan: a checked scheme compiled once, then applied to many records.

Order of evaluation for one record (the semantics `docs/language.md` documents):
  1. inputs: defaults filled, ranges checked (done by `prepare`);
  2. indicators, in dependency order: value -> (on zero / on missing) -> score -> cap / floor ->
     deductions taken `from` the item -> the item's `round`;
  3. groups, innermost first, and the scheme's top-level items: weighted sum or mean, with the
     weights of skipped items shared out among the rest;
  4. deductions and bonuses (each with its cap), the total formula, its cap and floor, the
     scheme's `round` (half-up);
  5. vetoes; 6. the grade, read from the rounded or the exact total as the scheme states.
Every step appends a `TraceEvent` when a trace is requested; without one, no text is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import nodes as n
from .checks import Analysis
from .compiler import (
    HISTORY_KEYS,
    Compiled,
    CompiledBands,
    CompiledLadder,
    CompiledScale,
    Compiler,
    Env,
    Matcher,
    NoTier,
    ZeroDenominator,
    compile_condition,
)
from .errors import Diagnostic, KpiEvalError, Severity
from .numbers import ONE, ZERO, fmt, fmt_display, fmt_percent, round_half_up
from .outcome import AdjustmentData, ItemData, RecordData, VetoData
from .printer import format_condition, format_expr, not_found
from .source import Span
from .trace import TraceEvent
from .values import DEFAULTED_KEY, INPUT_TYPES, InputType, Value, describe

Trace = list[TraceEvent] | None


# ------------------------------------------------------------------------------ plan pieces


@dataclass(frozen=True, slots=True)
class InputSpec:
    name: str
    type: InputType
    label: str | None
    aliases: tuple[str, ...]
    default: Value
    has_default: bool
    optional: bool
    range: Matcher | None
    range_text: str | None
    node: n.InputDecl

    @property
    def column_names(self) -> tuple[str, ...]:
        """Header texts that map a data column to this input: name, label, aliases."""
        return (self.name, *((self.label,) if self.label else ()), *self.aliases)


@dataclass(frozen=True, slots=True)
class OutcomePlan:
    kind: str  # skip | error | value
    value: Compiled | None
    node: n.Outcome


@dataclass
class AdjustmentPlan:
    node: n.Adjustment
    amount: Compiled
    cap: Compiled | None


@dataclass
class IndicatorPlan:
    node: n.Indicator
    value: Compiled | None
    on_zero: OutcomePlan | None
    on_missing: OutcomePlan | None
    cap: Compiled | None
    floor: Compiled | None
    ladder: CompiledLadder | None = None
    scale: CompiledScale | None = None
    score_expr: Compiled | None = None
    target: Compiled | None = None
    full: Compiled | None = None
    attached: list[AdjustmentPlan] = field(default_factory=list)
    name: str = ""
    value_key: str = ""  # "<name>.value", the record key of the indicator's value
    weight: Decimal | None = None

    def __post_init__(self) -> None:
        self.name = self.node.name
        self.value_key = f"{self.node.name}.value"
        self.weight = self.node.weight.value if self.node.weight else None


@dataclass
class GroupPlan:
    node: n.Group
    members: list[IndicatorPlan | GroupPlan]

    @property
    def name(self) -> str:
        return self.node.name


@dataclass
class VetoPlan:
    node: n.Veto
    condition: Compiled


class _Skip(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _RecordError(Exception):
    """A user-caused failure while evaluating one record; becomes a `KpiEvalError` diagnostic."""

    def __init__(self, code: str, message: str, span: Span | None, hints: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, span, Severity.ERROR, hints)


# ------------------------------------------------------------------------------ the plan


class Plan:
    """A compiled scheme. Immutable after construction; safe to share between threads."""

    def __init__(self, analysis: Analysis) -> None:
        self.scheme = analysis.scheme
        self.title = analysis.scheme.title
        scope = analysis.scope
        consts = _evaluate_consts(analysis)
        self.consts = consts
        comp = Compiler(consts)
        self.compiler = comp
        for name, entry in scope.items():
            node = entry.node
            if isinstance(node, n.ScaleDef):
                comp.scales[name] = CompiledScale(name, node.levels, node.span)
            elif isinstance(node, n.BandsDef):
                comp.bands[name] = comp.band_set(name, node.bands, node.span)
        # Ladders may call other ladders in their results, so register before compiling bodies.
        for name, entry in scope.items():
            if isinstance(entry.node, n.LadderDef):
                comp.ladders[name] = comp.ladder(name, entry.node.tiers, entry.node.span)

        self.inputs: list[InputSpec] = [self._input(i) for i in self.scheme.inputs]
        period_inputs = [s for s in self.inputs if s.type.name == "period"]
        self.period_input: str | None = period_inputs[0].name if period_inputs else None
        unit = self.scheme.meta_value("period")
        self.period_unit: str | None = str(unit) if unit is not None else None
        #: Records keep their environment when later stages need it (population rules, history).
        self.keeps_env = bool(self.scheme.population) or self.period_input is not None
        round_meta = self.scheme.meta_value("round")
        self.round_places: int | None = int(round_meta) if isinstance(round_meta, Decimal) else None
        id_meta = self.scheme.meta_value("id")
        self.id_input: str | None = str(id_meta) if id_meta is not None else None

        by_name = {i.name: i for i in analysis.indicators}
        self.indicators: dict[str, IndicatorPlan] = {name: self._indicator(by_name[name]) for name in analysis.indicator_order}
        self.order = [self.indicators[name] for name in analysis.indicator_order]
        self.items: list[IndicatorPlan | GroupPlan] = [self._tree(i) for i in self.scheme.items]
        self.adjustments: list[AdjustmentPlan] = []
        for adj in self.scheme.adjustments:
            ap = AdjustmentPlan(adj, comp.expr(adj.amount), comp.expr(adj.cap) if adj.cap else None)
            if adj.source is not None:
                self.indicators[adj.source].attached.append(ap)
            else:
                self.adjustments.append(ap)
        self.vetoes = [VetoPlan(v, comp.expr(v.condition)) for v in self.scheme.vetoes]
        self.item_order = self._item_order()
        total = self.scheme.total
        self.total_node = total
        self.total_expr = comp.expr(total.expr) if total and total.expr else None
        self.total_cap = comp.expr(total.cap) if total and total.cap else None
        self.total_floor = comp.expr(total.floor) if total and total.floor else None
        grade = self.scheme.grade
        self.grade_node = grade
        self.grade_bands: CompiledBands | None = None
        if grade is not None:
            if grade.ref is not None:
                self.grade_bands = comp.bands[grade.ref]
            else:
                self.grade_bands = comp.band_set("grade", grade.bands, grade.span)

    # ---------------------------------------------------------------- building
    def _input(self, node: n.InputDecl) -> InputSpec:
        t = INPUT_TYPES[node.type_name]
        default: Value = None
        if node.default is not None:
            from .values import coerce

            raw: object = getattr(node.default, "value", None)
            default = coerce(raw, t)
        rng = compile_condition(node.range, self.consts) if node.range is not None else None
        return InputSpec(
            node.name,
            t,
            node.label,
            node.aliases,
            default,
            node.default is not None,
            node.optional,
            rng,
            format_condition(node.range) if node.range is not None else None,
            node,
        )

    def _outcome(self, o: n.Outcome | None) -> OutcomePlan | None:
        if o is None:
            return None
        return OutcomePlan(o.kind, self.compiler.expr(o.expr) if o.expr is not None else None, o)

    def _indicator(self, ind: n.Indicator) -> IndicatorPlan:
        c = self.compiler
        c.owner = ind.name if ind.value is not None else None
        try:
            return self._indicator_plan(ind)
        finally:
            c.owner = None

    def _indicator_plan(self, ind: n.Indicator) -> IndicatorPlan:
        c = self.compiler
        plan = IndicatorPlan(
            ind,
            c.expr(ind.value) if ind.value is not None else None,
            self._outcome(ind.on_zero),
            self._outcome(ind.on_missing),
            c.expr(ind.cap) if ind.cap is not None else None,
            c.expr(ind.floor) if ind.floor is not None else None,
        )
        sc = ind.scoring
        if isinstance(sc, n.LadderRef):
            plan.ladder = c.ladders[sc.name]
        elif isinstance(sc, n.InlineLadder):
            plan.ladder = c.ladder(ind.name, sc.tiers, sc.span)
        elif isinstance(sc, n.ScaleRef):
            plan.scale = c.scales[sc.name]
        elif isinstance(sc, n.Proportional):
            plan.target, plan.full = c.expr(sc.target), c.expr(sc.full)
        elif isinstance(sc, n.ExprScore):
            plan.score_expr = c.expr(sc.expr)
        return plan

    def _tree(self, item: n.Indicator | n.Group) -> IndicatorPlan | GroupPlan:
        if isinstance(item, n.Indicator):
            return self.indicators[item.name]
        return GroupPlan(item, [self._tree(m) for m in item.members])

    # ---------------------------------------------------------------- evaluation
    def evaluate(self, env: Env, record_id: str, trace: bool = False) -> RecordData:
        """Evaluate one prepared record (see `prepare`). Call inside `numbers.evaluation_context()`.

        Raises:
            KpiEvalError: a division by zero or a missing value with no declared outcome, or a
                value that falls in no tier.
        """
        tr: Trace = [] if trace else None
        try:
            return self._evaluate(env, record_id, tr)
        except _RecordError as exc:
            d = exc.diagnostic
            raise KpiEvalError(
                [Diagnostic(d.code, f"record '{record_id}': {d.message}", d.span, d.severity, d.hints)]
            ) from None
        except NoTier as exc:
            raise KpiEvalError.single(
                "K-R0303",
                f"record '{record_id}': {describe(exc.value)} falls in no tier of {exc.what}",
                exc.span,
                ["add the missing tier or an `else` tier (kpi lint reports gaps)"],
            ) from None

    def _evaluate(self, env: Env, record_id: str, tr: Trace) -> RecordData:
        if tr is not None:
            for spec in self.inputs:
                v = env.get(spec.name)
                note = "not in the data; the declared default is used" if spec.name in env.get(DEFAULTED_KEY, ()) else None
                tr.append(TraceEvent("input", spec.name, f"{spec.name}{_label_suffix(spec)} = {describe(v)}", None, note, spec.node.span))
        items: dict[str, ItemData] = {}
        general: list[AdjustmentData] = []
        for ip in self.order:
            items[ip.name] = self._indicator_eval(ip, env, tr, general)
        top = ItemData("", "scheme", None, None)
        self._combine(self.items, "sum", top, env, items, tr, depth=0, parent=None)
        if top.skipped:
            raise _RecordError("K-R0304", "every item was skipped; there is no score to give",
                               self.scheme.span, ("check the `on zero` / `on missing` outcomes",))
        base = top.score if top.score is not None else ZERO
        env["base_score"] = base
        if tr is not None:
            parts = [items[p.name] for p in self.items if not items[p.name].skipped]
            tr.append(TraceEvent("base", "base score",
                                 "base score = " + " + ".join(fmt_display(d.contribution or ZERO) for d in parts),
                                 fmt_display(base), None, None))
        for ap in self.adjustments:
            general.append(self._adjustment(ap, env, tr))
        deductions = bonuses = ZERO
        for a in general:
            if a.kind == "bonus":
                bonuses += a.amount
            else:
                # A deduction taken `from` an item already lowered that item; only its spill counts here.
                deductions += a.amount if a.source is None else a.spilled
        env["deductions"] = deductions
        env["bonuses"] = bonuses
        total = self._total(env, base, deductions, bonuses, tr)
        published = round_half_up(total, self.round_places) if self.round_places is not None else total
        if tr is not None and self.round_places is not None:
            round_meta = self.scheme.meta_node("round")
            tr.append(TraceEvent("round", "total", f"total rounded half-up to {self.round_places} places: {fmt(total)} -> {fmt(published)}",
                                 fmt(published), None, round_meta.span if round_meta else None))
        env["total"] = published
        env["total_exact"] = total
        vetoes, bonus_eligible, veto_grade = self._vetoes(env, tr)
        grade = grade_before = None
        if self.grade_bands is not None and self.grade_node is not None:
            reads = published if self.grade_node.reads == "rounded" else total
            band = self.grade_bands.lookup(reads)
            grade = grade_before = band.label
            if tr is not None:
                which = "rounded" if self.grade_node.reads == "rounded" else "exact"
                cond = format_condition(band.node.condition)
                where = "no earlier band (`else`)" if cond == "else" else f"band `{cond}`"
                tr.append(TraceEvent("grade", "grade", f"grade {band.label}: the {which} total {fmt(reads)} falls in {where}",
                                     None, None, band.node.span))
            if veto_grade is not None:
                grade = veto_grade
                if tr is not None:
                    tr.append(TraceEvent("grade", "grade", f"grade set to {veto_grade} by a veto (score grade was {grade_before})", veto_grade))
        ordered = [items[name] for name in self.item_order]
        return RecordData(record_id, ordered, base, general, deductions, bonuses, total, published, grade, grade_before,
                          vetoes, bonus_eligible, tr, env if self.keeps_env else None)

    def _item_order(self) -> list[str]:
        out: list[str] = []

        def walk(members: list[IndicatorPlan | GroupPlan]) -> None:
            for m in members:
                out.append(m.name)
                if isinstance(m, GroupPlan):
                    walk(m.members)

        walk(self.items)
        return out

    # ---------------------------------------------------------------- indicators
    def _outcome_value(self, op: OutcomePlan, env: Env, ip: IndicatorPlan, what: str, tr: Trace, depth: int) -> Value:
        if op.kind == "skip":
            raise _Skip(what)
        assert op.value is not None
        v = op.value(env)
        if tr is not None:
            kind = "on zero" if "zero" in what else "on missing"
            tr.append(TraceEvent("outcome", ip.name, f"{what}, so `{kind} -> {format_expr(op.node.expr)}` applies" if op.node.expr else what,
                                 describe(v), None, op.node.span, depth))
        return v

    def _fail_zero(self, ip: IndicatorPlan, z: ZeroDenominator, env: Env) -> _RecordError:
        denom = z.node.right if isinstance(z.node, n.Binary) else z.node
        text = format_expr(denom) if isinstance(denom, n.Expr) else "the target"
        return _RecordError(
            "K-R0301",
            f"division by zero in '{ip.name}': {text} is 0",
            z.node.span,
            (f"say what a zero means for this indicator: `on zero -> 0`, `on zero -> skip` or `on zero -> error` in '{ip.name}'",),
        )

    def _fail_missing(self, ip: IndicatorPlan, expr: n.Expr | None, env: Env) -> _RecordError:
        names = sorted({e.id for e in n.walk_expr(expr) if isinstance(e, n.Name) and env.get(e.id, 0) is None}) if expr else []
        which = f" ({', '.join(names)} missing)" if names else ""
        return _RecordError(
            "K-R0302",
            f"'{ip.name}' cannot be computed: a value is missing{which}",
            expr.span if expr is not None else ip.node.span,
            (f"say what a missing value means: `on missing -> 0`, `on missing -> skip` in '{ip.name}', or give the input a default",),
        )

    def _indicator_eval(self, ip: IndicatorPlan, env: Env, tr: Trace, general: list[AdjustmentData]) -> ItemData:
        node = ip.node
        data = ItemData(ip.name, "indicator", None, ip.weight)
        depth = 1
        if tr is not None:
            meta = ", ".join(x for x in (f"from template {node.template}" if node.template else None, node.code,
                                          f"category {node.category}" if node.category else None) if x)
            tr.append(TraceEvent("indicator", node.name, f"{node.name}" + (f" ({meta})" if meta else "")
                                 + (f", weight {node.weight.text}" if node.weight else ""), None, None, node.span, 0))
        try:
            value: Value = None
            if ip.value is not None:
                assert node.value is not None
                try:
                    value = ip.value(env)
                    if tr is not None:
                        tr.append(TraceEvent("value", node.name, self._formula(node.value, env), describe(value), None, node.value.span, depth))
                except ZeroDenominator as z:
                    if ip.on_zero is None or ip.on_zero.kind == "error":
                        raise self._fail_zero(ip, z, env) from None
                    if tr is not None:
                        tr.append(TraceEvent("value", node.name, self._formula(node.value, env),
                                             None, f"{format_expr(z.node.right)} is 0", node.value.span, depth))
                    value = self._outcome_value(ip.on_zero, env, ip, "zero denominator", tr, depth)
                if value is None:
                    if ip.on_missing is None or ip.on_missing.kind == "error":
                        raise self._fail_missing(ip, node.value, env)
                    value = self._outcome_value(ip.on_missing, env, ip, "missing value", tr, depth)
            data.value = value
            env[ip.value_key] = value
            try:
                score = self._score(ip, value, env, tr, depth, data)
            except ZeroDenominator as z:
                if ip.on_zero is None or ip.on_zero.kind == "error":
                    raise self._fail_zero(ip, z, env) from None
                score = self._outcome_value(ip.on_zero, env, ip, "zero denominator in the score", tr, depth)
            if score is None:
                if ip.on_missing is None or ip.on_missing.kind == "error":
                    expr = node.scoring.expr if isinstance(node.scoring, n.ExprScore) else node.value
                    raise self._fail_missing(ip, expr, env)
                score = self._outcome_value(ip.on_missing, env, ip, "missing value", tr, depth)
            assert isinstance(score, Decimal)
            score = self._cap_floor(ip, score, env, tr, depth)
            for ap in ip.attached:
                adj, score = self._take_from_item(ap, score, env, tr, depth)
                general.append(adj)
            if node.round_places is not None:
                rounded = round_half_up(score, node.round_places)
                if tr is not None:
                    tr.append(TraceEvent("round", node.name, f"score rounded half-up to {node.round_places} places: {fmt(score)} -> {fmt(rounded)}",
                                         None, None, node.span, depth))
                score = rounded
            data.score = score
            env[node.name] = score
        except _Skip as s:
            data.skipped, data.reason = True, s.reason
            env[node.name] = None
            if tr is not None:
                tr.append(TraceEvent("skip", node.name, f"{node.name} is skipped ({s.reason}); its weight is shared out among the other items",
                                     None, None, node.span, depth))
        return data

    def _formula(self, expr: n.Expr, env: Env, owner: str | None = None) -> str:
        written = format_expr(expr)

        def lookup(e: n.Expr) -> Value | object:
            if isinstance(e, n.Name):
                if e.id in self.consts:
                    return self.consts[e.id]
                if e.id == "value" and owner is not None and e.id not in env:
                    return env.get(f"{owner}.value")
                return env[e.id] if e.id in env else not_found()
            if isinstance(e, n.Attribute):
                key = e.base if e.attr == "score" else f"{e.base}.{e.attr}"
                return env[key] if key in env else not_found()
            if isinstance(e, n.Call) and e.func in HISTORY_KEYS and e.args:
                arg = e.args[0]
                key = arg.id if isinstance(arg, n.Name) else f"{arg.base}.{arg.attr}" if isinstance(arg, n.Attribute) else ""
                other = env.get(HISTORY_KEYS[e.func])
                return None if other is None else other.get(key)
            return not_found()

        substituted = format_expr(expr, lookup)
        if substituted == written:
            return written
        return f"{written} = {substituted}"

    def _score(self, ip: IndicatorPlan, value: Value, env: Env, tr: Trace, depth: int, data: ItemData) -> Value:
        node = ip.node
        sc = node.scoring
        if ip.ladder is not None:
            if value is None:
                return None
            assert isinstance(value, Decimal)
            result, tier = ip.ladder.lookup(value, env)
            data.tier = tier.text
            if tr is not None:
                shown = f"{fmt_display(value)} ({fmt_percent(value)})" if ip.ladder.uses_percent else fmt_display(value)
                where = f"ladder {ip.ladder.name}" if isinstance(sc, n.LadderRef) else "ladder"
                tr.append(TraceEvent("score", node.name, f"score: {shown} is in tier `{data.tier}` of {where} -> {describe(result)}",
                                     None, None, tier.node.span, depth))
            return result
        if ip.scale is not None:
            if value is None:
                return None
            points, level = ip.scale.lookup(value)
            data.tier = level.label
            if tr is not None:
                tr.append(TraceEvent("score", node.name, f"score: {describe(value)} is level '{level.label}' of scale {ip.scale.name} -> {fmt_display(points)}",
                                     None, None, level.span, depth))
            return points
        if isinstance(sc, n.Proportional):
            assert ip.target is not None and ip.full is not None
            target, full = ip.target(env), ip.full(env)
            if value is None or target is None or full is None:
                return None
            assert isinstance(value, Decimal) and isinstance(target, Decimal) and isinstance(full, Decimal)
            if target == 0:
                raise ZeroDenominator(n.Binary(sc.span, "/", n.Name(sc.span, "value"), sc.target))
            score = value / target * full
            if tr is not None:
                tr.append(TraceEvent("score", node.name, f"score = value / target x full = {fmt_display(value)} / {fmt_display(target)} x {fmt_display(full)}",
                                     fmt_display(score), None, sc.span, depth))
            return score
        if isinstance(sc, n.Raters):
            return self._raters(ip, sc, env, tr, depth)
        if ip.score_expr is not None:
            assert isinstance(sc, n.ExprScore)
            expr_score = ip.score_expr(env)
            if tr is not None:
                tr.append(TraceEvent("score", node.name, "score = " + self._formula(sc.expr, env, owner=node.name),
                                     describe(expr_score), None, sc.span, depth))
            return expr_score
        if tr is not None:
            tr.append(TraceEvent("score", node.name, "score = value", describe(value), None, None, depth))
        return value

    def _raters(self, ip: IndicatorPlan, sc: n.Raters, env: Env, tr: Trace, depth: int) -> Value:
        present: list[tuple[n.Rater, Decimal]] = []
        absent: list[n.Rater] = []
        for r in sc.raters:
            vals = [env.get(i) for i in r.inputs]
            given = [v for v in vals if v is not None]
            if not given:
                absent.append(r)
                continue
            avg = sum((v for v in given if isinstance(v, Decimal)), ZERO) / len(given)
            present.append((r, avg))
            if tr is not None:
                if len(r.inputs) > 1:
                    shown = ", ".join(describe(v) for v in vals)
                    tr.append(TraceEvent("rater", r.role, f"rater {r.role}: mean of {len(given)} score(s) ({shown})", fmt_display(avg), None, r.span, depth))
                else:
                    tr.append(TraceEvent("rater", r.role, f"rater {r.role}: {r.inputs[0]} = {fmt_display(avg)}", None, None, r.span, depth))
        if absent:
            names = ", ".join(r.role for r in absent)
            if sc.missing == "error":
                raise _RecordError("K-R0305", f"'{ip.name}': no score from rater(s) {names}", sc.span,
                                   ("the scheme says a missing rater is an error (`missing -> error`)",))
            if sc.missing == "zero":
                present.extend((r, ZERO) for r in absent)
                note = f"missing rater(s) {names} count as 0 (`missing -> zero`)"
            else:
                note = f"missing rater(s) {names} left out; the others are re-weighted (`missing -> exclude`)"
            if tr is not None:
                tr.append(TraceEvent("rater", ip.name, note, None, None, sc.missing_span or sc.span, depth))
        if not present:
            return None
        if sc.method == "weighted":
            wsum = sum((r.weight.value for r, _ in present if r.weight), ZERO)
            score = sum((v * r.weight.value for r, v in present if r.weight), ZERO) / wsum
            detail = " + ".join(f"{fmt_display(v)} x {r.weight.text}" for r, v in present if r.weight)
            if wsum != ONE:
                detail = f"({detail}) / {fmt_display(wsum)}"
        elif sc.method == "trimmed":
            values = sorted(v for _, v in present)
            k = sc.trim
            if len(values) <= 2 * k:
                raise _RecordError("K-R0305", f"'{ip.name}': `method trimmed` drops {k} from each end, but only {len(values)} rater(s) scored",
                                   sc.method_span or sc.span, ("use `method mean` for small rater groups",))
            kept = values[k : len(values) - k]
            score = sum(kept, ZERO) / len(kept)
            detail = f"mean of {', '.join(fmt_display(v) for v in kept)} (dropped {k} highest and {k} lowest)"
        else:
            score = sum((v for _, v in present), ZERO) / len(present)
            detail = f"mean of {', '.join(fmt_display(v) for _, v in present)}"
        if tr is not None:
            tr.append(TraceEvent("score", ip.name, f"score = {detail}", fmt_display(score), None, sc.span, depth))
        return score

    def _cap_floor(self, ip: IndicatorPlan, score: Decimal, env: Env, tr: Trace, depth: int) -> Decimal:
        if ip.cap is None and ip.floor is None:
            return score
        node = ip.node
        if ip.cap is not None:
            cap = ip.cap(env)
            if isinstance(cap, Decimal) and score > cap:
                if tr is not None:
                    tr.append(TraceEvent("cap", node.name, f"score {fmt_display(score)} is above the cap {fmt_display(cap)}; {fmt_display(score - cap)} is cut",
                                         fmt_display(cap), None, node.cap.span if node.cap else None, depth))
                score = cap
        if ip.floor is not None:
            floor = ip.floor(env)
            if isinstance(floor, Decimal) and score < floor:
                if tr is not None:
                    tr.append(TraceEvent("floor", node.name, f"score {fmt_display(score)} is below the floor {fmt_display(floor)}; raised by {fmt_display(floor - score)}",
                                         fmt_display(floor), None, node.floor.span if node.floor else None, depth))
                score = floor
        return score

    @staticmethod
    def _required(fn: Compiled, env: Env, what: str, expr: n.Expr) -> Value:
        """Evaluate a formula that has no `on zero` / `on missing` outcome of its own (deductions,
        vetoes, the total): a zero denominator or a missing value stops the record with its line."""
        try:
            value = fn(env)
        except ZeroDenominator as z:
            raise _RecordError("K-R0301", f"division by zero in {what}", z.node.span) from None
        if value is None:
            raise _RecordError("K-R0302", f"{what} cannot be computed: a value is missing", expr.span,
                               ("give the inputs it uses a default, e.g. `input late: count = 0`",))
        return value

    def _amount(self, ap: AdjustmentPlan, env: Env, tr: Trace, depth: int) -> tuple[Decimal, Decimal]:
        node = ap.node
        raw = self._required(ap.amount, env, f"'{node.label}'", node.amount)
        assert isinstance(raw, Decimal)
        amount = raw
        note = None
        if ap.cap is not None:
            cap = ap.cap(env)
            if isinstance(cap, Decimal) and amount > cap:
                note = f"capped at {fmt_display(cap)}; {fmt_display(amount - cap)} not counted"
                amount = cap
        if tr is not None:
            verb = "deduct" if node.kind == "deduct" else "bonus"
            tr.append(TraceEvent(verb, node.label, f"{verb} {node.label}: {self._formula(node.amount, env)}",
                                 fmt_display(raw), note, node.span, depth))
        return amount, raw

    def _adjustment(self, ap: AdjustmentPlan, env: Env, tr: Trace) -> AdjustmentData:
        amount, raw = self._amount(ap, env, tr, 0)
        return AdjustmentData(ap.node.kind, ap.node.label, amount, raw)

    def _take_from_item(self, ap: AdjustmentPlan, score: Decimal, env: Env, tr: Trace, depth: int) -> tuple[AdjustmentData, Decimal]:
        amount, raw = self._amount(ap, env, tr, depth)
        available = max(score, ZERO)
        taken = min(amount, available)
        rest = amount - taken
        adj = AdjustmentData("deduct", ap.node.label, amount, raw, ap.node.source, taken)
        if rest > 0:
            if ap.node.spill:
                adj.spilled = rest
                note = f"{fmt_display(taken)} taken from {ap.node.source}'s points; the remaining {fmt_display(rest)} is deducted from the total (spill)"
            else:
                note = f"only {fmt_display(taken)} could be taken from {ap.node.source}'s points; the other {fmt_display(rest)} is not deducted (no `spill`)"
        else:
            note = f"{fmt_display(taken)} taken from {ap.node.source}'s points"
        if tr is not None:
            tr.append(TraceEvent("deduct-from", ap.node.source or "", note, fmt_display(score - taken), None, ap.node.span, depth))
        return adj, score - taken

    # ---------------------------------------------------------------- groups
    def _combine(self, members: list[IndicatorPlan | GroupPlan], combine: str, target: ItemData, env: Env,
                 items: dict[str, ItemData], tr: Trace, depth: int, parent: str | None) -> None:
        datas = []
        for m in members:
            if isinstance(m, GroupPlan):
                g = ItemData(m.name, "group", parent, m.node.weight.value if m.node.weight else None)
                items[m.name] = g
                self._combine(m.members, m.node.combine, g, env, items, tr, depth + 1, m.name)
                env[m.name] = g.score
            data = items[m.name]
            data.parent = parent
            datas.append((m, data))
        present = [(m, d) for m, d in datas if not d.skipped]
        if not present:
            target.skipped, target.reason = True, "all of its items were skipped"
            return
        label = target.name or "base score"
        if combine == "mean":
            total = sum((d.score or ZERO for _, d in present), ZERO)
            score = total / len(present)
            for _, d in present:
                d.contribution = d.score
            if tr is not None:
                tr.append(TraceEvent("group", label, f"{label} = mean of {', '.join(fmt_display(d.score or ZERO) for _, d in present)}",
                                     fmt_display(score), None, None, depth))
        elif tr is None and len(present) == len(datas) and all(d.weight is not None for _, d in datas):
            # The common case, without a trace: every item scored, weights as declared.
            score = ZERO
            for _, d in datas:
                d.weight_applied = d.weight
                d.contribution = d.score * d.weight  # type: ignore[operator]
                score += d.contribution
        else:
            weights = [d.weight for _, d in datas]
            if all(w is None for w in weights):
                for _, d in present:
                    d.contribution = d.score
                score = sum((d.score or ZERO for _, d in present), ZERO)
                if target.name and tr is not None:
                    tr.append(TraceEvent("group", label, f"{label} = " + " + ".join(fmt_display(d.score or ZERO) for _, d in present),
                                         fmt_display(score), None, None, depth))
            else:
                all_w = sum((w or ZERO for w in weights), ZERO)
                present_w = sum((d.weight or ZERO for _, d in present), ZERO)
                reweighted = present_w != all_w
                if tr is not None:
                    heading = f"{label}: weighted sum"
                    if reweighted:
                        skipped = ", ".join(m.name for m, d in datas if d.skipped)
                        heading += (f"; {skipped} skipped, so each remaining weight is scaled by "
                                    f"{fmt_percent(all_w)} / {fmt_percent(present_w)}")
                    tr.append(TraceEvent("weight", label, heading, None, None, None, depth))
                weighted_sum = ZERO
                for m, d in present:
                    assert d.weight is not None and d.score is not None
                    weighted_sum += d.score * d.weight
                    # Contributions are for display; the group score below divides only once.
                    d.weight_applied = d.weight * all_w / present_w if reweighted else d.weight
                    d.contribution = d.score * d.weight * all_w / present_w if reweighted else d.score * d.weight
                    if tr is not None:
                        w_text = m.node.weight.text if m.node.weight else ""
                        if reweighted:
                            w_text = f"{w_text} x {fmt_percent(all_w)} / {fmt_percent(present_w)}"
                        tr.append(TraceEvent("weight", m.name, f"{m.name}: {fmt_display(d.score)} x {w_text}", fmt_display(d.contribution),
                                             None, m.node.weight.span if m.node.weight else None, depth + 1))
                score = weighted_sum * all_w / present_w if reweighted else weighted_sum
                if target.name and tr is not None:
                    tr.append(TraceEvent("group", label, f"{label} = " + " + ".join(fmt_display(d.contribution or ZERO) for _, d in present),
                                         fmt_display(score), None, None, depth))
        target.score = score

    # ---------------------------------------------------------------- total, vetoes
    def _total(self, env: Env, base: Decimal, deductions: Decimal, bonuses: Decimal, tr: Trace) -> Decimal:
        node = self.total_node
        if self.total_expr is not None and node is not None and node.expr is not None:
            value = self._required(self.total_expr, env, "the total", node.expr)
            assert isinstance(value, Decimal)
            total = value
            if tr is not None:
                tr.append(TraceEvent("total", "total", "total = " + self._formula(node.expr, env), fmt_display(total), None, node.span))
        else:
            total = base - deductions + bonuses
            if tr is not None:
                tr.append(TraceEvent("total", "total", f"total = base score - deductions + bonuses = {fmt_display(base)} - {fmt_display(deductions)} + {fmt_display(bonuses)}",
                                     fmt_display(total), None, node.span if node else None))
        if self.total_cap is not None and node is not None and node.cap is not None:
            cap = self.total_cap(env)
            if isinstance(cap, Decimal) and total > cap:
                if tr is not None:
                    tr.append(TraceEvent("cap", "total", f"total {fmt_display(total)} is above the cap {fmt_display(cap)}; {fmt_display(total - cap)} is cut",
                                         fmt_display(cap), None, node.cap.span))
                total = cap
        if self.total_floor is not None and node is not None and node.floor is not None:
            floor = self.total_floor(env)
            if isinstance(floor, Decimal) and total < floor:
                if tr is not None:
                    tr.append(TraceEvent("floor", "total", f"total {fmt_display(total)} is below the floor {fmt_display(floor)}",
                                         fmt_display(floor), None, node.floor.span))
                total = floor
        return total

    def _vetoes(self, env: Env, tr: Trace) -> tuple[list[VetoData], bool, str | None]:
        fired: list[VetoData] = []
        eligible = True
        grade: str | None = None
        for vp in self.vetoes:
            node = vp.node
            hit = self._required(vp.condition, env, f"veto '{node.label}'", node.condition)
            if tr is not None:
                verdict = "applies" if hit else "does not apply"
                tr.append(TraceEvent("veto", node.label, f"veto {node.label}: {self._formula(node.condition, env)} -> {verdict}",
                                     None, _effect_text(node) if hit else None, node.span))
            if hit:
                fired.append(VetoData(node.label, node.effect, node.grade))
                if node.effect == "no_bonus":
                    eligible = False
                elif node.effect == "grade" and grade is None:
                    grade = node.grade
        return fired, eligible, grade


def _effect_text(node: n.Veto) -> str:
    if node.effect == "no_bonus":
        return "no performance bonus this period, whatever the score"
    return f"grade is set to {node.grade}"


def _label_suffix(spec: InputSpec) -> str:
    return f' (column "{spec.label}")' if spec.label and spec.label != spec.name else ""


def _evaluate_consts(analysis: Analysis) -> dict[str, Value]:
    """Constants are evaluated once, in dependency order, before any record."""
    consts: dict[str, Value] = {}
    pending = {name: e.node for name, e in analysis.scope.items() if e.kind == "const"}
    comp = Compiler(consts)
    for _ in range(len(pending) + 1):
        progressed = False
        for name, node in list(pending.items()):
            assert isinstance(node, n.ConstDef)
            deps = {e.id for e in n.walk_expr(node.expr) if isinstance(e, n.Name)}
            if deps <= consts.keys():
                try:
                    consts[name] = comp.expr(node.expr)({})
                except ZeroDenominator as z:
                    raise KpiEvalError.single("K-R0301", f"constant '{name}' divides by zero", z.node.span) from None
                del pending[name]
                progressed = True
        if not progressed:
            break
    return consts


