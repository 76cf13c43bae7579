"""The short word lists the design rules read names with (docs/lint.md prints them).

They are deliberately short and literal: a word in the list is a substring of an indicator's name,
English name or unit, or of a scheme's title. Each list can be replaced per client in the lint
configuration (`[lint.design]`), because a client's vocabulary is the client's.
"""

from __future__ import annotations

#: Words that make an indicator "probably lower is better" (K-L0106): losses, errors, complaints,
#: failures, costs and delays. Matched in the indicator's name, English name and unit, and in the
#: name and label of the input when the value is that one input.
LOWER_IS_BETTER: tuple[str, ...] = (
    "损失", "差错", "错误", "投诉", "故障", "事故", "缺陷", "不良", "次品", "废品", "报废", "返工", "退货",
    "损耗", "呆料", "延误", "延迟", "逾期", "超期", "迟到", "旷工", "违规", "违纪", "流失", "离职", "费用率",
    "成本", "时长", "耗时", "周期", "停机",
    "loss", "error", "defect", "complaint", "failure", "incident", "scrap", "rework", "delay", "overdue",
    "late", "churn", "turnover", "downtime", "cost", "mttr",
)

#: Words that turn a lower-is-better word around: a reduction (降低率), a saving or a rate of things
#: done right is better when higher. The seed's own tables say "材料消耗降低率达到 X% 以上", so
#: 降低率 is higher-is-better, although it names a cost. Checked first.
HIGHER_IS_BETTER: tuple[str, ...] = (
    "降低", "下降", "减少", "节约", "节省", "合格", "准确", "及时", "准时", "达成", "完成", "满意", "修复率",
    "解决率", "控制率", "reduction", "saving", "accuracy", "on-time", "on time", "resolved", "completion",
)

#: Scheme titles that name front-line staff (基层员工, K-L0806) ...
FRONT_LINE: tuple[str, ...] = (
    "员工", "职员", "专员", "文员", "操作工", "作业员", "操作员", "工人", "一线", "基层", "营业员", "业务员",
    "技术员", "客服", "staff", "operator", "clerk", "associate",
)

#: ... unless they also name a manager, who may carry cross-department indicators.
MANAGERS: tuple[str, ...] = (
    "经理", "主管", "主任", "总监", "部长", "厂长", "组长", "负责人", "总裁", "总经理", "manager", "director",
    "supervisor", "head", "lead",
)

#: Indicators whose result belongs to several departments or the whole company (跨部门的指标).
CROSS_DEPARTMENT: tuple[str, ...] = (
    "公司", "集团", "全厂", "全员", "跨部门", "各部门", "部门间", "企业", "company", "corporate", "group-wide",
    "cross-department", "enterprise",
)


def contains_any(text: str, words: tuple[str, ...]) -> str | None:
    """The first word of `words` found in `text` (case-insensitive), or None."""
    low = text.lower()
    return next((w for w in words if w.lower() in low), None)
