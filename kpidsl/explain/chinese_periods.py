"""汇总整期的中文说明：参与汇总的各期及其数值、缺了哪几期、结果如何，或为何没有数值（英文见
`english_periods.py`）。"""

from __future__ import annotations

import re

from .. import ir
from ..trace import TraceEvent
from . import Phrase
from .chinese_words import result_name
from .common import named, node
from .rollups import rollup_facts, rollup_parts

#: 日历单位的量词。
UNITS = {"week": "周", "month": "个月", "quarter": "个季度", "half_year": "个半年", "year": "年"}

METHODS = {"mean": "平均", "sum": "合计", "weighted": "加权平均"}

MISSING = {"exclude": "不计入", "zero": "按 0 计", "error": "报错"}

_LABEL = re.compile(r"^(\d{4})(?:-(\d{2})(?:W(\d))?|Q(\d)|H([12]))?$")


def label_zh(label: str) -> str:
    """A period as Chinese writes it: 2024年第4季度, 2024年3月, 2024年3月第2周, 2024年上半年, 2024年."""
    m = _LABEL.match(label)
    if m is None:
        return label
    year, month, week, quarter, half = m.groups()
    if week:
        return f"{year}年{int(month)}月第{week}周"
    if month:
        return f"{year}年{int(month)}月"
    if quarter:
        return f"{year}年第{quarter}季度"
    if half:
        return f"{year}年{'上' if half == '1' else '下'}半年"
    return f"{year}年"


def rollup_whole(ev: TraceEvent, s: ir.Scheme) -> Phrase:
    rule: ir.RollupRule = node(s, ev.node)
    grain, whole = ev.fact("grain"), label_zh(ev.fact("unit"))
    unit = UNITS.get(grain, grain)
    what = f"{whole}各期“{named(rule.expr.expr, result_name)}”的{METHODS[rule.method.value]}"
    present, periods = ev.fact("present"), ev.fact("periods")
    gone = ev.fact("missing")
    missing = f"；{'、'.join(label_zh(g) for g in gone)} 无数值（{MISSING[rule.missing.value]}）" if gone else ""
    used = f"{periods} {unit}中有 {present} {unit}有数值"
    why = ev.facts.get("why")
    if why == "short":
        had = "，".join(f"{label_zh(p)} {v}" + (f" × {w}" if w is not None else "") for p, v, w in rollup_parts(ev, rule, s))
        used += f"（{had}）" if had else ""
        return Phrase(f"{rule.name}：{what}：{used}{missing}；至少需要 {rule.at_least} {unit}，因此不给出数值", "空",
                      result_in_detail=True)
    if why in ("none", "no_weight"):
        return Phrase(f"{rule.name}：{what}：没有一期有数值{missing}，因此不给出数值", "空", result_in_detail=True)
    f = rollup_facts(ev, rule, s)
    items = "，".join(f"{label_zh(p)} {v}" + (f" × {w}" if w is not None else "") for p, v, w in f.parts)
    by = f" ÷ {f.weight_sum}" if f.weight_sum is not None else ""
    rounded = f"（由 {f.exact} 四舍五入保留 {rule.round_places} 位）" if f.exact is not None else ""
    return Phrase(f"{rule.name}：{what}（{used}：{items}{by}{missing}）= {f.result}{rounded}", f.result, result_in_detail=True)
