"""Messages of the checks of a scheme (K-E01..): definitions, indicators and raters, weights,
adjustments, vetoes and the total, fields and exclusions, population rules, periods, test blocks
and templates' examples. The kinds of values and formulas are in `kinds.py`."""

from __future__ import annotations

from ..i18n import message

# ----------------------------------------------------------------------------- definitions


@message(en="unknown period '{period}'", zh="未知的考核周期“{period}”")
def unknown_period(*, period: str) -> None: ...


@message(en="periods: {items}", zh="可用的周期：{items}")
def known_periods(*, items: str) -> None: ...


@message(en="scale '{name}' has level '{level}' twice", zh="量表“{name}”中等级“{level}”出现了两次")
def scale_level_twice(*, name: str, level: str) -> None: ...


@message(en="grade '{label}' appears twice", zh="等级“{label}”出现了两次")
def grade_twice(*, label: str) -> None: ...


@message(en="`else` must be the last grade band", zh="`else` 必须是最后一个等级区间")
def else_not_last_band() -> None: ...


@message(en="unknown input type '{type}'", zh="未知的输入类型“{type}”")
def unknown_input_type(*, type: str) -> None: ...


@message(en="types: {items}", zh="可用的类型：{items}")
def known_types(*, items: str) -> None: ...


@message(en="a range needs a numeric input, and '{name}' is {type}", zh="取值范围只能用于数值输入项，而“{name}”是 {type}")
def range_needs_number(*, name: str, type: str) -> None: ...


@message(en="column name '{column}' would match both '{other}' and '{name}'", zh="列名“{column}”会同时匹配“{other}”和“{name}”")
def column_matches_two(*, column: str, other: str, name: str) -> None: ...


@message(en="labels and aliases are used to find data columns, so they must be unique", zh="标签和别名用于查找数据列，因此不能重复")
def column_matches_two_hint() -> None: ...


@message(en="input '{name}' is both optional and has a default", zh="输入项“{name}”既是可缺省（`optional`）又有默认值")
def optional_and_default(*, name: str) -> None: ...


@message(en="a default fills a missing cell; `optional` keeps it missing. Choose one",
         zh="默认值会填补空单元格，`optional` 则让它保持缺失，请二选一")
def optional_and_default_hint() -> None: ...


@message(en="input '{name}' says `column optional` but has no default and is not optional: without the column, "
            "every record would lack its value",
         zh="输入项“{name}”声明了 `column optional`，却既没有默认值也不是 optional：缺少这一列时，每条记录都将没有它的值")
def column_optional_alone(*, name: str) -> None: ...


@message(en="give it a default (`= 0`) to use when the column is absent, or declare it `optional`",
         zh="请给它一个缺列时使用的默认值（`= 0`），或声明为 `optional`")
def column_optional_alone_hint() -> None: ...


@message(en="default for '{name}' does not fit its type: {problem}", zh="“{name}”的默认值不符合其类型：{problem}")
def default_misfit(*, name: str, problem: str) -> None: ...


@message(en="the default of '{name}', {value}, is not a level of {scale} ({levels})",
         zh="“{name}”的默认值 {value} 不是“{scale}”的等级（{levels}）")
def default_not_label(*, name: str, value: str, scale: str, levels: str) -> None: ...


@message(en="`in {scale}` limits a text input to the scale's levels, and '{name}' is {type}",
         zh="`in {scale}` 只能把文本输入项限定为等级表的等级，而“{name}”是 {type}")
def labels_need_text(*, scale: str, name: str, type: str) -> None: ...


@message(en="a number input takes a range (`in [0, 100]`); an input that holds labels such as 优/良/中/差 is `text`",
         zh="数值输入项用取值范围（`in [0, 100]`）；存放“优/良/中/差”这类等级的输入项请声明为 `text`")
def labels_need_text_hint() -> None: ...


@message(en="scale '{scale}' gives level '{level}' a range of points ({low}..{high}): a label alone does not say which "
            "points, so the scale cannot limit a text input",
         zh="等级表“{scale}”的等级“{level}”是一个分数区间（{low}..{high}）：仅凭等级名得不出分数，所以不能用它限定文本输入项")
def labels_of_range(*, scale: str, level: str, low: str, high: str) -> None: ...


@message(en="give each level its points (`优 -> 30`), or read the points as a number (`input 分数: score in [0, 100]`) "
            "scored with `score scale {scale}`",
         zh="请给每个等级一个确定的分数（`优 -> 30`），或把分数读成数值（`input 分数: score in [0, 100]`）再用 `score scale {scale}` 计分")
def labels_of_range_hint(*, scale: str) -> None: ...


# ----------------------------------------------------------------------------- indicators


@message(en="unknown {key} '{value}'", zh="未知的 {key} 取值“{value}”")
def unknown_keyword_value(*, key: str, value: str) -> None: ...


@message(en="{key}: {items}", zh="{key} 可取：{items}")
def keyword_values(*, key: str, items: str) -> None: ...


@message(en="the value of '{name}' must be a number (or a scale label), not {kind}", zh="“{name}”的数值必须是数值（或量表的等级名称），而不是{kind}")
def value_not_number(*, name: str, kind: str) -> None: ...


@message(en="`{clause}` must be a number", zh="`{clause}` 必须是数值")
def clause_not_number(*, clause: str) -> None: ...


@message(en="`on {what}` must give a number", zh="`on {what}` 必须给出数值")
def outcome_not_number(*, what: str) -> None: ...


@message(en="indicator '{name}' has neither a `value` nor a `score`", zh="指标“{name}”既没有 `value` 也没有 `score`")
def no_value_no_score(*, name: str) -> None: ...


@message(en="add `score <formula>`, or a `value` with `score ladder ...`", zh="请加上 `score <公式>`，或 `value` 配合 `score ladder ...`")
def no_value_no_score_hint() -> None: ...


@message(en="indicator '{name}' scores its value, but has no `value` clause", zh="指标“{name}”按数值计分，却没有 `value` 子句")
def scores_no_value(*, name: str) -> None: ...


@message(en="add `value <formula>` before `score`", zh="请在 `score` 前加上 `value <公式>`")
def scores_no_value_hint() -> None: ...


@message(en="'{name}' has no `score` and its value is not a number", zh="“{name}”没有 `score`，而其数值又不是数值")
def no_score_not_number(*, name: str) -> None: ...


@message(en="a ladder reads a number; the value of '{name}' is {kind}", zh="阶梯读取数值；而“{name}”的数值是{kind}")
def ladder_reads_number(*, name: str, kind: str) -> None: ...


@message(en="ladder '{name}' gives text; a score must be a number", zh="阶梯“{name}”给出的是文本；得分必须是数值")
def ladder_gives_text(*, name: str) -> None: ...


@message(en="a score ladder must give numbers", zh="计分阶梯必须给出数值")
def score_ladder_numbers() -> None: ...


@message(en="`proportional` needs numbers", zh="`proportional` 需要数值")
def proportional_numbers() -> None: ...


@message(en="the score of '{name}' must be a number, not {kind}", zh="“{name}”的得分必须是数值，而不是{kind}")
def score_not_number(*, name: str, kind: str) -> None: ...


@message(en="unknown rater method '{method}'", zh="未知的评分汇总方式“{method}”")
def unknown_rater_method(*, method: str) -> None: ...


@message(en="methods: mean, weighted, trimmed", zh="可用的方式：mean、weighted、trimmed")
def rater_methods() -> None: ...


@message(en="unknown missing-rater rule '{rule}'", zh="未知的缺评处理规则“{rule}”")
def unknown_missing_rule(*, rule: str) -> None: ...


@message(en="rules: exclude, zero, error", zh="可用的规则：exclude、zero、error")
def missing_rules() -> None: ...


@message(en="'{name}' lists no raters", zh="“{name}”没有列出任何评分人")
def no_raters(*, name: str) -> None: ...


@message(en="rater '{role}' is listed twice", zh="评分人“{role}”列出了两次")
def rater_twice(*, role: str) -> None: ...


@message(en="rater input '{name}' must be numeric, not {type}", zh="评分输入项“{name}”必须是数值，而不是 {type}")
def rater_input_type(*, name: str, type: str) -> None: ...


@message(en="raters who mark with labels ({name} is {type}) need the scale: add `scale NAME` to the raters",
         zh="评分人用等级名称打分（{name} 是 {type}）时需要量表：请在 raters 中加上 `scale 量表名`")
def rater_needs_scale(*, name: str, type: str) -> None: ...


@message(en="rater weight must be above zero, not {weight}", zh="评分人权重必须大于 0，而不是 {weight}")
def rater_weight_positive(*, weight: str) -> None: ...


@message(en="`method weighted` needs a weight on every rater", zh="`method weighted` 要求每个评分人都有权重")
def weighted_needs_weights() -> None: ...


@message(en="rater weights add up to {total}, not 100%", zh="评分人权重合计为 {total}，而不是 100%")
def rater_weights_total(*, total: str) -> None: ...


@message(en="rater weights are ignored by `method {method}`", zh="`method {method}` 不使用评分人权重")
def rater_weights_ignored(*, method: str) -> None: ...


@message(en="use `method weighted`, or drop the weights", zh="请改用 `method weighted`，或去掉权重")
def rater_weights_ignored_hint() -> None: ...


@message(en="`method trimmed` drops at least one rater from each end", zh="`method trimmed` 至少要从两端各去掉一个评分人")
def trimmed_at_least_one() -> None: ...


# ----------------------------------------------------------------------------- weights and groups


@message(en="scheme '{name}'", zh="方案“{name}”")
def scheme_named(*, name: str) -> None: ...


@message(en="group '{name}'", zh="指标组“{name}”")
def group_named(*, name: str) -> None: ...


@message(en="unknown combine rule '{rule}'", zh="未知的合并方式“{rule}”")
def unknown_combine(*, rule: str) -> None: ...


@message(en="combine: sum, mean", zh="合并方式可取：sum、mean")
def combine_rules() -> None: ...


@message(en="group '{name}' is empty", zh="指标组“{name}”是空的")
def empty_group(*, name: str) -> None: ...


@message(en="weight of '{name}' must be above zero, not {weight}", zh="“{name}”的权重必须大于 0，而不是 {weight}")
def weight_positive(*, name: str, weight: str) -> None: ...


@message(en="{what} averages its members (`combine mean`), so member weights have no effect",
         zh="{what}对成员取平均（`combine mean`），成员权重不起作用")
def mean_ignores_weights(*, what: str) -> None: ...


@message(en="remove the weights, or use `combine sum` to weight the members", zh="请去掉权重，或改用 `combine sum` 按权重加总")
def mean_ignores_weights_hint() -> None: ...


@message(en="in {what}, some items have a weight and some do not ({names} have none)", zh="{what}中有的项目有权重、有的没有（{names} 没有）")
def weights_partial(*, what: str, names: str) -> None: ...


@message(en="give every item a weight, or none (then the scores are added as points)", zh="请给每一项都加权重，或都不加（此时按分数直接相加）")
def weights_partial_hint() -> None: ...


@message(en="in {what}, weights mix percentages and multipliers", zh="{what}中的权重混用了百分比和倍数")
def weights_mixed(*, what: str) -> None: ...


@message(en="write all weights as percentages (40%) or all as multipliers (x4 is `weight 4`)",
         zh="请把权重都写成百分比（40%），或都写成倍数（4 倍写作 `weight 4`）")
def weights_mixed_hint() -> None: ...


@message(en="weights in {what} add up to {total}, not 100%", zh="{what}的权重合计为 {total}，而不是 100%")
def weights_total(*, what: str, total: str) -> None: ...


@message(en="weights: {items}", zh="各项权重：{items}")
def weights_listing(*, items: str) -> None: ...


@message(en="'{name}' may be skipped, but {what} has no weights to share out again", zh="“{name}”可能不计分，但{what}没有可重新分配的权重")
def skip_without_weights(*, name: str, what: str) -> None: ...


@message(en="give the items weights, or state a value instead of skip", zh="请给各项加上权重，或用具体数值代替 skip")
def skip_without_weights_hint() -> None: ...


# ----------------------------------------------------------------------------- adjustments, vetoes, the total


@message(en="the amount of '{label}' must be a number, not {kind}", zh="“{label}”的分值必须是数值，而不是{kind}")
def amount_not_number(*, label: str, kind: str) -> None: ...


@message(en="`cap` must be a number", zh="`cap` 必须是数值")
def cap_not_number() -> None: ...


@message(en="`from` applies to deductions only", zh="`from` 只能用于扣分")
def from_deductions_only() -> None: ...


@message(en="`spill` needs `from INDICATOR`", zh="`spill` 需要配合 `from 指标`")
def spill_needs_from() -> None: ...


@message(en="spill moves what an item's own points cannot cover into the general deductions",
         zh="spill 把某项自身得分不够扣的部分转入总扣分")
def spill_hint() -> None: ...


@message(en="the condition of veto '{label}' must be yes/no, not {kind}", zh="一票否决“{label}”的条件必须是是/否值，而不是{kind}")
def veto_condition(*, label: str, kind: str) -> None: ...


@message(en="write a comparison, e.g. `loss >= 2000`", zh="请写一个比较，例如 `loss >= 2000`")
def veto_condition_hint() -> None: ...


@message(en="veto '{label}' sets a grade, but the scheme has no `grade`", zh="一票否决“{label}”要设定等级，但方案没有 `grade`")
def veto_grade_without_grade(*, label: str) -> None: ...


@message(en="veto '{label}' sets grade '{grade}', which is not one of {labels}", zh="一票否决“{label}”设定的等级“{grade}”不在 {labels} 之中")
def veto_unknown_grade(*, label: str, grade: str, labels: str) -> None: ...


@message(en="the total must be a number, not {kind}", zh="总分必须是数值，而不是{kind}")
def total_not_number(*, kind: str) -> None: ...


@message(en="grades read the `rounded` or the `exact` total, not '{reads}'", zh="等级只能读取 `rounded`（舍入后）或 `exact`（未舍入）的总分，而不是“{reads}”")
def grade_reads(*, reads: str) -> None: ...


# ----------------------------------------------------------------------------- fields, exclusions, veto columns


@message(en="field '{name}' is {kind}; only a number can be rounded", zh="字段“{name}”是{kind}；只有数值才能舍入")
def field_round_not_number(*, name: str, kind: str) -> None: ...


@message(en="field '{name}' is {kind}; only a number can be shown as a percentage", zh="字段“{name}”是{kind}；只有数值才能显示为百分比")
def field_percent_not_number(*, name: str, kind: str) -> None: ...


@message(en="remove `{clause}`", zh="请去掉 `{clause}`")
def remove_clause(*, clause: str) -> None: ...


@message(en="field '{name}' cannot be skipped: it has no weight to share out", zh="字段“{name}”不能 skip：它没有可分配的权重")
def field_skip(*, name: str) -> None: ...


@message(en="give it a value instead, `on zero -> empty` for none, or `on zero -> error`",
         zh="请改为给出一个值：`on zero -> empty` 表示空值，或 `on zero -> error`")
def field_skip_hint() -> None: ...


@message(en="'{name}' is a column every result has; a field needs a name of its own", zh="“{name}”是每个结果都有的列；字段需要自己的名字")
def field_result_name(*, name: str) -> None: ...


@message(en="the condition of exclusion '{reason}' must be yes/no, not {kind}", zh="不参加考核条件“{reason}”必须是是/否条件，而不是{kind}")
def exclusion_condition(*, reason: str, kind: str) -> None: ...


@message(en='write a comparison, e.g. `入职日期 > date "2024-01-01"`', zh='请写一个比较，例如 `入职日期 > date "2024-01-01"`')
def exclusion_condition_hint() -> None: ...


@message(en="the {kind} '{name}'", zh="{kind}“{name}”")
def definition_named(*, kind: str, name: str) -> None: ...


@message(en="the column '{name}'", zh="列“{name}”")
def column_named(*, name: str) -> None: ...


@message(en="veto '{label}' names a yes/no column of its own, which would clash with {what}",
         zh="一票否决“{label}”会生成同名的是/否列，与{what}冲突")
def veto_column_clash(*, label: str, what: str) -> None: ...


@message(en="give the veto another label", zh="请给这个一票否决换一个名称")
def veto_column_clash_hint() -> None: ...


# ----------------------------------------------------------------------------- population rules


@message(en="expected {want}, not {kind}", zh="这里应为{want}，而不是{kind}")
def expected_kind(*, want: str, kind: str) -> None: ...


@message(en="'{step}' is not a step of a normalisation", zh="“{step}”不是标准化的步骤")
def not_a_normalise_step(*, step: str) -> None: ...


@message(en="steps: {items}", zh="可用的步骤：{items}")
def normalise_steps(*, items: str) -> None: ...


@message(en="`prorate` weights a pool's shares; shares by rank have fixed percentages", zh="`prorate` 用于奖金池份额的折算；按排名分配的份额比例是固定的")
def prorate_on_shares() -> None: ...


@message(en="a flag needs at least 1 period", zh="标记至少需要 1 期")
def flag_periods() -> None: ...


@message(en="`{mode} {method}` is not a way to round shares", zh="`{mode} {method}` 不是份额的舍入方式")
def share_rounding(*, mode: str, method: str) -> None: ...


@message(en="`balance largest_remainder`: the shares add up to the amount; `each half_up`: each share rounded on its own",
         zh="`balance largest_remainder`：各份额之和等于总额；`each half_up`：每个份额各自四舍五入")
def share_rounding_hint() -> None: ...


@message(en="coefficients `from grade` need a `grade` statement", zh="`from grade` 的系数需要方案有 `grade`")
def coefficients_need_grade() -> None: ...


@message(en="coefficient '{name}' gives no value for {labels}", zh="系数“{name}”没有给出 {labels} 的值")
def coefficient_missing(*, name: str, labels: str) -> None: ...


@message(en="'{label}' is not a grade of {source}", zh="“{label}”不是 {source} 的等级")
def coefficient_unknown_grade(*, label: str, source: str) -> None: ...


@message(en="rank position {position} is not a valid, single position", zh="名次 {position} 不是有效的单个名次")
def share_position(*, position: str) -> None: ...


@message(en="share {share} is negative", zh="份额 {share} 是负数")
def share_negative(*, share: str) -> None: ...


@message(en="shares of '{name}' add up to {total}, more than the pool", zh="“{name}”的份额合计为 {total}，超过了奖金池")
def shares_over(*, name: str, total: str) -> None: ...


@message(en="unknown roll-up '{method}'", zh="未知的累计方式“{method}”")
def unknown_rollup(*, method: str) -> None: ...


@message(en="roll-ups: mean, sum, weighted", zh="累计方式可取：mean、sum、weighted")
def rollup_methods() -> None: ...


@message(en="`weighted` needs `by WEIGHT`, and only `weighted` takes one", zh="`weighted` 需要 `by 权重`，且只有 `weighted` 可以带权重")
def rollup_weight() -> None: ...


@message(en="a roll-up over {over} needs a coarser unit than the scheme's period ({unit})", zh="按 {over} 累计需要比方案的考核周期（{unit}）更长的周期")
def rollup_unit(*, over: str, unit: str) -> None: ...


@message(en="quotas of '{name}' add up to {total}, not 100%", zh="“{name}”的名额比例合计为 {total}，而不是 100%")
def quotas_total(*, name: str, total: str) -> None: ...


@message(en="quotas: {items}", zh="各级比例：{items}")
def quotas_listing(*, items: str) -> None: ...


@message(en="grade '{label}' appears twice in '{name}'", zh="等级“{label}”在“{name}”中出现了两次")
def quota_twice(*, label: str, name: str) -> None: ...


@message(en="quota {quota} is negative", zh="比例 {quota} 是负数")
def quota_negative(*, quota: str) -> None: ...


@message(en="unknown {option} '{value}'", zh="未知的 {option} 取值“{value}”")
def unknown_option(*, option: str, value: str) -> None: ...


@message(en="`min_group ... -> bands` needs a `grade` statement", zh="`min_group ... -> bands` 需要方案有 `grade`")
def fallback_needs_grade() -> None: ...


@message(en="'{grade}' is not a grade of '{name}'", zh="“{grade}”不是“{name}”的等级")
def fallback_unknown(*, grade: str, name: str) -> None: ...


@message(en="write `bands` (use the absolute grade) or one of the quota grades", zh="请写 `bands`（使用按分数确定的等级），或名额中的某个等级")
def fallback_hint() -> None: ...


@message(en="`mode {mode}` changes the grade, but the scheme has no `grade`", zh="`mode {mode}` 会修改等级，但方案没有 `grade`")
def mode_needs_grade(*, mode: str) -> None: ...


@message(en="`mode cap` compares the band grade with the quota grade, but {labels} is not among the quotas of '{name}'",
         zh="`mode cap` 要比较按分数确定的等级与名额等级，但 {labels} 不在“{name}”的名额中")
def cap_mode_labels(*, labels: str, name: str) -> None: ...


# ----------------------------------------------------------------------------- periods


@message(en="a scheme has one period column; '{name}' is a second", zh="一个方案只能有一个期间列；“{name}”是第二个")
def second_period_column(*, name: str) -> None: ...


@message(en="the period column '{name}' needs the scheme's calendar", zh="期间列“{name}”需要方案声明考核周期")
def period_needs_calendar(*, name: str) -> None: ...


@message(en="declare it: period month | quarter | half_year | year", zh="请声明：period month | quarter | half_year | year")
def period_needs_calendar_hint() -> None: ...


@message(en="this rule reads other periods, but the scheme has no period column", zh="这条规则读取其他期间的数据，但方案没有期间列")
def history_without_period() -> None: ...


@message(en='declare the column that says which period a row belongs to: input 期间: period "考核期间"',
         zh='请声明标明每行所属期间的列：input 期间: period "考核期间"')
def history_without_period_hint() -> None: ...


# ----------------------------------------------------------------------------- test blocks and template examples


@message(en="two tests are named '{name}'", zh="有两个测试都叫“{name}”")
def test_twice(*, name: str) -> None: ...


@message(en="test value for '{name}', {value}, is not a level of {scale} ({levels})",
         zh="测试中“{name}”的值 {value} 不是“{scale}”的等级（{levels}）")
def test_value_not_label(*, name: str, value: str, scale: str, levels: str) -> None: ...


@message(en="test '{test}' gives '{name}', which is not an input", zh="测试“{test}”给出的“{name}”不是输入项")
def test_not_input(*, test: str, name: str) -> None: ...


@message(en="test value for '{name}' does not fit its type: {problem}", zh="测试中“{name}”的值不符合其类型：{problem}")
def test_value_misfit(*, name: str, problem: str) -> None: ...


@message(en="item fields: {items}", zh="指标可用的字段：{items}")
def item_fields(*, items: str) -> None: ...


@message(en="fields: {items}, or ITEM.score", zh="可用的字段：{items}，或 指标.score")
def test_fields(*, items: str) -> None: ...


@message(en="test '{test}' expects unknown result '{path}'", zh="测试“{test}”期望的结果“{path}”不存在")
def test_unknown_result(*, test: str, path: str) -> None: ...


@message(en="example '{test}' gives '{name}', which is not an input of '{template}'", zh="示例“{test}”给出的“{name}”不是模板“{template}”的输入项")
def example_not_input(*, test: str, name: str, template: str) -> None: ...


@message(en="example '{test}' expects '{path}'; a template example expects score, value, skipped or error",
         zh="示例“{test}”期望“{path}”；模板的示例只能期望 score、value、skipped 或 error")
def example_unknown_result(*, test: str, path: str) -> None: ...
