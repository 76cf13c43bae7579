"""Chinese words for what is not scored: exclusions (不参加考核条件), fields (列示项) and aggregates
over a group of records (同组统计), in the full trace and in the appeal reply.

An excluded employee's reply says that they were not appraised and why; a field shows its value
in its declared form (`96.00%`, 是 / 否, 空); an aggregate says whose values it took and what it
made of them (`小组“采购一组”共 6 人，总分为 86、66.7、…，平均值为 71.1`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .. import ir
from ..ir.text import format_expr
from ..trace import TraceEvent
from ..values import describe
from . import Phrase
from .chinese_words import (
    AGGREGATE_WORDS,
    computed_text,
    group_label,
    is_zero,
    name_of,
    result_name,
    tidy,
    word,
    worded_text,
)
from .common import (
    aggregate_places,
    field_title,
    field_value,
    formula,
    has_branches,
    named,
    node,
    of_people,
    owner_name,
    percent_before_display,
    show,
    single_aggregate,
    single_read,
)

Scheme = ir.Scheme

#: Yes / no and the empty value, as a field shows them.
YES_NO = ("是", "否")
EMPTY = "空"

#: What excluded records miss (the full trace's note and the reply say it).
LEFT_OUT = "没有总分和等级，也不计入任何排名、分布名额、同组统计和奖金分配"


def _noun(s: Scheme) -> str:
    """What a group's records are counted in: 人, else what the id column names (`小区` -> 个小区,
    `表单号` -> 个表单), else 条记录."""
    if of_people(s) or s.id_input is None:
        return "人"
    stem = re.sub(r"(编号|编码|代码|号|ID|id|Id)$", "", s.id_input)
    return f"个{stem}" if stem else "条记录"


# ------------------------------------------------------------------------------ the full trace


def exclude_full(ev: TraceEvent, s: Scheme) -> Phrase:
    ex = node(s, ev.node)
    applies = bool(ev.result)
    return Phrase(f"不参加考核条件“{ex.reason}”：{formula(ex.condition.expr, ev.values())} → {'成立' if applies else '不成立'}",
                  None, f"本期不参加考核：{LEFT_OUT}" if applies else None)


def field_full(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    shown = field_value(f, ev.result, YES_NO, EMPTY)
    if f.percent is not None and isinstance(ev.result, Decimal):  # the ratio, then as the results show it
        shown = f"{show(ev.result, f.round_places)}（{shown}）"
    notes = []
    if ev.fact("zero") is not None:
        assert f.on_zero is not None and f.on_zero.value is not None
        notes.append(f"{is_zero(ev.fact('zero'))}，按 `on zero -> {format_expr(f.on_zero.value.expr)}` 处理")
    if ev.fact("rounded"):
        notes.append(f"四舍五入保留 {f.round_places} 位小数，未舍入为 {describe(ev.fact('exact'))}")
    if f.hidden:
        notes.append("隐藏项：供其他公式读取，不在结果中列出")
    detail = f"{field_title(f, ('（', '）'))} = {formula(f.formula.expr, ev.values())}"
    plain = f" = {describe(ev.result)}"
    if shown != describe(ev.result) and detail.endswith(plain):
        detail = detail[: -len(plain)]  # `= 0.96（96.00%）`, not `= 0.96 = 96.00%`
    return Phrase(detail, shown, "；".join(notes) or None)


def _listing(ev: TraceEvent, s: Scheme) -> str:
    places = aggregate_places(s, node(s, ev.node))
    text = "、".join(show(v, places) for v in ev.fact("values"))
    return text + (f" 等（另有 {ev.fact('more')} 个）" if ev.fact("more") else "")


def aggregate_full(ev: TraceEvent, s: Scheme) -> Phrase:
    agg = node(s, ev.node)
    group = group_label(ev.fact("group"))
    values = ev.fact("values")
    n = len(values) + ev.fact("more")
    if agg.expr is None:
        counted = f"共有 {show(ev.result)} 个不同的{'、'.join(agg.per.columns)}" if agg.per is not None else \
            f"共 {ev.fact('members')} {_noun(s)}"
        detail = f"{agg.text}：{group}{counted}"
    elif ev.fact("zero"):
        detail = f"{agg.text}：{group}中有一个值的分母为 0"
    else:
        per = f"（每个{'、'.join(agg.per.columns)}一个）" if agg.per is not None else ""
        detail = f"{agg.text}：{group}的 {n} 个值" + (f" {_listing(ev, s)}{per}的{AGGREGATE_WORDS[agg.func.value]}" if n else per)
    notes = []
    if ev.fact("left_out"):
        notes.append(f"{ev.fact('left_out')} 个空值未计入")
    if ev.fact("filtered"):
        notes.append(f"{ev.fact('filtered')} {_noun(s)}不满足 `where`，未计入")
    if ev.fact("zero"):
        notes.append("读取它的公式按各自的 `on zero` 处理")
    elif agg.expr is not None and not values:
        notes.append("没有任何值，结果为空")
    return Phrase(tidy(detail), describe(ev.result), "；".join(notes) or None, False)


# ------------------------------------------------------------------------------ the appeal reply


def exclude_reply(ev: TraceEvent, s: Scheme) -> Phrase | None:
    """Only the exclusion that applies is said (the others are not news to the employee)."""
    if not ev.result:
        return None
    ex = node(s, ev.node)
    return Phrase(f"属于“{ex.reason}”的情形（{worded_text(s, ev, ex.condition.expr)}），本期不参加考核：{LEFT_OUT}")


def field_reply(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    shown = field_value(f, ev.result, YES_NO, EMPTY)
    if isinstance(ev.result, str):
        shown = f"“{shown}”"
    value = f"四舍五入保留 {f.round_places} 位小数为 {shown}" if ev.fact("rounded") else f"为{word(shown)}"
    exact = percent_before_display(f, ev.result)
    if exact is not None:
        value += f"（实际为 {exact}，显示时四舍五入保留 {f.percent} 位小数）"
    title = field_title(f, ("（表中“", "”）"))
    if ev.fact("zero") is not None:
        if single_aggregate(f) is not None:  # the aggregate's clause just before says why
            return Phrase(f"{title}按方案规定{value}")
        return Phrase(f"{title}：{is_zero(ev.fact('zero'))}，无法计算，按方案规定{value}")
    read = single_read(f.formula.expr)
    if single_aggregate(f) is not None:  # the reply says the aggregate just before (reply.py)
        return Phrase(f"{title}取此值，{value}")
    if read is not None:
        return Phrase(f"{title}取{name_of(owner_name(ev), s)(read.ref)}，{value}")
    expr = f.formula.expr
    if isinstance(ev.result, bool) and isinstance(expr, (ir.Compare, ir.Logical, ir.Not, ir.Member)):
        return Phrase(f"{title}：{shown}（{worded_text(s, ev, expr)}{' 成立' if ev.result else ' 不成立'}）")
    if not isinstance(ev.result, Decimal):
        return Phrase(f"{title}：{computed_text(s, ev, expr, shown)}")
    result = shown if not ev.fact("rounded") else f"{describe(ev.fact('exact'))}，四舍五入保留 {f.round_places} 位小数为 {shown}"
    return Phrase(f"{title}{'：' if has_branches(expr) else ' = '}{computed_text(s, ev, expr, result)}")


def aggregate_reply(ev: TraceEvent, s: Scheme) -> Phrase:
    agg = node(s, ev.node)
    noun = _noun(s)
    group = group_label(ev.fact("group"))
    members = ev.fact("members")
    if agg.expr is None:
        if agg.per is None:
            where = f"，其中满足“{named(agg.where.expr, result_name)}”的 {members} {noun}" if agg.where is not None else ""
            return Phrase(tidy(f"{group}共 {members + ev.fact('filtered')} {noun}{where}"))
        return Phrase(tidy(f"{group}共有 {show(ev.result)} 个不同的{'、'.join(agg.per.columns)}"))
    what = word(named(agg.expr.expr, result_name))
    func = AGGREGATE_WORDS[agg.func.value]
    if ev.fact("zero"):
        return Phrase(tidy(f"{group}中有{noun.removeprefix('个')}的{what}分母为 0，{func}无法计算"))
    values = ev.fact("values")
    if agg.per is not None:
        listed = f"按{'、'.join(agg.per.columns)}各取一个{what}：{_listing(ev, s)}" if values else f"各{'、'.join(agg.per.columns)}的{what}均为空"
        text = f"{group}{listed}"
    else:
        left = ev.fact("left_out")
        who = f"其中满足“{named(agg.where.expr, result_name)}”的 {members} {noun}" if agg.where is not None else ""
        if not values:
            listed = f"{who}的{what}均为空" if who else f"{what}均为空"
        elif left:
            some = f"{who}中有 " if who else "其中 "
            listed = f"{some}{len(values) + ev.fact('more')} {noun}的{what}为 {_listing(ev, s)}（另有 {left} {noun}为空，未计入）"
        else:
            listed = f"{who}的{what}为 {_listing(ev, s)}" if who else f"{what}为 {_listing(ev, s)}"
        text = f"{group}共 {members + ev.fact('filtered')} {noun}，{listed}"
    result = f"{func}为 {show(ev.result, aggregate_places(s, agg))}" if values else f"{func}为空"
    return Phrase(tidy(f"{text}，{result}"))
