"""The values of the output columns of one evaluated record (`kpi eval --columns`), shared by every
table-shaped format: the terminal table, CSV and the payroll workbook."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .outcome import RecordData

#: Built-in column names for `--columns` (besides indicator and group names).
FIXED_COLUMNS = ("id", "period", "base_score", "deductions", "bonuses", "total", "total_exact", "grade", "bonus", "vetoes")

Cell = Decimal | str | None


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
