"""Trace events: what each step of an evaluation did, for explain output."""

from __future__ import annotations

from dataclasses import dataclass

from .source import Span


@dataclass(frozen=True, slots=True)
class TraceEvent:
    """One step of an evaluation.

    `step` is a stable word (input, value, outcome, score, cap, floor, deduct-from, round, weight,
    group, base, deduct, bonus, total, veto, grade); `subject` is the item, input or rule it is
    about; `detail` is the formula with values substituted; `result` the value it produced.
    """

    step: str
    subject: str
    detail: str
    result: str | None = None
    note: str | None = None
    span: Span | None = None
    depth: int = 0

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"step": self.step, "subject": self.subject, "detail": self.detail}
        if self.result is not None:
            out["result"] = self.result
        if self.note is not None:
            out["note"] = self.note
        if self.span is not None:
            out["location"] = f"{self.span.path}:{self.span.line}:{self.span.col}"
            out["line"] = self.span.line
        out["depth"] = self.depth
        return out
