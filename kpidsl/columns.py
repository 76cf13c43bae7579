"""The values of the output columns of one evaluated record (`kpi eval --columns`), shared by every
table-shaped format: the terminal table, CSV and the payroll workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from .outcome import FIXED_COLUMNS, RecordData

__all__ = ["FIXED_COLUMNS", "OVERRIDE_COLUMNS", "Cell", "column_values", "default_columns", "with_computed"]

Cell = Decimal | str | dt.date | None

#: Columns an excluded record (not appraised) leaves empty.
_SCORED = ("base_score", "deductions", "bonuses", "total", "total_exact", "grade", "bonus", "vetoes")

#: With overrides (`kpi eval --overrides`): `computed:total`, `computed:grade`, `computed:<rule>`
#: give the value as computed beside the final one; these give the reasons and approvers.
OVERRIDE_COLUMNS = ("overridden", "override_reason", "override_approver")


def column_values(record: RecordData, column: str) -> Cell:
    """The value of one output column for one record (yes/no values as `yes` / `no`)."""
    match column:
        case "id":
            return record.id
        case "period":
            return record.period
        case "excluded":
            return record.excluded
    if record.excluded is not None and column in _SCORED:
        return None
    match column:
        case "base_score":
            return record.base_score
        case "deductions":
            return record.deductions
        case "bonuses":
            return record.bonuses
        case "total":
            return record.total
        case "total_exact":
            return record.total_exact
        case "grade":
            return record.grade
        case "bonus":
            return "yes" if record.bonus_eligible else "withheld"
        case "vetoes":
            return "; ".join(v.label for v in record.vetoes) or None
    if column.startswith("computed:") or column in OVERRIDE_COLUMNS:
        return _override_cell(record, column)
    for item in record.items:
        if item.name == column:
            return None if item.skipped else item.score
    # env: an input column (姓名, 部门), see cli._attach_inputs
    for values in (record.population, record.fields, record.veto_flags, record.env or {}):
        if column in values:
            return _cell(values[column])
    if record.excluded is not None:
        return None  # an item, a rule or a veto of a record that was not appraised
    raise KeyError(column)


def _cell(value: object) -> Cell:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or isinstance(value, (Decimal, str, dt.date)):
        return value
    return str(value)


def _override_cell(record: RecordData, column: str) -> Cell:
    if column.startswith("computed:"):
        name = column.split(":", 1)[1]
        if record.computed is not None and name in record.computed:
            value = record.computed[name]
            return value if isinstance(value, (Decimal, str)) or value is None else str(value)
        return column_values(record, name)
    parts = {"overridden": [o.field for o in record.overrides], "override_reason": [o.reason for o in record.overrides],
             "override_approver": [o.approver for o in record.overrides]}[column]
    return "; ".join(parts) or None


def with_computed(columns: Sequence[str], overridable: Sequence[str]) -> list[str]:
    """The columns with `computed:X` before each overridable X, and who changed what at the end."""
    out: list[str] = []
    for c in columns:
        if c in overridable:
            out.append(f"computed:{c}")
        out.append(c)
    return [*out, *OVERRIDE_COLUMNS]


def default_columns(records: Sequence[RecordData], has_adjustments: bool, has_vetoes: bool, has_grade: bool, *,
                    vetoes: Sequence[str] = (), fields: Sequence[str] = (), exclusions: bool = False) -> list[str]:
    """The columns shown without `--columns`: id (period), the top-level items, the base score and
    adjustments, the total, the grade, the bonus and vetoes with one yes/no column per veto, the
    population rules, the fields shown, and why a record is excluded."""
    cols = ["id"]
    if records and records[0].period is not None:
        cols.append("period")
    appraised = next((r for r in records if r.excluded is None), records[0] if records else None)
    if appraised is not None:
        cols.extend(i.name for i in appraised.items if i.parent is None)
    if has_adjustments:
        cols.extend(["base_score", "deductions", "bonuses"])
    cols.append("total")
    if has_grade:
        cols.append("grade")
    if has_vetoes:
        cols.extend(["bonus", "vetoes", *vetoes])
    if appraised is not None:
        cols.extend(appraised.population)
    cols.extend(fields)
    if exclusions:
        cols.append("excluded")
    return cols
