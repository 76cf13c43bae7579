"""The bulk fast path: a scheme's record stage on exact 64-bit fixed-point columns (numpy), tried
before the DuckDB plan for the summary a bulk caller reads as columns (the published total, the
grade).

It either proves every value it returns equal to the interpreter's, digit for digit, or declines:
a construct it does not implement (`Unsupported`: the scheme always takes the DuckDB plan), or a
batch whose values a proof does not cover (`Decline`: that batch takes the DuckDB plan, unchanged).
Rows it cannot decide on their own (a cell the interpreter might reject, a record the interpreter
would stop, a comparison or rounding exactly at a boundary of a quotient that Q20 rounded) are
marked for the interpreter, as the DuckDB plan marks its rows. The proofs (bounds instead of
checked arithmetic, cross-multiplied comparisons of quotients, rounding of a rational) are in
`fixed_values`; each step here mirrors its counterpart in `steps.py` (and so the interpreter's
`interp/indicator.py`, `interp/combine.py`, `interp/record.py`), mask for mask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from .. import ir
from ..choices import AdjustmentKind, Combine, GradeReads, OutcomeKind, VetoEffect
from ..messages import fallback as msg
from ..prebuilt import dataclass
from ..refs import InputRef
from . import fixed_values as fv
from .fixed_exprs import Exprs, Value, _unnull, bands, ladder, numeric, scale, scale_label
from .fixed_inputs import read_inputs
from .fixed_memory import calc, full
from .fixed_values import Bool, Ctx, Decline, Mask, Num, Rat, Txt, Unsupported, m_and, m_not, m_or

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FAILED", "Decline", "Fixed", "Summary", "Unsupported"]

#: How a decline caused by a defect of the fast path begins (tests/columnar/test_fixed.py fails on it).
FAILED = "the fast path failed"


@dataclass(slots=True)
class Summary:
    """A batch's summary (`Layout.summary()`, as the DuckDB plan's) and the rows the interpreter
    must take. `numbers`: by layout role (`published`, `total`, `base`, `deductions`, `bonuses`),
    those that are exact decimals (a role that holds an unrounded quotient is left out: the batch's
    full evaluation gives it); grades as indices into `labels` (-1: none)."""

    numbers: dict[str, Num]
    rounded: bool  # the published total is at a declared rounding (it keeps its places)
    grades: np.ndarray
    before: np.ndarray
    labels: list[str]
    eligible: np.ndarray
    leave: list[int]
    #: Each item's score (by name) that is an exact decimal, NULL where the item was skipped (an
    #: item whose score is an unrounded quotient is left out: the batch's full evaluation gives it).
    items: dict[str, Num] = field(default_factory=dict)


class Fixed:
    """The fast path for one scheme (see the module docstring)."""

    def __init__(self, scheme: ir.Scheme) -> None:
        self.ir = scheme
        #: Why the scheme never takes the fast path (set by the first batch that meets a construct
        #: it does not implement).
        self.unsupported: str | None = _structure(scheme)
        #: The text inputs a formula reads (read as text columns; the others are only checked).
        reads = [ref for f in scheme.index.values() if isinstance(f, ir.Formula) for ref in f.reads]
        self.texts = frozenset(ref.name for ref in reads if isinstance(ref, InputRef))
        #: The items whose contribution a formula reads (computed only for them).
        self.contributions = frozenset(k.rsplit(".", 1)[0] for ref in reads if (k := ref.key).endswith(".contribution"))

    def run(self, table: pa.Table, columns: dict[str, str | None]) -> Summary:
        """The summary of a batch of raw cells (`columns`: each input's column, or None).

        Raises:
            Decline: the batch (or, as `Unsupported`, the scheme) takes the DuckDB plan.
        """
        if self.unsupported is not None:
            raise Unsupported(self.unsupported)
        if table.num_rows == 0:
            raise Decline("no rows")
        ctx = Ctx(table.num_rows)
        try:
            with np.errstate(over="raise"):
                inputs = read_inputs(ctx, self.ir, table, columns, self.texts)
                return _Run(ctx, self.ir, inputs, self.contributions).summary()
        except Unsupported as exc:
            self.unsupported = str(exc)
            raise
        except (FloatingPointError, OverflowError) as exc:  # pragma: no cover - every bound is checked first
            raise Decline(f"an overflow ({exc})", msg.fast_beyond_64_bits()) from None
        except (TypeError, ValueError, IndexError, KeyError, ArithmeticError) as exc:  # pragma: no cover
            # A defect here must not stop an evaluation the DuckDB plan can do (the tests fail on it).
            raise Decline(f"{FAILED} ({type(exc).__name__}: {exc})") from exc


def _structure(scheme: ir.Scheme) -> str | None:
    """What rules the scheme out before any batch is read."""
    if scheme.rules or scheme.period_input is not None or scheme.aggregates or scheme.exclusions or scheme.staged:
        return "population rules, periods, aggregates or exclusions"
    for ind in scheme.indicators:
        if isinstance(ind.scoring, ir.RatersScoring):
            return f"raters ('{ind.name}')"
    return None


class _Run:
    """One batch through the record stage's steps."""

    def __init__(self, ctx: Ctx, scheme: ir.Scheme, inputs: dict[str, Num | Bool | Txt],
                 contributions: frozenset[str] = frozenset()) -> None:
        self.ctx = ctx
        self.contributions = contributions
        self.ir = scheme
        self.scope: dict[str, Value] = dict(inputs)
        self.exprs = Exprs(ctx, self.scope, {t.name: t for t in scheme.tables if t.name is not None})
        self.fail: Mask = None
        self.items: dict[str, Mask] = {}  # item -> skipped
        self.adjustments: list[tuple[AdjustmentKind, Num | Rat]] = []
        self.vetoes: list[tuple[ir.Veto, np.ndarray]] = []
        self.grade: tuple[np.ndarray, np.ndarray, list[str]] | None = None

    # ------------------------------------------------------------------ helpers
    def flag(self, mask: Mask) -> None:
        """Rows the interpreter would stop with an error: it takes them (and says so)."""
        if mask is not None:
            self.fail = m_or(self.fail, mask)

    def required(self, f: ir.Formula, reach: Mask = None) -> Value:
        c = self.exprs(f.expr)
        bad = m_or(c.zero, c.fail, c.v.null)
        self.flag(bad if reach is None else m_and(reach, bad))
        return c.v

    def limit(self, f: ir.Formula, reach: Mask = None) -> Num | Rat:
        c = self.exprs(f.expr)
        bad = m_or(c.zero, c.fail)
        self.flag(bad if reach is None else m_and(reach, bad))
        return numeric(c.v)

    def outcome(self, o: ir.Outcome | None, hit: Mask, value: Num | Rat) -> tuple[Num | Rat, Mask]:
        """`on zero` / `on missing` where `hit`: a value stands in, `skip` gives the skip mask,
        none (or `error`) fails the record."""
        if hit is None:
            return value, None
        if o is None or o.kind is OutcomeKind.ERROR:
            self.flag(hit)
            return value, None
        if o.kind is OutcomeKind.SKIP:
            return value, hit
        if o.kind is not OutcomeKind.VALUE or o.value is None:
            raise Unsupported(f"the outcome `{o.kind}`")
        c = self.exprs(o.value.expr)
        self.flag(m_and(hit, m_or(c.zero, c.fail)))
        return fv.select(hit, numeric(c.v), value), None

    def clip(self, value: Num | Rat, lim: Num | Rat, is_cap: bool) -> Num | Rat:
        """`value` held to `lim` (a missing limit is none)."""
        over = fv.compare(self.ctx, ">" if is_cap else "<", value, lim)
        over &= m_not(m_or(lim.null, value.null), self.ctx.n)
        return fv.select(over, lim, value)

    def kept_total(self, alive: list[np.ndarray], values: Sequence[Num | Rat]) -> Num | Rat:
        """Σ of the values where their item is alive (a member skipped counts 0)."""
        nums = [(a, v) for a, v in zip(alive, values, strict=True) if isinstance(v, Num)]
        rats = [_kept(a, v) for a, v in zip(alive, values, strict=True) if not isinstance(v, Num)]
        return self.total([fv.kept_sum(nums), *rats] if nums else rats)

    def total(self, values: Sequence[Num | Rat]) -> Num | Rat:
        out: Num | Rat = values[0]
        for v in values[1:]:
            out = fv.plus(out, v)
        return out

    # ------------------------------------------------------------------ steps
    def summary(self) -> Summary:
        for step in self.ir.steps(ir.Stage.RECORD):
            match step:
                case ir.Indicator():
                    self.indicator(step)
                case ir.Group():
                    self.group(step)
                case ir.Adjustment():
                    self.adjustment(step)
                case ir.Total():
                    self.total_step(step)
                case ir.Veto():
                    self.veto(step)
                case ir.Grade():
                    self.grade_step(step)
                case ir.Field():
                    self.field(step)
                case _:
                    raise Unsupported(f"the step {type(step).__name__}")
        n = self.ctx.n
        published = self.scope.get("total")
        if not isinstance(published, Num):
            raise Decline("a total that is an unrounded quotient")
        leave = m_or(self.fail, self.ctx.unproved, published.null)
        grades, before, labels = self.grade if self.grade is not None else (full(n, -1), full(n, -1), [])
        rows = [] if leave is None else np.flatnonzero(np.broadcast_to(leave, (n,))).tolist()
        roles = {"published": "total", "total": "total_exact", "base": "base_score", "deductions": "deductions",
                 "bonuses": "bonuses"}
        numbers = {role: Num(np.broadcast_to(x.units, (n,)), x.scale, x.bound)
                   for role, key in roles.items() if isinstance(x := self.scope.get(key), Num)}
        eligible = full(n, True, bool)
        for v, hit in self.vetoes:
            if v.effect is VetoEffect.NO_BONUS:
                np.greater(eligible, hit, out=eligible)  # and not hit
        items = {name: Num(np.broadcast_to(x.units, (n,)), x.scale, x.bound, None if x.null is None else np.broadcast_to(x.null, (n,)))
                 for name in self.items if isinstance(x := self.scope.get(name), Num)}
        return Summary(numbers, self.ir.total.round_places is not None, grades, before, labels, eligible, rows, items)

    def field(self, f: ir.Field) -> None:
        c = self.exprs(f.formula.expr)
        self.flag(c.fail)
        value = c.v
        o = f.on_zero
        if o is None or o.kind is OutcomeKind.ERROR or o.value is None:
            self.flag(c.zero)
        elif c.zero is not None:
            stand_in = self.exprs(o.value.expr)
            self.flag(m_and(c.zero, m_or(stand_in.zero, stand_in.fail)))
            value = fv.select(c.zero, numeric(stand_in.v), numeric(value))
        if f.round_places is not None and isinstance(value, (Num, Rat)):
            value = fv.round_half_up(self.ctx, value, f.round_places)
        self.scope[f.name] = value

    def indicator(self, ind: ir.Indicator) -> None:
        value, skip_value = self.value(ind)
        reach = m_not(skip_value, self.ctx.n)
        score, skip_score = self.score(ind, value, reach)
        skipped = m_or(skip_value, skip_score)
        alive = m_not(skipped, self.ctx.n)
        for f, is_cap in ((ind.cap, True), (ind.floor, False)):
            if f is not None:
                score = self.clip(score, self.limit(f, alive), is_cap)
        for adj in ind.deductions:
            score = self.take(adj, score, alive, skipped)
        if ind.round_places is not None:
            score = fv.round_half_up(self.ctx, score, ind.round_places)
        final = fv.with_null(score, skipped)
        self.scope[ind.name] = final
        self.scope[f"{ind.name}.skipped"] = Bool(m_or(skipped, full(self.ctx.n, False, bool)))
        self.items[ind.name] = skipped

    def value(self, ind: ir.Indicator) -> tuple[Num | Rat | Txt, Mask]:
        """The value (after `on zero` / `on missing`) and where the item skipped."""
        n = self.ctx.n
        if ind.value is None:
            v: Num | Rat | Txt = Num(full(n, 0), 0, 0, full(n, True, bool))
            self.scope[f"{ind.name}.value"] = v
            return v, None
        c = self.exprs(ind.value.expr)
        self.flag(c.fail)
        if isinstance(c.v, Txt):  # a label (a scale reads it): no zero; missing skips or fails
            o = ind.on_missing
            if c.zero is not None or (o is not None and o.kind is OutcomeKind.VALUE):
                raise Unsupported("a text value with a stand-in")
            missing = c.v.null
            skip = missing if o is not None and o.kind is OutcomeKind.SKIP else None
            self.flag(None if skip is not None else missing)
            t = Txt(c.v.codes, c.v.vocab, c.v.null)
            self.scope[f"{ind.name}.value"] = t
            return t, skip
        value, skip_zero = self.outcome(ind.on_zero, c.zero, numeric(c.v))
        missing = m_and(m_not(skip_zero, n), value.null)
        value, skip_missing = self.outcome(ind.on_missing, missing, value)
        skip = m_or(skip_zero, skip_missing)
        v = fv.with_null(value, skip)
        self.scope[f"{ind.name}.value"] = v
        return v, skip

    def score(self, ind: ir.Indicator, value: Num | Rat | Txt, reach: np.ndarray) -> tuple[Num | Rat, Mask]:
        n = self.ctx.n
        sc = ind.scoring
        zero: Mask = None
        if isinstance(value, Txt):
            if not isinstance(sc, ir.ScaleScoring):
                raise Unsupported("a text value not scored by a scale")
            label, none = scale_label(self.ctx, sc.scale, value)
            self.flag(m_and(m_and(reach, m_not(value.null, n)), none))
            return self.outcomes(ind, label, None, reach)
        present = m_not(value.null, n)
        match sc:
            case ir.LadderScoring(ladder=table):
                score: Num | Rat
                score, none = ladder(self.exprs, table, value)
                self.flag(m_and(m_and(reach, present), none))
            case ir.ScaleScoring(scale=table):
                score, none = scale(self.ctx, table, value)
                self.flag(m_and(m_and(reach, present), none))
            case ir.ProportionalScoring():
                target, full = self.exprs(sc.target.expr), self.exprs(sc.full.expr)
                self.flag(m_and(reach, m_or(target.fail, full.fail)))
                t, f = numeric(target.v), numeric(full.v)
                if not (isinstance(t, Num) and isinstance(f, Num)):
                    raise Unsupported("a proportional score with a quotient target or full points")
                ratio, zeros = fv.divide(value, t) if isinstance(value, Num) else fv.rat_divide(value, t)
                hit = m_and(m_and(zeros, present), m_not(m_or(t.null, f.null), n))
                zero = m_or(target.zero, full.zero, hit)
                score = fv.rat_mul(ratio, f)
            case ir.FormulaScoring(formula=formula):
                c = self.exprs(formula.expr)
                self.flag(m_and(reach, c.fail))
                zero, score = c.zero, numeric(c.v)
            case ir.ValueScoring():
                score = value
            case _:
                raise Unsupported(f"the scoring {type(sc).__name__}")
        return self.outcomes(ind, score, zero, reach)

    def outcomes(self, ind: ir.Indicator, score: Num | Rat, zero: Mask, reach: np.ndarray) -> tuple[Num | Rat, Mask]:
        """The score after `on zero` and `on missing`, and where they skip the item."""
        n = self.ctx.n
        score, skip_zero = self.outcome(ind.on_zero, m_and(reach, zero), score)
        missing = m_and(m_and(reach, m_not(skip_zero, n)), score.null)
        score, skip_missing = self.outcome(ind.on_missing, missing, score)
        skip = m_or(skip_zero, skip_missing)
        self.flag(m_and(m_and(reach, m_not(skip, n)), score.null))
        return score, skip

    def group(self, group: ir.Group) -> None:
        n = self.ctx.n
        skipped = [self.items[m] for m in group.members]
        alive = [m_not(s, n) for s in skipped]
        present_n = full(n, 0)
        for a in alive:
            present_n += a
        none_left = calc(np.equal, present_n, 0, dtype=bool)
        zero = fv.constant(0, 0)
        scores = [numeric(self.scope[m]) for m in group.members]
        if group.combine is Combine.MEAN:
            total = self.kept_total(alive, scores)
            count = Num(present_n, 0, len(scores))
            score: Num | Rat = fv.divide(total, count)[0] if isinstance(total, Num) else fv.rat_divide(total, count)[0]
        elif group.combine is Combine.SUM and all(w is not None for w in group.member_weights):
            score = self.weighted(group, scores, alive)
        elif group.combine is Combine.SUM:
            score = self.kept_total(alive, scores)
        else:
            raise Unsupported(f"`combine {group.combine}`")
        if group.combine is Combine.MEAN or not all(w is not None for w in group.member_weights):
            for m, s in zip(group.members, scores, strict=True):
                if m in self.contributions:
                    self.scope[f"{m}.contribution"] = s
        final = fv.with_null(_unnull(score), none_left)
        if group.name:
            self.scope[group.name] = final
            self.scope[f"{group.name}.skipped"] = Bool(none_left)
            self.items[group.name] = none_left
            return
        self.flag(none_left)
        self.scope["base_score"] = fv.select(none_left, zero, _unnull(score))

    def weighted(self, group: ir.Group, scores: list[Num | Rat], alive: list[np.ndarray]) -> Num | Rat:
        """Σ score x weight; with skipped items, x (Σ all weights) / (Σ weights present), divided once."""
        ws = [fv.decimal_num(w.value) for w in group.member_weights if w is not None]
        all_w = fv.decimal_num(sum((w.value for w in group.member_weights if w is not None), Decimal(0)))
        present_w = fv.kept_sum(list(zip(alive, ws, strict=True)))
        products = [fv.mul(s, w) if isinstance(s, Num) else fv.rat_mul(s, w) for s, w in zip(scores, ws, strict=True)]
        weighted = self.kept_total(alive, products)
        assert isinstance(present_w, Num)
        full = fv.compare(self.ctx, "==", all_w, present_w)
        for m, a, x in zip(group.members, alive, products, strict=True):
            if m in self.contributions:
                self.scope[f"{m}.contribution"] = fv.with_null(fv.select(full, x, _unnull(self.share(x, all_w, present_w))), ~a)
        return fv.select(full, weighted, _unnull(self.share(weighted, all_w, present_w)))

    @staticmethod
    def share(x: Num | Rat, all_w: Num, present_w: Num) -> Num | Rat:
        """x x (Σ all weights) / (Σ weights present), divided once (NULL where none is present)."""
        if isinstance(x, Num):
            return fv.divide(fv.mul(x, all_w), present_w)[0]
        return fv.rat_divide(fv.rat_mul(x, all_w), present_w)[0]

    def amount(self, adj: ir.Adjustment, reach: Mask = None) -> Num | Rat:
        """A deduction's or bonus's amount after its cap."""
        raw = numeric(self.required(adj.amount, reach))
        return raw if adj.cap is None else self.clip(raw, self.limit(adj.cap, reach), True)

    def adjustment(self, adj: ir.Adjustment) -> None:
        self.adjustments.append((adj.kind, self.amount(adj)))

    def take(self, adj: ir.Adjustment, score: Num | Rat, alive: np.ndarray, skipped: Mask) -> Num | Rat:
        """A deduction taken `from` the item: what the score holds of it (none below 0); the rest
        counts with the other deductions where it `spill`s, and only where the item was scored."""
        zero = fv.constant(0, 0)
        amount = self.amount(adj, alive)
        positive = fv.select(fv.compare(self.ctx, ">", score, zero), _unnull(score), zero)
        taken = fv.select(fv.compare(self.ctx, "<", amount, positive), amount, positive)
        if adj.spill:
            rest = fv.plus(amount, taken, -1)
            spilled = fv.select(fv.compare(self.ctx, ">", rest, zero), rest, zero)
            counted = spilled if skipped is None else fv.select(skipped, zero, spilled)
            self.adjustments.append((AdjustmentKind.DEDUCT, _unnull(counted)))
        return fv.plus(score, taken, -1)

    def total_step(self, t: ir.Total) -> None:
        zero = fv.constant(0, 0)
        ded = self.total([zero, *(a for k, a in self.adjustments if k is not AdjustmentKind.BONUS)])
        bon = self.total([zero, *(a for k, a in self.adjustments if k is AdjustmentKind.BONUS)])
        self.scope["deductions"], self.scope["bonuses"] = ded, bon
        if t.formula is not None:
            total = numeric(self.required(t.formula))
        else:
            total = self.total([numeric(self.scope["base_score"]), fv.neg(ded), bon])
        for f, is_cap in ((t.cap, True), (t.floor, False)):
            if f is not None:
                total = self.clip(total, self.limit(f), is_cap)
        published = fv.round_half_up(self.ctx, total, t.round_places) if t.round_places is not None else total
        self.scope["total"], self.scope["total_exact"] = published, total

    def veto(self, v: ir.Veto) -> None:
        hit = self.required(v.condition)
        if not isinstance(hit, Bool):
            raise Unsupported("a veto whose condition is not yes/no")
        self.vetoes.append((v, m_and(hit.v, m_not(hit.null, self.ctx.n))))

    def grade_step(self, g: ir.Grade) -> None:
        reads = numeric(self.scope["total"] if g.reads is GradeReads.ROUNDED else self.scope["total_exact"])
        codes, none = bands(self.ctx, g.bands, reads)
        self.flag(none)
        labels = [b.label for b in g.bands.bands]
        vetoed = full(self.ctx.n, False, bool)
        graded = codes
        for v, hit in self.vetoes:
            if v.effect is VetoEffect.GRADE and v.grade is not None:
                if v.grade not in labels:
                    labels.append(v.grade)
                now = calc(np.greater, hit, vetoed, dtype=bool)  # hit and not vetoed
                graded = fv.blend(now, np.asarray(labels.index(v.grade), dtype=np.int64), graded)
                vetoed |= hit
        # The bands' grade is `grade_before_veto` only where a `-> grade` veto replaced it.
        before = fv.blend(vetoed, codes, np.asarray(-1, dtype=np.int64))
        self.grade = (graded, before, labels)



def _kept(alive: np.ndarray, score: Num | Rat) -> Num | Rat:
    """A member's score where it was not skipped, else 0."""
    return fv.keep(alive, score) if isinstance(score, Num) else fv.select(alive, score, fv.constant(0, 0))
