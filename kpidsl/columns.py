"""The values of the output columns of one evaluated record (`kpi eval --columns`), shared by every
table-shaped format: the terminal table, CSV and the payroll workbook."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .outcome import RecordData

#: Built-in column names for `--columns` (besides indicator and group names).
FIXED_COLUMNS = ("id", "period", "base_score", "deductions", "bonuses", "total", "total_exact", "grade", "bonus", "vetoes")

Cell = Decimal | str | None

#: With overrides (`kpi eval --overrides`): `computed:total`, `computed:grade`, `computed:<rule>`
#: give the value as computed beside the final one; these give the reasons and approvers.
OVERRIDE_COLUMNS = ("overridden", "override_reason", "override_approver")


def column_values(record: RecordData, column: str) -> Cell:
    """The value of one output column for one record."""
    match column:
        case "id":
            return record.id
        case "period":
            return record.period
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
    for values in (record.population, record.env or {}):  # env: an input column (姓名, 部门), see cli._attach_inputs
        if column in values:
            value = values[column]
            if isinstance(value, bool):
                return "yes" if value else "no"
            return value if isinstance(value, (Decimal, str)) or value is None else str(value)
    raise KeyError(column)


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


def default_columns(records: Sequence[RecordData], has_adjustments: bool, has_vetoes: bool, has_grade: bool) -> list[str]:
    cols = ["id"]
    if records and records[0].period is not None:
        cols.append("period")
    if records:
        cols.extend(i.name for i in records[0].items if i.parent is None)
    if has_adjustments:
        cols.extend(["base_score", "deductions", "bonuses"])
    cols.append("total")
    if has_grade:
        cols.append("grade")
    if has_vetoes:
        cols.extend(["bonus", "vetoes"])
    if records:
        cols.extend(records[0].population)
    return cols
