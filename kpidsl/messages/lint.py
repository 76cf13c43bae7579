"""Messages of `kpi lint`: ladders and grade bands, names, units, guards, vetoes and deductions,
points, precedence, direction, suppressions, and the summary. The design rules and the lint
configuration are in `design.py`. The rule pages (`--explain`, SARIF rule help) stay in English:
they are docs/lint.md, the reference, shipped as it is."""

from __future__ import annotations

from ..i18n import Plural, message

# ----------------------------------------------------------------------------- shared phrases


@message(en=Plural("places", "rounded to {places} place", "rounded to {places} places"), zh="保留 {places} 位小数")
def rounded_to(*, places: int) -> None: ...


@message(en="any value", zh="任意值")
def any_value() -> None: ...


@message(en="nothing", zh="无")
def nothing() -> None: ...


@message(en="ladder '{ladder}' (in '{indicator}')", zh="阶梯“{ladder}”（用于指标“{indicator}”）")
def named_ladder(*, ladder: str, indicator: str) -> None: ...


@message(en="the ladder of '{indicator}'", zh="指标“{indicator}”的阶梯")
def ladder_of(*, indicator: str) -> None: ...


@message(en="veto '{label}'", zh="一票否决“{label}”")
def veto_named(*, label: str) -> None: ...


@message(en="the total", zh="总分")
def the_total() -> None: ...


@message(en="the expression", zh="该表达式")
def the_expression() -> None: ...


@message(en="the scheme", zh="本方案")
def the_scheme() -> None: ...


@message(en="group '{name}'", zh="指标组“{name}”")
def group_named(*, name: str) -> None: ...


# ----------------------------------------------------------------------------- ladders (K-L01..)


@message(en="the `else` tier of {what} can never apply: the tiers above cover every value",
         zh="{what}的 `else` 档永远用不到：上面的档位已覆盖所有取值")
def else_unreachable(*, what: str) -> None: ...


@message(en="remove it, or keep it as a guard and suppress this warning", zh="删去该档，或作为兜底保留并忽略这条警告")
def else_unreachable_hint() -> None: ...


@message(en="tier `{tier}` of {what} can never apply: the value is always in {domain}",
         zh="{what}的档位 `{tier}` 永远用不到：取值总在 {domain} 之内")
def tier_out_of_range(*, tier: str, what: str, domain: str) -> None: ...


@message(en="check the bound (a percentage written without %?) or the input's declared range",
         zh="请检查档位边界（是否把百分比漏写了 %？）或输入项声明的取值范围")
def tier_out_of_range_hint() -> None: ...


@message(en="tier `{tier}` of {what} can never apply: earlier tiers already take {taken}",
         zh="{what}的档位 `{tier}` 永远用不到：前面的档位已经包括了 {taken}")
def tier_unreachable(*, tier: str, what: str, taken: str) -> None: ...


@message(en="tiers are tried in order; reorder or fix the bounds", zh="档位按顺序匹配；请调整顺序或修改边界")
def tier_unreachable_hint() -> None: ...


@message(en="tier `{tier}` of {what} overlaps an earlier tier on {overlap}; the earlier tier wins there",
         zh="{what}的档位 `{tier}` 与前面的档位在 {overlap} 上重叠；重叠部分按前面的档位计分")
def tier_overlap(*, tier: str, what: str, overlap: str) -> None: ...


@message(en="make the bounds meet exactly: [a, b) then [b, c)", zh="让边界正好衔接：[a, b) 接 [b, c)")
def tier_overlap_hint() -> None: ...


@message(en=" (no range is declared for the value, so every number counts)", zh="（该值没有声明取值范围，因此任何数都要考虑）")
def no_range_declared() -> None: ...


@message(en="{what} has no tier for {gaps}{why}", zh="{what}没有覆盖 {gaps} 的档位{why}")
def ladder_gap(*, what: str, gaps: str, why: str) -> None: ...


@message(en="scale '{scale}' has no level for {gaps}, which '{indicator}' can take", zh="量表“{scale}”没有覆盖 {gaps} 的等级，而指标“{indicator}”可能取到这些值")
def scale_gap(*, scale: str, indicator: str, gaps: str) -> None: ...


@message(en="round the value to the places of the levels of '{scale}' before it is scored: `value round(..., {places})`",
         zh="请先把数值取整到量表“{scale}”各等级的位数再评分：`value round(..., {places})`")
def scale_gap_hint(*, scale: str, places: int) -> None: ...


@message(en="add the missing tier, an `else` tier, or declare the input's range with `in`",
         zh="请补上缺少的档位或 `else` 档，或用 `in` 声明输入项的取值范围")
def ladder_gap_hint() -> None: ...


@message(en="{what} is declared `direction {direction}`, but tier `{tier}` gives {points} while the tier below it gives {below}",
         zh="{what}声明了 `direction {direction}`，但档位 `{tier}` 给 {points} 分，而它下面的档位给 {below} 分")
def against_direction(*, what: str, direction: str, tier: str, points: str, below: str) -> None: ...


@message(en="with `direction higher`, higher values should never score less", zh="声明 `direction higher` 时，取值越高得分不应越低")
def against_direction_higher_hint() -> None: ...


@message(en="with `direction lower`, lower values should never score less", zh="声明 `direction lower` 时，取值越低得分不应越低")
def against_direction_lower_hint() -> None: ...


@message(en="'{indicator}' is probably lower-is-better ('{word}'), but its ladder gives {low} points for lower values and "
            "{high} for higher ones",
         zh="指标“{indicator}”很可能是越低越好（“{word}”），但它的阶梯对较低的值给 {low} 分，对较高的值给 {high} 分")
def probably_lower(*, indicator: str, word: str, low: str, high: str) -> None: ...


@message(en="if the tiers are upside down, reverse them; then write `direction lower` so the linter checks the order; "
            "if higher really is better, write `direction higher`",
         zh="如果档位上下颠倒了，请倒过来，并写上 `direction lower` 让检查器核对顺序；如果确实越高越好，请写 `direction higher`")
def probably_lower_hint() -> None: ...


# ----------------------------------------------------------------------------- grade bands (K-L02..)


@message(en="grade band {band} has the bound {bound}, but the grade reads the total {rounded}",
         zh="等级区间 {band} 的边界是 {bound}，但评定等级用的是{rounded}后的总分")
def band_too_precise(*, band: str, bound: str, rounded: str) -> None: ...


@message(en=Plural("places", "write the bound with at most {places} decimal, or use `grade on exact`",
                   "write the bound with at most {places} decimals, or use `grade on exact`"),
         zh="边界最多写 {places} 位小数，或改用 `grade on exact`")
def band_too_precise_hint(*, places: int) -> None: ...


@message(en="grade {band} can never be given: the total is always in {domain}", zh="等级 {band} 永远评不到：总分总在 {domain} 之内")
def grade_out_of_reach(*, band: str, domain: str) -> None: ...


@message(en="check the band's bounds against the reachable total (kpi lint --summary)",
         zh="请对照总分可能的范围检查该等级的边界（kpi lint --summary）")
def grade_out_of_reach_hint() -> None: ...


@message(en="grade {band} can never be given: earlier bands take {taken}", zh="等级 {band} 永远评不到：前面的等级区间已经包括了 {taken}")
def grade_shadowed(*, band: str, taken: str) -> None: ...


@message(en="grade band {band} overlaps an earlier band on {overlap}; the earlier band wins there",
         zh="等级区间 {band} 与前面的区间在 {overlap} 上重叠；重叠部分按前面的等级评定")
def band_overlap(*, band: str, overlap: str) -> None: ...


@message(en="grade bands leave totals in {gaps} without a grade", zh="总分落在 {gaps} 时没有对应的等级")
def band_gap(*, gaps: str) -> None: ...


@message(en="add a band for them or end with `else`", zh="请为这些总分补上等级区间，或以 `else` 结尾")
def band_gap_hint() -> None: ...


# ----------------------------------------------------------------------------- names (K-L03..)


@message(en="input '{input}' is never used", zh="输入项“{input}”没有被使用")
def unused_input(*, input: str) -> None: ...


@message(en="remove it, or use it in an indicator, deduction or veto", zh="请删去它，或在指标、扣分项或一票否决中使用它")
def unused_input_hint() -> None: ...


@message(en="{kind} '{name}' is defined but never used", zh="{kind}“{name}”定义了但没有被使用")
def unused_definition(*, kind: str, name: str) -> None: ...


@message(en="'{name}' is imported from {module} but never used", zh="从 {module} 导入了“{name}”，但没有使用")
def unused_import(*, name: str, module: str) -> None: ...


# ----------------------------------------------------------------------------- units (K-L04..)


@message(en="the value of '{what}' is a rate (1 = 100%), but the bound {bound} is a plain number",
         zh="“{what}”的值是比率（1 = 100%），但边界 {bound} 是普通数字")
def rate_bound(*, what: str, bound: str) -> None: ...


@message(en="a rate (1 = 100%) is compared with the plain number {number}", zh="比率（1 = 100%）在和普通数字 {number} 比较")
def rate_compared(*, number: str) -> None: ...


@message(en="did you mean {number}%?", zh="是不是 {number}%？")
def did_you_mean_percent(*, number: str) -> None: ...


@message(en="the value of '{what}' is in points (a rate × 100: 95 means 95%), but the bound {bound} is a rate, not points",
         zh="“{what}”的值是百分点（比率 × 100：95 表示 95%），但边界 {bound} 是比率，不是百分点")
def points_bound(*, what: str, bound: str) -> None: ...


@message(en="points (a rate × 100) are compared with the rate {bound}",
         zh="百分点（比率 × 100）在和比率 {bound} 比较")
def points_compared(*, bound: str) -> None: ...


@message(en="write the bound as {number}, or compare the rate itself (without `* 100`) with {number}%",
         zh="请把边界写成 {number}，或者直接用比率（去掉 `* 100`）和 {number}% 比较")
def points_bound_hint(*, number: str) -> None: ...


@message(en="'{left}' ({left_type}) and '{right}' ({right_type}) are different kinds of quantity",
         zh="“{left}”（{left_type}）和“{right}”（{right_type}）是不同种类的量")
def unit_mismatch(*, left: str, left_type: str, right: str, right_type: str) -> None: ...


@message(en="convert one into the other's unit first (for example points per occurrence)", zh="请先把其中一个换算成另一个的单位（例如每次扣几分）")
def unit_mismatch_hint() -> None: ...


@message(en="in {where}, `{written}` reads as {reading}; {why}", zh="在{where}中，`{written}` 的计算顺序是 {reading}；{why}")
def precedence_slip(*, where: str, written: str, reading: str, why: str) -> None: ...


@message(en="'{division}' is divided first", zh="先算了“{division}”")
def divided_first(*, division: str) -> None: ...


@message(en="'{division}' is divided first: {left_type} minus a ratio of two {right_type} amounts",
         zh="先算了“{division}”：{left_type} 减去两个 {right_type} 量之比")
def divided_first_minus_clash(*, division: str, left_type: str, right_type: str) -> None: ...


@message(en="'{division}' is divided first: {left_type} plus a ratio of two {right_type} amounts",
         zh="先算了“{division}”：{left_type} 加上两个 {right_type} 量之比")
def divided_first_plus_clash(*, division: str, left_type: str, right_type: str) -> None: ...


@message(en="'{division}' is divided first, which is always 1 (or fails on 0)", zh="先算了“{division}”，结果总是 1（为 0 时出错）")
def divided_first_always_one(*, division: str) -> None: ...


@message(en="did you mean `{fixed}`? Write the brackets either way, so the formula says what it means",
         zh="是不是 `{fixed}`？无论哪种意思，都请把括号写出来，让公式表达清楚")
def precedence_slip_hint(*, fixed: str) -> None: ...


# ----------------------------------------------------------------------------- guards (K-L05..)


@message(en="in '{indicator}', {denominator} can be 0 and no outcome is declared", zh="指标“{indicator}”中，{denominator} 可能为 0，但没有声明此时如何处理")
def unguarded_division(*, indicator: str, denominator: str) -> None: ...


@message(en="add `on zero -> 0` (or skip, error) to '{indicator}', or declare a range that excludes 0",
         zh="请给指标“{indicator}”加上 `on zero -> 0`（或 skip、error），或声明不含 0 的取值范围")
def unguarded_division_hint(*, indicator: str) -> None: ...


@message(en="in '{indicator}', the target can be 0 and no outcome is declared", zh="指标“{indicator}”中，目标值可能为 0，但没有声明此时如何处理")
def unguarded_target(*, indicator: str) -> None: ...


@message(en="add `on zero -> ...` to '{indicator}'", zh="请给指标“{indicator}”加上 `on zero -> ...`")
def unguarded_target_hint(*, indicator: str) -> None: ...


@message(en="'{input}' is optional, but '{indicator}' says nothing about a missing value",
         zh="“{input}”可缺省，但指标“{indicator}”没有说明缺失时如何处理")
def unguarded_optional(*, input: str, indicator: str) -> None: ...


@message(en="add `on missing -> ...` to '{indicator}', or say what a missing value means: {fallback}",
         zh="请给指标“{indicator}”加上 `on missing -> ...`，或写明缺失时如何处理：{fallback}")
def unguarded_optional_hint(*, indicator: str, fallback: str) -> None: ...


@message(en="in {what}, {denominator} can be 0", zh="{what}中，{denominator} 可能为 0")
def division_elsewhere(*, what: str, denominator: str) -> None: ...


@message(en="guard it: if d == 0 then 0 else x / d", zh="请加以防护：if d == 0 then 0 else x / d")
def division_elsewhere_hint() -> None: ...


@message(en="'{input}' is optional, but {what} uses it without a fallback", zh="“{input}”可缺省，但{what}使用它时没有缺省处理")
def optional_elsewhere(*, input: str, what: str) -> None: ...


@message(en="write {fallback}, or give the input a default", zh="请改写为 {fallback}，或给该输入项设默认值")
def optional_elsewhere_hint(*, fallback: str) -> None: ...


# ----------------------------------------------------------------------------- vetoes and deductions (K-L06..)


@message(en="veto '{veto}' can never fire with the declared input ranges", zh="按声明的输入取值范围，一票否决“{veto}”永远不会触发")
def veto_never(*, veto: str) -> None: ...


@message(en="check the threshold against the inputs' ranges", zh="请对照输入项的取值范围检查阈值")
def veto_never_hint() -> None: ...


@message(en="veto '{veto}' fires for every record", zh="一票否决“{veto}”对每条记录都会触发")
def veto_always(*, veto: str) -> None: ...


@message(en="veto '{label}' is defined again", zh="一票否决“{label}”重复定义")
def veto_same_label(*, label: str) -> None: ...


@message(en="veto '{label}' has the same condition as veto '{earlier}'", zh="一票否决“{label}”与“{earlier}”的条件相同")
def veto_same_condition(*, label: str, earlier: str) -> None: ...


@message(en="{same} (first on line {line})", zh="{same}（首次出现在第 {line} 行）")
def veto_repeated(*, same: str, line: int) -> None: ...


@message(en="delete the repeated line, or give the veto its own label and condition", zh="请删除重复的一行，或给它自己的名称和条件")
def veto_repeated_hint() -> None: ...


@message(en="'{label}' can never deduct anything: its amount is at most {most}", zh="扣分项“{label}”永远扣不了分：金额最多为 {most}")
def deduction_never(*, label: str, most: str) -> None: ...


@message(en="'{label}' can never add anything: its amount is at most {most}", zh="加分项“{label}”永远加不了分：金额最多为 {most}")
def bonus_never(*, label: str, most: str) -> None: ...


@message(en="'{label}' has no cap; with the total's floor, a large deduction is silently absorbed",
         zh="扣分项“{label}”没有上限；总分有下限时，过大的扣分会被悄悄吸收")
def uncapped_deduction(*, label: str) -> None: ...


@message(en="state a cap if the scheme has one (e.g. `cap 20`)", zh="如果方案规定了扣分上限，请写出来（例如 `cap 20`）")
def uncapped_deduction_hint() -> None: ...


# ----------------------------------------------------------------------------- points (K-L07..)


@message(en="the scheme declares full marks {full}, but the total can reach {reach}", zh="方案声明满分为 {full}，但总分可能的范围是 {reach}")
def full_marks_mismatch(*, full: str, reach: str) -> None: ...


@message(en="check the weights and the items' maximum points (kpi lint --summary shows every score)",
         zh="请检查权重和各项的最高分（kpi lint --summary 会列出每项得分的范围）")
def full_marks_mismatch_hint() -> None: ...


@message(en="declared by `full_marks`", zh="由 `full_marks` 声明")
def basis_stated() -> None: ...


@message(en="the default: no `full_marks` is declared", zh="默认值：未声明 `full_marks`")
def basis_implied() -> None: ...


@message(en="'{item}' can reach {most} ({by})", zh="“{item}”最高可得 {most} 分（{by}）")
def item_reaches(*, item: str, most: str, by: str) -> None: ...


@message(en="in {what}, items weighted by percentage (or combined by `mean`) each score out of the full marks, {expected} ({basis}); "
            "these do not: {items}",
         zh="{what}中按百分比加权（或用 `mean` 合并）的各项都应以满分 {expected} 分计分（{basis}），以下各项不是：{items}")
def item_maxima(*, what: str, expected: str, basis: str, items: str) -> None: ...


@message(en="make each item named top out at {expected}, or declare the form's `full_marks N`; for over-achievement, cap the total at {expected}",
         zh="请把所列各项的最高分改为 {expected}，或声明考核表的 `full_marks N`；有意超额完成时，请把总分封顶为 {expected}")
def item_maxima_hint(*, expected: str) -> None: ...


@message(en="'{item}' {most}", zh="“{item}” {most}")
def item_points(*, item: str, most: str) -> None: ...


@message(en="'{item}' {most} x {factor}", zh="“{item}” {most} × {factor}")
def item_points_weighted(*, item: str, most: str, factor: str) -> None: ...


@message(en="the items of {what} can score at most {total} points together, {by} than the full marks, {expected} ({basis}): {items}",
         zh="{what}各项最高分合计 {total} 分，比满分 {expected} 分{by}（{basis}）：{items}")
def items_sum(*, what: str, total: str, by: str, expected: str, basis: str, items: str) -> None: ...


@message(en="correct the item whose top score differs from the form, or declare `full_marks N`; for over-achievement, cap the total at {expected}",
         zh="请改正最高分与考核表不一致的项，或声明考核表的 `full_marks N`；有意超额完成时，请把总分封顶为 {expected}")
def items_sum_hint(*, expected: str) -> None: ...


@message(en="{amount} more", zh="多 {amount}")
def more_by(*, amount: str) -> None: ...


@message(en="{amount} less", zh="少 {amount}")
def less_by(*, amount: str) -> None: ...


# ----------------------------------------------------------------------------- suppressions (K-L09..)


@message(en="`kpi: ignore` names '{rule}', which is no rule", zh="`kpi: ignore` 写了“{rule}”，但没有这条规则")
def unknown_suppression(*, rule: str) -> None: ...


@message(en="kpi lint --explain CODE shows a rule; docs/lint.md lists them", zh="kpi lint --explain CODE 可查看规则；docs/lint.md 列出了全部规则")
def unknown_suppression_hint() -> None: ...


@message(en="`kpi: ignore` silences nothing on this line", zh="这一行的 `kpi: ignore` 没有忽略任何问题")
def idle_suppression() -> None: ...


@message(en="remove the comment", zh="请删去这条注释")
def idle_suppression_hint() -> None: ...


@message(en="`kpi: ignore {rules}` silences nothing on this line", zh="这一行的 `kpi: ignore {rules}` 没有忽略任何问题")
def idle_rules(*, rules: str) -> None: ...


@message(en="remove the rule from the comment (the finding is gone, or on another line)", zh="请从注释中删去该规则（问题已不存在，或在另一行）")
def idle_rules_hint() -> None: ...


@message(en="`kpi: ignore {rules}` is not needed: the lint configuration already turns it off for this file",
         zh="`kpi: ignore {rules}` 不需要：lint 配置已对这个文件关闭了该规则")
def configured_off(*, rules: str) -> None: ...


@message(en="remove the comment, or remove the rule from `ignore` / `per-file-ignores` to keep this comment as the only exception",
         zh="删去这条注释；或者从 `ignore` / `per-file-ignores` 中去掉该规则，只保留这一行的例外")
def configured_off_hint() -> None: ...


# ----------------------------------------------------------------------------- summary, rule pages, SARIF


@message(en="{path}: reachable base score {base}, deductions {deductions}, bonuses {bonuses}, total {total}",
         zh="{path}：基础得分可能的范围 {base}，扣分 {deductions}，加分 {bonuses}，总分 {total}")
def summary_head(*, path: str, base: str, deductions: str, bonuses: str, total: str) -> None: ...


@message(en="  group {name}: score {range}", zh="  指标组 {name}：得分 {range}")
def summary_group(*, name: str, range: str) -> None: ...


@message(en="  {name}: score {range}", zh="  {name}：得分 {range}")
def summary_indicator(*, name: str, range: str) -> None: ...


@message(en="no lint rule is called '{rule}'", zh="没有名为“{rule}”的检查规则")
def no_such_rule(*, rule: str) -> None: ...


@message(en="{code} ({phase}, {severity}): {title}\n\n{kind}\nPage: {page}",
         zh="{code}（{phase}，{severity}）：{title}\n\n{kind}\n文档：{page}")
def code_entry(*, code: str, phase: str, severity: str, title: str, kind: str, page: str) -> None: ...


@message(en="Not a lint rule: a check that runs before the lint rules. An error stops evaluation until the scheme is fixed; "
            "it cannot be switched off in [tool.kpi], only a warning can be silenced on its line (# kpi: ignore CODE).",
         zh="这不是可配置的 lint 规则，而是在 lint 之前运行的基本检查：错误必须改正后才能计算，不能在 [tool.kpi] 中关闭；"
            "警告可以在所在行用 # kpi: ignore 代码 屏蔽。")
def code_kind_check() -> None: ...


@message(en="Not a lint rule: reported when a command runs (reading data, evaluating, formatting, writing files), "
            "with the row, column or line it concerns.",
         zh="这不是 lint 规则：在命令运行时报告（读取数据、计算、格式化、写文件），并指出相关的行、列或位置。")
def code_kind_other() -> None: ...


@message(en="{message}; did you mean '{near}'?", zh="{message}；是不是“{near}”？")
def no_such_rule_near(*, message: str, near: str) -> None: ...


@message(en="{code}: a check that stops evaluation (docs/language.md, Error codes)", zh="{code}：阻止计算的基本检查（docs/language.md，Error codes）")
def check_description(*, code: str) -> None: ...


# ----------------------------------------------------------------------------- kinds of definition


@message(en="const", zh="常量")
def kind_const() -> None: ...


@message(en="ladder", zh="阶梯")
def kind_ladder() -> None: ...


@message(en="scale", zh="评分量表")
def kind_scale() -> None: ...


@message(en="bands", zh="等级区间")
def kind_bands() -> None: ...


@message(en="template", zh="指标模板")
def kind_template() -> None: ...


# ----------------------------------------------------------------------------- test coverage (K-L1101)


@message(en="no test blocks", zh="没有测试块")
def no_test_blocks() -> None: ...


@message(en=Plural("count", "the {count} test block", "the {count} test blocks"), zh="{count} 个测试块")
def test_blocks(*, count: int) -> None: ...


@message(en="{covered} of {total} coverage targets ({percent}%) are reached by {tests}; the lint configuration asks for at least {minimum}",
         zh="{tests}覆盖了 {total} 个覆盖目标中的 {covered} 个（{percent}%）；检查配置要求至少 {minimum}")
def coverage_below(*, tests: str, covered: int, total: int, percent: str, minimum: str) -> None: ...


@message(en="line {line}: {target}", zh="第 {line} 行：{target}")
def coverage_target(*, line: int, target: str) -> None: ...


@message(en="add test blocks that reach {targets} (kpi test --coverage lists them all)",
         zh="添加测试块，覆盖 {targets}（kpi test --coverage 会列出全部）")
def coverage_hint(*, targets: str) -> None: ...


@message(en=Plural("count", "{targets} and {count} more", "{targets} and {count} more"), zh="{targets} 等，另有 {count} 个")
def and_more(*, targets: str, count: int) -> None: ...


# K-L10..: values of every kind (aggregates, fields, exclusions).


@message(en="{aggregate} reads a value that is always empty, so it is 0 for every group",
         zh="{aggregate} 读取的值总是空的，因此每组都为 0")
def aggregate_always_empty_count(*, aggregate: str) -> None: ...


@message(en="{aggregate} reads a value that is always empty, so it is empty for every group",
         zh="{aggregate} 读取的值总是空的，因此每组都为空")
def aggregate_always_empty(*, aggregate: str) -> None: ...


@message(en="aggregate a value the records have (an input, a score, a field that has a value)",
         zh="请统计记录中确有的值（输入项、得分或有值的字段）")
def aggregate_always_empty_hint() -> None: ...


@message(en="field '{name}' is hidden and nothing reads it, so it is never shown or used",
         zh="字段“{name}”是隐藏的（`hidden`）且没有被任何公式读取，因此既不显示也不起作用")
def hidden_field_unread(*, name: str) -> None: ...


@message(en="remove `hidden` to show it, or remove the field", zh="请去掉 `hidden` 让它显示，或删除这个字段")
def hidden_field_unread_hint() -> None: ...


@message(en="exclusion '{reason}' can never apply with the declared input ranges", zh="按输入项声明的取值范围，不参加考核条件“{reason}”永远不会成立")
def exclusion_never(*, reason: str) -> None: ...


@message(en="check the threshold against the inputs' ranges", zh="请对照输入项的取值范围检查临界值")
def exclusion_never_hint() -> None: ...


@message(en="exclusion '{reason}' applies to every record: nobody would be appraised", zh="不参加考核条件“{reason}”对每条记录都成立：没有人会参加考核")
def exclusion_always(*, reason: str) -> None: ...


@message(en="in field '{field}', {denominator} can be 0 and no outcome is declared", zh="字段“{field}”中，{denominator} 可能为 0，但没有声明此时如何处理")
def division_in_field(*, field: str, denominator: str) -> None: ...


@message(en="add `{{ on zero -> empty }}` (or a value) to field '{field}'", zh="请给字段“{field}”加上 `{{ on zero -> empty }}`（或给一个值）")
def division_in_field_hint(*, field: str) -> None: ...
