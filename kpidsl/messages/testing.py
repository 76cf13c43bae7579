"""Messages of `kpi test --coverage`: what each coverage target is, and the report's lines."""

from __future__ import annotations

from ..i18n import Plural, message

# ----------------------------------------------------------------------------- targets


@message(en="ladder {name}", zh="阶梯“{name}”")
def ladder_named(*, name: str) -> None: ...


@message(en="tier `{cond}` of {ladder}", zh="{ladder}的档位 `{cond}`")
def tier(*, cond: str, ladder: str) -> None: ...


@message(en="level '{label}' of scale {scale}", zh="评分量表“{scale}”的等级“{label}”")
def level(*, label: str, scale: str) -> None: ...


@message(en="the grade", zh="等级")
def the_grade() -> None: ...


@message(en="bands {name}", zh="等级区间组“{name}”")
def bands_named(*, name: str) -> None: ...


@message(en="band {label} `{cond}` of {bands}", zh="{bands}的区间 {label} `{cond}`")
def band(*, label: str, cond: str, bands: str) -> None: ...


@message(en="veto '{label}' fires", zh="一票否决“{label}”触发")
def veto(*, label: str) -> None: ...


@message(en="deduction '{label}' takes points", zh="扣分项“{label}”扣了分")
def deduction(*, label: str) -> None: ...


@message(en="bonus '{label}' gives points", zh="加分项“{label}”加了分")
def bonus(*, label: str) -> None: ...


@message(en="`{outcome}` of '{indicator}'", zh="指标“{indicator}”的 `{outcome}`")
def outcome(*, outcome: str, indicator: str) -> None: ...


@message(en="`{outcome}` of field '{field}'", zh="字段“{field}”的 `{outcome}`")
def field_outcome(*, outcome: str, field: str) -> None: ...


@message(en="exclusion '{reason}' applies", zh="不参加考核条件“{reason}”成立")
def exclusion(*, reason: str) -> None: ...


@message(en="`{branch}` of `if {cond}` at line {line}", zh="第 {line} 行 `if {cond}` 的 `{branch}` 分支")
def branch(*, branch: str, cond: str, line: int) -> None: ...


# ----------------------------------------------------------------------------- the report


@message(en=Plural("tests", "coverage of {path}: {covered} of {total} targets ({percent}%) reached by {tests} test",
                   "coverage of {path}: {covered} of {total} targets ({percent}%) reached by {tests} tests"),
         zh="{path} 的覆盖情况：{tests} 个测试覆盖了 {total} 个目标中的 {covered} 个（{percent}%）")
def header(*, path: str, covered: int, total: int, percent: str, tests: int) -> None: ...


@message(en="{kind} {covered}/{total}", zh="{kind} {covered}/{total}")
def kind_count(*, kind: str, covered: int, total: int) -> None: ...


@message(en="tiers", zh="档位")
def kind_tier() -> None: ...


@message(en="levels", zh="量表等级")
def kind_level() -> None: ...


@message(en="bands", zh="等级区间")
def kind_band() -> None: ...


@message(en="vetoes", zh="一票否决")
def kind_veto() -> None: ...


@message(en="deductions", zh="扣分项")
def kind_deduction() -> None: ...


@message(en="bonuses", zh="加分项")
def kind_bonus() -> None: ...


@message(en="outcomes", zh="处理方式")
def kind_outcome() -> None: ...


@message(en="exclusions", zh="不参加考核条件")
def kind_exclusion() -> None: ...


@message(en="branches", zh="分支")
def kind_branch() -> None: ...


@message(en="{count}x", zh="{count} 次")
def hits(*, count: int) -> None: ...


@message(en="MISSED", zh="未覆盖")
def missed() -> None: ...
