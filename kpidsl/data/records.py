"""Turn raw rows (from a data file or plain dicts) into typed records a scheme can evaluate.

Columns match inputs by the input's name, its label or an alias, compared after trimming,
Unicode NFC normalisation and case folding, so a client's Chinese header row works as it is.
Every cell is read with `values.coerce`; failures are collected (up to a limit) and raised
together as one `KpiDataError`, each naming the file, the row, the column and the value. Before
that, the data guards (`guards.py`) stop at summary rows and warn about empty columns.
"""

from __future__ import annotations

import dataclasses
import decimal
import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import TypeVar

from .. import ir
from ..errors import Diagnostic, KpiDataError, Severity, TableCell
from ..i18n import CLAUSES, Text, listing
from ..messages import data as msg
from ..messages import records as records_msg
from ..messages.common import names, quoted
from ..numbers import evaluation_context
from ..prebuilt import dataclass
from ..suggest import suggest
from ..values import DEFAULTED_KEY, BarePercentError, CellError, Env, Value, coerce, describe
from . import guards, input_hints, percent_columns
from .labels import LabelError, check_label
from .places import RecordNames, shown
from .readers import Row, Table, UncachedFormula

#: Header names tried, in order, for the record id when neither `--id` nor the scheme names one.
ID_GUESSES = ("id", "工号", "员工编号", "编号", "员工号", "employee_id", "姓名", "name")

#: Most data errors reported from one file before stopping.
MAX_DATA_ERRORS = 20

T = TypeVar("T")
R = TypeVar("R")


#: Characters that show as nothing (zero-width spaces and joiners, a BOM): a header copied from a
#: web page may carry one, and it must not hide the column.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@functools.lru_cache(maxsize=4096)
def normalise_header(text: str) -> str:
    """A header or key as matched against input names, labels and aliases. Memoised (a pure
    function of a few distinct texts): a dict record's keys are matched per record, 8 calls a key."""
    return unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH).replace("\u3000", " ").strip().casefold()


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column feeds which input, the id column, and the columns no input uses."""

    by_input: dict[str, int]
    id_index: int | None
    id_name: str | None
    unused: tuple[str, ...]


#: How many rows below the first are searched for the real header (title rows above it are common
#: in Chinese HR workbooks: "2024年1月绩效考核表", then the header).
HEADER_SEARCH_ROWS = 10


def _matches(scheme: ir.Scheme, cells: list[str]) -> int:
    heads = {normalise_header(c) for c in cells}
    return sum(1 for spec in scheme.inputs if heads & {normalise_header(c) for c in spec.column_names})


def locate_header(scheme: ir.Scheme, table: Table) -> Table:
    """The table re-based on its real header row: the first row, unless a row within the next
    `HEADER_SEARCH_ROWS` matches more of the scheme's inputs (title lines above a header)."""
    best, best_count = -1, _matches(scheme, table.columns)
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        cells = ["" if c is None else str(c).strip() for c in row.cells]
        count = _matches(scheme, cells)
        if count > best_count:
            best, best_count = i, count
    if best < 0:
        return table
    header = ["" if c is None else str(c).strip() for c in table.rows[best].cells]
    return Table(table.path, header, table.rows[best + 1 :], table.kind, table.encoding, table.sheet, table.source)


def map_columns(scheme: ir.Scheme, table: Table, id_column: str | None = None) -> ColumnMap:
    """Match a table's header to the scheme's inputs (see `locate_header` for title rows).

    Raises:
        KpiDataError: a required input has no column, or two columns feed the same input.
    """
    headers = [normalise_header(c) for c in table.columns]
    by_input: dict[str, int] = {}
    problems: list[Diagnostic] = []
    for spec in scheme.inputs:
        wanted = {normalise_header(c) for c in spec.column_names}
        hits = [i for i, h in enumerate(headers) if h in wanted]
        if len(hits) > 1:
            problems.append(_columns_clash(spec, [table.columns[i] for i in hits], table.path))
        elif hits:
            by_input[spec.name] = hits[0]
        elif not spec.column_optional:
            # A default fills an empty cell, never a missing column: a renamed header would
            # otherwise give everyone the default (issue 9). `column optional` allows it.
            problems.append(_no_column(spec, table.columns, table.path, msg.columns_found(columns=names(table.columns))))
    if problems:
        raise KpiDataError(problems)
    id_index, id_name = _find_id(scheme, table, headers, id_column)
    used = set(by_input.values()) | ({id_index} if id_index is not None else set())
    unused = tuple(c for i, c in enumerate(table.columns) if i not in used and c)
    return ColumnMap(by_input, id_index, id_name, unused)


def _columns_clash(spec: ir.Input, columns: list[str], path: str) -> Diagnostic:
    """K-D0206: several `columns` of one table (a file at `path`) feed `spec` (its name and its label)."""
    extra = len(columns) - 1
    return Diagnostic("K-D0206", msg.columns_clash(path=path, columns=names(columns), input=spec.name, count=extra), None,
                      Severity.ERROR, (msg.columns_clash_hint(count=extra),))


def _no_column(spec: ir.Input, columns: list[str], path: str, found: Text) -> Diagnostic:
    """K-D0205: no column for `spec`, with the closest column (declared as an alias) and the
    columns there are (`found`)."""
    close = suggest(spec.label or spec.name, columns) or suggest(spec.name, columns)
    hints: list[str] = [input_hints.missing_column(spec, close)] if close else []
    hints.append(found)
    if spec.has_default or spec.optional:
        hints.append(msg.column_optional_hint(declaration=input_hints.declaration(spec, column_optional=True)))
    return Diagnostic("K-D0205", msg.no_column(path=path, input=spec.name, looked_for=names(list(dict.fromkeys(spec.column_names)))),
                      None, Severity.ERROR, tuple(hints))


def check_table_columns(scheme: ir.Scheme, columns: list[str], index: Sequence[str] = ()) -> None:
    """A columnar input (an Arrow table, a DataFrame) without a column for an input: one K-D0205
    per such input, as a data file's missing column is, even for an input with a default or an
    `optional` one (unless `column optional`): a frame read from a client's export with a renamed
    header would otherwise give everyone the default and change their results without a word
    (a new-user trial: `客户投诉次数` for `投诉次数`, every deduction 0). Its first hint says so when
    it is a pandas DataFrame's index (`index`: the index's names; `df.set_index("工号")`). (A
    dict's missing key is still an empty cell: docs/api.md.)
    Two columns for one input (its name and its label) are one K-D0206, as in a file: either
    engine would otherwise meet them row by row, or read one of them.

    Raises:
        KpiDataError: such an input has no column, or several.
    """
    problems: list[Diagnostic] = []
    for spec in scheme.inputs:
        wanted = {normalise_header(c) for c in spec.column_names}
        hits = [c for c in columns if normalise_header(c) in wanted]
        if len(hits) > 1:
            problems.append(_columns_clash(spec, hits, records_msg.the_table()))
        elif not hits and not (spec.column_optional or spec.period_from):
            missing = _no_column(spec, columns, records_msg.the_table(), records_msg.table_columns(columns=names(columns)))
            indexed = next((n for n in index if normalise_header(n) in wanted), None)
            if indexed is not None:
                missing = dataclasses.replace(missing, hints=(records_msg.index_not_column(name=indexed), *missing.hints))
            problems.append(missing)
    if problems:
        raise KpiDataError(problems)


def prepare_each(items: Iterable[T], prepare: Callable[[T], R]) -> list[R]:
    """`prepare(item)` for every item of a bulk input, every bad one reported: the diagnostics of
    each KpiDataError are gathered (up to MAX_DATA_ERRORS) and raised together, as `kpi eval`
    lists a file's bad cells instead of stopping at the first."""
    out: list[R] = []
    problems: list[Diagnostic] = []
    for item in items:
        try:
            out.append(prepare(item))
        except KpiDataError as exc:
            problems.extend(exc.diagnostics)
            if len(problems) >= MAX_DATA_ERRORS:
                break
    if problems:
        raise KpiDataError(problems[:MAX_DATA_ERRORS])
    return out


def refuse_duplicate_ids(ids: Sequence[str], periods: Sequence[object] | None, key: str | None,
                         names: RecordNames | None = None) -> None:
    """K-D0208 for records given to the bulk API (dicts, a table) that use an id twice (in one
    period, with a period input), as `kpi eval` refuses such a file: results keyed by id would be
    ambiguous (`by_id`), and population rules would count one employee twice. `names` says how
    the records are named (a table's rows by index label or row: `places.py`; default: dicts).

    Raises:
        KpiDataError: each repeated use (up to MAX_DATA_ERRORS), naming the record that used it first.
    """
    problems = duplicate_ids(ids, periods, key, names)
    if problems:
        raise KpiDataError(problems)


def duplicate_ids(ids: Sequence[str], periods: Sequence[object] | None, key: str | None,
                  names: RecordNames | None = None) -> list[Diagnostic]:
    """`refuse_duplicate_ids`'s errors, without raising them (for a caller that lists them after
    the bad cells it found)."""
    if periods is None and len(set(ids)) == len(ids):
        return []  # the usual case, decided in C
    names = names or RecordNames()
    seen: dict[object, int] = {}
    problems: list[Diagnostic] = []
    for number, rid in enumerate(ids, start=1):
        period = periods[number - 1] if periods is not None else None
        first = seen.setdefault((rid, period), number)
        if first == number:
            continue
        what = msg.id_in_period(id=rid, period=str(period)) if periods is not None else msg.id_only(id=rid)
        problems.append(Diagnostic("K-D0208", msg.at_record(where=names.record(number, key, rid),
                                                            message=msg.duplicate_id(what=what, earlier=names.record(first))),
                                   None, Severity.ERROR, (records_msg.duplicate_id_hint(),), cell=names.cell(number, key)))
        if len(problems) >= MAX_DATA_ERRORS:
            break
    return problems


def refuse_small_points(scheme: ir.Scheme, columns: Callable[[ir.Input], Sequence[object] | None],
                        ids: Callable[[], Sequence[object] | None], key: str | None, names: RecordNames | None = None) -> None:
    """K-D0212 for the records of a bulk input (dicts, a table), judged as a file's column is
    (`percent_columns`): in an `as points` percent input, a plain number within ±1 (not 0) among
    values above 1 point would be less than 1%, never read so without a word. `columns(spec)`
    gives an input's raw values in record order (None when no key or column feeds it), `ids()`
    the records' `key` values and `names` how the messages name them (default: dicts). Nothing
    is read unless the scheme has such an input.

    Raises:
        KpiDataError: each such value (up to MAX_DATA_ERRORS), naming its record and input.
    """
    problems: list[Diagnostic] = []
    for spec in scheme.inputs:
        if spec.type.name != "percent" or not spec.as_points:
            continue
        values = columns(spec)
        if not values or not percent_columns.above_one_point(values):
            continue
        given = ids()
        for number, raw in enumerate(values, start=1):
            plain = percent_columns.plain(raw)
            if plain is None or not percent_columns.small_in_points(spec, plain, None, above=True):
                continue
            message, hint = percent_columns.small_in_points_problem(plain)
            named = names or RecordNames()
            at = named.where(named.record(number, key, given[number - 1] if given is not None else None), spec)
            problems.append(Diagnostic("K-D0212", msg.at_record(where=at, message=message), None, Severity.ERROR, (hint,),
                                       cell=named.cell(number, named.column(spec))))
            if len(problems) >= MAX_DATA_ERRORS:
                raise KpiDataError(problems)
    if problems:
        raise KpiDataError(problems)


def input_columns(scheme: ir.Scheme, names: Sequence[str]) -> dict[str, str | None]:
    """Which raw column (of a table's `names`) feeds each input: by name, label or alias."""
    heads = {normalise_header(n): n for n in names}
    out: dict[str, str | None] = {}
    for spec in scheme.inputs:
        out[spec.name] = next((heads[h] for h in (normalise_header(c) for c in spec.column_names) if h in heads), None)
    return out


def raw_values(spec: ir.Input, records: Sequence[Mapping[str, object]]) -> list[object] | None:
    """The raw value each record gives `spec` (by name, label or alias, as `prepare_mapping`
    reads it; None where a record has none); None when no record names it."""
    wanted = {normalise_header(c) for c in spec.column_names}
    out: list[object] = []
    found = False
    for record in records:
        key = next((k for k in record if isinstance(k, str) and normalise_header(k) in wanted), None) if isinstance(record, Mapping) else None
        found = found or key is not None
        out.append(record[key] if key is not None else None)
    return out if found else None


def _find_id(scheme: ir.Scheme, table: Table, headers: list[str], id_column: str | None) -> tuple[int | None, str | None]:
    if id_column is not None:
        key = normalise_header(id_column)
        for i, h in enumerate(headers):
            if h == key:
                return i, table.columns[i]
        spec = next((s for s in scheme.inputs if s.name == id_column), None)
        if spec is not None:
            keys = {normalise_header(c) for c in spec.column_names}
            for i, h in enumerate(headers):
                if h in keys:
                    return i, table.columns[i]
        raise KpiDataError.single("K-D0205", msg.no_id_column(path=table.path, column=id_column), None,
                                  [msg.columns_found(columns=names(table.columns))])
    if scheme.id_input is not None:
        spec = next(s for s in scheme.inputs if s.name == scheme.id_input)
        keys = {normalise_header(c) for c in spec.column_names}
        for i, h in enumerate(headers):
            if h in keys:
                return i, table.columns[i]
    for guess in ID_GUESSES:
        for i, h in enumerate(headers):
            if h == guess:
                return i, table.columns[i]
    return None, None


def _cell_error(table: Table, row: Row, col: int, message: Text, hint: Text | None = None, code: str = "K-D0207") -> Diagnostic:
    span = table.span(row, col) if table.source is not None else None
    where = table.where(row, col)
    return Diagnostic(code, msg.at_place(path=table.path, where=where, message=message), span, Severity.ERROR, (hint,) if hint else ())


def read_value(spec: ir.Input, raw: object, period_unit: str | None = None) -> Value:
    """One raw cell as the input's type, with its range checked (a period on the scheme's calendar).

    Raises:
        CellError: the cell is not of the type, out of the declared range, or not a level of the
            scale the input is limited to (`LabelError`).
    """
    value = coerce(raw, spec.type, points=spec.as_points)
    if spec.type.name == "period" and value is not None and period_unit is not None:
        from ..periods import PeriodError, parse_period

        try:
            return parse_period(str(value), period_unit)
        except PeriodError as exc:
            raise CellError(exc.text) from None
    if value is not None and spec.range is not None and not spec.range.holds(value):  # type: ignore[arg-type]
        raise CellError(msg.out_of_range(value=describe(value), range=spec.range.text))
    check_label(spec, value)
    return value


def _invalid(spec: ir.Input, raw: object, exc: CellError,
             column: percent_columns.Column | None = None) -> tuple[Text, Text | None, str]:
    """The message, hint and code for a cell that cannot be read as its input's type."""
    if isinstance(exc, BarePercentError):
        if column is not None and column.mixes():
            return exc.text, percent_columns.mixed_hint(column), "K-D0212"
        return exc.text, input_hints.bare_percent(spec, shown(raw)), "K-D0212"
    hint = exc.hint if isinstance(exc, LabelError) else None
    return msg.cell_invalid(value=_show(raw), input=spec.name, type=spec.type.name, reason=exc.text), hint, "K-D0207"


def _check_formulas(table: Table, rows: list[Row], cmap: ColumnMap) -> list[Diagnostic]:
    """Formula cells without a stored value, in the columns the scheme reads (and the id column)."""
    cols = sorted({*cmap.by_input.values(), *([cmap.id_index] if cmap.id_index is not None else [])})
    out = []
    for row in rows:
        for col in cols:
            raw = row.cells[col] if col < len(row.cells) else None
            if isinstance(raw, UncachedFormula):
                out.append(_cell_error(table, row, col, msg.uncached_formula(formula=raw.formula), msg.uncached_formula_hint(),
                                       "K-D0213"))
    return out


def _check_widths(table: Table) -> list[Diagnostic]:
    """CSV rows with more fields than the header: an unquoted `1,000` shifts every later column, so
    each would read its neighbour's value. (Fewer fields are empty cells at the end of a line.)"""
    if table.kind not in ("csv", "tsv"):
        return []
    width = len(table.columns)
    out = []
    for row in table.rows:
        if len(row.cells) > width:
            span = table.span(row, width) if table.source is not None else None
            out.append(Diagnostic("K-D0215", msg.at_place(path=table.path, where=msg.where_line(line=row.line),
                                                          message=msg.too_many_fields(fields=len(row.cells), header=width)),
                                  span, Severity.ERROR, (msg.too_many_fields_hint(),)))
    return out


def _fill(spec: ir.Input, value: Value, env: Env, defaulted: list[str]) -> bool:
    """Put a value (or the default) in the record; False when a required value is missing."""
    if value is None:
        if spec.has_default:
            env[spec.name] = spec.default
            defaulted.append(spec.name)
            return True
        env[spec.name] = None
        return spec.optional
    env[spec.name] = value
    return True


def prepare_table(scheme: ir.Scheme, table: Table, cmap: ColumnMap, *, seen_ids: MutableMapping[str, int] | None = None,
                  first: int = 1, percent: Mapping[str, percent_columns.Column] | None = None) -> list[tuple[str, Env]]:
    """Typed records from a table, keyed by record id; cells are read in the evaluation's own
    decimal context, whatever the host's (`95.5%` is 0.955 even under `getcontext().prec = 3`).
    A table read in chunks (`data/stream.py`) passes the ids seen in earlier chunks (`seen_ids`,
    id -> line, updated), the number of its first row (`first`, for the `#N` ids of rows
    without one) and the survey of the whole file's percent columns (`percent`,
    `percent_columns.merge`): a column's convention is judged over every row, never one chunk.

    Raises:
        KpiDataError: cells that do not fit their types or ranges, missing required values, or
            duplicate ids; up to `MAX_DATA_ERRORS` of them at once.
    """
    with decimal.localcontext(evaluation_context()):
        return _prepare_table(scheme, table, cmap, seen_ids, first, percent)


def _prepare_table(scheme: ir.Scheme, table: Table, cmap: ColumnMap, seen_ids: MutableMapping[str, int] | None,
                   first: int, percent: Mapping[str, percent_columns.Column] | None) -> list[tuple[str, Env]]:
    out: list[tuple[str, Env]] = []
    summary: list[Diagnostic] = []  # reported with the other rows' bad cells, not alone (a 合计 row hid them)
    rows = guards.summary_rows(scheme, table, cmap.id_index, cmap.by_input, summary)
    guards.empty_columns(scheme, table, cmap.by_input)
    problems: list[Diagnostic] = [*summary, *(_check_widths(table) or _check_formulas(table, rows, cmap))]
    if len(problems) > len(summary):
        raise KpiDataError(problems[:MAX_DATA_ERRORS])
    seen_ids = {} if seen_ids is None else seen_ids
    columns = percent_columns.survey(scheme, table, rows, cmap.by_input) if percent is None else percent
    for number, row in enumerate(rows, start=first):
        env: Env = {}
        defaulted: list[str] = []
        for spec in scheme.inputs:
            col = cmap.by_input.get(spec.name)
            raw = row.cells[col] if col is not None and col < len(row.cells) else None
            try:
                value = read_value(spec, raw, scheme.period_unit)
            except CellError as exc:
                assert col is not None
                message, hint, code = _invalid(spec, raw, exc, columns.get(spec.name))
                problems.append(_cell_error(table, row, col, message, hint, code))
                continue
            plain = percent_columns.plain(raw) if spec.as_points else None
            if plain is not None and percent_columns.small_in_points(spec, plain, columns.get(spec.name)):
                assert col is not None
                problems.append(_cell_error(table, row, col, *percent_columns.small_in_points_problem(plain), "K-D0212"))
                continue
            if not _fill(spec, value, env, defaulted):
                where = col if col is not None else 0
                problems.append(_cell_error(table, row, where, msg.no_value(input=spec.name),
                                            input_hints.missing_value(scheme, spec)))
        env[DEFAULTED_KEY] = tuple(defaulted)
        rid = _record_id(row, cmap, number)
        # With a period column, one employee has one row per period.
        period = env.get(scheme.period_input) if scheme.period_input else None
        seen_key = f"{rid}@{period}" if scheme.period_input else rid
        if seen_key in seen_ids:
            what = msg.id_in_period(id=rid, period=str(period)) if scheme.period_input else msg.id_only(id=rid)
            earlier = msg.earlier_row(row=seen_ids[seen_key]) if table.kind == "xlsx" else msg.earlier_line(line=seen_ids[seen_key])
            problems.append(Diagnostic("K-D0208", msg.at_place(path=table.path, where=table.where(row),
                                                               message=msg.duplicate_id(what=what, earlier=earlier)),
                                       None, Severity.ERROR,
                                       (msg.duplicate_period_row_hint() if scheme.period_input else msg.duplicate_id_hint(),)))
        seen_ids[seen_key] = row.line
        out.append((rid, env))
        if len(problems) >= MAX_DATA_ERRORS:
            break
    if problems:
        raise KpiDataError(problems[:MAX_DATA_ERRORS])
    return out


def _record_id(row: Row, cmap: ColumnMap, number: int) -> str:
    if cmap.id_index is not None and cmap.id_index < len(row.cells):
        return value_text(row.cells[cmap.id_index]) or f"#{number}"
    return f"#{number}"


def value_text(raw: object) -> str:
    """A value as the text kpidsl reads an id as (a file's cell, a dict's value, a DataFrame's):
    trimmed, and a whole float without its `.0` (pandas makes a numeric id column with a gap
    float: `1234.0` is the id `1234`, as a text input reads it); "" for none."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _show(raw: object) -> str:
    """A cell's value, quoted as the language quotes ('abc' / “abc”), cut at 40 characters."""
    return quoted(name=shown(raw))


def require_records(data: object) -> None:
    """Refuse, as a KpiDataError, what the API was given in place of a list of records (one dict,
    a string, None): iterating it would read keys or characters as records."""
    if isinstance(data, (Mapping, str, bytes)) or not isinstance(data, Iterable):
        from ..messages import files as api_msg

        raise KpiDataError.single("K-D0207", api_msg.not_records(type=type(data).__name__), None, [api_msg.not_records_hint()])


def prepare_mapping(scheme: ir.Scheme, record: Mapping[str, object], where: str | None = None, *,
                    cell: TableCell | None = None) -> Env:
    """A typed record from a plain dict keyed by input name, label or alias, read in the
    evaluation's own decimal context (as `prepare_table`). `where` names the record in messages.
    With `cell` (its row, column None) the record is a table's row, whose keys are the table's
    columns: a bad cell is named by its column as a file's is (`index 105, column '按时完成单数'`:
    places.py), and its diagnostic's `cell` says where it is.

    Raises:
        KpiDataError: the record is not a mapping with text keys; two keys name one input (its
            name and its label, as two columns would: K-D0206); values that do not fit are
            errors. Unknown keys are ignored.
    """
    if not isinstance(record, Mapping) or not all(isinstance(k, str) for k in record):
        raise KpiDataError.single("K-D0207", msg.at_record(where=where or msg.the_record(), message=msg.not_a_mapping(
            type=type(record).__name__)), None, [msg.not_a_mapping_hint()])
    with decimal.localcontext(evaluation_context()):
        return _prepare_mapping(scheme, record, where, cell)


def _key_clashes(scheme: ir.Scheme, record: Mapping[str, object], place: str) -> list[Diagnostic]:
    """Two keys of one record naming the same input: the CSV reader's K-D0206, for dicts."""
    problems = []
    for spec in scheme.inputs:
        wanted = {normalise_header(c) for c in spec.column_names}
        hits = [k for k in record if normalise_header(k) in wanted]
        if len(hits) > 1:
            extra = len(hits) - 1
            problems.append(Diagnostic("K-D0206", msg.at_record(where=place, message=msg.keys_clash(
                keys=names(hits), input=spec.name, count=extra)), None, Severity.ERROR, (msg.columns_clash_hint(count=extra),)))
    return problems


def _prepare_mapping(scheme: ir.Scheme, record: Mapping[str, object], where: str | None, row: TableCell | None) -> Env:
    place = where or msg.the_record()
    clashes = _key_clashes(scheme, record, place)
    if clashes:
        raise KpiDataError(clashes)
    keys = {normalise_header(k): k for k in record}
    env: Env = {}
    defaulted: list[str] = []
    problems: list[Diagnostic] = []
    for spec in scheme.inputs:
        raw: object = None
        key: str | None = None
        for name in spec.column_names:
            key = keys.get(normalise_header(name))
            if key is not None:
                raw = record[key]
                break
        try:
            value = read_value(spec, raw, scheme.period_unit)
        except CellError as exc:
            message, hint, code = _invalid(spec, raw, exc)
            at: str = place
            if row is not None and key is not None:
                at = listing([place, msg.where_column(column=key)], CLAUSES)
            elif isinstance(exc, BarePercentError):
                at = listing([place, msg.where_input(input=spec.name)], CLAUSES)
            problems.append(Diagnostic(code, msg.at_record(where=at, message=message), None, Severity.ERROR, (hint,) if hint else (),
                                       cell=_in_column(row, key)))
            continue
        if not _fill(spec, value, env, defaulted):
            problems.append(_no_value(scheme, spec, record, place, key, row))
    if problems:
        raise KpiDataError(problems)
    env[DEFAULTED_KEY] = tuple(defaulted)
    return env


def _in_column(row: TableCell | None, column: str | None) -> TableCell | None:
    """A table's row (`prepare_mapping`) narrowed to one of its cells."""
    return None if row is None else TableCell(row.row, row.label, column)


def _no_value(scheme: ir.Scheme, spec: ir.Input, record: Mapping[str, object], place: str, key: str | None,
              row: TableCell | None) -> Diagnostic:
    """K-D0207 for a required input with no value: in a dict (`key` the one that names the input,
    if any), or in a table's `row` (an empty cell in column `key`, as in a file: `fill the cell`)."""
    if row is not None and key is not None:
        return Diagnostic("K-D0207", msg.at_record(where=listing([place, msg.where_column(column=key)], CLAUSES),
                                                   message=msg.no_value(input=spec.name)), None, Severity.ERROR,
                          (input_hints.missing_value(scheme, spec),), cell=_in_column(row, key))
    typo = _key_typo(scheme, spec, record) if key is None else None
    # A key that names no input is the likely cause: its hint alone (the others would say
    # to add what is there under a misspelt name).
    hints = (typo,) if typo else (msg.pass_value_hint(input=spec.name), input_hints.missing_value(scheme, spec))
    return Diagnostic("K-D0207", msg.at_record(where=place, message=msg.no_value(input=spec.name)), None, Severity.ERROR, hints,
                      cell=_in_column(row, key))


def _key_typo(scheme: ir.Scheme, spec: ir.Input, record: Mapping[str, object]) -> Text | None:
    """For an input a record has no key for: its closest key that names no input (a typo, as
    K-D0205 names the closest header of a file)."""
    known = {normalise_header(c) for s in scheme.inputs for c in s.column_names}
    unknown = [k for k in record if normalise_header(k) not in known]
    close = suggest(spec.label or spec.name, unknown) or suggest(spec.name, unknown)
    if close is None:
        return None
    return records_msg.hint_key_typo(key=close, names=names(spec.column_names))
