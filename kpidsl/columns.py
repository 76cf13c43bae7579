"""The output columns of `kpi eval` (`--columns`), shared by every table-shaped format: the terminal
table, CSV and the payroll workbook. One place says what each column holds, its header in the
chosen language, and the places its numbers show (the display rule, `display.py`), so the three
formats can never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from . import ir
from .messages import output as msg
from .outcome import FIXED_COLUMNS, RecordData
from .prebuilt import dataclass
from .values import Env

__all__ = ["FIXED_COLUMNS", "OVERRIDE_COLUMNS", "Cell", "Column", "cell_value", "column_values", "columns_for",
           "default_columns", "plain_columns", "with_computed"]

#: A cell: a number (exact), a text (a `Text` in the current language for words), a date, or empty.
Cell = Decimal | str | dt.date | None

#: Fixed result columns and their headers.
_FIXED_HEADERS = {
    "id": msg.header_id, "period": msg.header_period, "base_score": msg.header_base_score,
    "deductions": msg.header_deductions, "bonuses": msg.header_bonuses, "total": msg.header_total,
    "total_exact": msg.header_total_exact, "grade": msg.header_grade, "bonus": msg.header_bonus,
    "vetoes": msg.header_vetoes, "excluded": msg.header_excluded,
}

#: Columns an excluded record (not appraised) leaves empty.
_SCORED = ("base_score", "deductions", "bonuses", "total", "total_exact", "grade", "bonus", "vetoes")

#: With overrides (`kpi eval --overrides`): `computed:total`, `computed:grade`, `computed:<rule>`
#: give the value as computed beside the final one; these give the reasons and approvers.
OVERRIDE_COLUMNS = ("overridden", "override_reason", "override_approver")


@dataclass(frozen=True, slots=True)
class Column:
    """One output column: its key (as given to `--columns`), header, and how its numbers show."""

    key: str
    header: str
    #: Declared decimal places, or None (the display rule then shows the value as it is, or cut).
    places: int | None = None
    #: Input type of an input column (percent, money, ...), or None.
    input_type: str | None = None
    #: Decimals kept when a long value is cut (the exact total, shown next to its rounding).
    at_least: int = 0
    #: A field shown as a percentage with these places (`percent N`), or None.
    percent: int | None = None
    #: Whether the column holds dates (a date field; a date input says so by its `input_type`).
    date: bool = False


def written_places(values: Sequence[ir.LabelValue]) -> int:
    """The places a table of values is written with (`1.4 1.2 1.0` -> 1)."""
    places = 0
    for v in values:
        exponent = v.value.as_tuple().exponent
        if isinstance(exponent, int) and not v.text.endswith("%"):
            places = max(places, -exponent)
    return places


def rule_places(rule: ir.Rule) -> int | None:
    match rule:
        case ir.PoolRule(places=places):
            return places
        case ir.SharesRule(places=places):
            return places
        case ir.RankRule():
            return 0
        case ir.CoefficientRule(values=values):
            return written_places(values)
        case ir.RollupRule(round_places=places):
            return places
    return None


def _fixed(scheme: ir.Scheme, key: str, inputs: dict[str, ir.Input]) -> Column:
    header: str = _FIXED_HEADERS[key]()
    named = scheme.id_input if key == "id" else scheme.period_input if key == "period" else None
    if named is not None:  # the scheme's own column: 工号, 考核季度
        header = inputs[named].label or named if named in inputs else named
    if key == "total":
        return Column(key, header, scheme.round_places)
    if key == "total_exact" and scheme.round_places is not None:
        return Column(key, header, None, None, scheme.round_places + 1)
    return Column(key, header)


#: The headers of the columns that say who overrode what (`--overrides`).
_OVERRIDE_HEADERS = {"overridden": msg.header_overridden, "override_reason": msg.header_override_reason,
                     "override_approver": msg.header_override_approver}


def columns_for(scheme: ir.Scheme, keys: Sequence[str]) -> list[Column]:
    """The columns for `keys` (fixed names, indicator, group and population-rule names, inputs,
    and with overrides `computed:X` and who overrode what), with their headers in the current
    language and the places the scheme declares."""
    indicators = {ind.name: ind for ind in scheme.indicators}
    rules = {r.name: r for r in scheme.rules}
    inputs = {spec.name: spec for spec in scheme.inputs}
    fields = {f.name: f for f in scheme.fields}
    out = []
    for key in keys:
        if key.startswith("computed:"):  # the value as computed, beside the overridden one: as that column shows
            (shown,) = columns_for(scheme, [key.split(":", 1)[1]])
            out.append(Column(key, msg.header_computed(header=shown.header), shown.places, None, shown.at_least))
        elif key in _OVERRIDE_HEADERS:
            out.append(Column(key, _OVERRIDE_HEADERS[key]()))
        elif key in _FIXED_HEADERS:
            out.append(_fixed(scheme, key, inputs))
        elif key in indicators:
            out.append(Column(key, key, indicators[key].round_places))
        elif key in rules:
            out.append(Column(key, key, rule_places(rules[key])))
        elif key in fields:
            f = fields[key]
            out.append(Column(key, f.label or key, f.round_places, percent=f.percent, date=f.kind.base.value == "date"))
        elif key in inputs:
            spec = inputs[key]
            out.append(Column(key, spec.label or spec.name, None, spec.type.name))
        else:
            out.append(Column(key, key))
    return out


def plain_columns(keys: Sequence[str]) -> list[Column]:
    """Columns without a scheme to describe them: keys as headers, nothing declared."""
    return [Column(k, k) for k in keys]


def _word(value: bool) -> str:
    return msg.yes() if value else msg.no()


def cell_value(record: RecordData, column: Column) -> Cell:
    """The value of one cell: numbers as exact decimals, words (`bonus`, yes/no) in the current
    language; an excluded record (not appraised) leaves its scored columns empty."""
    key = column.key
    if column.input_type is not None:
        value = (record.env or {}).get(key)
        return _word(value) if isinstance(value, bool) else value
    match key:
        case "id":
            return record.id
        case "period":
            return record.period
        case "excluded":
            return record.excluded
    if record.excluded is not None and key in _SCORED:
        return None
    match key:
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
            return msg.bonus_paid() if record.bonus_eligible else msg.bonus_withheld()
        case "vetoes":
            return "; ".join(v.label for v in record.vetoes) or None
    if key.startswith("computed:") or key in OVERRIDE_COLUMNS:
        return _override_cell(record, key)
    for item in record.items:
        if item.name == key:
            return None if item.skipped else item.score
    # env: an input column (姓名, 部门) asked for by key alone, see cli_eval
    for values in (record.population, record.fields, record.veto_flags, record.env or {}):
        if key in values:
            value = values[key]
            if isinstance(value, bool):
                return _word(value)
            return value if isinstance(value, (Decimal, str, dt.date)) or value is None else str(value)
    if record.excluded is not None:
        return None  # an item, a rule or a veto of a record that was not appraised
    raise KeyError(key)


def column_values(record: RecordData, column: str) -> Cell:
    """The value of the column `column` (a key) for one record."""
    return cell_value(record, Column(column, column))


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


def attach_inputs(records: Sequence[RecordData], prepared: Sequence[tuple[str, Env]], scheme: ir.Scheme, columns: Sequence[str]) -> None:
    """Give each record its input values when an input (姓名, 部门) is an output column or groups
    the summary."""
    key = scheme.period_input
    if not {i.name for i in scheme.inputs} & set(columns):
        return
    envs = {(rid, env.get(key) if key else None): env for rid, env in prepared}
    for r in records:
        if r.env is None:
            r.env = envs.get((r.id, r.period))
