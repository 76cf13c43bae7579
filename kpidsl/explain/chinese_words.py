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
from ..values import Value
from .common import (
    CHINESE_SIGNS,
    Gap,
    Names,
    band_gap,
    computed,
    condition_words,
    fmt_display,
    has_branches,
    named,
    owner_name,
    ref_name,
    show,
    tier_points,
    worded,
)

Scheme = ir.Scheme

#: Why an outcome applied or an item was skipped, by the cause the event names.
CAUSES = {"zero": "分母为零", "zero_in_score": "计分时分母为零", "missing": "数据缺失"}

#: Periods a roll-up runs over.
OVER = {"quarter": "本季度", "half_year": "本半年", "year": "本年度"}

#: The scheme's results, as formulas name them.
RESULT_WORDS = {"total": "总分", "total_exact": "未舍入的总分", "base_score": "基础得分", "deductions": "扣分", "grade": "等级",
                "bonuses": "加分"}

#: Another period's value, as formulas read it (`prev(x)`, `last_year(x)`).
HISTORY_WORDS = {"prev": "上期{}", "last_year": "去年同期{}"}

#: The word for an indicator's own value in a formula (`value` in the scheme).
OWN_VALUE = "本项数值"

#: A part of another indicator or group, as formulas read it (`X.value`).
PART_WORDS = {"value": "{}的数值", "contribution": "{}的加权得分", "skipped": "{}是否未计分"}

#: A step of a normalisation, as formulas read it (`标准分.average`).
STEP_WORDS = {"average": "{}的部门平均分", "ratio": "{}的调整比例", "first": "{}的初步调整得分",
              "department": "{}的部门得分", "weight": "{}的部门系数", "cap": "{}的系数上限", "rooted": "{}是否开方"}

#: What an aggregate computes.
AGGREGATE_WORDS = {"mean": "平均值", "sum": "合计", "min": "最低值", "max": "最高值", "median": "中位数", "count": "个数"}


_TIGHT = re.compile(r" +(?=[，。；：）」、])|(?<=[（「、：，。；]) +")

#: Deduction or bonus, by the adjustment's kind.
KIND_WORDS = {"deduct": "扣分", "bonus": "加分"}

#: How headcounts are rounded.
ROUNDING_WORDS = {"largest_remainder": "最大余数法", "half_up": "四舍五入"}


def aggregate_name(agg: ir.Aggregate) -> str:
    """An aggregate as a formula reads it, in words: `mean(总分 within 部门)` -> 同部门总分平均值,
    `count(within 小组)` -> 同小组人数, `count(within 被评部门 per 评价部门)` -> 同被评部门的评价部门数."""
    scope = "同" + "、".join(agg.within.columns) if agg.within.columns else "全体"
    if agg.where is not None:
        scope += f"中“{named(agg.where.expr, result_name)}”者"
    if agg.expr is None:
        what = "、".join(agg.per.columns) + "数" if agg.per is not None else "人数"
        return tidy(f"{scope}的{word(what)}")
    per = f"（每个{'、'.join(agg.per.columns)}取一个值）" if agg.per is not None else ""
    return tidy(f"{scope}的{word(named(agg.expr.expr, result_name))}{AGGREGATE_WORDS[agg.func.value]}{per}")


#: How Chinese formulas name what they read.
NAMES = Names(OWN_VALUE, RESULT_WORDS, HISTORY_WORDS, PART_WORDS, STEP_WORDS, aggregate_name)


def name_of(own: str | None, s: Scheme | None = None) -> Callable[[Ref], str]:
    """How formulas name what they read, in Chinese (`total` -> 总分, `prev(x)` -> 上期x; an
    aggregate in words when the scheme is given)."""
    return lambda ref: ref_name(ref, own, NAMES, s)


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
        return tidy(f"距{_grade_word(band.label)}（须高于 {fmt_display(target)} 分）还差 {fmt_display(gap)} 分以上")
    return tidy(f"距{_grade_word(band.label)}（{fmt_display(target)} 分）还差 {fmt_display(gap)} 分")


def _grade_word(label: str) -> str:
    """A grade as the goal of a gap: `A级`, but `上调一级` as it is (not `上调一级级`)."""
    return word(label) if label.endswith("级") else f"{word(label)}级"


def field_word(field: str) -> str:
    """The field an override changes: 总分, 等级, or a population rule's name."""
    return {"total": "总分", "grade": "等级"}.get(field, field)


def total_text(s: Scheme, data: RecordData) -> str:
    return show(data.total, s.total.round_places)


def pair(label: str, value: Value) -> str:
    """A name and its value: `迟到早退次数 3`, a yes/no as `重大安全事故：是`."""
    return f"{label}：{show(value)}" if isinstance(value, bool) else f"{label} {show(value)}"


def worded_text(s: Scheme, ev: TraceEvent, expr: ir.Expr) -> str:
    """A formula with each value after its name (`按时完成采购单数 96 ÷ 计划采购单数 100`)."""
    return worded(expr, ev.values(), name_of(owner_name(ev), s), pair, CHINESE_SIGNS)


def computed_text(s: Scheme, ev: TraceEvent, expr: ir.Expr, result: str) -> str:
    """A formula and its result: substituted (`a 3 × 0.5 = 1.5`), or, when it chooses between
    values, the values it read (`按下面的公式，请假天数为 2、迟到早退次数为 2，得 3`)."""
    if has_branches(expr):
        result = word(result).rstrip()  # 得 85.55, 得空, 得“杰出”
    return computed(ev, expr, result, name_of(owner_name(ev), s), pair,
                    ("按下面的公式，{values}，得{result}", "按下面的公式得{result}", "、"), _as_value)


def _as_value(label: str, value: Value) -> str:
    return f"{label}为{word(show(value))}"
