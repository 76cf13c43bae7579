"""Messages of the parser and the tree transformer: syntax errors, the words for what was
expected, and the hints for frequent mistakes."""

from __future__ import annotations

from ..i18n import Plural, message

# ----------------------------------------------------------------------------- parser


@message(en="unexpected character '{char}'", zh="无法识别的字符“{char}”")
def unexpected_character(*, char: str) -> None: ...


@message(en="unexpected invisible character {char}: delete it (it often comes with text copied from a web page)",
         zh="无法识别的不可见字符 {char}：请删除它（常随从网页复制的文字带入）")
def unexpected_invisible(*, char: str) -> None: ...


@message(en="'{char}' is a full-width (Chinese input) character; use '{ascii}' instead",
         zh="“{char}”是全角字符（中文输入法打出的）；请改用半角的“{ascii}”")
def full_width(*, char: str, ascii: str) -> None: ...


@message(en="a string must end on the same line it starts", zh="字符串必须在开始的同一行内结束")
def unterminated_string() -> None: ...


@message(en="the file ends in the middle of a statement", zh="文件在一条语句的中间结束了")
def unexpected_end() -> None: ...


@message(en="check that every '{{' has its closing '}}'", zh="请检查每个“{{”是否都有对应的“}}”")
def unclosed_brace() -> None: ...


@message(en="the '{{' at line {line} (`{opened}`) is never closed: if its block ends before this line, add '}}' before it",
         zh="第 {line} 行的“{{”（`{opened}`）没有对应的“}}”：如果那个块在这一行之前就该结束，请在这一行之前补上“}}”")
def open_brace(*, line: int, opened: str) -> None: ...


@message(en="the '{{' at line {line} (`{opened}`) is never closed", zh="第 {line} 行的“{{”（`{opened}`）没有对应的“}}”")
def open_brace_at_end(*, line: int, opened: str) -> None: ...


@message(en="unexpected '{token}'", zh="此处不应出现“{token}”")
def unexpected_token(*, token: str) -> None: ...


@message(en="expected {what}", zh="此处应为{what}")
def expected_one(*, what: str) -> None: ...


@message(en="expected one of: {what}", zh="此处应为以下之一：{what}")
def expected_any(*, what: str) -> None: ...


@message(en="the formula ends with '{op}' on line {line}", zh="公式在第 {line} 行以“{op}”结尾")
def dangling_operator(*, op: str, line: int) -> None: ...


@message(en="write what '{op}' applies to after it on line {line}, or remove the '{op}'",
         zh="在第 {line} 行的“{op}”后面写上它的运算对象，或者删去这个“{op}”")
def hint_dangling_operator(*, op: str, line: int) -> None: ...


@message(en="line {next} starts a new statement ('{word}'), so '{token}' was unexpected there",
         zh="第 {next} 行开始了新的语句（“{word}”），因此那里的“{token}”不应出现")
def note_dangling_operator(*, next: int, word: str, token: str) -> None: ...


@message(en="'{token}' on line {next} cannot follow it", zh="第 {next} 行的“{token}”不能接在它后面")
def note_dangling_before(*, next: int, token: str) -> None: ...


@message(en="did you mean `{keyword}`?", zh="是不是 `{keyword}`？")
def did_you_mean_keyword(*, keyword: str) -> None: ...


@message(en="the scheme is nested too deeply to read", zh="方案嵌套层次太深，无法读取")
def nested_too_deeply() -> None: ...


@message(en="the scheme is nested too deeply to format", zh="方案嵌套层次太深，无法格式化")
def nested_too_deeply_to_format() -> None: ...


@message(en="the scheme file is {size} characters long; the limit is {limit}", zh="方案文件有 {size} 个字符，上限是 {limit}")
def too_large(*, size: str, limit: str) -> None: ...


@message(en=Plural("count", "{count} more syntax error is not shown (`kpi fmt` rewrites full-width punctuation)",
                   "{count} more syntax errors are not shown (`kpi fmt` rewrites full-width punctuation)"),
         zh="另有 {count} 个语法错误未显示（`kpi fmt` 可把全角标点改为半角）")
def more_not_shown(*, count: int) -> None: ...


@message(en="kpidsl stops reading a file after {limit} syntax errors", zh="发现 {limit} 个语法错误后，kpidsl 停止读取该文件")
def stops_reading(*, limit: int) -> None: ...


@message(en="split it into modules and `import` them", zh="请拆分成多个模块，再用 `import` 导入")
def too_large_hint() -> None: ...


@message(en="brackets are nested more than {limit} deep", zh="括号嵌套超过了 {limit} 层")
def brackets_too_deep(*, limit: int) -> None: ...


@message(en="name the inner parts with `const` or separate indicators", zh="请用 `const` 或单独的指标给内层部分命名")
def brackets_too_deep_hint() -> None: ...


@message(en="this formula is too long: it is more than {limit} levels deep (hundreds of terms or `else if` in one chain)",
         zh="这个公式太长：嵌套超过 {limit} 层（一条链上有数百个项或 `else if`）")
def formula_too_deep(*, limit: int) -> None: ...


@message(en="split it: add up parts of at most 100 terms in fields (`field 小计1 = a + b + ...`), then add the fields",
         zh="请拆分：先用字段把不超过 100 项的部分加起来（`field 小计1 = a + b + ...`），再把这些字段相加")
def formula_too_deep_hint() -> None: ...


# The words for terminals a user can be told were expected.


@message(en="a name", zh="名称")
def word_name() -> None: ...


@message(en="a number", zh="数字")
def word_number() -> None: ...


@message(en='a quoted string ("...")', zh='带引号的文本（"..."）')
def word_string() -> None: ...


@message(en="a comparison (>=, >, <=, <, ==)", zh="比较符号（>=、>、<=、<、==）")
def word_comparison() -> None: ...


@message(en="the end of the file", zh="文件结尾")
def word_end() -> None: ...


@message(en="a token", zh="符号")
def word_token() -> None: ...


# Hints for frequent mistakes (parser.MISTAKE_HINTS).


@message(en="tiers and outcomes are written `condition -> points`, e.g. `>= 95% -> 100`",
         zh="阶梯档位和结果写作 `条件 -> 分数`，例如 `>= 95% -> 100`")
def hint_arrow_not_colon() -> None: ...


@message(en="use `->` between a condition and its points", zh="条件和分数之间请用 `->`")
def hint_arrow_not_fat_arrow() -> None: ...


@message(en="division by zero is handled with a clause: `on zero -> 0` (or skip, error)",
         zh="除以零要用子句说明：`on zero -> 0`（或 skip、error）")
def hint_on_zero() -> None: ...


@message(en="outcomes are written with `->`, e.g. `on zero -> 0`", zh="结果用 `->` 表示，例如 `on zero -> 0`")
def hint_outcome_arrow() -> None: ...


@message(en="a percent sign goes right after a number, e.g. `95%`", zh="百分号要紧跟在数字后面，例如 `95%`")
def hint_percent_after_number() -> None: ...


# ----------------------------------------------------------------------------- transformer


@message(en="a file holds at most one scheme", zh="一个文件最多只能有一个方案")
def one_scheme_per_file() -> None: ...


@message(en="put the second scheme in its own .kpi file and share definitions with `import`",
         zh="请把第二个方案放到单独的 .kpi 文件中，共用的定义用 `import` 导入")
def one_scheme_per_file_hint() -> None: ...


@message(en="`{key}` is declared twice in this scheme", zh="本方案中 `{key}` 声明了两次")
def meta_twice(*, key: str) -> None: ...


@message(en="a scheme has one `{statement}` statement", zh="一个方案只能有一条 `{statement}` 语句")
def statement_twice(*, statement: str) -> None: ...


@message(en="a scheme has one `data` block", zh="一个方案只能有一个 `data` 块")
def data_block_twice() -> None: ...


@message(en="a scheme has one `overrides` block", zh="一个方案只能有一个 `overrides` 块")
def overrides_block_twice() -> None: ...


@message(en="`drop summary_rows` is given twice in this `data` block", zh="这个 `data` 块中 `drop summary_rows` 写了两次")
def drop_twice() -> None: ...


@message(en="`round` takes a whole number of decimal places from 0 to 12, not {text}", zh="`round` 的小数位数应为 0 到 12 的整数，不能是 {text}")
def bad_places(*, text: str) -> None: ...


@message(en="`{clause}` takes a whole number, not {text}", zh="`{clause}` 后面应为整数，不能是 {text}")
def bad_count(*, clause: str, text: str) -> None: ...


@message(en="`as points` is for percent inputs; '{input}' is {type}", zh="`as points` 只能用于百分比（percent）输入项；“{input}”是 {type}")
def as_points_not_percent(*, input: str, type: str) -> None: ...


@message(en="remove `as points`, or declare the input `: percent`", zh="请删去 `as points`，或把该输入项声明为 `: percent`")
def as_points_not_percent_hint() -> None: ...


@message(en="level '{label}' has its range upside down ({low}..{high})", zh="等级“{label}”的范围写反了（{low}..{high}）")
def level_upside_down(*, label: str, low: str, high: str) -> None: ...


@message(en="write {high}..{low}", zh="请写成 {high}..{low}")
def level_upside_down_hint(*, low: str, high: str) -> None: ...


@message(en="param '{param}' is given twice in '{indicator}'", zh="指标“{indicator}”中参数“{param}”写了两次")
def param_twice(*, param: str, indicator: str) -> None: ...


@message(en="indicator '{indicator}' has two `{clause}` clauses", zh="指标“{indicator}”有两个 `{clause}` 子句")
def clause_twice(*, indicator: str, clause: str) -> None: ...


@message(en="the first is at line {line}; keep one", zh="第一个在第 {line} 行；请只保留一个")
def clause_twice_hint(*, line: int) -> None: ...


@message(en="`{option}` is given twice in distribution '{rule}'", zh="强制分布“{rule}”中 `{option}` 写了两次")
def distribution_option_twice(*, option: str, rule: str) -> None: ...


# The language issue's forms: raters' scale, dates, veto effects, fields, pools and normalisation.


@message(en="`scale` is given twice in these raters", zh="这组评分人中 `scale` 写了两次")
def raters_scale_twice() -> None: ...


@message(en='date "{text}" is not a calendar date written year-month-day', zh="日期“{text}”不是按 年-月-日 写的有效日期")
def bad_date(*, text: str) -> None: ...


@message(en='write it as date "2024-07-01"', zh='请写成 date "2024-07-01"')
def bad_date_hint() -> None: ...


@message(en="a veto's effect is `no bonus` or `grade X`, not '{effect}'", zh="一票否决的后果只能是 `no bonus` 或 `grade X`，而不是“{effect}”")
def bad_veto_effect(*, effect: str) -> None: ...


@message(en="write `-> no bonus` (two words) or `-> grade D`", zh="请写 `-> no bonus`（两个词）或 `-> grade D`")
def bad_veto_effect_hint() -> None: ...


@message(en="`{clause}` is given twice in field '{field}'", zh="字段“{field}”中 `{clause}` 写了两次")
def field_clause_twice(*, clause: str, field: str) -> None: ...


@message(en="`{clause}` is given twice in '{rule}'", zh="“{rule}”中 `{clause}` 写了两次")
def rule_clause_twice(*, clause: str, rule: str) -> None: ...
