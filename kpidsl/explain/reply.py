"""The appeal reply: an explanation written for the employee who disputes a score.

The same trace events as the full trace, laid out for a reader who is not a specialist: the
conclusion first; the data as the employee's sheet has it; then one sentence per indicator (its
data, the rule applied and the result, and how far the next better tier is), the combining, the
deductions and bonuses (the ones that are 0 left out, their sum said), the total, the vetoes, the
grade and the population rules, each section numbered. Under a sentence, the rule lines it
applied are quoted from the scheme (`依据：方案第 28 行「>= 95% -> 100」`), with what a template's
parameters made of them.

Consecutive events with one owner (`owner_of`) make one sentence. Each event's clause comes from
the language's reply phrases (`Reply.phrases`, which may leave an event out by returning None),
else from its full-trace phrase. Everything here is layout; the words are the language's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from .. import ir
from ..outcome import RecordData
from ..prebuilt import dataclass
from ..source import Span, display_width
from ..trace import Ev, TraceEvent
from . import Phrase, display_path, owner_of, step_of
from .common import single_aggregate, tier_points

if TYPE_CHECKING:
    from . import Explainer

#: A reply phrase: the event's clause, or None to leave the event out of the reply.
ReplyPhrase = Callable[[TraceEvent, ir.Scheme], Phrase | None]

#: The reply's sections, by the step word of the event that opens a sentence.
SECTION_OF_STEP = {
    "input": "input", "weight": "combine", "group": "combine", "base": "combine", "deduct": "adjust", "bonus": "adjust",
    "total": "total", "cap": "total", "floor": "total", "round": "total", "veto": "veto", "grade": "grade",
    "population": "population", "override": "override", "exclude": "exclude", "field": "field", "aggregate": "aggregate",
    "periods": "periods",
}

#: Events whose rule line the reply quotes (the rules a person may dispute).
QUOTED = frozenset({
    Ev.VALUE, Ev.VALUE_ZERO, Ev.OUTCOME, Ev.SCORE_LADDER, Ev.SCORE_SCALE, Ev.SCORE_PROPORTIONAL, Ev.SCORE_FORMULA,
    Ev.RATERS_MISSING, Ev.CAP, Ev.FLOOR, Ev.ADJUSTMENT, Ev.TOTAL, Ev.TOTAL_CAP, Ev.TOTAL_FLOOR, Ev.ROUND_TOTAL, Ev.VETO,
    Ev.GRADE, Ev.DIST_HEADCOUNTS, Ev.DIST_FALLBACK, Ev.COEFFICIENT, Ev.POOL, Ev.SHARES, Ev.RANK, Ev.PERCENTILE,
    Ev.NORMALISE_FIRST, Ev.FLAG, Ev.ROLLUP, Ev.ROLLUP_WHOLE, Ev.EXCLUDE, Ev.FIELD, Ev.AGGREGATE, Ev.LOOKUP,
})


@dataclass(frozen=True)
class Reply:
    """The words of one language's appeal reply."""

    #: Clauses that differ from the full trace's phrases (an event absent here uses its phrase).
    phrases: Mapping[Ev, ReplyPhrase]
    #: Section headings by section key (input, indicator, combine, adjust, total, veto, grade, population).
    sections: Mapping[str, str]
    #: The opening lines: what this is, whose, the scheme, and the conclusion.
    title: Callable[[ir.Scheme, RecordData, str], list[str]]
    #: A section heading with its number (一、考核数据 / 1. Your data).
    heading: Callable[[int, str], str]
    #: An indicator's sentence with its number.
    numbered: Callable[[int, str], str]
    #: Clauses joined into one sentence.
    sentence: Callable[[Sequence[str]], str]
    #: A note inside a clause: （…） / (…).
    aside: Callable[[str], str]
    #: The label before a sentence's quoted rules (依据：/ Rule:).
    quotes_label: str
    #: One quoted rule: (the file when not the scheme, its first and last line, its text (lines
    #: separated by newlines), what it says once a template's parameters are filled in, if that
    #: differs).
    quote: Callable[[str | None, tuple[int, int], str, str | None], str]
    #: Lines closing a section, given how many of its sentences were shown and left out (the
    #: deductions' sum).
    section_end: Callable[[str, int, int, RecordData], list[str]]
    #: The lines after everything.
    closing: Callable[[RecordData], list[str]]
    #: A rule quoted earlier in the section, named again (its file, first and last line): each
    #: indicator says its basis, without the scale it shares with the one before printed twice.
    quoted_above: Callable[[str | None, tuple[int, int]], str]
    #: The label before the fields an indicator reads, said under it (其中：/ Where: ).
    of_which: str


@dataclass
class _Sentence:
    owner: str
    section: str
    events: list[TraceEvent]
    #: For a field an indicator reads: that indicator's sentence, under which it is said.
    reader: _Sentence | None = None


def _arranged(events: Sequence[TraceEvent], scheme: ir.Scheme) -> list[tuple[TraceEvent, str]]:
    """Each event with its owner. An aggregate that a field merely shows (`field 小组平均 =
    mean(total within 小组)`) is said in that field's sentence, just before it, not on its own."""
    shown_by_field = {agg for ev in events if ev.kind == Ev.FIELD and (agg := _shown_aggregate(ev, scheme)) is not None}
    latest: dict[str, TraceEvent] = {}
    out = []
    for ev in events:
        owner = owner_of(ev, scheme)
        if ev.kind == Ev.AGGREGATE:
            latest[ev.node] = ev
            if ev.node in shown_by_field:
                continue
        elif ev.kind == Ev.FIELD and (agg := _shown_aggregate(ev, scheme)) in latest:
            out.append((latest[agg], owner))
        out.append((ev, owner))
    return out


def _shown_aggregate(ev: TraceEvent, scheme: ir.Scheme) -> str | None:
    f = scheme.node(ev.node)
    return single_aggregate(f) if isinstance(f, ir.Field) else None


def _sentences(events: Sequence[TraceEvent], scheme: ir.Scheme) -> list[_Sentence]:
    out: list[_Sentence] = []
    for ev, owner in _arranged(events, scheme):
        if out and out[-1].owner == owner:
            out[-1].events.append(ev)
            continue
        if owner.startswith(("indicator:", "field:")):
            section = owner.split(":", 1)[0]
        else:
            section = SECTION_OF_STEP.get(step_of(ev, scheme), "indicator")
        out.append(_Sentence(owner, section, [ev]))
    _place_fields(out)
    return out


#: Sections of what is scored: a field read by one of them is said just before it.
_SCORED_SECTIONS = ("indicator", "combine", "adjust", "total", "veto", "grade")


def _place_fields(sentences: list[_Sentence]) -> None:
    """A field that something scored reads (`total = 评估得分 - 出勤扣分`) goes to the section of
    the first sentence reading it, so the reply explains it where it is used (under the indicator
    that reads it, `其中：`, so the items keep their numbers); the others stay in the fields'
    section near the end."""
    for i, sentence in enumerate(sentences):
        if sentence.section != "field":
            continue
        name = sentence.owner.split(":", 1)[1]
        reader = next((later for later in sentences[i + 1 :] if later.section in _SCORED_SECTIONS
                       and any(name in ev.values() for ev in later.events)), None)
        if reader is not None:
            sentence.section = reader.section
            if reader.owner.startswith("indicator:"):
                sentence.reader = reader


def _clause(phrase: Phrase, reply: Reply) -> str:
    text = phrase.detail
    if phrase.shows_result:
        text += f" = {phrase.result}"
    if phrase.note:
        text += reply.aside(phrase.note)
    return text


_COMMENT = re.compile(r"""\s+#[^"]*$""")

#: Most lines a quote shows (a longer rule is cut after them, with `…`).
MAX_QUOTED_LINES = 6


def _clean(line: str) -> str:
    text = line.strip()
    text = _COMMENT.sub("", text) if not text.startswith("#") else ""
    return re.sub(r"\s{2,}", " ", text).strip()


def source_text(explainer: Explainer, span: Span) -> str:
    """A rule as written, line by line, without comments and with alignment spaces closed up; a
    block's opening line (`distribute ... {`) without its brace, whose body the sentence gives."""
    last = span.end_line if span.end_line >= span.line else span.line
    if last > span.line and explainer.lines(span.path, span.line).rstrip().endswith("{"):
        last = span.line
    lines = [_clean(explainer.lines(span.path, n)) for n in range(span.line, min(last, span.line + MAX_QUOTED_LINES - 1) + 1)]
    if last >= span.line + MAX_QUOTED_LINES:
        lines.append("…")
    lines = [x for x in lines if x]
    if lines:
        lines[0] = re.sub(r"\s*\{$", "", lines[0])
    return "\n".join(lines)


def _effective(ev: TraceEvent, scheme: ir.Scheme) -> str | None:
    """What a tier's line says with the template's parameters filled in (`>= 95% -> 100`), and which
    tier of a ladder written on one line gave the value."""
    if ev.kind == Ev.SCORE_LADDER:
        sc = scheme.node(ev.node)
        if isinstance(sc, ir.LadderScoring):
            tier = sc.ladder.tiers[ev.fact("tier")]
            return f"{tier.cond.text} -> {tier_points(tier)}"
    if ev.kind == Ev.LOOKUP:  # a named ladder a formula called (`投诉阶梯(value)`): the tier it gave
        row = scheme.node(ev.fact("row"))
        if isinstance(row, ir.Tier):
            return f"{row.cond.text} -> {tier_points(row)}"
    return None


def _trivial(ev: TraceEvent, explainer: Explainer) -> bool:
    """A formula that only names one value (`score 供应商管理评分`, `field 评估得分 = base_score`):
    its line says nothing to quote. (A field showing an aggregate is quoted: the line says which
    records the aggregate is over.)"""
    if ev.kind not in (Ev.VALUE, Ev.SCORE_FORMULA, Ev.TOTAL, Ev.FIELD):
        return False
    f = explainer.scheme.node(ev.node)
    if isinstance(f, ir.Field):
        return isinstance(f.formula.expr, ir.Read) and single_aggregate(f) is None
    return isinstance(f, ir.Formula) and isinstance(f.expr, ir.Read)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _quotes(explainer: Explainer, events: Sequence[TraceEvent], main: str, seen: dict[tuple[str, int], int],
            again: bool) -> list[str]:
    """The rule lines a sentence applied, each quoted once per section (`seen`: the lines quoted
    so far, with their last line). With `again` (a numbered indicator), a line quoted for an
    earlier one is named again in short (`方案第 37 行（见上文）`), so every indicator still says
    what it was scored by."""
    reply = explainer.language.reply
    assert reply is not None
    out = []
    here: set[tuple[str, int]] = set()
    for ev in events:
        span = ev.span
        if ev.kind not in QUOTED or span is None or span.line <= 0 or _trivial(ev, explainer):
            continue
        key = (span.path, span.line)
        place = display_path(span.path, main) if span.path != main else None
        if key in seen:
            if again and key not in here:
                here.add(key)
                out.append(reply.quoted_above(place, (span.line, seen[key])))
            continue
        text = source_text(explainer, span)
        if not text:
            continue
        effective = _effective(ev, explainer.scheme)
        if effective is not None and _squash(effective) == _squash(text):
            effective = None
        shown_lines = text.count("\n") + 1
        seen[key] = span.line + shown_lines - 1
        here.add(key)
        out.append(_hanging(reply.quote(place, (span.line, span.line + shown_lines - 1), text, effective),
                            text.split("\n", 1)[0]))
    return out


def _hanging(quoted: str, first_text: str) -> str:
    """A quote of several lines, its later lines aligned under the first line's text."""
    lines = quoted.split("\n")
    if len(lines) == 1:
        return quoted
    prefix = display_width(lines[0]) - display_width(first_text)
    return "\n".join([lines[0], *(" " * prefix + x for x in lines[1:])])


def _render_sentence(explainer: Explainer, sentence: _Sentence) -> str | None:
    reply = explainer.language.reply
    assert reply is not None
    clauses = []
    for ev in sentence.events:
        if ev.kind == Ev.ADJUSTMENT and ev.depth == 0 and ev.result == 0:
            continue  # a deduction or bonus of 0: the section's end says the others are 0
        own = reply.phrases.get(ev.kind)
        phrase = explainer.reply_phrase(own, ev) if own is not None else explainer.phrase(ev)
        if phrase is not None:
            clauses.append(_clause(phrase, reply))
    if not clauses:
        return None
    return clauses[0] if sentence.section == "input" else reply.sentence(clauses)  # the data: a list, not sentences


def reply_text(explainer: Explainer, data: RecordData, main: str) -> str:
    """The appeal reply for one evaluated, traced record (see the module docstring)."""
    reply = explainer.language.reply
    assert reply is not None
    scheme = explainer.scheme
    out = list(reply.title(scheme, data, main))
    by_section: dict[str, list[_Sentence]] = {}
    for sentence in _sentences(data.trace or (), scheme):
        by_section.setdefault(sentence.section, []).append(sentence)
    number = 0
    for key in reply.sections:
        body = _section(explainer, reply, key, by_section.get(key, []), data, main)
        if body:
            number += 1
            out += ["", reply.heading(number, reply.sections[key]), *body]
    closing = reply.closing(data)
    if closing:
        out += ["", *closing]
    return "\n".join(out) + "\n"


def _section(explainer: Explainer, reply: Reply, key: str, sentences: Sequence[_Sentence], data: RecordData,
             main: str) -> list[str]:
    """A section's lines (none when it has no sentence to say: an exclusion that did not apply)."""
    out: list[str] = []
    omitted = shown = item = 0
    seen: dict[tuple[str, int], int] = {}
    under: dict[int, list[_Sentence]] = {}  # the fields said under each indicator that reads them
    for sentence in sentences:
        if sentence.reader is not None:
            under.setdefault(id(sentence.reader), []).append(sentence)
    for sentence in sentences:
        if sentence.reader is not None:
            continue
        text = _render_sentence(explainer, sentence)
        if text is None:
            omitted += 1
            continue
        shown += 1
        indent = "  "
        numbered = key == "indicator" and sentence.owner.startswith("indicator:")
        if numbered:
            item += 1
            indent += " " * display_width(reply.numbered(item, ""))
            text = reply.numbered(item, text)
        out.append("  " + text)
        out += _quote_lines(explainer, reply, sentence.events, main, indent, seen, again=numbered)
        out += _fields_under(explainer, reply, under.get(id(sentence), []), main, indent, seen)
    if not sentences:
        return out
    return out + ["  " + line for line in reply.section_end(key, shown, omitted, data)]


def _fields_under(explainer: Explainer, reply: Reply, fields: Sequence[_Sentence], main: str, indent: str,
                  seen: dict[tuple[str, int], int]) -> list[str]:
    """The fields an indicator reads, each with its rules, under the indicator's own lines."""
    out: list[str] = []
    pad = " " * display_width(reply.of_which)
    for sentence in fields:
        text = _render_sentence(explainer, sentence)
        if text is None:
            continue
        out.append(indent + (reply.of_which if not out else pad) + text)
        out += _quote_lines(explainer, reply, sentence.events, main, indent + pad, seen)
    return out


def _quote_lines(explainer: Explainer, reply: Reply, events: Sequence[TraceEvent], main: str, indent: str,
                 seen: dict[tuple[str, int], int], again: bool = False) -> list[str]:
    quotes = _quotes(explainer, events, main, seen, again)
    if not quotes:
        return []
    pad = " " * display_width(reply.quotes_label)
    out = []
    for i, q in enumerate(quotes):
        first, *rest = q.split("\n")
        out.append(indent + (reply.quotes_label if i == 0 else pad) + first)
        out += [indent + pad + line for line in rest]
    return out
