"""Messages of the fixes `kpi lint --fix` applies and the language server offers as quick fixes:
the title of each edit."""

from __future__ import annotations

from ..i18n import message


@message(en="write '{written}' as '{ascii}'", zh="把“{written}”改写为“{ascii}”")
def fix_full_width(*, written: str, ascii: str) -> None: ...


@message(en="narrow the tier to `{cond}` (the earlier ones take the rest)", zh="把档位收窄为 `{cond}`（其余部分已被前面的档位取走）")
def fix_narrow_tier(*, cond: str) -> None: ...


@message(en="narrow band {label} to `{cond}` (the earlier ones take the rest)", zh="把等级区间 {label} 收窄为 `{cond}`（其余部分已被前面的区间取走）")
def fix_narrow_band(*, label: str, cond: str) -> None: ...


@message(en="write the bound as {bound}: the grade reads the total {rounded}", zh="把边界写为 {bound}：等级按{rounded}的总分判定")
def fix_band_grid(*, bound: str, rounded: str) -> None: ...


@message(en="swap the bounds: {bound} is the higher one", zh="交换上下界：{bound} 是较大的一端")
def fix_swap(*, bound: str) -> None: ...


@message(en="swap the bounds: {bound} is the higher one (check which end each bracket belongs to)",
         zh="交换上下界：{bound} 是较大的一端（请确认每个括号属于哪一端）")
def fix_swap_brackets(*, bound: str) -> None: ...


@message(en="divide last: ({first}) / {divisor} (changes the value)", zh="最后再除：({first}) / {divisor}（会改变计算结果）")
def fix_precedence(*, first: str, divisor: str) -> None: ...


@message(en="limit it to the levels: `in {scale}` (a cell that is not one then stops the run)",
         zh="限定为等级：`in {scale}`（不是其等级的单元格会使计算停止）")
def fix_labels(*, scale: str) -> None: ...
