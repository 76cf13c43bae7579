"""Why a run did not use the columnar engine, or wrote its CSV record by record: the reasons `-v`
prints after "engine: python" or "... written record by record:", `Scheme.engine_note`, and the
`ValueError` of `engine="columnar"` (engines.py, csvrun.py, data/stream.py)."""

from __future__ import annotations

from ..i18n import Lang, Plural, message

#: How the reasons of `fast_path_declined` are separated.
REASONS = {Lang.EN: "; ", Lang.ZH: "；"}

# ----------------------------------------------------------------------------- choosing the engine


@message(en=Plural("batches", "the fixed-point fast path left {declined} of {batches} batch to DuckDB's exact decimals "
                   "({reason}): the same results, several times slower",
                   "the fixed-point fast path left {declined} of {batches} batches to DuckDB's exact decimals ({reason}): "
                   "the same results, several times slower"),
         zh="定点快速路径把 {batches} 批中的 {declined} 批交给 DuckDB 的精确小数计算（{reason}）：结果相同，但慢数倍")
def fast_path_declined(*, declined: int, batches: int, reason: str) -> None: ...


@message(en="a divisor with decimals, such as a target with cents, whose quotient 64-bit fixed point cannot round or "
            "compare exactly",
         zh="除数带小数，如带分的目标值，64 位定点无法精确舍入或比较其商")
def fast_wide_quotient() -> None: ...


@message(en="a value beyond 64-bit fixed point", zh="有数值超出 64 位定点")
def fast_beyond_64_bits() -> None: ...


@message(en="numbers given as text in '{name}', which DuckDB's typing stage reads",
         zh="“{name}”中的数字是文本，由 DuckDB 的类型转换读取")
def fast_text_numbers(*, name: str) -> None: ...


@message(en="the columnar engine is not installed ({name})", zh="未安装列式引擎（{name}）")
def not_installed(*, name: str) -> None: ...


@message(en=Plural("rows", "{rows} record, fewer than {least}: python backend", "{rows} records, fewer than {least}: python backend"),
         zh="{rows} 条记录，少于 {least} 条：使用 python 后端")
def few_records(*, rows: int, least: int) -> None: ...


@message(en="{reason}: python backend", zh="{reason}：使用 python 后端")
def python_backend(*, reason: str) -> None: ...


@message(en="{least} records or more, and the engine covers every part of the scheme",
         zh="记录不少于 {least} 条，且列式引擎支持方案的全部内容")
def columnar_chosen(*, least: int) -> None: ...


@message(en="records that spell an input's key differently, or a value beyond the engine's 38 digits",
         zh="记录中同一输入项的键写法不一，或有数值超出引擎的 38 位")
def unreadable_records() -> None: ...


@message(en="a column that mixes kinds, or a value beyond the engine's 38 digits",
         zh="某列混有不同类型的值，或有数值超出引擎的 38 位")
def unreadable_table() -> None: ...


@message(en="the columnar engine cannot evaluate this scheme: {reason}", zh="列式引擎无法计算这个方案：{reason}")
def cannot_evaluate(*, reason: str) -> None: ...


@message(en="the columnar engine cannot read this input: {reason}", zh="列式引擎无法读取这份输入：{reason}")
def cannot_read(*, reason: str) -> None: ...


# ----------------------------------------------------------------------------- kpi eval's CSV run


@message(en="no id column", zh="没有编号列")
def no_id_column() -> None: ...


@message(en="a row wider than the header", zh="有一行的列数多于表头")
def row_wider() -> None: ...


@message(en="a row without an id, or an id not written plainly", zh="有一行没有编号，或编号的写法不规范")
def row_without_id() -> None: ...


@message(en="a summary row", zh="有汇总行")
def summary_row() -> None: ...


@message(en="a plain number within ±1 in an 'as points' percent column", zh="按点数读取的百分比列中有 ±1 以内的数")
def percent_points() -> None: ...


@message(en="a value beyond the engine's 38 digits", zh="有数值超出引擎的 38 位")
def beyond_digits() -> None: ...


@message(en="the engine stopped ({error})", zh="引擎中途停止（{error}）")
def engine_stopped(*, error: str) -> None: ...


@message(en="a cell or a record the engine leaves to the interpreter (the first: the record with id '{id}')",
         zh="有单元格或记录需交给解释器计算（第一个：工号为“{id}”的记录）")
def left_to_interpreter_at(*, id: str) -> None: ...


@message(en="a cell in the column '{column}' that only the interpreter reads", zh="“{column}”列中有只有解释器能读取的单元格")
def cell_not_read(*, column: str) -> None: ...


@message(en="a cell the interpreter checks (a range, a missing value)", zh="有需由解释器检查的单元格（取值范围、缺失值）")
def cell_checked() -> None: ...


@message(en="a record the interpreter decides (a zero denominator, a missing value in a formula)",
         zh="有需由解释器判定的记录（分母为零、公式中有缺失值）")
def record_decided() -> None: ...


@message(en="an unknown --columns name", zh="--columns 中有未知的名称")
def unknown_columns_name() -> None: ...


@message(en="an id used twice", zh="有编号出现了两次")
def id_twice() -> None: ...


@message(en=Plural("rows", "only {rows} record, too few to be worth starting the engine",
                   "only {rows} records, too few to be worth starting the engine"),
         zh="只有 {rows} 条记录，太少，不值得启动列式引擎")
def records(*, rows: int) -> None: ...


# ----------------------------------------------------------------------------- reading in chunks


@message(en="the file is not all in one encoding ({reason})", zh="文件不是统一的编码（{reason}）")
def mixed_encoding(*, reason: str) -> None: ...


@message(en="no text in the file's first block", zh="文件开头没有文本")
def no_text() -> None: ...


@message(en="no header or no records", zh="没有表头或没有记录")
def no_header() -> None: ...


@message(en="no records under the header", zh="表头下没有记录")
def no_records() -> None: ...


@message(en="--by {name}: not a text input", zh="--by {name}：不是文本输入项")
def by_not_text(*, name: str) -> None: ...


@message(en="--by with an unrounded total", zh="--by 与未取整的总分一起使用")
def by_unrounded() -> None: ...


@message(en="a column of type {type} ('{key}')", zh="类型为 {type} 的列（“{key}”）")
def column_of_type(*, type: str, key: str) -> None: ...


@message(en="no result column for '{key}'", zh="“{key}”没有对应的结果列")
def no_result_column(*, key: str) -> None: ...


@message(en="the column '{key}'", zh="列“{key}”")
def the_column(*, key: str) -> None: ...


@message(en="the columnar engine does not trace; explain uses the interpreter", zh="列式引擎不记录计算过程；说明由解释器给出")
def no_trace() -> None: ...


@message(en="overrides or a trace (the interpreter does them)", zh="有覆盖值或要求记录计算过程（由解释器处理）")
def overrides_or_trace() -> None: ...


@message(en="the columnar engine does not apply overrides or record traces", zh="列式引擎不应用覆盖值，也不记录计算过程")
def no_overrides_or_trace() -> None: ...


@message(en="a trace was asked for (the interpreter traces)", zh="要求记录计算过程（由解释器记录）")
def trace_asked() -> None: ...
