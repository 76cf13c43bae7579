"""`kpi test --coverage`: which parts of a scheme its own `test` blocks exercise, as OPA's
`opa test --coverage` does for policies.

A scheme's *targets* are the places a test can reach or miss, read from the IR: every tier of a
ladder (scored by an indicator or called in a formula), every level of a scale (scored, called,
or marked by raters), every grade band,
every veto (reached when it fires), deduction and bonus (when it takes or gives points), every
`on zero` / `on missing` outcome of an indicator and `on zero` of a field that gives a value or
skips the item (when it applies), every exclusion (when it applies), and both branches of every
`if`, also one in a field or in an aggregate's value or `where` (a test of one record is a group
of one). What a test
reached is read from the interpreter's trace events of that test's evaluation (`trace.py`);
nothing is evaluated a second time here. Targets are merged by where they are written, so a tier of
a stdlib ladder used by two indicators is one target, and coverage is reported per line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import field
from decimal import ROUND_HALF_UP, Decimal

from . import ir
from .choices import AdjustmentKind, OutcomeKind
from .ir.text import format_expr
from .messages import testing as msg
from .messages.lint import ladder_of
from .prebuilt import dataclass
from .source import Span, display_width
from .trace import Ev, TraceEvent

#: The kinds of target (the JSON's words), in the order reports list them, with their names in a report.
KINDS = {"tier": msg.kind_tier, "level": msg.kind_level, "band": msg.kind_band, "veto": msg.kind_veto,
         "deduction": msg.kind_deduction, "bonus": msg.kind_bonus, "outcome": msg.kind_outcome,
         "exclusion": msg.kind_exclusion, "branch": msg.kind_branch}

_RULE_PREFIX = "rule:"  # population rules run over the whole period, not in a test's record trace


@dataclass(frozen=True, slots=True)
class Target:
    """One place a test can reach: its kind, what it is (in words), where it is written, and the
    key trace events name it by."""

    kind: str
    what: str
    span: Span
    key: str

    @property
    def place(self) -> tuple[str, str, int, int, int, int]:
        s = self.span
        return (self.kind, s.path, s.line, s.col, s.end_line, s.end_col)


@dataclass(frozen=True, slots=True)
class Covered:
    """A target and how many test evaluations reached it."""

    target: Target
    hits: int

    @property
    def covered(self) -> bool:
        return self.hits > 0


@dataclass
class Report:
    """Coverage of one scheme (or module) file by its tests."""

    path: str
    items: list[Covered] = field(default_factory=list)
    tests: int = 0

    @property
    def covered(self) -> int:
        return sum(1 for c in self.items if c.covered)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> Decimal:
        """Covered targets as a percentage, one decimal, half-up (100 when there is nothing to cover)."""
        if not self.items:
            return Decimal(100)
        return (Decimal(self.covered) * 100 / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Covered and total targets of each kind present."""
        out: dict[str, tuple[int, int]] = {}
        for kind in KINDS:
            mine = [c for c in self.items if c.target.kind == kind]
            if mine:
                out[kind] = (sum(1 for c in mine if c.covered), len(mine))
        return out

    def files(self) -> dict[str, list[Covered]]:
        """The targets of each file, in line order (the scheme's own file first)."""
        out: dict[str, list[Covered]] = {}
        for c in sorted(self.items, key=lambda c: (c.target.span.path != self.path, c.target.span.path, c.target.place[2:])):
            out.setdefault(c.target.span.path, []).append(c)
        return out

    def missed(self) -> list[Covered]:
        return [c for c in self.items if not c.covered]


def measure(path: str, runs: Iterable[tuple[ir.Scheme, Iterable[TraceEvent]]], tests: int) -> Report:
    """The coverage of `path` by test evaluations: each run is the IR evaluated and the trace
    events of one evaluation. Targets written at the same place merge (their hits add up)."""
    hits: Counter[tuple[str, str, int, int, int, int]] = Counter()
    targets: dict[tuple[str, str, int, int, int, int], Target] = {}
    seen_irs: dict[int, list[Target]] = {}
    for scheme, events in runs:
        own = seen_irs.get(id(scheme))
        if own is None:
            own = seen_irs[id(scheme)] = list(targets_of(scheme))
            for t in own:
                targets.setdefault(t.place, t)
        reached = set(reached_keys(scheme, events))
        for t in own:
            if t.key in reached:
                hits[t.place] += 1
    report = Report(path, tests=tests)
    report.items = [Covered(t, hits[place]) for place, t in targets.items()]
    return report


# ------------------------------------------------------------------------------ targets


def targets_of(scheme: ir.Scheme) -> Iterator[Target]:
    """Every target of a scheme's IR (see the module docstring)."""
    seen: set[str] = set()
    for ind in scheme.indicators:
        sc = ind.scoring
        if isinstance(sc, ir.LadderScoring):
            where = msg.ladder_named(name=sc.ladder.name or "") if sc.named else ladder_of(indicator=ind.name)
            yield from _once(seen, _tiers(sc.ladder, where))
        elif isinstance(sc, (ir.ScaleScoring, ir.RatersScoring)) and sc.scale is not None:  # raters: their marks' levels
            yield from _once(seen, _levels(sc.scale))
        for o, which in ((ind.on_zero, "on zero"), (ind.on_missing, "on missing")):
            # `-> error` fails the record, as having no outcome does: a test checks it with
            # `expect error = "K-R0301"`, and a failed evaluation leaves no trace to read.
            if o is not None and o.kind is not OutcomeKind.ERROR:
                yield Target("outcome", msg.outcome(outcome=which, indicator=ind.name), o.span, o.id)
        for adj in ind.deductions:
            yield _adjustment(adj)
    for adj in scheme.adjustments:
        yield _adjustment(adj)
    for v in scheme.vetoes:
        yield Target("veto", msg.veto(label=v.label), v.span, v.id)
    for ex in scheme.exclusions:
        yield Target("exclusion", msg.exclusion(reason=ex.reason), ex.span, ex.id)
    for fd in scheme.fields:
        if fd.on_zero is not None and fd.on_zero.kind is not OutcomeKind.ERROR:
            yield Target("outcome", msg.field_outcome(outcome="on zero", field=fd.name), fd.on_zero.span, fd.on_zero.id)
    if scheme.grade is not None:
        yield from _once(seen, _bands(scheme.grade.bands, msg.the_grade()))
    for f in _formulas(scheme):
        for e in ir.walk(f.expr):
            if isinstance(e, ir.If):
                for branch, part in (("then", e.then), ("else", e.otherwise)):
                    yield Target("branch", msg.branch(branch=branch, cond=format_expr(e.cond), line=e.span.line), part.span, _branch_key(f.id, e.span, branch))
            elif isinstance(e, ir.Lookup):
                yield from _once(seen, _table(scheme, e))


def _once(seen: set[str], targets: Iterable[Target]) -> Iterator[Target]:
    for t in targets:
        if t.key not in seen:
            seen.add(t.key)
            yield t


def _tiers(ladder: ir.Ladder, where: str) -> Iterator[Target]:
    for t in ladder.tiers:
        yield Target("tier", msg.tier(cond=t.cond.text, ladder=where), t.span, t.id)


def _levels(scale: ir.Scale) -> Iterator[Target]:
    for lvl in scale.levels:
        yield Target("level", msg.level(label=lvl.label, scale=scale.name), lvl.span, lvl.id)


def _bands(bands: ir.Bands, where: str) -> Iterator[Target]:
    for b in bands.bands:
        yield Target("band", msg.band(label=b.label, cond=b.cond.text, bands=where), b.span, b.id)


def _table(scheme: ir.Scheme, call: ir.Lookup) -> Iterable[Target]:
    table = next((t for t in scheme.tables if t.name == call.table.name), None)
    if isinstance(table, ir.Ladder):
        return _tiers(table, msg.ladder_named(name=table.name or ""))
    if isinstance(table, ir.Scale):
        return _levels(table)
    if isinstance(table, ir.Bands):
        return _bands(table, msg.bands_named(name=table.name))
    return ()


def _adjustment(adj: ir.Adjustment) -> Target:
    if adj.kind is AdjustmentKind.BONUS:
        return Target("bonus", msg.bonus(label=adj.label), adj.span, adj.id)
    return Target("deduction", msg.deduction(label=adj.label), adj.span, adj.id)


def _formulas(scheme: ir.Scheme) -> list[ir.Formula]:
    """The formulas a record's evaluation runs (population rules run over the period)."""
    return [f for f in scheme.index.values() if isinstance(f, ir.Formula) and not f.id.startswith(_RULE_PREFIX)]


def _branch_key(formula: str, span: Span | None, branch: str) -> str:
    where = f"{span.line}:{span.col}" if span is not None else "?"
    return f"{formula}@{where}/{branch}"


# ------------------------------------------------------------------------------ what a trace reached


def reached_keys(scheme: ir.Scheme, events: Iterable[TraceEvent]) -> Iterator[str]:
    """The keys of the targets one evaluation's events show were reached."""
    for ev in events:
        match ev.kind:
            case Ev.SCORE_LADDER:
                sc = scheme.node(ev.node)
                assert isinstance(sc, ir.LadderScoring)
                yield sc.ladder.tiers[ev.fact("tier")].id
            case Ev.SCORE_SCALE:
                sc = scheme.node(ev.node)
                assert isinstance(sc, ir.ScaleScoring)
                yield from (lvl.id for lvl in sc.scale.levels if lvl.label == ev.fact("level"))
            case Ev.LOOKUP:
                yield str(ev.fact("row"))
            case Ev.RATER:
                yield from ev.facts.get("levels", ())  # the levels of the labels raters marked with
            case Ev.GRADE:
                yield ev.node
            case Ev.VETO | Ev.EXCLUDE if ev.result:
                yield ev.node
            case Ev.FIELD if ev.fact("zero") is not None:
                yield from _field_outcome(scheme, ev)
            case Ev.ADJUSTMENT if isinstance(ev.result, Decimal) and ev.result > 0:
                yield ev.node
            case Ev.OUTCOME:
                yield ev.node
            case Ev.SKIP:
                yield from _skip_outcome(scheme, ev)
            case Ev.BRANCH:
                yield _branch_key(ev.node, ev.span, str(ev.fact("branch")))


def _field_outcome(scheme: ir.Scheme, ev: TraceEvent) -> Iterator[str]:
    """A field's `on zero` shows as the field's event, with the denominator that was 0."""
    fd = scheme.node(ev.node)
    if isinstance(fd, ir.Field) and fd.on_zero is not None:
        yield fd.on_zero.id


def _skip_outcome(scheme: ir.Scheme, ev: TraceEvent) -> Iterator[str]:
    """`on zero -> skip` and `on missing -> skip` show as the item's skip event, with its cause."""
    ind = scheme.node(ev.node)
    if not isinstance(ind, ir.Indicator):
        return
    o = ind.on_missing if ev.fact("cause") == "missing" else ind.on_zero
    if o is not None:
        yield o.id


# ------------------------------------------------------------------------------ output


def to_dict(report: Report, shown: str | None = None) -> dict[str, object]:
    """The JSON form (`kpi test --coverage --format json`): totals, per kind, and per file the
    covered and not covered lines (a line is covered when every target on it is) and each target.
    `shown` writes paths as `kpi test` shows them (`std:...` for the stdlib); default as loaded."""
    files: dict[str, object] = {}
    for path, items in report.files().items():
        covered, missed = _lines(items)
        key = (shown or path) if path == report.path else _display(path, report.path)
        files[key] = {
            "covered": sum(1 for c in items if c.covered),
            "total": len(items),
            "covered_lines": covered,
            "not_covered_lines": missed,
            "targets": [{"kind": c.target.kind, "what": c.target.what, "line": c.target.span.line, "column": c.target.span.col,
                         "end_line": c.target.span.end_line, "end_column": c.target.span.end_col, "hits": c.hits}
                        for c in items],
        }
    return {
        "path": report.path if shown is None else shown,
        "tests": report.tests,
        "covered": report.covered,
        "total": report.total,
        "coverage": str(report.percent),
        "by_kind": {k: {"covered": c, "total": t} for k, (c, t) in report.by_kind().items()},
        "files": files,
    }


def render_text(report: Report, shown: str | None = None) -> str:
    """The text form: a summary line, the counts per kind, then each file's targets line by line."""
    from .i18n import listing

    name = shown or report.path
    out: list[str] = [msg.header(path=name, covered=report.covered, total=report.total, percent=str(report.percent), tests=report.tests)]
    kinds = report.by_kind()
    if kinds:
        out.append("  " + listing([msg.kind_count(kind=KINDS[kind](), covered=c, total=t) for kind, (c, t) in kinds.items()]))
    for path, items in report.files().items():
        label = name if path == report.path else _display(path, report.path)
        out.append(f"  {label}:")
        for c in items:
            mark = msg.hits(count=c.hits) if c.covered else msg.missed()
            out.append(f"    {c.target.span.line:>4}  {' ' * max(6 - display_width(mark), 0)}{mark}  {c.target.what}")
    return "\n".join(out) + "\n"


def _lines(items: list[Covered]) -> tuple[list[int], list[int]]:
    by_line: dict[int, bool] = {}
    for c in items:
        line = c.target.span.line
        by_line[line] = by_line.get(line, True) and c.covered
    return sorted(k for k, v in by_line.items() if v), sorted(k for k, v in by_line.items() if not v)


def _display(path: str, main: str) -> str:
    from .explain import display_path

    return display_path(path, main)
