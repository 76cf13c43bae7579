"""Messages of periods kept as clients keep them: a period made from several cells, roll-ups of
whole periods, and output by level."""

from __future__ import annotations

from ..i18n import message

# ----------------------------------------------------------------------------- a period from cells


@message(en="cannot make a period from {cells}: {reason}", zh="无法由{cells}组成考核期间：{reason}")
def period_cells_invalid(*, cells: str, reason: str) -> None: ...


@message(en="{column} '{value}'", zh="{column}“{value}”")
def period_cell(*, column: str, value: str) -> None: ...


@message(en="expected a year such as 2024 or 2024年", zh="年份应写作 2024 或 2024年")
def expected_year() -> None: ...


@message(en="expected a quarter such as 3, Q3, 三季度 or 第三季度", zh="季度应写作 3、Q3、三季度或第三季度")
def expected_quarter() -> None: ...


@message(en="expected a half-year such as 1, H1 or 上半年", zh="半年应写作 1、H1 或上半年")
def expected_half_year() -> None: ...


@message(en="expected a month such as 3, 03, 3月 or 三月", zh="月份应写作 3、03、3月或三月")
def expected_month() -> None: ...


@message(en="expected a week of the month such as 2, W2 or 第2周", zh="周次应写作 2、W2 或第2周")
def expected_week() -> None: ...


@message(en="fix the row in the export, or write the cells in one of the forms listed", zh="请在导出文件中更正该行，或按所列的写法填写这些单元格")
def period_cells_hint() -> None: ...


@message(en="the year is not in the file name '{name}' nor in a title above the header (the columns give no year)",
         zh="文件名“{name}”和表头上方的标题中都没有年份（数据列也没有年份）")
def no_year_in_file_name(*, name: str) -> None: ...


@message(en="name the file with its year (2024年月度考核.csv), put it in a title above the header (2024年度月度考核表), "
            "or add a year column and list it: period from 年度, 月份",
         zh="在文件名中写明年份（如 2024年月度考核.csv），或在表头上方的标题中写明（如 2024年度月度考核表），"
            "或增加年份列并写入声明 `period from 年度, 月份`")
def no_year_in_file_name_hint() -> None: ...


@message(en="{path}: period made from {columns}{year}", zh="{path}：考核期间由{columns}{year}组成")
def period_from_columns_note(*, path: str, columns: str, year: str) -> None: ...


@message(en=" and the year {year} of the file name", zh="及文件名中的年份 {year}")
def year_of_file_name(*, year: str) -> None: ...


@message(en=" and the year {year} of the title above the header", zh="及表头上方标题中的年份 {year}")
def year_of_title(*, year: str) -> None: ...


# ----------------------------------------------------------------------------- roll-ups


@message(en="record '{id}', period {period}: division by zero in roll-up '{rule}'",
         zh="记录“{id}”期间 {period}：汇总“{rule}”中除数为零")
def rollup_zero(*, id: str, period: str, rule: str) -> None: ...


@message(en="record '{id}', period {period}: roll-up '{rule}' needs a number, not {value}",
         zh="记录“{id}”期间 {period}：汇总“{rule}”需要数值，而不是 {value}")
def rollup_not_number(*, id: str, period: str, rule: str, value: str) -> None: ...


@message(en="record '{id}': roll-up '{rule}' has no value for {periods} (it says `missing -> error`)",
         zh="记录“{id}”：汇总“{rule}”缺少 {periods} 的数值（方案规定 `missing -> error`）")
def rollup_missing_period(*, id: str, rule: str, periods: str) -> None: ...


@message(en="add the missing rows, or say what a missing period means: `missing -> exclude` (left out) or `missing -> zero`",
         zh="补上缺少的行，或说明缺期如何处理：`missing -> exclude`（不计入）或 `missing -> zero`（按 0 计）")
def rollup_missing_hint() -> None: ...


# ----------------------------------------------------------------------------- checks


@message(en="'{name}' is a roll-up of the whole {over}, known only after every period: {reader} cannot read it",
         zh="“{name}”是整个{over}的汇总，要等所有期间算完才知道：{reader}不能读取它")
def whole_rollup_read(*, name: str, over: str, reader: str) -> None: ...


@message(en="read it in a field (`field 年终等级 = 年终档({name})`) or a later roll-up; or roll up `to date` for a running value",
         zh="请在字段中读取（`field 年终等级 = 年终档({name})`）或在后面的汇总中读取；如需截至本期的累计值，请写 `to date`")
def whole_rollup_read_hint(*, name: str) -> None: ...


@message(en="`at least` counts {grain} periods here: write `at least {count} {word}` (or `periods`)",
         zh="此处 `at least` 按{grain}计数：请写 `at least {count} {word}`（或 `periods`）")
def at_least_unit(*, grain: str, count: int, word: str) -> None: ...


@message(en="`at least {count} {word}` can never hold: a {over} has at most {most}",
         zh="`at least {count} {word}` 永远无法满足：一个{over}最多只有 {most} 期")
def at_least_never(*, count: int, word: str, most: int, over: str) -> None: ...


@message(en="unknown `missing -> {word}`", zh="未知的 `missing -> {word}`")
def unknown_missing(*, word: str) -> None: ...


@message(en="`missing ->` takes exclude (left out), zero (counts as 0) or error", zh="`missing ->` 可取 exclude（不计入）、zero（按 0 计）或 error（报错）")
def unknown_missing_hint() -> None: ...


@message(en="a roll-up `to date` takes only `round N`: `at least` and `missing ->` are for roll-ups of the whole period",
         zh="`to date` 的累计汇总只接受 `round N`：`at least` 和 `missing ->` 用于整期汇总")
def to_date_options() -> None: ...


@message(en="roll-up '{name}' reads roll-ups of the whole {inner} and other values: a roll-up of roll-ups reads only roll-ups of one unit (and constants)",
         zh="汇总“{name}”同时读取整{inner}汇总和其他数值：汇总的汇总只能读取同一单位的汇总（及常量）")
def mixed_grain(*, name: str, inner: str) -> None: ...


@message(en="a roll-up over {over} of values per {grain} needs a unit coarser than {grain}",
         zh="按{grain}取值的汇总，汇总单位须大于{grain}，不能是{over}")
def grain_not_coarser(*, over: str, grain: str) -> None: ...


@message(en="`period from` is for a period input; '{name}' is {type}", zh="`period from` 只用于期间类型的输入；“{name}”是 {type}")
def period_from_not_period(*, name: str, type: str) -> None: ...


@message(en="a {unit} is made of {parts}: list {count} column(s), or {fewer} with the year in the file name",
         zh="{unit}由{parts}组成：请列出 {count} 列，或列出 {fewer} 列并在文件名中写明年份")
def period_from_count(*, unit: str, parts: str, count: int, fewer: int) -> None: ...


# ----------------------------------------------------------------------------- output by level


@message(en="Output one row per employee and period of this unit (week, month, quarter, half_year, year): the roll-ups "
            "over it and the fields computed from them (default: the scheme's own period).",
         zh="按此单位（week、month、quarter、half_year、year）每人每期输出一行：该单位的汇总值及由其算出的字段"
            "（默认按方案自身的期间输出）。")
def help_eval_level() -> None: ...


@message(en="--level {level} is finer than the scheme's period ({unit}), or the scheme has no period column",
         zh="--level {level} 比方案的考核期间（{unit}）更细，或方案没有期间列")
def level_not_coarser(*, level: str, unit: str) -> None: ...


@message(en="expected a {unit} such as {example}; {label} is a {finer}: for data kept by the {finer}, declare `period {finer_word}` "
            "and roll the {finer_word}s up (`rollup 得分 = mean total over {unit_word}`)",
         zh="应为{unit}，例如 {example}；{label} 是{finer}：按{finer}记录的数据，请声明 `period {finer_word}`，再向上汇总"
            "（`rollup 得分 = mean total over {unit_word}`）")
def expected_period_finer(*, unit: str, example: str, label: str, finer: str, finer_word: str, unit_word: str) -> None: ...
