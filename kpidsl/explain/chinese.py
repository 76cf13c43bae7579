"""The Chinese phrases of the full trace (`kpi explain --detail full --lang zh`): one function
per kind of trace event, as precise as the English table and in plain Chinese.

Formulas stay as the scheme writes them (`按时完成采购单数 / 计划采购单数 = 96 / 100`); every word
around them is Chinese, with full-width punctuation and a space between Chinese and a number
(docs/i18n.md). The appeal reply's words are in `chinese_reply.py`; `CHINESE` joins both.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .. import ir
from ..columns import written_places
from ..i18n import Lang
from ..ir.text import format_expr
from ..numbers import HUNDRED
from ..outcome import RecordData
from ..trace import Ev, TraceEvent
from ..values import Value, describe
from . import Language, Phrase, subject_of
from .chinese_fields import aggregate_full, exclude_full, field_full
from .chinese_periods import rollup_whole
from .chinese_reply import REPLY
from .chinese_words import (
    CAUSES,
    KIND_WORDS,
    OVER,
    ROUNDING_WORDS,
    field_word,
    gap_words,
    grade_gap,
    grade_total,
    group_label,
    is_zero,
    result_name,
    tidy,
    total_text,
    word,
)
from .common import (
    fmt_display,
    fmt_percent,
    fmt_rounding,
    formula,
    indicator_of,
    is_ratio,
    item_value,
    keys_text,
    member_score,
    member_weight,
    named,
    node,
    num,
    plain_names,
    show,
    sum_text,
    value_text,
)
from .facts import input_value

Scheme = ir.Scheme

def _sub(ev: TraceEvent, s: Scheme) -> str:
    name = subject_of(ev, s)
    return "基础得分" if name == "base score" else name


# ------------------------------------------------------------------------------ inputs, indicators


def _input(ev: TraceEvent, s: Scheme) -> Phrase:
    inp = node(s, ev.node)
    label = f"（列“{inp.label}”）" if inp.label and inp.label != inp.name else ""
    note = "数据中没有此项，按声明的默认值计" if ev.fact("defaulted") else None
    return Phrase(f"{inp.name}{label} = {describe(ev.result) if isinstance(ev.result, str) else input_value(inp, ev.result)}", None, note)


def _indicator_head(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = indicator_of(s, ev)
    meta = "，".join(x for x in (f"来自模板 {ind.template}" if ind.template else None, ind.code,
                                 f"类别 {ind.category}" if ind.category else None) if x)
    return Phrase(ind.name + (f"（{meta}）" if meta else "") + (f"，权重 {ind.weight.text}" if ind.weight else ""))


def _value(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(formula(node(s, ev.node).expr, ev.values(), s), item_value(s, ev))


def _value_zero(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(formula(node(s, ev.node).expr, ev.values()), None, is_zero(ev.fact("denominator")))


def _outcome(ev: TraceEvent, s: Scheme) -> Phrase:
    o = node(s, ev.node)
    cause = ev.fact("cause")
    kind = "on zero" if cause.startswith("zero") else "on missing"
    assert o.value is not None
    return Phrase(f"{CAUSES[cause]}，按 `{kind} -> {format_expr(o.value.expr)}` 处理", describe(ev.result))


def _skip(ev: TraceEvent, s: Scheme) -> Phrase:
    name = indicator_of(s, ev).name
    return Phrase(f"{name} 不参与考核（{CAUSES[ev.fact('cause')]}），其权重按比例分给其他各项")


# ------------------------------------------------------------------------------ scoring


def _score_ladder(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    ladder: ir.Ladder = sc.ladder
    tier = ladder.tiers[ev.fact("tier")]
    v = ev.fact("value")
    shown = f"{fmt_display(v)}（{fmt_percent(v)}）" if ladder.uses_percent else f"{fmt_display(v)} "
    where = f"阶梯 {ladder.name} 的" if sc.named else "阶梯"
    return Phrase(f"得分：{shown}落在{where}“{tier.cond.text}”档 → {describe(ev.result)}", None,
                  gap_words(s, ev, ladder.uses_percent))


def _score_scale(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    return Phrase(f"得分：{describe(ev.fact('value'))} 属于量表 {sc.scale.name} 的“{ev.fact('level')}”级 → {show(ev.result)}")


def _score_proportional(ev: TraceEvent, s: Scheme) -> Phrase:
    ratio = is_ratio(s, indicator_of(s, ev))  # a rate and its target as the reply shows them (90% ÷ 100%)
    v, t = (value_text(ev.fact(x), ratio) for x in ("value", "target"))
    return Phrase(f"得分 = 数值 ÷ 目标值 × 满分 = {v} ÷ {t} × {fmt_display(ev.fact('full'))}", show(ev.result))


def _score_formula(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("得分 = " + formula(node(s, ev.node).expr, ev.values()), describe(ev.result))


def _score_value(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("得分 = 数值", describe(ev.result))


def _branch(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    found = next((e for e in ir.walk(f.expr) if isinstance(e, ir.If) and e.span == ev.span), None)
    cond = format_expr(found.cond) if found is not None else "条件"
    return Phrase(f"如果 {cond}：{'成立，取 then 的值' if ev.fact('branch') == 'then' else '不成立，取 else 的值'}")


def _lookup(ev: TraceEvent, s: Scheme) -> Phrase:
    row = node(s, ev.fact("row"))
    table = ev.fact("row").rsplit("/", 1)[0]
    name = table.split(":", 1)[1] if ":" in table else table
    value = describe(ev.fact("value"))
    if isinstance(row, ir.Tier):
        return Phrase(f"{value} 落在阶梯 {name} 的“{row.cond.text}”档 → {describe(ev.result)}")
    if isinstance(row, ir.Level):
        return Phrase(f"{value} 属于量表 {name} 的“{row.label}”级 → {describe(ev.result)}")
    return Phrase(f"{value} 落在 {name} 的 {row.label} 区间“{row.cond.text}”")


def _rater(ev: TraceEvent, s: Scheme) -> Phrase:
    r = node(s, ev.node)
    avg = show(ev.result)
    marks = ev.facts.get("marks")
    if marks is not None:  # raters mark with a scale's labels
        scale = node(s, ev.node.rsplit("/rater:", 1)[0]).scale
        shown = "、".join(f"{describe(m)} → {describe(v)}" for m, v in zip(marks, ev.fact("values"), strict=True) if m is not None)
        detail = f"评分人 {r.role}：{shown}（量表 {scale.name}）"
        return Phrase(f"{detail}；{ev.fact('given')} 个评分的平均", avg) if len(r.inputs) > 1 else Phrase(detail)
    if len(r.inputs) > 1:
        shown = "、".join(describe(v) for v in ev.fact("values"))
        return Phrase(f"评分人 {r.role}：{ev.fact('given')} 个评分（{shown}）的平均", avg)
    return Phrase(f"评分人 {r.role}：{r.inputs[0]} = {avg}")


def _raters_missing(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    names = "、".join(ev.fact("absent"))
    if sc.missing.value == "zero":
        return Phrase(f"评分人 {names} 没有评分，按 0 分计（`missing -> zero`）")
    return Phrase(f"评分人 {names} 没有评分，不计入，其余评分人重新加权（`missing -> exclude`）")


def _score_raters(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    present: tuple[tuple[str, Decimal], ...] = ev.fact("present")
    if sc.method.value == "weighted":
        weights = {r.role: r.weight for r in sc.raters}
        detail = " + ".join(f"{fmt_display(v)} × {weights[role].text}" for role, v in present if weights[role])
        if ev.fact("weight_sum") != 1:
            detail = f"({detail}) ÷ {fmt_display(ev.fact('weight_sum'))}"
    elif sc.method.value == "trimmed":
        k = sc.trim
        detail = f"{'、'.join(fmt_display(v) for v in ev.fact('kept'))} 的平均（去掉最高和最低各 {k} 个）"
    else:
        detail = f"{'、'.join(fmt_display(v) for _, v in present)} 的平均"
    return Phrase(f"得分 = {detail}", show(ev.result))


def _cap(ev: TraceEvent, s: Scheme, what: str = "得分") -> Phrase:
    before, cap = num(ev.fact("before")), num(ev.result)
    return Phrase(f"{what} {fmt_display(before)} 超过上限 {fmt_display(cap)}，超出的 {fmt_display(before - cap)} 不计",
                  fmt_display(cap))


def _floor(ev: TraceEvent, s: Scheme) -> Phrase:
    before, floor = num(ev.fact("before")), num(ev.result)
    return Phrase(f"得分 {fmt_display(before)} 低于下限 {fmt_display(floor)}，提高 {fmt_display(floor - before)}",
                  fmt_display(floor))


def _deduct_from(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = node(s, ev.node)
    taken, rest = fmt_display(ev.fact("taken")), ev.fact("rest")
    if rest > 0 and adj.spill:
        text = f"从“{adj.source}”的得分中扣除 {taken}，其余 {fmt_display(rest)} 从总分中扣除（spill）"
    elif rest > 0:
        text = f"“{adj.source}”的得分只够扣除 {taken}，其余 {fmt_display(rest)} 不再扣除（未写 `spill`）"
    else:
        text = f"从“{adj.source}”的得分中扣除 {taken}"
    return Phrase(f"{text}；“{adj.source}”剩 {show(ev.result)}")  # the item's points left, not `= 0` after the spill


def _round_score(ev: TraceEvent, s: Scheme) -> Phrase:
    places = indicator_of(s, ev).round_places
    return Phrase(f"得分四舍五入保留 {places} 位小数：{fmt_rounding(ev.fact('before'), places)} → {show(ev.result, places)}")


# ------------------------------------------------------------------------------ combining


def _weights(ev: TraceEvent, s: Scheme) -> Phrase:
    heading = f"{_sub(ev, s)}：加权求和"
    skipped = ev.fact("skipped")
    if skipped:
        heading += (f"；{'、'.join(skipped)} 未计分，其余各项的权重按 {fmt_percent(ev.fact('all'))} ÷ "
                    f"{fmt_percent(ev.fact('present'))} 放大")
    return Phrase(heading)


def _weighted(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{ev.fact('member')}：{member_score(ev, s)} × {member_weight(ev, s)}", show(ev.result))


def _group_mean(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{_sub(ev, s)} = {'、'.join(fmt_display(v) for v in ev.fact('parts'))} 的平均", show(ev.result))


def _group_sum(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{_sub(ev, s)} = " + sum_text(ev.fact("parts")), show(ev.result))


def _base(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("基础得分 = " + sum_text(ev.fact("parts")), show(ev.result))


# ------------------------------------------------------------------------------ after combining

def _adjustment(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = node(s, ev.node)
    cap = ev.fact("cap")
    note = f"上限 {fmt_display(cap)}，超出的 {fmt_display(num(ev.result) - cap)} 不计" if cap is not None else None
    return Phrase(f"{KIND_WORDS[adj.kind.value]}“{adj.label}”：{formula(adj.amount.expr, ev.values())}", show(ev.result), note)


def _total(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase("总分 = " + formula(node(s, ev.node).expr, ev.values()), show(ev.result))


def _total_default(ev: TraceEvent, s: Scheme) -> Phrase:
    b, d, bo = (fmt_display(ev.fact(x)) for x in ("base", "deductions", "bonuses"))
    return Phrase(f"总分 = 基础得分 − 扣分 + 加分 = {b} − {d} + {bo}", show(ev.result))


def _total_floor(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"总分 {fmt_display(ev.fact('before'))} 低于下限 {show(ev.result)}", show(ev.result))


def _round_total(ev: TraceEvent, s: Scheme) -> Phrase:
    places = s.total.round_places
    published = show(ev.result, places)
    return Phrase(f"总分四舍五入保留 {places} 位小数：{fmt_rounding(ev.fact('exact'), places)} → {published}", published, None, True)


def _veto(ev: TraceEvent, s: Scheme) -> Phrase:
    v = node(s, ev.node)
    hit = bool(ev.result)
    note = None
    if hit:
        note = "本期不发放绩效奖金，不论得分多少" if v.effect.value == "no_bonus" else f"等级定为 {v.grade}"
    return Phrase(f"一票否决“{v.label}”：{formula(v.condition.expr, ev.values(), s)} → {'触发' if hit else '未触发'}", None, note)


def _grade(ev: TraceEvent, s: Scheme) -> Phrase:
    band = node(s, ev.node)
    cond = band.cond.text
    where = "以上区间之外（`else`）" if cond == "else" else f"区间“{cond}”"
    reads = "舍入后的" if ev.fact("reads") == "rounded" else "未舍入的"
    return Phrase(tidy(f"等级{word(band.label)}：{reads}总分 {grade_total(s, ev)} 落在{where}"), None, grade_gap(s, ev))


def _grade_veto(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(tidy(f"因一票否决，等级定为{word(str(ev.result))}（按得分应为{word(ev.fact('before'))}）"), str(ev.result))


PHRASES_RECORD: dict[Ev, Callable[[TraceEvent, Scheme], Phrase]] = {
    Ev.INPUT: _input, Ev.INDICATOR: _indicator_head, Ev.VALUE: _value, Ev.VALUE_ZERO: _value_zero, Ev.OUTCOME: _outcome,
    Ev.SKIP: _skip, Ev.SCORE_LADDER: _score_ladder, Ev.SCORE_SCALE: _score_scale, Ev.SCORE_PROPORTIONAL: _score_proportional,
    Ev.SCORE_FORMULA: _score_formula, Ev.SCORE_VALUE: _score_value, Ev.BRANCH: _branch, Ev.LOOKUP: _lookup, Ev.RATER: _rater,
    Ev.RATERS_MISSING: _raters_missing,
    Ev.SCORE_RATERS: _score_raters, Ev.CAP: _cap, Ev.FLOOR: _floor, Ev.DEDUCT_FROM: _deduct_from, Ev.ROUND_SCORE: _round_score,
    Ev.WEIGHTS: _weights, Ev.WEIGHTED: _weighted, Ev.GROUP_MEAN: _group_mean, Ev.GROUP_SUM: _group_sum, Ev.BASE: _base,
    Ev.ADJUSTMENT: _adjustment, Ev.TOTAL: _total, Ev.TOTAL_DEFAULT: _total_default,
    Ev.TOTAL_CAP: lambda ev, s: _cap(ev, s, "总分"), Ev.TOTAL_FLOOR: _total_floor, Ev.ROUND_TOTAL: _round_total,
    Ev.VETO: _veto, Ev.GRADE: _grade, Ev.GRADE_VETO: _grade_veto, Ev.EXCLUDE: exclude_full, Ev.FIELD: field_full,
}


# ------------------------------------------------------------------------------ population rules


def _keys_text(keys: tuple[ir.SortKey, ...], values: tuple[Value, ...]) -> str:
    return keys_text(keys, values, result_name)


def _rank(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    tied = ev.fact("tied")
    return Phrase(f"{rule.name}：在{group_label(ev.fact('group'))}的 {ev.fact('size')} 人中按{_keys_text(rule.keys, ev.fact('keys'))} "
                  f"排第 {show(ev.result)} 名", None, f"与另外 {tied} 人并列" if tied else None)


def _percentile(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    return Phrase(f"{rule.name}：{group_label(ev.fact('group'))}的其他 {ev.fact('size') - 1} 人中有 {ev.fact('lower')} 人排在后面 → "
                  f"百分位 {show(ev.result)}")


def _dist_fallback(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    how = "按得分等级定为 " if rule.fallback == "bands" else "定为 "
    return Phrase(f"{rule.name}：{group_label(ev.fact('group'))}只有 {ev.fact('size')} 人，少于 {rule.min_group} 人，不按比例分配，"
                  f"{how}{ev.result}")


def _dist_headcounts(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    plan = "，".join(f"{q.label} {fmt_percent(q.value)} → {c} 人" for q, c in zip(rule.quotas, ev.fact("counts"), strict=True))
    taken = ev.facts.get("taken", ())
    vetoed = "，".join(f"{q.label} {n} 个" for q, n in zip(rule.quotas, taken, strict=True) if n)
    note = f"；其中一票否决的人直接定级，已占用名额：{vetoed}，其余的人按排名分配余下的名额" if vetoed else ""
    given = ev.facts.get("given")
    if given is not None and tuple(given) != tuple(ev.fact("counts")):  # a tie across a line moved it
        got = "，".join(f"{q.label} {n} 人" for q, n in zip(rule.quotas, given, strict=True))
        note += f"；名额线上有并列，{BOUNDARY_WORDS[rule.boundary.value]}，实际：{got}"
    return Phrase(f"{rule.name}：{group_label(ev.fact('group'))}共 {ev.fact('size')} 人，按{ROUNDING_WORDS[rule.rounding.value]}"
                  f"分配名额：{plan}{note}")


#: What `boundary` does with people tied across a quota line, in words (no English keyword in a reply).
BOUNDARY_WORDS = {"higher": "并列的人都取较高的等级", "lower": "并列的人都取较低的等级", "strict": "并列的人按名次各取其等级"}


def _here(ev: TraceEvent, rule: Any) -> str:
    return f"你排第 {ev.fact('position')} 位（{_keys_text(rule.keys, ev.fact('keys'))}）"


def _dist_veto(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    counted = f"占用 {ev.result} 级的一个名额" if ev.fact("counted") else "不占用任何等级的名额"
    return Phrase(f"{rule.name}：因一票否决“{ev.fact('veto')}”，不参加排名，直接定为 {ev.result}，{counted}")


def _dist_position(ev: TraceEvent, s: Scheme) -> Phrase:
    first, last = ev.fact("first"), ev.fact("last")
    where = f"第 {first}–{last} 位" if last > first else f"第 {first} 位"
    return Phrase(f"{_here(ev, node(s, ev.node))}，落在 {ev.result} 级的名额（{where}）")


def _dist_tie(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    lo, hi = ev.fact("tie")
    return Phrase(f"{_here(ev, rule)}，与他人并列第 {lo}–{hi} 位，跨过 {'/'.join(ev.fact('crossed'))} 的名额线；"
                  f"{BOUNDARY_WORDS[rule.boundary.value]}，定为 {ev.result}")


def _grade_capped(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"等级受“{node(s, ev.node).name}”限制：{ev.fact('before')} → {ev.result}")


def _coefficient(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    return Phrase(f"{rule.name}：等级 {ev.fact('label')} → 系数 {show(ev.result, written_places(rule.values))}")


def _pool(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    amount, total = show(ev.fact("amount")), fmt_display(ev.fact("total_weight"))
    weight = "系数乘折算比例后" if rule.prorate is not None else "系数"
    if rule.rounding.value == "each":
        note = (f"每人的份额各自四舍五入保留 {rule.places} 位小数，即 `each half_up`；实发合计 "
                f"{show(ev.fact('paid'), rule.places)}，不一定等于奖金池")
    else:
        note = f"按最大余数法保留 {rule.places} 位小数，使各人份额之和恰好等于奖金池"
    if ev.facts.get("withheld"):
        note = "本期因一票否决不发放绩效奖金，份额为 0"
    vetoed: tuple[Decimal, ...] = tuple(ev.fact("vetoed")) if "vetoed" in ev.facts else ()
    left_out = ""
    if len(vetoed) == 1:
        left_out = f"，不含 1 名因一票否决不发奖金人员的{weight} {fmt_display(vetoed[0])}"
    elif vetoed:
        left_out = f"，不含 {len(vetoed)} 名因一票否决不发奖金人员的{weight}（合计 {fmt_display(sum(vetoed, Decimal(0)))}）"
    return Phrase(f"{rule.name}：{group_label(ev.fact('group'))}的奖金池 {amount}（{ev.fact('size')} 人，{weight}合计 {total}{left_out}）；"
                  f"你的份额 = {amount} × {fmt_display(ev.fact('weight'))} ÷ {total} = {fmt_rounding(ev.fact('exact'), rule.places)}"
                  f" → {show(ev.result, rule.places)}", None, note)


def _shares(ev: TraceEvent, s: Scheme) -> Phrase:
    rank, tied = ev.fact("rank"), ev.fact("tied")
    note = f"{tied} 人并列第 {rank} 名：第 {rank}–{rank + tied - 1} 名的份额合并后平分" if tied > 1 else None
    if ev.facts.get("withheld"):
        note = "本期因一票否决不发放绩效奖金，份额为 0"
    return Phrase(f"{node(s, ev.node).name}：在{group_label(ev.fact('group'))}排第 {rank} 名 → "
                  f"{fmt_display(ev.fact('share') * HUNDRED)}% × {show(ev.fact('amount'))} = {show(ev.result, node(s, ev.node).places)}", None, note)


#: A normalisation's steps, as its `round` clauses name them.
NORMALISE_STEPS = {"average": "部门平均分", "ratio": "调整比例", "first": "初步调整得分", "weight": "部门系数", "cap": "系数上限",
                   "result": "标准化得分"}


def _normalise_first(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    avg = fmt_display(ev.fact("average"))
    rounded = [f"{NORMALISE_STEPS[step]}保留 {places} 位" for step, places in rule.rounding if step in ("average", "ratio", "first")]
    note = f"四舍五入：{'，'.join(rounded)}小数" if rounded else None
    head = f"{rule.name}：{group_label(ev.fact('group'))}平均分 {avg}；"
    if rule.places("ratio") is not None:
        ratio = fmt_display(ev.fact("ratio"))
        return Phrase(f"{head}调整比例 100 ÷ {avg} = {ratio}；初步调整 {fmt_display(ev.fact('score'))} × {ratio} = {show(ev.result)}",
                      None, note)
    return Phrase(f"{head}初步调整 {fmt_display(ev.fact('score'))} × 100 ÷ {avg} = {show(ev.result)}", None, note)


def _normalise_weight(ev: TraceEvent, s: Scheme) -> Phrase:
    cap = ev.fact("cap")
    cap_text = fmt_display(cap) if cap is not None else "无"
    ratio = f"{fmt_display(ev.fact('department'))} ÷ 最低 {fmt_display(ev.fact('lowest'))}"
    if ev.fact("rooted"):
        before = fmt_display(ev.fact("unrooted"))
        return Phrase(f"部门系数 = {ratio} = {before}；最大系数超过上限 {cap_text}，各部门系数均取平方根：√{before} = {show(ev.result)}")
    return Phrase(f"部门系数 = {ratio} = {show(ev.result)}", None, f"未超过上限 {cap_text}")


def _normalise_result(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"标准化得分 = {fmt_display(ev.fact('first'))} × {fmt_display(ev.fact('weight'))} = {show(ev.result)}")


def _flag(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    cond = rule.condition.expr
    evidence = []
    for label, values, ok in ev.fact("evidence"):
        if values is None:
            evidence.append(f"{label}：没有记录")
        else:
            evidence.append(f"{label}：{format_expr(cond, plain_names(dict(values)))} → {'是' if ok else '否'}")
    return Phrase(f"{rule.name}：是否连续 {rule.periods} 期满足“{named(cond, result_name)}” → {'是' if ev.result else '否'}", None,
                  "；".join(reversed(evidence)) + "；此标记供人工决定，不自动生效")


def _rollup(ev: TraceEvent, s: Scheme) -> Phrase:
    rule = node(s, ev.node)
    over = OVER.get(rule.over.value, rule.over.value)
    parts = ev.fact("parts")
    if rule.method.value == "weighted":
        items = "，".join(f"{p} {fmt_display(v)} × {fmt_display(w)}" for (p, v), w in zip(parts, ev.fact("weights"), strict=True))
        return Phrase(f"{rule.name}：{over}至今加权（{items}）÷ {fmt_display(ev.fact('weight_sum'))} = {show(ev.result)}")
    how = "平均" if rule.method.value == "mean" else "合计"
    items = "，".join(f"{p} {fmt_display(v)}" for p, v in parts)
    return Phrase(f"{rule.name}：{over}至今{how}（{items}）= {show(ev.result)}")


def _override(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{field_word(ev.fact('field'))}：经人工调整，计算结果 {show(ev.fact('computed'))}，调整后 {show(ev.result)}",
                  show(ev.result), f"原因：{ev.fact('reason')}；批准人：{ev.fact('approver')}；{ev.fact('file')} 第 {ev.fact('row')} 行",
                  result_in_detail=True)


PHRASES_POPULATION: dict[Ev, Callable[[TraceEvent, Scheme], Phrase]] = {
    Ev.RANK: _rank, Ev.PERCENTILE: _percentile, Ev.DIST_FALLBACK: _dist_fallback, Ev.DIST_HEADCOUNTS: _dist_headcounts,
    Ev.DIST_POSITION: _dist_position, Ev.DIST_TIE: _dist_tie, Ev.DIST_VETO: _dist_veto, Ev.GRADE_CAPPED: _grade_capped, Ev.COEFFICIENT: _coefficient,
    Ev.POOL: _pool, Ev.SHARES: _shares, Ev.NORMALISE_FIRST: _normalise_first, Ev.NORMALISE_WEIGHT: _normalise_weight,
    Ev.NORMALISE_RESULT: _normalise_result, Ev.FLAG: _flag, Ev.ROLLUP: _rollup, Ev.ROLLUP_WHOLE: rollup_whole, Ev.AGGREGATE: aggregate_full,
    Ev.OVERRIDE: _override,
}

SECTIONS = {
    "input": "输入（取自数据）",
    "indicator": "指标",
    "weight": "汇总各项得分",
    "group": "汇总各项得分",
    "base": "汇总各项得分",
    "deduct": "扣分与加分",
    "bonus": "扣分与加分",
    "total": "总分",
    "veto": "一票否决",
    "grade": "等级",
    "population": "全体规则（按同期所有人计算）",
    "periods": "各期汇总（按本人各期计算）",
    "exclude": "考核资格",
    "field": "列示项（不计分）",
    "aggregate": "同组统计（按同期同组的记录计算）",
    "override": "人工调整（校准后由人修改）",
}


def _header(s: Scheme, data: RecordData, main: str) -> list[str]:
    head = [f"{s.title}：记录 {data.id}" + (f"，期间 {data.period}" if data.period else ""), f"方案文件：{main}"]
    if s.version is not None:
        head.append(f"方案版本：{s.version}")
    return head


def _summary(s: Scheme, data: RecordData) -> str:
    if data.excluded is not None:
        return f"结果：本期不参加考核（{data.excluded}）"
    parts = [f"总分 {total_text(s, data)}"]
    if data.grade is not None:
        parts.append(f"等级 {data.grade}")
    if not data.bonus_eligible:
        parts.append("绩效奖金：因一票否决取消（" + "、".join(v.label for v in data.vetoes if v.effect == "no_bonus") + "）")
    if data.overrides:
        parts.append("人工调整：" + "，".join(f"{field_word(o.field)} {show(o.computed)} → {show(o.final)}" for o in data.overrides))
    return "结果：" + "；".join(parts)


def _note(text: str) -> str:
    return f"（{text}）"


def _location(place: str | None, line: int) -> str:
    return f"[{place} 第 {line} 行]" if place else f"[第 {line} 行]"


def _polished(table: dict[Ev, Callable[[TraceEvent, Scheme], Phrase]]) -> dict[Ev, Callable[[TraceEvent, Scheme], Phrase]]:
    """Every phrase with `tidy` spacing."""

    def wrap(fn: Callable[[TraceEvent, Scheme], Phrase]) -> Callable[[TraceEvent, Scheme], Phrase]:
        def phrase(ev: TraceEvent, s: Scheme) -> Phrase:
            p = fn(ev, s)
            return Phrase(tidy(p.detail), p.result, tidy(p.note) if p.note else None, p.result_in_detail)

        return phrase

    return {kind: wrap(fn) for kind, fn in table.items()}


#: Chinese.
CHINESE = Language(_polished({**PHRASES_RECORD, **PHRASES_POPULATION}), SECTIONS, _header, _summary, _location, REPLY, Lang.ZH,
                   _note)


