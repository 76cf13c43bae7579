"""The record-stage steps as SQL columns, one function per IR step kind, each mirroring its
interpreter counterpart (`interp/indicator.py`, `interp/combine.py`, `interp/record.py`)."""

from __future__ import annotations

from decimal import Decimal

from sqlglot import exp

from .. import ir
from ..choices import AdjustmentKind, Combine, GradeReads, OutcomeKind, VetoEffect
from ..messages import engine as msg
from ..outcome import SKIP_REASONS
from . import sql
from .exprs import Cond, both, either, scale_label, sql_cond, tier_label
from .exprs import bands as band_lookup
from .exprs import ladder as ladder_lookup
from .exprs import scale as scale_lookup
from .plan import AdjCols, ItemCols, Planner
from .raters import raters
from .sql import K, Unsupported, V


def _text(s: str) -> V:
    return V(exp.Literal.string(s), K.TEXT)


def _bool(p: Planner, cond: Cond, hint: str) -> V:
    return p.col(V(sql_cond(cond), K.BOOL), hint)


def compile_record_stage(p: Planner) -> None:
    """Every step of the IR's record stage, in order, then the `__fail` column."""
    for step in p.ir.steps(ir.Stage.RECORD):
        match step:
            case ir.Indicator():
                indicator_step(p, step)
            case ir.Group():
                group_step(p, step)
            case ir.Adjustment():
                adjustment_step(p, step)
            case ir.Total():
                total_step(p, step)
            case ir.Veto():
                veto_step(p, step)
            case ir.Grade():
                grade_step(p, step)
            case ir.Field():
                field_step(p, step)
            case _:
                raise Unsupported(msg.no_step(node=type(step).__name__))
    eligibility(p)
    p.finish()


# ------------------------------------------------------------------------------ report fields


def field_step(p: Planner, f: ir.Field) -> None:
    """A report field (`interp/fields.py`): its formula, `on zero` where it says so (else a zero
    fails the record), half-up to its `round` places; later formulas read it by name."""
    c = p.formula(f.formula)
    p.flag(c.fail)
    value = c.v
    o = f.on_zero
    if o is None or o.kind is OutcomeKind.ERROR or o.value is None:
        p.flag(c.zero)
    elif c.zero is not None:
        stand_in = p.formula(o.value)
        p.flag(both(c.zero, either(stand_in.zero, stand_in.fail)))
        value = sql.case([(c.zero, stand_in.v)], value)
    if f.round_places is not None and value.kind is K.NUM:
        value = sql.round_half_up(value, f.round_places)
    column = p.col(value, "fd")
    if f.round_places is not None:
        p.layout.rounded.add(column.e.name)
    p.scope[f.name] = column
    p.layout.fields.append((f.name, column.e.name))


# ------------------------------------------------------------------------------ indicators


def _outcome(p: Planner, o: ir.Outcome | None, hit: Cond, value: V, reach: Cond) -> tuple[V, Cond]:
    """Apply an `on zero` / `on missing` outcome where `hit` holds: a value stands in, `skip`
    gives the skip condition, none (or `error`) fails the record. Returns the value and the skip."""
    if hit is None:
        return value, None
    if o is None or o.kind is OutcomeKind.ERROR:
        p.flag(hit)
        return value, None
    if o.kind is OutcomeKind.SKIP:
        return value, hit
    if o.kind is not OutcomeKind.VALUE or o.value is None:
        raise Unsupported(msg.no_outcome(outcome=str(o.kind)))
    c = p.formula(o.value)
    p.flag(both(hit, either(c.zero, c.fail)))
    return sql.case([(hit, c.v)], value), None


def indicator_step(p: Planner, ind: ir.Indicator) -> None:
    cols = ItemCols(ind.name, "indicator", ind.weight.value if ind.weight else None, "", "")
    value, skip_value, cause = _value(p, ind)
    reach = sql.sqlnot(skip_value.e)
    score, skip_score, score_cause = _score(p, ind, value, reach, cols)
    skipped = p.col(V(sql.or_(skip_value.e, skip_score.e), K.BOOL), "k")
    alive = sql.sqlnot(skipped.e)
    score = _limits(p, ind, score, alive)
    for adj in ind.deductions:
        score = _take(p, adj, score, alive, skipped)
    if ind.round_places is not None:
        score = sql.round_half_up(score, ind.round_places)
    final = p.col(sql.case([(skipped.e, sql.null(K.NUM, score.scale))], score), "s")
    if ind.round_places is not None:
        p.layout.rounded.add(final.e.name)
    cols.score, cols.skipped, cols.value = final.e.name, skipped.e.name, value.e.name
    cols.reason = p.col(sql.case([(skip_value.e, cause), (skip_score.e, score_cause)], sql.null(K.TEXT)), "r").e.name
    p.scope[ind.name] = final
    p.layout.items[ind.name] = cols


def _value(p: Planner, ind: ir.Indicator) -> tuple[V, V, V]:
    """The value column (after `on zero` / `on missing`), whether it skipped, and why."""
    if ind.value is None:
        v = p.col(sql.null(K.NUM), "v")
        p.scope[f"{ind.name}.value"] = v
        return v, _bool(p, None, "k"), sql.null(K.TEXT)
    c = p.formula(ind.value)
    p.flag(c.fail)
    value, skip_zero = _outcome(p, ind.on_zero, c.zero, c.v, None)
    value = p.col(value, "v0")
    not_zero = sql.sqlnot(sql_cond(skip_zero))
    missing = sql.and_(not_zero, sql.is_null(value.e))
    value, skip_missing = _outcome(p, ind.on_missing, missing, value, None)
    skip = either(skip_zero, skip_missing)
    skip_col = _bool(p, skip, "k")
    v = p.col(sql.case([(skip_col.e, sql.null(value.kind, value.scale))], value), "v")
    p.scope[f"{ind.name}.value"] = v
    cause = sql.case([(sql_cond(skip_zero), _text(SKIP_REASONS["zero"]))], _text(SKIP_REASONS["missing"]))
    return v, skip_col, cause


def _score(p: Planner, ind: ir.Indicator, value: V, reach: exp.Expr, cols: ItemCols) -> tuple[V, V, V]:
    sc = ind.scoring
    zero: Cond = None
    match sc:
        case ir.LadderScoring(ladder=table):
            score, none = ladder_lookup(table, value, p.exprs)
            p.flag(both(reach, both(sql.not_null(value.e), none)))
            cols.tier = p.col(tier_label(table, value), "t").e.name
        case ir.ScaleScoring(scale=table):
            score, none = scale_lookup(table, value)
            p.flag(both(reach, both(sql.not_null(value.e), none)))
            cols.tier = p.col(scale_label(table, value), "t").e.name
        case ir.ProportionalScoring():
            target, full = p.formula(sc.target), p.formula(sc.full)
            p.flag(both(reach, either(target.fail, full.fail)))
            present = sql.and_(sql.not_null(value.e), sql.not_null(target.v.e), sql.not_null(full.v.e))
            hit = sql.and_(present, exp.EQ(this=target.v.e, expression=sql.number("0").e))
            zero = either(target.zero, full.zero, hit)
            score = sql.mul(sql.div(value, target.v), full.v)
        case ir.RatersScoring():
            score = raters(p, ind, sc, reach)
        case ir.FormulaScoring(formula=f):
            c = p.formula(f)
            p.flag(both(reach, c.fail))
            zero, score = c.zero, c.v
        case ir.ValueScoring():
            score = value
        case _:
            raise Unsupported(msg.no_scoring(node=type(sc).__name__))
    if score.kind is not K.NUM:
        raise Unsupported(msg.no_score_kind(indicator=ind.name))
    score = p.col(score, "s0")
    zero = both(reach, zero)
    score, skip_zero = _outcome(p, ind.on_zero, zero, score, None)
    score = p.col(score, "s1")
    missing = sql.and_(reach, sql.sqlnot(sql_cond(skip_zero)), sql.is_null(score.e))
    score, skip_missing = _outcome(p, ind.on_missing, missing, score, None)
    score = p.col(score, "s2")
    skip = _bool(p, either(skip_zero, skip_missing), "k")
    # An outcome that gives no number: the interpreter stops (the engine lets it say so).
    p.flag(sql.and_(reach, sql.sqlnot(skip.e), sql.is_null(score.e)))
    cause = sql.case([(sql_cond(skip_zero), _text(SKIP_REASONS["zero_in_score"]))], _text(SKIP_REASONS["missing"]))
    return score, skip, cause


def _limits(p: Planner, ind: ir.Indicator, score: V, alive: exp.Expr) -> V:
    for f, is_cap in ((ind.cap, True), (ind.floor, False)):
        if f is None:
            continue
        lim = p.limit(f, alive)
        over = sql.and_(sql.not_null(lim.e), (exp.GT if is_cap else exp.LT)(this=_unified(score, lim)[0].e, expression=_unified(score, lim)[1].e))
        score = p.col(sql.case([(over, lim)], score), "s")
    return score


def _unified(a: V, b: V) -> tuple[V, V]:
    x, y = sql.unify([a, b])
    return x, y


def _amount(p: Planner, adj: ir.Adjustment, reach: exp.Expr | None) -> tuple[V, V]:
    """A deduction's or bonus's amount after its cap, and before it (`take_amount`)."""
    raw = p.col(p.required(adj.amount, reach), "a")
    if adj.cap is None:
        return raw, raw
    cap = p.limit(adj.cap, reach)
    x, y = _unified(raw, cap)
    amount = p.col(sql.case([(sql.and_(sql.not_null(cap.e), exp.GT(this=x.e, expression=y.e)), cap)], raw), "a")
    return amount, raw


def _take(p: Planner, adj: ir.Adjustment, score: V, alive: exp.Expr, skipped: V) -> V:
    amount, raw = _amount(p, adj, alive)
    zero = sql.number("0")
    positive = sql.case([(exp.GT(this=score.e, expression=sql.as_scale(zero, score.scale).e), score)], sql.as_scale(zero, score.scale))
    a, pos = _unified(amount, positive)
    taken = p.col(sql.case([(exp.LT(this=a.e, expression=pos.e), a)], pos), "tk")
    rest = sql.sub(amount, taken)
    spilled = sql.case([(exp.GT(this=rest.e, expression=zero.e), rest)], sql.as_scale(zero, rest.scale)) if adj.spill else zero
    spill_col = p.col(spilled, "sp")
    p.layout.adjustments.append(AdjCols("deduct", adj.label, amount.e.name, raw.e.name, adj.source, taken.e.name,
                                        spill_col.e.name, skipped.e.name))
    return p.col(sql.sub(score, taken), "s")


# ------------------------------------------------------------------------------ groups


def group_step(p: Planner, group: ir.Group) -> None:
    members = [p.layout.items[m] for m in group.members]
    weights = dict(zip(group.members, group.member_weights, strict=True))
    alive = [sql.sqlnot(sql.column(m.skipped)) for m in members]
    count = " + ".join(f'CAST(NOT "{m.skipped}" AS INTEGER)' for m in members)
    present_n = p.col(V(exp.maybe_parse(f"({count})", dialect="duckdb"), K.NUM, 0), "n")
    none_left = exp.EQ(this=present_n.e, expression=exp.Literal.number(0))
    scores = [p.cols[m.score] for m in members]
    zero = sql.number("0")
    parent = group.name or None
    for m in members:
        m.parent = parent
    if group.combine not in (Combine.MEAN, Combine.SUM):
        raise Unsupported(msg.no_combine(combine=str(group.combine)))
    if group.combine is Combine.MEAN:
        total = sql.total([sql.case([(a, s)], sql.as_scale(zero, s.scale)) for a, s in zip(alive, scores, strict=True)])
        score = sql.div(total, V(sql.cast(present_n.e, sql.decimal_type(0)), K.NUM, 0))
        for m in members:
            m.contribution = m.score
    elif all(w is not None for w in group.member_weights):
        score = _weighted(p, group, members, scores, alive, weights)
    else:
        score = sql.total([sql.case([(a, s)], sql.as_scale(zero, s.scale)) for a, s in zip(alive, scores, strict=True)])
        for m in members:
            m.contribution = m.score
    final = p.col(sql.case([(none_left, sql.null(K.NUM, score.scale))], score), "g")
    skipped = p.col(V(none_left, K.BOOL), "k")
    for m in members:
        if m.contribution is not None:
            p.scope[f"{m.name}.contribution"] = p.cols[m.contribution]
    if group.name:
        p.scope[group.name] = final
        cols = ItemCols(group.name, "group", group.weight.value if group.weight else None, final.e.name, skipped.e.name)
        cols.reason = p.col(sql.case([(skipped.e, _text("all of its items were skipped"))], sql.null(K.TEXT)), "r").e.name
        cols.parent = group.parent
        p.layout.items[group.name] = cols
        return
    p.flag(none_left)
    base = p.col(sql.case([(none_left, sql.as_scale(zero, final.scale))], final), "base")
    p.scope["base_score"] = base
    p.layout.base = base.e.name


def _weighted(p: Planner, group: ir.Group, members: list[ItemCols], scores: list[V], alive: list[exp.Expr],
              weights: dict[str, ir.Weight | None]) -> V:
    """Σ score x weight; with skipped items, x (Σ all weights) / (Σ weights present), divided once."""
    zero = sql.number("0")
    ws = [sql.number(format(weights[m.name].value, "f")) for m in members]  # type: ignore[union-attr]
    all_w = sql.number(format(sum((w.value for w in weights.values() if w), Decimal(0)), "f"))
    present_w = p.col(sql.total([sql.case([(a, w)], sql.as_scale(zero, w.scale)) for a, w in zip(alive, ws, strict=True)]), "pw")
    products = [sql.mul(s, w) for s, w in zip(scores, ws, strict=True)]
    weighted = p.col(sql.total([sql.case([(a, x)], sql.as_scale(zero, x.scale)) for a, x in zip(alive, products, strict=True)]), "ws")
    a_, pw = _unified(all_w, present_w)
    full = exp.EQ(this=a_.e, expression=pw.e)
    score = sql.case([(full, weighted)], sql.div(sql.mul(weighted, all_w), present_w))
    for m, a, x, w in zip(members, alive, products, ws, strict=True):
        contribution = sql.case([(sql.sqlnot(a), sql.null(K.NUM, x.scale)), (full, x)], sql.div(sql.mul(x, all_w), present_w))
        applied = sql.case([(sql.sqlnot(a), sql.null(K.NUM, w.scale)), (full, w)], sql.div(sql.mul(w, all_w), present_w))
        m.contribution = p.col(contribution, "ct").e.name
        m.weight_applied = p.col(applied, "wa").e.name
    return score


# ------------------------------------------------------------------------------ after scoring


def adjustment_step(p: Planner, adj: ir.Adjustment) -> None:
    amount, raw = _amount(p, adj, None)
    p.layout.adjustments.append(AdjCols(adj.kind.value, adj.label, amount.e.name, raw.e.name))


def total_step(p: Planner, t: ir.Total) -> None:
    zero = sql.number("0")
    bonuses: list[V] = [zero]
    deductions: list[V] = [zero]
    for a in p.layout.adjustments:
        if a.kind == AdjustmentKind.BONUS.value:
            bonuses.append(p.cols[a.amount])
        elif a.source is None:
            deductions.append(p.cols[a.amount])
        else:
            # A deduction taken `from` an item counts here only by what spilled, and only when the
            # item was scored (a skipped item takes no deduction).
            assert a.spilled is not None and a.present is not None
            spilled = p.cols[a.spilled]
            deductions.append(sql.case([(sql.column(a.present), sql.as_scale(zero, spilled.scale))], spilled))
    ded = p.col(sql.total(deductions), "ded")
    bon = p.col(sql.total(bonuses), "bon")
    p.scope["deductions"], p.scope["bonuses"] = ded, bon
    p.layout.deductions, p.layout.bonuses = ded.e.name, bon.e.name
    total = p.required(t.formula) if t.formula is not None else sql.add(sql.sub(p.scope["base_score"], ded), bon)
    total = p.col(total, "tot")
    for f, is_cap in ((t.cap, True), (t.floor, False)):
        if f is None:
            continue
        lim = p.limit(f)
        x, y = _unified(total, lim)
        over = sql.and_(sql.not_null(lim.e), (exp.GT if is_cap else exp.LT)(this=x.e, expression=y.e))
        total = p.col(sql.case([(over, lim)], total), "tot")
    published = p.col(sql.round_half_up(total, t.round_places) if t.round_places is not None else total, "pub")
    p.scope["total"], p.scope["total_exact"] = published, total
    p.layout.total, p.layout.published = total.e.name, published.e.name
    if t.round_places is not None:
        p.layout.rounded.add(published.e.name)


def veto_step(p: Planner, v: ir.Veto) -> None:
    hit = p.required(v.condition)
    col = p.col(V(exp.Is(this=exp.Paren(this=hit.e), expression=exp.true()), K.BOOL), "veto")
    p.layout.vetoes.append((v.label, v.effect.value, v.grade, col.e.name))


def grade_step(p: Planner, g: ir.Grade) -> None:
    reads = p.scope["total"] if g.reads is GradeReads.ROUNDED else p.scope["total_exact"]
    band, none = band_lookup(g.bands, reads)
    p.flag(none)
    bands = p.col(band, "gb")
    given = [(col, grade) for _, effect, grade, col in p.layout.vetoes if effect == VetoEffect.GRADE.value and grade is not None]
    grading = [(sql.column(col), _text(grade)) for col, grade in given]
    p.layout.grade_words = tuple(dict.fromkeys([b.label for b in g.bands.bands] + [grade for _, grade in given]))
    if not grading:
        p.layout.grade, p.layout.grade_before = bands.e.name, None
        return
    veto_grade = p.col(sql.case(grading, sql.null(K.TEXT)), "vg")
    grade = p.col(V(exp.Coalesce(this=veto_grade.e, expressions=[bands.e]), K.TEXT), "gr")
    # The bands' grade is `grade_before_veto` only where a `-> grade` veto replaced it (as the interpreter).
    before = p.col(sql.case([(sql.sqlnot(sql.is_null(veto_grade.e)), bands)], sql.null(K.TEXT)), "gbv")
    p.layout.grade, p.layout.grade_before = grade.e.name, before.e.name


def eligibility(p: Planner) -> None:
    no_bonus = [sql.column(col) for _, effect, _, col in p.layout.vetoes if effect == VetoEffect.NO_BONUS.value]
    p.layout.eligible = p.col(V(sql.sqlnot(sql.or_(*no_bonus)) if no_bonus else sql.true(), K.BOOL), "el").e.name
