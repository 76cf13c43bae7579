"""Messages of the backends: `kpi eval --engine` and `kpi sql`."""

from __future__ import annotations

from ..i18n import message


@message(en="The backend: auto (the columnar engine where it supports the scheme and there are enough rows, else "
            "python; -v says which ran and why), columnar or python. Results are the same on both.",
         zh="计算后端：auto（方案受支持且行数足够时用列式引擎，否则用 python；-v 说明用了哪个及原因）、columnar 或 python。"
            "两者结果完全相同。")
def help_eval_engine() -> None: ...


@message(en="engine: {engine}{why}", zh="计算引擎：{engine}{why}")
def engine_used(*, engine: str, why: str) -> None: ...


@message(en="Print one SQL query computing SCHEME's results from a table of inputs (one text column per input, "
            "named as the scheme's data files' headers: the inputs' labels); rows marked needs_kpidsl are to be run "
            "through kpi eval.\n\n"
            "\b\nExample:\n  kpi sql scheme.kpi --table staging.kpi_inputs > results.sql\n  kpi sql scheme.kpi --show-columns",
         zh="输出一条 SQL 查询，从输入表（每个输入一列文本，列名与方案数据文件的表头相同，即输入项的标签）计算方案 SCHEME 的结果；"
            "needs_kpidsl 为真的行请用 kpi eval 计算。\n\n\b\n示例：\n  kpi sql scheme.kpi --table staging.kpi_inputs > results.sql"
            "\n  kpi sql scheme.kpi --show-columns")
def help_sql() -> None: ...


@message(en="The SQL dialect (only dialects a test runs the query on are offered).",
         zh="SQL 方言（只提供经测试在真实引擎上运行过的方言）。")
def help_sql_dialect() -> None: ...


@message(en="The table of inputs the query reads.", zh="查询读取的输入表。")
def help_sql_table() -> None: ...


@message(en="Most decimal places a number cell may have (rows with more are marked needs_kpidsl).",
         zh="数字单元格最多的小数位数（超过的行标记为 needs_kpidsl）。")
def help_sql_places() -> None: ...


@message(en="How the input table's columns are named: label (each input's label, the header of the scheme's data "
            "files; the name when it has none) or name (the input's name).",
         zh="输入表的列名方式：label（输入项的标签，即方案数据文件的表头；无标签时用输入项名）或 name（输入项名）。")
def help_sql_columns() -> None: ...


@message(en="Print which column of the input table feeds which input, instead of the query.",
         zh="不输出查询，而是列出输入表的哪一列对应哪个输入项。")
def help_sql_show_columns() -> None: ...


@message(en="input", zh="输入项")
def col_input() -> None: ...


@message(en="column", zh="列")
def col_column() -> None: ...


@message(en="type", zh="类型")
def col_type() -> None: ...


@message(en="{path}: kpi sql cannot express this scheme yet: {reason}",
         zh="{path}：kpi sql 暂时无法用 SQL 表达这个方案：{reason}")
def sql_cannot(*, path: str, reason: str) -> None: ...


@message(en="evaluate it with kpi eval (the interpreter covers the whole language)",
         zh="请用 kpi eval 计算（解释器支持全部语言功能）")
def sql_cannot_hint() -> None: ...


@message(en="; streamed, {rows} rows at a time", zh="；分块流式处理，每块 {rows} 行")
def streamed(*, rows: int) -> None: ...


@message(en="reading the whole data at once: {reason}", zh="一次读入全部数据：{reason}")
def whole_data(*, reason: str) -> None: ...


@message(en="the output is not a CSV file", zh="输出不是 CSV 文件")
def whole_not_csv_output() -> None: ...


@message(en="the input is not one CSV file", zh="输入不是单个 CSV 文件")
def whole_not_one_csv() -> None: ...


@message(en="--period, --overrides, --record or --explain", zh="使用了 --period、--overrides、--record 或 --explain")
def whole_options() -> None: ...


@message(en="population rules and aggregates need every record at once", zh="总体规则和聚合需要同时读入全部记录")
def whole_population() -> None: ...


@message(en="a period column: rules across periods need every period at once", zh="有期间列：跨期间的规则需要同时读入所有期间")
def whole_periods() -> None: ...


@message(en="rows written record by record: {reason}", zh="逐条记录写出结果：{reason}")
def record_by_record(*, reason: str) -> None: ...
