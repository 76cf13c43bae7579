"""Calibration as a layer: people change some results after a calibration meeting (校准), and the
change is recorded beside the computed result, never written over it.

An overrides file (CSV, .xlsx or JSON, read like period data) has one row per change: the
employee's id, the field (`total`, `grade` or a population rule's name: `强制分布`, `绩效系数`),
the new value, the reason and who approved it; optionally `period` and `was` (the value the
meeting saw: a row whose `was` no longer matches the computed value is refused, since the
meeting decided on numbers that have changed). Every row is checked before anything is applied:
an unknown employee or field, a value the field cannot take (a grade the scheme no longer has)
is an error naming the row (K-D0230).

Evaluation with overrides runs twice: once as computed, once with the layer applied between the
population rules that run before the overrides and those that run after them (the scheme's
`overrides { after ... }` block), so a calibrated total can move the forced distribution. Each
final record carries the computed value of every field that differs and the overrides applied;
an explained record shows the override as a step of its trace with the reason and approver.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import ir
from ..data.readers import Row, Table, read_table
from ..errors import Diagnostic, KpiDataError, Severity
from ..messages import audit as msg
from ..messages.data import at_place
from ..numbers import parse_literal
from ..outcome import OverrideData, RecordData
from ..prebuilt import dataclass
from ..trace import Ev, TraceEvent
from ..values import Env, Value, describe
from .stale import stale_warnings

#: The columns of an overrides file and the headers each may have (English or Chinese).
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "工号", "员工编号", "employee"),
    "field": ("field", "字段", "调整项"),
    "value": ("value", "new value", "新值", "调整为"),
    "reason": ("reason", "原因", "调整原因", "理由"),
    "approver": ("approver", "approved by", "批准人", "审批人"),
    "period": ("period", "期间", "考核期间"),
    "was": ("was", "原值", "调整前"),
}
REQUIRED = ("id", "field", "value", "reason", "approver")

#: Fields of the record itself that can be overridden (besides population rules).
RECORD_FIELDS = ("total", "grade")


@dataclass(frozen=True, slots=True)
class Override:
    """One row of an overrides file, its value typed for its field."""

    path: str
    row: int
    id: str
    period: str | None
    field: str
    value: Value
    text: str
    reason: str
    approver: str
    was: str | None


def read_overrides(path: str | Path, scheme: ir.Scheme, known_ids: Collection[str] | None = None,
                   warnings: Callable[[list[Diagnostic]], None] | None = None) -> list[Override]:
    """Read and check an overrides file against the scheme (fields and the values they take) and,
    given the data's record ids, against the data (an unknown employee), so that one run reports
    every row that does not apply, not only the first kind of problem found.

    Raises:
        KpiDataError: the file cannot be read, lacks a column, or has rows that do not apply
            (every such row is reported).
    """
    table = read_table(Path(path))
    cols = _columns(table)
    out: list[Override] = []
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, str | None, str], int] = {}
    for row in table.rows:
        cell = {key: _cell(row, i) for key, i in cols.items()}
        try:
            o = _override(table, row, cell, scheme)
        except _RowError as exc:
            problems.append(_error(table, row, cols.get(exc.column), exc.message))
            continue
        key = (o.id, o.period, o.field)
        if known_ids is not None and o.id not in known_ids:
            problems.append(_error(table, row, cols.get("id"), msg.override_no_employee(id=o.id)))
            continue
        if key in seen:
            problems.append(_error(table, row, cols["field"], msg.override_twice(id=o.id, field=o.field, row=seen[key])))
            continue
        seen[key] = row.line
        out.append(o)
    if problems:
        raise KpiDataError(problems)
    stale = stale_warnings(scheme, [o.field for o in out], table.path)
    if stale and warnings is not None:
        warnings(stale)
    return out


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _columns(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, head in enumerate(table.columns):
        key = next((k for k, names in HEADERS.items() if str(head).strip().lower() in names), None)
        if key is not None and key not in found:
            found[key] = i
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise KpiDataError.single("K-D0230", msg.overrides_missing_columns(path=table.path, columns=", ".join(missing)), None,
                                  [msg.overrides_columns_hint()])
    return found


def _cell(row: Row, index: int) -> str:
    value = row.cells[index] if index < len(row.cells) else None
    return "" if value is None else str(value).strip()


def _override(table: Table, row: Row, cell: dict[str, str], scheme: ir.Scheme) -> Override:
    for key in REQUIRED:
        if not cell.get(key):
            raise _RowError(key, msg.override_empty(column=key))
    name = cell["field"]
    value = _typed(scheme, name, cell["value"])
    return Override(table.path, row.line, cell["id"], cell.get("period") or None, name, value, cell["value"],
                    cell["reason"], cell["approver"], cell.get("was") or None)


def field_labels(scheme: ir.Scheme, name: str) -> list[str] | None:
    """The values a text field can take (a grade's bands, a distribution's quotas), else None."""
    if name == "grade" and scheme.grade is not None:
        return [b.label for b in scheme.grade.bands.bands]
    rule = next((r for r in scheme.rules if r.name == name), None)
    if isinstance(rule, ir.DistributeRule):
        return [q.label for q in rule.quotas]
    return None


def _typed(scheme: ir.Scheme, name: str, text: str) -> Value:
    """The new value typed for its field (raises _RowError naming what the field takes)."""
    rules = {r.name: r for r in scheme.rules}
    if (name not in RECORD_FIELDS and name not in rules) or (name == "grade" and scheme.grade is None):
        known = [*(f for f in RECORD_FIELDS if f != "grade" or scheme.grade is not None), *rules]
        raise _RowError("field", msg.override_unknown_field(field=name, known=", ".join(known)))
    labels = field_labels(scheme, name)
    if labels is not None:
        if text not in labels:
            raise _RowError("value", msg.override_unknown_label(value=text, field=name, labels=", ".join(labels)))
        return text
    if isinstance(rules.get(name), ir.FlagRule):
        if text.lower() not in ("yes", "no", "true", "false", "是", "否"):
            raise _RowError("value", msg.override_not_yes_no(value=text, field=name))
        return text.lower() in ("yes", "true", "是")
    try:
        number = parse_literal(text)
    except (InvalidOperation, ValueError):
        raise _RowError("value", msg.override_not_a_number(value=text, field=name)) from None
    places = scheme.total.round_places
    if name == "total" and places is not None:
        if -number.as_tuple().exponent > places:  # type: ignore[operator]
            raise _RowError("value", msg.override_total_places(value=text, places=places))
        number = number.quantize(Decimal(1).scaleb(-places))
    return number


def _error(table: Table, row: Row, col: int | None, message: str) -> Diagnostic:
    span = table.span(row, col) if col is not None and table.source is not None else None
    where = table.where(row, col)
    return Diagnostic("K-D0230", at_place(path=table.path, where=where, message=message), span, Severity.ERROR)


# ------------------------------------------------------------------------------ applying


def field_value(record: RecordData, name: str) -> Value:
    """The value of an overridable field of a record."""
    if name == "total":
        return record.total
    if name == "grade":
        return record.grade
    return record.population.get(name)


def check_applies(overrides: Sequence[Override], computed: Sequence[RecordData]) -> None:
    """Every override names a record of the data, and its `was` is the computed value.

    Raises:
        KpiDataError: the rows that do not apply.
    """
    by_key = {(r.id, r.period): r for r in computed}
    ids = {r.id for r in computed}
    problems = []
    for o in overrides:
        record = by_key.get((o.id, o.period)) or (next((r for r in computed if r.id == o.id), None) if o.period is None else None)
        if record is None:
            text = msg.override_no_employee(id=o.id) if o.id not in ids else msg.override_no_period(id=o.id, period=o.period or "")
            problems.append(_row_error(o, text))
            continue
        now = field_value(record, o.field)
        if o.was is not None and not _same(now, o.was):
            problems.append(_row_error(o, msg.override_stale(field=o.field, was=o.was, now=describe(now))))
    if problems:
        raise KpiDataError(problems)


def _row_error(o: Override, text: str) -> Diagnostic:
    return Diagnostic("K-D0230", at_place(path=o.path, where=msg.override_row(row=o.row), message=text), None, Severity.ERROR)


def _same(value: Value, text: str) -> bool:
    if isinstance(value, Decimal):
        try:
            return value == parse_literal(text)
        except (InvalidOperation, ValueError):
            return False
    return describe(value) == text or str(value) == text


def layer(scheme: ir.Scheme, overrides: Sequence[Override],
          computed: Sequence[RecordData]) -> Callable[[str | None, list[RecordData]], None]:
    """The layer the interpreter applies to a period's records between the population phases;
    `computed` are the same records evaluated without it (the values the overrides replace)."""
    before = {(r.id, r.period): r for r in computed}
    nodes = {"total": scheme.total.id, "grade": scheme.grade.id if scheme.grade is not None else "scheme"}
    nodes.update({r.name: r.id for r in scheme.rules})

    def apply(period: str | None, records: list[RecordData]) -> None:
        by_id = {r.id: r for r in records}
        for o in overrides:
            record = by_id.get(o.id)
            if record is None or o.period not in (None, period):
                continue
            if o.field not in RECORD_FIELDS and o.field not in record.population:
                continue  # its rule runs after the overrides and has not run yet
            if not any(d.field == o.field for d in record.overrides):
                was = before.get((record.id, period))
                old = field_value(was, o.field) if was is not None else None
                record.overrides.append(OverrideData(o.field, old, o.value, o.reason, o.approver, o.row, o.path))
                if record.trace is not None:
                    record.trace.append(TraceEvent(Ev.OVERRIDE, nodes[o.field], None, 0, (), o.value, {
                        "field": o.field, "computed": old, "reason": o.reason,
                        "approver": o.approver, "row": o.row, "file": o.path}))
            _set(record, o.field, o.value)

    return apply


def _set(record: RecordData, name: str, value: Value) -> None:
    env: Env = record.env if record.env is not None else {}
    if name == "total":
        assert isinstance(value, Decimal)
        record.total = record.total_exact = value
        env["total"] = env["total_exact"] = value
    elif name == "grade":
        assert value is None or isinstance(value, str)
        record.grade = value
    else:
        record.population[name] = value
        env[name] = value


def mark_computed(final: Sequence[RecordData], computed: Sequence[RecordData]) -> None:
    """Give each final record the computed value of every field the overrides changed (its own
    overrides, and rules after the overrides that moved with someone else's)."""
    by_key = {(r.id, r.period): r for r in computed}
    for record in final:
        before = by_key.get((record.id, record.period))
        if before is None:
            continue
        names = ["total", "grade", *record.population]
        record.computed = {n: field_value(before, n) for n in names if field_value(before, n) != field_value(record, n)}
