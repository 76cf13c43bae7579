"""Messages of the language server (`kpi lsp`) that an editor shows as they are: why a rename is
refused, why a file cannot be formatted, and what each builtin function and aggregate does (hover and
completion)."""

from __future__ import annotations

from ..i18n import Plural, message


@message(en="'{name}' is part of the language, not a definition of this file; it cannot be renamed",
         zh="“{name}”是语言本身的一部分，不是本文件的定义，不能重命名")
def rename_language(*, name: str) -> None: ...


@message(en="there is no name here to rename", zh="这里没有可以重命名的名称")
def rename_nothing() -> None: ...


@message(en="the file has errors that stop it being read; fix them before renaming", zh="文件有错误，无法读取；请先改正再重命名")
def rename_unreadable() -> None: ...


@message(en="'{name}' is defined in {module}; rename it there (every scheme that imports it would need the new name)",
         zh="“{name}”定义在 {module} 中；请在那里重命名（所有导入它的方案都需要改用新名称）")
def rename_elsewhere(*, name: str, module: str) -> None: ...


@message(en="{module} reads '{name}' by this name (line {line}), as a template reads its inputs; renamed here, it would no longer find it",
         zh="{module} 按这个名称读取“{name}”（第 {line} 行），模板就是这样读取输入项的；在这里改名后它将找不到该输入项")
def rename_read_elsewhere(*, module: str, name: str, line: int) -> None: ...


@message(en="input '{name}' has no label, so it reads the data column headed '{name}'; renamed, it would no longer match that "
            "column in the CSV or Excel files. Give it the column as its label first (`input {name}: {type} \"{name}\"`, "
            "the quick fix 'Keep the data column'), then rename it",
         zh="输入项“{name}”没有标签，它读取的是表头为“{name}”的数据列；改名后将无法再匹配 CSV 或 Excel 文件中的这一列。"
            "请先把该列名设为它的标签（`input {name}: {type} \"{name}\"`，即快速修复“保留数据列”），再重命名")
def rename_column_by_name(*, name: str, type: str) -> None: ...


@message(en="the data file {file} has a column headed '{name}', which input '{name}' reads by its name; renamed, it would no "
            "longer match. Add '{name}' as an alias (`alias \"{name}\"`) first, then rename it",
         zh="数据文件 {file} 中有表头为“{name}”的列，输入项“{name}”按名称读取它；改名后将无法匹配。"
            "请先把“{name}”加为别名（`alias \"{name}\"`），再重命名")
def rename_column_in_file(*, file: str, name: str) -> None: ...


@message(en="'{name}' is not a name: use letters (Chinese included), digits and `_`, not starting with digits alone",
         zh="“{name}”不是合法的名称：请使用字母（包括汉字）、数字和 `_`，且不能只以数字开头")
def rename_not_a_name(*, name: str) -> None: ...


@message(en="'{name}' is a word of the language; choose another name", zh="“{name}”是语言中的关键字；请换一个名称")
def rename_keyword(*, name: str) -> None: ...


@message(en="'{name}' is already the name of {kind} '{name}' ({where}); choose another name",
         zh="“{name}”已经是{kind}“{name}”的名称（{where}）；请换一个名称")
def rename_taken(*, name: str, kind: str, where: str) -> None: ...


@message(en="Keep the data column: label input '{name}' \"{name}\"", zh="保留数据列：给输入项“{name}”加上标签 \"{name}\"")
def keep_column(*, name: str) -> None: ...


@message(en=Plural("count", "Fix all ({count} safe fix, as kpi lint --fix)", "Fix all ({count} safe fixes, as kpi lint --fix)"), zh="全部修复（{count} 个安全修复，同 kpi lint --fix）")
def fix_all(*, count: int) -> None: ...


@message(en="kpi fmt cannot format this file until its syntax errors are fixed{where}", zh="文件有语法错误，改正之前 kpi fmt 无法格式化{where}")
def cannot_format(*, where: str) -> None: ...


@message(en=" (line {line}: {message})", zh="（第 {line} 行：{message}）")
def first_error(*, line: int, message: str) -> None: ...


# What hovering over a name and completing one show (Markdown; code stays as written).


@message(en="the base score: the weighted combination of the items, before deductions and bonuses",
         zh="基础得分：各项按权重合成的得分，尚未计入扣分和加分")
def result_base_score() -> None: ...


@message(en="the sum of the general deductions (spills included)", zh="总扣分之和（含 `spill` 转入的部分）")
def result_deductions() -> None: ...


@message(en="the sum of the bonuses", zh="加分之和")
def result_bonuses() -> None: ...


@message(en="the published total: after the `total` formula, its cap and floor, rounded as the scheme says",
         zh="公布的总分：按 `total` 公式计算、经上下限调整，并按方案的规定舍入")
def result_total() -> None: ...


@message(en="the total before the scheme's rounding", zh="按方案舍入之前的总分")
def result_total_exact() -> None: ...


@message(en="the grade the bands give the total (or a veto's grade)", zh="按等级区间给总分评定的等级（或一票否决规定的等级）")
def result_grade() -> None: ...


@message(en="whether the record may receive a bonus (false after a `no bonus` veto)", zh="是否可以发放奖金（触发 `no bonus` 否决后为 false）")
def test_bonus_eligible() -> None: ...


@message(en="whether a veto fired", zh="是否触发了一票否决")
def test_vetoed() -> None: ...


@message(en="the reason the record is excluded (`exclude \"...\" when ...`), or `missing`", zh="记录被排除的原因（`exclude \"...\" when ...`），或 `missing`")
def test_excluded() -> None: ...


@message(en="the code the record is expected to fail with (`expect error = \"K-R0301\"`)", zh="预期该记录出错时的代码（`expect error = \"K-R0301\"`）")
def test_error() -> None: ...


@message(en="result", zh="结果")
def result_detail() -> None: ...


@message(en="test result", zh="测试结果")
def test_result_detail() -> None: ...


@message(en="this indicator's own value (its `value` formula, after `on zero` / `on missing`)",
         zh="本指标自身的数值（`value` 公式的结果，已按 `on zero` / `on missing` 处理）")
def self_value() -> None: ...


@message(en="from `{module}`", zh="来自 `{module}`")
def hover_from(*, module: str) -> None: ...


@message(en="reads the data column {columns}", zh="读取数据列 {columns}")
def reads_columns(*, columns: str) -> None: ...


@message(en=" or ", zh=" 或 ")
def or_word() -> None: ...


@message(en="allowed: {range}", zh="取值范围：{range}")
def allowed_range(*, range: str) -> None: ...


@message(en="values allowed: the levels of scale {scale}", zh="允许的值：等级表 {scale} 的等级")
def allowed_levels(*, scale: str) -> None: ...


@message(en="an empty cell is {default}", zh="空单元格按 {default} 计")
def empty_cell_is(*, default: str) -> None: ...


@message(en="may be missing (`optional`)", zh="可缺省（`optional`）")
def may_be_missing() -> None: ...


@message(en="weight {weight}", zh="权重 {weight}")
def weight_fact(*, weight: str) -> None: ...


@message(en="no weight", zh="无权重")
def no_weight() -> None: ...


@message(en="in group `{group}`", zh="属于指标组 `{group}`")
def in_group(*, group: str) -> None: ...


@message(en="from template `{template}`", zh="来自模板 `{template}`")
def from_template(*, template: str) -> None: ...


@message(en="code {code}", zh="编码 {code}")
def code_fact(*, code: str) -> None: ...


@message(en="direction {direction}", zh="方向 {direction}")
def direction_fact(*, direction: str) -> None: ...


@message(en="combine {combine}", zh="合并方式 {combine}")
def combine_fact(*, combine: str) -> None: ...


@message(en="items: {items}", zh="包含：{items}")
def group_items(*, items: str) -> None: ...


@message(en="population rule", zh="全体规则")
def population_rule() -> None: ...


@message(en="{kind} (from {module})", zh="{kind}（来自 {module}）")
def kind_from(*, kind: str, module: str) -> None: ...


@message(en="x of the same employee in the previous period", zh="同一员工上一期的 x")
def prev_doc() -> None: ...


@message(en="x of the same employee in the same period last year", zh="同一员工去年同期的 x")
def last_year_doc() -> None: ...


@message(en="column of {file}: {type}", zh="{file} 中的列：{type}")
def column_detail(*, file: str, type: str) -> None: ...


@message(en="the data column `{header}`", zh="数据列 `{header}`")
def column_doc(*, header: str) -> None: ...


@message(en="the data column `{header}`, e.g. {samples}", zh="数据列 `{header}`，例如 {samples}")
def column_doc_samples(*, header: str, samples: str) -> None: ...


@message(en="stdlib template ({module})", zh="标准库模板（{module}）")
def stdlib_template(*, module: str) -> None: ...


# `kpi stdlib show` (and the same lines in hover and completion): a definition's metadata.


@message(en="{key}: {value}", zh="{key}：{value}")
def meta_line(*, key: str, value: str) -> None: ...


@message(en="English", zh="英文名")
def meta_english() -> None: ...


@message(en="code", zh="编码")
def meta_code() -> None: ...


@message(en="category", zh="类别")
def meta_category() -> None: ...


@message(en="period", zh="考核周期")
def meta_period() -> None: ...


@message(en="direction", zh="方向")
def meta_direction() -> None: ...


@message(en="source", zh="数据来源")
def meta_source() -> None: ...


@message(en="definition", zh="定义")
def meta_definition() -> None: ...


@message(en="unit", zh="单位")
def meta_unit() -> None: ...


@message(en="formula", zh="公式")
def meta_formula() -> None: ...


@message(en="zero denominator", zh="分母为 0 时")
def meta_zero() -> None: ...


@message(en="no division", zh="无除法")
def meta_no_division() -> None: ...


@message(en="inputs", zh="输入项")
def meta_inputs() -> None: ...


@message(en="{name} ({type})", zh="{name}（{type}）")
def meta_input(*, name: str, type: str) -> None: ...


@message(en="{name} ({type}, column '{column}')", zh="{name}（{type}，列“{column}”）")
def meta_input_column(*, name: str, type: str, column: str) -> None: ...


@message(en="params", zh="参数")
def meta_params() -> None: ...


@message(en="examples", zh="示例")
def meta_examples() -> None: ...


@message(en="the smallest argument", zh="各参数中最小的一个")
def builtin_min() -> None: ...


@message(en="the largest argument", zh="各参数中最大的一个")
def builtin_max() -> None: ...


@message(en="x limited to [low, high]", zh="把 x 限制在 [low, high] 之内")
def builtin_clamp() -> None: ...


@message(en="x without its sign", zh="x 的绝对值")
def builtin_abs() -> None: ...


@message(en="x rounded half-up (四舍五入) to `places` decimals (default 0)", zh="把 x 四舍五入到 `places` 位小数（默认 0 位）")
def builtin_round() -> None: ...


@message(en="the arithmetic mean of the arguments", zh="各参数的算术平均值")
def builtin_avg() -> None: ...


@message(en="the sum of the arguments", zh="各参数之和")
def builtin_sum() -> None: ...


@message(en="the first argument that is not missing", zh="第一个有值（不缺失）的参数")
def builtin_coalesce() -> None: ...


@message(en="true when x is not missing", zh="x 有值（不缺失）时为“是”")
def builtin_present() -> None: ...


@message(en="the number of days from start to end (negative when end is earlier)", zh="从 start 到 end 的天数（end 较早时为负数）")
def builtin_days_between() -> None: ...


@message(en="the mean of the values present within the group", zh="组内有值记录的平均值")
def aggregate_mean() -> None: ...


@message(en="the sum of the values present within the group", zh="组内有值记录之和")
def aggregate_sum() -> None: ...


@message(en="the smallest value present within the group", zh="组内有值记录中的最小值")
def aggregate_min() -> None: ...


@message(en="the largest value present within the group", zh="组内有值记录中的最大值")
def aggregate_max() -> None: ...


@message(en="the middle value present within the group (the mean of the two middle ones for an even count)",
         zh="组内有值记录的中位数（个数为偶数时取中间两个的平均值）")
def aggregate_median() -> None: ...


@message(en="how many values are present within the group (how many records, without an argument)",
         zh="组内有值的个数（不带参数时为记录数）")
def aggregate_count() -> None: ...


#: Each builtin function's one-line documentation, by name (tests/unit/test_messages.py checks
#: that every builtin and every aggregate has one).
BUILTIN_DOCS = {"min": builtin_min, "max": builtin_max, "clamp": builtin_clamp, "abs": builtin_abs, "round": builtin_round,
                "avg": builtin_avg, "sum": builtin_sum, "coalesce": builtin_coalesce, "present": builtin_present,
                "days_between": builtin_days_between}

#: What each aggregate gives, by name.
AGGREGATE_DOCS = {"mean": aggregate_mean, "sum": aggregate_sum, "min": aggregate_min, "max": aggregate_max,
                  "median": aggregate_median, "count": aggregate_count}
