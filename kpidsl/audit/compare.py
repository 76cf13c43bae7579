"""`kpi diff`: two versions of a scheme evaluated on the same data, and what changes for whom.

Both versions read the data themselves (a new version may read a new column) and are evaluated
with every record traced. For each person whose total, grade, bonus (when a veto may withhold it)
or population outputs (coefficient, pay) differ, the causes are found in the two structured traces: a changed node of the scheme
(`schemediff`) is a cause when this person's steps through it differ between the versions (the
tier they fell in, the band, a veto that fired); when no node they passed through changed, the
cause is the population rule whose output moved with other people (a pool shared differently).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import ir
from ..choices import VetoEffect
from ..numbers import ZERO
from ..outcome import RecordData
from ..prebuilt import dataclass
from ..trace import Ev, TraceEvent
from ..values import Env, Value
from .schemediff import Change, diff_schemes

if TYPE_CHECKING:
    from ..api import Scheme


@dataclass(frozen=True, slots=True)
class Cause:
    """Why one person moved: changes of the scheme (the tiers of one ladder together) and what
    they did to this person, or a population rule whose output moved with others (no changes)."""

    node: str
    kind: str
    old: str | None  # what this person's step gave under the old version
    new: str | None
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "kind": self.kind, "old": self.old, "new": self.new,
                "changes": [c.to_dict() for c in self.changes]}


@dataclass
class PersonChange:
    id: str
    period: str | None
    name: str | None
    group: str | None
    old: dict[str, Value]
    new: dict[str, Value]
    causes: list[Cause] = field(default_factory=list)

    @property
    def delta_total(self) -> Decimal:
        a, b = self.old.get("total"), self.new.get("total")
        return b - a if isinstance(a, Decimal) and isinstance(b, Decimal) else ZERO


@dataclass
class Comparison:
    """Everything `kpi diff` reports."""

    old_label: str
    new_label: str
    changes: list[Change]
    people: list[PersonChange]  # sorted by impact
    unchanged: int
    grades: dict[str, list[tuple[str, int, int]]]  # field -> (label, old count, new count)
    money: dict[str, list[tuple[str, Decimal, Decimal, Decimal]]]  # money rule -> (group, old sum, new sum, moved)
    fields: list[str]  # the compared fields, in order
    money_fields: list[str]
    only_old: list[str]
    only_new: list[str]


def compare(old: Scheme, new: Scheme, old_records: list[tuple[str, Env]], new_records: list[tuple[str, Env]],
            old_label: str, new_label: str) -> Comparison:
    """Evaluate both versions (traced) and compare them person by person."""
    a, b = old.ir, new.ir
    changes = diff_schemes(a, b, old.program, new.program)
    olds = {(r.id, r.period): r for r in old.evaluate_records(old_records, trace=True)}
    news = {(r.id, r.period): r for r in new.evaluate_records(new_records, trace=True)}
    money_fields = [r.name for r in b.rules if isinstance(r, (ir.PoolRule, ir.SharesRule))]
    # A veto that withholds the bonus changes pay without moving the total or the grade: the bonus
    # is compared too (a lowered threshold that cancels someone's bonus was "0 people changed").
    withholds = any(v.effect is VetoEffect.NO_BONUS for v in (*a.vetoes, *b.vetoes))
    fields = ["total", *(["grade"] if b.grade is not None or a.grade is not None else []), *(["bonus"] if withholds else []),
              *dict.fromkeys(r.name for r in (*b.rules, *a.rules))]
    envs = dict(new_records)
    people, unchanged = [], 0
    for key, rb in news.items():
        ra = olds.get(key)
        if ra is None:
            continue
        va, vb = _values(ra, fields), _values(rb, fields)
        if va == vb:
            unchanged += 1
            continue
        env = envs.get(rb.id, {})
        p = PersonChange(rb.id, rb.period, _text(env.get("姓名")), _group(b, env), va, vb)
        p.causes = causes(a, b, ra, rb, changes, fields)
        people.append(p)
    people.sort(key=lambda p: (-sum(abs(_num(p.new.get(m)) - _num(p.old.get(m))) for m in money_fields),
                               -abs(p.delta_total), p.id))
    grade_fields = [f for f in fields if f == "grade" or isinstance(_rule(b, f), ir.DistributeRule)]
    grades = {f: _counts(f, olds.values(), news.values()) for f in grade_fields}
    money = {m: _money(b, m, olds, news, envs, people) for m in money_fields}
    return Comparison(old_label, new_label, changes, people, unchanged, grades, money, fields, money_fields,
                      sorted(k[0] for k in olds.keys() - news.keys()), sorted(k[0] for k in news.keys() - olds.keys()))


def _values(r: RecordData, fields: Sequence[str]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for f in fields:
        out[f] = (r.total if f == "total" else r.grade if f == "grade" else r.bonus_eligible if f == "bonus"
                  else r.population.get(f))
    return out


def _rule(s: ir.Scheme, name: str) -> ir.Rule | None:
    return next((r for r in s.rules if r.name == name), None)


def _text(v: Value) -> str | None:
    return v if isinstance(v, str) else None


def _num(v: Value) -> Decimal:
    return v if isinstance(v, Decimal) else ZERO


def _group(s: ir.Scheme, env: Env) -> str | None:
    """The group a person's money is shared in (the first money rule's `within` columns)."""
    rule = next((r for r in s.rules if isinstance(r, (ir.PoolRule, ir.SharesRule))), None)
    if rule is None or not rule.within.columns:
        return None
    return ", ".join(str(env.get(c, "")) for c in rule.within.columns)


def _counts(f: str, olds: Any, news: Any) -> list[tuple[str, int, int]]:
    def value(r: RecordData) -> str:
        v = r.grade if f == "grade" else r.population.get(f)
        return "" if v is None else str(v)

    ca, cb = Counter(value(r) for r in olds), Counter(value(r) for r in news)
    return [(label, ca[label], cb[label]) for label in sorted(ca.keys() | cb.keys())]


def _money(s: ir.Scheme, name: str, olds: dict[Any, RecordData], news: dict[Any, RecordData],
           envs: dict[str, Env], people: Sequence[PersonChange]) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    """Per group: the old and new sums, and the money moved (what the people who gain gain)."""
    sums: dict[str, list[Decimal]] = {}
    for key, r in {**olds, **news}.items():
        group = _group(s, envs.get(r.id, {})) or "all"
        row = sums.setdefault(group, [ZERO, ZERO, ZERO])
        row[0] += _num(olds[key].population.get(name)) if key in olds else ZERO
        row[1] += _num(news[key].population.get(name)) if key in news else ZERO
    for p in people:
        gain = _num(p.new.get(name)) - _num(p.old.get(name))
        if gain > 0:
            sums.setdefault(p.group or "all", [ZERO, ZERO, ZERO])[2] += gain
    return [(g, v[0], v[1], v[2]) for g, v in sorted(sums.items())]


# ------------------------------------------------------------------------------ attribution


def causes(a: ir.Scheme, b: ir.Scheme, ra: RecordData, rb: RecordData, changes: Sequence[Change],
           fields: Sequence[str]) -> list[Cause]:
    """The changes of the scheme that moved this person, from the two traces."""
    steps_a, steps_b = _steps(a, ra.trace or ()), _steps(b, rb.trace or ())
    found: list[Cause] = []
    for c in changes:
        if c.kind in ("input", "scheme"):
            continue  # an input decides nothing by itself; the rules reading it do
        sa, sb = _touching(steps_a, c.node), _touching(steps_b, c.node)
        if (sa or sb) and sa != sb:
            found.append(Cause(c.node, c.kind, _show(sa), _show(sb), (c,)))
    found = _merge_tables(found)
    if not found:  # nothing this person passed through changed: others moved a shared rule
        for f in fields:
            rule = _rule(b, f)
            if rule is not None and ra.population.get(f) != rb.population.get(f):
                found.append(Cause(rule.id, "population rule", _plain(ra.population.get(f)), _plain(rb.population.get(f)), ()))
                break
    return found


def _merge_tables(found: list[Cause]) -> list[Cause]:
    """Tiers (or bands) of one table that moved one person are one cause: from one tier to another."""
    out: list[Cause] = []
    for c in found:
        parent = c.node.rsplit("/", 1)[0]
        prev = out[-1] if out else None
        if prev is not None and c.kind in ("tier", "band", "level") and prev.kind == c.kind and prev.node.rsplit("/", 1)[0] == parent:
            out[-1] = Cause(prev.node, c.kind, prev.old or c.old, prev.new or c.new, (*prev.changes, *c.changes))
        else:
            out.append(c)
    return out


#: A step of a trace: the node ids it went through, and what it gave.
Step = tuple[tuple[str, ...], str]


def _steps(s: ir.Scheme, events: Sequence[TraceEvent]) -> list[Step]:
    out = []
    for ev in events:
        if ev.kind is Ev.INPUT or (ev.kind is Ev.VETO and not ev.result):
            continue  # a veto that did not fire did nothing
        out.append((_used(s, ev), _outcome(ev, s)))
    return out


def _used(s: ir.Scheme, ev: TraceEvent) -> tuple[str, ...]:
    used = [ev.node]
    node = s.index.get(ev.node)
    if ev.kind is Ev.SCORE_LADDER and isinstance(node, ir.LadderScoring):
        used.append(node.ladder.tiers[ev.fact("tier")].id)
    elif ev.kind is Ev.WEIGHTED:
        member = ev.fact("member")
        used += [f"indicator:{member}", f"group:{member}"]
    elif ev.kind is Ev.VETO:
        used.append(f"{ev.node}/condition")  # a veto that fired passed through its condition (a changed threshold)
    return tuple(used)


def _outcome(ev: TraceEvent, s: ir.Scheme) -> str:
    result = _plain(ev.result) or ""
    if ev.kind is Ev.SCORE_LADDER:
        return f"tier {int(ev.fact('tier')) + 1} -> {result}"
    if ev.kind is Ev.VETO:  # what it did too: a veto changed from `no bonus` to `grade D` moves the person
        veto = s.index.get(ev.node)
        return f"fired: grade {veto.grade}" if isinstance(veto, ir.Veto) and veto.effect is VetoEffect.GRADE else "fired"
    return result


def _touching(steps: list[Step], node: str) -> list[str]:
    prefix = node + "/"
    return [outcome for used, outcome in steps if any(u == node or u.startswith(prefix) for u in used)]


def _show(outcomes: list[str]) -> str | None:
    """What the steps gave, once each; a step that gives nothing of its own (a distribution's
    headcounts, before the position that gives the grade) is left out, not shown as an empty part."""
    shown = [o for o in dict.fromkeys(outcomes) if o]
    return "; ".join(shown) if shown else None


def _plain(v: Value) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)
