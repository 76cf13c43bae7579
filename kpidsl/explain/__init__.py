"""Explain output: structured trace events turned into text a person reads and JSON a tool reads.

All wording lives in a `Language` (`english.py`): one phrase function per event kind, given the
event and the scheme's IR (to look up the node the event names), returning the sentence, the
result as shown and a note; the section headings; the header and the summary line. Adding a
language means adding one such table; nothing here or in the interpreter changes. This module
holds what is the same in every language: the JSON shape, the step word and subject of each
event (JSON values, not prose), the order of sections, indentation and `[line N]` locations.
"""

from __future__ import annotations

import decimal
import json
import os.path
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import ir
from ..numbers import evaluation_context
from ..outcome import RecordData
from ..source import Span
from ..trace import Ev, TraceEvent


@dataclass(frozen=True, slots=True)
class Phrase:
    """An event in words. The text shows ` = result` after the detail unless the detail already
    states it: `result_in_detail`, or (when None) the detail ends with ` = result`, as a formula of
    one value does (`score = 供应商管理评分 = 90`)."""

    detail: str
    result: str | None = None
    note: str | None = None
    result_in_detail: bool | None = None

    @property
    def shows_result(self) -> bool:
        if self.result is None:
            return False
        if self.result_in_detail is not None:
            return not self.result_in_detail
        return not self.detail.endswith(f" = {self.result}")


#: A phrase for each kind of event.
PhraseTable = Mapping[Ev, Callable[[TraceEvent, ir.Scheme], Phrase]]


@dataclass(frozen=True)
class Language:
    """Everything explain says in one language."""

    phrases: PhraseTable
    #: Section headings, by step word (the JSON `step`); the order of events decides where they go.
    sections: Mapping[str, str]
    #: The lines above the trace: scheme title, record, period, file, version.
    header: Callable[[ir.Scheme, RecordData, str], list[str]]
    #: The line below it: total, grade, withheld bonus.
    summary: Callable[[RecordData], str]

#: The stable step word of each event kind (the JSON `step`; sections are chosen by it).
STEPS: dict[Ev, str] = {
    Ev.INPUT: "input", Ev.INDICATOR: "indicator", Ev.VALUE: "value", Ev.VALUE_ZERO: "value", Ev.OUTCOME: "outcome",
    Ev.SKIP: "skip", Ev.SCORE_LADDER: "score", Ev.SCORE_SCALE: "score", Ev.SCORE_PROPORTIONAL: "score",
    Ev.SCORE_FORMULA: "score", Ev.SCORE_VALUE: "score", Ev.RATER: "rater", Ev.RATERS_MISSING: "rater",
    Ev.SCORE_RATERS: "score", Ev.CAP: "cap", Ev.FLOOR: "floor", Ev.DEDUCT_FROM: "deduct-from", Ev.ROUND_SCORE: "round",
    Ev.WEIGHTS: "weight", Ev.WEIGHTED: "weight", Ev.GROUP_MEAN: "group", Ev.GROUP_SUM: "group", Ev.BASE: "base",
    Ev.TOTAL: "total", Ev.TOTAL_DEFAULT: "total", Ev.TOTAL_CAP: "cap", Ev.TOTAL_FLOOR: "floor", Ev.ROUND_TOTAL: "round",
    Ev.VETO: "veto", Ev.GRADE: "grade", Ev.GRADE_VETO: "grade", Ev.EXCLUDE: "exclude", Ev.FIELD: "field",
    Ev.AGGREGATE: "aggregate", Ev.OVERRIDE: "override", Ev.BRANCH: "detail", Ev.LOOKUP: "detail",
}

#: Events from inside a formula (a branch taken, a table row hit). The interpreter records them
#: while the formula runs, before the formula's own event; the text shows them under it.
DETAILS = frozenset({Ev.BRANCH, Ev.LOOKUP})

#: Events about the total that a section heading files under "Total".
_TOTAL_EVENTS = (Ev.TOTAL_CAP, Ev.TOTAL_FLOOR, Ev.ROUND_TOTAL)


def step_of(ev: TraceEvent, scheme: ir.Scheme) -> str:
    if ev.kind is Ev.ADJUSTMENT:
        node = scheme.node(ev.node)
        assert isinstance(node, ir.Adjustment)
        return node.kind.value
    return STEPS.get(ev.kind, "population")


def subject_of(ev: TraceEvent, scheme: ir.Scheme) -> str:
    """What the event is about: an input, an item, a rater, a label, `total`, `grade`, ..."""
    node = scheme.node(ev.node)
    match ev.kind:
        case Ev.RATER:
            assert isinstance(node, ir.Rater)
            return node.role
        case Ev.WEIGHTED:
            return str(ev.fact("member"))
        case Ev.WEIGHTS | Ev.GROUP_MEAN | Ev.GROUP_SUM:
            assert isinstance(node, ir.Group)
            return node.name or "base score"
        case Ev.BASE:
            return "base score"
        case Ev.DEDUCT_FROM:
            assert isinstance(node, ir.Adjustment)
            return node.source or ""
        case Ev.TOTAL | Ev.TOTAL_DEFAULT | Ev.TOTAL_CAP | Ev.TOTAL_FLOOR | Ev.ROUND_TOTAL:
            return "total"
        case Ev.GRADE | Ev.GRADE_VETO:
            return "grade"
        case Ev.BRANCH | Ev.LOOKUP:
            owner = ev.node.split("/")[0]
            return owner.split(":", 1)[1] if ":" in owner else owner
        case Ev.EXCLUDE:
            assert isinstance(node, ir.Exclusion)
            return node.reason
        case Ev.FIELD:
            assert isinstance(node, ir.Field)
            return node.name
        case Ev.AGGREGATE:
            assert isinstance(node, ir.Aggregate)
            return node.text
        case Ev.OVERRIDE:
            return str(ev.fact("field"))
    if step_of(ev, scheme) == "population":
        return "population"
    if isinstance(node, (ir.Input, ir.Adjustment, ir.Veto)):
        return node.name if isinstance(node, ir.Input) else node.label
    return ev.node.split("/")[0].split(":", 1)[1]  # indicator:NAME/...


class Explainer:
    """Renders the events of one scheme in one language."""

    def __init__(self, scheme: ir.Scheme, language: Language | None = None) -> None:
        from .english import ENGLISH

        self.scheme = scheme
        self.language = language if language is not None else ENGLISH
        self.phrases = self.language.phrases

    def phrase(self, ev: TraceEvent) -> Phrase:
        # Phrases compute with the values (a cut, a percentage): exactly as evaluation does.
        with decimal.localcontext(evaluation_context()):
            return self.phrases[ev.kind](ev, self.scheme)

    def to_dict(self, ev: TraceEvent) -> dict[str, object]:
        """The JSON form of an event (`kpi explain --format json`, `RecordResult.trace`)."""
        p = self.phrase(ev)
        out: dict[str, object] = {"step": step_of(ev, self.scheme), "subject": subject_of(ev, self.scheme), "detail": p.detail}
        if p.result is not None:
            out["result"] = p.result
        if p.note is not None:
            out["note"] = p.note
        if ev.span is not None:
            out["location"] = f"{ev.span.path}:{ev.span.line}:{ev.span.col}"
            out["line"] = ev.span.line
        out["depth"] = ev.depth
        return out

    def text(self, header: Sequence[str], events: Sequence[TraceEvent], main: str | None = None) -> str:
        """The trace as indented lines under section headings; `[line N]` points at the rule."""
        out = list(header)
        section: str | None = None
        details: list[TraceEvent] = []
        for ev in events:
            if ev.kind in DETAILS:
                details.append(ev)
                continue
            step = step_of(ev, self.scheme)
            sections = self.language.sections
            new = sections["total"] if ev.kind in _TOTAL_EVENTS else sections.get(step, section)
            if new != section and new is not None:
                out += ["", new]
                section = new
            self._line(out, ev, ev.depth, main, details)
            details.clear()
        return "\n".join(out) + "\n"

    def _line(self, out: list[str], ev: TraceEvent, depth: int, main: str | None, details: Sequence[TraceEvent] = ()) -> None:
        """One event's line; the branches and table rows inside its formula go right under it,
        before its note, which is about the result (`rounded half-up ... from 83.765`)."""
        p = self.phrase(ev)
        indent = "  " * (depth + 1)
        text = f"{indent}{p.detail}"
        if p.shows_result:
            text += f" = {p.result}"
        out.append(text + _loc(ev.span, main))
        for d in details:
            self._line(out, d, depth + 1, main)
        if p.note:
            out.append(f"{indent}  ({p.note})")

    def document(self, data: RecordData, main: str) -> str:
        """The whole explanation of one evaluated record: header, the trace, the summary."""
        body = self.text(self.language.header(self.scheme, data, main), data.trace or (), main)
        return body + self.language.summary(data) + "\n"

    def json(self, events: Sequence[TraceEvent]) -> str:
        return json.dumps([self.to_dict(e) for e in events], ensure_ascii=False, indent=2)


def display_path(path: str, main: str) -> str:
    """Where a rule from another file lives: `std:indicators/it_ops.kpi` for the stdlib (the same
    wherever kpidsl is installed), else the path relative to the scheme's folder."""
    from ..resources import stdlib_dir

    try:
        return "std:" + Path(path).resolve().relative_to(stdlib_dir().resolve()).as_posix()
    except ValueError:
        pass
    try:
        return os.path.relpath(path, os.path.dirname(main) or ".")
    except ValueError:
        return path


def _loc(span: Span | None, main: str | None) -> str:
    if span is None or span.line <= 0:
        return ""
    if main is not None and span.path != main:
        return f"  [{display_path(span.path, main)}:{span.line}]"
    return f"  [line {span.line}]"
