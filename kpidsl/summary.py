"""The run summary of `kpi eval`: what a person checks before the results go to payroll.

How many people got each grade, next to the quotas of a forced distribution; each group's
headcount, mean total and grades (the groups are the `within` columns of the population rules, or
`kpi eval --by`); which vetoes fired, for whom; which items were left out, why and for whom; who
was not appraised (an `exclude` of the scheme applied), why; which data rows were not evaluated (summary rows dropped by `data { drop summary_rows }`). It is computed
from the evaluated records (nothing is evaluated again) and shown three ways: text on stderr,
the `summary` section of JSON output, and the workbook's summary sheet. docs/cli.md shows the
layout.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from decimal import Decimal
from typing import Any

from . import display, ir
from .choices import DistMode
from .errors import Diagnostic
from .i18n import Text, listing, localize
from .messages import output as msg
from .numbers import ZERO, div, evaluation_context
from .outcome import RecordData
from .prebuilt import dataclass

#: Most ids listed for a veto or a skipped item (the count is always complete).
MAX_IDS = 10

#: Diagnostics of the data layer that mean a row was not evaluated (a dropped summary row).
EXCLUDED_CODES = ("K-D0211",)

#: Why an item was skipped: the results' `reason` words, in the current language.
_REASONS: dict[str, Callable[[], Text]] = {
    "zero denominator": msg.reason_zero, "zero denominator in the score": msg.reason_zero_in_score,
    "missing value": msg.reason_missing, "all of its items were skipped": msg.reason_all_skipped,
}


@dataclass(frozen=True, slots=True)
class GradeCount:
    label: str
    count: int
    #: The share a distribution rule prescribes for this label (None without a distribution).
    quota: Decimal | None = None


@dataclass(frozen=True, slots=True)
class GradeTable:
    """Headcounts per label: of the grade (`source` "grade") or of a distribution rule's output."""

    source: str
    #: The distribution rule whose quotas are shown (None: no quotas).
    rule: str | None
    counts: tuple[GradeCount, ...]

    @property
    def graded(self) -> int:
        return sum(c.count for c in self.counts)


@dataclass(frozen=True, slots=True)
class GroupRow:
    values: tuple[str, ...]
    count: int
    mean_total: Decimal | None  # over the records that have a total; None when none has one
    grades: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Listed:
    """A veto that fired or an item left out: for how many records, and which (up to MAX_IDS)."""

    label: str
    count: int
    ids: tuple[str, ...]
    reason: str | None = None


@dataclass(frozen=True)
class RunSummary:
    """The summary of one run (see the module docstring); `text()` and `to_json()` show it."""

    records: int
    grades: tuple[GradeTable, ...] = ()
    by: tuple[str, ...] = ()
    groups: tuple[GroupRow, ...] = ()
    vetoes: tuple[Listed, ...] = ()
    skipped: tuple[Listed, ...] = ()
    excluded: tuple[Diagnostic, ...] = field(default=())
    has_vetoes: bool = False
    #: Records an `exclude` of the scheme applied to, by reason (they have no total or grade and
    #: are left out of the grade counts and the groups' means).
    not_appraised: tuple[Listed, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The `summary` section of JSON output (decimals as exact strings, words in the current
        language, keys in English)."""
        return {
            "records": self.records,
            "grades": [{"source": t.source, "rule": t.rule,
                        "counts": [{"label": c.label, "count": c.count, "quota": _str(c.quota)} for c in t.counts]}
                       for t in self.grades],
            "groups": {"by": list(self.by), "rows": [{"values": dict(zip(self.by, g.values, strict=True)), "count": g.count,
                                                      "mean_total": _str(g.mean_total), "grades": dict(g.grades)}
                                                     for g in self.groups]},
            "vetoes": [{"label": v.label, "count": v.count, "ids": list(v.ids)} for v in self.vetoes],
            "skipped": [{"item": s.label, "reason": localize(s.reason or ""), "count": s.count, "ids": list(s.ids)}
                        for s in self.skipped],
            "excluded": [{"code": d.code, "message": localize(d.message)} for d in self.excluded],
            "not_appraised": [{"reason": n.label, "count": n.count, "ids": list(n.ids)} for n in self.not_appraised],
        }

    def blocks(self) -> list[Block]:
        """The summary as titled tables, in the current language: what the text and the
        workbook's sheet show."""
        out = [_grade_block(t) for t in self.grades]
        if self.groups:
            known = [c.label for t in self.grades[:1] for c in t.counts]
            labels = list(dict.fromkeys([*(x for x in known if any(dict(g.grades).get(x) for g in self.groups)),
                                         *(label for g in self.groups for label, _ in g.grades)]))
            heads: list[str] = [*self.by, msg.col_count(), msg.col_mean_total(), *labels]
            rows: list[list[Value]] = [[*g.values, g.count, g.mean_total, *(dict(g.grades).get(x, 0) for x in labels)]
                                       for g in self.groups]
            out.append(Block(msg.summary_groups(columns=listing(self.by)), heads, rows))
        if self.vetoes:
            out.append(Block(msg.summary_vetoes(), [msg.col_veto(), msg.col_count(), msg.col_records()],
                             [[v.label, v.count, _ids(v)] for v in self.vetoes]))
        if self.skipped:
            out.append(Block(msg.summary_skipped(), [msg.col_item(), msg.col_reason(), msg.col_count(), msg.col_records()],
                             [[s.label, s.reason or "", s.count, _ids(s)] for s in self.skipped]))
        if self.not_appraised:
            out.append(Block(msg.summary_not_appraised(), [msg.col_reason(), msg.col_count(), msg.col_records()],
                             [[n.label, n.count, _ids(n)] for n in self.not_appraised]))
        if self.excluded:
            out.append(Block(msg.summary_excluded(), [], [[d.message] for d in self.excluded]))
        return out

    def text(self) -> str:
        """The summary as text for stderr: a headline, then each table under its title."""
        from tabulate import tabulate

        lines: list[str] = [msg.summary_head(count=self.records)]
        for block in self.blocks():
            lines += ["", block.title]
            rows = [[block.show(j, x) for j, x in enumerate(row)] for row in block.rows]
            if block.heads:
                lines.append(tabulate(rows, headers=block.heads, tablefmt="simple", disable_numparse=True))
            else:
                lines += ["  " + r[0] for r in rows]
        if self.has_vetoes and not self.vetoes:
            lines += ["", msg.summary_no_vetoes()]
        return "\n".join(lines) + "\n"


#: A cell of a summary table: a word or name, a count, a decimal (a ratio in a percent column).
Value = str | int | Decimal | None


@dataclass(frozen=True)
class Block:
    """One titled table of the summary; `percent` lists the columns that hold ratios."""

    title: str
    heads: Sequence[str]
    rows: Sequence[Sequence[Value]]
    percent: frozenset[int] = frozenset()

    def show(self, column: int, value: Value) -> str:
        """A cell as text, by the display rule."""
        if isinstance(value, Decimal):
            return display.percent(value) if column in self.percent else display.number(value)
        return "" if value is None else localize(str(value)) if isinstance(value, str) else str(value)


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _ids(listed: Listed) -> str:
    shown = listing(listed.ids)
    more = listed.count - len(listed.ids)
    return msg.ids_and_more(first=shown, count=more) if more > 0 else shown


def _grade_block(t: GradeTable) -> Block:
    title = msg.summary_grades() if t.source == "grade" else msg.summary_rule_grades(rule=t.source)
    heads: list[str] = [msg.col_grade(), msg.col_count(), msg.col_share()]
    if t.rule is not None:
        heads.append(msg.col_quota(rule=t.rule))
    rows: list[list[Value]] = []
    with decimal.localcontext(evaluation_context()):
        for c in t.counts:
            row: list[Value] = [c.label, c.count, div(Decimal(c.count), Decimal(t.graded)) if t.graded else None]
            if t.rule is not None:
                row.append(c.quota)
            rows.append(row)
    return Block(title, heads, rows, frozenset({2, 3}))


# ------------------------------------------------------------------------------ computing it


def group_columns(scheme: ir.Scheme) -> tuple[str, ...]:
    """The columns the summary groups by, without `--by`: the `within` of the first population
    rule that splits the records (none: no groups)."""
    for rule in scheme.rules:
        within = getattr(rule, "within", None)
        if isinstance(within, ir.Within) and within.columns:
            return within.columns
    return ()


def _reason(reason: str | None) -> str | None:
    """An item's skip reason as the summary shows it (words in the current language)."""
    return _REASONS[reason]() if reason in _REASONS else reason


@dataclass(frozen=True, slots=True)
class Counts:
    """One batch of records counted column by column (`Tally.add_counts`): how many; each grade
    label's count; each veto's count and first ids; each skipped item's reason, count and first
    ids; each group's key, headcount, sum of totals (None: none had one), how many had one, and
    its grade counts."""

    records: int
    grades: Sequence[tuple[str, int]] = ()
    vetoes: Sequence[tuple[str, int, Sequence[str]]] = ()
    skipped: Sequence[tuple[str, str | None, int, Sequence[str]]] = ()
    groups: Sequence[tuple[tuple[str, ...], int, Decimal | None, int, Sequence[tuple[str, int]]]] = ()


class _Ids:
    """How many records, and the first `MAX_IDS` of their ids."""

    __slots__ = ("count", "ids")

    def __init__(self) -> None:
        self.count = 0
        self.ids: list[str] = []

    def add(self, rid: str) -> None:
        self.count += 1
        if len(self.ids) < MAX_IDS:
            self.ids.append(rid)

    def extend(self, count: int, first: Sequence[str]) -> None:
        """`count` more records, `first` the first of their ids."""
        self.count += count
        self.ids.extend(first[: MAX_IDS - len(self.ids)])


class Tally:
    """The summary's counts, gathered batch by batch (`add`), so a run that streams its records
    (`kpi eval` CSV -> CSV in chunks) keeps counts, sums and at most `MAX_IDS` ids per line, never
    the records; `summary()` gives the `RunSummary`."""

    def __init__(self, scheme: ir.Scheme, by: Sequence[str] | None = None, level: str | None = None) -> None:
        self.scheme = scheme
        self.columns = tuple(by) if by is not None else group_columns(scheme)
        self.records = 0
        dists = [r for r in scheme.rules if isinstance(r, ir.DistributeRule)]
        replacing = next((d for d in dists if d.mode is DistMode.REPLACE), None)
        #: The grade tables: (source, the rule of its quotas, the labels in order, counts).
        self.tables: list[tuple[str, ir.DistributeRule | None, dict[str, int]]] = []
        #: At a level (`kpi eval --level year`) the rows show no grade of the scheme's periods nor
        #: their distributions: the tables count the fields a band set grades at that level.
        self.graded_fields: frozenset[str] = frozenset()
        #: A level's rows carry no total of their own (the outputs show it empty): no mean total.
        self.totals = level is None
        if level is not None:
            from .level_rows import level_grades

            graded = level_grades(scheme, level)
            self.graded_fields = frozenset(name for name, _ in graded)
            self.tables = [(name, None, dict.fromkeys(labels, 0)) for name, labels in graded]
        elif scheme.grade is not None or replacing is not None:
            order = [b.label for b in scheme.grade.bands.bands] if scheme.grade is not None else []
            self.tables.append(("grade", replacing, _initial(replacing, order)))
        if level is None:
            self.tables += [(d.name, d, _initial(d, [])) for d in dists if d is not replacing]
        self.vetoes: dict[tuple[str, str | None], _Ids] = {(v.label, None): _Ids() for v in scheme.vetoes}
        self.skipped: dict[tuple[str, str | None], _Ids] = {}
        self.not_appraised: dict[tuple[str, str | None], _Ids] = {}
        #: Per group: headcount, the sum of totals, how many had one; grade counts.
        self.groups: dict[tuple[str, ...], tuple[list[Decimal | int], dict[str, int]]] = {}

    def add_counts(self, counts: Counts) -> None:
        """Add a batch counted column by column (`csvrun.py`: the engine's result columns), as
        `add` would count its records; every list is in the order of first appearance."""
        self.records += counts.records
        if self.tables:
            found = self.tables[0][2]
            for label, n in counts.grades:
                found[label] = found.get(label, 0) + n
        for label, n, ids in counts.vetoes:
            self.vetoes.setdefault((label, None), _Ids()).extend(n, ids)
        for name, reason, n, ids in counts.skipped:
            self.skipped.setdefault((name, _reason(reason)), _Ids()).extend(n, ids)
        for key, n, total, with_total, grades in counts.groups:
            sums, found = self.groups.setdefault(key, ([0, ZERO, 0], {}))
            sums[0] += n
            if self.totals and total is not None:
                with decimal.localcontext(evaluation_context()):
                    sums[1] += total
                sums[2] += with_total
            for label, g in grades:
                found[label] = found.get(label, 0) + g

    def add(self, records: Iterable[RecordData]) -> None:
        for r in records:
            self.records += 1
            if r.excluded is not None:
                self.not_appraised.setdefault((r.excluded, None), _Ids()).add(r.id)
                continue
            for source, _, counts in self.tables:
                label = self._label(r, source)
                if isinstance(label, str):
                    counts[label] = counts.get(label, 0) + 1
            for v in r.vetoes:
                self.vetoes.setdefault((v.label, None), _Ids()).add(r.id)
            for item in r.items:
                if item.skipped and (item.parent is None or not _parent_skipped(r, item.parent)):
                    self.skipped.setdefault((item.name, _reason(item.reason)), _Ids()).add(r.id)
            if self.columns:
                self._group(r)

    def _label(self, r: RecordData, source: str) -> object:
        if source in self.graded_fields:
            return r.fields.get(source)
        return r.grade if source == "grade" else r.population.get(source)

    def _group(self, r: RecordData) -> None:
        env = r.env or {}
        key = tuple("" if env.get(c) is None else str(env.get(c)) for c in self.columns)
        sums, grades = self.groups.setdefault(key, ([0, ZERO, 0], {}))
        sums[0] += 1
        if self.totals and r.total is not None:  # a record without a total is not a 0 in the mean
            with decimal.localcontext(evaluation_context()):
                sums[1] += r.total
            sums[2] += 1
        grade = self._label(r, self.tables[0][0]) if self.graded_fields else r.grade
        if isinstance(grade, str):
            grades[grade] = grades.get(grade, 0) + 1

    def summary(self, diagnostics: Sequence[Diagnostic] = ()) -> RunSummary:
        """The summary so far; `diagnostics` are what reading the data reported (dropped rows)."""
        tables = tuple(GradeTable(source, rule.name if rule is not None else None,
                                  tuple(GradeCount(label, n, _quotas(rule).get(label) if rule is not None else None)
                                        for label, n in counts.items()))
                       for source, rule, counts in self.tables)
        groups = []
        with decimal.localcontext(evaluation_context()):
            for key in self.groups:  # in the order of first appearance in the data (一组, 二组, 三组), as HR lists them
                (count, total, with_total), grades = self.groups[key]
                mean = div(Decimal(total), Decimal(with_total)) if with_total else None
                groups.append(GroupRow(key, int(count), mean, tuple(grades.items())))
        return RunSummary(self.records, tables, self.columns, tuple(groups), tuple(v for v in _listed(self.vetoes) if v.count),
                          _listed(self.skipped), tuple(d for d in diagnostics if d.code in EXCLUDED_CODES),
                          bool(self.scheme.vetoes), _listed(self.not_appraised))


def _quotas(rule: ir.DistributeRule) -> dict[str, Decimal]:
    return {q.label: q.value for q in rule.quotas}


def _initial(rule: ir.DistributeRule | None, order: list[str]) -> dict[str, int]:
    """Every label a table shows even when nobody has it: the grade bands, the quotas' labels."""
    return dict.fromkeys([*order, *(_quotas(rule) if rule is not None else {})], 0)


def _listed(found: dict[tuple[str, str | None], _Ids]) -> tuple[Listed, ...]:
    return tuple(Listed(label, ids.count, tuple(ids.ids), reason) for (label, reason), ids in found.items())


def summarize(scheme: ir.Scheme, records: Sequence[RecordData], by: Sequence[str] | None = None,
              diagnostics: Sequence[Diagnostic] = (), level: str | None = None) -> RunSummary:
    """The summary of evaluated records. `by` chooses the grouping columns (inputs; default
    `group_columns`); records need their input values (`RecordData.env`) to be grouped.
    `diagnostics` are what reading the data reported (the dropped rows are listed). `level`:
    the records are the rows of that level (`level_rows`), whose graded fields are counted."""
    tally = Tally(scheme, by, level)
    tally.add(records)
    return tally.summary(diagnostics)


def _parent_skipped(record: RecordData, parent: str) -> bool:
    return any(i.name == parent and i.skipped for i in record.items)


# ------------------------------------------------------------------------------ the workbook's sheet


def summary_sheet(summary: RunSummary) -> Callable[[Any], None]:
    """A `workbook.SheetHook` adding the summary sheet: each table under a bold title; counts,
    means and shares are numbers (shares formatted as percentages)."""

    def add(wb: Any) -> None:
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        from .source import display_width
        from .workbook import MAX_WIDTH, MIN_WIDTH, sheet_name

        ws = wb.create_sheet(sheet_name(msg.sheet_summary(), set(wb.sheetnames)))
        bold = Font(bold=True)
        ws.append([localize(msg.summary_head(count=summary.records))])
        ws.cell(1, 1).font = bold
        widths: dict[int, int] = {}
        for block in summary.blocks():
            ws.append([])
            ws.append([localize(block.title)])
            ws.cell(ws.max_row, 1).font = bold
            if block.heads:
                ws.append([localize(h) for h in block.heads])
                for j in range(1, len(block.heads) + 1):
                    ws.cell(ws.max_row, j).font = bold
            for row in block.rows:
                ws.append([_sheet_value(x) for x in row])
                for j, x in enumerate(row):
                    if isinstance(x, Decimal):
                        ws.cell(ws.max_row, j + 1).number_format = _sheet_format(x, j in block.percent)
            texts = [list(block.heads), *([block.show(j, x) for j, x in enumerate(r)] for r in block.rows)]
            for text_row in texts:
                for j, text in enumerate(text_row, start=1):
                    widths[j] = max(widths.get(j, 0), display_width(localize(str(text))))
        for j, w in widths.items():
            ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, MIN_WIDTH), MAX_WIDTH)

    return add


def _sheet_value(value: Value) -> object:
    if isinstance(value, Decimal):
        return display.shown_value(value)
    from .workbook import cell_text

    return cell_text(localize(value)) if isinstance(value, str) else value


def _sheet_format(value: Decimal, percent: bool) -> str:
    places = display.decimals(display.shown_value(value * 100 if percent else value))
    body = "0." + "0" * places if places else "0"
    return body + "%" if percent else body


__all__ = ["Block", "Counts", "RunSummary", "Tally", "group_columns", "summarize", "summary_sheet"]
