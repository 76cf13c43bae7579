"""Messages about kinds of values (a number, text, yes/no, a date, `empty`) and the formulas
that combine them (`infer.py`, K-E0105/K-E0106/K-E0110/K-E0120/K-E0122)."""

from __future__ import annotations

from ..i18n import Plural, message

# ----------------------------------------------------------------------------- kinds of values


@message(en="a number", zh="数值")
def kind_number() -> None: ...


@message(en="text", zh="文本")
def kind_text() -> None: ...


@message(en="a yes/no value", zh="是/否值")
def kind_bool() -> None: ...


@message(en="a date", zh="日期")
def kind_date() -> None: ...


@message(en="`empty`", zh="`empty`（空值）")
def kind_empty() -> None: ...


@message(en="a value", zh="某个值")
def kind_unknown() -> None:
    """The kind of a value whose kind is not known (an error was reported about it already)."""


@message(en="numbers", zh="数值")
def kinds_number() -> None: ...


@message(en="texts", zh="文本")
def kinds_text() -> None: ...


@message(en="yes/no values", zh="是/否值")
def kinds_bool() -> None: ...


@message(en="dates", zh="日期")
def kinds_date() -> None: ...


@message(en="numbers or dates", zh="数值或日期")
def kinds_number_or_date() -> None: ...


# ----------------------------------------------------------------------------- formulas (infer.py)


@message(en="cannot negate {kind}", zh="不能对{kind}取负")
def cannot_negate(*, kind: str) -> None: ...


@message(en="`not` needs a yes/no value, not {kind}", zh="`not` 需要是/否值，而不是{kind}")
def not_needs_bool(*, kind: str) -> None: ...


@message(en="`{op}` needs yes/no values, not {kind}", zh="`{op}` 需要是/否值，而不是{kind}")
def logic_needs_bool(*, op: str, kind: str) -> None: ...


@message(en="`in` needs a number, not {kind}", zh="`in` 需要数值，而不是{kind}")
def in_needs_number(*, kind: str) -> None: ...


@message(en="add", zh="相加")
def verb_add() -> None: ...


@message(en="subtract", zh="相减")
def verb_subtract() -> None: ...


@message(en="multiply", zh="相乘")
def verb_multiply() -> None: ...


@message(en="divide", zh="相除")
def verb_divide() -> None: ...


@message(en="cannot {verb} `empty`: the result would always be empty", zh="不能用 `empty` {verb}：结果将永远为空")
def arithmetic_of_empty(*, verb: str) -> None: ...


@message(en="cannot {verb} {left} and {right}", zh="{left}与{right}不能{verb}")
def arithmetic_kinds(*, verb: str, left: str, right: str) -> None: ...


@message(en="'{expr}' is {kind}; arithmetic needs numbers", zh="“{expr}”是{kind}；算术运算需要数值")
def arithmetic_hint(*, expr: str, kind: str) -> None: ...


@message(en="a comparison with `empty` is always empty, never yes or no", zh="与 `empty` 比较的结果永远为空，既不是“是”也不是“否”")
def compare_empty() -> None: ...


@message(en="to test whether there is a value, write present(x) or not present(x)",
         zh="要判断是否有值，请写 present(x) 或 not present(x)")
def compare_empty_hint() -> None: ...


@message(en="cannot compare {left} with {right}", zh="不能比较{left}与{right}")
def cannot_compare(*, left: str, right: str) -> None: ...


@message(en="`{op}` needs numbers or dates, not {kind}", zh="`{op}` 需要数值或日期，而不是{kind}")
def order_needs_numbers(*, op: str, kind: str) -> None: ...


@message(en="text can only be compared with == or !=", zh="文本只能用 == 或 != 比较")
def text_compare_hint() -> None: ...


@message(en="the condition of `if` must be yes/no, not {kind}", zh="`if` 的条件必须是是/否值，而不是{kind}")
def if_condition(*, kind: str) -> None: ...


@message(en="`if` gives {then} on one branch and {other} on the other", zh="`if` 的一个分支得到{then}，另一个分支得到{other}")
def if_branches(*, then: str, other: str) -> None: ...


@message(en="{table} '{name}' takes one value, got {count}", zh="{table}“{name}”只接受一个值，这里给了 {count} 个")
def table_one_value(*, table: str, name: str, count: int) -> None: ...


@message(en="{table} '{name}' of `empty` is always empty", zh="对 `empty` 使用{table}“{name}”，结果永远为空")
def table_of_empty(*, table: str, name: str) -> None: ...


@message(en="scale '{name}' reads a label or points, not {kind}", zh="量表“{name}”读取等级名称或分数，而不是{kind}")
def scale_reads(*, name: str, kind: str) -> None: ...


@message(en="{table} '{name}' needs a number, not {kind}", zh="{table}“{name}”需要数值，而不是{kind}")
def table_needs_number(*, table: str, name: str, kind: str) -> None: ...


@message(en="ladder", zh="阶梯")
def table_ladder() -> None: ...


@message(en="scale", zh="量表")
def table_scale() -> None: ...


@message(en="bands", zh="区间表")
def table_bands() -> None: ...


@message(en=Plural("wanted", "{name}() takes {want} argument, got {count}", "{name}() takes {want} arguments, got {count}"),
         zh="{name}() 需要 {want} 个参数，这里给了 {count} 个")
def builtin_arity(*, name: str, want: str, count: int, wanted: int) -> None:
    """`want` is `2`, `at least 1` or `1 to 3` (`at_least`, `between`); `wanted` (1 or more) picks
    the noun's number."""


@message(en="at least {n}", zh="至少 {n}")
def at_least(*, n: int) -> None: ...


@message(en="{low} to {high}", zh="{low} 到 {high}")
def between(*, low: int, high: int) -> None: ...


@message(en="usage: {signature}", zh="用法：{signature}")
def usage(*, signature: str) -> None: ...


@message(en="to aggregate over records: {name}(x within 部门) or {name}(x over all)",
         zh="要对多条记录汇总：{name}(x within 部门) 或 {name}(x over all)")
def aggregate_instead(*, name: str) -> None: ...


@message(en="{name}() needs {kinds}, not {kind}", zh="{name}() 需要{kinds}，而不是{kind}")
def builtin_needs(*, name: str, kinds: str, kind: str) -> None: ...


@message(en="{name}() arguments must be of one kind", zh="{name}() 的各参数必须是同一类值")
def builtin_one_kind(*, name: str) -> None: ...


@message(en="round() takes a whole number of decimal places from 0 to 12", zh="round() 的小数位数必须是 0 到 12 的整数")
def round_places() -> None: ...


@message(en="`on zero` gives {other}, but field '{name}' is {kind}", zh="`on zero` 给出{other}，但字段“{name}”是{kind}")
def field_on_zero_kind(*, other: str, name: str, kind: str) -> None: ...


@message(en="`where` needs a yes/no condition, not {kind}", zh="`where` 需要是/否条件，而不是{kind}")
def where_needs_bool(*, kind: str) -> None: ...


@message(en="bound '{name}' is not a number", zh="界值“{name}”不是数值")
def bound_not_number(*, name: str) -> None: ...


@message(en="the interval {low}..{high} is empty", zh="区间 {low}..{high} 是空的")
def empty_interval(*, low: str, high: str) -> None: ...


@message(en="write the smaller bound first; [a, a] is the only one-point interval", zh="请先写较小的界值；只有 [a, a] 是单点区间")
def empty_interval_hint() -> None: ...


@message(en="`else` must be the last tier of {what}", zh="`else` 必须是{what}的最后一档")
def else_not_last(*, what: str) -> None: ...


@message(en="tiers are tried in order; tiers after `else` can never be used", zh="档位按顺序判断；`else` 之后的档位永远用不到")
def else_not_last_hint() -> None: ...


@message(en="the tiers of {what} give both numbers and text", zh="{what}的各档结果既有数值又有文本")
def tiers_mixed(*, what: str) -> None: ...


@message(en="`empty` has no value to compute with; write `if ... then x else empty` to give a value only sometimes",
         zh="`empty` 没有可计算的值；如果只在部分情况下有值，请写 `if ... then x else empty`")
def empty_hint() -> None: ...


@message(en="ladder '{name}'", zh="阶梯“{name}”")
def ladder_named(*, name: str) -> None: ...


@message(en="'{name}'", zh="“{name}”")
def indicator_named(*, name: str) -> None:
    """An indicator's inline ladder, named after the indicator."""
