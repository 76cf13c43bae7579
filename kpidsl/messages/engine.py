"""Messages of the backends: `kpi eval --engine` and `kpi sql`."""

from __future__ import annotations

from ..i18n import Plural, message


@message(en="The backend: auto (the columnar engine where it supports the scheme and there are enough rows, else "
            "python; -v says which ran and why), columnar or python. Results are the same on both.",
         zh="计算后端：auto（方案受支持且行数足够时用列式引擎，否则用 python；-v 说明用了哪个及原因）、columnar 或 python。"
            "两者结果完全相同。")
def help_eval_engine() -> None: ...


@message(en="engine: {engine}{why}", zh="计算引擎：{engine}{why}")
def engine_used(*, engine: str, why: str) -> None: ...


@message(en="engine: {engine} ({reason})", zh="计算引擎：{engine}（{reason}）")
def engine_because(*, engine: str, reason: str) -> None: ...


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


@message(en=Plural("rows", "{rows} record evaluated by the interpreter, the others by the engine: {reason} (the first: the record with id '{id}')",
                   "{rows} records evaluated by the interpreter, the others by the engine: {reason} (the first: the record with id '{id}')"),
         zh="{rows} 条记录由解释器计算，其余由引擎计算：{reason}（第一条：工号为“{id}”的记录）")
def left_to_interpreter(*, rows: int, reason: str, id: str) -> None: ...


@message(en="reading the whole data at once: {reason}", zh="一次读入全部数据：{reason}")
def whole_data(*, reason: str) -> None: ...


@message(en="the output is not a CSV file", zh="输出不是 CSV 文件")
def whole_not_csv_output() -> None: ...


@message(en="the results go to the terminal (standard output), which is written at the end; -o FILE.csv streams",
         zh="结果输出到终端（标准输出），要到最后才写出；使用 -o FILE.csv 可分块流式处理")
def whole_to_stdout() -> None: ...


@message(en="the input is not one CSV file", zh="输入不是单个 CSV 文件")
def whole_not_one_csv() -> None: ...


@message(en="--period, --overrides, --record or --explain", zh="使用了 --period、--overrides、--record 或 --explain")
def whole_options() -> None: ...


@message(en="population rules and aggregates need every record at once", zh="全体规则和聚合需要同时读入全部记录")
def whole_population() -> None: ...


@message(en="a period column: rules across periods need every period at once", zh="有期间列：跨期间的规则需要同时读入所有期间")
def whole_periods() -> None: ...


@message(en="the output was not written by the columnar engine but record by record: {reason}",
         zh="输出文件未由列式引擎写出，而是逐条记录写出：{reason}")
def record_by_record(*, reason: str) -> None: ...


# Why the columnar engine (and so `kpi sql`) does not cover a scheme: `columnar.sql.Unsupported`'s
# reasons, shown by `kpi sql` (K-E0190), `kpi eval -v` and `ValueError` of `engine="columnar"`.


@message(en="population rules ('{rule}')", zh="全体规则（“{rule}”）")
def no_population_rules(*, rule: str) -> None: ...


# What `kpi eval --engine columnar` and `kpi sql` name when they refuse a scheme: every construct of
# the whole scheme the engine does not cover, each rule, aggregate and exclusion by name.


@message(en=Plural("count", "{count} population rule ({rules})", "{count} population rules ({rules})"),
         zh="{count} 条全体规则（{rules}）")
def every_population_rule(*, count: int, rules: str) -> None: ...


@message(en=Plural("count", "{count} aggregate over records ({aggregates})", "{count} aggregates over records ({aggregates})"),
         zh="{count} 个跨记录的聚合（{aggregates}）")
def every_aggregate(*, count: int, aggregates: str) -> None: ...


@message(en=Plural("count", "{count} exclusion ({reasons})", "{count} exclusions ({reasons})"),
         zh="{count} 条排除规则（{reasons}）")
def every_exclusion(*, count: int, reasons: str) -> None: ...


@message(en="{path}: {refusal}", zh="{path}：{refusal}")
def columnar_refused(*, path: str, refusal: str) -> None: ...


@message(en="use --engine auto (the default: the columnar engine where it can, else the interpreter) or --engine python; "
            "both give the same results",
         zh="请改用 --engine auto（默认：能用列式引擎时用列式引擎，否则用解释器）或 --engine python；两者结果相同")
def columnar_refused_hint() -> None: ...


@message(en="periods (a period column)", zh="考核期间（期间列）")
def no_periods() -> None: ...


@message(en="aggregates over records ('{aggregate}')", zh="跨记录的聚合（“{aggregate}”）")
def no_aggregates(*, aggregate: str) -> None: ...


@message(en="exclusions ('{reason}')", zh="排除规则（“{reason}”）")
def no_exclusions(*, reason: str) -> None: ...


@message(en="a record step that reads a population value (several stages)", zh="读取全体规则或聚合结果的记录步骤（多个阶段）")
def no_stages() -> None: ...


@message(en="inputs of kind {kind} ('{input}')", zh="{kind} 类型的输入项（“{input}”）")
def no_input_kind(*, kind: str, input: str) -> None: ...


@message(en="values of kind {kind}", zh="{kind} 类型的值")
def no_value_kind(*, kind: str) -> None: ...


@message(en="a constant of type {type}", zh="{type} 类型的常量")
def no_constant(*, type: str) -> None: ...


@message(en="prev() / last_year() over periods", zh="跨期间的 prev() / last_year()")
def no_history() -> None: ...


@message(en="reading '{key}'", zh="读取“{key}”")
def no_reading(*, key: str) -> None: ...


@message(en="the expression {node}", zh="表达式 {node}")
def no_expression(*, node: str) -> None: ...


@message(en="the function {function}()", zh="函数 {function}()")
def no_function(*, function: str) -> None: ...


@message(en="round(x, places) with places that are not a constant", zh="round(x, places) 的位数不是常量")
def no_round_places() -> None: ...


@message(en="a ladder tier whose result cannot be computed", zh="结果无法计算的阶梯档位")
def no_ladder_tier() -> None: ...


@message(en="an empty ladder", zh="空阶梯")
def no_empty_ladder() -> None: ...


@message(en="the step {node}", zh="步骤 {node}")
def no_step(*, node: str) -> None: ...


@message(en="the outcome `{outcome}`", zh="结果处理 `{outcome}`")
def no_outcome(*, outcome: str) -> None: ...


@message(en="the scoring {node}", zh="计分方式 {node}")
def no_scoring(*, node: str) -> None: ...


@message(en="'{indicator}': a score that is not a number", zh="“{indicator}”：得分不是数字")
def no_score_kind(*, indicator: str) -> None: ...


@message(en="`combine {combine}`", zh="`combine {combine}`（组合方式）")
def no_combine(*, combine: str) -> None: ...


@message(en="'{indicator}': raters with `method {method}`", zh="“{indicator}”：评分人使用 `method {method}`")
def no_rater_method(*, indicator: str, method: str) -> None: ...


@message(en="'{indicator}': raters marking on a scale ('{scale}')", zh="“{indicator}”：评分人按量表（“{scale}”）打分")
def no_rater_scale(*, indicator: str, scale: str) -> None: ...


@message(en="'{indicator}': raters with `missing -> {missing}`", zh="“{indicator}”：评分人使用 `missing -> {missing}`")
def no_rater_missing(*, indicator: str, missing: str) -> None: ...


@message(en="'{indicator}': a rater input that is not a number", zh="“{indicator}”：评分人输入项不是数字")
def no_rater_number(*, indicator: str) -> None: ...


@message(en="a number cell has {places} decimal places, more than the engine reads ({most})",
         zh="某个数字单元格有 {places} 位小数，超出引擎可读取的 {most} 位")
def cell_places(*, places: int, most: int) -> None: ...


@message(en="a value needs {places} decimal places, more than the engine's {digits} digits allow",
         zh="某个值需要 {places} 位小数，超出引擎 {digits} 位数字的上限")
def no_places(*, places: int, digits: int) -> None: ...


@message(en="a value that is a number for some records and text or yes/no for others",
         zh="某个值在一些记录中是数字，在另一些记录中是文本或是/否")
def no_mixed_kinds() -> None: ...


@message(en="a division by a value with {places} decimal places (itself a quotient) needs more than {digits} digits",
         zh="除以一个有 {places} 位小数的值（它本身是商）需要超过 {digits} 位数字")
def no_wide_division(*, places: int, digits: int) -> None: ...


@message(en="dates and doubles read from text cells (PostgreSQL has no TRY_CAST)",
         zh="从文本单元格读取的日期和浮点数（PostgreSQL 没有 TRY_CAST）")
def no_try_cast() -> None: ...
