"""Messages of the design rules from the KPI handbooks (K-L08..) and of the lint configuration
(K-E0601)."""

from __future__ import annotations

from ..i18n import message

# ----------------------------------------------------------------------------- design rules


@message(en="'{item}' counts for {share} of the total{nested}; the handbook advises at least {minimum}, or the item hardly "
            "moves the result",
         zh="“{item}”只占总分的 {share}{nested}；考核手册建议每项权重不低于 {minimum}，否则对结果几乎没有影响")
def weight_too_small(*, item: str, share: str, nested: str, minimum: str) -> None: ...


@message(en=" ({share} of its group)", zh="（占所在指标组的 {share}）")
def share_of_group(*, share: str) -> None: ...


@message(en="merge it into a related item, or raise its weight (configure `min-weight` if the client decides otherwise)",
         zh="请把它并入相关的项，或提高其权重（如客户另有规定，可配置 `min-weight`）")
def weight_too_small_hint() -> None: ...


@message(en="'{scheme}' scores one person on {count} items; the handbook advises at most {most}",
         zh="“{scheme}”对一个人考核 {count} 项；考核手册建议最多 {most} 项")
def too_many_kpis(*, scheme: str, count: int, most: int) -> None: ...


@message(en="keep the key indicators, or group related ones (configure `max-kpis` for a client whose form has more)",
         zh="请保留关键指标，或把相关指标归为一组（如客户的考核表项目更多，可配置 `max-kpis`）")
def too_many_kpis_hint() -> None: ...


@message(en="group '{group}' has {count} items; the handbook advises at most {most}", zh="指标组“{group}”有 {count} 项；考核手册建议最多 {most} 项")
def group_too_large(*, group: str, count: int, most: int) -> None: ...


@message(en="split the group or drop minor items (configure `max-group-size`)", zh="请拆分该组或去掉次要的项（可配置 `max-group-size`）")
def group_too_large_hint() -> None: ...


@message(en="'{scheme}' has {count} indicators in all; the handbook advises at most {most}", zh="“{scheme}”共有 {count} 个指标；考核手册建议最多 {most} 个")
def too_many_indicators(*, scheme: str, count: int, most: int) -> None: ...


@message(en="keep the key indicators (configure `max-indicators`)", zh="请保留关键指标（可配置 `max-indicators`）")
def too_many_indicators_hint() -> None: ...


@message(en="the weights of '{a}' ({share_a}) and '{b}' ({share_b}) are {gap} apart; the handbook advises at least {minimum} "
            "between different weights, so that their order means something",
         zh="“{a}”（{share_a}）和“{b}”（{share_b}）的权重只差 {gap}；考核手册建议不同的权重至少相差 {minimum}，"
            "这样权重的高低才有意义")
def weights_too_close(*, a: str, share_a: str, b: str, share_b: str, gap: str, minimum: str) -> None: ...


@message(en="make it equal to '{other}', or set them further apart (configure `min-weight-gap`)",
         zh="请把它设为与“{other}”相同，或拉开两者的差距（可配置 `min-weight-gap`）")
def weights_too_close_hint(*, other: str) -> None: ...


@message(en="'{indicator}' looks like a cross-department indicator ('{word}'), in a scheme for front-line staff ('{scheme}'), "
            "who cannot control its result",
         zh="“{indicator}”看起来是跨部门指标（“{word}”），却用在一线员工的方案（“{scheme}”）中，而一线员工无法左右它的结果")
def cross_department(*, indicator: str, word: str, scheme: str) -> None: ...


@message(en="give it to the department head's scheme; if the scheme is not for front-line staff, set `front-line = false`",
         zh="请把它放到部门负责人的方案中；如果本方案不是一线员工的，请设置 `front-line = false`")
def cross_department_hint() -> None: ...


@message(en="{share} in '{scheme}' ({path})", zh="在“{scheme}”（{path}）中为 {share}")
def share_elsewhere(*, share: str, scheme: str, path: str) -> None: ...


@message(en="'{indicator}' counts for {share} of the total in '{scheme}', but {others}; the handbook keeps a shared "
            "indicator's weight the same in every department",
         zh="“{indicator}”在“{scheme}”中占总分的 {share}，但{others}；考核手册要求通用指标在各部门的权重保持一致")
def shared_weight_differs(*, indicator: str, share: str, scheme: str, others: str) -> None: ...


@message(en="use one weight for it in every scheme (the most common one, or the one the client sets)",
         zh="请在所有方案中使用同一个权重（最常用的那个，或客户规定的那个）")
def shared_weight_differs_hint() -> None: ...


# ----------------------------------------------------------------------------- configuration (K-E0601)


@message(en="lint configuration {path}: {message}", zh="检查配置 {path}：{message}")
def config_error(*, path: str, message: str) -> None: ...


@message(en="{where} is {value}", zh="{where} 的值 {value} 无效")
def config_value(*, where: str, value: str) -> None: ...


@message(en="the file", zh="文件")
def config_the_file() -> None: ...


@message(en="use a whole number of at least 1", zh="请使用不小于 1 的整数")
def config_whole_number() -> None: ...


@message(en='use a list of words: ["公司", "集团"]', zh='请使用词语列表：["公司", "集团"]')
def config_word_list() -> None: ...


@message(en="use true or false (leave it out to infer it from the title)", zh="请使用 true 或 false（不写则根据方案标题推断）")
def config_true_false() -> None: ...


@message(en='write a percentage as a string: "5%"', zh='百分比请写成字符串："5%"')
def config_percentage() -> None: ...


@message(en='use a list of rule codes or names: ["K-L0102", "uncapped-deduction"]', zh='请使用规则代码或名称的列表：["K-L0102", "uncapped-deduction"]')
def config_rule_list() -> None: ...


@message(en="{where}: {token} is a check, not a lint rule; it cannot be switched off", zh="{where}：{token} 是基本检查，不是可配置的规则，不能关闭")
def config_check_not_rule(*, where: str, token: str) -> None: ...


@message(en="silence one finding with `# kpi: ignore CODE` on its line", zh="要忽略某一条问题，请在该行加注释 `# kpi: ignore CODE`")
def config_check_not_rule_hint() -> None: ...


@message(en="{where}: unknown rule '{token}'", zh="{where}：未知的规则“{token}”")
def config_unknown_rule(*, where: str, token: str) -> None: ...


@message(en="kpi lint --explain lists nothing for it; see docs/lint.md", zh="kpi lint --explain 查不到它；请参阅 docs/lint.md")
def config_unknown_rule_hint() -> None: ...


@message(en="unknown key '{key}' in {where}", zh="{where} 中有未知的键“{key}”")
def config_unknown_key(*, key: str, where: str) -> None: ...


@message(en="known keys: {keys}", zh="可用的键：{keys}")
def config_known_keys(*, keys: str) -> None: ...


@message(en="use a table", zh="请使用表（table）")
def config_use_table() -> None: ...


@message(en="use a table of pattern = [rules]", zh="请使用“文件模式 = [规则]”形式的表")
def config_use_pattern_table() -> None: ...


@message(en='use a table of rule = "error" | "warning" | "info"', zh='请使用“规则 = "error" | "warning" | "info"”形式的表')
def config_use_severity_table() -> None: ...


@message(en='use "error", "warning" or "info"', zh='请使用 "error"、"warning" 或 "info"')
def config_use_severity() -> None: ...


@message(en="not valid TOML: {error}", zh="不是有效的 TOML：{error}")
def config_not_toml(*, error: str) -> None: ...


@message(en="check the quotes and brackets on that line", zh="请检查该行的引号和括号")
def config_not_toml_hint() -> None: ...


@message(en="cannot read it: {error}", zh="无法读取：{error}")
def config_unreadable(*, error: str) -> None: ...


@message(en="check the path", zh="请检查路径")
def config_unreadable_hint() -> None: ...


# ----------------------------------------------------------------------------- units (K-L0401), beside lint.py's


@message(en="the value of '{what}' is a rate (1 = 100%), but its target {target} is a plain number: every score would come out "
            "about 100 times too small",
         zh="“{what}”的值是比率（1 = 100%），但目标 {target} 是普通数字：每个得分都会小约 100 倍")
def rate_target(*, what: str, target: str) -> None: ...
