"""Explain output: structured trace events turned into text a person reads and JSON a tool reads.

All wording lives in a `Language` (`english.py`, `chinese.py`): one phrase function per event
kind, given the event and the scheme's IR (to look up the node the event names), returning the
sentence, the result as shown and a note; the section headings; the header and the summary line;
how a rule's location is written; and the words of the appeal reply (`Reply`). Adding a language
means adding one such table; nothing here or in the interpreter changes. This module holds what
is the same in every language: the JSON shape, the step word and subject of each event (JSON
values, not prose), the order of sections, indentation and locations.

Two levels of detail (`Detail`): the appeal reply (`reply.py`: a sentence per indicator with its
data, rule and result, the distance to the next tier, the rule's line quoted from the scheme,
deductions with their sum; written for the employee), and the full trace (`full`: every step on a
line of its own with its location, for consultants). `render(...)` gives either in any language.
"""

from __future__ import annotations

import decimal
import json
import os.path
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from .. import ir
from ..i18n import Lang, current, language
from ..numbers import evaluation_context
from ..outcome import RecordData
from ..prebuilt import dataclass
from ..source import Span
from ..trace import Ev, TraceEvent

if TYPE_CHECKING:
    from .reply import Reply

#: Reads one line of a source file (path, 1-based line number); "" when it is not known.
Lines = Callable[[str, int], str]


class Detail(StrEnum):
    """How much an explanation says: the appeal reply for the employee, or every step."""

    REPLY = "reply"
    FULL = "full"


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


def _english_location(place: str | None, line: int) -> str:
    return f"[{place}:{line}]" if place else f"[line {line}]"


@dataclass(frozen=True)
class Language:
    """Everything explain says in one language."""

    phrases: PhraseTable
    #: Section headings, by step word (the JSON `step`); the order of events decides where they go.
    sections: Mapping[str, str]
    #: The lines above the trace: scheme title, record, period, file, version.
    header: Callable[[ir.Scheme, RecordData, str], list[str]]
    #: The line below it: total, grade, withheld bonus.
    summary: Callable[[ir.Scheme, RecordData], str]
    #: Where a rule is (the file when not the scheme's own, `display_path`; the line).
    location: Callable[[str | None, int], str] = _english_location
    #: The words of the appeal reply (`reply.py`); None: the language has only the full trace.
    reply: Reply | None = None
    #: The language of the catalogue's words inside the phrases (a value's `missing` / 缺失).
    lang: Lang = Lang.EN
    #: A step's note, on the line under it: (…) / （…）.
    note: Callable[[str], str] = lambda text: f"({text})"

#: The stable step word of each event kind (the JSON `step`; sections are chosen by it).
STEPS: dict[Ev, str] = {
    Ev.INPUT: "input", Ev.INDICATOR: "indicator", Ev.VALUE: "value", Ev.VALUE_ZERO: "value", Ev.OUTCOME: "outcome",
    Ev.SKIP: "skip", Ev.SCORE_LADDER: "score", Ev.SCORE_SCALE: "score", Ev.SCORE_PROPORTIONAL: "score",
    Ev.SCORE_FORMULA: "score", Ev.SCORE_VALUE: "score", Ev.RATER: "rater", Ev.RATERS_MISSING: "rater",
    Ev.SCORE_RATERS: "score", Ev.CAP: "cap", Ev.FLOOR: "floor", Ev.DEDUCT_FROM: "deduct-from", Ev.ROUND_SCORE: "round",
    Ev.WEIGHTS: "weight", Ev.WEIGHTED: "weight", Ev.GROUP_MEAN: "group", Ev.GROUP_SUM: "group", Ev.BASE: "base",
    Ev.TOTAL: "total", Ev.TOTAL_DEFAULT: "total", Ev.TOTAL_CAP: "cap", Ev.TOTAL_FLOOR: "floor", Ev.ROUND_TOTAL: "round",
    Ev.VETO: "veto", Ev.GRADE: "grade", Ev.GRADE_VETO: "grade", Ev.EXCLUDE: "exclude", Ev.FIELD: "field",
    Ev.AGGREGATE: "aggregate", Ev.OVERRIDE: "override", Ev.ROLLUP_WHOLE: "periods", Ev.BRANCH: "detail", Ev.LOOKUP: "detail",
}

#: Events from inside a formula (a branch taken, a table row hit). The interpreter records them
#: while the formula runs, before the formula's own event; the text shows them under it.
DETAILS = frozenset({Ev.BRANCH, Ev.LOOKUP})

#: Events about the total that a section heading files under "Total".
_TOTAL_EVENTS = (Ev.TOTAL_CAP, Ev.TOTAL_FLOOR, Ev.ROUND_TOTAL)


def step_of(ev: TraceEvent, scheme: ir.Scheme) -> str:
    if ev.kind == Ev.ADJUSTMENT:
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
            owner = owner_of(ev, scheme)
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


def language_for(lang: Lang | None = None) -> Language:
    """The explain table of a language (default: the current one, `kpidsl.language`)."""
    if (lang or current()) is Lang.ZH:
        from .chinese import CHINESE

        return CHINESE
    from .english import ENGLISH

    return ENGLISH


def owner_of(ev: TraceEvent, scheme: ir.Scheme) -> str:
    """What an event is part of, for the appeal reply's sentences: consecutive events of one
    owner make one sentence (an indicator's value, score, cap and rounding; a group's weights
    and sum; the total and its rounding; a distribution's headcounts and position)."""
    if ev.kind in _TOTAL_EVENTS or ev.kind in (Ev.TOTAL, Ev.TOTAL_DEFAULT):
        return "total"
    if ev.kind in (Ev.GRADE, Ev.GRADE_VETO):
        return "grade"
    if ev.kind == Ev.OVERRIDE:
        return f"override:{ev.fact('field')}"
    if ev.node.startswith("aggregate:"):  # its text may hold a `/`: `mean(a / b within 部门)/value`
        return ev.node.removesuffix("/value").removesuffix("/where")
    if ev.kind in (Ev.ADJUSTMENT, Ev.DEDUCT_FROM) and ev.depth > 0:
        adj = scheme.node(ev.node)
        if isinstance(adj, ir.Adjustment) and adj.source is not None:
            return scheme.indicator(adj.source).id
    return ev.node.split("/")[0]


class Explainer:
    """Renders the events of one scheme in one language. `lines` reads the scheme's source (the
    appeal reply quotes the rules it applies)."""

    def __init__(self, scheme: ir.Scheme, language: Language | None = None, lines: Lines | None = None) -> None:
        self.scheme = scheme
        self.language = language if language is not None else language_for()
        self.phrases = self.language.phrases
        self.lines: Lines = lines if lines is not None else (lambda path, n: "")

    def section_of(self, ev: TraceEvent, current_section: str | None) -> str | None:
        """The heading an event is filed under in the full trace (the current one if it has none)."""
        sections = self.language.sections
        return sections["total"] if ev.kind in _TOTAL_EVENTS else sections.get(step_of(ev, self.scheme), current_section)

    def phrase(self, ev: TraceEvent) -> Phrase:
        # Phrases compute with the values (a cut, a percentage): exactly as evaluation does.
        with decimal.localcontext(evaluation_context()), language(self.language.lang):
            return self.phrases[ev.kind](ev, self.scheme)

    def reply_phrase(self, fn: Callable[[TraceEvent, ir.Scheme], Phrase | None], ev: TraceEvent) -> Phrase | None:
        """An event's clause in the appeal reply (`reply.py`), computed as `phrase` is."""
        with decimal.localcontext(evaluation_context()), language(self.language.lang):
            return fn(ev, self.scheme)

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
            new = self.section_of(ev, section)
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
        out.append(text + self.location(ev.span, main))
        for d in details:
            self._line(out, d, depth + 1, main)
        if p.note:
            out.append(f"{indent}  {self.language.note(p.note)}")

    def location(self, span: Span | None, main: str | None, prefix: str = "  ") -> str:
        """`  [line 28]` (`  [第 28 行]`), with the file when the rule is not in the scheme's own."""
        if span is None or span.line <= 0:
            return ""
        place = display_path(span.path, main) if main is not None and span.path != main else None
        return prefix + self.language.location(place, span.line)

    def document(self, data: RecordData, main: str, detail: Detail = Detail.FULL) -> str:
        """The whole explanation of one evaluated record: the appeal reply, or the full trace
        (header, every step, the summary line)."""
        with language(self.language.lang), decimal.localcontext(evaluation_context()):
            if detail is Detail.REPLY and self.language.reply is not None:
                from .reply import reply_text

                return reply_text(self, data, main)
            body = self.text(self.language.header(self.scheme, data, main), data.trace or (), main)
            return body + self.language.summary(self.scheme, data) + "\n"

    def rows(self, events: Sequence[TraceEvent], main: str) -> list[tuple[str, str, str, str]]:
        """The full trace as rows (section, step text, result, location): the workbook's
        explain sheet."""
        out = []
        section: str | None = None
        for ev in events:
            section = self.section_of(ev, section)
            p = self.phrase(ev)
            note = self.language.note(p.note) if p.note else ""
            detail = "  " * ev.depth + p.detail + ("" if not note or note.startswith("（") else " ") + note
            out.append((section or "", detail, p.result or "", self.location(ev.span, main, "").strip("[]")))
        return out

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


def render(scheme: ir.Scheme, data: RecordData, main: str, *, lang: Lang | None = None, detail: Detail = Detail.REPLY,
           lines: Lines | None = None) -> str:
    """An evaluated, traced record explained in `lang` (default: the current language) at
    `detail`: the one call an application needs ("this explanation, in language L, at detail D").
    `main` is the scheme's path (rules elsewhere are located by their file); `lines` reads source
    lines for the reply's quotes."""
    return Explainer(scheme, language_for(lang), lines).document(data, main, detail)
