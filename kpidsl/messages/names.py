"""Messages of the resolver (`resolve/`): names defined twice or not at all, names read where they
are not known yet, names of the wrong kind, circles; and the words for kinds of definitions and
for the places a formula stands at."""

from __future__ import annotations

from ..i18n import message

# ----------------------------------------------------------------------------- kinds of definitions


@message(en="an input", zh="输入项")
def a_input() -> None: ...


@message(en="a const", zh="常量")
def a_const() -> None: ...


@message(en="a ladder", zh="阶梯")
def a_ladder() -> None: ...


@message(en="a scale", zh="量表")
def a_scale() -> None: ...


@message(en="a bands", zh="等级区间表")
def a_bands() -> None: ...


@message(en="a template", zh="模板")
def a_template() -> None: ...


@message(en="an indicator", zh="指标")
def a_indicator() -> None: ...


@message(en="a group", zh="指标组")
def a_group() -> None: ...


@message(en="a population", zh="全体规则")
def a_population() -> None: ...


@message(en="a field", zh="字段")
def a_field() -> None: ...


@message(en="input", zh="输入项")
def the_input() -> None: ...


@message(en="const", zh="常量")
def the_const() -> None: ...


@message(en="ladder", zh="阶梯")
def the_ladder() -> None: ...


@message(en="scale", zh="量表")
def the_scale() -> None: ...


@message(en="bands", zh="等级区间表")
def the_bands() -> None: ...


@message(en="template", zh="模板")
def the_template() -> None: ...


@message(en="indicator", zh="指标")
def the_indicator() -> None: ...


@message(en="group", zh="指标组")
def the_group() -> None: ...


@message(en="population", zh="全体规则")
def the_population() -> None: ...


@message(en="field", zh="字段")
def the_field() -> None: ...


# ----------------------------------------------------------------------------- places a formula stands at


@message(en="the value of '{name}'", zh="“{name}”的数值")
def place_value(*, name: str) -> None: ...


@message(en="indicator '{name}'", zh="指标“{name}”")
def place_indicator(*, name: str) -> None: ...


@message(en="a deduction or bonus", zh="扣分或加分")
def place_adjustment() -> None: ...


@message(en="'{label}' (taken from '{source}')", zh="“{label}”（从“{source}”中扣除）")
def place_taken_from(*, label: str, source: str) -> None: ...


@message(en="a veto", zh="一票否决")
def place_veto() -> None: ...


@message(en="the total", zh="总分")
def place_total() -> None: ...


@message(en="a population rule", zh="全体规则")
def place_rule() -> None: ...


@message(en="field '{name}'", zh="字段“{name}”")
def place_field(*, name: str) -> None: ...


@message(en="an exclusion", zh="不参加考核条件")
def place_exclusion() -> None: ...


@message(en="a constant", zh="常量")
def place_constant() -> None: ...


@message(en="a tier of {what}", zh="{what}的档位")
def place_tier(*, what: str) -> None: ...


@message(en="{func}()", zh="{func}()")
def place_history(*, func: str) -> None: ...


@message(en="groups are combined after every indicator is scored; use them in deductions, vetoes or the total",
         zh="指标组在所有指标计分之后才汇总；请在扣分、一票否决或总分中使用")
def hint_groups_later() -> None: ...


@message(en="it is taken from '{source}' while that item is scored, before groups are combined",
         zh="它在“{source}”计分时就从中扣除，此时指标组尚未汇总")
def hint_taken_from(*, source: str) -> None: ...


@message(en="a record is excluded before anything is computed: test its inputs (dates, days absent, ...)",
         zh="是否参加考核在计算任何得分之前判断：请用输入项判断（日期、缺勤天数等）")
def hint_exclusion() -> None: ...


@message(en="a constant can only use numbers and other constants", zh="常量只能使用数字和其他常量")
def hint_constant() -> None: ...


@message(en="a tier's result is fixed when the scheme is read: numbers and constants only; to score from the record's "
            "values, name the ladder (`ladder 阶梯 {{ ... }}` beside the indicators) and write the indicator's score as a "
            "formula that calls it, e.g. `score if value < 2/3 then 利润 / 预算 * 100 else 阶梯(value)`",
         zh="档位的结果在读取方案时就已确定：只能用数字和常量；要按记录的数值计分，请给阶梯命名（在指标旁写 `ladder 阶梯 {{ ... }}`），"
            "再把指标的 score 写成调用它的公式，例如 `score if value < 2/3 then 利润 / 预算 * 100 else 阶梯(value)`")
def hint_tier() -> None: ...


# ----------------------------------------------------------------------------- definitions


@message(en="'{name}' is a built-in name (the scheme's {what})", zh="“{name}”是内置名称（方案的{what}）")
def builtin_name(*, name: str, what: str) -> None: ...


@message(en="choose another name", zh="请换一个名称")
def choose_another_name() -> None: ...


@message(en="'{name}' here replaces the {kind} imported from {module}", zh="这里的“{name}”取代了从 {module} 导入的{kind}")
def replaces_import(*, name: str, kind: str, module: str) -> None: ...


@message(en="rename it if both are meant to exist", zh="如果两者都需要保留，请改名")
def replaces_import_hint() -> None: ...


@message(en="'{name}' is already defined as {kind}", zh="“{name}”已经定义为{kind}")
def defined_twice(*, name: str, kind: str) -> None: ...


@message(en="the first definition is at {location}", zh="第一次定义在 {location}")
def first_definition(*, location: str) -> None: ...


@message(en="`id` names '{name}', which is not an input", zh="`id` 指定的“{name}”不是输入项")
def id_not_input(*, name: str) -> None: ...


@message(en="unknown input '{name}' for rater '{role}'", zh="评分人“{role}”的输入项“{name}”不存在")
def unknown_rater_input(*, name: str, role: str) -> None: ...


@message(en="unknown indicator '{name}'", zh="指标“{name}”不存在")
def unknown_indicator(*, name: str) -> None: ...


@message(en="'{label}' is taken from '{source}', so it cannot read '{source}' itself", zh="“{label}”从“{source}”中扣除，因此不能读取“{source}”本身")
def taken_from_reads_source(*, label: str, source: str) -> None: ...


@message(en="its score is what the deduction changes; read the inputs instead", zh="扣分改变的正是它的得分；请改为读取输入项")
def taken_from_reads_source_hint() -> None: ...


# ----------------------------------------------------------------------------- names in formulas


@message(en="'{name}' is {kind}; call it with a value: {name}(x)", zh="“{name}”是{kind}；请带一个值调用：{name}(x)")
def call_table(*, name: str, kind: str) -> None: ...


@message(en="'{name}' is computed after this rule", zh="“{name}”在这条规则之后才计算")
def computed_after(*, name: str) -> None: ...


@message(en="population rules run in the order they are written; move this rule below it",
         zh="全体规则按书写顺序执行；请把这条规则移到它的下面")
def computed_after_hint() -> None: ...


@message(en="'{name}' reads its own value in its `value` formula", zh="“{name}”在自己的 `value` 公式中读取了自己的数值")
def reads_own_value(*, name: str) -> None: ...


@message(en="`value` stands for the result of this formula; use the inputs it is computed from",
         zh="`value` 代表这个公式的结果；请使用计算它所需的输入项")
def reads_own_value_hint() -> None: ...


@message(en="'value' is used, but indicator '{name}' has no `value` clause", zh="用到了 'value'，但指标“{name}”没有 `value` 子句")
def value_without_clause(*, name: str) -> None: ...


@message(en="add `value <formula>` to the indicator", zh="请给该指标加上 `value <公式>`")
def value_without_clause_hint() -> None: ...


@message(en="unknown name '{name}'", zh="名称“{name}”不存在")
def unknown_name(*, name: str) -> None: ...


@message(en="population rules run after every record is scored; read their outputs in a `field` or a later rule",
         zh="全体规则在所有记录计分之后才执行；请在 `field` 或之后的规则中读取它们的结果")
def hint_rules_later() -> None: ...


@message(en="{kind} ('{name}') cannot be used in {where}", zh="{where}中不能使用{kind}（“{name}”）")
def cannot_use_here(*, kind: str, name: str, where: str) -> None: ...


@message(en="unknown indicator or group '{name}'", zh="指标或指标组“{name}”不存在")
def unknown_item(*, name: str) -> None: ...


@message(en="an indicator cannot use a group's score ('{name}')", zh="指标不能使用指标组的得分（“{name}”）")
def indicator_reads_group(*, name: str) -> None: ...


@message(en="groups are combined after every indicator is scored", zh="指标组在所有指标计分之后才汇总")
def hint_groups_combined_later() -> None: ...


@message(en="'{name}' is not available here", zh="这里不能使用“{name}”")
def not_available_here(*, name: str) -> None: ...


@message(en="use {names}", zh="请使用 {names}")
def use_instead(*, names: str) -> None: ...


@message(en="a population rule ('{name}') cannot be used in {where}", zh="{where}中不能使用全体规则（“{name}”）")
def rule_not_here(*, name: str, where: str) -> None: ...


@message(en="population rules run after every record is scored; read them in a `field`", zh="全体规则在所有记录计分之后才执行；请在 `field` 中读取")
def hint_rules_in_field() -> None: ...


@message(en="{name} (it has no steps to read)", zh="{name}（它没有可读取的步骤）")
def no_steps(*, name: str) -> None: ...


@message(en="'{part}' is not a step of '{name}'", zh="“{part}”不是“{name}”的步骤")
def not_a_step(*, part: str, name: str) -> None: ...


@message(en="an aggregate over records cannot be used in {where}", zh="{where}中不能使用对多条记录的汇总")
def aggregate_not_here(*, where: str) -> None: ...


@message(en="aggregates are computed over the records of the period", zh="汇总值按同期的记录计算")
def hint_aggregates() -> None: ...


@message(en="unknown aggregate '{name}'", zh="汇总函数“{name}”不存在")
def unknown_aggregate(*, name: str) -> None: ...


@message(en="aggregates: {items}", zh="可用的汇总函数：{items}")
def known_aggregates(*, items: str) -> None: ...


@message(en="{func}() needs a value to aggregate", zh="{func}() 需要一个被汇总的值")
def aggregate_needs_value(*, func: str) -> None: ...


@message(en="e.g. {func}(得分 within 部门); only count() may count the records themselves",
         zh="例如 {func}(得分 within 部门)；只有 count() 可以直接计数记录")
def aggregate_needs_value_hint(*, func: str) -> None: ...


@message(en="`within` and `per` need input columns; '{name}' is not an input", zh="`within` 和 `per` 需要输入列；“{name}”不是输入项")
def within_not_input(*, name: str) -> None: ...


@message(en="`within` needs an input column; '{name}' is not an input", zh="`within` 需要输入列；“{name}”不是输入项")
def rule_within_not_input(*, name: str) -> None: ...


@message(en="{func}() aggregates over records: say which records", zh="{func}() 是对多条记录的汇总：请说明汇总哪些记录")
def aggregate_which_records(*, func: str) -> None: ...


@message(en="e.g. {func}(x within 部门) or {func}(x over all)", zh="例如 {func}(x within 部门) 或 {func}(x over all)")
def aggregate_which_records_hint(*, func: str) -> None: ...


@message(en="unknown function '{name}'", zh="函数“{name}”不存在")
def unknown_function(*, name: str) -> None: ...


@message(en="functions: {items}", zh="可用的函数：{items}")
def known_functions(*, items: str) -> None: ...


@message(en="{func}() takes one name: an input, an indicator, a group, total or a population rule",
         zh="{func}() 只接受一个名称：输入项、指标、指标组、total 或全体规则")
def history_one_name(*, func: str) -> None: ...


@message(en="e.g. {func}(total) or {func}(销售额)", zh="例如 {func}(total) 或 {func}(销售额)")
def history_one_name_hint(*, func: str) -> None: ...


@message(en="{func}() cannot be used in {where}", zh="{where}中不能使用 {func}()")
def history_not_here(*, func: str, where: str) -> None: ...


@message(en="another period's values are read by formulas of indicators and what follows them",
         zh="其他期间的数据只能在指标及其之后的公式中读取")
def history_not_here_hint() -> None: ...


@message(en="unknown constant '{name}' in a bound", zh="界值中的常量“{name}”不存在")
def unknown_bound_constant(*, name: str) -> None: ...


@message(en="bounds are numbers or names of constants", zh="界值只能是数字或常量名")
def bound_hint() -> None: ...


@message(en="'{name}' is {kind}, not {wanted}", zh="“{name}”是{kind}，而不是{wanted}")
def wrong_kind(*, name: str, kind: str, wanted: str) -> None: ...


@message(en="unknown {kind} '{name}'", zh="{kind}“{name}”不存在")
def unknown_of_kind(*, kind: str, name: str) -> None: ...


# ----------------------------------------------------------------------------- population rules' names


@message(en="a coefficient rule", zh="系数规则")
def a_coefficient_rule() -> None: ...


@message(en="a rank rule", zh="排名规则")
def a_rank_rule() -> None: ...


@message(en="a distribution (or `grade`)", zh="强制分布（或 `grade`）")
def a_distribution() -> None: ...


@message(en="'{name}' is defined after this rule", zh="“{name}”定义在这条规则之后")
def defined_after(*, name: str) -> None: ...


@message(en="move this rule below it", zh="请把这条规则移到它的下面")
def move_below() -> None: ...


@message(en="'{name}' is not {what}", zh="“{name}”不是{what}")
def not_a(*, name: str, what: str) -> None: ...


# ----------------------------------------------------------------------------- circles


@message(en="constant '{name}' depends on itself: {chain}", zh="常量“{name}”依赖于自身：{chain}")
def constant_circle(*, name: str, chain: str) -> None: ...


@message(en="indicators depend on each other in a circle: {chain}", zh="指标之间循环依赖：{chain}")
def indicator_circle(*, chain: str) -> None: ...


@message(en="values depend on each other in a circle: {chain}", zh="各值之间循环依赖：{chain}")
def value_circle(*, chain: str) -> None: ...


@message(en="a value cannot be computed from itself, even through a group of records; break the circle",
         zh="一个值不能由它自己算出，即使经过一组记录的汇总也不行；请打破这个循环")
def value_circle_hint() -> None: ...


@message(en="the base score", zh="基础得分")
def step_base() -> None: ...


@message(en="the total", zh="总分")
def step_total() -> None: ...


@message(en="the grade", zh="等级")
def step_grade() -> None: ...


@message(en="deduct '{name}'", zh="扣分“{name}”")
def step_deduct(*, name: str) -> None: ...


@message(en="bonus '{name}'", zh="加分“{name}”")
def step_bonus(*, name: str) -> None: ...


@message(en="veto '{name}'", zh="一票否决“{name}”")
def step_veto(*, name: str) -> None: ...


@message(en="exclude '{name}'", zh="不参加考核条件“{name}”")
def step_exclude(*, name: str) -> None: ...


# ----------------------------------------------------------------------------- the scheme's own results


@message(en="total", zh="总分")
def result_total() -> None: ...


@message(en="total exact", zh="未舍入的总分")
def result_total_exact() -> None: ...


@message(en="base score", zh="基础得分")
def result_base_score() -> None: ...


@message(en="deductions", zh="扣分合计")
def result_deductions() -> None: ...


@message(en="bonuses", zh="加分合计")
def result_bonuses() -> None: ...


@message(en="grade", zh="等级")
def result_grade() -> None: ...
