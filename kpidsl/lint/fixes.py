"""Fixes for findings: text edits `kpi lint --fix` applies and the language server offers.

A *safe* fix never changes a result: every record scores, grades and fails exactly as before.
`kpi lint --fix` applies only those. A *suggestion* would change results (or makes a scheme that
cannot run evaluate, choosing for the author); it is offered, and applied only with
`--unsafe-fixes`. Each fix answers one reported finding (so configuration and `# kpi: ignore`
comments decide what is fixed, as they decide what is reported); full-width punctuation comes
from the recovering reader's repairs, which `kpi fmt` writes back the same way.

| finding | fix | safe, because |
| --- | --- | --- |
| K-S0001 full-width punctuation outside strings | the ASCII character | the reader already took it as that |
| K-L0102 tier-overlap | the later tier narrowed to what it can still take: `[85%, 90%]` -> `[85%, 90%)` | tiers are tried in order; the earlier one wins the overlap |
| K-L0202 band-overlap | the same for grade bands | bands are tried in order |
| K-L0203 band-bound-too-precise | the bound moved to the rounding grid: `>= 89.5` -> `>= 90` with `round 0` | the grade reads the rounded total, which is on the grid |
| K-E0120 swapped bounds `[95%, 90%]` | `[90%, 95%]`; suggestion only when the brackets differ (`[95%, 90%)`) | the interval was empty: nothing matched it |
| K-L0403 precedence-slip `a - b / b` | suggestion only: `(a - b) / b` | it changes the value: the author decides |
| K-L0107 labels-unchecked | suggestion only: `input 评级: text` -> `input 评级: text in 等级` | a bad cell of a record that is never scored on the scale (excluded, or behind an `if`) stops the run |
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from .. import ir
from .. import nodes as n
from ..choices import GradeReads
from ..errors import Diagnostic, KpiSyntaxError
from ..messages import fixes as fix_msg
from ..messages import lint as msg
from ..prebuilt import dataclass
from ..source import Source, Span
from .intervals import Iv, IvSet, condition_set
from .ranges import Range, RangeAnalysis, analyse_ranges

if TYPE_CHECKING:
    from ..api import Scheme


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two offsets of the (BOM-less, `\\n`-ended) source."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """The edits that resolve one finding, in words, and whether they can change a result."""

    code: str
    title: str
    edits: tuple[Edit, ...]
    safe: bool
    span: Span | None


class FixContext:
    """What a fixer reads: the text, the loaded scheme when the text reads as one, and (computed
    when first asked) the ranges its values can take."""

    def __init__(self, source: Source, scheme: Scheme | None) -> None:
        self.source = source
        self.scheme = scheme
        self._ranges: RangeAnalysis | None = None

    @property
    def ranges(self) -> RangeAnalysis:
        if self._ranges is None:
            assert self.scheme is not None
            self._ranges = analyse_ranges(self.scheme.ir)
        return self._ranges

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.source.offset(span.line, span.col), self.source.offset(span.end_line, span.end_col)

    def mine(self, span: Span) -> bool:
        """True for a span of the file being fixed (not of an imported module or the stdlib)."""
        return span.path == self.source.path


Fixer = Callable[[FixContext, Diagnostic], "Fix | None"]


def fixes_for(source: Source, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], scheme: Scheme | None) -> list[Fix]:
    """A fix for each finding that has one (syntax errors: every full-width repair of the text)."""
    ctx = FixContext(source, scheme)
    out: list[Fix] = []
    if any(d.code.startswith("K-S") for d in diagnostics):
        out.extend(full_width(source))
    for d in diagnostics:
        fixer = FIXERS.get(d.code)
        if fixer is not None and d.span is not None and ctx.mine(d.span) and scheme is not None:
            found = fixer(ctx, d)
            if found is not None and found not in out:
                out.append(found)
    return out


def apply(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """The text with the fixes applied, and the fixes that were (one whose edits overlap an
    earlier one's waits for the next round)."""
    taken: list[Edit] = []
    applied: list[Fix] = []
    for f in fixes:
        if any((e.start < t.end and t.start < e.end) or (e.start == t.start == e.end == t.end) for e in f.edits for t in taken):
            continue
        taken.extend(f.edits)
        applied.append(f)
    for e in sorted(taken, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: e.start] + e.text + text[e.end :]
    return text, applied


# ------------------------------------------------------------------------------ full-width


def full_width(source: Source) -> list[Fix]:
    """Every full-width character (outside strings and comments) the reader took as ASCII."""
    from ..recovery import read

    try:
        parsed = read(source, tree=False)
    except KpiSyntaxError:
        return []
    out = []
    for r in parsed.repairs:
        written = source.text[r.start : r.end]
        shown = written if len(written) <= 3 else written[0] + "…" + written[-1]
        ascii_text = r.text if len(r.text) <= 3 else r.text[0] + "…" + r.text[-1]
        out.append(Fix("K-S0001", fix_msg.fix_full_width(written=shown, ascii=ascii_text), (Edit(r.start, r.end, r.text),), True,
                       source.span(r.start, r.end)))
    return out


# ------------------------------------------------------------------------------ conditions


def _narrowed(cond: ir.Cond, earlier: list[ir.Cond], domain: Range | None) -> str | None:
    """The condition rewritten to what it can still take after the earlier ones, when that is
    one interval and differs from what is written; bounds keep the texts they were written with.

    When what is left is two pieces of which only one holds values the number can take (`>= 0%`
    after `[85%, 100%]` on a rate in [0%, 100%]), it is that one; an end that only the domain
    supplies is left open (`< 85%`): values beyond it cannot occur, so nothing changes either way.
    """
    mine = condition_set(cond)
    if mine is None:
        return None
    taken = None
    for c in earlier:
        s = condition_set(c)
        if s is not None:
            taken = s if taken is None else taken.union(s)
    if taken is None:
        return None
    rest = mine.minus(taken)
    if rest == mine or not rest:
        return None
    texts = {b.value: b.text for c in earlier for b in c.bounds}
    texts.update({b.value: b.text for b in cond.bounds})
    if len(rest.parts) == 1:
        return _cond_text(rest.parts[0], texts)
    if domain is None:
        return None
    dom = IvSet([Iv(domain.lo if domain.lo.is_finite() else None, True, domain.hi if domain.hi.is_finite() else None, True)])
    inside = rest.intersect(dom)
    if len(inside.parts) != 1:
        return None
    iv = inside.parts[0]
    if iv.lo is not None and iv.lo not in texts and IvSet([Iv(None, False, iv.hi, iv.hi_inc)]).intersect(dom) == inside:
        iv = Iv(None, False, iv.hi, iv.hi_inc)
    if iv.hi is not None and iv.hi not in texts and IvSet([Iv(iv.lo, iv.lo_inc, None, False)]).intersect(dom) == inside:
        iv = Iv(iv.lo, iv.lo_inc, None, False)
    return _cond_text(iv, texts)


def _cond_text(iv: Iv, texts: dict[Decimal, str]) -> str | None:
    def t(v: Decimal) -> str:
        return texts[v]

    if any(v is not None and v not in texts for v in (iv.lo, iv.hi)):
        return None
    if iv.lo is None and iv.hi is None:
        return None
    if iv.lo is None:
        assert iv.hi is not None
        return f"{'<=' if iv.hi_inc else '<'} {t(iv.hi)}"
    if iv.hi is None:
        return f"{'>=' if iv.lo_inc else '>'} {t(iv.lo)}"
    if iv.lo == iv.hi:
        return f"== {t(iv.lo)}"
    return f"{'[' if iv.lo_inc else '('}{t(iv.lo)}, {t(iv.hi)}{']' if iv.hi_inc else ')'}"


def _ladders(scheme: ir.Scheme) -> Iterator[ir.Ladder]:
    for t in scheme.tables:
        if isinstance(t, ir.Ladder):
            yield t
    for ind in scheme.indicators:
        if isinstance(ind.scoring, ir.LadderScoring):
            yield ind.scoring.ladder


def _fix_tier_overlap(ctx: FixContext, d: Diagnostic) -> Fix | None:
    assert ctx.scheme is not None and d.span is not None
    scheme = ctx.scheme.ir
    for ladder in _ladders(scheme):
        for i, tier in enumerate(ladder.tiers):
            if tier.cond.span == d.span:
                return _narrow_fix(ctx, d, tier.cond, [t.cond for t in ladder.tiers[:i]], None, _ladder_domain(ctx, ladder))
    return None


def _ladder_domain(ctx: FixContext, ladder: ir.Ladder) -> Range | None:
    """The values the ladder can be given: those of every indicator scored by it (a ladder
    called in a formula can be given anything)."""
    assert ctx.scheme is not None
    scheme = ctx.scheme.ir
    users = [i.name for i in scheme.indicators if isinstance(i.scoring, ir.LadderScoring) and i.scoring.ladder.id == ladder.id]
    called = any(isinstance(e, ir.Lookup) and e.table.name == ladder.name
                 for f in scheme.index.values() if isinstance(f, ir.Formula) for e in ir.walk(f.expr))
    if not users or called:
        return None
    found = [ctx.ranges.value.get(u) for u in users]
    if any(r is None for r in found):
        return None
    out = found[0]
    assert out is not None
    for r in found[1:]:
        assert r is not None
        out = out.hull(r)
    return out


def _fix_band_overlap(ctx: FixContext, d: Diagnostic) -> Fix | None:
    assert ctx.scheme is not None and d.span is not None
    grade = ctx.scheme.ir.grade
    if grade is None:
        return None
    called = any(isinstance(e, ir.Lookup) and e.table.name == grade.bands.name
                 for f in ctx.scheme.ir.index.values() if isinstance(f, ir.Formula) for e in ir.walk(f.expr))
    domain = None if called else ctx.ranges.total.hull(ctx.ranges.published)
    for i, band in enumerate(grade.bands.bands):
        if band.span == d.span:
            return _narrow_fix(ctx, d, band.cond, [b.cond for b in grade.bands.bands[:i]], band.label, domain)
    return None


def _narrow_fix(ctx: FixContext, d: Diagnostic, cond: ir.Cond, earlier: list[ir.Cond], band: str | None,
                domain: Range | None) -> Fix | None:
    """Narrow a tier (`band` None) or the band with that label."""
    new = _narrowed(cond, earlier, domain)
    if new is None or not ctx.mine(cond.span):
        return None
    start, end = ctx.offsets(cond.span)
    title = fix_msg.fix_narrow_tier(cond=new) if band is None else fix_msg.fix_narrow_band(label=band, cond=new)
    return Fix(d.code, title, (Edit(start, end, new),), True, d.span)


def _fix_band_precision(ctx: FixContext, d: Diagnostic) -> Fix | None:
    assert ctx.scheme is not None and d.span is not None
    scheme = ctx.scheme.ir
    grade = scheme.grade
    if grade is None or grade.reads is not GradeReads.ROUNDED or scheme.round_places is None:
        return None
    quantum = Decimal(1).scaleb(-scheme.round_places)
    for band in grade.bands.bands:
        for b in band.cond.bounds:
            if b.span == d.span and b.constant is None and not b.text.endswith("%"):
                moved = b.value.quantize(quantum, rounding=ROUND_CEILING if _rounds_up(band.cond, b) else ROUND_FLOOR)
                text = format(moved, "f")
                start, end = ctx.offsets(b.span)
                return Fix(d.code, fix_msg.fix_band_grid(bound=text, rounded=msg.rounded_to(places=scheme.round_places)),
                           (Edit(start, end, text),), True, d.span)
    return None


def _rounds_up(cond: ir.Cond, b: ir.Bound) -> bool:
    """Which way a bound moves onto the grid without changing which grid values it lets in:
    `>= b`, `< b`, `[b, ...`, `..., b)` move up; `> b`, `<= b`, `(b, ...`, `..., b]` move down."""
    if isinstance(cond, ir.Comparison):
        return cond.op in (">=", "<")
    assert isinstance(cond, ir.Interval)
    return cond.low_inclusive if b is cond.low else not cond.high_inclusive


# ------------------------------------------------------------------------------ the syntax tree


def _nodes(node: object) -> Iterator[object]:
    """Every syntax node under `node` (frozen dataclasses, in tuples or alone)."""
    stack = [node]
    while stack:
        x = stack.pop()
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            yield x
            stack.extend(getattr(x, f.name) for f in dataclasses.fields(x))
        elif isinstance(x, tuple):
            stack.extend(x)


def _fix_swapped(ctx: FixContext, d: Diagnostic) -> Fix | None:
    assert ctx.scheme is not None
    for x in _nodes(ctx.scheme.program.module):
        if isinstance(x, n.Interval) and x.span == d.span:
            lo, hi = x.low, x.high
            if lo.value is None or hi.value is None or lo.value <= hi.value:
                return None  # `(a, a)` is empty but not swapped
            same = x.low_inclusive == x.high_inclusive
            (ls, le), (hs, he) = ctx.offsets(lo.span), ctx.offsets(hi.span)
            title = fix_msg.fix_swap(bound=lo.text) if same else fix_msg.fix_swap_brackets(bound=lo.text)
            return Fix(d.code, title, (Edit(ls, le, hi.text), Edit(hs, he, lo.text)), same, d.span)
    return None


def _fix_precedence(ctx: FixContext, d: Diagnostic) -> Fix | None:
    assert ctx.scheme is not None
    for x in _nodes(ctx.scheme.program.module):
        if isinstance(x, n.Binary) and x.span == d.span and isinstance(x.right, n.Binary):
            start = ctx.offsets(x.left.span)[0]
            end = ctx.offsets(x.right.left.span)[1]
            text = ctx.source.text
            ds, de = ctx.offsets(x.right.right.span)
            title = fix_msg.fix_precedence(first=text[start:end], divisor=text[ds:de])
            return Fix(d.code, title, (Edit(start, start, "("), Edit(end, end, ")")), False, d.span)
    return None


def _fix_labels(ctx: FixContext, d: Diagnostic) -> Fix | None:
    """`in SCALE` after the input's type (a suggestion: see the table above)."""
    from .labels import only_scale

    assert ctx.scheme is not None
    for x in _nodes(ctx.scheme.program.module):
        if isinstance(x, n.InputDecl) and x.name_span == d.span and x.labels_from is None:
            scale = only_scale(ctx.scheme.ir, x.name)
            if scale is None:
                return None
            at = ctx.offsets(x.type_span)[1]
            return Fix(d.code, fix_msg.fix_labels(scale=scale), (Edit(at, at, f" in {scale}"),), False, d.span)
    return None


#: The fixer of each code that has one.
FIXERS: dict[str, Fixer] = {
    "K-L0107": _fix_labels,
    "K-L0102": _fix_tier_overlap,
    "K-L0202": _fix_band_overlap,
    "K-L0203": _fix_band_precision,
    "K-E0120": _fix_swapped,
    "K-L0403": _fix_precedence,
}
