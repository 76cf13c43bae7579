"""Messages of the results written for people: the headers and words of the table, CSV and the
payroll workbook, and the run summary."""

from __future__ import annotations

from ..i18n import Plural, message


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


@message(en="Not appraised because", zh="不参与考核的原因")
def header_excluded() -> None:
    """Why a record is excluded (an `exclude when` that applies); empty for everyone appraised."""


@message(en="{header} (computed)", zh="{header}（计算值）")
def header_computed(*, header: str) -> None:
    """A value as computed, beside the one people overrode (`kpi eval --overrides`)."""


@message(en="Overridden", zh="人工调整项")
def header_overridden() -> None: ...


@message(en="Override reason", zh="调整原因")
def header_override_reason() -> None: ...


@message(en="Approved by", zh="批准人")
def header_override_approver() -> None: ...


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


# The explain sheet (`kpi eval -o x.xlsx --explain-ids E1,E2`): one row per step.


@message(en="explain", zh="计算说明")
def sheet_explain() -> None: ...


@message(en="Section", zh="部分")
def col_section() -> None: ...


@message(en="Step", zh="步骤")
def col_step() -> None: ...


@message(en="Result", zh="结果")
def col_result() -> None: ...


@message(en="Rule at", zh="规则位置")
def col_location() -> None: ...


# ------------------------------------------------------------------------------ the run summary
# (`kpi eval`: on stderr, the workbook's summary sheet; docs/cli.md "The run summary")


@message(en="summary", zh="汇总")
def sheet_summary() -> None: ...


@message(en=Plural("count", "Run summary: {count} record", "Run summary: {count} records"), zh="运行汇总：共 {count} 人")
def summary_head(*, count: int) -> None: ...


@message(en="Grades", zh="等级分布")
def summary_grades() -> None: ...


@message(en="Grades of '{rule}'", zh="“{rule}”的等级分布")
def summary_rule_grades(*, rule: str) -> None: ...


@message(en="grade", zh="等级")
def col_grade() -> None: ...


@message(en="count", zh="人数")
def col_count() -> None: ...


@message(en="share", zh="占比")
def col_share() -> None: ...


@message(en="quota ({rule})", zh="规定比例（{rule}）")
def col_quota(*, rule: str) -> None: ...


@message(en="mean total", zh="平均总分")
def col_mean_total() -> None: ...


@message(en="By {columns}", zh="按{columns}分组")
def summary_groups(*, columns: str) -> None: ...


@message(en="Vetoes fired", zh="触发的一票否决")
def summary_vetoes() -> None: ...


@message(en="veto", zh="否决项")
def col_veto() -> None: ...


@message(en="records", zh="人员")
def col_records() -> None: ...


@message(en="Items not scored (left out and re-weighted)", zh="未计分的指标（不参与考核，权重分给其他指标）")
def summary_skipped() -> None: ...


@message(en="item", zh="指标")
def col_item() -> None: ...


@message(en="reason", zh="原因")
def col_reason() -> None: ...


@message(en="Not appraised (an exclusion of the scheme applies)", zh="不参加考核的人员（符合方案的不参加考核条件）")
def summary_not_appraised() -> None: ...


@message(en="Rows not evaluated", zh="未参与考核的数据行")
def summary_excluded() -> None: ...


@message(en="none", zh="无")
def none() -> None: ...


@message(en="Vetoes fired: none", zh="触发的一票否决：无")
def summary_no_vetoes() -> None: ...


@message(en="{first} (and {count} more)", zh="{first} 等 {count} 人")
def ids_and_more(*, first: str, count: int) -> None: ...


@message(en="zero denominator", zh="分母为零")
def reason_zero() -> None: ...


@message(en="zero denominator in the score", zh="计分时分母为零")
def reason_zero_in_score() -> None: ...


@message(en="missing value", zh="数据缺失")
def reason_missing() -> None: ...


@message(en="all of its items were skipped", zh="其下各项均未计分")
def reason_all_skipped() -> None: ...


@message(en="column '{column}' of record '{record}' ({value}) cannot be held exactly in Arrow type {type}",
         zh="记录“{record}”的“{column}”列（{value}）无法精确存入 Arrow 类型 {type}")
def arrow_inexact(*, column: str, record: str, value: str, type: str) -> None:
    """`BulkResults.to_arrow`: a value with more places, or more digits, than its column's type holds."""


@message(en="round it in the scheme (`round 2` on the item, or the scheme's `round`), or read it with `column()` as a Decimal",
         zh="在方案中对它舍入（指标上写 `round 2`，或方案的 `round`），或用 `column()` 读取为 Decimal")
def arrow_inexact_hint() -> None: ...


@message(en="unknown result column '{name}'; known: {known}", zh="未知的结果列“{name}”；可用的列：{known}")
def arrow_unknown_column(*, name: str, known: str) -> None: ...
