"""Messages of evaluation (K-R03..): what stops a record (a division by zero, a missing value, a
value in no tier, raters) and what stops a population rule (keys, coefficients, pools, department
scores, aggregates), and the names of the places a formula stands in (`the total`, 总分)."""

from __future__ import annotations

from ..i18n import Plural, message

# ----------------------------------------------------------------------------- one record


@message(en="record '{record}': {message}", zh="记录“{record}”：{message}")
def in_record(*, record: str, message: str) -> None: ...


@message(en="record '{record}', period {period}: {message}", zh="记录“{record}”（期间 {period}）：{message}")
def in_record_period(*, record: str, period: str, message: str) -> None: ...


@message(en="division by zero", zh="除数为 0")
def division_by_zero() -> None: ...


@message(en="division by zero in {what}", zh="{what}中除数为 0")
def division_by_zero_in(*, what: str) -> None: ...


@message(en="{value} falls in no tier of {what}", zh="{value} 不落在“{what}”的任何档位中")
def no_tier(*, value: str, what: str) -> None: ...


@message(en="add the missing tier or an `else` tier (kpi lint reports gaps)", zh="请补上缺少的档位，或加一个 `else` 档（`kpi lint` 会报告空档）")
def no_tier_hint() -> None: ...


@message(en="{value} is not a level of {scale} ({levels})", zh="{value}不是“{scale}”的等级（{levels}）")
def not_a_level(*, value: str, scale: str, levels: str) -> None: ...


@message(en="correct the value in the data to one of these levels; if it is a new level, add it to the scale (an "
            "`else` would give points to every misspelt label too)",
         zh="请把数据中的这个值改成上面的某个等级；如果是新增的等级，请把它加进该等级表（不要用 `else`：那样写错的等级也会得分）")
def not_a_level_hint() -> None: ...


@message(en="{value} (input '{input}')", zh="{value}（输入项“{input}”）")
def value_of_input(*, value: str, input: str) -> None: ...


@message(en="did you mean '{level}'?", zh="是不是“{level}”？")
def maybe_level(*, level: str) -> None: ...


@message(en="{scale}: level '{level}' is a range; give the points", zh="{scale}：等级“{level}”是一个分数区间，请给出具体分数")
def level_is_range(*, scale: str, level: str) -> None: ...


@message(en="{what} cannot be computed: a value is missing", zh="{what}无法计算：缺少数值")
def missing_value(*, what: str) -> None: ...


@message(en="give the inputs it uses a default, e.g. `input late: count = 0`", zh="请给它用到的输入项设默认值，例如 `input late: count = 0`")
def missing_value_hint() -> None: ...


@message(en="division by zero in '{name}': {divisor} is 0", zh="“{name}”中除数为 0：{divisor} 为 0")
def indicator_division_by_zero(*, name: str, divisor: str) -> None: ...


@message(en="say what a zero means for this indicator: `on zero -> 0`, `on zero -> skip` or `on zero -> error` in '{name}'",
         zh="请在“{name}”中说明除数为 0 时怎么办：`on zero -> 0`、`on zero -> skip` 或 `on zero -> error`")
def indicator_zero_hint(*, name: str) -> None: ...


@message(en="'{name}' cannot be computed: a value is missing", zh="“{name}”无法计算：缺少数值")
def indicator_missing(*, name: str) -> None: ...


@message(en="'{name}' cannot be computed: a value is missing ({names} missing)", zh="“{name}”无法计算：缺少数值（{names} 缺失）")
def indicator_missing_named(*, name: str, names: str) -> None: ...


@message(en="say what a missing value means: `on missing -> 0`, `on missing -> skip` in '{name}', or give the input a default",
         zh="请在“{name}”中说明缺少数值时怎么办：`on missing -> 0`、`on missing -> skip`，或给输入项设默认值")
def indicator_missing_hint(*, name: str) -> None: ...


@message(en=Plural("count", "{count} rater gave no score: {names}", "{count} raters gave no score: {names}"),
         zh="{count} 位评分人没有评分：{names}")
def raters_missing(*, count: int, names: str) -> None: ...


@message(en="'{name}': {problem}", zh="“{name}”：{problem}")
def of_indicator(*, name: str, problem: str) -> None: ...


@message(en="the scheme says a missing rater is an error (`missing -> error`)", zh="方案规定缺评即为错误（`missing -> error`）")
def raters_missing_hint() -> None: ...


@message(en=Plural("scored", "`method trimmed` drops {trim} from each end, but only {scored} rater scored",
                   "`method trimmed` drops {trim} from each end, but only {scored} raters scored"),
         zh="`method trimmed` 要从两端各去掉 {trim} 个评分，但只有 {scored} 个评分人评了分")
def trimmed_too_few(*, trim: int, scored: int) -> None: ...


@message(en="use `method mean` for small rater groups", zh="评分人较少时请用 `method mean`")
def trimmed_too_few_hint() -> None: ...


@message(en="every item was skipped; there is no score to give", zh="所有项目都不计分，无法给出得分")
def all_skipped() -> None: ...


@message(en="check the `on zero` / `on missing` outcomes", zh="请检查 `on zero` / `on missing` 的处理方式")
def all_skipped_hint() -> None: ...


@message(en=("if the person has no data for this period, leave such records out with a line "
             "`exclude \"no data this period\" when not present({input})`; else check the `on zero` / `on missing` outcomes"),
         zh=("若此人本期没有考核数据，可加一行 `exclude \"本期无考核数据\" when not present({input})` 不予考核；"
             "否则请检查 `on zero` / `on missing` 的处理方式"))
def all_skipped_exclude_hint(*, input: str) -> None: ...


@message(en="division by zero in field '{name}': {divisor} is 0", zh="字段“{name}”中除数为 0：{divisor} 为 0")
def field_division_by_zero(*, name: str, divisor: str) -> None: ...


@message(en="say what a zero means: `field {name} = ... {{ on zero -> empty }}` (or a value)",
         zh="请说明除数为 0 时怎么办：`field {name} = ... {{ on zero -> empty }}`（或给一个值）")
def field_zero_hint(*, name: str) -> None: ...


@message(en="record '{record}' has no period", zh="记录“{record}”没有考核周期")
def no_period(*, record: str) -> None: ...


@message(en="fill the '{column}' column on every row", zh="请在每一行填写“{column}”列")
def no_period_hint(*, column: str) -> None: ...


@message(en="a number grew beyond the exact range ({problem})", zh="数值超出了精确计算的范围（{problem}）")
def number_overflow(*, problem: str) -> None: ...


@message(en="check the formulas for runaway multiplication", zh="请检查公式中是否有失控的连乘")
def number_overflow_hint() -> None: ...


@message(en="overrides cannot yet be applied to this scheme: some of its values are computed from population values "
            "(fields or aggregates after the rules)",
         zh="暂时无法对此方案应用覆盖值：它的部分数值由全体规则的结果得出（排在全体规则之后的字段或统计）")
def overrides_unsupported() -> None: ...


@message(en="evaluate it without --overrides, or keep the values that read rules out of it",
         zh="请不带 --overrides 计算，或去掉读取全体规则结果的数值")
def overrides_unsupported_hint() -> None: ...


# ----------------------------------------------------------------------------- where a formula stands


@message(en="the total's cap", zh="总分上限")
def the_total_cap() -> None: ...


@message(en="the total's floor", zh="总分下限")
def the_total_floor() -> None: ...


@message(en="veto '{label}'", zh="一票否决“{label}”")
def the_veto(*, label: str) -> None: ...


@message(en="the cap of '{label}'", zh="“{label}”的上限")
def the_adjustment_cap(*, label: str) -> None: ...


@message(en="`on zero` of field '{name}'", zh="字段“{name}”的 `on zero`")
def the_field_on_zero(*, name: str) -> None: ...


@message(en="`on {which}` of '{name}'", zh="“{name}”的 `on {which}`")
def the_outcome(*, which: str, name: str) -> None: ...


@message(en="the cap of '{name}'", zh="“{name}”的得分上限")
def the_indicator_cap(*, name: str) -> None: ...


@message(en="the floor of '{name}'", zh="“{name}”的得分下限")
def the_indicator_floor(*, name: str) -> None: ...


@message(en="exclusion '{reason}'", zh="不参加考核条件“{reason}”")
def the_exclusion(*, reason: str) -> None: ...


# ----------------------------------------------------------------------------- population rules


@message(en="the key of '{rule}' is missing", zh="“{rule}”的排序依据缺失")
def key_missing(*, rule: str) -> None: ...


@message(en="every record needs a value for the keys it is ranked by", zh="每条记录都需要有排序依据的数值")
def key_missing_hint() -> None: ...


@message(en="'{rule}' needs a number, not {value}", zh="“{rule}”需要数值，而不是 {value}")
def rule_needs_number(*, rule: str, value: str) -> None: ...


@message(en="no coefficient for grade '{grade}' in '{rule}'", zh="“{rule}”中没有等级“{grade}”的系数")
def no_coefficient(*, grade: str, rule: str) -> None: ...


@message(en="the amount", zh="金额")
def the_amount() -> None: ...


@message(en="the department score", zh="部门得分")
def the_department_score() -> None: ...


@message(en="{what} of '{rule}' is missing", zh="“{rule}”的{what}缺失")
def group_value_missing(*, what: str, rule: str) -> None: ...


@message(en="{what} of '{rule}' differs between records of {group}: {values}", zh="“{rule}”的{what}在“{group}”的各条记录中不一致：{values}")
def group_value_differs(*, what: str, rule: str, group: str, values: str) -> None: ...


@message(en="a pool is one amount per group; take it from a column that is the same on every row of the group",
         zh="奖金池每组只有一个金额；请从同组每一行都相同的列中取值")
def pool_amount_hint() -> None: ...


@message(en="it must be one value per department (the department's own score)", zh="每个部门只能有一个值（部门自身的得分）")
def department_score_hint() -> None: ...


@message(en="the amount of '{rule}' is negative ({amount})", zh="“{rule}”的金额为负数（{amount}）")
def amount_negative(*, rule: str, amount: str) -> None: ...


@message(en="the proration factor of '{rule}' is negative", zh="“{rule}”的折算系数为负数")
def prorate_negative(*, rule: str) -> None: ...


@message(en="'{rule}': the average of {group} is 0, so scores cannot be divided by it", zh="“{rule}”：“{group}”的平均分为 0，无法用它去除各人得分")
def average_zero(*, rule: str, group: str) -> None: ...


@message(en="'{rule}': department scores must be above 0", zh="“{rule}”：部门得分必须大于 0")
def department_scores_positive(*, rule: str) -> None: ...


@message(en="{aggregate}: the records of {where} do not agree on one value ({values})",
         zh="{aggregate}：{where} 的各条记录取值不一致（{values}）")
def aggregate_disagrees(*, aggregate: str, where: str, values: str) -> None: ...


@message(en="with `per`, each subgroup gives one value: aggregate within it first, e.g. "
            "mean(x within A, B) inside the outer aggregate's value",
         zh="用 `per` 时每个小组只能给出一个值：请先在小组内统计，例如在外层统计的值中写 mean(x within A, B)")
def aggregate_disagrees_hint() -> None: ...


# ----------------------------------------------------------------------------- constants (computed once, before any record)


@message(en="constant '{name}' depends on itself through a band set's bounds", zh="常量“{name}”通过等级区间的界值依赖了它自己")
def constant_cycle(*, name: str) -> None: ...


@message(en="constant '{name}' divides by zero", zh="常量“{name}”的计算中除数为 0")
def constant_division_by_zero(*, name: str) -> None: ...


@message(en="constant '{name}': {problem}", zh="常量“{name}”：{problem}")
def in_constant(*, name: str, problem: str) -> None: ...
