"""Messages of versions, audit and reports: the `overrides` block, overrides files, the run
record, `kpi diff` and `kpi report`."""

from __future__ import annotations

from ..i18n import message

# ------------------------------------------------------------------------------ the overrides block


@message(en="'{name}' is not a population rule", zh="“{name}”不是总体规则")
def not_a_rule(*, name: str) -> None: ...


@message(en="'{name}' is already listed on line {line}", zh="“{name}”已在第 {line} 行列出")
def rule_listed_twice(*, name: str, line: int) -> None: ...


@message(en="'{rule}' runs before the overrides but reads '{read}', which runs after them",
         zh="“{rule}”在人工调整之前运行，却读取了在人工调整之后运行的“{read}”")
def before_reads_after(*, rule: str, read: str) -> None: ...


@message(en="list '{rule}' under `after` too", zh="把“{rule}”也列在 `after` 之下")
def before_reads_after_hint(*, rule: str) -> None: ...
