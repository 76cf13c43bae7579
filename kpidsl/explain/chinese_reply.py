"""The Chinese appeal reply (`kpi explain`, the default detail): written for an employee who
disputes a score, in words a non-specialist follows.

Each indicator is one sentence: its data, the rule applied and the result, and how far the next
better tier is (`距“95% 及以上”档（100 分）还差 1.5 个百分点，即按时完成采购单数还差 3 单`);
formulas are shown with each value after its name and × ÷ − for the signs; the rule lines are
quoted under the sentence. Events not listed here use their full-trace phrase (`chinese.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import ir
from ..data.guards import NAME_HEADERS
from ..outcome import RecordData
from ..trace import Ev, TraceEvent
from ..values import describe
from . import Phrase
from .chinese_fields import aggregate_reply, exclude_reply, field_reply
from .chinese_words import (
    CAUSES,
    KIND_WORDS,
    OWN_VALUE,
    computed_text,
    cond_words,
    field_word,
    gap_words,
    grade_gap,
    grade_total,
    is_zero,
    name_of,
    tidy,
    total_text,
    unit_of,
    word,
    worded_text,
)
from .common import (
    at_top,
    fmt_display,
    has_branches,
    indicator_of,
    is_ratio,
    member_score,
    member_weight,
    node,
    num,
    of_people,
    owner_name,
    show,
    single_read,
    sum_text,
    value_text,
    weighted_group,
)
from .facts import conclusion_values, input_value, record_name
from .reply import Reply, ReplyPhrase

Scheme = ir.Scheme


_worded = worded_text
_computed = computed_text


def _read_name(ev: TraceEvent, read: ir.Read, s: Scheme) -> str:
    return name_of(owner_name(ev), s)(read.ref)


def _input(ev: TraceEvent, s: Scheme) -> Phrase:
    inp = node(s, ev.node)
    label = f"（数据列“{inp.label}”）" if inp.label and inp.label != inp.name else ""
    default = "（数据中没有此项，按方案规定的默认值计）" if ev.fact("defaulted") else ""
    return Phrase(f"{inp.name}{label}：{input_value(inp, ev.result)}{default}")


def _indicator(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = indicator_of(s, ev)
    return Phrase(f"{ind.name}（权重 {ind.weight.text}）：" if ind.weight else f"{ind.name}：")


def _value(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = indicator_of(s, ev)
    f = node(s, ev.node)
    ratio = is_ratio(s, ind)
    shown = value_text(ev.result, ratio) + ("" if ratio else unit_of(ind))
    read = single_read(f.expr)
    if read is not None:
        text = "没有数据" if ev.result is None else f"为{word(shown)}" if isinstance(ev.result, str) else f"为 {shown}"
        return Phrase(_read_name(ev, read, s) + text)
    return Phrase(_computed(s, ev, f.expr, shown))


def _value_zero(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    return Phrase(f"{_worded(s, ev, f.expr)} 无法计算（{is_zero(ev.fact('denominator'))}）")


def _outcome(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"按方案规定，{CAUSES[ev.fact('cause')]}时计为 {describe(ev.result)}")


def _skip(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"本期不参与考核（{CAUSES[ev.fact('cause')]}），其权重按比例分给其他指标")


def _score_ladder(ev: TraceEvent, s: Scheme) -> Phrase:
    ind = indicator_of(s, ev)
    sc = node(s, ev.node)
    ratio = is_ratio(s, ind)
    tier = sc.ladder.tiers[ev.fact("tier")]
    text = f"属于“{cond_words(tier.cond, ratio)}”档，得 {show(ev.result)} 分"
    gap = gap_words(s, ev, ratio, "" if ratio else unit_of(ind))
    # A value an outcome gave (`given`) is at no distance from anything: neither a gap nor "the top".
    return Phrase(text + (f"；{gap}" if gap else "" if ev.facts.get("given") else "，已是最高档"))


def _score_scale(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"评为“{ev.fact('level')}”，得 {show(ev.result)} 分")


def _score_proportional(ev: TraceEvent, s: Scheme) -> Phrase:
    ratio = is_ratio(s, indicator_of(s, ev))
    v, t = (value_text(ev.fact(x), ratio) for x in ("value", "target"))
    f = fmt_display(ev.fact("full"))
    return Phrase(f"按完成比例计分：{v} ÷ 目标 {t} × 满分 {f} = {show(ev.result)} 分")


def _score_formula(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    read = single_read(f.expr)
    if read is not None and _read_name(ev, read, s) == OWN_VALUE:
        return Phrase(f"即得 {show(ev.result)} 分")
    if read is not None:
        return Phrase(f"得分取{_read_name(ev, read, s)}，为 {show(ev.result)} 分")
    if isinstance(f.expr, ir.Literal | ir.Constant):  # `score 10`: a fixed score, not `得分 = 10 = 10 分`
        return Phrase(f"方案规定本项得 {show(ev.result)} 分")
    if has_branches(f.expr):
        return Phrase(_computed(s, ev, f.expr, f"{show(ev.result)} 分"))
    return Phrase(f"得分 = {_computed(s, ev, f.expr, show(ev.result))} 分")


def _score_value(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"即得 {show(ev.result)} 分")


def _rater(ev: TraceEvent, s: Scheme) -> Phrase:
    r = node(s, ev.node)
    marks = ev.facts.get("marks")
    if marks is not None:  # marked with a scale's labels: the label, then its points
        shown = "、".join(f"“{m}”（{show(v)} 分）" for m, v in zip(marks, ev.fact("values"), strict=True) if m is not None)
        return Phrase(f"{r.role}评为{shown}" + (f"，平均 {show(ev.result)}" if ev.fact("given") > 1 else ""))
    if len(r.inputs) > 1:
        return Phrase(f"{r.role}（{ev.fact('given')} 人）平均 {show(ev.result)}")
    return Phrase(f"{r.role} {show(ev.result)}")


def _raters_missing(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    names = "、".join(ev.fact("absent"))
    if sc.missing.value == "zero":
        return Phrase(f"{names}未评分，按方案规定按 0 分计")
    return Phrase(f"{names}未评分，按方案规定不计入，只按已评分的人计算")


def _score_raters(ev: TraceEvent, s: Scheme) -> Phrase:
    sc = node(s, ev.node)
    if sc.method.value == "weighted":
        return Phrase(f"按各方权重合计得 {show(ev.result)} 分")
    if sc.method.value == "trimmed":
        return Phrase(f"去掉最高、最低各 {sc.trim} 个后平均，得 {show(ev.result)} 分")
    return Phrase(f"{len(ev.fact('present'))} 方平均，得 {show(ev.result)} 分")


def _cap(ev: TraceEvent, s: Scheme) -> Phrase:
    cap = show(ev.result)
    return Phrase(f"超过上限 {cap} 分，按 {cap} 分计")


def _floor(ev: TraceEvent, s: Scheme) -> Phrase:
    floor = show(ev.result)
    return Phrase(f"低于下限 {floor} 分，按 {floor} 分计")


def _adjustment(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = node(s, ev.node)
    amount = num(ev.result)
    cap = ev.fact("cap")
    capped = f"，超过上限 {fmt_display(cap)}，按 {fmt_display(cap)} 计" if cap is not None else ""
    what = f"{KIND_WORDS[adj.kind.value]}“{adj.label}”"
    body = _computed(s, ev, adj.amount.expr, show(amount)) if ev.values() else show(amount)
    return Phrase(f"{what}：{body} 分{capped}" if ev.depth == 0 else f"{what} {body} 分{capped}")


def _deduct_from(ev: TraceEvent, s: Scheme) -> Phrase:
    adj = node(s, ev.node)
    taken, rest = fmt_display(ev.fact("taken")), ev.fact("rest")
    text = f"从本项扣除 {taken} 分，本项剩 {show(ev.result)} 分"
    if rest > 0 and adj.spill:
        text += f"，不够扣的 {fmt_display(rest)} 分从总分中扣除"
    elif rest > 0:
        text += f"，不够扣的 {fmt_display(rest)} 分不再扣除"
    return Phrase(text)


def _round_score(ev: TraceEvent, s: Scheme) -> Phrase:
    places = indicator_of(s, ev).round_places
    return Phrase(f"四舍五入保留 {places} 位小数为 {show(ev.result, places)} 分")


def _group_name(ev: TraceEvent, s: Scheme) -> str:
    group = node(s, ev.node)
    return group.name or "基础得分"


def _weights(ev: TraceEvent, s: Scheme) -> Phrase:
    skipped = ev.fact("skipped")
    note = f"（{'、'.join(skipped)}未计分，其余各项权重按比例放大）" if skipped else ""
    return Phrase(f"{_group_name(ev, s)}按权重加总{note}：")


def _weighted(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{ev.fact('member')} {member_score(ev, s)} × {member_weight(ev, s)} = {show(ev.result)}")


def _group_sum(ev: TraceEvent, s: Scheme) -> Phrase:
    if weighted_group(s, ev):
        return Phrase(f"合计 {show(ev.result)} 分")
    return Phrase(f"{_group_name(ev, s)} = {sum_text(ev.fact('parts'))} = {show(ev.result)} 分")


def _group_mean(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{_group_name(ev, s)}取 {'、'.join(fmt_display(v) for v in ev.fact('parts'))} 的平均，为 {show(ev.result)} 分")


def _base(ev: TraceEvent, s: Scheme) -> Phrase:
    if weighted_group(s, ev):
        return Phrase(f"合计 {show(ev.result)} 分")
    parts = ev.fact("parts")
    if len(parts) == 1:
        return Phrase(f"基础得分为 {show(ev.result)} 分")
    return Phrase(f"基础得分 = {sum_text(parts)} = {show(ev.result)} 分")


def _total(ev: TraceEvent, s: Scheme) -> Phrase:
    f = node(s, ev.node)
    read = single_read(f.expr)
    if read is not None:
        return Phrase(f"总分取{_read_name(ev, read, s)}，为 {show(ev.result)} 分")
    return Phrase(f"总分 = {_computed(s, ev, f.expr, show(ev.result))} 分")


def _total_default(ev: TraceEvent, s: Scheme) -> Phrase:
    b, d, bo = (fmt_display(ev.fact(x)) for x in ("base", "deductions", "bonuses"))
    return Phrase(f"总分 = 基础得分 {b} − 扣分 {d} + 加分 {bo} = {show(ev.result)} 分")


def _round_total(ev: TraceEvent, s: Scheme) -> Phrase:
    places = s.total.round_places
    return Phrase(f"按方案保留 {places} 位小数（四舍五入）为 {show(ev.result, places)} 分")


def _veto(ev: TraceEvent, s: Scheme) -> Phrase:
    v = node(s, ev.node)
    cond = _worded(s, ev, v.condition.expr)
    plain = single_read(v.condition.expr) is not None  # a yes/no value says its own verdict (`重大投诉：否`)
    if not ev.result:  # the condition said with its verdict, never as a bare claim (`2999.99 ≥ 3000`)
        return Phrase(f"“{v.label}”（{cond}{'' if plain else ' 不成立'}）：未触发")
    effect = "本期不发放绩效奖金，不论得分多少" if v.effect.value == "no_bonus" else f"等级定为{word(v.grade or '')}"
    return Phrase(f"“{v.label}”（{cond}{'' if plain else ' 成立'}）：已触发，{effect}")


def _grade(ev: TraceEvent, s: Scheme) -> Phrase:
    band = node(s, ev.node)
    total = grade_total(s, ev)
    # `else`: the reply lists no bands, so it is said against the other grades, not "the above".
    where = "不在其他各等级的区间内" if band.cond.text == "else" else f"在“{cond_words(band.cond, False)}”区间"
    gap = grade_gap(s, ev)
    top = "，已是最高一级" if at_top(ev) else ""
    return Phrase(f"总分 {total} {where}，等级为{word(band.label)}" + (f"；{gap}" if gap else top))


def _override(ev: TraceEvent, s: Scheme) -> Phrase:
    return Phrase(f"{field_word(ev.fact('field'))}经人工调整：按方案计算为 {show(ev.fact('computed'))}，调整为 {show(ev.result)}"
                  f"（原因：{ev.fact('reason')}；批准人：{ev.fact('approver')}）")


def _grade_veto(ev: TraceEvent, s: Scheme) -> Phrase:
    if str(ev.facts.get("before")) == str(ev.result):  # not "changed from 丁 to 丁"
        return Phrase(f"一票否决也将等级定为{word(str(ev.result))}")
    return Phrase(f"但因一票否决，等级改为{word(str(ev.result))}")


def _lookup(ev: TraceEvent, s: Scheme) -> Phrase:
    """A row of a named table a formula called (`等级(value)`): what the value gives there."""
    row = node(s, ev.fact("row"))
    table = ev.fact("row").rsplit("/", 1)[0]
    name = table.split(":", 1)[1] if ":" in table else table
    value = show(ev.fact("value"))
    if isinstance(row, ir.Tier):
        return Phrase(f"按阶梯“{name}”，{value} 落在“{cond_words(row.cond, False)}”档，为 {show(ev.result)}")
    if isinstance(row, ir.Level):
        return Phrase(f"按量表“{name}”，{value}为 {show(ev.result)}")
    return Phrase(f"{value} 在“{name}”的{word(row.label)}区间（{cond_words(row.cond, False)}）")


PHRASES: dict[Ev, ReplyPhrase] = {
    Ev.INPUT: _input, Ev.INDICATOR: _indicator, Ev.VALUE: _value, Ev.VALUE_ZERO: _value_zero, Ev.OUTCOME: _outcome,
    Ev.SKIP: _skip, Ev.SCORE_LADDER: _score_ladder, Ev.SCORE_SCALE: _score_scale, Ev.SCORE_PROPORTIONAL: _score_proportional,
    Ev.SCORE_FORMULA: _score_formula, Ev.SCORE_VALUE: _score_value, Ev.RATER: _rater, Ev.RATERS_MISSING: _raters_missing,
    Ev.SCORE_RATERS: _score_raters, Ev.CAP: _cap, Ev.FLOOR: _floor, Ev.ADJUSTMENT: _adjustment, Ev.DEDUCT_FROM: _deduct_from,
    Ev.ROUND_SCORE: _round_score, Ev.WEIGHTS: _weights, Ev.WEIGHTED: _weighted, Ev.GROUP_SUM: _group_sum,
    Ev.GROUP_MEAN: _group_mean, Ev.BASE: _base, Ev.TOTAL: _total, Ev.TOTAL_DEFAULT: _total_default, Ev.TOTAL_CAP: _cap,
    Ev.TOTAL_FLOOR: _floor, Ev.ROUND_TOTAL: _round_total, Ev.VETO: _veto, Ev.GRADE: _grade, Ev.GRADE_VETO: _grade_veto,
    Ev.OVERRIDE: _override, Ev.EXCLUDE: exclude_reply, Ev.FIELD: field_reply, Ev.AGGREGATE: aggregate_reply,
    Ev.LOOKUP: _lookup, Ev.BRANCH: lambda ev, s: None,  # the branch a formula took: its values and its quoted lines say it
}

SECTIONS = {
    "input": "考核数据（取自数据文件）",
    "exclude": "考核资格",
    "aggregate": "同组统计（按同期同组的记录计算）",
    "indicator": "各项指标",
    "combine": "汇总",
    "adjust": "扣分与加分",
    "total": "总分",
    "veto": "一票否决",
    "grade": "等级",
    "population": "排名与分配（按同期全体人员计算）",
    "periods": "各期汇总（按您本人各期的数值计算）",
    "field": "其他列示项（不计入总分）",
    "override": "人工调整（考核结果经校准后由人修改）",
}

#: Section numbers.
NUMERALS = "一二三四五六七八九十"


def _title(s: Scheme, data: RecordData, main: str) -> list[str]:
    who = [f"{'工号' if of_people(s) or s.id_input is None else s.id_input} {data.id}"]
    name = record_name(data, NAME_HEADERS)
    if name:
        who.append(f"姓名 {name}")
    if data.period:
        who.append(f"期间 {data.period}")
    version = f"（版本 {s.version}）" if s.version is not None else ""
    head = [f"{s.title}：考核结果说明", "，".join(who), f"方案：{main}{version}", ""]
    if data.excluded is not None:
        return [*head, tidy(f"结论：本期不参加考核，原因是“{data.excluded}”；因此没有总分和等级。")]
    parts = [f"总分 {total_text(s, data)} 分"]
    if data.grade is not None:
        parts.append(f"等级{word(data.grade)}")
    parts += [f"{name} {value}" for name, value in conclusion_values(s, data)]
    conclusion = "，".join(parts)
    if not data.bonus_eligible:
        vetoed = "、".join(f"“{v.label}”" for v in data.vetoes if v.effect == "no_bonus")
        conclusion += f"；因一票否决{vetoed}，本期不发放绩效奖金"
    if data.overrides:
        conclusion += "；" + "、".join(field_word(o.field) for o in data.overrides) + "经人工调整（见下文）"
    return [*head, tidy(f"结论：{conclusion}。")]


def _sentence(clauses: Sequence[str]) -> str:
    out = ""
    for c in clauses:
        out += c if not out or out.endswith("：") else "，" + c
    return tidy(out if out.endswith(("。", "：")) else out + "。")


def _where(place: str | None, lines: tuple[int, int]) -> str:
    first, last = lines
    numbers = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
    if place is None:
        return f"方案{numbers}"
    if place.startswith("std:"):
        return f"标准库 {place[4:]} {numbers}"
    return f"{place} {numbers}"


def _quote(place: str | None, lines: tuple[int, int], text: str, effective: str | None) -> str:
    return f"{_where(place, lines)}「{text}」" + (f"（即 {effective}）" if effective else "")


def _quoted_above(place: str | None, lines: tuple[int, int]) -> str:
    return f"{_where(place, lines)}（见上文）"


def _section_end(key: str, shown: int, omitted: int, data: RecordData) -> list[str]:
    if key != "adjust":
        return []
    if not shown and (data.deductions or data.bonuses):  # a deduction `from` an item spilt into the total
        return [f"除上文指标中已说明的扣分外，没有其他扣分或加分；计入总分的扣分合计 {show(data.deductions)} 分，"
                f"加分合计 {show(data.bonuses)} 分。"]
    if not shown:
        return ["各项扣分、加分均为 0。"]
    lines = ["其余各项均为 0，未列出。"] if omitted else []
    lines.append(f"计入总分的扣分合计 {show(data.deductions)} 分，加分合计 {show(data.bonuses)} 分。")
    return lines


def _closing(data: RecordData) -> list[str]:
    return ["以上每一步都按方案原文计算，所用数据见“考核数据”一节；如与您掌握的记录不符，请提出以便核对。"]


def _numbered(i: int, text: str) -> str:
    return f"{i}. {text}"


def _heading(n: int, text: str) -> str:
    return f"{NUMERALS[n - 1] if n <= len(NUMERALS) else n}、{text}"


REPLY = Reply(PHRASES, SECTIONS, _title, _heading, _numbered, _sentence, lambda note: f"（{note}）", "依据：", _quote,
              _section_end, _closing, _quoted_above, "其中：")

