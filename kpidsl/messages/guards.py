"""Messages of the data guards (`data/guards.py`): rows that are summaries, not employees (合计,
小计, a row without an id), and columns whose every cell is empty."""

from __future__ import annotations

from ..i18n import message


@message(en="'{word}' in column '{column}'", zh="列“{column}”中有“{word}”")
def reason_summary_word(*, word: str, column: str) -> None: ...


@message(en="no id in column '{column}', but numbers in the row", zh="列“{column}”中没有工号，但该行填有数字")
def reason_no_id(*, column: str) -> None: ...


@message(en="a summary row, not an employee ({reason})", zh="这是汇总行，不是员工（{reason}）")
def summary_row(*, reason: str) -> None: ...


@message(en="summary row dropped, as the scheme says ({reason})", zh="已按方案设置删去汇总行（{reason}）")
def summary_row_dropped(*, reason: str) -> None: ...


@message(en="a total or average row would count as an employee, take a quota slot and a share of a pool; delete it "
            "from the data, or let the scheme drop such rows: `data {{ drop summary_rows }}`",
         zh="合计、小计、平均等汇总行会被当作一名员工，占用强制分布名额并分走奖金池；请从数据中删除该行，"
            "或在方案中声明删去此类行：`data {{ drop summary_rows }}`")
def summary_row_hint() -> None: ...


@message(en="fill in the employee's id; if it is a total row, delete it, or let the scheme drop such rows: "
            "`data {{ drop summary_rows }}`",
         zh="如果是员工，请补填工号；如果是合计行，请删除该行，或在方案中声明删去此类行：`data {{ drop summary_rows }}`")
def row_without_id_hint() -> None: ...


@message(en="every record gets the default, {default}", zh="每条记录都将取默认值 {default}")
def empty_column_default(*, default: str) -> None: ...


@message(en="the value is missing in every record", zh="每条记录的这一项都将缺失")
def empty_column_missing() -> None: ...


@message(en="{path}: column '{column}' (input '{input}') is empty in every row: {consequence}",
         zh="{path}：列“{column}”（输入项“{input}”）每一行都是空的：{consequence}")
def empty_column(*, path: str, column: str, input: str, consequence: str) -> None: ...


@message(en="check that the export kept the column's values", zh="请检查导出数据时是否丢失了这一列的值")
def empty_column_hint() -> None: ...
