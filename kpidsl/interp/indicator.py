"""One indicator for one record: value -> `on zero` / `on missing` -> score -> cap / floor ->
deductions taken from it -> its own rounding; or skipped, with the reason."""

from __future__ import annotations

from decimal import Decimal

from .. import ir
from .. import kinds as k
from ..choices import OutcomeKind
from ..i18n import listing
from ..ir.text import format_expr
from ..messages import runtime as msg
from ..numbers import ZERO, div, round_half_up
from ..outcome import SKIP_REASONS, AdjustmentData, ItemData
from ..prebuilt import dataclass
from ..refs import Field, HistoryRef, IndicatorRef
from ..trace import Ev
from ..values import Env, Value
from .expr import Compiled, CompiledLadder, NoTier, ZeroDenominator, scale_level
from .gaps import ladder_facts, ladder_gap
from .raters import raters_score
from .state import Formulas, RecordError, RecordState, Step, event, read_values, take_amount


class Skip(Exception):
    """The indicator is skipped (its weight is shared out); `cause` is one of SKIP_REASONS."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


@dataclass(frozen=True, slots=True)
class _Code:
    """An indicator's formulas compiled once, when the step is built (not per record)."""

    ind: ir.Indicator
    value: Compiled | None
    score: Compiled | None
    ladder: CompiledLadder | None
    limits: tuple[tuple[Compiled, ir.Formula, Ev], ...]  # cap, then floor


def indicator_step(formulas: Formulas, ind: ir.Indicator) -> Step:
    sc = ind.scoring
    code = _Code(
        ind,
        formulas(ind.value) if ind.value is not None else None,
        formulas(sc.formula) if isinstance(sc, ir.FormulaScoring) else None,
        formulas.tables.ladder(sc.ladder, ind.name) if isinstance(sc, ir.LadderScoring) else None,
        tuple((formulas(f), f, kind) for f, kind in ((ind.cap, Ev.CAP), (ind.floor, Ev.FLOOR)) if f is not None),
    )

    def step(st: RecordState) -> None:
        st.items[ind.name] = _evaluate(formulas, code, st)

    return step


def _evaluate(fs: Formulas, code: _Code, st: RecordState) -> ItemData:
    ind = code.ind
    env, tr = st.env, st.trace
    data = ItemData(ind.name, "indicator", None, ind.weight.value if ind.weight else None)
    value_key = f"{ind.name}.value"
    if tr is not None:
        tr.append(event(Ev.INDICATOR, ind.id, ind.span, 0))
    try:
        value, given = _value(fs, code, st)
        data.value = value
        env[value_key] = value
        try:
            score = _score(fs, code, value, st, data, given)
        except ZeroDenominator as z:
            if ind.on_zero is None or ind.on_zero.kind is OutcomeKind.ERROR:
                raise _fail_zero(ind, z) from None
            score = _outcome(fs, ind.on_zero, st, "zero_in_score")
        if score is None:
            if ind.on_missing is None or ind.on_missing.kind is OutcomeKind.ERROR:
                f = ind.scoring.formula if isinstance(ind.scoring, ir.FormulaScoring) else ind.value
                raise _fail_missing(ind, f, env)
            score = _outcome(fs, ind.on_missing, st, "missing")
        assert isinstance(score, Decimal)
        score = _cap_floor(code, score, st)
        for adj in ind.deductions:
            score = _take(fs, ind, adj, score, st)
        if ind.round_places is not None:
            rounded = round_half_up(score, ind.round_places)
            if tr is not None:
                tr.append(event(Ev.ROUND_SCORE, ind.id, ind.span, 1, result=rounded, before=score))
            score = rounded
        data.score = score
        env[ind.name] = score
    except Skip as s:
        data.skipped, data.reason = True, SKIP_REASONS[s.cause]
        # A skipped indicator's score (and its value, if none was computed) is missing elsewhere.
        env[ind.name] = None
        env.setdefault(value_key, None)
        if tr is not None:
            tr.append(event(Ev.SKIP, ind.id, ind.span, 1, cause=s.cause))
    return data


def _value(fs: Formulas, code: _Code, st: RecordState) -> tuple[Value, bool]:
    """The indicator's value, and whether an `on zero` / `on missing` outcome gave it."""
    ind = code.ind
    if ind.value is None or code.value is None:
        return None, False
    env, tr = st.env, st.trace
    f = ind.value
    given = False
    try:
        value = code.value(env)
        if tr is not None:
            tr.append(event(Ev.VALUE, f.id, f.span, 1, read_values(f, env), value))
    except ZeroDenominator as z:
        if ind.on_zero is None or ind.on_zero.kind is OutcomeKind.ERROR:
            raise _fail_zero(ind, z) from None
        if tr is not None:
            tr.append(event(Ev.VALUE_ZERO, f.id, f.span, 1, read_values(f, env), denominator=format_expr(z.node.right)))
        value, given = _outcome(fs, ind.on_zero, st, "zero"), True
    if value is None:
        if ind.on_missing is None or ind.on_missing.kind is OutcomeKind.ERROR:
            raise _fail_missing(ind, f, env)
        value, given = _outcome(fs, ind.on_missing, st, "missing"), True
    return value, given


def _outcome(fs: Formulas, o: ir.Outcome, st: RecordState, cause: str) -> Value:
    if o.kind is OutcomeKind.SKIP:
        raise Skip(cause)
    assert o.value is not None
    which = "zero" if cause.startswith("zero") else "missing"
    v = fs.value(o.value, st.env, lambda: msg.the_outcome(which=which, name=o.id.split("/")[0].split(":", 1)[1]))
    if st.trace is not None:
        st.trace.append(event(Ev.OUTCOME, o.id, o.span, 1, result=v, cause=cause))
    return v


def _fail_zero(ind: ir.Indicator, z: ZeroDenominator) -> RecordError:
    return RecordError(
        "K-R0301", msg.indicator_division_by_zero(name=ind.name, divisor=format_expr(z.node.right)), z.node.span,
        (msg.indicator_zero_hint(name=ind.name),),
    )


def _fail_missing(ind: ir.Indicator, f: ir.Formula | None, env: Env) -> RecordError:
    names = sorted({n for n in _plain_names(f) if env.get(n, 0) is None}) if f is not None else []
    problem = (msg.indicator_missing_named(name=ind.name, names=listing(names)) if names
               else msg.indicator_missing(name=ind.name))
    return RecordError(
        "K-R0302", problem, f.span if f is not None else ind.span, (msg.indicator_missing_hint(name=ind.name),),
    )


def _plain_names(f: ir.Formula) -> list[str]:
    """The plain names a formula writes (not `X.value`), as written: the missing ones are listed."""
    out = []
    for e in ir.walk(f.expr):
        if isinstance(e, ir.Read):
            text = e.text
            if isinstance(e.ref, HistoryRef):
                text = text[len(e.ref.when.value) + 1 : -1]
            if "." not in text:
                out.append(text)
    return out


def _score(fs: Formulas, code: _Code, value: Value, st: RecordState, data: ItemData, given: bool = False) -> Value:
    """The indicator's score from its value; `given`: an outcome gave the value (no distance to a
    better tier is traced then)."""
    ind = code.ind
    env, tr = st.env, st.trace
    sc = ind.scoring
    match sc:
        case ir.LadderScoring():
            if value is None:
                return None
            assert isinstance(value, Decimal) and code.ladder is not None
            result, tier = code.ladder.lookup(value, env)
            data.tier = tier.node.cond.text
            if tr is not None:
                own = (ind.value, code.value) if ind.value is not None and code.value is not None else None
                if given:
                    # A value an `on zero` / `on missing` outcome gave: whether a better tier exists
                    # (else it is the top one), but no distance to it (no change of the data reaches
                    # it while the denominator is 0), so no search for the count that would.
                    facts = ladder_gap(code.ladder, tier.index, value, env)
                    if facts["better"] is not None:
                        facts = {"better": None, "given": True}
                else:
                    facts = ladder_facts(code.ladder, tier.index, value, env, own)
                tr.append(event(Ev.SCORE_LADDER, sc.id, tier.node.span, 1, result=result, value=value, tier=tier.index,
                                **facts))
            return result
        case ir.ScaleScoring(scale=scale):
            if value is None:
                return None
            try:
                points, level = scale_level(scale, value)
            except NoTier as exc:
                raise exc.read_from(ind.value) from None
            data.tier = level.label
            if tr is not None:
                tr.append(event(Ev.SCORE_SCALE, sc.id, level.span, 1, result=points, value=value, level=level.label))
            return points
        case ir.ProportionalScoring():
            return _proportional(fs, ind, sc, value, st)
        case ir.RatersScoring():
            return raters_score(ind, sc, st)
        case ir.FormulaScoring(formula=f):
            assert code.score is not None
            score = code.score(env)
            if tr is not None:
                tr.append(event(Ev.SCORE_FORMULA, f.id, sc.span, 1, read_values(f, env), score))
            return score
    if tr is not None:
        tr.append(event(Ev.SCORE_VALUE, sc.id, None, 1, result=value))
    return value


def _proportional(fs: Formulas, ind: ir.Indicator, sc: ir.ProportionalScoring, value: Value, st: RecordState) -> Value:
    target, full = fs(sc.target)(st.env), fs(sc.full)(st.env)
    if value is None or target is None or full is None:
        return None
    assert isinstance(value, Decimal) and isinstance(target, Decimal) and isinstance(full, Decimal)
    if target == 0:
        own = ir.Read(sc.span, k.NUMBER, IndicatorRef(ind.name, Field.VALUE), "value")
        raise ZeroDenominator(ir.Binary(sc.span, k.NUMBER, "/", own, sc.target.expr))
    score = div(value, target) * full
    if st.trace is not None:
        st.trace.append(event(Ev.SCORE_PROPORTIONAL, sc.id, sc.span, 1, result=score, value=value, target=target, full=full))
    return score


def _cap_floor(code: _Code, score: Decimal, st: RecordState) -> Decimal:
    for fn, limit, kind in code.limits:
        try:
            v = fn(st.env)
        except ZeroDenominator as z:
            what = (msg.the_indicator_cap if kind is Ev.CAP else msg.the_indicator_floor)(name=code.ind.name)
            raise RecordError("K-R0301", msg.division_by_zero_in(what=what), z.node.span) from None
        if isinstance(v, Decimal) and (score > v if kind is Ev.CAP else score < v):
            if st.trace is not None:
                st.trace.append(event(kind, limit.id, limit.span, 1, result=v, before=score))
            score = v
    return score


def _take(fs: Formulas, ind: ir.Indicator, adj: ir.Adjustment, score: Decimal, st: RecordState) -> Decimal:
    """A deduction taken from the item's own points first (never below 0); what they cannot cover
    spills into the general deductions, or is dropped without `spill`."""
    amount, raw = take_amount(fs, adj, st, 1)
    taken = min(amount, max(score, ZERO))
    rest = amount - taken
    data = AdjustmentData("deduct", adj.label, amount, raw, adj.source, taken)
    if rest > 0 and adj.spill:
        data.spilled = rest
    st.adjustments.append(data)
    if st.trace is not None:
        st.trace.append(event(Ev.DEDUCT_FROM, adj.id, adj.span, 1, result=score - taken, taken=taken, rest=rest))
    return score - taken
