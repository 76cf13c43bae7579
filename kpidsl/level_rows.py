"""Output by level: one row per employee and period of a coarser unit (`kpi eval --level year`).

A scheme evaluates records on its own calendar (weeks, months, quarters); its roll-ups of whole
periods give values of coarser units. At a level, each employee has one row per period of that
unit that holds a record of theirs, with the roll-ups over that unit and the fields computed from
them alone (a year-end grade): the year-end values. Totals, items and grades belong to the
scheme's own periods and are left empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import ir
from .numbers import ZERO
from .outcome import RecordData
from .periods import PER_YEAR, enclosing_label, ordinal
from .refs import TableKind


def level_values(scheme: ir.Scheme, level: str) -> tuple[list[str], list[str]]:
    """The roll-ups over `level` and the shown fields that read only them (or each other)."""
    rollups = [r.name for r in scheme.after_periods if isinstance(r, ir.RollupRule) and r.over.value == level]
    known = set(rollups)
    fields: list[str] = []
    for step in scheme.after_periods:
        if isinstance(step, ir.Field) and {ref.key for ref in step.formula.reads} <= known:
            known.add(step.name)
            if not step.hidden:
                fields.append(step.name)
    return rollups, fields


def level_grades(scheme: ir.Scheme, level: str) -> list[tuple[str, list[str]]]:
    """The shown fields at `level` that a band set grades (`field 年终等级 = 年终档(年终得分)`),
    each with its band labels in order: the grades the level's rows show, which the run summary
    counts (the scheme's own grade belongs to its periods and is empty at a level)."""
    bands = {t.name: [b.label for b in t.bands] for t in scheme.tables if isinstance(t, ir.Bands)}
    _, fields = level_values(scheme, level)
    out: list[tuple[str, list[str]]] = []
    for step in scheme.after_periods:
        if isinstance(step, ir.Field) and step.name in fields:
            e = step.formula.expr
            if isinstance(e, ir.Lookup) and e.table.kind is TableKind.BANDS and e.table.name in bands:
                out.append((step.name, bands[e.table.name]))
    return out


def coarser(scheme: ir.Scheme, level: str) -> bool:
    """Whether `level` is a unit of the calendar at least as coarse as the scheme's period."""
    unit = scheme.period_unit.value if scheme.period_unit is not None else None
    return unit is not None and level in PER_YEAR and PER_YEAR[level] <= PER_YEAR[unit]


def level_rows(scheme: ir.Scheme, records: Sequence[RecordData], level: str) -> list[RecordData]:
    """One row per employee and `level` period, in the order of the periods, then of the ids."""
    assert scheme.period_unit is not None
    unit = scheme.period_unit.value
    rollups, fields = level_values(scheme, level)
    rows: dict[tuple[str, str], RecordData] = {}
    for r in sorted(records, key=lambda r: ordinal(str(r.period), unit)):
        if r.period is None:
            continue
        key = (r.id, enclosing_label(r.period, unit, level))
        row = rows.get(key)
        if row is None:
            row = rows[key] = RecordData(r.id, [], ZERO, [], ZERO, ZERO, ZERO, ZERO, None, None, [], True, period=key[1],
                                         level=level, excluded=r.excluded)
        if r.env is not None:
            row.env = r.env  # the inputs as of the unit's latest period (姓名, 部门 for --by and --columns)
        if r.excluded is None:
            row.excluded = None
            for name in rollups:
                row.population.setdefault(name, r.population.get(name))
            for name in fields:
                row.fields.setdefault(name, r.fields.get(name))
    return sorted(rows.values(), key=lambda row: (ordinal(str(row.period), level), row.id))
