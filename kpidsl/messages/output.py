"""Messages of the results written for people: the payroll workbook's headers and values."""

from __future__ import annotations

from ..i18n import message


@message(en="ID", zh="工号")
def header_id() -> None: ...


@message(en="Period", zh="考核期间")
def header_period() -> None: ...


@message(en="Base score", zh="基础得分")
def header_base_score() -> None: ...


@message(en="Deductions", zh="扣分")
def header_deductions() -> None: ...


@message(en="Bonuses", zh="加分")
def header_bonuses() -> None: ...


@message(en="Total", zh="总分")
def header_total() -> None: ...


@message(en="Total (exact)", zh="总分（未舍入）")
def header_total_exact() -> None: ...


@message(en="Grade", zh="等级")
def header_grade() -> None: ...


@message(en="Performance bonus", zh="绩效奖金")
def header_bonus() -> None: ...


@message(en="Vetoes", zh="一票否决")
def header_vetoes() -> None: ...


@message(en="paid", zh="发放")
def bonus_paid() -> None: ...


@message(en="withheld", zh="取消")
def bonus_withheld() -> None: ...


@message(en="yes", zh="是")
def yes() -> None: ...


@message(en="no", zh="否")
def no() -> None: ...


@message(en="results", zh="考核结果")
def sheet_results() -> None: ...
