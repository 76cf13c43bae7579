"""Chinese words and phrases shared by the full trace (`chinese.py`) and the appeal reply
(`chinese_reply.py`): causes, results, a condition said in words, the distance to the next tier
or grade, spacing between Chinese and Latin text."""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import ir
from ..outcome import RecordData
from ..refs import Ref
from ..trace import TraceEvent
from .common import Gap, band_gap, condition_words, fmt_display, ref_name, show, tier_points

Scheme = ir.Scheme

#: Why an outcome applied or an item was skipped, by the cause the event names.
CAUSES = {"zero": "分母为零", "zero_in_score": "计分时分母为零", "missing": "数据缺失"}

#: Periods a roll-up runs over.
OVER = {"quarter": "本季度", "half_year": "本半年", "year": "本年度"}

#: The scheme's results, as formulas name them.
RESULT_WORDS = {"total": "总分", "total_exact": "未舍入的总分", "base_score": "基础得分", "deductions": "扣分",
                "bonuses": "加分"}

#: Another period's value, as formulas read it (`prev(x)`, `last_year(x)`).
HISTORY_WORDS = {"prev": "上期{}", "last_year": "去年同期{}"}

#: The word for an indicator's own value in a formula (`value` in the scheme).
OWN_VALUE = "数值"


_TIGHT = re.compile(r" +(?=[，。；：）」、])|(?<=[（「、：]) +")

#: Deduction or bonus, by the adjustment's kind.
KIND_WORDS = {"deduct": "扣分", "bonus": "加分"}

#: How headcounts are rounded.
ROUNDING_WORDS = {"largest_remainder": "最大余数法", "half_up": "四舍五入"}


def name_of(own: str | None) -> Callable[[Ref], str]:
    """How formulas name what they read, in Chinese (`total` -> 总分, `prev(x)` -> 上期x)."""
    return lambda ref: ref_name(ref, own, OWN_VALUE, RESULT_WORDS, HISTORY_WORDS)


def result_name(ref: Ref) -> str:
    return name_of(None)(ref)


def tidy(text: str) -> str:
    """No space before Chinese punctuation or after an opening bracket (`等级为 A ，` -> `等级为 A，`)."""
    return _TIGHT.sub("", text)


def word(label: str) -> str:
    """A label inside Chinese text: a space on each side that meets a Latin letter or a digit
    (等级为 A 级, 等级为合格)."""
    if not label:
        return label
    left = " " if label[0].isascii() and label[0].isalnum() else ""
    right = " " if label[-1].isascii() and label[-1].isalnum() else ""
    return f"{left}{label}{right}"


def group_label(label: str) -> str:
    """A population rule's group as the interpreter names it (`部门=销售部` -> 部门“销售部”;
    `all` is everyone)."""
    if label == "all":
        return "全体人员"
    return "、".join(f"{col}“{value}”" for col, _, value in (part.partition("=") for part in label.split(", ")))


#: A condition in words (`common.condition_words`).
CONDITIONS = {">=": "{x} 及以上", ">": "高于 {x}", "<=": "{x} 及以下", "<": "低于 {x}", "==": "等于 {x}", "!=": "不等于 {x}",
              "[]": "{a} 至 {b}（含两端）", "[)": "{a}（含）至 {b}（不含）", "(]": "高于 {a}、不超过 {b}",
              "()": "高于 {a}、低于 {b}", "else": "其他情况"}


def cond_words(cond: ir.Cond, ratio: bool) -> str:
    """A tier's or band's condition as a person says it: `>= 95%` -> 95% 及以上."""
    return condition_words(cond, ratio, CONDITIONS)


#: What a count counts, by the end of its name (`按时完成采购单数` counts 单).
MEASURE_WORDS = (("项目数", "个"), ("单数", "单"), ("件数", "件"), ("次数", "次"), ("人数", "人"), ("天数", "天"),
                 ("条数", "条"), ("台数", "台"), ("笔数", "笔"), ("个数", "个"), ("篇数", "篇"), ("家数", "家"))


def _measure_word(name: str, label: str | None) -> str:
    """The measure word of a count (单, 件, 次 ...) when its name or column says it."""
    for text in (label or "", name):
        for open_, close in (("(", ")"), ("（", "）")):
            if text.endswith(close) and open_ in text:
                word = text[text.rindex(open_) + 1 : -1]
                if len(word) == 1:
                    return word
    return next((w for suffix, w in MEASURE_WORDS if name.endswith(suffix)), "")


def unit_of(ind: ir.Indicator) -> str:
    """The unit an indicator's value is counted in (小时, 次), when it declares one (not `%`)."""
    return f" {ind.unit}" if ind.unit and ind.unit not in ("%", "分") else ""


def gap_words(s: Scheme, ev: TraceEvent, ratio: bool, unit: str = "") -> str | None:
    """How far the next better tier is: 距“95% 及以上”档（100 分）还差 1.5 个百分点，即按时完成采购单数还差 3 单（需达到 190）."""
    gap = Gap.of(s, ev)
    if gap is None:
        return None
    head = f"距“{cond_words(gap.tier.cond, ratio)}”档（{tier_points(gap.tier)} 分）"
    if gap.strict:  # the bound itself is not in that tier: it must be passed
        text = f"{head}须{'高于' if gap.up else '低于'} {gap.bound(ratio)}"
    else:
        text = f"{head}{'还差' if gap.up else '还需降低'} {gap.amount(ratio, ' 个百分点')}{'' if ratio else unit}"
    if gap.units is not None:
        name, now, needed = gap.units
        spec = s.input(name)
        measure = _measure_word(name, spec.label if spec is not None else None)
        change = fmt_display(abs(needed - now)) + (f" {measure}" if measure else "")
        if needed > now:
            text += f"，即{word(name)}还差 {change}（需达到 {fmt_display(needed)}）"
        else:
            text += f"，即{word(name)}需减少 {change}（降至 {fmt_display(needed)}）"
    return text


def is_zero(denominator: str) -> str:
    """`故障次数为 0`: the denominator that was 0."""
    return f"{denominator}{' ' if denominator[-1:].isascii() else ''}为 0"



def grade_total(s: Scheme, ev: TraceEvent) -> str:
    """The total a grade read, with the scheme's places when it read the rounded total."""
    places = s.total.round_places if ev.fact("reads") == "rounded" else None
    return show(ev.fact("total"), places)


def grade_gap(s: Scheme, ev: TraceEvent) -> str | None:
    found = band_gap(s, ev)
    if found is None:
        return None
    band, target, gap, strict = found
    if strict:
        return tidy(f"距{word(band.label)}级（须高于 {fmt_display(target)} 分）还差 {fmt_display(gap)} 分以上")
    return tidy(f"距{word(band.label)}级（{fmt_display(target)} 分）还差 {fmt_display(gap)} 分")


def field_word(field: str) -> str:
    """The field an override changes: 总分, 等级, or a population rule's name."""
    return {"total": "总分", "grade": "等级"}.get(field, field)


def total_text(s: Scheme, data: RecordData) -> str:
    return show(data.total, s.total.round_places)
