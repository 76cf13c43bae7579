"""Messages of the data layer: reading files, matching columns, reading cells, and the hints that
propose a corrected input declaration. (The data guards speak in `guards.py`.)"""

from __future__ import annotations

from ..i18n import Plural, message

# ----------------------------------------------------------------------------- places


@message(en="{path}: {message}", zh="{path}：{message}")
def in_file(*, path: str, message: str) -> None: ...


@message(en="{path}: {where}: {message}", zh="{path}：{where}：{message}")
def at_place(*, path: str, where: str, message: str) -> None: ...


@message(en="{where}: {message}", zh="{where}：{message}")
def at_record(*, where: str, message: str) -> None: ...


@message(en="sheet '{sheet}', row {row}", zh="工作表“{sheet}”第 {row} 行")
def where_sheet_row(*, sheet: str, row: int) -> None: ...


@message(en="cell {cell}", zh="单元格 {cell}")
def where_cell(*, cell: str) -> None: ...


@message(en="line {line}", zh="第 {line} 行")
def where_line(*, line: int) -> None: ...


@message(en="record {number}", zh="第 {number} 条记录")
def where_record(*, number: int) -> None: ...


@message(en="column '{column}'", zh="列“{column}”")
def where_column(*, column: str) -> None: ...


@message(en="input '{input}'", zh="输入项“{input}”")
def where_input(*, input: str) -> None: ...


@message(en="the record", zh="该记录")
def the_record() -> None: ...


# ----------------------------------------------------------------------------- files


@message(en="data file not found: {path}", zh="找不到数据文件：{path}")
def file_not_found(*, path: str) -> None: ...


@message(en="{path} is a folder, not a data file", zh="{path} 是文件夹，不是数据文件")
def is_a_folder(*, path: str) -> None: ...


@message(en="cannot tell the format of {path} from its extension", zh="无法从扩展名判断 {path} 的格式")
def unknown_extension(*, path: str) -> None: ...


@message(en="use .csv, .xlsx, .json or .jsonl (the extension says how the file is read)",
         zh="请使用 .csv、.xlsx、.json 或 .jsonl 文件（按扩展名决定读取方式）")
def unknown_extension_hint() -> None: ...


@message(en="{path} is not an .xlsx workbook (an older Excel, WPS or OpenDocument format is not read)",
         zh="{path} 不是 .xlsx 工作簿（不读取旧版 Excel、WPS 或 OpenDocument 格式）")
def old_workbook(*, path: str) -> None: ...


@message(en="open it in Excel (or WPS, LibreOffice) and save it as .xlsx (Excel Workbook), or as CSV UTF-8",
         zh="请在 Excel（或 WPS、LibreOffice）中打开，另存为 .xlsx（Excel 工作簿）或“CSV UTF-8”")
def old_workbook_hint() -> None: ...


@message(en="--sheet names a sheet of a workbook, and {path} is not an .xlsx workbook",
         zh="--sheet 指定的是工作簿中的工作表，而 {path} 不是 .xlsx 工作簿")
def sheet_not_workbook(*, path: str) -> None: ...


@message(en="leave out --sheet for a CSV or JSON file", zh="读取 CSV 或 JSON 文件时请去掉 --sheet")
def sheet_not_workbook_hint() -> None: ...


@message(en="unknown data format '{format}'", zh="未知的数据格式“{format}”")
def unknown_format(*, format: str) -> None: ...


@message(en="unknown encoding '{encoding}'", zh="未知的编码“{encoding}”")
def unknown_encoding(*, encoding: str) -> None: ...


@message(en="try utf-8, utf-8-sig or gb18030", zh="可以试试 utf-8、utf-8-sig 或 gb18030")
def unknown_encoding_hint() -> None: ...


@message(en="{path}: line {line} is not valid {encoding}", zh="{path}：第 {line} 行不是有效的 {encoding} 编码")
def not_in_encoding(*, path: str, line: int, encoding: str) -> None: ...


@message(en="leave out --encoding to let kpi detect UTF-8 or GB18030", zh="去掉 --encoding，让 kpi 自动识别 UTF-8 或 GB18030")
def not_in_encoding_hint() -> None: ...


@message(en="{path}: line {line} is neither UTF-8 nor GB18030 text", zh="{path}：第 {line} 行既不是 UTF-8 也不是 GB18030 编码的文本")
def not_utf8_or_gb18030(*, path: str, line: int) -> None: ...


@message(en="save the file as CSV UTF-8 from Excel, or pass --encoding",
         zh="请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或用 --encoding 指定编码")
def not_utf8_or_gb18030_hint() -> None: ...


@message(en="the file is empty", zh="文件是空的")
def file_empty() -> None: ...


@message(en="a data file needs a header row and at least one record", zh="数据文件需要一行表头和至少一条记录")
def file_empty_hint() -> None: ...


@message(en="line {line}: {error}", zh="第 {line} 行：{error}")
def csv_error(*, line: int, error: str) -> None: ...


@message(en="{fields} fields, but the header has {header}: the columns after an unquoted comma would shift",
         zh="有 {fields} 个字段，而表头只有 {header} 个：未加引号的逗号会使后面的列错位")
def too_many_fields(*, fields: int, header: int) -> None: ...


@message(en='quote a value that holds a comma ("1,000"), or write it without the comma (1000)',
         zh='含逗号的值请加引号（"1,000"），或去掉逗号（1000）')
def too_many_fields_hint() -> None: ...


@message(en="the file has no header row", zh="文件没有表头行")
def no_header() -> None: ...


@message(en="the file has a header row but no records", zh="文件只有表头，没有记录")
def no_records() -> None: ...


@message(en="not a readable .xlsx workbook ({error})", zh="不是可读取的 .xlsx 工作簿（{error}）")
def not_a_workbook(*, error: str) -> None: ...


@message(en="the file may be truncated or not an Excel file; save it again from Excel",
         zh="文件可能不完整，或者不是 Excel 文件；请在 Excel 中重新保存")
def not_a_workbook_hint() -> None: ...


@message(en="no sheet named '{sheet}'", zh="没有名为“{sheet}”的工作表")
def no_such_sheet(*, sheet: str) -> None: ...


@message(en="sheets: {sheets}", zh="现有工作表：{sheets}")
def sheets_found(*, sheets: str) -> None: ...


@message(en="cannot read the workbook ({error})", zh="无法读取工作簿（{error}）")
def workbook_unreadable(*, error: str) -> None: ...


@message(en="sheet '{sheet}' is empty", zh="工作表“{sheet}”是空的")
def sheet_empty(*, sheet: str) -> None: ...


@message(en="sheet '{sheet}' has a header row but no records", zh="工作表“{sheet}”只有表头，没有记录")
def sheet_no_records(*, sheet: str) -> None: ...


@message(en="record {number} is not an object of field -> value", zh="第 {number} 条记录不是“字段 -> 值”形式的对象")
def record_not_object(*, number: int) -> None: ...


@message(en="the file holds no records", zh="文件中没有记录")
def no_records_in_json() -> None: ...


@message(en="not valid JSON: {error}", zh="不是有效的 JSON：{error}")
def not_json(*, error: str) -> None: ...


@message(en="line {line} is not valid JSON: {error}", zh="第 {line} 行不是有效的 JSON：{error}")
def line_not_json(*, line: int, error: str) -> None: ...


@message(en='expected a list of records (or {{"records": [...]}})', zh='应为记录列表（或 {{"records": [...]}}）')
def json_not_a_list() -> None: ...


# ----------------------------------------------------------------------------- columns


@message(en=Plural("count", "{path}: columns {columns} both match input '{input}'", "{path}: columns {columns} all match input '{input}'"),
         zh="{path}：列 {columns} 都对应输入项“{input}”")
def columns_clash(*, path: str, columns: str, input: str, count: int) -> None:
    """`count` is the number of columns beyond the first (1: both, more: all)."""


@message(en=Plural("count", "remove or rename one of them", "remove or rename all but one of them"), zh="只保留其中一列，删除或改名其余的列")
def columns_clash_hint(*, count: int) -> None:
    """`count` as in `columns_clash`."""


@message(en="{path}: no column for input '{input}' (looked for {looked_for})", zh="{path}：找不到输入项“{input}”对应的列（查找了：{looked_for}）")
def no_column(*, path: str, input: str, looked_for: str) -> None: ...


@message(en="if the file may lack the column, say so: `{declaration}`",
         zh="如果数据文件可以没有这一列，请这样声明：`{declaration}`")
def column_optional_hint(*, declaration: str) -> None: ...


@message(en=Plural("count", "keys {keys} both name input '{input}'", "keys {keys} all name input '{input}'"),
         zh="键 {keys} 都对应输入项“{input}”")
def keys_clash(*, keys: str, input: str, count: int) -> None:
    """`count` is the number of keys beyond the first (1: both, more: all)."""


@message(en="a record must be a mapping of input names (or labels) to values, not {type}",
         zh="记录必须是“输入项名称（或标签）-> 值”的映射，而不是 {type}")
def not_a_mapping(*, type: str) -> None: ...


@message(en="pass a dict such as {{\"工号\": \"E1\", \"完成率\": \"95%\"}}", zh="请传入字典，例如 {{\"工号\": \"E1\", \"完成率\": \"95%\"}}")
def not_a_mapping_hint() -> None: ...


@message(en="columns found: {columns}", zh="文件中的列：{columns}")
def columns_found(*, columns: str) -> None: ...


@message(en="{path}: no id column '{column}'", zh="{path}：没有工号（id）列“{column}”")
def no_id_column(*, path: str, column: str) -> None: ...


# ----------------------------------------------------------------------------- cells and input types


@message(en="any decimal number", zh="任意数值")
def type_number() -> None: ...


@message(en="a whole number >= 0", zh="大于等于 0 的整数")
def type_count() -> None: ...


@message(en="a ratio: 0.95 or 95%", zh="比例：0.95 或 95%")
def type_percent() -> None: ...


@message(en="an amount; `1,200`, `¥1200` and `1200元` are read", zh="金额；可以写 `1,200`、`¥1200` 或 `1200元`")
def type_money() -> None: ...


@message(en="a number of days >= 0", zh="大于等于 0 的天数")
def type_days() -> None: ...


@message(en="points given by a rater or another system", zh="评分人或其他系统给出的分数")
def type_score() -> None: ...


@message(en="any text, kept as written (trimmed)", zh="任意文本（去掉首尾空格后原样保留）")
def type_text() -> None: ...


@message(en="yes/no: true, false, 是, 否, Y, N, 1, 0", zh="是/否：true、false、是、否、Y、N、1、0")
def type_bool() -> None: ...


@message(en="a date: 2024-03-31 or 2024/3/31", zh="日期：2024-03-31 或 2024/3/31")
def type_date() -> None: ...


@message(en="the period a row belongs to: 2024Q3, 2024年第3季度, 2024-07, 2024H1", zh="该行所属的考核期间：2024Q3、2024年第3季度、2024-07、2024H1")
def type_period() -> None: ...


@message(en="expected {what}", zh="应为{what}")
def expected(*, what: str) -> None: ...


@message(en="expected {what}, not a yes/no value", zh="应为{what}，而不是“是/否”")
def not_yes_no(*, what: str) -> None: ...


@message(en="expected a whole number for a {type} column", zh="{type} 类型的列应为整数")
def not_whole(*, type: str) -> None: ...


@message(en="a {type} cannot be negative", zh="{type} 类型的值不能为负数")
def negative(*, type: str) -> None: ...


@message(en="a percent sign in a {unit} column: only a percent input reads one",
         zh="{unit}列中写了百分号：只有百分比（percent）输入项才读取百分号")
def percent_not_allowed(*, unit: str) -> None: ...


@message(en="write the number without %, or declare the input `percent` if the column holds rates",
         zh="去掉百分号只写数字；如果这一列是比率，请把输入项声明为 `percent`")
def percent_not_allowed_hint() -> None: ...


@message(en="a currency sign or unit (¥, $, 元, RMB) in a {unit} column: only a `money` input reads one; "
            "write {plain}, or declare the input `money` if the column holds amounts",
         zh="{unit}列中写了货币符号或单位（¥、$、元、RMB）：只有金额（`money`）输入项才读取它们；"
            "请写成 {plain}，如果这一列是金额，请把输入项声明为 `money`")
def currency_not_allowed(*, unit: str, plain: str) -> None: ...


@message(en="a currency sign or unit (¥, $, 元, RMB) in a {unit} column: only a `money` input reads one",
         zh="{unit}列中写了货币符号或单位（¥、$、元、RMB）：只有金额（`money`）输入项才读取它们")
def currency_not_allowed_bare(*, unit: str) -> None: ...


@message(en="the commas do not group thousands (1,234 or 1,234,567.5); a decimal comma is not read: write 1.5 for 1,5",
         zh="逗号不是千位分隔（应为 1,234 或 1,234,567.5）；不读取小数逗号：1,5 请写成 1.5")
def bad_grouping() -> None: ...


@message(en="the comma does not group thousands (1,234 or 1,234,567.5), and a decimal comma is not read: if {written} is a decimal, write {dotted}",
         zh="逗号不是千位分隔（应为 1,234 或 1,234,567.5），也不读取小数逗号：如果 {written} 是小数，请写成 {dotted}")
def bad_decimal_comma(*, written: str, dotted: str) -> None: ...


@message(en="not a finite number (Infinity or NaN is never a value)", zh="不是有限的数（Infinity 或 NaN 不能作为数值）")
def not_finite() -> None: ...


@message(en="a number beyond what is read exactly ({digits} significant digits, below 10^{power})",
         zh="数值超出可精确读取的范围（最多 {digits} 位有效数字，且小于 10^{power}）")
def too_large(*, digits: int, power: int) -> None: ...


@message(en="expected yes or no (true/false, 是/否, Y/N, 1/0)", zh="应为“是”或“否”（true/false、是/否、Y/N、1/0）")
def expected_bool() -> None: ...


@message(en="expected a date such as 2024-03-31", zh="应为日期，例如 2024-03-31")
def expected_date() -> None: ...


@message(en="expected a real calendar date", zh="不是日历上存在的日期")
def not_a_calendar_date() -> None: ...


@message(en="week", zh="周")
def unit_week() -> None: ...


@message(en="month", zh="月份")
def unit_month() -> None: ...


@message(en="quarter", zh="季度")
def unit_quarter() -> None: ...


@message(en="half-year", zh="半年")
def unit_half_year() -> None: ...


@message(en="year", zh="年度")
def unit_year() -> None: ...


@message(en="expected a {unit} such as {example}", zh="应为{unit}，例如 {example}")
def expected_period(*, unit: str, example: str) -> None: ...


@message(en="{value} is outside the declared range {range}", zh="{value} 超出了声明的取值范围 {range}")
def out_of_range(*, value: str, range: str) -> None: ...


@message(en="{value} is not valid for '{input}' ({type}): {reason}", zh="{value} 不是输入项“{input}”（{type}）的有效值：{reason}")
def cell_invalid(*, value: str, input: str, type: str, reason: str) -> None: ...


@message(en="no value for '{input}'", zh="输入项“{input}”没有值")
def no_value(*, input: str) -> None: ...


@message(en="pass '{input}' in the record", zh="请在记录中提供“{input}”")
def pass_value_hint(*, input: str) -> None: ...


@message(en="{value} is written without a percent sign in a percent column: it could mean {as_ratio} or {as_points}",
         zh="百分比列中的 {value} 没有写百分号：既可能是 {as_ratio}，也可能是 {as_points}")
def bare_percent(*, value: str, as_ratio: str, as_points: str) -> None: ...


@message(en="write it as {value}% (or as the ratio, 0.95 for 95%); if the whole column writes rates in points "
            "(95 for 95%), declare that: `{declaration}`",
         zh="如果是 {value}%，请写成 {value}%（或写成比例，如 0.95 表示 95%）；如果整列都按百分点填写（95 表示 95%），"
            "请这样声明：`{declaration}`")
def hint_bare_percent(*, value: str, declaration: str) -> None: ...


@message(en="the column mixes conventions, ratios ({ratios}) and points ({points}); `as points` would read the ratios "
            "as less than 1%: write each plain number with its % sign (the ratio 0.89 as 89%, the points 95 as 95%)",
         zh="这一列混用了两种写法：比例（{ratios}）和百分点（{points}）；声明 `as points` 会把比例读成不到 1%，"
            "请给每个没有百分号的数写上百分号（比例 0.89 写成 89%，百分点 95 写成 95%）")
def hint_mixed_percent(*, ratios: str, points: str) -> None: ...


@message(en="{value} at {where}", zh="{where}的 {value}")
def cell_at(*, value: str, where: str) -> None: ...


@message(en="{count} more", zh="另有 {count} 个")
def more_cells(*, count: int) -> None: ...


@message(en="{value} is written without a percent sign in a column read `as points`, so it would be {value}%, "
            "while the column's other values are above 1 point",
         zh="按 `as points` 读取的列中，{value} 没有写百分号，会被读成 {value}%，而这一列的其他值都在 1 个百分点以上")
def small_in_points(*, value: str) -> None: ...


@message(en="if it is the ratio {value} ({as_ratio}%), write {as_ratio}%; if {value}% is meant, write {value}%",
         zh="如果是比例 {value}（即 {as_ratio}%），请写成 {as_ratio}%；如果确实是 {value}%，请写成 {value}%")
def small_in_points_hint(*, value: str, as_ratio: str) -> None: ...


@message(en="a formula with no calculated value in the file ({formula})",
         zh="公式单元格没有缓存值（{formula}）")
def uncached_formula(*, formula: str) -> None: ...


@message(en="the workbook was written by a program that does not calculate formulas; open it in Excel (or WPS, "
            "LibreOffice) and save it, so the values are stored",
         zh="该工作簿由不计算公式的程序生成；请在 Excel（或 WPS、LibreOffice）中打开并保存，使计算结果写入文件")
def uncached_formula_hint() -> None: ...


# ----------------------------------------------------------------------------- records


@message(en="id '{id}'", zh="工号“{id}”")
def id_only(*, id: str) -> None: ...


@message(en="id '{id}' in period {period}", zh="期间 {period} 的工号“{id}”")
def id_in_period(*, id: str, period: str) -> None: ...


@message(en="row {row}", zh="第 {row} 行")
def earlier_row(*, row: int) -> None: ...


@message(en="line {line}", zh="第 {line} 行")
def earlier_line(*, line: int) -> None: ...


@message(en="{what} was already used on {earlier}", zh="{what}已在{earlier}出现过")
def duplicate_id(*, what: str, earlier: str) -> None: ...


@message(en="each record needs its own id; choose the id column with --id-column", zh="每条记录需要唯一的工号；可用 --id-column 指定工号所在的列")
def duplicate_id_hint() -> None: ...


@message(en="an employee has one row per period: remove the repeated row, or correct its period if it belongs to another one",
         zh="每名员工每期只有一行：请删去重复的行；如果它属于另一期，请改正它的期间")
def duplicate_period_row_hint() -> None: ...


# ----------------------------------------------------------------------------- hints with a declaration


@message(en="a missing rating should leave the rater out, not count as 0: declare the input optional, and the "
            "raters block of '{indicator}' (`missing -> exclude`, the default) leaves it out: `{declaration}`",
         zh="缺少的评分应当不计入，而不是按 0 分计：请把该输入项声明为可缺省（optional），"
            "指标“{indicator}”的评分人设置（`missing -> exclude`，默认即是）会把它排除在外：`{declaration}`")
def hint_rating_optional(*, indicator: str, declaration: str) -> None: ...


@message(en="fill the cell: the raters block of '{indicator}' says a missing rating is an error (`missing -> error`)",
         zh="请填写该单元格：指标“{indicator}”的评分人设置规定缺少评分即为错误（`missing -> error`）")
def hint_rating_required(*, indicator: str) -> None: ...


@message(en="fill the cell; if it may be empty, give the input an empty default, `{with_default}`, or declare it "
            "optional, `{optional}`",
         zh="请填写该单元格；如果允许为空，可以给它空的默认值：`{with_default}`，或声明为可缺省：`{optional}`")
def hint_text_missing(*, with_default: str, optional: str) -> None: ...


@message(en="fill the period column on every row", zh="请在每一行填写考核期间")
def hint_period_missing() -> None: ...


@message(en="fill the cell; if an empty cell means none (no occurrence, no amount), declare the default: `{declaration}`",
         zh="请填写该单元格；如果空白表示没有（没有发生、没有金额），请声明默认值：`{declaration}`")
def hint_zero_default(*, declaration: str) -> None: ...


@message(en="fill the cell; if an empty cell means no, declare the default: `{declaration}`",
         zh="请填写该单元格；如果空白表示“否”，请声明默认值：`{declaration}`")
def hint_bool_default(*, declaration: str) -> None: ...


@message(en="fill the cell; if the value may be missing, declare it optional and say in each indicator that reads it "
            "what a missing value means (`on missing -> skip`): `{declaration}`",
         zh="请填写该单元格；如果允许缺失，请声明为可缺省，并在用到它的每个指标中写明缺失时如何处理"
            "（`on missing -> skip`）：`{declaration}`")
def hint_optional_value(*, declaration: str) -> None: ...


@message(en="did you mean column '{column}'? Add it to the input as an alias: `{declaration}`",
         zh="是不是列“{column}”？请把它作为别名加到输入项上：`{declaration}`")
def hint_add_alias(*, column: str, declaration: str) -> None: ...


# ----------------------------------------------------------------------------- several files, output columns


@message(en="{path}: columns not used by the scheme: {columns}", zh="{path}：方案未使用的列：{columns}")
def unused_columns(*, path: str, columns: str) -> None: ...


@message(en="{path}: read as {encoding}", zh="{path}：按 {encoding} 编码读取")
def read_as(*, path: str, encoding: str) -> None: ...


@message(en="{path}: id '{id}' is also in {other}", zh="{path}：工号“{id}”在 {other} 中也出现了")
def id_in_two_files(*, path: str, id: str, other: str) -> None: ...


@message(en="{path}: id '{id}' in period {period} is also in {other}", zh="{path}：期间 {period} 的工号“{id}”在 {other} 中也出现了")
def id_in_two_files_period(*, path: str, id: str, period: str, other: str) -> None: ...


@message(en="each employee has one row (per period); with several periods, add a period column",
         zh="每名员工（每期）只能有一行；数据包含多个期间时，请增加一个期间列")
def id_in_two_files_hint() -> None: ...


@message(en="{path}: no rows for period '{period}'", zh="{path}：没有期间为“{period}”的行")
def no_rows_for_period(*, path: str, period: str) -> None: ...


@message(en="{path}: no '{column}' column; period {period} taken from the file name",
         zh="{path}：没有“{column}”列；期间 {period} 取自文件名")
def period_from_file_name(*, path: str, column: str, period: str) -> None: ...


@message(en="explaining the latest period of {id}: {period} (choose one with --period)",
         zh="解释 {id} 最近的一期：{period}（可用 --period 选择其他期间）")
def latest_period(*, id: str, period: str) -> None: ...


@message(en="{path}: no record with id '{id}'", zh="{path}：没有工号为“{id}”的记录")
def no_such_record(*, path: str, id: str) -> None: ...


@message(en="ids in the file: {ids}", zh="文件中的工号：{ids}")
def ids_in_file(*, ids: str) -> None: ...


@message(en="no records for period {period}", zh="没有期间 {period} 的记录")
def no_records_for_period(*, period: str) -> None: ...


@message(en="periods in the data: {periods}", zh="数据中的期间：{periods}")
def periods_in_data(*, periods: str) -> None: ...


@message(en="--columns '{spec}' names no column; leave it out for the default columns, or list some: id,total,grade",
         zh="--columns “{spec}”没有列出任何列；去掉它即使用默认列，或列出要输出的列：id,total,grade")
def no_columns_named(*, spec: str) -> None: ...


@message(en="unknown column '{column}'; did you mean '{near}'?", zh="未知的列“{column}”；是不是“{near}”？")
def unknown_column_near(*, column: str, near: str) -> None: ...


@message(en="unknown column '{column}'; columns: {known}", zh="未知的列“{column}”；可用的列：{known}")
def unknown_column(*, column: str, known: str) -> None: ...
