"""The words of a scheme change in `kpi diff`'s text and HTML: what happened to a node (`changed`)
and what kind of node it is (`veto`, `population rule`). The JSON keeps the English words as
stable keys; these say them in the chosen language."""

from __future__ import annotations

from ..i18n import message


@message(en="added", zh="新增")
def word_added() -> None: ...


@message(en="removed", zh="删除")
def word_removed() -> None: ...


@message(en="changed", zh="修改")
def word_changed() -> None: ...


@message(en="input", zh="输入项")
def word_input() -> None: ...


@message(en="indicator", zh="指标")
def word_indicator() -> None: ...


@message(en="group", zh="指标组")
def word_group() -> None: ...


@message(en="deduction", zh="扣分项")
def word_deduction() -> None: ...


@message(en="bonus", zh="加分项")
def word_bonus() -> None: ...


@message(en="veto", zh="一票否决")
def word_veto() -> None: ...


@message(en="population rule", zh="全体规则")
def word_population_rule() -> None: ...


@message(en="total", zh="总分")
def word_total() -> None: ...


@message(en="grade", zh="等级")
def word_grade() -> None: ...


@message(en="constant", zh="常量")
def word_constant() -> None: ...


@message(en="ladder", zh="阶梯")
def word_ladder() -> None: ...


@message(en="scale", zh="量表")
def word_scale() -> None: ...


@message(en="bands", zh="等级区间表")
def word_bands() -> None: ...


@message(en="scheme", zh="方案设置")
def word_scheme() -> None: ...


@message(en="condition", zh="条件")
def word_condition() -> None: ...


@message(en="tier", zh="档位")
def word_tier() -> None: ...


@message(en="band", zh="等级区间")
def word_band() -> None: ...


@message(en="level", zh="等级")
def word_level() -> None: ...


@message(en="weight", zh="权重")
def word_weight() -> None: ...


#: A change's or a node kind's word (`changed`, `population rule`), by its stable English key.
CHANGE_WORDS = {"added": word_added, "removed": word_removed, "changed": word_changed, "input": word_input, "indicator": word_indicator, "group": word_group, "deduction": word_deduction, "bonus": word_bonus, "veto": word_veto, "population rule": word_population_rule, "total": word_total, "grade": word_grade, "constant": word_constant, "ladder": word_ladder, "scale": word_scale, "bands": word_bands, "scheme": word_scheme, "condition": word_condition, "tier": word_tier, "band": word_band, "level": word_level, "weight": word_weight}
