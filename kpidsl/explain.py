"""Explain traces: the events the evaluator emits, and their text and JSON renderings.

Every event names the rule that produced it, the source line of that rule, the values that went
in and the value that came out, so each number in an explanation can be traced to an input cell
or a line of the scheme. The text form is meant to be pasted into a reply to an appeal (申诉).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .source import Span
from .trace import TraceEvent


def display_path(path: str, main: str) -> str:
    """Where a rule from another file lives: `std:indicators/it_ops.kpi` for the stdlib (the same
    wherever kpidsl is installed), else the path relative to the scheme's folder."""
    import os.path
    from pathlib import Path

    from .resources import stdlib_dir

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


#: Section headings of the text rendering, by step; the order of events decides where they go.
SECTIONS = {
    "input": "Inputs (from the data)",
    "indicator": "Indicators",
    "weight": "Combining the scores",
    "group": "Combining the scores",
    "base": "Combining the scores",
    "deduct": "Deductions and bonuses",
    "bonus": "Deductions and bonuses",
    "total": "Total",
    "veto": "Vetoes",
    "grade": "Grade",
    "population": "Population rules (computed over everyone in the period)",
}


def _section(ev: TraceEvent, current: str | None) -> str | None:
    if ev.subject == "total" and ev.step in ("cap", "floor", "round"):
        return SECTIONS["total"]
    return SECTIONS.get(ev.step, current)


def render_text(header: Sequence[str], events: Sequence[TraceEvent], main: str | None = None) -> str:
    """The trace as indented lines a person can read, under section headings; `[line N]` points
    at the rule in the scheme file."""
    out = list(header)
    section: str | None = None
    for ev in events:
        new = _section(ev, section)
        if new != section and new is not None:
            out.append("")
            out.append(new)
            section = new
        indent = "  " * (ev.depth + 1)
        text = f"{indent}{ev.detail}"
        if ev.result is not None and not ev.detail.endswith(ev.result):
            text += f" = {ev.result}"
        text += _loc(ev.span, main)
        out.append(text)
        if ev.note:
            out.append(f"{indent}  ({ev.note})")
    return "\n".join(out) + "\n"


def render_json(events: Sequence[TraceEvent]) -> str:
    return json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2)
