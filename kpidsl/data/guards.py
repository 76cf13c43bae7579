"""Data guards: rows and columns that would change pay without anyone noticing, caught before a
single record is evaluated.

- A **summary row** is not an employee. A 合计 / 小计 / 平均 row at the bottom of an Excel export
  would take a quota slot in a forced distribution and a share of a pay pool. A row is one when
  its id, name or first column says so (`SUMMARY_WORDS`, spaces ignored: 合  计), or when it has
  no id but holds numbers. It is an error naming the row, unless the scheme says
  `data { drop summary_rows }`; then it is dropped, and the drop is reported (K-D0211).
- A **column that is empty in every row** is a warning (K-D0214): an export that lost a column's
  values would otherwise read as every default (no deduction for anyone) or every value missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import ir
from ..errors import Diagnostic, KpiDataError, Severity
from ..i18n import Text
from ..kinds import Base
from ..messages import data as msg
from ..messages import guards as guard_msg
from .readers import Row, Table

#: Words that mark a Chinese summary row, found anywhere in the cell (销售部小计, 合计：).
SUMMARY_WORDS = ("合计", "小计", "总计", "共计", "总和", "汇总", "平均", "均值", "累计")

#: English summary labels, as whole words (so a name such as "Sumner" is not one).
SUMMARY_WORDS_EN = re.compile(r"\b(grand\s+total|sub-?total|totals?|average|avg)\b", re.IGNORECASE)

#: Headers of a column that holds people's names (besides the id column and the first column).
NAME_HEADERS = ("姓名", "名字", "员工姓名", "员工", "name", "employee", "employee name", "full name")

#: Most rows reported at once.
MAX_REPORTED = 20


def summary_word(cell: object) -> str | None:
    """The summary word a cell holds, if any (`合  计` -> 合计, `Grand Total` -> Grand Total)."""
    if not isinstance(cell, str):
        return None
    joined = "".join(cell.split())
    for word in SUMMARY_WORDS:
        if word in joined:
            return word
    m = SUMMARY_WORDS_EN.search(cell)
    return m.group(1) if m else None


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def label_columns(table: Table, id_index: int | None) -> list[int]:
    """The columns a summary label is looked for in: the id, the names, the first column."""
    names = {h.casefold() for h in NAME_HEADERS}
    cols = [i for i, h in enumerate(table.columns) if h.strip().casefold() in names]
    return sorted({*([id_index] if id_index is not None else []), *cols, 0})


def _cell(row: Row, i: int) -> object:
    return row.cells[i] if i < len(row.cells) else None


def summary_rows(scheme: ir.Scheme, table: Table, id_index: int | None, by_input: dict[str, int],
                 problems: list[Diagnostic] | None = None) -> list[Row]:
    """The rows to evaluate: all of them, when none is a summary row. Given `problems`, a summary
    row the scheme does not drop is added there (and left out of the rows) instead of raised, so
    that the caller reports it with the other rows' bad cells in one run.

    Raises:
        KpiDataError: a summary row, and the scheme does not say to drop them (every such row is
            named, up to `MAX_REPORTED`), when no `problems` list is given.
    """
    labels = label_columns(table, id_index)
    numbers = [by_input[s.name] for s in scheme.inputs if s.type.kind is Base.NUMBER and s.name in by_input]
    dropping = scheme.drop_summary_rows
    keep: list[Row] = []
    found_problems: list[Diagnostic] = []
    for row in table.rows:
        found = _why_summary(table, row, labels, id_index, numbers)
        if found is None:
            keep.append(row)
            continue
        reason, certain = found
        if dropping:
            severity = Severity.INFO if certain else Severity.WARNING
            text = msg.at_place(path=table.path, where=table.where(row), message=guard_msg.summary_row_dropped(reason=reason))
            table.warnings.append(Diagnostic("K-D0211", text, None, severity))
        elif len(found_problems) < MAX_REPORTED:
            hint = guard_msg.summary_row_hint() if certain else guard_msg.row_without_id_hint()
            text = msg.at_place(path=table.path, where=table.where(row), message=guard_msg.summary_row(reason=reason))
            found_problems.append(Diagnostic("K-D0211", text, None, Severity.ERROR, (hint,)))
    if found_problems and problems is None:
        raise KpiDataError(found_problems)
    if problems is not None:
        problems.extend(found_problems)
    return keep


def _why_summary(table: Table, row: Row, labels: Sequence[int], id_index: int | None,
                 numbers: Sequence[int]) -> tuple[Text, bool] | None:
    """Why a row is a summary row, and whether that is certain (a label) or a guess (no id)."""
    for i in labels:
        word = summary_word(_cell(row, i))
        if word is not None and i < len(table.columns):
            return guard_msg.reason_summary_word(word=word, column=table.columns[i]), True
    if id_index is not None and _blank(_cell(row, id_index)) and any(not _blank(_cell(row, i)) for i in numbers):
        return guard_msg.reason_no_id(column=table.columns[id_index]), False
    return None


def empty_columns(scheme: ir.Scheme, table: Table, by_input: dict[str, int]) -> None:
    """A warning in `table.warnings` for each input column with no value in any row."""
    for spec in scheme.inputs:
        col = by_input.get(spec.name)
        if col is None or not table.rows or not all(_blank(_cell(r, col)) for r in table.rows):
            continue
        if spec.has_default:
            from ..values import describe

            what = guard_msg.empty_column_default(default=describe(spec.default))
        else:
            what = guard_msg.empty_column_missing()
        table.warnings.append(Diagnostic("K-D0214", guard_msg.empty_column(path=table.path, column=table.columns[col], input=spec.name,
                                                                     consequence=what), None, Severity.WARNING,
                                         (guard_msg.empty_column_hint(),)))
