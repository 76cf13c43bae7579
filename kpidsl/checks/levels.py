"""Checks of roll-ups of whole periods and of periods made from several columns.

A roll-up of a whole year is known only after every period of the year, so only fields and later
roll-ups may read it (K-E0165); its options must fit its calendar (K-E0166); a period input made
`from` columns lists the parts its calendar needs (K-E0166).
"""

from __future__ import annotations

from .. import nodes as n
from ..choices import RollupMissing, words
from ..messages import data as units
from ..messages import periods as msg
from ..resolve.model import DefKind
from . import Analysis

#: How `at least N UNIT` names a unit, by the calendar it counts.
UNIT_WORDS = {"week": "weeks", "month": "months", "quarter": "quarters", "half_year": "half_years", "year": "years"}

_UNIT_NAMES = {"week": units.unit_week, "month": units.unit_month, "quarter": units.unit_quarter,
               "half_year": units.unit_half_year, "year": units.unit_year}


def unit_name(unit: str) -> str:
    return _UNIT_NAMES[unit]() if unit in _UNIT_NAMES else unit


def check_levels(a: Analysis) -> None:
    unit = a.scheme.meta_value("period")
    whole = {r.name: r for r in a.scheme.population if isinstance(r, n.RollupRule) and r.to_date is None}
    _readers(a, whole)
    for rule in a.scheme.population:
        if isinstance(rule, n.RollupRule):
            _options(a, rule, _grain(a, rule, whole, str(unit) if unit is not None else None))
    for inp in a.scheme.inputs:
        if inp.period_from and inp.period_from_span is not None:
            _period_from(a, inp, str(unit) if unit is not None else None)


def _readers(a: Analysis, whole: dict[str, n.RollupRule]) -> None:
    """Every reference to a whole roll-up stands in a field or a roll-up."""
    late = {f"rule:{name}" for name in whole}
    reads = a.resolution.reads
    grew = True
    while grew:  # fields that read a whole roll-up are known as late as it
        grew = False
        for step, found in reads.items():
            if step.startswith("field:") and step not in late and found & late:
                late.add(step)
                grew = True
    for step, found in reads.items():
        if step.startswith(("field:", "rule:")) and (not step.startswith("rule:") or step in late or _is_rollup(a, step)):
            continue
        for read in sorted(found & late):
            name = read.partition(":")[2]
            target = whole.get(name)
            over = unit_name(target.over) if target is not None else ""
            binding = a.scope.get(name)
            span = next((r.span for r in a.resolution.references if r.binding is binding and r.name == name), None)
            a.bag.error("K-E0165", msg.whole_rollup_read(name=name, over=over, reader=step.partition(":")[2] or step),
                        span or (binding.span if binding is not None else a.scheme.span), [msg.whole_rollup_read_hint(name=name)])


def _is_rollup(a: Analysis, step: str) -> bool:
    """A roll-up of a whole period (one `to date` is computed period by period: it cannot read one)."""
    return any(isinstance(r, n.RollupRule) and r.to_date is None and f"rule:{r.name}" == step for r in a.scheme.population)


def _grain(a: Analysis, rule: n.RollupRule, whole: dict[str, n.RollupRule], unit: str | None) -> str | None:
    """The calendar the roll-up takes its values on (the unit of the whole roll-ups it reads)."""
    found = a.resolution.reads.get(f"rule:{rule.name}", set())
    rollups = {r for r in found if r.startswith("rule:") and r.partition(":")[2] in whole}
    inner = {whole[r.partition(":")[2]].over for r in rollups}
    if not inner:
        return unit
    others = found - rollups
    if len(inner) > 1 or others or _reads_record_values(a, rule.expr):
        a.bag.error("K-E0166", msg.mixed_grain(name=rule.name, inner=unit_name(sorted(inner)[0])), rule.expr.span)
    return sorted(inner)[0]


def _reads_record_values(a: Analysis, expr: n.Expr) -> bool:
    """Whether the formula names an input or a field (values of one record, not of a period)."""
    box = expr.span
    for ref in a.resolution.references:
        s = ref.span
        inside = s.path == box.path and (s.line, s.col) >= (box.line, box.col) and (s.end_line, s.end_col) <= (box.end_line, box.end_col)
        if inside and ref.binding is not None and ref.binding.kind in (DefKind.INPUT, DefKind.FIELD):
            return True
    return False


def _options(a: Analysis, rule: n.RollupRule, grain: str | None) -> None:
    from ..periods import PER_YEAR

    if rule.to_date is not None and (rule.at_least is not None or rule.missing is not None):
        a.bag.error("K-E0166", msg.to_date_options(), rule.to_date)
    own = a.scheme.meta_value("period")
    if grain in PER_YEAR and rule.over in PER_YEAR and grain != own and PER_YEAR[rule.over] > PER_YEAR[grain]:
        a.bag.error("K-E0166", msg.grain_not_coarser(over=unit_name(rule.over), grain=unit_name(grain)), rule.over_span)
    if rule.missing is not None and rule.missing[0] not in words(RollupMissing):
        a.bag.error("K-E0166", msg.unknown_missing(word=rule.missing[0]), rule.missing[1], [msg.unknown_missing_hint()])
    if rule.at_least is not None and grain is not None:
        count, word, span = rule.at_least
        most = PER_YEAR[grain] // PER_YEAR[rule.over] if grain in PER_YEAR and rule.over in PER_YEAR else None
        if most is not None and count > most and word in (UNIT_WORDS.get(grain), "periods"):
            a.bag.error("K-E0166", msg.at_least_never(count=count, word=word, most=most, over=unit_name(rule.over)), span)
        if word not in (UNIT_WORDS.get(grain), "periods"):
            a.bag.error("K-E0166", msg.at_least_unit(grain=unit_name(grain), count=count, word=UNIT_WORDS.get(grain, "periods")),
                        span)


def _period_from(a: Analysis, inp: n.InputDecl, unit: str | None) -> None:
    from ..periods import PARTS  # the calendar compiles its label patterns: only a period made of cells needs it

    assert inp.period_from_span is not None
    if inp.type_name != "period":
        a.bag.error("K-E0166", msg.period_from_not_period(name=inp.name, type=inp.type_name), inp.period_from_span)
        return
    if unit not in PARTS:
        return  # K-E0160 says the calendar is missing
    parts = PARTS[unit]
    if len(inp.period_from) not in (len(parts), len(parts) - 1) or not inp.period_from:
        a.bag.error("K-E0166", msg.period_from_count(unit=unit_name(unit), parts=" + ".join(unit_name(p) for p in parts),
                                                     count=len(parts), fewer=len(parts) - 1), inp.period_from_span)
